// Bulk import of reports (issue 10), for coordinators: download a template, choose a file, see what
// importing it would do row by row (each problem on its row and column, worded in the reader's language
// from its code), choose whether existing reports may be replaced, import all rows or none, and follow the
// links to the dashboard of the years imported. The file goes to /import/… as it is (importApi.ts).
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TFunction } from 'i18next';
import { IMPORT_MAX_ROWS, importUploadInput, type ImportPreview, type ImportResult, type ImportRowPreview } from '@lpt/shared/imports';
import type { CodedIssue } from '@lpt/shared/messages';
import { codedResolver } from '../../lib/codedResolver.ts';
import { formatCount, formatDateTime } from '../../lib/format.ts';
import { messageText } from '../../lib/messages.ts';
import { usePageTitle } from '../../lib/usePageTitle.ts';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { FormField } from '../../ui/FormField.tsx';
import { importFile, ImportRefused, previewImportFile } from './importApi.ts';
import './imports.css';

interface UploadValues {
  file: FileList | null;
  replace: boolean;
}

/** The form's file checked by the shared schema (its name, its size against the limit). */
const uploadResolver = (() => {
  const coded = codedResolver<{ fileName: string; size: number; replace: boolean }>(importUploadInput);
  return async (values: UploadValues, context: unknown, options: never) => {
    const file = values.file?.[0];
    const result = await coded({ fileName: file?.name ?? '', size: file?.size ?? 0, replace: values.replace }, context, options);
    const errors = result.errors as Record<string, unknown>;
    const fileError = errors.fileName ?? errors.size;
    if (fileError) return { values: {}, errors: { file: fileError } };
    return { values: { file: values.file, replace: values.replace }, errors: {} };
  };
})();

function errorText(t: TFunction, error: unknown): string {
  if (error instanceof ImportRefused) {
    if (error.code === 'NETWORK') return t('common:apiError.network');
    if (error.status === 413) return messageText(t, 'import_file_too_large');
    const first = error.issues.find((i) => i.field === '_' && i.code !== 'invalid');
    if (first) return messageText(t, first.code, first.params);
    return t(`imports:error.${error.status === 401 || error.status === 403 ? 'forbidden' : 'other'}`);
  }
  return t('imports:error.other');
}

export default function ImportPage() {
  const { t, i18n } = useTranslation(['imports', 'validation', 'common']);
  usePageTitle(t('imports:title'));
  const [preview, setPreview] = useState<{ file: File; replace: boolean; answer: ImportPreview } | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const form = useForm<UploadValues>({ resolver: uploadResolver as never, defaultValues: { file: null, replace: false } });
  const previewing = useMutation({ mutationFn: (v: { file: File; replace: boolean }) => previewImportFile(v.file, v.replace) });
  const importing = useMutation({ mutationFn: (v: { file: File; replace: boolean }) => importFile(v.file, v.replace) });

  const onPreview = form.handleSubmit(async (values) => {
    const file = values.file![0]!;
    setResult(null);
    setPreview(null);
    importing.reset();
    try {
      setPreview({ file, replace: values.replace, answer: await previewing.mutateAsync({ file, replace: values.replace }) });
    } catch {
      // Shown from previewing.error.
    }
  });

  const onImport = async () => {
    if (!preview) return;
    try {
      setResult(await importing.mutateAsync({ file: preview.file, replace: preview.replace }));
      setPreview(null);
      form.reset({ file: null, replace: false });
    } catch {
      // Shown from importing.error.
    }
  };

  const lang = encodeURIComponent(i18n.language);
  return (
    <div className="import-page">
      <header className="page-header">
        <h1>{t('imports:title')}</h1>
        <p>{t('imports:intro')}</p>
      </header>

      <section className="card" aria-labelledby="import-templates">
        <h2 id="import-templates">{t('imports:templates.title')}</h2>
        <p>{t('imports:templates.intro')}</p>
        <ul className="import-downloads">
          <li>
            <a className="button button--primary" href={`/import/template.xlsx?lang=${lang}`} download>
              {t('imports:templates.xlsx')}
            </a>
          </li>
          <li>
            <a className="button" href={`/import/template.csv?lang=${lang}`} download>
              {t('imports:templates.csv')}
            </a>
          </li>
        </ul>
        <ul className="import-rules">
          <li>{t('imports:rules.rows')}</li>
          <li>{t('imports:rules.numbers')}</li>
          <li>{t('imports:rules.complete')}</li>
          <li>{t('imports:rules.limits', { rows: formatCount(IMPORT_MAX_ROWS) })}</li>
        </ul>
      </section>

      <section className="card" aria-labelledby="import-file">
        <h2 id="import-file">{t('imports:file.title')}</h2>
        <form className="form" onSubmit={onPreview} noValidate>
          <FormField id="import-file-input" label={t('imports:file.label')} hint={t('imports:file.hint')} error={form.formState.errors.file as never}>
            <input type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {...form.register('file')} />
          </FormField>
          <div className="field field--checkbox">
            <input id="import-replace" type="checkbox" aria-describedby="import-replace-hint" {...form.register('replace')} />
            <label htmlFor="import-replace">{t('imports:file.replace')}</label>
            <p id="import-replace-hint" className="field__hint">
              {t('imports:file.replaceHint')}
            </p>
          </div>
          <button type="submit" className="button button--primary" disabled={previewing.isPending}>
            {previewing.isPending ? t('imports:file.previewing') : t('imports:file.preview')}
          </button>
        </form>
        {previewing.isError ? (
          <p className="alert alert--error" role="alert">
            {errorText(t, previewing.error)}
          </p>
        ) : null}
      </section>

      {preview ? (
        <PreviewSection
          preview={preview.answer}
          replace={preview.replace}
          onImport={onImport}
          importing={importing.isPending}
          importError={importing.isError ? importing.error : null}
        />
      ) : null}

      <div role="status" aria-live="polite">
        {result ? <ResultSection result={result} /> : null}
      </div>
    </div>
  );
}

/** Problems, each with its column; with `withRows`, each with its row too (a refused import lists them all at once). */
function IssueList({ issues, withRows = false }: { issues: CodedIssue[]; withRows?: boolean }) {
  const { t } = useTranslation(['imports', 'validation']);
  return (
    <ul className="import-issues">
      {issues.map((issue, i) => (
        <li key={i}>
          {withRows && typeof issue.params.row === 'number' ? `${t('imports:preview.row', { row: issue.params.row })} · ` : null}
          {issue.field === '_' ? null : (
            <>
              <code>{issue.field}</code>:{' '}
            </>
          )}
          {messageText(t, issue.code, issue.params)}
        </li>
      ))}
    </ul>
  );
}

function PreviewRow({ row }: { row: ImportRowPreview }) {
  const { t } = useTranslation(['imports']);
  return (
    <li className={`import-row import-row--${row.outcome}`}>
      <p className="import-row__head">
        <span className="import-row__number">{t('imports:preview.row', { row: row.row })}</span>{' '}
        <strong>{row.organization?.name ?? t('imports:preview.noOrganization')}</strong>
        {row.year != null ? <span> · {row.year}</span> : null}
        <span className={`badge import-outcome--${row.outcome}`}>{t(`imports:outcome.${row.outcome}`)}</span>
      </p>
      {row.issues.length > 0 ? <IssueList issues={row.issues} /> : null}
    </li>
  );
}

function PreviewSection({
  preview,
  replace,
  onImport,
  importing,
  importError,
}: {
  preview: ImportPreview;
  replace: boolean;
  onImport: () => void;
  importing: boolean;
  importError: unknown;
}) {
  const { t } = useTranslation(['imports', 'common']);
  const count = (outcome: ImportRowPreview['outcome']) => preview.rows.filter((r) => r.outcome === outcome).length;
  const refused = count('refused');
  const replacing = replace ? count('replace') : 0;
  // Replacing existing reports asks first, with how many (each becomes an approved correction).
  const [asking, setAsking] = useState(false);
  return (
    <section className="card" aria-labelledby="import-preview">
      <h2 id="import-preview">{t('imports:preview.title', { file: preview.fileName })}</h2>
      <p>
        {t('imports:preview.summary', {
          count: preview.rows.length,
          create: formatCount(count('create')),
          replace: formatCount(count('replace')),
          unchanged: formatCount(count('unchanged')),
          refused: formatCount(refused),
        })}
      </p>
      {preview.previousImport ? (
        <p className="alert">
          {t('imports:preview.alreadyImported', { date: formatDateTime(preview.previousImport.importedAt), name: preview.previousImport.importedBy })}
        </p>
      ) : null}
      {preview.fileIssues.length > 0 ? (
        <div className="alert alert--error">
          <p>{t('imports:preview.fileIssues')}</p>
          <IssueList issues={preview.fileIssues} />
        </div>
      ) : null}
      {preview.rows.length > 0 ? (
        <ol className="import-rows" aria-label={t('imports:preview.rowsLabel')}>
          {preview.rows.map((row) => (
            <PreviewRow key={row.row} row={row} />
          ))}
        </ol>
      ) : null}
      {preview.importable ? (
        <>
          <p>{replace ? t('imports:preview.readyReplacing') : t('imports:preview.ready')}</p>
          <button type="button" className="button button--primary" onClick={() => (replacing > 0 ? setAsking(true) : onImport())} disabled={importing}>
            {importing ? t('imports:preview.importing') : t('imports:preview.import', { count: preview.rows.length })}
          </button>
          <ConfirmDialog
            open={asking}
            title={t('imports:preview.confirmTitle', { count: replacing })}
            confirmLabel={t('imports:preview.import', { count: preview.rows.length })}
            cancelLabel={t('imports:preview.cancel')}
            onConfirm={() => {
              setAsking(false);
              onImport();
            }}
            onCancel={() => setAsking(false)}
          >
            <p>{t('imports:preview.confirmText', { count: replacing, create: formatCount(count('create')) })}</p>
          </ConfirmDialog>
        </>
      ) : (
        <p className="alert alert--error">{t('imports:preview.notImportable', { count: refused })}</p>
      )}
      {importError ? (
        <div className="alert alert--error" role="alert">
          <p>{errorText(t, importError)}</p>
          {importError instanceof ImportRefused && importError.issues.length > 0 ? <IssueList issues={importError.issues} withRows /> : null}
        </div>
      ) : null}
    </section>
  );
}

function ResultSection({ result }: { result: ImportResult }) {
  const { t } = useTranslation(['imports']);
  return (
    <section className="card" aria-labelledby="import-result">
      <h2 id="import-result">{result.imported ? t('imports:result.title') : t('imports:result.alreadyTitle')}</h2>
      <p>
        {result.imported
          ? t('imports:result.summary', {
              file: result.fileName,
              created: formatCount(result.created),
              replaced: formatCount(result.replaced),
              unchanged: formatCount(result.unchanged),
            })
          : t('imports:result.already', { file: result.fileName })}
      </p>
      {result.years.length > 0 ? (
        <ul className="import-links">
          {result.years.map((year) => (
            <li key={year}>
              <Link to={`/?year=${year}`}>{t('imports:result.dashboard', { year })}</Link>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

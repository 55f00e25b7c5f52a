// The permanent page of a release (/releases/<year>/<n>, issue 20): how to cite it, what it contains (its
// headline figures as published, for the reader's audience) and its files (one Excel workbook, a
// Frictionless data package). A release never changes, so this page keeps its figures after a newer
// release, and says which release supersedes it.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { bibtexOf, cslJsonOf, dataLicence, releaseFilePath, releasePath, risOf, type Citation } from '@lpt/shared/citation';
import type { ReleaseFigures } from '@lpt/shared/metrics';
import { PageLoading } from '../../ui/PageLoading.tsx';
import { formatCount, formatDateLong, formatShare, formatUsd } from '../../lib/format.ts';
import { withheldTextOf } from '../../lib/labels.ts';
import { errorMessageOf, useTRPC } from '../../lib/trpc.ts';
import { usePageTitle } from '../../lib/usePageTitle.ts';
import './corrections.css';

export default function ReleasePage() {
  const { t } = useTranslation('corrections');
  const params = useParams();
  const year = Number(params.year);
  const number = Number(params.number);
  usePageTitle(t('common:release.title', { year, number }));
  const trpc = useTRPC();
  const valid = Number.isInteger(year) && Number.isInteger(number) && number > 0;
  const release = useQuery({ ...trpc.metrics.release.queryOptions({ year, number }), enabled: valid, retry: false });

  return (
    <div className="page release-page">
      <header className="page-header">
        <div>
          <h1>{t('common:release.title', { year, number })}</h1>
          <p>{t('corrections:releasePage.intro')}</p>
        </div>
      </header>
      {!valid || release.error ? (
        <p className="alert alert--error" role="alert">
          {valid && release.error && release.error.data?.code !== 'NOT_FOUND'
            ? t('corrections:releasePage.loadError', { reason: errorMessageOf(release.error, t) })
            : t('corrections:releasePage.notFound', { year: params.year, number: params.number })}
        </p>
      ) : release.isPending ? (
        <PageLoading label={t('corrections:releasePage.loading')} />
      ) : (
        <ReleaseContents figures={release.data} />
      )}
    </div>
  );
}

function ReleaseContents({ figures }: { figures: ReleaseFigures }) {
  const { t, i18n } = useTranslation('corrections');
  const { release, summary } = figures;
  const lang = encodeURIComponent(i18n.language);
  const file = (name: string) => `${releaseFilePath(release.year, release.number, name)}?lang=${lang}`;
  const published = formatDateLong(release.publishedAt);
  const superseded = figures.latestNumber > release.number;
  const citation: Citation = {
    author: t('common:citation.author'),
    title: t('common:citation.title', { year: release.year, number: release.number }),
    year: release.year,
    number: release.number,
    publishedAt: release.publishedAt,
    url: `${window.location.origin}${releasePath(release.year, release.number)}`,
    accessed: new Date().toISOString().slice(0, 10),
  };
  const citationText = t('common:citation.text', {
    author: citation.author,
    title: citation.title,
    year: release.publishedAt.slice(0, 4),
    date: published,
    url: citation.url,
  });

  return (
    <>
      <p className={superseded ? 'alert alert--warning' : 'muted'} role="status">
        {release.trigger === 'cycle_closed' ? t('common:release.publishedOnClose', { date: published }) : t('common:release.published', { date: published })}
        {' · '}
        {superseded ? (
          <>
            {t('corrections:releasePage.superseded', { year: release.year, latest: figures.latestNumber, number: release.number })}{' '}
            <Link to={releasePath(release.year, figures.latestNumber)}>{t('corrections:releasePage.latestLink', { number: figures.latestNumber })}</Link>
          </>
        ) : (
          t('corrections:releasePage.latest', { year: release.year })
        )}
      </p>

      <section className="card" aria-labelledby="cite-title">
        <h2 id="cite-title">{t('corrections:releasePage.citeTitle')}</h2>
        <CopyableText label={t('corrections:releasePage.citeTitle')} text={citationText} className="release-page__citation" />
        <details className="release-page__formats">
          <summary>{t('corrections:releasePage.formats')}</summary>
          <h3>BibTeX</h3>
          <CopyableText label="BibTeX" text={bibtexOf(citation)} pre />
          <h3>RIS</h3>
          <CopyableText label="RIS" text={risOf(citation)} pre />
          <h3>CSL-JSON</h3>
          <CopyableText label="CSL-JSON" text={JSON.stringify([cslJsonOf(citation)], null, 2)} pre />
        </details>
      </section>

      <section className="card" aria-labelledby="contents-title">
        <h2 id="contents-title">{t('corrections:releasePage.contentsTitle')}</h2>
        <p>{t(`corrections:releasePage.audience.${figures.viewer}`)}</p>
        {summary.suppressed ? (
          <p>{withheldTextOf(t, summary)}</p>
        ) : (
          <dl className="release-page__figures">
            <div>
              <dt>{t('corrections:releasePage.reporting')}</dt>
              <dd>{formatCount(summary.organizationsReporting)}</dd>
            </div>
            <div>
              <dt>{t('corrections:releasePage.weightedShare')}</dt>
              <dd>{formatShare(summary.funding.weightedShare)}</dd>
            </div>
            <div>
              <dt>{t('corrections:releasePage.inScope')}</dt>
              <dd>{formatUsd(summary.funding.inScopeExpenditureUsd)}</dd>
            </div>
          </dl>
        )}
        <p>{figures.organizations ? t('corrections:releasePage.tablesDonor') : t('corrections:releasePage.tables')}</p>
        <p>
          <Link to={`/corrections?year=${release.year}`}>{t('corrections:releasePage.changesLink', { year: release.year })}</Link>
        </p>
      </section>

      <section className="card" aria-labelledby="downloads-title">
        <h2 id="downloads-title">{t('corrections:releasePage.downloadsTitle')}</h2>
        <ul className="release-page__downloads">
          <li>
            <a href={file('workbook.xlsx')} download>
              {t('corrections:releasePage.workbook')}
            </a>
          </li>
          <li>
            <a href={file('datapackage.zip')} download>
              {t('corrections:releasePage.package')}
            </a>
          </li>
          <li>
            <a href={file('datapackage.json')}>{t('corrections:releasePage.packageJson')}</a>
          </li>
        </ul>
        <p className="muted small">
          {t('corrections:releasePage.licence')} <a href={dataLicence.path}>{dataLicence.title}</a>
        </p>
      </section>
    </>
  );
}

/** A text to copy: shown as it is, with a button that puts it on the clipboard (or selects it if refused). */
function CopyableText({ label, text, pre = false, className }: { label: string; text: string; pre?: boolean; className?: string }) {
  const { t } = useTranslation('corrections');
  const [copied, setCopied] = useState(false);
  const id = `copy-${label.replace(/\W+/g, '-').toLowerCase()}`;
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      const range = document.createRange();
      range.selectNodeContents(document.getElementById(id)!);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
    }
  }
  return (
    <div className="release-page__copyable">
      {pre ? (
        <pre id={id} className={className}>
          {text}
        </pre>
      ) : (
        <p id={id} className={className}>
          {text}
        </p>
      )}
      <button type="button" className="button" onClick={() => void copy()} aria-describedby={id}>
        {t('corrections:releasePage.copy', { what: label })}
      </button>
      <span role="status" className="muted small">
        {copied ? t('corrections:releasePage.copied') : ''}
      </span>
    </div>
  );
}

// Releases: what donors and the public read of a year. A coordinator previews the next release (what it
// would change, the cells it withholds from each viewer and any exposure that holds it back), publishes
// it, and looks back at the year's published releases and the cells each withheld. Approved reports the
// next release leaves out for now (their arrival would move a figure already read by their own figures)
// are listed with why and what would release them.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { SUPPRESSION_THRESHOLD, viewers, type Viewer } from '@lpt/shared/enums';
import { changesNothing, type Release, type ReleasePreview, type RowWithheld } from '@lpt/shared/releases';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { QueryStatus } from '../../ui/QueryStatus.tsx';
import { ReleaseChanges } from '../../ui/ReleaseChanges.tsx';
import { ReleaseHeader } from '../../ui/ReleaseHeader.tsx';
import { YearSelect } from '../../ui/YearSelect.tsx';
import { formatCount, formatList } from '../../lib/format.ts';
import { cellLabel, moneyFigureLabel, viewerLabel } from '../../lib/labels.ts';
import { errorMessageOf, useTRPC } from '../../lib/trpc.ts';
import { usePageTitle } from '../../lib/usePageTitle.ts';
import { FormStatus } from '../../ui/FormField.tsx';
import { WithheldCellsTable } from './components/WithheldCellsTable.tsx';
import './admin.css';

const withheldCaption = (t: TFunction, viewer: Viewer) =>
  viewer === 'public' ? t('admin:releases.withheldFromPublic') : t('admin:releases.withheldFromDonors');

/** A release in which every new report waits would change nothing: the server refuses it. */
const everyNewReportWaits = (p: ReleasePreview) =>
  p.waiting.length > 0 && p.changes.organizationsAdded.length + p.changes.organizationsChanged.length + p.changes.organizationsRemoved.length === 0;

/** A release identical to the year's last one is not offered (the server refuses it too). */
const repeatsTheLast = (p: ReleasePreview) => p.number > 1 && changesNothing(p.changes);

export default function ReleasesPage() {
  const { t } = useTranslation(['admin', 'validation']);
  usePageTitle(t('admin:releases.title'));
  const trpc = useTRPC();
  const cycles = useQuery(trpc.cycles.list.queryOptions());
  const years = (cycles.data ?? []).map((c) => c.year).sort((a, b) => b - a);
  const [chosen, setChosen] = useState<number | null>(null);
  const year = chosen !== null && years.includes(chosen) ? chosen : years[0];
  const [message, setMessage] = useState<string | null>(null);

  return (
    <div className="admin-page releases-page">
      <header className="page-header">
        <div>
          <h1>{t('admin:releases.title')}</h1>
          <p>{t('admin:releases.intro')}</p>
        </div>
      </header>
      <FormStatus message={message} />
      <QueryStatus query={cycles} empty={years.length === 0} emptyText={t('admin:releases.noCycle')} />
      {year !== undefined ? (
        <>
          <YearSelect
            id="release-year"
            years={years}
            value={year}
            onChange={(y) => {
              setMessage(null);
              if (y !== null) setChosen(y);
            }}
          />
          <NextRelease key={year} year={year} onPublished={setMessage} />
          <PublishedReleases year={year} />
        </>
      ) : null}
    </div>
  );
}

function NextRelease({ year, onPublished }: { year: number; onPublished: (message: string) => void }) {
  const { t } = useTranslation('admin');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const preview = useQuery(trpc.releases.preview.queryOptions({ year }));
  const publish = useMutation(trpc.releases.publish.mutationOptions());
  const p = preview.data;

  const [confirming, setConfirming] = useState(false);
  const nothingId = useId();

  function publishNow() {
    setConfirming(false);
    publish.mutate(
      { year },
      {
        onSuccess: async (release) => {
          // Every metrics answer may now come from the new release, the list has it, and the preview moves on.
          await Promise.all([
            queryClient.invalidateQueries({ queryKey: trpc.metrics.pathKey() }),
            queryClient.invalidateQueries({ queryKey: trpc.releases.pathKey() }),
          ]);
          onPublished(t('admin:releases.published', { number: release.number, year: release.year }));
        },
      },
    );
  }

  return (
    <section className="card" aria-labelledby="next-release-title" aria-busy={preview.isFetching}>
      <h2 id="next-release-title">
        {p ? t('admin:releases.nextNumber', { number: p.number, year }) : t('admin:releases.next', { year })}
      </h2>
      <QueryStatus query={preview} />
      {p ? (
        <>
          <p className="muted small">
            {t('common:release.reporting', { count: p.organizationsReporting, number: formatCount(p.organizationsReporting) })}{' '}
            {t('admin:releases.planned', { ms: formatCount(p.planningMs) })}
          </p>
          {p.exposures.length > 0 ? (
            <div className="alert alert--error" role="alert">
              <p>{t('admin:releases.exposed')}</p>
              <ul>
                {p.exposures.map((e, i) => (
                  <li key={i}>
                    {viewerLabel(t, e.viewer)}:{' '}
                    {t(`admin:releases.exposure.${e.how}_${e.what}`, {
                      cell: cellLabel(t, e),
                      release: e.release === p.number ? t('admin:releases.thisRelease') : t('admin:releases.releaseNumber', { number: e.release }),
                    })}
                    {e.figures ? ` (${formatList(e.figures.map((f) => moneyFigureLabel(t, f)))})` : ''}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {p.waiting.length > 0 ? (
            <>
              <h3>{t('admin:releases.waitingTitle')}</h3>
              <p>{t('admin:releases.waitingIntro', { year, count: SUPPRESSION_THRESHOLD })}</p>
              <ul className="release-waiting">
                {p.waiting.map((w) => (
                  <li key={w.organizationId}>
                    {t('admin:releases.waitingReason', { name: w.name, cell: cellLabel(t, w), count: w.organizationsMoving })}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <h3>{t('admin:releases.wouldChange')}</h3>
          <ReleaseChanges changes={p.changes} />
          <h3>{t('admin:releases.wouldWithhold')}</h3>
          {viewers.map((viewer) => (
            <WithheldCellsTable key={viewer} caption={withheldCaption(t, viewer)} cells={p.withheld[viewer] ?? []} />
          ))}
          <RowsWithheldFromDonors rows={p.rowsWithheldFromDonors} />
          {publish.error ? (
            <p className="alert alert--error" role="alert">
              {t('admin:releases.notPublished', { reason: errorMessageOf(publish.error, t) })}
            </p>
          ) : null}
          {/* A release the waiting reports leave unchanged is explained by their list above. */}
          {repeatsTheLast(p) && p.waiting.length === 0 ? (
            <p id={nothingId} className="muted">
              {t('admin:releases.nothingToPublish', { number: p.number - 1, year })}
            </p>
          ) : null}
          <div className="form__actions">
            <button
              type="button"
              className="button button--primary"
              disabled={publish.isPending || preview.isFetching || p.exposures.length > 0 || everyNewReportWaits(p) || repeatsTheLast(p)}
              aria-describedby={repeatsTheLast(p) && p.waiting.length === 0 ? nothingId : undefined}
              onClick={() => setConfirming(true)}
            >
              {publish.isPending ? t('admin:releases.publishing') : t('admin:releases.publish', { number: p.number })}
            </button>
          </div>
          <ConfirmDialog
            open={confirming}
            title={t('admin:releases.confirmTitle', { number: p.number, year })}
            confirmLabel={t('admin:releases.publish', { number: p.number })}
            cancelLabel={t('admin:cancel')}
            onConfirm={publishNow}
            onCancel={() => setConfirming(false)}
          >
            <p>{t('admin:releases.confirm', { number: p.number, year })}</p>
            <p>
              {t('admin:releases.confirmChanges', {
                added: formatCount(p.changes.organizationsAdded.length),
                changed: formatCount(p.changes.organizationsChanged.length),
                removed: formatCount(p.changes.organizationsRemoved.length),
              })}
            </p>
          </ConfirmDialog>
        </>
      ) : null}
    </section>
  );
}

function PublishedReleases({ year }: { year: number }) {
  const { t } = useTranslation('admin');
  const trpc = useTRPC();
  const releases = useQuery(trpc.releases.list.queryOptions({ year }));
  const list = releases.data?.releases ?? [];
  return (
    <section className="card" aria-labelledby="published-releases-title">
      <h2 id="published-releases-title">{t('admin:releases.publishedOf', { year })}</h2>
      <QueryStatus query={releases} empty={list.length === 0} emptyText={t('admin:releases.none', { year })} />
      {list.length > 0 ? (
        <ol className="release-list">
          {list.map((r) => (
            <PublishedRelease key={r.id} release={r} />
          ))}
        </ol>
      ) : null}
    </section>
  );
}

function PublishedRelease({ release }: { release: Release }) {
  const { t } = useTranslation('admin');
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <li className="release-list__item">
      <ReleaseHeader release={release} withTime />
      <ReleaseChanges changes={release.changes} />
      <button type="button" className="button button--small" aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)}>
        {open ? t('admin:releases.hideWithheld') : t('admin:releases.showWithheld')}
        <span className="visually-hidden"> {t('admin:releases.ofRelease', { number: release.number })}</span>
      </button>
      <div id={id} hidden={!open}>
        {open ? viewers.map((viewer) => <ReleaseWithheld key={viewer} releaseId={release.id} viewer={viewer} />) : null}
      </div>
    </li>
  );
}

function ReleaseWithheld({ releaseId, viewer }: { releaseId: number; viewer: Viewer }) {
  const { t } = useTranslation('admin');
  const trpc = useTRPC();
  const cells = useQuery(trpc.releases.withheldCells.queryOptions({ releaseId, viewer }));
  if (!cells.data) return <QueryStatus query={cells} />;
  const { audit } = cells.data;
  return (
    <>
      <WithheldCellsTable caption={withheldCaption(t, viewer)} cells={cells.data.cells} />
      <RowsWithheldFromDonors rows={cells.data.rows} />
      <p className="muted small">
        {t('admin:releases.audit', {
          viewer: viewerLabel(t, viewer),
          unknowns: formatCount(audit.unknowns),
          rank: formatCount(audit.rank),
          programs: formatCount(audit.linearPrograms),
        })}
      </p>
    </>
  );
}

/** The `public` organisations whose own rows a release withholds from donors, so a total or group can be shown. */
function RowsWithheldFromDonors({ rows }: { rows: readonly RowWithheld[] }) {
  const { t } = useTranslation('admin');
  if (!rows.length) return null;
  return (
    <>
      <h4>{t('admin:releases.rowsWithheldTitle')}</h4>
      <p className="muted small">{t('admin:releases.rowsWithheldIntro', { max: SUPPRESSION_THRESHOLD - 1 })}</p>
      <ul className="release-rows-withheld">
        {rows.map((r) => (
          <li key={r.organizationId}>{r.name}</li>
        ))}
      </ul>
    </>
  );
}

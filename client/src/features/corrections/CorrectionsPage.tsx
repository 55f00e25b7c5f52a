// The public corrections log, read per release (issue 19): for each release of the figures, first the
// approved reports corrected since the year's previous release and why (the reason given when a
// coordinator reopened them), then the change in what is withheld in one line, its cells folded away. A
// year's first release corrects nothing: it says so instead of listing every cell it withholds. Below,
// the corrections no release carries yet (until one does, the figures keep the last approved version).
import type { ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { TFunction } from 'i18next';
import { viewers, type Viewer } from '@lpt/shared/enums';
import { releasePath } from '@lpt/shared/citation';
import type { Release } from '@lpt/shared/releases';
import { PageLoading } from '../../ui/PageLoading.tsx';
import { ReleaseHeader } from '../../ui/ReleaseHeader.tsx';
import { YearSelect } from '../../ui/YearSelect.tsx';
import { formatDate, formatList } from '../../lib/format.ts';
import { cellLabel, viewerLabel } from '../../lib/labels.ts';
import { useMe } from '../../lib/session.ts';
import { errorMessageOf, useTRPC, type RouterOutputs } from '../../lib/trpc.ts';
import { usePageTitle } from '../../lib/usePageTitle.ts';
import './corrections.css';

type Correction = RouterOutputs['reports']['corrections'][number];

export default function CorrectionsPage() {
  const { t } = useTranslation('corrections');
  usePageTitle(t('corrections:pageTitle'));
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const cycles = useQuery(trpc.cycles.list.queryOptions());
  const years = (cycles.data ?? []).map((c) => c.year).sort((a, b) => b - a);
  const requested = Number(params.get('year'));
  const year = years.includes(requested) ? requested : undefined;
  const corrections = useQuery(trpc.reports.corrections.queryOptions(year === undefined ? undefined : { year }));
  const releases = useQuery(trpc.releases.list.queryOptions(year === undefined ? {} : { year }));
  const error = corrections.error ?? releases.error;

  return (
    <div className="page corrections">
      <header className="page-header">
        <div>
          <h1>{t('corrections:title')}</h1>
          <p>{t('corrections:intro')}</p>
        </div>
      </header>

      <form className="filters" role="search" aria-label={t('corrections:filter')} onSubmit={(e) => e.preventDefault()}>
        <YearSelect
          id="corrections-year"
          className="filters__field"
          years={years}
          value={year ?? null}
          allowAll
          onChange={(y) => setParams(y !== null ? { year: String(y) } : {}, { preventScrollReset: true })}
        />
      </form>

      {error ? (
        <p className="alert alert--error" role="alert">
          {t('corrections:loadError', { reason: errorMessageOf(error, t) })}
        </p>
      ) : corrections.data && releases.data ? (
        <ByRelease year={year} releases={releases.data.releases} corrections={corrections.data} />
      ) : (
        <PageLoading label={t('corrections:loading')} />
      )}
    </div>
  );
}

/** Which release carried each correction: the first of its year published after the corrected version's approval. */
function carriedBy(release: Release, previous: Release | undefined, correction: Correction): boolean {
  if (correction.year !== release.year || !correction.reapprovedAt) return false;
  return correction.reapprovedAt <= release.publishedAt && (!previous || correction.reapprovedAt > previous.publishedAt);
}

function ByRelease({ year, releases, corrections }: { year: number | undefined; releases: Release[]; corrections: Correction[] }) {
  const { t } = useTranslation('corrections');
  const { user } = useMe();
  // The one-line summary counts the cells of the reader's own audience; the folded lists name both.
  const audience: Viewer = user?.role === 'donor' ? 'donor' : 'public';
  const previousOf = (r: Release) => releases.find((p) => p.year === r.year && p.number === r.number - 1);
  const released = new Set(releases.flatMap((r) => corrections.filter((c) => carriedBy(r, previousOf(r), c))));
  const pending = corrections.filter((c) => !released.has(c)).sort((a, b) => b.reopenedAt.localeCompare(a.reopenedAt));

  return (
    <>
      <section className="corrections__releases" aria-labelledby="releases-title">
        <h2 id="releases-title">{t('corrections:byRelease.title')}</h2>
        <p className="muted">{t('corrections:byRelease.intro')}</p>
        {releases.length === 0 ? (
          <div className="card">
            <p className="corrections__empty">{year ? t('corrections:releases.emptyYear', { year }) : t('corrections:releases.empty')}</p>
          </div>
        ) : (
          <ol className="corrections__release-list">
            {releases.map((r) => (
              <li key={r.id} className="card" data-release={`${r.year}-${r.number}`}>
                <ReleaseHeader release={r} />
                <p className="small">
                  <Link to={releasePath(r.year, r.number)}>{t('corrections:byRelease.permanentLink')}</Link>
                </p>
                <ReleaseCorrections release={r} corrections={corrections.filter((c) => carriedBy(r, previousOf(r), c))} audience={audience} />
              </li>
            ))}
          </ol>
        )}
      </section>

      <section className="corrections__pending" aria-labelledby="pending-title">
        <h2 id="pending-title">{t('corrections:byRelease.pendingTitle')}</h2>
        <p className="muted">{t('corrections:byRelease.pendingIntro')}</p>
        {pending.length === 0 ? (
          <p className="corrections__empty">{t('corrections:byRelease.pendingNone')}</p>
        ) : (
          <ul className="corrections__list card">
            {pending.map((c) => (
              <li key={`${c.organizationName}-${c.year}-${c.reopenedAt}`}>
                <strong>{c.organizationName}</strong> ({c.year}): {c.reason || t('corrections:byRelease.noReason')}{' '}
                <span className="muted small">{t('corrections:byRelease.reopenedOn', { date: formatDate(c.reopenedAt) })}</span>{' '}
                {c.reapproved ? (
                  <span className="badge badge--approved">
                    {c.reapprovedAt ? t('corrections:correctedOn', { date: formatDate(c.reapprovedAt) }) : t('corrections:corrected')}
                  </span>
                ) : (
                  <span className="badge badge--returned">{t('corrections:underCorrection')}</span>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

/** "12 cells newly withheld, 3 no longer withheld", or that nothing changed. */
function withheldLine(t: TFunction, withheld: number, shown: number): string {
  if (withheld === 0 && shown === 0) return t('corrections:byRelease.withheldNoChange');
  return [t('corrections:byRelease.newlyWithheld', { count: withheld }), t('corrections:byRelease.noLongerWithheld', { count: shown })].join(', ');
}

function ReleaseCorrections({ release, corrections, audience }: { release: Release; corrections: Correction[]; audience: Viewer }) {
  const { t } = useTranslation('corrections');
  const { changes } = release;
  const explained = new Set(corrections.map((c) => c.organizationName));
  // An organisation whose approved report changed with no reopening recorded (or under another name).
  const unexplained = changes.organizationsChanged.filter((o) => !explained.has(o.name));
  const unnamedChanged = changes.unnamed?.changed ?? 0;
  const names = (list: { name: string }[], unnamed: number) =>
    formatList([...list.map((o) => o.name), ...(unnamed > 0 ? [t('corrections:byRelease.unnamedAdded', { count: unnamed })] : [])]);
  const withheld = changes.newlyWithheld[audience]?.length ?? 0;
  const shown = changes.newlyShown[audience]?.length ?? 0;
  const anyCell = viewers.some((v) => (changes.newlyWithheld[v]?.length ?? 0) + (changes.newlyShown[v]?.length ?? 0) > 0);

  // A year's first release publishes everything for the first time: what it withholds is not a change,
  // and only the reports corrected before it (if any) are listed.
  if (release.number === 1)
    return (
      <>
        <p className="corrections__first">{t('corrections:byRelease.first', { year: release.year })}</p>
        {corrections.length > 0 && (
          <>
            <h4 className="corrections__subtitle">{t('corrections:byRelease.correctionsTitle')}</h4>
            <CorrectionList corrections={corrections} />
          </>
        )}
      </>
    );

  return (
    <>
      <h4 className="corrections__subtitle">{t('corrections:byRelease.correctionsTitle')}</h4>
      {corrections.length + unexplained.length + unnamedChanged === 0 ? (
        <p className="corrections__empty">{t('corrections:byRelease.noCorrections')}</p>
      ) : (
        <CorrectionList corrections={corrections}>
          {unexplained.map((o) => (
            <li key={o.id}>
              <strong>{o.name}</strong>: {t('corrections:byRelease.noReason')}
            </li>
          ))}
          {unnamedChanged > 0 && <li>{t('corrections:byRelease.unnamedChanged', { count: unnamedChanged })}</li>}
        </CorrectionList>
      )}
      {(changes.organizationsAdded.length > 0 || (changes.unnamed?.added ?? 0) > 0) && (
        <p>{t('corrections:byRelease.added', { names: names(changes.organizationsAdded, changes.unnamed?.added ?? 0) })}</p>
      )}
      {(changes.organizationsRemoved.length > 0 || (changes.unnamed?.removed ?? 0) > 0) && (
        <p>{t('corrections:byRelease.removed', { names: names(changes.organizationsRemoved, changes.unnamed?.removed ?? 0) })}</p>
      )}
      {anyCell ? (
        <details className="corrections__withheld">
          <summary>{withheldLine(t, withheld, shown)}</summary>
          <dl className="release-changes">
            {viewers.flatMap((viewer) => [
              <div key={`withheld-${viewer}`}>
                <dt>{t('corrections:byRelease.withheldFor', { viewer: viewerLabel(t, viewer) })}</dt>
                <dd>{formatList((changes.newlyWithheld[viewer] ?? []).map((c) => cellLabel(t, c))) || t('common:none')}</dd>
              </div>,
              <div key={`shown-${viewer}`}>
                <dt>{t('corrections:byRelease.shownFor', { viewer: viewerLabel(t, viewer) })}</dt>
                <dd>{formatList((changes.newlyShown[viewer] ?? []).map((c) => cellLabel(t, c))) || t('common:none')}</dd>
              </div>,
            ])}
          </dl>
        </details>
      ) : (
        <p className="corrections__empty">{t('corrections:byRelease.withheldNoChange')}</p>
      )}
    </>
  );
}

/** The corrections a release carries: who, why (the reason given at reopening), and when it was reopened. */
function CorrectionList({ corrections, children }: { corrections: Correction[]; children?: ReactNode }) {
  const { t } = useTranslation('corrections');
  return (
    <ul className="corrections__list">
      {corrections.map((c) => (
        <li key={`${c.organizationName}-${c.reopenedAt}`}>
          <strong>{c.organizationName}</strong>: {c.reason || t('corrections:byRelease.noReason')}{' '}
          <span className="muted small">{t('corrections:byRelease.reopenedOn', { date: formatDate(c.reopenedAt) })}</span>
        </li>
      ))}
      {children}
    </ul>
  );
}

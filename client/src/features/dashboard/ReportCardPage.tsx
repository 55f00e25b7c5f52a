// The donors' annual report of one year (/report-card/<year>): what donors and the public read of that
// year — its last release, never live figures (coordinators see theirs, labelled) — laid out as a
// document that prints on A4: headline figures against the 25 % target, the five commitments, the trend,
// the breakdowns, which figures are withheld and why, the methodology, and the release it is from.
// It reuses the dashboard's charts and asks the same four metrics calls, so the answers are shared.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { commitmentList } from '@lpt/shared/indicators';
import { PageLoading } from '../../ui/PageLoading.tsx';
import { formatDateLong } from '../../lib/format.ts';
import { organizationTypeLabel, regionLabel, typeGroupLabel } from '../../lib/labels.ts';
import { useMe } from '../../lib/session.ts';
import { errorMessageOf, useTRPC } from '../../lib/trpc.ts';
import { usePageTitle } from '../../lib/usePageTitle.ts';
import { downloadLinks } from './api/downloads.ts';
import { figureQueries } from './api/figures.ts';
import type { Cycle } from './api/dashboardView.ts';
import { BreakdownChart, BreakdownTable } from './components/BreakdownChart.tsx';
import { CommitmentFigures } from './components/CommitmentFigures.tsx';
import { DistributionChart } from './components/DistributionChart.tsx';
import { HeadlineTiles } from './components/HeadlineTiles.tsx';
import { LeadershipChart } from './components/LeadershipChart.tsx';
import { Methodology } from './components/Methodology.tsx';
import { ReleaseNote } from './components/ReleaseNote.tsx';
import { StatusCountsChart } from './components/StatusCountsChart.tsx';
import { CommitmentsTrendChart, FundingTrendChart } from './components/TrendChart.tsx';
import { WithheldFigures } from './components/WithheldFigures.tsx';
import './dashboard.css';
import './reportCard.css';

const NAMESPACES = ['reportCard', 'dashboard', 'indicators'];

export default function ReportCardPage() {
  const { t } = useTranslation(NAMESPACES);
  const year = Number(useParams().year);
  usePageTitle(t('reportCard:pageTitle', { year }));
  const trpc = useTRPC();
  const cycles = useQuery(trpc.cycles.list.queryOptions());

  if (cycles.isPending) return <PageLoading label={t('reportCard:loading')} />;
  if (cycles.error) return <LoadError error={cycles.error} />;
  const cycle = cycles.data.find((c) => c.year === year);
  if (!Number.isInteger(year) || !cycle) {
    return (
      <section className="page report-card">
        <h1>{t('reportCard:noCycle.title')}</h1>
        <p>{t('reportCard:noCycle.text', { year: Number.isInteger(year) ? year : '—' })}</p>
        <p>
          <Link to="/">{t('common:goToDashboard')}</Link>
        </p>
      </section>
    );
  }
  return <ReportCard year={year} cycles={cycles.data} provisional={cycle.status === 'open'} />;
}

function ReportCard({ year, cycles, provisional }: { year: number; cycles: readonly Cycle[]; provisional: boolean }) {
  const { t, i18n } = useTranslation(NAMESPACES);
  const trpc = useTRPC();
  const { user } = useMe();
  // The dashboard's calls for this year with no filter (the trend runs from the first cycle to the last closed one):
  // a visitor coming from the dashboard finds them answered.
  const queries = figureQueries(trpc, { year, region: undefined, organizationType: undefined, includeSubmitted: false }, cycles, undefined);
  const summary = useQuery(queries.summary);
  const trend = useQuery(queries.trend);
  const byRegion = useQuery(queries.byRegion);
  const byTypeGroup = useQuery(queries.byTypeGroup);
  const byType = useQuery(queries.byType);
  // Coordinators read live figures: they are told which release donors and the public read instead.
  const coordinator = user?.role === 'coordinator';
  const releases = useQuery({ ...trpc.releases.list.queryOptions({ year }), enabled: coordinator });

  const failed = summary.error ?? trend.error ?? byRegion.error ?? byTypeGroup.error ?? byType.error;
  if (failed) return <LoadError error={failed} />;
  if (!summary.data || !trend.data || !byRegion.data || !byTypeGroup.data || !byType.data) return <PageLoading label={t('reportCard:loading')} />;

  const s = summary.data;
  const scope = t('reportCard:scope', { year });
  const trendScope = t('reportCard:trendScope', { from: queries.fromYear, to: queries.toYear });
  const lang = i18n.resolvedLanguage;
  const yearFiles = (table: 'distribution' | 'statuses' | 'leadership') => downloadLinks(table, { year }, lang);
  const trendFiles = (table: 'trend' | 'commitment-trend') => downloadLinks(table, { fromYear: queries.fromYear, toYear: queries.toYear }, lang);
  const notReleased = s.suppressedBecause === 'not_released';

  return (
    <article className="page report-card" aria-labelledby="report-card-title">
      <header className="report-card__header">
        <p className="report-card__kicker">{t('reportCard:kicker')}</p>
        <h1 id="report-card-title">{t('reportCard:title', { year })}</h1>
        <p className="report-card__lead">{t('reportCard:lead', { year })}</p>
        <ReleaseNote summary={s} coordinator={coordinator} />
        {coordinator && releases.data ? <CoordinatorNote year={year} latest={releases.data.releases[0]} /> : null}
        {provisional ? <p className="alert alert--warning report-card__provisional">{t('reportCard:provisional', { year })}</p> : null}
        <div className="report-card__actions no-print">
          <button type="button" className="button button--small" onClick={() => window.print()}>
            {t('reportCard:print')}
          </button>
          <Link className="button button--ghost button--small" to={`/?year=${year}`}>
            {t('reportCard:backToDashboard', { year })}
          </Link>
        </div>
      </header>

      {notReleased ? null : (
        <>
          <section className="report-card__section" aria-labelledby="rc-headline">
            <h2 id="rc-headline">{t('reportCard:sections.headline')}</h2>
            <p className="muted">{t('reportCard:headlineLead')}</p>
            <HeadlineTiles summary={s} />
          </section>

          <section className="report-card__section" aria-labelledby="rc-commitments">
            <h2 id="rc-commitments">{t('reportCard:sections.commitments')}</h2>
            <CommitmentFigures summary={s} />
            <div className="dashboard-grid">
              <StatusCountsChart summary={s} scope={scope} downloads={yearFiles('statuses')} />
              <LeadershipChart summary={s} scope={scope} downloads={yearFiles('leadership')} />
              <DistributionChart summary={s} scope={scope} downloads={yearFiles('distribution')} />
            </div>
          </section>

          <section className="report-card__section" aria-labelledby="rc-trend">
            <h2 id="rc-trend">{t('reportCard:sections.trend')}</h2>
            <div className="dashboard-grid">
              <FundingTrendChart points={trend.data.points} scope={trendScope} downloads={trendFiles('trend')} embed={{ chart: 'trend', query: { year } }} />
              <CommitmentsTrendChart points={trend.data.points} scope={trendScope} downloads={trendFiles('commitment-trend')} />
            </div>
          </section>

          <section className="report-card__section" aria-labelledby="rc-breakdowns">
            <h2 id="rc-breakdowns">{t('reportCard:sections.breakdowns')}</h2>
            <div className="dashboard-grid">
              <BreakdownChart
                title={t('dashboard:byRegion.title')}
                groupLabel={t('dashboard:byRegion.group')}
                breakdown={byRegion.data}
                labelOf={(key) => regionLabel(t, key as never)}
                within={t('common:allOrganizationTypesLower')}
                downloads={downloadLinks('breakdown', { year, by: 'region' }, lang)}
                embed={{ chart: 'by-region', query: { year } }}
              />
              <BreakdownChart
                title={t('dashboard:byTypeGroup.title')}
                groupLabel={t('dashboard:byTypeGroup.group')}
                breakdown={byTypeGroup.data}
                labelOf={(key) => typeGroupLabel(t, key as never)}
                within={t('common:allRegionsLower')}
                downloads={downloadLinks('breakdown', { year, by: 'typeGroup' }, lang)}
                embed={{ chart: 'by-type-group', query: { year } }}
              />
              <BreakdownTable
                title={t('dashboard:byType.title')}
                groupLabel={t('dashboard:byType.group')}
                breakdown={byType.data}
                labelOf={(key) => organizationTypeLabel(t, key as never)}
                within={t('common:allRegionsLower')}
                downloads={downloadLinks('breakdown', { year, by: 'organizationType' }, lang)}
              />
            </div>
          </section>

          <WithheldFigures summary={s} trend={trend.data.points} breakdowns={[byRegion.data, byTypeGroup.data, byType.data]} />
        </>
      )}

      <Methodology year={year} commitments={commitmentList} />

      <footer className="report-card__footer">
        <p>
          {s.release
            ? t('reportCard:footer.release', { number: s.release.number, year, date: formatDateLong(s.release.publishedAt) })
            : notReleased
              ? t('reportCard:footer.notReleased', { year })
              : t('reportCard:footer.live', { year })}
        </p>
        <p>{t('reportCard:footer.corrections')}</p>
      </footer>
    </article>
  );
}

/** What a coordinator's copy is, and where donors' copy comes from. */
function CoordinatorNote({ year, latest }: { year: number; latest: { number: number; publishedAt: string } | undefined }) {
  const { t } = useTranslation(NAMESPACES);
  return (
    <p className="alert alert--info">
      {latest
        ? t('reportCard:coordinator.released', { year, number: latest.number, date: formatDateLong(latest.publishedAt) })
        : t('reportCard:coordinator.notReleased', { year })}{' '}
      {t('reportCard:coordinator.donorsCopy')}
    </p>
  );
}

function LoadError({ error }: { error: unknown }) {
  const { t } = useTranslation(NAMESPACES);
  return (
    <p className="alert alert--error" role="alert">
      {t('reportCard:loadError', { reason: errorMessageOf(error, t) })}
    </p>
  );
}

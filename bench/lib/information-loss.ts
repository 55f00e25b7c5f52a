// Information loss of a stored release (issue 16): per viewer, how many of the year's published cells (and
// their figures) the viewer is shown, against the cells that have organisations and those that no primary
// rule withholds by itself. Read from what the release stored (metric_release_cells: each cell's summary
// as the viewer reads it) and, for which cells have organisations, from the live aggregates a coordinator
// reads. Used by `pnpm bench` (bench/lib/disclosure.ts) and tests/integration/information-loss.test.ts.
//
// A cell "passes the primary rules by itself" when the release does not withhold it for a primary reason
// (`fewer_than_5`, `not_published_individually`, `dominance`): it is shown, or withheld only as a
// companion of another cell (`complement`), which is the information secondary suppression costs.
import type { Database } from '@lpt/db/connect';
import { breakdownDimensions, viewers, type Viewer } from '@lpt/shared/enums';
import { figures } from '@lpt/shared/figures';
import type { MetricsSummary } from '@lpt/shared/metrics';
import { summary as liveSummary } from '@lpt/server/features/metrics/metrics.service';
import type { SessionUser } from '@lpt/server/trpc';

/** The figures a summary shows (not the hidden parts of shares). */
const summaryPaths = figures.filter((f) => (f as { shown?: string }).shown !== 'never').map((f) => f.path as string);
/** The figures of a year's headline (the world total's weighted and direct share, and the money behind them). */
export const HEADLINE_FIGURES = [
  'organizationsReporting',
  'funding.inScopeExpenditureUsd',
  'funding.countedLocalUsd',
  'funding.directUsd',
  'funding.pooledUsd',
  'funding.oneIntermediaryUsd',
  'funding.weightedShare',
  'funding.directShare',
] as const;
const PRIMARY = new Set(['fewer_than_5', 'not_published_individually', 'dominance']);
export const GOAL_SHOWN_PERCENT = 80;

/** Where a stored cell sits: the year's total, a region's or a type group's total (the goal's margins), or another cell. */
export type CellLevel = 'total' | 'region' | 'typeGroup' | 'other';

export interface CellCount {
  /** Cells (of those with organisations). */
  cells: number;
  /** Of these, not withheld by a primary rule by themselves. */
  passingAlone: number;
  /** Of these, shown (not withheld whole). */
  shown: number;
}

export interface ViewerLoss {
  viewer: Viewer;
  /** Every published cell of the release. */
  published: number;
  /** Published cells with at least one organisation. */
  all: CellCount;
  /** The total, the region and the type-group cells (with organisations). */
  margins: CellCount;
  /** Figures of the cells with organisations, and how many of them the viewer is shown. */
  figures: number;
  figuresShown: number;
  /** The year's total: reporting organisations, whether a primary rule withholds it for dominance, and what is missing of its headline. */
  total: { reporting: number; dominated: boolean; shown: boolean; headlineWithheld: string[] };
}

export interface ReleaseLoss {
  releaseId: number;
  year: number;
  number: number;
  viewers: ViewerLoss[];
}

type Filters = Record<string, string>;
interface StoredCell {
  viewer: Viewer;
  filters: Filters;
  level: CellLevel;
  summary: MetricsSummary;
}

/** The columns of metric_release_cells that name a dimension ('' for all of it): one per breakdown dimension. */
const DIMENSION_COLUMNS = breakdownDimensions;

function levelOf(filters: Filters): CellLevel {
  const keys = Object.keys(filters);
  if (keys.length === 0) return 'total';
  if (keys.length === 1 && keys[0] === 'region') return 'region';
  if (keys.length === 1 && keys[0] === 'typeGroup') return 'typeGroup';
  return 'other';
}

const coordinator = { id: 0, email: 'bench@example.org', name: 'Bench', role: 'coordinator', organizationId: null, locale: null, sessionId: '' } as unknown as SessionUser;

/** The information-loss table of one stored release, per viewer. */
export async function informationLoss(db: Database, releaseId: number): Promise<ReleaseLoss> {
  const release = await db.selectFrom('metricReleases').select(['id', 'year', 'number']).where('id', '=', releaseId).executeTakeFirstOrThrow();
  const rows = (await db.selectFrom('metricReleaseCells').selectAll().where('releaseId', '=', releaseId).execute()) as unknown as Record<string, unknown>[];
  const cells: StoredCell[] = rows.map((row) => {
    const filters: Filters = {};
    for (const column of DIMENSION_COLUMNS) if (typeof row[column] === 'string' && row[column]) filters[column] = row[column] as string;
    const summary = (typeof row.summary === 'string' ? JSON.parse(row.summary) : row.summary) as MetricsSummary;
    return { viewer: row.viewer as Viewer, filters, level: levelOf(filters), summary };
  });
  // How many organisations each cell has: the live aggregate, as a coordinator reads it.
  const reporting = new Map<string, number>();
  for (const cell of cells) {
    const key = JSON.stringify(cell.filters);
    if (reporting.has(key)) continue;
    const live = await liveSummary(db, coordinator, { year: release.year, ...cell.filters } as Parameters<typeof liveSummary>[2]);
    reporting.set(key, live.organizationsReporting ?? 0);
  }
  const count = (list: StoredCell[]): CellCount => ({
    cells: list.length,
    passingAlone: list.filter((c) => !PRIMARY.has(c.summary.suppressedBecause ?? '')).length,
    shown: list.filter((c) => !c.summary.suppressed).length,
  });
  const shownFigures = (c: StoredCell) => (c.summary.suppressed ? 0 : summaryPaths.filter((p) => !c.summary.withheldFigures.includes(p)).length);
  return {
    releaseId: release.id,
    year: release.year,
    number: release.number,
    viewers: viewers
      .filter((v) => cells.some((c) => c.viewer === v))
      .map((viewer) => {
        const mine = cells.filter((c) => c.viewer === viewer);
        const populated = mine.filter((c) => (reporting.get(JSON.stringify(c.filters)) ?? 0) > 0);
        const total = mine.find((c) => c.level === 'total');
        return {
          viewer,
          published: mine.length,
          all: count(populated),
          margins: count(populated.filter((c) => c.level !== 'other')),
          figures: populated.length * summaryPaths.length,
          figuresShown: populated.reduce((n, c) => n + shownFigures(c), 0),
          total: {
            reporting: reporting.get('{}') ?? 0,
            dominated: total?.summary.suppressedBecause === 'dominance',
            shown: total ? !total.summary.suppressed : false,
            headlineWithheld: total ? HEADLINE_FIGURES.filter((p) => total.summary.suppressed || total.summary.withheldFigures.includes(p)) : [...HEADLINE_FIGURES],
          },
        };
      }),
  };
}

const percent = (part: number, whole: number) => (whole ? `${Math.round((100 * part) / whole)} %` : '–');

/** Whether a viewer's release meets the issue's goals: shown margins, and the year's total with its headline. */
export function goalsOf(loss: ViewerLoss) {
  const marginsOk = loss.margins.passingAlone === 0 || (100 * loss.margins.shown) / loss.margins.passingAlone >= GOAL_SHOWN_PERCENT;
  const totalExpected = loss.total.reporting >= 5 && !loss.total.dominated;
  const totalOk = !totalExpected || (loss.total.shown && loss.total.headlineWithheld.length === 0);
  return { marginsOk, totalExpected, totalOk };
}

/** The table's rows in Markdown, one per release and viewer (`planning` beside each release, when measured). */
export function lossTable(label: string, releases: readonly (ReleaseLoss & { planningMs?: number | null })[]): string[] {
  return releases.flatMap((r) =>
    r.viewers.map((v) => {
      const goals = goalsOf(v);
      const total = !goals.totalExpected
        ? `– (${v.total.reporting} reporting${v.total.dominated ? ', dominated' : ''})`
        : goals.totalOk
          ? '✅ shown with its headline'
          : `❌ ${v.total.shown ? `withholds ${v.total.headlineWithheld.join(', ')}` : 'withheld'}`;
      return (
        `| ${label} | ${r.year} (release ${r.number}) | ${v.viewer} | ${v.all.shown} / ${v.all.passingAlone} / ${v.all.cells} of ${v.published} | ` +
        `${v.figuresShown} / ${v.figures} (${percent(v.figuresShown, v.figures)}) | ` +
        `${v.margins.shown} of ${v.margins.passingAlone} (${percent(v.margins.shown, v.margins.passingAlone)}) ${goals.marginsOk ? '✅' : '❌'} | ${total} | ` +
        `${r.planningMs == null ? '' : `${(r.planningMs / 1000).toFixed(1)} s`} |`
      );
    }),
  );
}

export const LOSS_TABLE_HEADER = [
  '| Data | Year | Viewer | Cells shown / passing alone / with organisations, of published | Figures shown (in cells with organisations) | Total, region and type-group cells shown, of those passing alone (goal ≥ 80 %) | Year total with headline (goal: shown where ≥ 5 report and no dominance) | Publishing time (both viewers) |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
];

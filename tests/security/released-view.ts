// What a donor or the public can read of a year through the API — every cell (each region, type and type
// group, and the breakdowns by type group), and for donors the `public` organisations' own rows — as the
// independent attacker's input (disclosure-attack.ts), with the truth (read as a coordinator) for its values.
import { organizationTypes, regions, typeGroupOf, type OrganizationType, type Region, type TypeGroup } from '@lpt/shared/enums';
import { figureValue, moneyFigures, type AdditivePath, type ShownPath } from '@lpt/shared/figures';
import type { MetricsSummary } from '@lpt/shared/metrics';
import type { callerFor } from '../factories/index.ts';
import { ALL, determined, type AttackRelease, type Target } from './disclosure-attack.ts';

type Caller = ReturnType<typeof callerFor>;
const cellsOf = (types: readonly OrganizationType[]) => [undefined, ...regions].flatMap((region) =>
  [undefined, ...types].map((organizationType) => ({ region, organizationType }) as { region?: Region; organizationType?: OrganizationType }),
);

/**
 * The figures a release plans one by one (server/src/features/releases/releases.service.ts): the count of
 * organisations (the cell itself), and every sum of what organisations report, money and counts. Each is
 * attacked on its own: where the summary shows it.
 */
export const attackedFigures: readonly AdditivePath[] = [
  'organizationsReporting',
  'funding.inScopeExpenditureUsd',
  'funding.countedLocalUsd',
  'funding.directUsd',
  'funding.pooledUsd',
  'funding.twoPlusIntermediariesUsd',
  'multiYearToLocalUsd',
  'capacity.capacitySpendUsd',
  'collaboration.localPartners',
  'collaboration.forums',
  'collaboration.forumsCoLed',
  'needs.assessmentsTotal',
  'needs.assessmentsJoint',
  'credit.publicationsReviewed',
  'credit.publicationsCrediting',
  'capacity.requestsReceived',
  'capacity.requestsSupported',
  'partnersByLeadership.migrantLed',
];

/** Whether a summary shows this figure (a figure withheld on its own reads null, and is listed). */
export const shows = (s: MetricsSummary, figure: AdditivePath) =>
  !s.suppressed && !s.withheldFigures.includes(figure) && figureValue(s, figure as ShownPath) !== null;

/**
 * Everything a viewer can read of the year, as the attacker's release: which cells show `figure` (the
 * in-scope expenditure unless told). The organisations' values are their money figure's where the
 * coordinators' rows carry one, else 0: determined() reads no value, only which cells are shown.
 */
export async function viewOf(viewer: Caller, coordinator: Caller, asDonor: boolean, year: number, types: readonly OrganizationType[] = organizationTypes, figure: AdditivePath = 'funding.inScopeExpenditureUsd'): Promise<{ release: AttackRelease; summaries: Map<string, MetricsSummary> }> {
  const summaries = new Map<string, MetricsSummary>();
  for (const c of cellsOf(types)) summaries.set(`${c.region ?? ALL}|${c.organizationType ?? ALL}`, await viewer.metrics.summary({ year: year, ...c }));
  // The type groups: each group total and region × group cell, from the summaries and the breakdowns by
  // type group (all regions and each region), which must agree with them.
  for (const region of [undefined, ...regions] as (Region | undefined)[]) {
    const { rows } = await viewer.metrics.breakdown({ year, by: 'typeGroup', region });
    for (const row of rows) {
      const { key, ...summary } = row;
      const single = await viewer.metrics.summary({ year, region, typeGroup: key as TypeGroup });
      if (single.suppressed !== summary.suppressed || single.organizationsReporting !== summary.organizationsReporting)
        throw new Error(`The breakdown by type group and the summary of ${region ?? 'all regions'} × ${key} disagree`);
      summaries.set(`${region ?? ALL}|g:${key}`, single);
    }
  }
  const truth = await coordinator.metrics.organizations({ year: year });
  const published = asDonor ? new Set((await viewer.metrics.organizations({ year: year })).organizations.map((o) => o.organizationId)) : new Set<number>();
  return {
    summaries,
    release: {
      organizations: truth.organizations.map((o) => ({
        id: o.organizationId,
        row: o.region,
        col: o.type,
        group: typeGroupOf[o.type],
        known: published.has(o.organizationId),
        version: 'v1',
        value: moneyFigures.some((f) => f.path === figure) ? BigInt(Math.round(((o as Record<string, unknown>)[figure.slice(figure.lastIndexOf('.') + 1)] as number | null ?? 0) * 100)) : 0n,
      })),
      shown: [...summaries].filter(([, s]) => shows(s, figure)).map(([key]) => key.split('|') as [string, string]),
    },
  };
}

/** The cells that withhold `figure` and the aggregate_only organisations: what must stay unknown. */
export async function secrets(coordinator: Caller, summaries: Map<string, MetricsSummary>, year: number, figure: AdditivePath = 'funding.inScopeExpenditureUsd'): Promise<Target[]> {
  const truth = await coordinator.metrics.organizations({ year: year });
  return [
    ...[...summaries].filter(([, s]) => !shows(s, figure)).map(([key]): Target => ({ kind: 'cell', release: 0, cell: key.split('|') as [string, string] })),
    ...truth.organizations.filter((o) => o.disclosure === 'aggregate_only').map((o): Target => ({ kind: 'organization', release: 0, id: o.organizationId })),
  ];
}


/**
 * The attack on every figure a release plans on its own (attackedFigures), reading the viewer's cells
 * once: for each figure, the targets the attacker determines (none, when the release is safe).
 */
export async function determinedByFigure(viewer: Caller, coordinator: Caller, asDonor: boolean, year: number, types: readonly OrganizationType[] = organizationTypes) {
  const { release, summaries } = await viewOf(viewer, coordinator, asDonor, year, types);
  const found: Record<string, Target[]> = {};
  for (const figure of attackedFigures) {
    const shown = [...summaries].filter(([, s]) => shows(s, figure)).map(([key]) => key.split('|') as [string, string]);
    const hit = determined([{ ...release, shown }], await secrets(coordinator, summaries, year, figure));
    if (hit.length) found[figure] = hit;
  }
  return found;
}

/**
 * What a viewer can count of the year, as the attacker's input with every organisation worth one: each
 * cell whose number of organisations it reads — a shown summary's `organizationsReporting`, and the year's
 * total when `releases.list` tells how many organisations the release counts or how many unnamed ones
 * it added, changed or removed. A withheld cell's count must stay out of reach like its sums.
 */
export async function countViewOf(viewer: Caller, coordinator: Caller, asDonor: boolean, year: number, summaries: Map<string, MetricsSummary>): Promise<AttackRelease> {
  const truth = await coordinator.metrics.organizations({ year: year });
  const published = asDonor ? new Set((await viewer.metrics.organizations({ year: year })).organizations.map((o) => o.organizationId)) : new Set<number>();
  const [latest] = (await viewer.releases.list({ year })).releases;
  const totalCounted = latest !== undefined && (latest.organizationsReporting !== null || latest.changes.unnamed !== null);
  const counted = [...summaries].filter(([, s]) => s.organizationsReporting !== null).map(([key]) => key.split('|') as [string, string]);
  return {
    organizations: truth.organizations.map((o) => ({ id: o.organizationId, row: o.region, col: o.type, group: typeGroupOf[o.type], known: published.has(o.organizationId), version: 'v1', value: 1n })),
    shown: totalCounted ? [...counted, [ALL, ALL]] : counted,
  };
}

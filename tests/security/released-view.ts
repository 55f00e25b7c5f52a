// What a donor or the public can read of a year through the API — every cell, and for donors the
// `public` organisations' own rows — as the independent attacker's input (disclosure-attack.ts), with the
// truth (read as a coordinator) for its values.
import { organizationTypes, regions, type OrganizationType, type Region } from '@lpt/shared/enums';
import type { MetricsSummary } from '@lpt/shared/metrics';
import type { callerFor } from '../factories/index.ts';
import { ALL, type AttackRelease, type Target } from './disclosure-attack.ts';

type Caller = ReturnType<typeof callerFor>;
const cellsOf = (types: readonly OrganizationType[]) => [undefined, ...regions].flatMap((region) =>
  [undefined, ...types].map((organizationType) => ({ region, organizationType }) as { region?: Region; organizationType?: OrganizationType }),
);

/** Everything a viewer can read of the year, as the attacker's release: which cells are shown. */
export async function viewOf(viewer: Caller, coordinator: Caller, asDonor: boolean, year: number, types: readonly OrganizationType[] = organizationTypes): Promise<{ release: AttackRelease; summaries: Map<string, MetricsSummary> }> {
  const summaries = new Map<string, MetricsSummary>();
  for (const c of cellsOf(types)) summaries.set(`${c.region ?? ALL}|${c.organizationType ?? ALL}`, await viewer.metrics.summary({ year: year, ...c }));
  const truth = await coordinator.metrics.organizations({ year: year });
  const published = asDonor ? new Set((await viewer.metrics.organizations({ year: year })).organizations.map((o) => o.organizationId)) : new Set<number>();
  return {
    summaries,
    release: {
      organizations: truth.organizations.map((o) => ({
        id: o.organizationId,
        row: o.region,
        col: o.type,
        known: published.has(o.organizationId),
        version: 'v1',
        value: BigInt(Math.round((o.inScopeExpenditureUsd ?? 0) * 100)),
      })),
      shown: [...summaries].filter(([, s]) => !s.suppressed).map(([key]) => key.split('|') as [string, string]),
    },
  };
}

/** The withheld cells and the aggregate_only organisations: what must stay unknown. */
export async function secrets(coordinator: Caller, summaries: Map<string, MetricsSummary>, year: number): Promise<Target[]> {
  const truth = await coordinator.metrics.organizations({ year: year });
  return [
    ...[...summaries].filter(([, s]) => s.suppressed).map(([key]): Target => ({ kind: 'cell', release: 0, cell: key.split('|') as [string, string] })),
    ...truth.organizations.filter((o) => o.disclosure === 'aggregate_only').map((o): Target => ({ kind: 'organization', release: 0, id: o.organizationId })),
  ];
}


/**
 * What a viewer can count of the year, as the attacker's input with every organisation worth one: each
 * cell whose number of organisations it reads — a shown summary's `organizationsReporting`, and the year's
 * total when `metrics.releases` tells how many organisations the release counts or how many unnamed ones
 * it added, changed or removed. A withheld cell's count must stay out of reach like its sums.
 */
export async function countViewOf(viewer: Caller, coordinator: Caller, asDonor: boolean, year: number, summaries: Map<string, MetricsSummary>): Promise<AttackRelease> {
  const truth = await coordinator.metrics.organizations({ year: year });
  const published = asDonor ? new Set((await viewer.metrics.organizations({ year: year })).organizations.map((o) => o.organizationId)) : new Set<number>();
  const [latest] = (await viewer.metrics.releases({ year })).releases;
  const totalCounted = latest !== undefined && (latest.organizationsReporting !== null || latest.changes.unnamed !== null);
  const counted = [...summaries].filter(([, s]) => s.organizationsReporting !== null).map(([key]) => key.split('|') as [string, string]);
  return {
    organizations: truth.organizations.map((o) => ({ id: o.organizationId, row: o.region, col: o.type, known: published.has(o.organizationId), version: 'v1', value: 1n })),
    shown: totalCounted ? [...counted, [ALL, ALL]] : counted,
  };
}

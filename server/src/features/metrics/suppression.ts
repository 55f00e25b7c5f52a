// Which of a year's aggregates donors and the public may not see. A cell built from fewer than five
// organisations is withheld (primary suppression, SPEC §4). That alone is not enough: the API also shows
// the cells around it, and a withheld cell is then a subtraction away, e.g. a region's figures are the
// year's total minus the other regions'. So a second cell of the same sum is withheld with it
// (secondary suppression), until no sum the API shows has exactly one withheld part.
//
// The sums the API shows for one year: the total is the sum of the regions and the sum of the
// organisation types (breakdowns); a region's figures are the sum of its types, and a type's the sum of
// its regions (summaries filtered by region and type). Every figure is a sum over organisations or a ratio
// of such sums, so protecting the organisation counts protects them all.
//
// Not covered yet: a donor also sees the own figures of `public` organisations (metrics.organizations)
// and can subtract those from a shown aggregate, which exposes a group whose other organisations are
// fewer than 5. SPEC §4 counts every organisation towards the threshold; going further is a product
// decision.
import {
  organizationTypes,
  regions,
  SUPPRESSION_THRESHOLD,
  type OrganizationType,
  type Region,
  type SuppressionReason,
} from '@lpt/shared/enums';

export interface ReportingCount {
  region: Region;
  organizationType: OrganizationType;
  /** Organisations with an approved report in this region and type. */
  reports: number;
}

export interface CellFilter {
  region?: Region | undefined;
  organizationType?: OrganizationType | undefined;
}

const keyOf = (region: Region | undefined, type: OrganizationType | undefined) => `${region ?? '*'}|${type ?? '*'}`;

export interface SuppressionPlan {
  /** Why the aggregate with this filter is withheld, or null when it may be shown. */
  reasonFor(filter: CellFilter): SuppressionReason | null;
}

/** The plan of one year, from the number of reporting organisations in each region and type. */
export function planSuppression(counts: readonly ReportingCount[]): SuppressionPlan {
  const reports = new Map<string, number>();
  const add = (key: string, n: number) => reports.set(key, (reports.get(key) ?? 0) + n);
  for (const region of regions) for (const type of organizationTypes) reports.set(keyOf(region, type), 0);
  for (const c of counts) {
    add(keyOf(c.region, c.organizationType), c.reports);
    add(keyOf(c.region, undefined), c.reports);
    add(keyOf(undefined, c.organizationType), c.reports);
    add(keyOf(undefined, undefined), c.reports);
  }
  const n = (key: string) => reports.get(key) ?? 0;

  const withheld = new Map<string, SuppressionReason>();
  for (const key of [keyOf(undefined, undefined), ...regions.map((r) => keyOf(r, undefined)), ...organizationTypes.map((t) => keyOf(undefined, t))])
    if (n(key) < SUPPRESSION_THRESHOLD) withheld.set(key, 'fewer_than_5');
  for (const region of regions)
    for (const type of organizationTypes) if (n(keyOf(region, type)) < SUPPRESSION_THRESHOLD) withheld.set(keyOf(region, type), 'fewer_than_5');

  // Each sum as [whole, ...parts].
  const sums: string[][] = [
    [keyOf(undefined, undefined), ...regions.map((r) => keyOf(r, undefined))],
    [keyOf(undefined, undefined), ...organizationTypes.map((t) => keyOf(undefined, t))],
    ...regions.map((r) => [keyOf(r, undefined), ...organizationTypes.map((t) => keyOf(r, t))]),
    ...organizationTypes.map((t) => [keyOf(undefined, t), ...regions.map((r) => keyOf(r, t))]),
  ];
  // A withheld cell without organisations hides nothing (all its sums are zero), so it cannot be the
  // second unknown that protects another.
  const isUnknown = (key: string) => withheld.has(key) && n(key) > 0;
  let changed = true;
  while (changed) {
    changed = false;
    for (const [whole, ...parts] of sums as [string, ...string[]][]) {
      if ([whole, ...parts].filter(isUnknown).length !== 1) continue;
      // Withhold the smallest part still shown: the least information lost. When no part with
      // organisations is left (the lone unknown is then a part that makes up the whole, itself withheld
      // to protect another sum), the whole goes: it is that part's value.
      const pick = parts.filter((k) => !withheld.has(k) && n(k) > 0).sort((a, b) => n(a) - n(b) || a.localeCompare(b))[0] ?? whole;
      withheld.set(pick, 'complement');
      changed = true;
    }
  }

  return {
    reasonFor: (filter) => withheld.get(keyOf(filter.region, filter.organizationType)) ?? null,
  };
}

// The view the dashboard's address asks for (?year=2025&region=africa&type=local_ngo), worked out from
// the address and the cycles alone: no React, so main.tsx can use it to start the dashboard's calls
// before the app's code has run (api/prefetch.ts). Unknown values are ignored rather than sent to the API.
import { organizationTypes, regions, type CycleStatus, type OrganizationType, type Region } from '@lpt/shared/enums';

export interface DashboardFilters {
  year: number;
  region: Region | undefined;
  organizationType: OrganizationType | undefined;
  /** Coordinators only: count submitted reports that are not approved yet. */
  includeSubmitted: boolean;
}

export interface Cycle {
  year: number;
  status: CycleStatus;
  dueOn?: string;
}

/** The latest closed cycle has the most complete approved figures; an open one is still being reported. */
export function defaultYear(cycles: Cycle[]): number | null {
  const closed = cycles.filter((c) => c.status === 'closed').map((c) => c.year);
  const all = cycles.map((c) => c.year);
  const pool = closed.length > 0 ? closed : all;
  return pool.length > 0 ? Math.max(...pool) : null;
}

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return values.includes(value as T) ? (value as T) : undefined;
}

/** Newest first: the order of the year filter. */
export function yearsOf(cycles: Cycle[]): number[] {
  return cycles.map((c) => c.year).sort((a, b) => b - a);
}

/** The view the address asks for, with unknown values dropped; null when there is no cycle at all. */
export function filtersFrom(params: URLSearchParams, cycles: Cycle[], years = yearsOf(cycles)): DashboardFilters | null {
  const requestedYear = Number(params.get('year'));
  const year = years.includes(requestedYear) ? requestedYear : defaultYear(cycles);
  if (year === null) return null;
  return {
    year,
    region: oneOf(regions, params.get('region')),
    organizationType: oneOf(organizationTypes, params.get('type')),
    includeSubmitted: params.get('submitted') === '1',
  };
}

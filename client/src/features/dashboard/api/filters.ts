// The dashboard's filters live in the URL (?year=2025&region=africa&type=local_ngo), so a filtered view
// can be shared and bookmarked. Unknown values are ignored rather than sent to the API.
import { useCallback, useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { organizationTypes, regions, type OrganizationType, type Region } from '@lpt/shared/enums';

export interface DashboardFilters {
  year: number;
  region: Region | undefined;
  organizationType: OrganizationType | undefined;
  /** Coordinators only: count submitted reports that are not approved yet. */
  includeSubmitted: boolean;
}

export type FilterName = 'year' | 'region' | 'type' | 'submitted';

interface Cycle {
  year: number;
  status: 'open' | 'closed';
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

export function useDashboardFilters(cycles: Cycle[]) {
  const [params] = useSearchParams();
  const years = useMemo(() => cycles.map((c) => c.year).sort((a, b) => b - a), [cycles]);
  const requestedYear = Number(params.get('year'));
  const fallbackYear = defaultYear(cycles);
  const year = years.includes(requestedYear) ? requestedYear : fallbackYear;
  const region = oneOf(regions, params.get('region'));
  const organizationType = oneOf(organizationTypes, params.get('type'));
  const includeSubmitted = params.get('submitted') === '1';

  // Each change starts from the address bar as it is now, not from the last render: React may not
  // have re-rendered yet when a second filter changes (navigations render in a transition), and a
  // change built on the stale parameters would undo the first.
  const navigate = useNavigate();
  const update = useCallback(
    (change: (params: URLSearchParams) => URLSearchParams) => {
      const next = change(new URLSearchParams(window.location.search));
      const search = next.toString();
      void navigate({ search: search ? `?${search}` : '' }, { preventScrollReset: true });
    },
    [navigate],
  );

  const setFilter = useCallback(
    (name: FilterName, value: string | undefined) =>
      update((params) => {
        if (value) params.set(name, value);
        else params.delete(name);
        return params;
      }),
    [update],
  );

  /** Back to all regions and types; the year stays. */
  const clearFilters = useCallback(
    () =>
      update((params) => {
        const kept = new URLSearchParams();
        for (const name of ['year', 'submitted']) {
          const value = params.get(name);
          if (value) kept.set(name, value);
        }
        return kept;
      }),
    [update],
  );

  const filters: DashboardFilters | null =
    year === null ? null : { year, region, organizationType, includeSubmitted };
  return { filters, years, setFilter, clearFilters, isFiltered: Boolean(region || organizationType) };
}

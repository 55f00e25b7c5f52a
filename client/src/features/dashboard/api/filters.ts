// The dashboard's filters live in the URL (?year=2025&region=africa&type=local_ngo), so a filtered view
// can be shared and bookmarked. What the address means is worked out in dashboardView.ts.
import { useCallback, useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { filtersFrom, yearsOf, type Cycle } from './dashboardView.ts';

export type FilterName = 'year' | 'region' | 'type' | 'submitted';

export function useDashboardFilters(cycles: Cycle[]) {
  const [params] = useSearchParams();
  const years = useMemo(() => yearsOf(cycles), [cycles]);
  const filters = filtersFrom(params, cycles, years);

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

  return { filters, years, setFilter, clearFilters, isFiltered: Boolean(filters?.region || filters?.organizationType) };
}

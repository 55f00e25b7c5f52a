// Year, region and organisation type; every change goes to the URL at once (no submit button).
import { organizationTypes, regions } from '@lpt/shared/enums';
import { organizationTypeLabels, regionLabels } from '../../../lib/labels.ts';
import type { DashboardFilters } from '../api/dashboardView.ts';
import type { FilterName } from '../api/filters.ts';

export function Filters(props: {
  filters: DashboardFilters;
  years: number[];
  openYears: Set<number>;
  canIncludeSubmitted: boolean;
  isFiltered: boolean;
  onChange: (name: FilterName, value: string | undefined) => void;
  onClear: () => void;
}) {
  const { filters, onChange } = props;
  return (
    <form className="filters" role="search" aria-label="Filter the figures" onSubmit={(e) => e.preventDefault()}>
      <div className="filters__field">
        <label htmlFor="filter-year">Year</label>
        <select id="filter-year" value={filters.year} onChange={(e) => onChange('year', e.target.value)}>
          {props.years.map((y) => (
            <option key={y} value={y}>
              {y}
              {props.openYears.has(y) ? ' (reporting open)' : ''}
            </option>
          ))}
        </select>
      </div>
      <div className="filters__field">
        <label htmlFor="filter-region">Region</label>
        <select id="filter-region" value={filters.region ?? ''} onChange={(e) => onChange('region', e.target.value || undefined)}>
          <option value="">All regions</option>
          {regions.map((r) => (
            <option key={r} value={r}>
              {regionLabels[r]}
            </option>
          ))}
        </select>
      </div>
      <div className="filters__field">
        <label htmlFor="filter-type">Organisation type</label>
        <select id="filter-type" value={filters.organizationType ?? ''} onChange={(e) => onChange('type', e.target.value || undefined)}>
          <option value="">All types</option>
          {organizationTypes.map((t) => (
            <option key={t} value={t}>
              {organizationTypeLabels[t]}
            </option>
          ))}
        </select>
      </div>
      {props.canIncludeSubmitted ? (
        <div className="filters__check">
          <input
            id="filter-submitted"
            type="checkbox"
            checked={filters.includeSubmitted}
            onChange={(e) => onChange('submitted', e.target.checked ? '1' : undefined)}
          />
          <label htmlFor="filter-submitted">Include submitted reports not yet approved</label>
        </div>
      ) : null}
      <div className="filters__actions">
        {props.isFiltered ? (
          <button type="button" className="button button--ghost button--small" onClick={props.onClear}>
            Clear filters
          </button>
        ) : null}
        <button type="button" className="button button--small" onClick={() => window.print()}>
          Print
        </button>
      </div>
    </form>
  );
}

// Year, region and organisation type; every change goes to the URL at once (no submit button). Without
// JavaScript the page is the server's (entry-server.tsx) and the filters are a plain GET form of the
// same parameters, with a button to send it.
import { useTranslation } from 'react-i18next';
import { organizationTypes, regions } from '@lpt/shared/enums';
import { organizationTypeLabel, regionLabel } from '../../../lib/labels.ts';
import { FilterSelect } from '../../../ui/FilterSelect.tsx';
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
  const { t } = useTranslation('dashboard');
  const { filters, onChange } = props;
  return (
    <form className="filters" role="search" aria-label={t('dashboard:filters.label')} method="get" action="/" onSubmit={(e) => e.preventDefault()}>
      <FilterSelect
        id="filter-year"
        name="year"
        label={t('dashboard:filters.year')}
        value={String(filters.year)}
        choices={props.years.map((y) => ({ value: String(y), label: props.openYears.has(y) ? `${y} ${t('dashboard:filters.reportingOpen')}` : String(y) }))}
        onChange={(value) => onChange('year', value)}
      />
      <FilterSelect
        id="filter-region"
        name="region"
        label={t('dashboard:filters.region')}
        value={filters.region ?? ''}
        choices={[{ value: '', label: t('common:allRegions') }, ...regions.map((r) => ({ value: r, label: regionLabel(t, r) }))]}
        onChange={(value) => onChange('region', value || undefined)}
      />
      <FilterSelect
        id="filter-type"
        name="type"
        label={t('dashboard:filters.type')}
        value={filters.organizationType ?? ''}
        choices={[{ value: '', label: t('dashboard:filters.allTypes') }, ...organizationTypes.map((type) => ({ value: type, label: organizationTypeLabel(t, type) }))]}
        onChange={(value) => onChange('type', value || undefined)}
      />
      {props.canIncludeSubmitted ? (
        <div className="filters__check">
          <input
            id="filter-submitted"
            name="submitted"
            value="1"
            type="checkbox"
            checked={filters.includeSubmitted}
            onChange={(e) => onChange('submitted', e.target.checked ? '1' : undefined)}
          />
          <label htmlFor="filter-submitted">{t('dashboard:filters.includeSubmitted')}</label>
        </div>
      ) : null}
      <div className="filters__actions">
        <noscript>
          <button type="submit" className="button button--small">
            {t('dashboard:filters.apply')}
          </button>
        </noscript>
        {props.isFiltered ? (
          <button type="button" className="button button--ghost button--small" onClick={props.onClear}>
            {t('dashboard:filters.clear')}
          </button>
        ) : null}
        <button type="button" className="button button--small" onClick={() => window.print()}>
          {t('dashboard:filters.print')}
        </button>
      </div>
    </form>
  );
}

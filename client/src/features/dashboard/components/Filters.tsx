// Year, region and organisation type; every change goes to the URL at once (no submit button). Without
// JavaScript the page is the server's (entry-server.tsx) and the filters are a plain GET form of the
// same parameters, with a button to send it.
import { useTranslation } from 'react-i18next';
import { organizationTypes, regions } from '@lpt/shared/enums';
import { organizationTypeLabel, regionLabel } from '../../../lib/labels.ts';
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
      <div className="filters__field">
        <label htmlFor="filter-year">{t('dashboard:filters.year')}</label>
        <select id="filter-year" name="year" value={filters.year} onChange={(e) => onChange('year', e.target.value)}>
          {props.years.map((y) => (
            <option key={y} value={y}>
              {y}
              {props.openYears.has(y) ? ` ${t('dashboard:filters.reportingOpen')}` : ''}
            </option>
          ))}
        </select>
      </div>
      <div className="filters__field">
        <label htmlFor="filter-region">{t('dashboard:filters.region')}</label>
        <select id="filter-region" name="region" value={filters.region ?? ''} onChange={(e) => onChange('region', e.target.value || undefined)}>
          <option value="">{t('common:allRegions')}</option>
          {regions.map((r) => (
            <option key={r} value={r}>
              {regionLabel(t, r)}
            </option>
          ))}
        </select>
      </div>
      <div className="filters__field">
        <label htmlFor="filter-type">{t('dashboard:filters.type')}</label>
        <select id="filter-type" name="type" value={filters.organizationType ?? ''} onChange={(e) => onChange('type', e.target.value || undefined)}>
          <option value="">{t('dashboard:filters.allTypes')}</option>
          {organizationTypes.map((type) => (
            <option key={type} value={type}>
              {organizationTypeLabel(t, type)}
            </option>
          ))}
        </select>
      </div>
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

// Per-organisation figures for donors (organisations that agreed to publish them) and coordinators
// (all). Sortable by any column with the keyboard; the same table downloads as CSV.
import type { TFunction } from 'i18next';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../../ui/DataTable.tsx';
import type { MetricsOrganizations, OrganizationFigures } from '@lpt/shared/metrics';
import { formatLocale } from '../../../lib/format.ts';
import { countryLabel, organizationTypeLabel, regionLabel } from '../../../lib/labels.ts';
import { Figure } from './Figure.tsx';

type SortKey = 'name' | 'type' | 'country' | 'localShare' | 'directShare' | 'inScopeExpenditureUsd' | 'countedLocalUsd';

/** Each column; its header is dashboard:organizations.columns.<key>. */
const columns: { key: SortKey; numeric: boolean }[] = [
  { key: 'name', numeric: false },
  { key: 'type', numeric: false },
  { key: 'country', numeric: false },
  { key: 'localShare', numeric: true },
  { key: 'directShare', numeric: true },
  { key: 'inScopeExpenditureUsd', numeric: true },
  { key: 'countedLocalUsd', numeric: true },
];

function sortValue(t: TFunction, o: OrganizationFigures, key: SortKey): string | number | null {
  if (key === 'type') return organizationTypeLabel(t, o.type);
  if (key === 'country') return countryLabel(o.country, formatLocale());
  return o[key];
}

function compare(t: TFunction, a: OrganizationFigures, b: OrganizationFigures, key: SortKey, direction: 1 | -1): number {
  const x = sortValue(t, a, key);
  const y = sortValue(t, b, key);
  // Missing figures go last whichever the direction.
  if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
  const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), formatLocale());
  return order * direction || a.name.localeCompare(b.name, formatLocale());
}

/** Why a row has no funding figures at all, in words; null when it has some. */
function noFiguresReason(t: TFunction, o: OrganizationFigures): string | null {
  if (o.localShare !== null || o.inScopeExpenditureUsd !== null || o.countedLocalUsd !== null) return null;
  if (o.statuses.funding === 'not_applicable') return t('dashboard:organizations.noFigures.notApplicable');
  if (o.currency && o.usdPerUnit === null) return t('dashboard:organizations.noFigures.noRate', { currency: o.currency });
  return t('dashboard:organizations.noFigures.notReported');
}

/** A row's cell in a column. */
function cellOf(t: TFunction, o: OrganizationFigures, key: SortKey): ReactNode {
  switch (key) {
    case 'name':
      return (
        <>
          {o.name}
          {o.acronym ? <span className="muted"> ({o.acronym})</span> : null}
          {o.reportStatus === 'submitted' ? <span className="badge badge--submitted">{t('dashboard:organizations.notApproved')}</span> : null}
          {noFiguresReason(t, o) ? <span className="organizations-table__why muted small">{noFiguresReason(t, o)}</span> : null}
        </>
      );
    case 'type':
      return organizationTypeLabel(t, o.type);
    case 'country':
      return (
        <>
          {countryLabel(o.country, formatLocale())}
          {o.country === 'XK' ? '*' : null}
          <span className="visually-hidden">, {regionLabel(t, o.region)}</span>
        </>
      );
    case 'localShare':
    case 'directShare':
      return <Figure value={o[key]} kind="share" />;
    case 'inScopeExpenditureUsd':
    case 'countedLocalUsd':
      return <Figure value={o[key]} kind="usd" />;
  }
}

export function OrganizationsTable({ result, audience }: { result: MetricsOrganizations; audience: 'donor' | 'coordinator' }) {
  const { t } = useTranslation('dashboard');
  const [sort, setSort] = useState<{ key: SortKey; direction: 1 | -1 }>({ key: 'name', direction: 1 });
  const rows = [...result.organizations].sort((a, b) => compare(t, a, b, sort.key, sort.direction));
  const hasKosovo = rows.some((o) => o.country === 'XK');

  function sortBy(key: SortKey) {
    setSort((current) =>
      current.key === key ? { key, direction: current.direction === 1 ? -1 : 1 } : { key, direction: columns.find((c) => c.key === key)!.numeric ? -1 : 1 },
    );
  }

  if (rows.length === 0) {
    return <p className="muted">{t('dashboard:organizations.none', { year: result.year })}</p>;
  }

  return (
    <>
      <DataTable
        label={t('dashboard:organizations.title')}
        className="organizations-table"
        caption={
          audience === 'donor'
            ? t('dashboard:organizations.captionDonor', { count: rows.length, year: result.year })
            : t('dashboard:organizations.caption', { count: rows.length, year: result.year })
        }
        rows={rows}
        rowKey={(o) => o.organizationId}
        // Each header is a button that sorts by its column.
        columns={columns.map((c) => ({
          key: c.key,
          numeric: c.numeric,
          sorted: sort.key === c.key ? (sort.direction === 1 ? 'ascending' : 'descending') : undefined,
          rowHeader: c.key === 'name',
          header: (
            <button type="button" className="sort-button" onClick={() => sortBy(c.key)}>
              {t(`dashboard:organizations.columns.${c.key}`)}
              <span aria-hidden="true" className="sort-button__icon">
                {sort.key === c.key ? (sort.direction === 1 ? '▲' : '▼') : '↕'}
              </span>
            </button>
          ),
          cell: (o: OrganizationFigures) => cellOf(t, o, c.key),
        }))}
      />
      {hasKosovo ? <p className="footnote">* {t('common:kosovoFootnote')}</p> : null}
    </>
  );
}

// Per-organisation figures for donors (organisations that agreed to publish them) and coordinators
// (all). Sortable by any column with the keyboard; the same table downloads as CSV.
import { useState } from 'react';
import { TableScroller } from '../../../app/ui/TableScroller.tsx';
import { countryName, KOSOVO_FOOTNOTE } from '@lpt/shared/countries';
import type { MetricsOrganizations, OrganizationFigures } from '@lpt/shared/metrics';
import { organizationTypeLabels, regionLabels } from '../../../lib/labels.ts';
import { FigureCell } from './Figure.tsx';

type SortKey = 'name' | 'type' | 'country' | 'localShare' | 'directShare' | 'inScopeExpenditureUsd' | 'countedLocalUsd';

const columns: { key: SortKey; label: string; numeric: boolean }[] = [
  { key: 'name', label: 'Organisation', numeric: false },
  { key: 'type', label: 'Type', numeric: false },
  { key: 'country', label: 'Country', numeric: false },
  { key: 'localShare', label: 'Local share', numeric: true },
  { key: 'directShare', label: 'Direct share', numeric: true },
  { key: 'inScopeExpenditureUsd', label: 'In-scope spending (USD)', numeric: true },
  { key: 'countedLocalUsd', label: 'Counted local (USD)', numeric: true },
];

function sortValue(o: OrganizationFigures, key: SortKey): string | number | null {
  if (key === 'type') return organizationTypeLabels[o.type];
  if (key === 'country') return countryName(o.country);
  return o[key];
}

function compare(a: OrganizationFigures, b: OrganizationFigures, key: SortKey, direction: 1 | -1): number {
  const x = sortValue(a, key);
  const y = sortValue(b, key);
  // Missing figures go last whichever the direction.
  if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
  const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
  return order * direction || a.name.localeCompare(b.name);
}

export function OrganizationsTable({ result, audience }: { result: MetricsOrganizations; audience: 'donor' | 'coordinator' }) {
  const [sort, setSort] = useState<{ key: SortKey; direction: 1 | -1 }>({ key: 'name', direction: 1 });
  const rows = [...result.organizations].sort((a, b) => compare(a, b, sort.key, sort.direction));
  const hasKosovo = rows.some((o) => o.country === 'XK');

  function sortBy(key: SortKey) {
    setSort((current) =>
      current.key === key ? { key, direction: current.direction === 1 ? -1 : 1 } : { key, direction: columns.find((c) => c.key === key)!.numeric ? -1 : 1 },
    );
  }

  if (rows.length === 0) {
    return <p className="muted">No organisation’s figures can be shown for {result.year}.</p>;
  }

  return (
    <>
      <TableScroller label="Figures by organisation">
        <table className="data-table organizations-table">
          <caption>
            {audience === 'donor'
              ? `${rows.length} organisations that publish their figures, ${result.year}`
              : `${rows.length} organisations, ${result.year}`}
          </caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th
                  key={c.key}
                  scope="col"
                  className={c.numeric ? 'num' : undefined}
                  aria-sort={sort.key === c.key ? (sort.direction === 1 ? 'ascending' : 'descending') : undefined}
                >
                  <button type="button" className="sort-button" onClick={() => sortBy(c.key)}>
                    {c.label}
                    <span aria-hidden="true" className="sort-button__icon">
                      {sort.key === c.key ? (sort.direction === 1 ? '▲' : '▼') : '↕'}
                    </span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((o) => (
              <tr key={o.organizationId}>
                <th scope="row">
                  {o.name}
                  {o.acronym ? <span className="muted"> ({o.acronym})</span> : null}
                  {o.reportStatus === 'submitted' ? <span className="badge badge--submitted">not yet approved</span> : null}
                </th>
                <td>{organizationTypeLabels[o.type]}</td>
                <td>
                  {countryName(o.country)}
                  <span className="visually-hidden">, {regionLabels[o.region]}</span>
                </td>
                <FigureCell value={o.localShare} kind="share" />
                <FigureCell value={o.directShare} kind="share" />
                <FigureCell value={o.inScopeExpenditureUsd} kind="usd" />
                <FigureCell value={o.countedLocalUsd} kind="usd" />
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroller>
      {hasKosovo ? <p className="footnote">* {KOSOVO_FOOTNOTE}</p> : null}
    </>
  );
}

// The cells of a release's table withheld from one viewer, with why and how many organisations report
// in each ('' in a cell's region or type means all of them).
import { useTranslation } from 'react-i18next';
import type { SuppressionReason, OrganizationType, Region, TypeGroup } from '@lpt/shared/enums';
import { TableScroller } from '../../../ui/TableScroller.tsx';
import { formatCount, formatList } from '../../../lib/format.ts';
import { cellLabel, moneyFigureLabel, withheldLabel } from '../../../lib/labels.ts';

export interface WithheldCell {
  region: Region | '';
  organizationType: OrganizationType | '';
  /** A type group's cell ('' or absent otherwise). */
  typeGroup?: TypeGroup | '' | undefined;
  reason: SuppressionReason;
  organizationsReporting: number;
  /** Sums withheld inside a shown cell for this reason, or null when the whole cell is withheld. */
  figures?: string[] | null;
}

export function WithheldCellsTable({ caption, cells }: { caption: string; cells: readonly WithheldCell[] }) {
  const { t } = useTranslation('admin');
  if (cells.length === 0) return <p className="muted">{t('admin:withheld.none', { caption })}</p>;
  return (
    <TableScroller label={caption}>
      <table className="data-table withheld-cells">
        <caption>
          {t('admin:withheld.caption', { caption, count: cells.length })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('admin:withheld.cell')}</th>
            <th scope="col" className="num">
              {t('admin:withheld.reporting')}
            </th>
            <th scope="col">{t('admin:withheld.why')}</th>
          </tr>
        </thead>
        <tbody>
          {cells.map((c) => (
            <tr key={`${c.region}/${c.organizationType}/${c.typeGroup ?? ''}/${c.figures ? 'figures' : 'cell'}/${c.reason}`}>
              <th scope="row">{cellLabel(t, c)}</th>
              <td className="num">{formatCount(c.organizationsReporting)}</td>
              <td>
                {c.figures ? `${t('admin:withheld.figures', { figures: formatList(c.figures.map((f) => moneyFigureLabel(t, f))) })} ` : ''}
                {withheldLabel(t, c.reason)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroller>
  );
}

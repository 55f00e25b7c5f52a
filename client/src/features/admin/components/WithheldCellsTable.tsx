// The cells of a release's table withheld from one viewer, with why and how many organisations report
// in each ('' in a cell's region or type means all of them).
import { useTranslation } from 'react-i18next';
import type { SuppressionReason, OrganizationType, Region, TypeGroup } from '@lpt/shared/enums';
import { DataTable } from '../../../ui/DataTable.tsx';
import { formatCount, formatList } from '../../../lib/format.ts';
import { cellLabel, moneyFigureLabel, withheldReason } from '../../../lib/labels.ts';

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
  return (
    <DataTable
      label={caption}
      caption={t('admin:withheld.caption', { caption, count: cells.length })}
      className="withheld-cells"
      empty={<p className="muted">{t('admin:withheld.none', { caption })}</p>}
      rows={cells}
      rowKey={(c) => `${c.region}/${c.organizationType}/${c.typeGroup ?? ''}/${c.figures ? 'figures' : 'cell'}/${c.reason}`}
      columns={[
        { key: 'cell', header: t('admin:withheld.cell'), rowHeader: true, cell: (c) => cellLabel(t, c) },
        { key: 'reporting', header: t('admin:withheld.reporting'), numeric: true, cell: (c) => formatCount(c.organizationsReporting) },
        {
          key: 'why',
          header: t('admin:withheld.why'),
          cell: (c) => (
            <>
              {c.figures ? `${t('admin:withheld.figures', { figures: formatList(c.figures.map((f) => moneyFigureLabel(t, f))) })} ` : ''}
              {withheldReason(t, c.reason)}
            </>
          ),
        },
      ]}
    />
  );
}

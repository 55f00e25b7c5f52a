// One figure in a table or a tile: a share, a count or an amount, or the reason it is not shown.
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { SuppressionReason } from '@lpt/shared/enums';
import { formatCount, formatShare, formatUsd } from '../../../lib/format.ts';
import { withheldLabel } from '../../../lib/labels.ts';
import { DataTable } from '../../../ui/DataTable.tsx';

type Kind = 'share' | 'count' | 'usd';

/** Why a figure is withheld from this reader, if it is: its summary's reason, or 'alone' (lib/labels.ts figureWithheld). */
type Withheld = SuppressionReason | 'alone' | null | undefined;

export function figureText(t: TFunction, value: number | null | undefined, kind: Kind, withheld?: Withheld): string {
  if (withheld) return withheld === 'alone' ? t('common:withheldAlone') : withheldLabel(t, withheld);
  if (kind === 'share') return formatShare(value);
  if (kind === 'usd') return formatUsd(value);
  return formatCount(value);
}

export function Figure({ value, kind, withheld }: { value: number | null | undefined; kind: Kind; withheld?: Withheld }) {
  const { t } = useTranslation();
  const text = figureText(t, value, kind, withheld);
  const className = withheld ? 'cell-suppressed' : value == null || !Number.isFinite(value) ? 'cell-nodata' : undefined;
  return <span className={className}>{text}</span>;
}

export interface CountRow {
  key: string;
  label: string;
  count: number | null;
}

/** A chart's numbers as a two-column table: a label per row and its count (in its chart card, which scrolls it). */
export function CountTable(props: { caption: string; labelHeader: string; countHeader: string; rows: CountRow[]; withheld: Withheld }) {
  return (
    <DataTable
      caption={props.caption}
      scroller={false}
      rows={props.rows}
      rowKey={(r) => r.key}
      columns={[
        { key: 'label', header: props.labelHeader, rowHeader: true, cell: (r) => r.label },
        { key: 'count', header: props.countHeader, numeric: true, cell: (r) => <Figure value={r.count} kind="count" withheld={props.withheld} /> },
      ]}
    />
  );
}

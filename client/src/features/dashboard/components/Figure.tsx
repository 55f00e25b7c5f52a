// One figure in a table or a tile: a share, a count or an amount, or the reason it is not shown.
import { withheldText, type SuppressionReason } from '@lpt/shared/enums';
import { FIGURE_WITHHELD_TEXT, formatCount, formatShare, formatUsd, NO_DATA } from '../../../lib/format.ts';

type Kind = 'share' | 'count' | 'usd';

/** Why a figure is withheld from this reader, if it is: its summary's reason, or 'alone' (lib/format.ts figureWithheld). */
type Withheld = SuppressionReason | 'alone' | null | undefined;

export function figureText(value: number | null | undefined, kind: Kind, withheld?: Withheld): string {
  if (withheld) return withheld === 'alone' ? FIGURE_WITHHELD_TEXT : withheldText[withheld];
  if (kind === 'share') return formatShare(value);
  if (kind === 'usd') return formatUsd(value);
  return formatCount(value);
}

export function Figure({ value, kind, withheld }: { value: number | null | undefined; kind: Kind; withheld?: Withheld }) {
  const text = figureText(value, kind, withheld);
  const className = withheld ? 'cell-suppressed' : text === NO_DATA ? 'cell-nodata' : undefined;
  return <span className={className}>{text}</span>;
}

/** A numeric table cell. */
export function FigureCell(props: { value: number | null | undefined; kind: Kind; withheld?: Withheld }) {
  return (
    <td className="num">
      <Figure {...props} />
    </td>
  );
}

export interface CountRow {
  key: string;
  label: string;
  count: number | null;
}

/** A chart's numbers as a two-column table: a label per row and its count. */
export function CountTable(props: { caption: string; labelHeader: string; countHeader: string; rows: CountRow[]; withheld: Withheld }) {
  return (
    <table className="data-table">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{props.labelHeader}</th>
          <th scope="col" className="num">
            {props.countHeader}
          </th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.label}</th>
            <FigureCell value={r.count} kind="count" withheld={props.withheld} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

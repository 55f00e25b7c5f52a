// One figure in a table or a tile: a share, a count or an amount, or the reason it is not shown.
import { formatCount, formatShare, formatUsd, NO_DATA, SUPPRESSED_TEXT } from '../../../lib/format.ts';

type Kind = 'share' | 'count' | 'usd';

export function figureText(value: number | null | undefined, kind: Kind, suppressed = false): string {
  if (suppressed) return SUPPRESSED_TEXT;
  if (kind === 'share') return formatShare(value);
  if (kind === 'usd') return formatUsd(value);
  return formatCount(value);
}

export function Figure({ value, kind, suppressed = false }: { value: number | null | undefined; kind: Kind; suppressed?: boolean }) {
  const text = figureText(value, kind, suppressed);
  const className = suppressed ? 'cell-suppressed' : text === NO_DATA ? 'cell-nodata' : undefined;
  return <span className={className}>{text}</span>;
}

/** A numeric table cell. */
export function FigureCell(props: { value: number | null | undefined; kind: Kind; suppressed?: boolean }) {
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
export function CountTable(props: { caption: string; labelHeader: string; countHeader: string; rows: CountRow[]; suppressed: boolean }) {
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
            <FigureCell value={r.count} kind="count" suppressed={props.suppressed} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

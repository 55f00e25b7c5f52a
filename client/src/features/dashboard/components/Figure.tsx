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

// The one table of the web app: a caption (or another name), column headers with scope="col", an
// optional row header cell per row (scope="row"), numbers aligned right, and the TableScroller around it
// so a wide table scrolls inside itself on a phone instead of widening the page. Pages describe their
// columns; the markup, its accessibility and its look (the data-table classes) live here only.
import { Fragment, type HTMLAttributes, type Key, type ReactNode } from 'react';
import { TableScroller } from './TableScroller.tsx';
import './data-table.css';

export interface Column<Row> {
  /** Unique among the table's columns. */
  key: string;
  /** The header cell's content (a visually hidden text for a column of buttons; a button to sort by it). */
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  /** A column of figures: aligned right and kept on one line. */
  numeric?: boolean;
  /** The cell that names its row: a <th scope="row">. */
  rowHeader?: boolean;
  /** Classes of the column's cells, the same for each row or chosen per row. */
  className?: string | ((row: Row) => string | undefined);
  /** The column the table is sorted by, and which way (aria-sort on its header). */
  sorted?: 'ascending' | 'descending' | undefined;
  /**
   * A cell over this column and the next ones instead, for some rows (e.g. one "withheld" text over all of
   * a year's figures): the columns it covers are left out of that row. Undefined: the column's own cell.
   */
  span?: (row: Row) => SpanningCell | undefined;
}

/** One cell over several columns of a row: its content and classes are its own (not the column's). */
export interface SpanningCell {
  columns: number;
  content: ReactNode;
  className?: string;
}

/** Attributes of a row's <tr>: a class, an id to link to, data-* attributes that tests and styles read. */
export type RowAttributes = HTMLAttributes<HTMLTableRowElement> & { [data: `data-${string}`]: string | number | undefined };

/** A table is named by its caption or by a label; the label also names its scrolling region (the caption when absent). */
type Naming = { caption: string; label?: string } | { caption?: ReactNode; label: string };

export type DataTableProps<Row> = Naming & {
  /** The columns in order; false, null or undefined leaves one out (a column shown only sometimes). */
  columns: readonly (Column<Row> | false | null | undefined)[];
  rows: readonly Row[];
  /** React's key of a row; its position when absent (for lists that never reorder). */
  rowKey?: (row: Row, index: number) => Key;
  /** Read by screen readers only (the heading above already says it). */
  captionHidden?: boolean;
  captionId?: string;
  /** The id of a heading that names the table, instead of the label. */
  labelledBy?: string;
  describedBy?: string;
  /** Classes beside data-table (a page's own look of its table). */
  className?: string;
  /** Shown instead of the table when there are no rows; without it an empty list shows the bare table. */
  empty?: ReactNode;
  rowAttributes?: (row: Row) => RowAttributes;
  /** A row of its own under a row, over every column (what a row's "show" button unfolds); null: none. */
  details?: (row: Row) => ReactNode;
  detailsClassName?: string;
  /** False when what holds the table already scrolls it sideways (a chart card's "show the numbers"). */
  scroller?: boolean;
};

const classOf = <Row,>(column: Column<Row>, row: Row) => {
  const own = typeof column.className === 'function' ? column.className(row) : column.className;
  return [column.numeric ? 'num' : undefined, own].filter(Boolean).join(' ') || undefined;
};

function cellsOf<Row>(columns: readonly Column<Row>[], row: Row): ReactNode[] {
  const cells: ReactNode[] = [];
  for (let i = 0; i < columns.length; ) {
    const column = columns[i]!;
    const spanning = column.span?.(row);
    const covered = spanning ? Math.max(1, Math.min(spanning.columns, columns.length - i)) : 1;
    const props = spanning ? { className: spanning.className, colSpan: covered } : { className: classOf(column, row) };
    const content = spanning ? spanning.content : column.cell(row);
    cells.push(
      column.rowHeader ? (
        <th key={column.key} scope="row" {...props}>
          {content}
        </th>
      ) : (
        <td key={column.key} {...props}>
          {content}
        </td>
      ),
    );
    i += covered;
  }
  return cells;
}

export function DataTable<Row>(props: DataTableProps<Row>) {
  const columns = props.columns.filter((c): c is Column<Row> => Boolean(c));
  if (props.rows.length === 0 && props.empty !== undefined) return <>{props.empty}</>;
  const label = props.label ?? (props.caption as string);
  const named = props.caption !== undefined || props.labelledBy !== undefined;
  const table = (
    <table
      className={props.className ? `data-table ${props.className}` : 'data-table'}
      aria-label={named ? undefined : label}
      aria-labelledby={props.labelledBy}
      aria-describedby={props.describedBy}
    >
      {props.caption !== undefined ? (
        <caption id={props.captionId} className={props.captionHidden ? 'visually-hidden' : undefined}>
          {props.caption}
        </caption>
      ) : null}
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.key} scope="col" className={c.numeric ? 'num' : undefined} aria-sort={c.sorted}>
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row, index) => {
          const details = props.details?.(row);
          const key = props.rowKey ? props.rowKey(row, index) : index;
          const cells = <tr {...props.rowAttributes?.(row)}>{cellsOf(columns, row)}</tr>;
          return (
            <Fragment key={key}>
              {cells}
              {details == null ? null : (
                <tr className={props.detailsClassName}>
                  <td colSpan={columns.length}>{details}</td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
  return props.scroller === false ? table : <TableScroller label={label}>{table}</TableScroller>;
}


// The list under an admin page's form: loading, failure and empty states, then a table whose last
// column holds each row's buttons.
import type { Key, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable, type Column, type RowAttributes } from '../../../ui/DataTable.tsx';
import { QueryStatus } from '../../../ui/QueryStatus.tsx';

interface ListQuery<Row> {
  data: readonly Row[] | undefined;
  isPending: boolean;
  isError: boolean;
  error: unknown;
}

interface AdminTableProps<Row> {
  query: ListQuery<Row>;
  /** What the list holds (the table's name). */
  label: string;
  /** Shown instead of the table when the list is empty; without it an empty list shows the bare table. */
  empty?: string;
  /** The data columns (the actions column is added). */
  columns: Column<Row>[];
  /** A row's buttons, in the last column. */
  actions: (row: Row) => ReactNode;
  actionsClassName?: string;
  rowKey: (row: Row) => Key;
  rowAttributes?: (row: Row) => RowAttributes;
  /** Below the table, e.g. a footnote. */
  after?: ReactNode;
}

export function AdminTable<Row>({ query, label, empty, columns, actions, actionsClassName, rowKey, rowAttributes, after }: AdminTableProps<Row>) {
  const { t } = useTranslation('admin');
  const { data } = query;
  return (
    <>
      <QueryStatus query={query} empty={data?.length === 0} {...(empty === undefined ? {} : { emptyText: empty })} />
      {data && (empty === undefined || data.length > 0) ? (
        <>
          <DataTable
            label={label}
            rows={data}
            rowKey={rowKey}
            rowAttributes={rowAttributes}
            columns={[
              ...columns,
              {
                key: 'actions',
                header: <span className="visually-hidden">{t('admin:actions')}</span>,
                className: actionsClassName,
                cell: actions,
              },
            ]}
          />
          {after}
        </>
      ) : null}
    </>
  );
}

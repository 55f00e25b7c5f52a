// The list under an admin page's form: loading, failure and empty states, then a table whose last
// column holds each row's buttons.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryStatus } from '../../../ui/QueryStatus.tsx';

interface ListQuery<Row> {
  data: readonly Row[] | undefined;
  isPending: boolean;
  isError: boolean;
  error: unknown;
}

interface AdminTableProps<Row> {
  query: ListQuery<Row>;
  /** Shown instead of the table when the list is empty; without it an empty list shows the bare table. */
  empty?: string;
  /** Header cells of the data columns (the actions column is added). */
  columns: ReactNode;
  row: (row: Row) => ReactNode;
  /** Below the table, e.g. a footnote. */
  after?: ReactNode;
}

export function AdminTable<Row>({ query, empty, columns, row, after }: AdminTableProps<Row>) {
  const { t } = useTranslation('admin');
  const { data } = query;
  return (
    <>
      <QueryStatus query={query} empty={data?.length === 0} {...(empty === undefined ? {} : { emptyText: empty })} />
      {data && (empty === undefined || data.length > 0) ? (
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                {columns}
                <th scope="col">
                  <span className="visually-hidden">{t('admin:actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>{data.map(row)}</tbody>
          </table>
          {after}
        </div>
      ) : null}
    </>
  );
}

// What a list shows while its query is on the way, when it failed, or when it came back empty; the
// data itself is the caller's to show.
import { useTranslation } from 'react-i18next';
import { errorMessageOf } from '../lib/trpc.ts';

interface QueryLike {
  isPending: boolean;
  isError: boolean;
  error: unknown;
}

export function QueryStatus({ query, empty, emptyText }: { query: QueryLike; empty?: boolean; emptyText?: string }) {
  const { t } = useTranslation();
  if (query.isPending) return <p className="muted">{t('common:loading')}</p>;
  if (query.isError) return <p className="alert alert--error">{errorMessageOf(query.error, t)}</p>;
  if (empty && emptyText) return <p className="muted">{emptyText}</p>;
  return null;
}

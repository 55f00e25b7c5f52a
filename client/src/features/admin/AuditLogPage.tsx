// The audit log: every change to organisations, accounts, cycles and exchange rates, newest first, with
// who made it and each field's value before and after. Filters (what, who, from, to) live in the URL so a
// view can be shared; "Older entries" pages back through the log (audit.list's `before` cursor).
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { auditEntities } from '@lpt/shared/enums';
import { formatDateTime } from '../../lib/format.ts';
import { useTRPC, useTRPCClient, type RouterOutputs } from '../../lib/trpc.ts';
import { usePageTitle } from '../../lib/usePageTitle.ts';
import { useSearchParam } from '../../lib/useSearchParam.ts';
import { QueryStatus } from '../../ui/QueryStatus.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import './admin.css';

type Entry = RouterOutputs['audit']['list'][number];
type Entity = (typeof auditEntities)[number];
const PAGE = 50;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** A value as it was stored: empty, yes/no, or as written. */
function valueText(t: TFunction, value: unknown): string {
  if (value === null || value === undefined || value === '') return t('admin:audit.empty');
  if (typeof value === 'boolean') return value ? t('admin:audit.yes') : t('admin:audit.no');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function subjectOf(t: TFunction, e: Entry): string {
  if (e.entity === 'cycle') return t('admin:audit.cycleOf', { year: e.entityKey });
  if (e.entity === 'rate') return t('admin:audit.rateOf', { key: e.entityKey });
  if (e.entity === 'release') {
    // Keyed "<year>-<number>" (releases.service.ts).
    const [year, number] = e.entityKey.split('-');
    return t('admin:audit.releaseOf', { year, number });
  }
  return e.subjectName ?? `#${e.entityKey}`;
}

export default function AuditLogPage() {
  const { t } = useTranslation('admin');
  usePageTitle(t('admin:audit.title'));
  const trpc = useTRPC();
  const client = useTRPCClient();
  const [params, set] = useSearchParam();
  const entity = (auditEntities as readonly string[]).includes(params.get('entity') ?? '') ? (params.get('entity') as Entity) : undefined;
  const actorId = Number(params.get('actor')) > 0 ? Number(params.get('actor')) : undefined;
  const fromDate = isoDate.test(params.get('from') ?? '') ? params.get('from')! : undefined;
  const toDate = isoDate.test(params.get('to') ?? '') ? params.get('to')! : undefined;
  const filter = { entity, actorId, fromDate, toDate: toDate && fromDate && toDate < fromDate ? undefined : toDate };

  const users = useQuery(trpc.users.list.queryOptions());
  const entries = useInfiniteQuery({
    queryKey: ['audit.list', filter],
    queryFn: ({ pageParam }) => client.audit.list.query({ ...filter, limit: PAGE, before: pageParam }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => (last.length === PAGE ? last[last.length - 1]!.id : undefined),
  });
  const rows = entries.data?.pages.flat() ?? [];


  return (
    <div className="page admin-page">
      <header className="page-header">
        <h1>{t('admin:audit.title')}</h1>
        <p>{t('admin:audit.intro')}</p>
      </header>
      <section className="card" aria-labelledby="audit-filters-title">
        <h2 id="audit-filters-title" className="visually-hidden">
          {t('admin:audit.filters')}
        </h2>
        <div className="audit-filters">
          <div className="field">
            <label htmlFor="audit-entity">{t('admin:audit.entity')}</label>
            <select id="audit-entity" value={entity ?? ''} onChange={(e) => set('entity', e.target.value)}>
              <option value="">{t('admin:audit.allEntities')}</option>
              {auditEntities.map((e) => (
                <option key={e} value={e}>
                  {t(`admin:audit.entities.${e}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="audit-actor">{t('admin:audit.actor')}</label>
            <select id="audit-actor" value={actorId ?? ''} onChange={(e) => set('actor', e.target.value)}>
              <option value="">{t('admin:audit.anyone')}</option>
              {(users.data ?? []).map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name} ({u.email})
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="audit-from">{t('admin:audit.from')}</label>
            <input id="audit-from" type="date" value={fromDate ?? ''} onChange={(e) => set('from', e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="audit-to">{t('admin:audit.to')}</label>
            <input id="audit-to" type="date" value={toDate ?? ''} min={fromDate} onChange={(e) => set('to', e.target.value)} />
          </div>
        </div>
      </section>
      <section className="card" aria-labelledby="audit-entries-title">
        <h2 id="audit-entries-title">{t('admin:audit.entries')}</h2>
        <QueryStatus query={entries} />
        {entries.data && rows.length === 0 ? <p className="muted">{t('admin:audit.none')}</p> : null}
        {rows.length > 0 ? (
          <DataTable
            label={t('admin:audit.entries')}
            className="audit-table"
            rows={rows}
            rowKey={(e) => e.id}
            rowAttributes={(e) => ({ 'data-audit-entry': e.id })}
            columns={[
              { key: 'when', header: t('admin:audit.when'), cell: (e) => formatDateTime(e.at) },
              { key: 'who', header: t('admin:audit.who'), cell: (e) => e.actorName ?? t('admin:audit.system') },
              {
                key: 'what',
                header: t('admin:audit.what'),
                cell: (e) => (
                  <>
                    <span className="audit-table__entity">{t(`admin:audit.entities.${e.entity}`)}</span> {subjectOf(t, e)}
                    <br />
                    <span className="muted small">{t(`admin:audit.actions.${e.action}`, { defaultValue: e.action })}</span>
                  </>
                ),
              },
              {
                key: 'changes',
                header: t('admin:audit.changes'),
                cell: (e) =>
                  e.changes.length === 0 ? (
                    <span className="muted">{t('admin:audit.noFieldChanged')}</span>
                  ) : (
                    <ul className="audit-table__changes">
                      {e.changes.map((c) => (
                        <li key={c.field}>
                          <code>{c.field}</code>: {valueText(t, c.from)} → {valueText(t, c.to)}
                        </li>
                      ))}
                    </ul>
                  ),
              },
            ]}
          />
        ) : null}
        {entries.hasNextPage ? (
          <button type="button" className="button" disabled={entries.isFetchingNextPage} onClick={() => void entries.fetchNextPage()}>
            {t('admin:audit.older')}
          </button>
        ) : null}
      </section>
    </div>
  );
}

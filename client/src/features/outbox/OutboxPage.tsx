// The coordinators' view of every e-mail the tracker writes (the outbox): what is queued, sent or failed,
// to whom, at which reminder stage, after how many attempts and with which last error, and the text of
// one message. Without a mail server configured (SMTP_URL) messages stay here, queued. Below: "send a
// reminder now" to chosen organisations of an open cycle that have not submitted.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useController, useForm, type FieldError } from 'react-hook-form';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { outboxKinds, outboxStatuses } from '@lpt/shared/enums';
import { remindNowInput } from '@lpt/shared/schemas';
import { codedResolver } from '../../lib/codedResolver.ts';
import { formatCount, formatDateTime } from '../../lib/format.ts';
import { useTRPC, type RouterOutputs } from '../../lib/trpc.ts';
import { usePageTitle } from '../../lib/usePageTitle.ts';
import { ErrorText, FormField, FormStatus, submitWithServerErrors, toNumber, FormServerError } from '../../ui/FormField.tsx';
import { QueryStatus } from '../../ui/QueryStatus.tsx';
import { DataTable, type Column } from '../../ui/DataTable.tsx';
import './outbox.css';

/** The newest messages shown at once; the counts above the list cover every message. */
const LIST_LIMIT = 200;

type Message = RouterOutputs['outbox']['list']['messages'][number];
type Status = (typeof outboxStatuses)[number];
type Kind = (typeof outboxKinds)[number];

export default function OutboxPage() {
  const { t } = useTranslation(['outbox', 'validation']);
  usePageTitle(t('outbox:title'));
  const trpc = useTRPC();
  const [status, setStatus] = useState<Status | ''>('');
  const [kind, setKind] = useState<Kind | ''>('');
  const [shown, setShown] = useState<number | null>(null);
  const list = useQuery({
    ...trpc.outbox.list.queryOptions({ ...(status ? { status } : {}), ...(kind ? { kind } : {}), limit: LIST_LIMIT }),
    refetchInterval: 10_000,
  });

  return (
    <div className="outbox-page">
      <header className="page-header">
        <div>
          <h1>{t('outbox:title')}</h1>
          <p>{t('outbox:intro')}</p>
        </div>
      </header>
      {list.data ? (
        <p className={list.data.delivering ? 'alert alert--info' : 'alert alert--warning'} role="note">
          {list.data.delivering ? t('outbox:delivering') : t('outbox:notDelivering')}
        </p>
      ) : null}

      <RemindNow />

      <section className="card" aria-labelledby="outbox-messages-title">
        <h2 id="outbox-messages-title">{t('outbox:messages')}</h2>
        {list.data ? (
          <p className="outbox-counts">
            {outboxStatuses.map((s) => (
              <span key={s} className={`badge badge--outbox-${s}`}>
                {t(`outbox:status.${s}`)}: {formatCount(list.data.counts[s])}
              </span>
            ))}
          </p>
        ) : null}
        <div className="outbox-filters">
          <div className="field">
            <label htmlFor="outbox-status">{t('outbox:filterStatus')}</label>
            <select id="outbox-status" value={status} onChange={(e) => setStatus(e.target.value as Status | '')}>
              <option value="">{t('outbox:all')}</option>
              {outboxStatuses.map((s) => (
                <option key={s} value={s}>
                  {t(`outbox:status.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="outbox-kind">{t('outbox:filterKind')}</label>
            <select id="outbox-kind" value={kind} onChange={(e) => setKind(e.target.value as Kind | '')}>
              <option value="">{t('outbox:all')}</option>
              {outboxKinds.map((k) => (
                <option key={k} value={k}>
                  {t(`outbox:kind.${k}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <QueryStatus query={list} empty={list.data?.messages.length === 0} emptyText={t('outbox:empty')} />
        {list.data && list.data.messages.length >= LIST_LIMIT ? <p className="small muted">{t('outbox:latest', { count: LIST_LIMIT })}</p> : null}
        {list.data && list.data.messages.length > 0 ? (
          <DataTable
            label={t('outbox:messages')}
            className="outbox-table"
            rows={list.data.messages}
            rowKey={(m) => m.id}
            columns={messageColumns(t, shown, (id) => setShown(shown === id ? null : id))}
            // A message shown opens in a row beneath its own.
            details={(m) => (shown === m.id ? <MessageView id={m.id} onClose={() => setShown(null)} /> : null)}
            detailsClassName="outbox-message-row"
          />
        ) : null}
      </section>
    </div>
  );
}

/** A message's cells; its last holds the button that shows the message itself in a row beneath it. */
function messageColumns(t: TFunction, shown: number | null, onToggle: (id: number) => void): Column<Message>[] {
  return [
    {
      key: 'recipient',
      header: t('outbox:recipient'),
      rowHeader: true,
      cell: (m) => (
        <>
          {m.recipientName ?? m.email}
          <br />
          <span className="small muted">{m.email}</span>
        </>
      ),
    },
    {
      key: 'message',
      header: t('outbox:message'),
      cell: (m) => (
        <>
          {m.stage ? t(`outbox:stage.${m.stage}`) : t(`outbox:kind.${m.kind}`)}
          {m.cycleYear ? ` · ${m.cycleYear}` : ''}
          {m.organizationName ? (
            <>
              <br />
              <span className="small">{m.organizationName}</span>
            </>
          ) : null}
          <br />
          <span className="small muted">{formatDateTime(m.createdAt)}</span>
        </>
      ),
    },
    {
      key: 'status',
      header: t('outbox:statusColumn'),
      cell: (m) => (
        <>
          <span className={`badge badge--outbox-${m.status}`}>{t(`outbox:status.${m.status}`)}</span>
          {m.status === 'sent' && m.sentAt ? <span className="small muted"> {formatDateTime(m.sentAt)}</span> : null}
          {m.status === 'queued' && m.attempts > 0 ? (
            <span className="small muted"> {t('outbox:nextAttempt', { at: formatDateTime(m.nextAttemptAt) })}</span>
          ) : null}
        </>
      ),
    },
    { key: 'attempts', header: t('outbox:attempts'), cell: (m) => formatCount(m.attempts) },
    { key: 'lastError', header: t('outbox:lastError'), className: 'outbox-error', cell: (m) => m.lastError ?? '—' },
    {
      key: 'actions',
      header: <span className="visually-hidden">{t('outbox:actions')}</span>,
      cell: (m) => (
        <button
          type="button"
          className="button button--small"
          aria-expanded={shown === m.id}
          aria-label={shown === m.id ? t('outbox:hideTo', { email: m.email }) : t('outbox:showTo', { email: m.email })}
          onClick={() => onToggle(m.id)}
        >
          {shown === m.id ? t('outbox:hide') : t('outbox:show')}
        </button>
      ),
    },
  ];
}

function MessageView({ id, onClose }: { id: number; onClose: () => void }) {
  const { t } = useTranslation('outbox');
  const trpc = useTRPC();
  const message = useQuery(trpc.outbox.get.queryOptions({ id }));
  return (
    <section className="outbox-message" aria-labelledby={`outbox-message-title-${id}`}>
      <h3 id={`outbox-message-title-${id}`}>{t('outbox:oneMessage')}</h3>
      <QueryStatus query={message} />
      {message.data ? (
        <>
          <dl className="outbox-headers">
            <dt>{t('outbox:to')}</dt>
            <dd>{message.data.email}</dd>
            <dt>{t('outbox:subject')}</dt>
            <dd>{message.data.subject}</dd>
            <dt>{t('outbox:language')}</dt>
            <dd>{message.data.locale.toUpperCase()}</dd>
          </dl>
          <pre className="outbox-body" lang={message.data.locale}>
            {message.data.textBody}
          </pre>
        </>
      ) : null}
      <button type="button" className="button" onClick={onClose}>
        {t('outbox:close')}
      </button>
    </section>
  );
}

type Reminded = RouterOutputs['outbox']['remindNow'];

/** What a "send a reminder now" did, and why it queued fewer reminders than accounts concerned. */
function remindedText(t: TFunction, result: Reminded, organizations: number): string {
  const when = result.remindedAt ? formatDateTime(result.remindedAt) : '';
  if (result.recipients === 0) return t('outbox:remindNoAccount', { count: organizations });
  if (result.queued === 0) return t('outbox:remindNoneQueued', { count: result.alreadyReminded, date: when });
  const queued = t('outbox:remindQueued', { count: result.queued });
  return result.alreadyReminded > 0 ? `${queued} ${t('outbox:remindOthersAlready', { count: result.alreadyReminded, date: when })}` : queued;
}

type RemindInput = z.input<typeof remindNowInput>;
type RemindValues = z.output<typeof remindNowInput>;

/** "Send a reminder now": an open cycle, then the organisations of it that have not submitted. */
function RemindNow() {
  const { t } = useTranslation(['outbox', 'validation']);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const cycles = useQuery(trpc.cycles.list.queryOptions());
  const openYears = (cycles.data ?? []).filter((c) => c.status === 'open').map((c) => c.year);
  const [message, setMessage] = useState<string | null>(null);
  // The answer is scrolled into view if the button was at the screen's bottom edge.
  const statusRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (message) statusRef.current?.scrollIntoView({ block: 'nearest' });
  }, [message]);
  const form = useForm<RemindInput, unknown, RemindValues>({
    resolver: codedResolver(remindNowInput),
    defaultValues: { organizationIds: [] } as unknown as RemindInput,
  });
  const firstOpenYear = openYears[0];
  // The newest open cycle is chosen until the coordinator picks another.
  useEffect(() => {
    if (firstOpenYear != null && form.getValues('year') == null) form.setValue('year', firstOpenYear);
  }, [firstOpenYear, form]);
  const year = form.watch('year') ?? firstOpenYear;
  const compliance = useQuery({ ...trpc.reports.compliance.queryOptions({ year: year ?? 0 }), enabled: year != null });
  const waiting = (compliance.data?.organizations ?? []).filter((o) => o.state === 'not_started' || o.state === 'draft' || o.state === 'returned');
  const remind = useMutation(trpc.outbox.remindNow.mutationOptions());
  const { field: chosen } = useController({ control: form.control, name: 'organizationIds' });
  const ids = (chosen.value ?? []) as number[];
  const errors = form.formState.errors;

  const onSubmit = submitWithServerErrors(form, ['year', 'organizationIds'], async (values) => {
    const result = await remind.mutateAsync(values);
    await queryClient.invalidateQueries({ queryKey: trpc.outbox.pathKey() });
    form.setValue('organizationIds', []);
    setMessage(remindedText(t, result, values.organizationIds.length));
  });

  if (cycles.data && openYears.length === 0) return <p className="muted">{t('outbox:noOpenCycle')}</p>;
  return (
    <section className="card" aria-labelledby="remind-now-title">
      <h2 id="remind-now-title">{t('outbox:remindNow')}</h2>
      <p>{t('outbox:remindIntro')}</p>
      <form noValidate onSubmit={(e) => void onSubmit(e)}>
        <FormField id="remind-year" label={t('outbox:cycle')} error={errors.year}>
          <select {...form.register('year', { setValueAs: toNumber })}>
            {openYears.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </FormField>
        <fieldset className="field" aria-describedby={errors.organizationIds ? 'remind-organizations-error' : undefined}>
          <legend>{t('outbox:organizations')}</legend>
          <QueryStatus query={compliance} empty={compliance.data != null && waiting.length === 0} emptyText={t('outbox:everyoneSubmitted')} />
          {waiting.length > 0 ? (
            <label className="choice">
              <input
                type="checkbox"
                checked={waiting.every((o) => ids.includes(o.organizationId))}
                onChange={(e) => chosen.onChange(e.target.checked ? waiting.map((o) => o.organizationId) : [])}
              />
              {t('outbox:allWaiting', { count: waiting.length })}
            </label>
          ) : null}
          <ul className="remind-list">
            {waiting.map((o) => (
              <li key={o.organizationId}>
                <label className="choice">
                  <input
                    type="checkbox"
                    checked={ids.includes(o.organizationId)}
                    onChange={(e) =>
                      chosen.onChange(e.target.checked ? [...ids, o.organizationId] : ids.filter((id) => id !== o.organizationId))
                    }
                  />
                  {o.organizationName} <span className="small muted">({t(`outbox:reportState.${o.state}`)})</span>
                </label>
              </li>
            ))}
          </ul>
          {errors.organizationIds ? (
            <p id="remind-organizations-error" className="field__error">
              <ErrorText error={errors.organizationIds as FieldError} />
            </p>
          ) : null}
        </fieldset>
        <FormServerError errors={errors} />
        <button type="submit" className="button button--primary" disabled={form.formState.isSubmitting}>
          {t('outbox:send')}
        </button>
        {/* Beside the button, where the coordinator is looking, not above a list that may be long. */}
        <div ref={statusRef}>
          <FormStatus message={message} />
        </div>
      </form>
    </section>
  );
}

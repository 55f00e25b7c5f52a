// Reporting cycles: one per calendar year, with the date it opens, the due date (reports after it are
// late) and whether it is open. A closed cycle accepts no change to its reports.
import { codedResolver } from '../../lib/codedResolver.ts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { cycleStatuses } from '@lpt/shared/enums';
import { cycleUpsertInput } from '@lpt/shared/schemas';
import { formatDate } from '../../lib/format.ts';
import { useTRPC, type RouterOutputs } from '../../lib/trpc.ts';
import { usePageTitle } from '../../lib/usePageTitle.ts';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { QueryStatus } from '../../ui/QueryStatus.tsx';
import { AdminForm } from './components/AdminForm.tsx';
import { AdminPage, useAdminEditing } from './components/AdminPage.tsx';
import { AdminTable } from './components/AdminTable.tsx';
import { FormField, showServerErrors, submitWithServerErrors, toNumber, ErrorText } from '../../ui/FormField.tsx';
import './admin.css';

type Cycle = RouterOutputs['cycles']['list'][number];
type CycleInput = z.input<typeof cycleUpsertInput>;
type CycleValues = z.output<typeof cycleUpsertInput>;

const fields = ['year', 'opensOn', 'dueOn', 'status'] as const;

export default function CyclesPage() {
  const { t } = useTranslation(['admin', 'validation']);
  usePageTitle(t('admin:cycles.title'));
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const cycles = useQuery(trpc.cycles.list.queryOptions());
  const upsert = useMutation(trpc.cycles.upsert.mutationOptions());
  const editing = useAdminEditing<Cycle>();

  /** The cycle whose closing or opening the coordinator is asked to confirm. */
  const [confirming, setConfirming] = useState<Cycle | null>(null);

  const toggle = (cycle: Cycle) =>
    editing.runRowAction(async () => {
      setConfirming(null);
      const status = cycle.status === 'open' ? 'closed' : 'open';
      await upsert.mutateAsync({ year: cycle.year, opensOn: cycle.opensOn, dueOn: cycle.dueOn, status });
      await queryClient.invalidateQueries({ queryKey: trpc.cycles.pathKey() });
      return status === 'open' ? t('admin:cycles.opened', { year: cycle.year }) : t('admin:cycles.closed', { year: cycle.year });
    });

  return (
    <AdminPage
      title={t('admin:cycles.title')}
      intro={t('admin:cycles.intro')}
      newLabel={t('admin:cycles.new')}
      editing={editing}
      form={
        editing.editing ? (
          <CycleForm
            key={editing.editing === 'new' ? 'new' : editing.editing.year}
            cycle={editing.editing === 'new' ? null : editing.editing}
            nextYear={Math.max(new Date().getFullYear() - 1, ...(cycles.data ?? []).map((c) => c.year + 1))}
            onDone={editing.done}
            onCancel={editing.cancel}
          />
        ) : null
      }
    >
      <section className="card" aria-labelledby="cycles-title">
        <h2 id="cycles-title">{t('admin:cycles.list')}</h2>
        <AdminTable
          query={cycles}
          empty={t('admin:cycles.empty')}
          label={t('admin:cycles.list')}
          rowKey={(c) => c.year}
          columns={[
            { key: 'year', header: t('admin:cycles.year'), rowHeader: true, cell: (c) => c.year },
            { key: 'opens', header: t('admin:cycles.opens'), cell: (c) => formatDate(c.opensOn) },
            { key: 'due', header: t('admin:cycles.due'), cell: (c) => formatDate(c.dueOn) },
            {
              key: 'status',
              header: t('admin:cycles.status'),
              cell: (c) =>
                c.status === 'open' ? (
                  <span className="badge badge--approved">{t('admin:cycles.statusOpen')}</span>
                ) : (
                  <span className="badge">{t('admin:cycles.statusClosed')}</span>
                ),
            },
          ]}
          actionsClassName="actions"
          actions={(c) => (
            <>
              <button
                type="button"
                className="button button--small"
                aria-label={t('admin:cycles.editYear', { year: c.year })}
                onClick={() => editing.edit(c)}
              >
                {t('admin:edit')}
              </button>{' '}
              <button type="button" className="button button--small" disabled={upsert.isPending} onClick={() => setConfirming(c)}>
                {c.status === 'open' ? t('admin:cycles.closeYear', { year: c.year }) : t('admin:cycles.openYear', { year: c.year })}
              </button>
            </>
          )}
        />
      </section>
      <ToggleConfirmation cycle={confirming} onConfirm={(c) => void toggle(c)} onCancel={() => setConfirming(null)} />
    </AdminPage>
  );
}

/**
 * What closing or opening a year does, asked before it is done: closing freezes the reports not yet
 * approved (counted by status) and publishes a release; opening lets signatories report and reminds them.
 */
function ToggleConfirmation({ cycle, onConfirm, onCancel }: { cycle: Cycle | null; onConfirm: (c: Cycle) => void; onCancel: () => void }) {
  const { t } = useTranslation('admin');
  const trpc = useTRPC();
  // The dialog keeps the cycle it asked about while it closes (and its focus goes back to the button).
  const [shown, setShown] = useState(cycle);
  if (cycle && cycle !== shown) setShown(cycle);
  const closing = shown?.status === 'open';
  const counts = useQuery({ ...trpc.cycles.reportCounts.queryOptions({ year: shown?.year ?? 0 }), enabled: cycle !== null && closing, staleTime: 0 });
  if (!shown) return null;
  const year = shown.year;
  const today = new Date().toISOString().slice(0, 10);
  const c = counts.data;
  return (
    <ConfirmDialog
      open={cycle !== null}
      title={closing ? t('admin:cycles.closeTitle', { year }) : t('admin:cycles.openTitle', { year })}
      confirmLabel={closing ? t('admin:cycles.closeYear', { year }) : t('admin:cycles.openYear', { year })}
      cancelLabel={t('admin:cancel')}
      onConfirm={() => onConfirm(shown)}
      onCancel={onCancel}
    >
      {closing ? (
        <>
          {c ? (
            <p>
              {t('admin:cycles.closeCounts', {
                year,
                // Each count with its own plural ("1 draft", "2 drafts"), not one sentence for every number.
                draft: t('admin:cycles.draftCount', { count: c.draft }),
                returned: t('admin:cycles.returnedCount', { count: c.returned }),
                submitted: t('admin:cycles.submittedCount', { count: c.submitted }),
              })}
            </p>
          ) : (
            <QueryStatus query={counts} />
          )}
          <p>
            {shown.dueOn < today
              ? t('admin:cycles.closeDuePassed', { date: formatDate(shown.dueOn) })
              : t('admin:cycles.closeDueAhead', { date: formatDate(shown.dueOn) })}
          </p>
          <p>{t('admin:cycles.closeRelease', { year, count: c?.approved ?? 0 })}</p>
        </>
      ) : (
        <p>{t('admin:cycles.openText', { year, date: formatDate(shown.opensOn) })}</p>
      )}
    </ConfirmDialog>
  );
}

function CycleForm({
  cycle,
  nextYear,
  onDone,
  onCancel,
}: {
  cycle: Cycle | null;
  nextYear: number;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation(['admin', 'validation']);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const upsert = useMutation(trpc.cycles.upsert.mutationOptions());
  const form = useForm<CycleInput, unknown, CycleValues>({
    resolver: codedResolver(cycleUpsertInput),
    defaultValues: cycle ?? { year: nextYear, opensOn: `${nextYear}-11-01`, dueOn: `${nextYear + 1}-03-31`, status: 'open' },
  });
  const { register } = form;
  const errors = form.formState.errors;

  const save = async (values: CycleValues) => {
    await upsert.mutateAsync(values);
    await queryClient.invalidateQueries({ queryKey: trpc.cycles.pathKey() });
    onDone(t('admin:cycles.saved', { year: values.year }));
  };
  /** Values that close or open the year, held while the dialog asks (as the row's button does). */
  const [asking, setAsking] = useState<{ values: CycleValues; cycle: Cycle } | null>(null);
  const onSubmit = submitWithServerErrors(form, fields, async (values) => {
    if (cycle && values.status !== cycle.status) setAsking({ values, cycle: { ...values, status: cycle.status } });
    else await save(values);
  });
  const confirmed = async () => {
    const values = asking?.values;
    setAsking(null);
    if (!values) return;
    try {
      await save(values);
    } catch (error) {
      showServerErrors(form, error, fields);
    }
  };

  return (
    <AdminForm
      titleId="cycle-form-title"
      title={cycle ? t('admin:cycles.editYear', { year: cycle.year }) : t('admin:cycles.new')}
      form={form}
      onSubmit={onSubmit}
      submitLabel={t('admin:cycles.save')}
      onCancel={onCancel}
    >
      <FormField id="cycle-year" label={t('admin:cycles.yearReported')} error={errors.year}>
        <input type="number" inputMode="numeric" readOnly={!!cycle} {...register('year', { setValueAs: toNumber })} />
      </FormField>
      <FormField id="cycle-opens" label={t('admin:cycles.opensOn')} error={errors.opensOn}>
        <input type="date" {...register('opensOn')} />
      </FormField>
      <FormField id="cycle-due" label={t('admin:cycles.dueOn')} hint={t('admin:cycles.dueHint')} error={errors.dueOn}>
        <input type="date" {...register('dueOn')} />
      </FormField>
      <fieldset className="field" aria-describedby={errors.status ? 'cycle-status-error' : undefined}>
        <legend>{t('admin:cycles.status')}</legend>
        {cycleStatuses.map((s) => (
          <label key={s} className="choice">
            <input type="radio" value={s} {...register('status')} />
            {s === 'open' ? t('admin:cycles.choiceOpen') : t('admin:cycles.choiceClosed')}
          </label>
        ))}
        {errors.status ? (
          <p id="cycle-status-error" className="field__error">
            <ErrorText error={errors.status} />
          </p>
        ) : null}
      </fieldset>
      <ToggleConfirmation cycle={asking?.cycle ?? null} onConfirm={() => void confirmed()} onCancel={() => setAsking(null)} />
    </AdminForm>
  );
}

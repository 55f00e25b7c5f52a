// Reporting cycles: one per calendar year, with the date it opens, the due date (reports after it are
// late) and whether it is open. A closed cycle accepts no change to its reports.
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { cycleStatuses } from '@lpt/shared/enums';
import { cycleUpsertInput } from '@lpt/shared/schemas';
import { formatDate } from '../../lib/format.ts';
import { errorMessageOf, useTRPC, type RouterOutputs } from '../../lib/trpc.ts';
import { usePageTitle } from '../../lib/usePageTitle.ts';
import { FormField, FormStatus, showServerErrors, toNumber } from './components/FormField.tsx';
import './admin.css';

type Cycle = RouterOutputs['cycles']['list'][number];
type CycleInput = z.input<typeof cycleUpsertInput>;
type CycleValues = z.output<typeof cycleUpsertInput>;

const fields = ['year', 'opensOn', 'dueOn', 'status'] as const;

export default function CyclesPage() {
  usePageTitle('Reporting cycles');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const cycles = useQuery(trpc.cycles.list.queryOptions());
  const upsert = useMutation(trpc.cycles.upsert.mutationOptions());
  const [editing, setEditing] = useState<Cycle | 'new' | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [rowError, setRowError] = useState<string | null>(null);

  async function toggle(cycle: Cycle) {
    setRowError(null);
    const status = cycle.status === 'open' ? 'closed' : 'open';
    try {
      await upsert.mutateAsync({ year: cycle.year, opensOn: cycle.opensOn, dueOn: cycle.dueOn, status });
      await queryClient.invalidateQueries({ queryKey: trpc.cycles.pathKey() });
      setMessage(status === 'open' ? `The ${cycle.year} cycle is open.` : `The ${cycle.year} cycle is closed.`);
    } catch (error) {
      setRowError(errorMessageOf(error));
    }
  }

  return (
    <div className="admin-page">
      <header className="page-header">
        <div>
          <h1>Reporting cycles</h1>
          <p>Reports submitted after the due date are marked late. A closed cycle accepts no change.</p>
        </div>
        <button
          type="button"
          className="button button--primary"
          onClick={() => {
            setMessage(null);
            setEditing('new');
          }}
        >
          New cycle
        </button>
      </header>
      <FormStatus message={message} />
      {editing ? (
        <CycleForm
          key={editing === 'new' ? 'new' : editing.year}
          cycle={editing === 'new' ? null : editing}
          nextYear={Math.max(new Date().getFullYear() - 1, ...(cycles.data ?? []).map((c) => c.year + 1))}
          onDone={(text) => {
            setEditing(null);
            setMessage(text);
          }}
          onCancel={() => setEditing(null)}
        />
      ) : null}
      {rowError ? (
        <p className="alert alert--error" role="alert">
          {rowError}
        </p>
      ) : null}
      <section className="card" aria-labelledby="cycles-title">
        <h2 id="cycles-title">Cycles</h2>
        {cycles.isPending ? <p className="muted">Loading…</p> : null}
        {cycles.isError ? <p className="alert alert--error">{errorMessageOf(cycles.error)}</p> : null}
        {cycles.data && cycles.data.length === 0 ? <p className="muted">No cycle yet.</p> : null}
        {cycles.data && cycles.data.length > 0 ? (
          <div className="table-wrap">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Year</th>
                  <th scope="col">Opens</th>
                  <th scope="col">Due</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {cycles.data.map((c) => (
                  <tr key={c.year}>
                    <th scope="row">{c.year}</th>
                    <td>{formatDate(c.opensOn)}</td>
                    <td>{formatDate(c.dueOn)}</td>
                    <td>{c.status === 'open' ? <span className="badge badge--approved">Open</span> : <span className="badge">Closed</span>}</td>
                    <td className="actions">
                      <button
                        type="button"
                        className="button button--small"
                        aria-label={`Edit the ${c.year} cycle`}
                        onClick={() => {
                          setMessage(null);
                          setEditing(c);
                          window.scrollTo({ top: 0 });
                        }}
                      >
                        Edit
                      </button>{' '}
                      <button
                        type="button"
                        className="button button--small"
                        disabled={upsert.isPending}
                        onClick={() => void toggle(c)}
                      >
                        {c.status === 'open' ? `Close ${c.year}` : `Open ${c.year}`}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </div>
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
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const upsert = useMutation(trpc.cycles.upsert.mutationOptions());
  const form = useForm<CycleInput, unknown, CycleValues>({
    resolver: zodResolver(cycleUpsertInput),
    defaultValues: cycle ?? { year: nextYear, opensOn: `${nextYear}-11-01`, dueOn: `${nextYear + 1}-03-31`, status: 'open' },
  });
  const { register, handleSubmit, formState } = form;
  const errors = formState.errors;

  const onSubmit = handleSubmit(async (values) => {
    try {
      await upsert.mutateAsync(values);
      await queryClient.invalidateQueries({ queryKey: trpc.cycles.pathKey() });
      onDone(`Saved the ${values.year} cycle.`);
    } catch (error) {
      showServerErrors(form, error, fields);
    }
  });

  return (
    <section className="card admin-form" aria-labelledby="cycle-form-title">
      <h2 id="cycle-form-title">{cycle ? `Edit the ${cycle.year} cycle` : 'New cycle'}</h2>
      <form className="form form--grid" noValidate onSubmit={onSubmit}>
        <FormField id="cycle-year" label="Year reported on" error={errors.year?.message}>
          <input type="number" inputMode="numeric" readOnly={!!cycle} {...register('year', { setValueAs: toNumber })} />
        </FormField>
        <FormField id="cycle-opens" label="Opens on" error={errors.opensOn?.message}>
          <input type="date" {...register('opensOn')} />
        </FormField>
        <FormField id="cycle-due" label="Reports due on" hint="Submitted after this date: late." error={errors.dueOn?.message}>
          <input type="date" {...register('dueOn')} />
        </FormField>
        <fieldset className="field" aria-describedby={errors.status ? 'cycle-status-error' : undefined}>
          <legend>Status</legend>
          {cycleStatuses.map((s) => (
            <label key={s} className="choice">
              <input type="radio" value={s} {...register('status')} />
              {s === 'open' ? 'Open — signatories can report' : 'Closed — no more changes'}
            </label>
          ))}
          {errors.status ? (
            <p id="cycle-status-error" className="field__error">
              {errors.status.message}
            </p>
          ) : null}
        </fieldset>
        {errors.root?.server ? (
          <p className="alert alert--error form--wide" role="alert">
            {errors.root.server.message}
          </p>
        ) : null}
        <div className="form__actions form--wide">
          <button type="submit" className="button button--primary" disabled={formState.isSubmitting}>
            Save cycle
          </button>
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}

// Exchange rates: the annual average US dollars per unit of each currency, per year. Every aggregate
// converts report amounts with these; a report cannot be approved without the rate of its currency.
import { codedResolver } from '../../lib/codedResolver.ts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { rateUpsertInput } from '@lpt/shared/schemas';
import { formatDateTime } from '../../lib/format.ts';
import { useTRPC, type RouterOutputs } from '../../lib/trpc.ts';
import { usePageTitle } from '../../lib/usePageTitle.ts';
import { AdminForm } from './components/AdminForm.tsx';
import { AdminPage, useAdminEditing } from './components/AdminPage.tsx';
import { AdminTable } from './components/AdminTable.tsx';
import { FormField, submitWithServerErrors, toNumber } from './components/FormField.tsx';
import './admin.css';

type Rate = RouterOutputs['rates']['list'][number];
type RateInput = z.input<typeof rateUpsertInput>;
type RateValues = z.output<typeof rateUpsertInput>;

const fields = ['year', 'currency', 'usdPerUnit'] as const;
const currencyNames = new Intl.DisplayNames(['en'], { type: 'currency' });
const allCurrencies = Intl.supportedValuesOf('currency');

export default function RatesPage() {
  usePageTitle('Exchange rates');
  const trpc = useTRPC();
  const cycles = useQuery(trpc.cycles.list.queryOptions());
  const [year, setYear] = useState<number | null>(null);
  const rates = useQuery(trpc.rates.list.queryOptions(year ? { year } : {}));
  const editing = useAdminEditing<Rate>();
  const years = [...new Set((cycles.data ?? []).map((c) => c.year))].sort((a, b) => b - a);
  const defaultYear = cycles.data?.find((c) => c.status === 'open')?.year ?? years[0] ?? new Date().getFullYear();

  return (
    <AdminPage
      title="Exchange rates"
      intro="Annual average US dollars per unit of each report currency. US dollars are always 1."
      newLabel="New rate"
      editing={editing}
      form={
        editing.editing ? (
          <RateForm
            key={editing.editing === 'new' ? 'new' : `${editing.editing.year}-${editing.editing.currency}`}
            rate={editing.editing === 'new' ? null : editing.editing}
            defaultYear={year ?? defaultYear}
            onDone={editing.done}
            onCancel={editing.cancel}
          />
        ) : null
      }
    >
      <section className="card" aria-labelledby="rates-title">
        <div className="section-bar">
          <h2 id="rates-title">Rates</h2>
          <div className="field field--inline">
            <label htmlFor="rates-year">Show year</label>
            <select id="rates-year" value={year ?? ''} onChange={(e) => setYear(e.target.value ? Number(e.target.value) : null)}>
              <option value="">All years</option>
              {years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </div>
        </div>
        <AdminTable
          query={rates}
          empty={`No rate recorded${year ? ` for ${year}` : ''}.`}
          columns={
            <>
              <th scope="col">Year</th>
              <th scope="col">Currency</th>
              <th scope="col" className="num">
                US dollars per unit
              </th>
              <th scope="col">Last changed</th>
            </>
          }
          row={(r) => (
            <tr key={`${r.year}-${r.currency}`}>
              <td>{r.year}</td>
              <th scope="row">
                {r.currency} <span className="muted">{currencyNames.of(r.currency)}</span>
              </th>
              <td className="num">{r.usdPerUnit.toLocaleString('en-GB', { maximumSignificantDigits: 8 })}</td>
              <td>{formatDateTime(r.updatedAt)}</td>
              <td>
                <button
                  type="button"
                  className="button button--small"
                  aria-label={`Edit the ${r.year} rate of ${r.currency}`}
                  onClick={() => editing.edit(r)}
                >
                  Edit
                </button>
              </td>
            </tr>
          )}
        />
      </section>
    </AdminPage>
  );
}

function RateForm({
  rate,
  defaultYear,
  onDone,
  onCancel,
}: {
  rate: Rate | null;
  defaultYear: number;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const upsert = useMutation(trpc.rates.upsert.mutationOptions());
  const form = useForm<RateInput, unknown, RateValues>({
    resolver: codedResolver(rateUpsertInput),
    defaultValues: rate
      ? { year: rate.year, currency: rate.currency, usdPerUnit: rate.usdPerUnit }
      : ({ year: defaultYear, currency: '' } as RateInput),
  });
  const { register } = form;
  const errors = form.formState.errors;

  const onSubmit = submitWithServerErrors(form, fields, async (values) => {
    await upsert.mutateAsync(values);
    await queryClient.invalidateQueries({ queryKey: trpc.rates.pathKey() });
    onDone(`Saved: 1 ${values.currency} = ${values.usdPerUnit} USD in ${values.year}.`);
  });

  return (
    <AdminForm
      titleId="rate-form-title"
      title={rate ? `Edit the ${rate.year} rate of ${rate.currency}` : 'New rate'}
      form={form}
      onSubmit={onSubmit}
      submitLabel="Save rate"
      onCancel={onCancel}
    >
      <FormField id="rate-year" label="Year" error={errors.year}>
        <input type="number" inputMode="numeric" readOnly={!!rate} {...register('year', { setValueAs: toNumber })} />
      </FormField>
      <FormField id="rate-currency" label="Currency" hint="Three-letter ISO 4217 code, e.g. EUR." error={errors.currency}>
        <input
          type="text"
          list="rate-currency-codes"
          autoComplete="off"
          maxLength={3}
          readOnly={!!rate}
          {...register('currency', { setValueAs: (v: unknown) => (typeof v === 'string' ? v.trim().toUpperCase() : v) })}
        />
      </FormField>
      <datalist id="rate-currency-codes">
        {allCurrencies.map((c) => (
          <option key={c} value={c}>
            {currencyNames.of(c)}
          </option>
        ))}
      </datalist>
      <FormField
        id="rate-value"
        label="US dollars per unit (annual average)"
        hint="For example 1.08 for the euro, 0.0077 for the Kenyan shilling."
        error={errors.usdPerUnit}
      >
        <input type="text" inputMode="decimal" autoComplete="off" {...register('usdPerUnit', { setValueAs: toNumber })} />
      </FormField>
    </AdminForm>
  );
}

// Exchange rates: the annual average US dollars per unit of each currency, per year. Every aggregate
// converts report amounts with these; a report cannot be approved without the rate of its currency.
import { codedResolver } from '../../lib/codedResolver.ts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useController, useForm, type Control } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { isoCurrencies, rateUpsertInput } from '@lpt/shared/schemas';
import { formatRate as formatRateIn, parseAmount, rateExample } from '../../lib/amounts.ts';
import { formatDateTime, formatLocale } from '../../lib/format.ts';
import { useTRPC, type RouterOutputs } from '../../lib/trpc.ts';
import { usePageTitle } from '../../lib/usePageTitle.ts';
import { AdminForm } from './components/AdminForm.tsx';
import { AdminPage, useAdminEditing } from './components/AdminPage.tsx';
import { AdminTable } from './components/AdminTable.tsx';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { FormField, submitWithServerErrors, toNumber } from '../../ui/FormField.tsx';
import { YearSelect } from '../../ui/YearSelect.tsx';
import './admin.css';

type Rate = RouterOutputs['rates']['list'][number];
type RateInput = z.input<typeof rateUpsertInput>;
type RateValues = z.output<typeof rateUpsertInput>;

const fields = ['year', 'currency', 'usdPerUnit'] as const;
/** A currency's name in the reader's language. */
const currencyNames = new Map<string, Intl.DisplayNames>();
const currencyName = (code: string) => {
  const locale = formatLocale();
  let names = currencyNames.get(locale);
  if (!names) currencyNames.set(locale, (names = new Intl.DisplayNames([locale], { type: 'currency' })));
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
};
/** A rate as the reader's locale writes numbers (lib/amounts.ts). */
const formatRate = (value: number) => formatRateIn(value, formatLocale());

export default function RatesPage() {
  const { t } = useTranslation(['admin', 'validation']);
  usePageTitle(t('admin:rates.title'));
  const trpc = useTRPC();
  const cycles = useQuery(trpc.cycles.list.queryOptions());
  const [year, setYear] = useState<number | null>(null);
  const rates = useQuery(trpc.rates.list.queryOptions(year ? { year } : {}));
  const missing = useQuery(trpc.rates.missing.queryOptions());
  const editing = useAdminEditing<Rate>();
  const queryClient = useQueryClient();
  const remove = useMutation(trpc.rates.remove.mutationOptions());
  /** The rate whose removal the coordinator is asked to confirm; the last one keeps the dialog's text while it closes. */
  const [confirmingRemove, setConfirmingRemove] = useState<Rate | null>(null);
  const [lastRemove, setLastRemove] = useState(confirmingRemove);
  if (confirmingRemove && confirmingRemove !== lastRemove) setLastRemove(confirmingRemove);
  const removeRate = (rate: Rate) =>
    editing.runRowAction(async () => {
      // Refused, naming them, while approved reports convert with the rate (the row error says which).
      await remove.mutateAsync({ year: rate.year, currency: rate.currency });
      await queryClient.invalidateQueries({ queryKey: trpc.rates.pathKey() });
      return t('admin:rates.removed', { year: rate.year, currency: rate.currency });
    });
  const years = [...new Set((cycles.data ?? []).map((c) => c.year))].sort((a, b) => b - a);
  const defaultYear = cycles.data?.find((c) => c.status === 'open')?.year ?? years[0] ?? new Date().getFullYear();

  return (
    <AdminPage
      title={t('admin:rates.title')}
      intro={t('admin:rates.intro')}
      newLabel={t('admin:rates.new')}
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
      {missing.data && missing.data.length > 0 ? (
        // Reports in these currencies cannot be approved or counted until their year has a rate.
        <section className="card alert--warning" aria-labelledby="missing-rates-title" data-missing-rates>
          <h2 id="missing-rates-title">{t('admin:rates.missingTitle')}</h2>
          <p>{t('admin:rates.missingIntro')}</p>
          <ul>
            {missing.data.map((m) => (
              <li key={`${m.year}-${m.currency}`}>
                {t('admin:rates.missingRow', { year: m.year, currency: m.currency, name: currencyName(m.currency), count: m.reports })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="card" aria-labelledby="rates-title">
        <div className="section-bar">
          <h2 id="rates-title">{t('admin:rates.list')}</h2>
          <YearSelect id="rates-year" years={years} value={year} allowAll onChange={setYear} />
        </div>
        <AdminTable
          query={rates}
          empty={year ? t('admin:rates.emptyYear', { year }) : t('admin:rates.empty')}
          label={t('admin:rates.list')}
          rowKey={(r) => `${r.year}-${r.currency}`}
          columns={[
            { key: 'year', header: t('admin:rates.year'), cell: (r) => r.year },
            {
              key: 'currency',
              header: t('admin:rates.currency'),
              rowHeader: true,
              cell: (r) => (
                <>
                  {r.currency} <span className="muted">{currencyName(r.currency)}</span>
                </>
              ),
            },
            { key: 'usdPerUnit', header: t('admin:rates.usdPerUnit'), numeric: true, cell: (r) => formatRate(r.usdPerUnit) },
            { key: 'lastChanged', header: t('admin:rates.lastChanged'), cell: (r) => formatDateTime(r.updatedAt) },
          ]}
          actionsClassName="actions"
          actions={(r) => (
            <>
              <button
                type="button"
                className="button button--small"
                aria-label={t('admin:rates.editRate', { year: r.year, currency: r.currency })}
                onClick={() => editing.edit(r)}
              >
                {t('admin:edit')}
              </button>
              <button
                type="button"
                className="button button--small"
                aria-label={t('admin:rates.removeRate', { year: r.year, currency: r.currency })}
                onClick={() => setConfirmingRemove(r)}
              >
                {t('admin:rates.remove')}
              </button>
            </>
          )}
        />
      </section>
      <ConfirmDialog
        open={confirmingRemove !== null}
        title={t('admin:rates.removeTitle', { year: lastRemove?.year ?? '', currency: lastRemove?.currency ?? '' })}
        confirmLabel={t('admin:rates.remove')}
        cancelLabel={t('admin:cancel')}
        onConfirm={() => {
          if (!confirmingRemove) return;
          setConfirmingRemove(null);
          void removeRate(confirmingRemove);
        }}
        onCancel={() => setConfirmingRemove(null)}
      >
        <p>{t('admin:rates.removeText', { year: lastRemove?.year ?? '', currency: lastRemove?.currency ?? '' })}</p>
      </ConfirmDialog>
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
  const { t } = useTranslation(['admin', 'validation']);
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
  // How the locale writes a rate, while what is typed is not written that way.
  const [example, setExample] = useState<string | null>(null);

  const onSubmit = submitWithServerErrors(form, fields, async (values) => {
    await upsert.mutateAsync(values);
    await queryClient.invalidateQueries({ queryKey: trpc.rates.pathKey() });
    onDone(t('admin:rates.saved', { currency: values.currency, rate: formatRate(values.usdPerUnit), year: values.year }));
  });

  return (
    <AdminForm
      titleId="rate-form-title"
      title={rate ? t('admin:rates.editRate', { year: rate.year, currency: rate.currency }) : t('admin:rates.new')}
      form={form}
      onSubmit={onSubmit}
      submitLabel={t('admin:rates.save')}
      onCancel={onCancel}
    >
      <FormField id="rate-year" label={t('admin:rates.year')} error={errors.year}>
        <input type="number" inputMode="numeric" readOnly={!!rate} {...register('year', { setValueAs: toNumber })} />
      </FormField>
      <FormField id="rate-currency" label={t('admin:rates.currency')} hint={t('admin:rates.currencyHint')} error={errors.currency}>
        {rate ? (
          // A rate's year and currency are its key: a rate in another currency is a new rate.
          <input type="text" readOnly {...register('currency')} />
        ) : (
          // The ISO 4217 list the server checks against; each option starts with its code, so typing "EUR" finds it.
          <select {...register('currency')}>
            <option value="">{t('admin:rates.chooseCurrency')}</option>
            {isoCurrencies.map((code) => (
              <option key={code} value={code}>
                {`${code} – ${currencyName(code)}`}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField
        id="rate-value"
        label={t('admin:rates.valueLabel')}
        hint={t('admin:rates.valueHint', { euro: formatRate(1.08), shilling: formatRate(0.0077) })}
        error={example ? t('admin:rates.valueAsIn', { example }) : errors.usdPerUnit}
      >
        <RateValueInput control={form.control} onProblem={setExample} />
      </FormField>
    </AdminForm>
  );
}

/**
 * The rate, read by the reader's locale like the report form's amounts ("1,0925" in French, "1.0925" in
 * English) and shown back formatted once understood. What the locale would not write that way becomes
 * NaN (which the schema refuses) and the field says how to write it. FormField gives it id and aria props.
 */
function RateValueInput({
  control,
  onProblem,
  ...aria
}: {
  control: Control<RateInput, unknown, RateValues>;
  onProblem: (example: string | null) => void;
}) {
  const { field } = useController({ control, name: 'usdPerUnit' });
  const locale = formatLocale();
  const [text, setText] = useState(() => (typeof field.value === 'number' ? formatRate(field.value) : ''));
  return (
    <input
      {...aria}
      ref={field.ref}
      name={field.name}
      type="text"
      inputMode="decimal"
      autoComplete="off"
      value={text}
      onChange={(e) => {
        const reading = parseAmount(e.target.value, locale);
        setText(e.target.value);
        onProblem(reading.kind === 'invalid' ? rateExample(locale) : null);
        field.onChange(reading.kind === 'number' ? reading.value : reading.kind === 'empty' ? undefined : Number.NaN);
      }}
      onBlur={() => {
        const reading = parseAmount(text, locale);
        if (reading.kind === 'number') setText(formatRate(reading.value));
        field.onBlur();
      }}
    />
  );
}

// The inputs of the report form. Each shows its definition where the figure is entered, last year's
// approved value beside it, the coordinator's comment on it (after a return) and its error, all tied to
// the input with aria-describedby.
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useController, useWatch, type FieldPath } from 'react-hook-form';
import { sectionStatuses, type Commitment, type LeadershipCategory, type SupportArea } from '@lpt/shared/enums';
import type { IndicatorDefinition } from '@lpt/shared/indicators';
import { NARRATIVE_MAX, type ReportWarning } from '@lpt/shared/report';
import { parseAmount } from '../../../lib/amounts.ts';
import { formatCount, formatList, formatLocale, formatMoney } from '../../../lib/format.ts';
import { leadershipCategoryLabel, sectionStatusLabel, supportAreaLabel } from '../../../lib/labels.ts';
import { focusBelowBar } from '../focusBelowBar.ts';
import { fieldId, formatNumberInput, valueAt, type ReportFormValues } from '../formValues.ts';
import { justificationId } from '../problems.ts';
import { useFieldMeta, useReportField } from './reportFieldContext.ts';
import { warningText } from './warningText.ts';

type Path = FieldPath<ReportFormValues>;

function useField(path: string) {
  const { field } = useController<ReportFormValues>({ name: path as Path });
  const { clearServerError } = useReportField();
  return {
    value: field.value as unknown,
    onBlur: field.onBlur,
    ref: field.ref,
    onChange: (value: unknown) => {
      clearServerError(path);
      field.onChange(value);
    },
  };
}

/** Last year's approved value of a field, as text (null when there is no approved report last year). */
function useLastYear(path: string, kind: IndicatorDefinition['kind'] | 'text'): string | null {
  const { t } = useTranslation('report');
  const { previousYear } = useReportField();
  if (!previousYear) return null;
  const section = path.split('.')[0] as Commitment;
  const last = (value: string) => t('report:lastYear', { year: previousYear.year, value });
  if (previousYear.data[section]?.status === 'not_applicable') return last(t('report:notApplicable'));
  const value = valueAt(previousYear.data, path);
  if (value == null) return last(t('report:notReported'));
  switch (kind) {
    case 'money':
      return last(formatMoney(value as number, previousYear.data.currency ?? ''));
    case 'count':
      return last(formatCount(value as number));
    case 'boolean':
      return last(value ? t('report:yes') : t('report:no'));
    case 'set': {
      const areas = value as SupportArea[];
      return last(areas.length ? formatList(areas.map((a) => supportAreaLabel(t, a))) : t('common:none'));
    }
    default:
      return null;
  }
}

/** An indicator's label and definition in the reader's language (indicators catalogue). */
export function useIndicatorText(indicator: IndicatorDefinition) {
  const { t } = useTranslation('indicators');
  return { label: t(`indicators:${indicator.path}.label`), help: t(`indicators:${indicator.path}.help`) };
}

export function FieldNotes({
  id,
  lastYear,
  comment,
  warning,
  error,
}: {
  id: string;
  lastYear?: string | null;
  comment?: string | undefined;
  /** A warning on the figures about this field: shown here, justified in the submit box. */
  warning?: ReportWarning | undefined;
  error?: string | undefined;
}) {
  const { t } = useTranslation(['report', 'validation']);
  return (
    <>
      {lastYear ? (
        <p id={`${id}-last`} className="indicator__last">
          {lastYear}
        </p>
      ) : null}
      {comment ? (
        <p id={`${id}-comment`} className="field-comment">
          <strong>{t('report:coordinatorComment')}</strong> {comment}
        </p>
      ) : null}
      {warning ? (
        <p id={`${id}-warning`} className="field__warning">
          <span aria-hidden="true">⚠ </span>
          {warningText(t, warning)}.{' '}
          <a
            href={`#${justificationId(warning.code)}`}
            onClick={(e) => {
              e.preventDefault();
              focusBelowBar(document.getElementById(justificationId(warning.code)), 'center');
            }}
          >
            {t('report:justifyIt')}
          </a>
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field__error">
          {error}
        </p>
      ) : null}
    </>
  );
}

/**
 * A text box for a number, read by the reader's locale (lib/amounts.ts): "1 234,56" in French,
 * "1,234.56" in English. What the locale would not write that way is refused with an example (the value
 * becomes NaN, which no save accepts); once understood, the number is shown back formatted.
 */
function NumberInput({
  id,
  value,
  onChange,
  onBlur,
  onProblem,
  describedBy,
  invalid,
  decimals,
}: {
  id: string;
  value: number | null;
  onChange: (value: number | null) => void;
  onBlur: () => void;
  onProblem: (example: string | null) => void;
  describedBy: string | undefined;
  invalid: boolean;
  decimals: boolean;
}) {
  const { i18n } = useTranslation();
  const locale = formatLocale();
  const read = (input: string) => parseAmount(input, locale, { decimals });
  const numberOf = (input: string) => {
    const reading = read(input);
    return reading.kind === 'empty' ? null : reading.kind === 'number' ? reading.value : Number.NaN;
  };
  const [text, setText] = useState(() => formatNumberInput(value));
  // The value changed from outside (a reload, a restored copy) or the language changed: show it.
  useEffect(() => {
    setText((current) => (Object.is(numberOf(current), value) ? current : formatNumberInput(value)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  useEffect(() => {
    if (value != null && Number.isFinite(value)) setText(formatNumberInput(value));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [i18n.language]);
  return (
    <input
      id={id}
      type="text"
      inputMode={decimals ? 'decimal' : 'numeric'}
      autoComplete="off"
      className="number-input"
      value={text}
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy}
      onChange={(e) => {
        const reading = read(e.target.value);
        setText(e.target.value);
        onProblem(reading.kind === 'invalid' ? reading.example : null);
        onChange(reading.kind === 'empty' ? null : reading.kind === 'number' ? reading.value : Number.NaN);
      }}
      onBlur={() => {
        const reading = read(text);
        // Shown back formatted once understood; a third decimal stays as typed (the schema refuses it).
        if (reading.kind === 'number' && Math.round(reading.value * 100) / 100 === reading.value) setText(formatNumberInput(reading.value));
        onBlur();
      }}
    />
  );
}

/** The number input of the form field at `path`, with its notes: last year's value, a comment, an error. */
function NumberEntry(props: { path: string; meta: ReturnType<typeof useFieldMeta>; lastYear: string | null; decimals: boolean }) {
  const { t } = useTranslation('report');
  const { meta } = props;
  const field = useField(props.path);
  const [example, setExample] = useState<string | null>(null);
  // Text the locale does not read as a number says how to write it, before the schema's "enter an amount".
  const error = example ? t('report:amountAsIn', { example }) : meta.error;
  const describedBy = example && !meta.error ? [meta.describedBy, `${meta.id}-error`].filter(Boolean).join(' ') : meta.describedBy;
  return (
    <>
      <NumberInput
        id={meta.id}
        value={field.value as number | null}
        onChange={field.onChange}
        onBlur={field.onBlur}
        onProblem={setExample}
        describedBy={describedBy}
        invalid={!!error}
        decimals={props.decimals}
      />
      <FieldNotes id={meta.id} lastYear={props.lastYear} comment={meta.comment} warning={meta.warning} error={error} />
    </>
  );
}

export function NumberIndicator({ indicator, currency }: { indicator: IndicatorDefinition; currency: string | null }) {
  const { t } = useTranslation('report');
  const text = useIndicatorText(indicator);
  const lastYear = useLastYear(indicator.path, indicator.kind);
  const meta = useFieldMeta(indicator.path, { help: true, lastYear: lastYear != null });
  const money = indicator.kind === 'money';
  return (
    <div className="indicator">
      <div className="indicator__text">
        <label htmlFor={meta.id}>
          {text.label}
          {money ? <span className="indicator__unit"> ({currency ?? t('report:reportCurrencyLower')})</span> : null}
        </label>
        <p id={`${meta.id}-help`} className="field__hint">
          {text.help}
        </p>
      </div>
      <div className="indicator__entry">
        <NumberEntry path={indicator.path} meta={meta} lastYear={lastYear} decimals={money} />
      </div>
    </div>
  );
}

function LeadershipCount({ path, label }: { path: string; label: string }) {
  const lastYear = useLastYear(path, 'count');
  const meta = useFieldMeta(path, { lastYear: lastYear != null });
  return (
    <div className="breakdown__item field">
      <label htmlFor={meta.id}>{label}</label>
      <NumberEntry path={path} meta={meta} lastYear={lastYear} decimals={false} />
    </div>
  );
}

export function LeadershipBreakdown({ indicator }: { indicator: IndicatorDefinition }) {
  const { t } = useTranslation('report');
  const text = useIndicatorText(indicator);
  const meta = useFieldMeta(indicator.path, { help: true });
  return (
    <fieldset className="indicator indicator--group" aria-describedby={meta.describedBy}>
      <legend>{text.label}</legend>
      <p id={`${meta.id}-help`} className="field__hint">
        {text.help}
      </p>
      <FieldNotes id={meta.id} comment={meta.comment} warning={meta.warning} error={meta.error} />
      <div className="breakdown">
        {(indicator.values as readonly LeadershipCategory[]).map((category) => (
          <LeadershipCount key={category} path={`${indicator.path}.${category}`} label={leadershipCategoryLabel(t, category)} />
        ))}
      </div>
    </fieldset>
  );
}

export function BooleanIndicator({ indicator }: { indicator: IndicatorDefinition }) {
  const { t } = useTranslation('report');
  const text = useIndicatorText(indicator);
  const field = useField(indicator.path);
  const lastYear = useLastYear(indicator.path, 'boolean');
  const meta = useFieldMeta(indicator.path, { help: true, lastYear: lastYear != null });
  const value = field.value as boolean | null;
  return (
    <fieldset className="indicator indicator--choice" aria-describedby={meta.describedBy} aria-invalid={!!meta.error || undefined}>
      <legend>{text.label}</legend>
      <p id={`${meta.id}-help`} className="field__hint">
        {text.help}
      </p>
      <div className="choices" id={meta.id} tabIndex={-1}>
        {[true, false].map((option) => (
          <label key={String(option)} className="choice">
            <input
              type="radio"
              name={indicator.path}
              checked={value === option}
              onChange={() => field.onChange(option)}
              onBlur={field.onBlur}
            />
            {option ? t('report:yesCapital') : t('report:noCapital')}
          </label>
        ))}
      </div>
      <FieldNotes id={meta.id} lastYear={lastYear} comment={meta.comment} warning={meta.warning} error={meta.error} />
    </fieldset>
  );
}

export function AreasIndicator({ indicator }: { indicator: IndicatorDefinition }) {
  const { t } = useTranslation('report');
  const text = useIndicatorText(indicator);
  const field = useField(indicator.path);
  const lastYear = useLastYear(indicator.path, 'set');
  const meta = useFieldMeta(indicator.path, { help: true, lastYear: lastYear != null });
  const selected = (field.value as SupportArea[] | null) ?? null;
  const areas = indicator.values as readonly SupportArea[];
  const toggle = (area: SupportArea, on: boolean) => {
    const current = selected ?? [];
    const next = on ? [...current, area] : current.filter((a) => a !== area);
    field.onChange(areas.filter((a) => next.includes(a)));
  };
  return (
    <fieldset className="indicator indicator--choice" aria-describedby={meta.describedBy} aria-invalid={!!meta.error || undefined}>
      <legend>{text.label}</legend>
      <p id={`${meta.id}-help`} className="field__hint">
        {text.help} {t('report:areasNoneHint')}
      </p>
      <div className="choices choices--columns" id={meta.id} tabIndex={-1}>
        {areas.map((area) => (
          <label key={area} className="choice">
            <input type="checkbox" checked={selected?.includes(area) ?? false} onChange={(e) => toggle(area, e.target.checked)} onBlur={field.onBlur} />
            {supportAreaLabel(t, area)}
          </label>
        ))}
        <label className="choice">
          <input
            type="checkbox"
            checked={selected != null && selected.length === 0}
            onChange={(e) => field.onChange(e.target.checked ? [] : null)}
            onBlur={field.onBlur}
          />
          {t('report:noneThisYear')}
        </label>
      </div>
      <FieldNotes id={meta.id} lastYear={lastYear} comment={meta.comment} warning={meta.warning} error={meta.error} />
    </fieldset>
  );
}

export function StatusField({ section }: { section: Commitment }) {
  const { t } = useTranslation('report');
  const path = `${section}.status`;
  const field = useField(path);
  const { previousYear } = useReportField();
  const last = previousYear?.data[section]?.status;
  const lastYear = previousYear
    ? t('report:lastYear', { year: previousYear.year, value: last ? sectionStatusLabel(t, last) : t('report:notReported') })
    : null;
  const meta = useFieldMeta(path, { help: true, lastYear: lastYear != null });
  return (
    <div className="field section-status">
      <label htmlFor={meta.id}>{t('report:status')}</label>
      <p id={`${meta.id}-help`} className="field__hint">
        {t('indicators:statusHelp')}
      </p>
      <select
        id={meta.id}
        value={(field.value as string | null) ?? ''}
        onChange={(e) => field.onChange(e.target.value === '' ? null : e.target.value)}
        onBlur={field.onBlur}
        aria-invalid={!!meta.error || undefined}
        aria-describedby={meta.describedBy}
      >
        <option value="">{t('report:chooseStatus')}</option>
        {sectionStatuses.map((s) => (
          <option key={s} value={s}>
            {sectionStatusLabel(t, s)}
          </option>
        ))}
      </select>
      <FieldNotes id={meta.id} lastYear={lastYear} comment={meta.comment} warning={meta.warning} error={meta.error} />
    </div>
  );
}

/** A text area; with a limit, a live character count (announced only when the limit is near). */
export function TextAreaField({
  path,
  label,
  hint,
  max,
  rows = 4,
}: {
  path: string;
  label: ReactNode;
  hint?: string;
  max?: number;
  rows?: number;
}) {
  const { t } = useTranslation('report');
  const field = useField(path);
  const meta = useFieldMeta(path, { help: !!hint });
  const text = (field.value as string | null) ?? '';
  const counterId = `${meta.id}-count`;
  const near = max != null && text.length > max * 0.9;
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      {hint ? (
        <p id={`${meta.id}-help`} className="field__hint">
          {hint}
        </p>
      ) : null}
      <textarea
        id={meta.id}
        rows={rows}
        value={text}
        onChange={(e) => field.onChange(e.target.value === '' ? null : e.target.value)}
        onBlur={field.onBlur}
        aria-invalid={!!meta.error || undefined}
        aria-describedby={[meta.describedBy, max != null ? counterId : null].filter(Boolean).join(' ') || undefined}
      />
      {max != null ? (
        <p id={counterId} className={`char-count${text.length > max ? ' char-count--over' : ''}`} aria-live={near ? 'polite' : 'off'}>
          {t('report:characters', { count: max, used: formatCount(text.length), max: formatCount(max) })}
          {text.length > max ? ` — ${t('report:tooMany', { count: text.length - max, over: formatCount(text.length - max) })}` : ''}
        </p>
      ) : null}
      <FieldNotes id={meta.id} comment={meta.comment} warning={meta.warning} error={meta.error} />
    </div>
  );
}

export function NarrativeField({ section }: { section: Commitment }) {
  const { t } = useTranslation('report');
  return (
    <TextAreaField
      path={`${section}.narrative`}
      label={t('report:narrative')}
      hint={t('report:narrativeHint', { max: formatCount(NARRATIVE_MAX) })}
      max={NARRATIVE_MAX}
      rows={5}
    />
  );
}

/**
 * The report currency. One the secretariat has no rate for in the year is accepted, but the page says
 * that the report cannot be counted until a rate is added (aggregates convert at the year's rate).
 */
export function CurrencyField({
  currencies,
  allCurrencies,
  ratesKnown,
  year,
}: {
  currencies: string[];
  allCurrencies: string[];
  ratesKnown: boolean;
  year: number;
}) {
  const { t } = useTranslation('report');
  const path = 'currency';
  const field = useField(path);
  const { previousYear } = useReportField();
  const lastYear = previousYear?.data.currency ? t('report:lastYear', { year: previousYear.year, value: previousYear.data.currency }) : null;
  const meta = useFieldMeta(path, { help: true, lastYear: lastYear != null });
  const value = (field.value as string | null) ?? '';
  const names = new Intl.DisplayNames([formatLocale()], { type: 'currency' });
  const withRate = [...new Set(currencies)].sort();
  const others = [...new Set([...allCurrencies, ...(value ? [value] : [])])].filter((c) => !withRate.includes(c)).sort();
  const noRate = ratesKnown && value !== '' && !withRate.includes(value);
  const describedBy = [meta.describedBy, noRate ? `${meta.id}-norate` : null].filter(Boolean).join(' ') || undefined;
  const option = (code: string) => (
    <option key={code} value={code}>
      {code} — {names.of(code) ?? code}
    </option>
  );
  return (
    <div className="field currency-field">
      <label htmlFor={meta.id}>{t('report:reportCurrency')}</label>
      <p id={`${meta.id}-help`} className="field__hint">
        {t('report:currencyHint')}
      </p>
      <select
        id={meta.id}
        value={value}
        onChange={(e) => field.onChange(e.target.value === '' ? null : e.target.value)}
        onBlur={field.onBlur}
        aria-invalid={!!meta.error || undefined}
        aria-describedby={describedBy}
      >
        <option value="">{t('report:chooseCurrency')}</option>
        {withRate.length > 0 ? <optgroup label={t('report:withRate')}>{withRate.map(option)}</optgroup> : null}
        <optgroup label={t('report:otherCurrencies')}>{others.map(option)}</optgroup>
      </select>
      {noRate ? (
        <p id={`${meta.id}-norate`} className="field__warning">
          <span aria-hidden="true">⚠ </span>
          {t('report:noRate', { year, currency: value, name: names.of(value) ?? value })}
        </p>
      ) : null}
      <FieldNotes id={meta.id} lastYear={lastYear} comment={meta.comment} warning={meta.warning} error={meta.error} />
    </div>
  );
}

/** The live value of one field (for the parts of the form that depend on another field). */
export function useFieldValue<T>(path: string): T {
  return useWatch<ReportFormValues>({ name: path as Path }) as T;
}

export { fieldId };

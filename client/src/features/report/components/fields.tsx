// The inputs of the report form. Each shows its definition where the figure is entered, last year's
// approved value beside it, the coordinator's comment on it (after a return) and its error, all tied to
// the input with aria-describedby.
import { useEffect, useState, type ReactNode } from 'react';
import { useController, useWatch, type FieldPath } from 'react-hook-form';
import { leadershipCategories, sectionStatuses, supportAreas, type Commitment, type SupportArea } from '@lpt/shared/enums';
import {
  leadershipCategoryLabels,
  SECTION_STATUS_HELP,
  sectionStatusLabels,
  supportAreaLabels,
  type IndicatorDefinition,
} from '@lpt/shared/indicators';
import { NARRATIVE_MAX } from '@lpt/shared/report';
import { formatCount, formatMoney } from '../../../lib/format.ts';
import { fieldId, formatNumberInput, parseNumber, valueAt, type ReportFormValues } from '../formValues.ts';
import { useFieldMeta, useReportField } from './reportFieldContext.ts';

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
  const { previousYear } = useReportField();
  if (!previousYear) return null;
  const section = path.split('.')[0] as Commitment;
  const prefix = `Last year (${previousYear.year}):`;
  if (previousYear.data[section]?.status === 'not_applicable') return `${prefix} not applicable`;
  const value = valueAt(previousYear.data, path);
  if (value == null) return `${prefix} not reported`;
  switch (kind) {
    case 'money':
      return `${prefix} ${formatMoney(value as number, previousYear.data.currency ?? '')}`;
    case 'count':
      return `${prefix} ${formatCount(value as number)}`;
    case 'boolean':
      return `${prefix} ${value ? 'yes' : 'no'}`;
    case 'areas': {
      const areas = value as SupportArea[];
      return `${prefix} ${areas.length ? areas.map((a) => supportAreaLabels[a]).join(', ') : 'none'}`;
    }
    default:
      return null;
  }
}

export function FieldNotes({ id, lastYear, comment, error }: { id: string; lastYear?: string | null; comment?: string | undefined; error?: string | undefined }) {
  return (
    <>
      {lastYear ? (
        <p id={`${id}-last`} className="indicator__last">
          {lastYear}
        </p>
      ) : null}
      {comment ? (
        <p id={`${id}-comment`} className="field-comment">
          <strong>Coordinator's comment:</strong> {comment}
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

/** A text box for a number: accepts thousands separators, shows them once the field is left. */
function NumberInput({
  id,
  value,
  onChange,
  onBlur,
  describedBy,
  invalid,
  decimals,
}: {
  id: string;
  value: number | null;
  onChange: (value: number | null) => void;
  onBlur: () => void;
  describedBy: string | undefined;
  invalid: boolean;
  decimals: boolean;
}) {
  const [text, setText] = useState(() => formatNumberInput(value));
  // The value changed from outside (a reload, a restored copy): show it.
  useEffect(() => {
    setText((current) => (Object.is(parseNumber(current), value) ? current : formatNumberInput(value)));
  }, [value]);
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
        setText(e.target.value);
        onChange(parseNumber(e.target.value));
      }}
      onBlur={() => {
        const parsed = parseNumber(text);
        if (parsed != null && !Number.isNaN(parsed)) setText(formatNumberInput(parsed));
        onBlur();
      }}
    />
  );
}

/** The number input of the form field at `path`, with its notes: last year's value, a comment, an error. */
function NumberEntry(props: { path: string; meta: ReturnType<typeof useFieldMeta>; lastYear: string | null; decimals: boolean }) {
  const { meta } = props;
  const field = useField(props.path);
  return (
    <>
      <NumberInput
        id={meta.id}
        value={field.value as number | null}
        onChange={field.onChange}
        onBlur={field.onBlur}
        describedBy={meta.describedBy}
        invalid={!!meta.error}
        decimals={props.decimals}
      />
      <FieldNotes id={meta.id} lastYear={props.lastYear} comment={meta.comment} error={meta.error} />
    </>
  );
}

export function NumberIndicator({ indicator, currency }: { indicator: IndicatorDefinition; currency: string | null }) {
  const lastYear = useLastYear(indicator.path, indicator.kind);
  const meta = useFieldMeta(indicator.path, { help: true, lastYear: lastYear != null });
  const money = indicator.kind === 'money';
  return (
    <div className="indicator">
      <div className="indicator__text">
        <label htmlFor={meta.id}>
          {indicator.label}
          {money ? <span className="indicator__unit"> ({currency ?? 'report currency'})</span> : null}
        </label>
        <p id={`${meta.id}-help`} className="field__hint">
          {indicator.help}
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
  const meta = useFieldMeta(indicator.path, { help: true });
  return (
    <fieldset className="indicator indicator--group" aria-describedby={meta.describedBy}>
      <legend>{indicator.label}</legend>
      <p id={`${meta.id}-help`} className="field__hint">
        {indicator.help}
      </p>
      <FieldNotes id={meta.id} comment={meta.comment} error={meta.error} />
      <div className="breakdown">
        {leadershipCategories.map((category) => (
          <LeadershipCount key={category} path={`${indicator.path}.${category}`} label={leadershipCategoryLabels[category]} />
        ))}
      </div>
    </fieldset>
  );
}

export function BooleanIndicator({ indicator }: { indicator: IndicatorDefinition }) {
  const field = useField(indicator.path);
  const lastYear = useLastYear(indicator.path, 'boolean');
  const meta = useFieldMeta(indicator.path, { help: true, lastYear: lastYear != null });
  const value = field.value as boolean | null;
  return (
    <fieldset className="indicator indicator--choice" aria-describedby={meta.describedBy} aria-invalid={!!meta.error || undefined}>
      <legend>{indicator.label}</legend>
      <p id={`${meta.id}-help`} className="field__hint">
        {indicator.help}
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
            {option ? 'Yes' : 'No'}
          </label>
        ))}
      </div>
      <FieldNotes id={meta.id} lastYear={lastYear} comment={meta.comment} error={meta.error} />
    </fieldset>
  );
}

export function AreasIndicator({ indicator }: { indicator: IndicatorDefinition }) {
  const field = useField(indicator.path);
  const lastYear = useLastYear(indicator.path, 'areas');
  const meta = useFieldMeta(indicator.path, { help: true, lastYear: lastYear != null });
  const selected = (field.value as SupportArea[] | null) ?? null;
  const toggle = (area: SupportArea, on: boolean) => {
    const current = selected ?? [];
    const next = on ? [...current, area] : current.filter((a) => a !== area);
    field.onChange(supportAreas.filter((a) => next.includes(a)));
  };
  return (
    <fieldset className="indicator indicator--choice" aria-describedby={meta.describedBy} aria-invalid={!!meta.error || undefined}>
      <legend>{indicator.label}</legend>
      <p id={`${meta.id}-help`} className="field__hint">
        {indicator.help} If you supported none, tick “None this year”.
      </p>
      <div className="choices choices--columns" id={meta.id} tabIndex={-1}>
        {supportAreas.map((area) => (
          <label key={area} className="choice">
            <input type="checkbox" checked={selected?.includes(area) ?? false} onChange={(e) => toggle(area, e.target.checked)} onBlur={field.onBlur} />
            {supportAreaLabels[area]}
          </label>
        ))}
        <label className="choice">
          <input
            type="checkbox"
            checked={selected != null && selected.length === 0}
            onChange={(e) => field.onChange(e.target.checked ? [] : null)}
            onBlur={field.onBlur}
          />
          None this year
        </label>
      </div>
      <FieldNotes id={meta.id} lastYear={lastYear} comment={meta.comment} error={meta.error} />
    </fieldset>
  );
}

export function StatusField({ section }: { section: Commitment }) {
  const path = `${section}.status`;
  const field = useField(path);
  const { previousYear } = useReportField();
  const last = previousYear?.data[section]?.status;
  const lastYear = previousYear
    ? `Last year (${previousYear.year}): ${last ? sectionStatusLabels[last] : 'not reported'}`
    : null;
  const meta = useFieldMeta(path, { help: true, lastYear: lastYear != null });
  return (
    <div className="field section-status">
      <label htmlFor={meta.id}>Status</label>
      <p id={`${meta.id}-help`} className="field__hint">
        {SECTION_STATUS_HELP}
      </p>
      <select
        id={meta.id}
        value={(field.value as string | null) ?? ''}
        onChange={(e) => field.onChange(e.target.value === '' ? null : e.target.value)}
        onBlur={field.onBlur}
        aria-invalid={!!meta.error || undefined}
        aria-describedby={meta.describedBy}
      >
        <option value="">Choose a status…</option>
        {sectionStatuses.map((s) => (
          <option key={s} value={s}>
            {sectionStatusLabels[s]}
          </option>
        ))}
      </select>
      <FieldNotes id={meta.id} lastYear={lastYear} comment={meta.comment} error={meta.error} />
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
          {text.length.toLocaleString('en-GB')} / {max.toLocaleString('en-GB')} characters
          {text.length > max ? ` — ${(text.length - max).toLocaleString('en-GB')} too many` : ''}
        </p>
      ) : null}
      <FieldNotes id={meta.id} comment={meta.comment} error={meta.error} />
    </div>
  );
}

export function NarrativeField({ section }: { section: Commitment }) {
  return (
    <TextAreaField
      path={`${section}.narrative`}
      label="Narrative"
      hint="What you did this year towards this commitment, what worked and what did not. Up to 3,000 characters."
      max={NARRATIVE_MAX}
      rows={5}
    />
  );
}

export function CurrencyField({ currencies, allCurrencies }: { currencies: string[]; allCurrencies: string[] }) {
  const path = 'currency';
  const field = useField(path);
  const { previousYear } = useReportField();
  const lastYear = previousYear?.data.currency ? `Last year (${previousYear.year}): ${previousYear.data.currency}` : null;
  const meta = useFieldMeta(path, { help: true, lastYear: lastYear != null });
  const value = (field.value as string | null) ?? '';
  const names = new Intl.DisplayNames(['en'], { type: 'currency' });
  const withRate = [...new Set(currencies)].sort();
  const others = [...new Set([...allCurrencies, ...(value ? [value] : [])])].filter((c) => !withRate.includes(c)).sort();
  const option = (code: string) => (
    <option key={code} value={code}>
      {code} — {names.of(code) ?? code}
    </option>
  );
  return (
    <div className="field currency-field">
      <label htmlFor={meta.id}>Report currency</label>
      <p id={`${meta.id}-help`} className="field__hint">
        Enter every amount in this currency. Aggregates convert it to US dollars at the year's average rate.
      </p>
      <select
        id={meta.id}
        value={value}
        onChange={(e) => field.onChange(e.target.value === '' ? null : e.target.value)}
        onBlur={field.onBlur}
        aria-invalid={!!meta.error || undefined}
        aria-describedby={meta.describedBy}
      >
        <option value="">Choose a currency…</option>
        {withRate.length > 0 ? <optgroup label="With an exchange rate for this year">{withRate.map(option)}</optgroup> : null}
        <optgroup label="Other currencies">{others.map(option)}</optgroup>
      </select>
      <FieldNotes id={meta.id} lastYear={lastYear} comment={meta.comment} error={meta.error} />
    </div>
  );
}

/** The live value of one field (for the parts of the form that depend on another field). */
export function useFieldValue<T>(path: string): T {
  return useWatch<ReportFormValues>({ name: path as Path }) as T;
}

export { fieldId };

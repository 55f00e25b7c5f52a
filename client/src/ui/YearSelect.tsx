// The reporting-year picker of the pages that show one year at a time (releases, rates, corrections),
// newest first, optionally with "All years" (value null).
import { useTranslation } from 'react-i18next';

interface Props {
  id: string;
  years: readonly number[];
  value: number | null;
  onChange: (year: number | null) => void;
  /** Offers "All years" (null) before the years. */
  allowAll?: boolean;
  className?: string;
}

export function YearSelect({ id, years, value, onChange, allowAll = false, className = 'field field--inline' }: Props) {
  const { t } = useTranslation();
  return (
    <div className={className}>
      <label htmlFor={id}>{t('common:yearSelect.label')}</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value ? Number(e.target.value) : null)}>
        {allowAll ? <option value="">{t('common:yearSelect.all')}</option> : null}
        {[...years]
          .sort((a, b) => b - a)
          .map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
      </select>
    </div>
  );
}

// A short list of field changes ("Funding: Through one intermediary: 90,000 → 95,000"), used where a
// signatory must see what would be lost or restored.
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { formatAmount } from '../../../lib/amounts.ts';
import { fieldLabelOf } from '../../../lib/fieldLabel.ts';
import { formatLocale } from '../../../lib/format.ts';

export function formatValue(t: TFunction, value: unknown): string {
  if (value == null) return t('report:value.empty');
  if (typeof value === 'boolean') return value ? t('report:yes') : t('report:no');
  if (typeof value === 'number') return Number.isFinite(value) ? formatAmount(value, formatLocale()) : t('report:value.notANumber');
  if (Array.isArray(value)) return value.length ? value.join(', ') : t('common:none');
  if (typeof value === 'string') return t('common:quoted', { text: value.length > 80 ? `${value.slice(0, 80)}…` : value });
  return JSON.stringify(value);
}

export function ChangeList({ changes }: { changes: { field: string; from: unknown; to: unknown }[] }) {
  const { t } = useTranslation(['report', 'indicators']);
  return (
    <ul className="change-list">
      {changes.map((c) => (
        <li key={c.field}>
          <strong>{fieldLabelOf(t, c.field)}</strong>: {formatValue(t, c.from)} → {formatValue(t, c.to)}
        </li>
      ))}
    </ul>
  );
}

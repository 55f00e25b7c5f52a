// A short list of field changes ("Funding: Through one intermediary: 90,000 → 95,000"), used where a
// signatory must see what would be lost or restored.
import { fieldLabel } from '@lpt/shared/indicators';

export function formatValue(value: unknown): string {
  if (value == null) return 'empty';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return Number.isFinite(value) ? value.toLocaleString('en-GB') : 'not a number';
  if (Array.isArray(value)) return value.length ? value.join(', ') : 'none';
  if (typeof value === 'string') return value.length > 80 ? `“${value.slice(0, 80)}…”` : `“${value}”`;
  return JSON.stringify(value);
}

export function ChangeList({ changes }: { changes: { field: string; from: unknown; to: unknown }[] }) {
  return (
    <ul className="change-list">
      {changes.map((c) => (
        <li key={c.field}>
          <strong>{fieldLabel(c.field)}</strong>: {formatValue(c.from)} → {formatValue(c.to)}
        </li>
      ))}
    </ul>
  );
}

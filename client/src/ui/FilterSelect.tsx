// A labelled drop-down of a filter bar (.filters__field): the dashboard's filters and the review desk's.
// `name` makes it a field of a plain GET form too (the server-rendered dashboard without JavaScript).

export interface Choice {
  value: string;
  label: string;
}

interface Props {
  id: string;
  name?: string;
  label: string;
  value: string;
  choices: readonly Choice[];
  onChange: (value: string) => void;
}

export function FilterSelect({ id, name, label, value, choices, onChange }: Props) {
  return (
    <div className="filters__field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} value={value} onChange={(e) => onChange(e.target.value)}>
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </div>
  );
}

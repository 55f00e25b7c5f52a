// The address's search parameters, with a setter of one parameter (an empty value removes it) that
// replaces the history entry: filters kept in the address, so a link or a reload keeps them.
import { useSearchParams } from 'react-router';

export function useSearchParam<Name extends string = string>() {
  const [params, setParams] = useSearchParams();
  const set = (name: Name, value: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  return [params, set] as const;
}

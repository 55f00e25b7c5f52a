// Exact linear algebra for the audit: is a linear form over the unknowns determined by the shown
// equations? It is exactly when it is a linear combination of them (it lies in their row space), whatever
// the values. Gaussian elimination in integers, fraction-free (row ← row·pivot − basis·entry, then divided by
// the gcd of its entries), so there is no rounding: the shown cells' equations have coefficients 0 and 1,
// and for such tables the entries stay small. Should one ever leave the range of exact integers in a
// double, the audit throws instead of guessing.
import type { Form } from './table.ts';

interface BasisRow {
  pivot: number;
  entries: Float64Array;
}

/** An echelon basis of a set of equations over `size` unknowns. */
export class RowSpace {
  private readonly basis: BasisRow[] = [];

  constructor(private readonly size: number) {}

  static of(equations: Iterable<Form>, size: number): RowSpace {
    const space = new RowSpace(size);
    for (const e of equations) space.add(e);
    return space;
  }

  get rank(): number {
    return this.basis.length;
  }

  /** Adds an equation; returns false when it was already implied by the others. */
  add(form: Form): boolean {
    const row = this.reduce(form);
    const pivot = row.findIndex((v) => v !== 0);
    if (pivot < 0) return false;
    this.basis.push({ pivot, entries: row });
    return true;
  }

  /** Whether the form is a linear combination of the equations: then its value is determined. */
  determines(form: Form): boolean {
    if (form.size === 0) return true;
    return this.reduce(form).every((v) => v === 0);
  }

  private reduce(form: Form): Float64Array {
    const row = new Float64Array(this.size);
    for (const [v, k] of form) row[v] = k;
    for (const b of this.basis) {
      const entry = row[b.pivot]!;
      if (entry === 0) continue;
      const pivot = b.entries[b.pivot]!;
      let divisor = 0;
      for (let i = 0; i < this.size; i++) {
        const value = row[i]! * pivot - b.entries[i]! * entry;
        if (!Number.isSafeInteger(value)) throw new Error('Disclosure audit: an elimination step left the exact integer range');
        row[i] = value;
        divisor = gcd(divisor, value);
      }
      if (divisor > 1) for (let i = 0; i < this.size; i++) row[i] = row[i]! / divisor;
    }
    return row;
  }
}

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

// Which figures each commitment's card shows, from the report-field catalogue (shared/src/report/fields.ts):
// a new field with a `figure` is a new line of its commitment's card (its label: dashboard:figures.<path>).
import { commitments, type Commitment } from '@lpt/shared/enums';
import type { ShownPath } from '@lpt/shared/figures';
import { derivedWholes, reportFields, type ReportField } from '@lpt/shared/report/fields';

/** A figure of the summary by its path; its label is dashboard:figures.<path>. */
export interface FigureLine {
  figure: ShownPath;
  /** Adds dashboard:figures.notCounted after the label: an amount that is part of the whole but not counted local funding. */
  notCounted?: boolean;
}

export interface FigureCard {
  commitment: Commitment;
  /** The card's headline figure; its label is dashboard:figures.lead.<path>. */
  lead: FigureLine;
  lines: FigureLine[];
}

const fields = reportFields as readonly ReportField[];

/**
 * One card per commitment, funding first (then the commitments' order). It leads with the commitment's
 * derived whole (counted local funding) or else with the share of its last part of a whole; its lines are
 * its fields' figures in the catalogue's order (not the breakdowns: they have a chart of their own), a
 * boolean's share right after its figure.
 */
export const figureCards: readonly FigureCard[] = ['funding' as Commitment, ...commitments.filter((c) => c !== 'funding')].map((commitment) => {
  const own = fields.filter((f) => f.commitment === commitment && f.figure && f.kind !== 'breakdown');
  const whole = Object.values(derivedWholes).find((w) => w.shareOf.startsWith(`${commitment}.`));
  // (tests/unit/figure-cards.test.ts checks that each card has its headline and labels.)
  const lead = (whole?.figure ?? own.filter((f) => f.share && f.kind !== 'boolean').at(-1)?.share) as ShownPath;
  const notCounted = (f: ReportField) => Boolean(whole && f.kind === 'money' && f.partOf === whole.shareOf && !f.countedLocal);
  const lines = own.flatMap((f): FigureLine[] => [
    { figure: f.figure as ShownPath, notCounted: notCounted(f) },
    ...(f.kind === 'boolean' && f.share ? [{ figure: f.share as ShownPath }] : []),
  ]);
  return { commitment, lead: { figure: lead }, lines: lines.filter((l) => l.figure !== lead) };
});

// The dashboard's and the report card's commitment cards (CommitmentFigures.tsx) show the figures of the
// report-field catalogue: the cards are what they were when written by hand, a new field with a figure
// is a line of its commitment's card, and every figure a card shows has its label in EN, FR and ES.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { locales } from '@lpt/shared/enums';
import { figureAt } from '@lpt/shared/figures';
import { reportFields, type ReportField } from '@lpt/shared/report/fields';
import { figureCards } from '../../client/src/features/dashboard/components/figureCards.ts';

const dashboard = (language: string) =>
  JSON.parse(readFileSync(path.resolve(import.meta.dirname, `../../client/src/locales/${language}/dashboard.json`), 'utf8')) as Record<string, unknown>;
const at = (tree: unknown, key: string) => key.split('.').reduce<unknown>((node, step) => (node as Record<string, unknown> | undefined)?.[step], tree);

describe('the commitment cards', () => {
  it('lead with and list the figures they showed when written by hand (and the figures of fields added since)', () => {
    const handWritten = new Set(['funding.countedLocalUsd', 'funding.inScopeExpenditureUsd', 'funding.directUsd', 'funding.pooledUsd', 'funding.oneIntermediaryUsd', 'funding.twoPlusIntermediariesUsd', 'multiYearToLocalUsd', 'collaboration.coLedShare', 'collaboration.localPartners', 'collaboration.forums', 'collaboration.forumsCoLed', 'needs.jointShare', 'needs.assessmentsTotal', 'needs.assessmentsJoint', 'credit.creditingShare', 'credit.withPolicy', 'credit.policyShare', 'credit.publicationsReviewed', 'credit.publicationsCrediting', 'capacity.supportedShare', 'capacity.requestsReceived', 'capacity.requestsSupported', 'capacity.capacitySpendUsd']);
    const shown = figureCards.map((card) => [
      card.commitment,
      card.lead.figure,
      card.lines.filter((l) => handWritten.has(l.figure)).map((l) => (l.notCounted ? `${l.figure} (not counted)` : l.figure)),
    ]);
    expect(shown).toEqual([
      [
        'funding',
        'funding.countedLocalUsd',
        [
          'funding.inScopeExpenditureUsd',
          'funding.directUsd',
          'funding.pooledUsd',
          'funding.oneIntermediaryUsd',
          'funding.twoPlusIntermediariesUsd (not counted)',
          'multiYearToLocalUsd',
        ],
      ],
      ['collaboration', 'collaboration.coLedShare', ['collaboration.localPartners', 'collaboration.forums', 'collaboration.forumsCoLed']],
      ['needs', 'needs.jointShare', ['needs.assessmentsTotal', 'needs.assessmentsJoint']],
      ['credit', 'credit.creditingShare', ['credit.withPolicy', 'credit.policyShare', 'credit.publicationsReviewed', 'credit.publicationsCrediting']],
      ['capacity', 'capacity.supportedShare', ['capacity.requestsReceived', 'capacity.requestsSupported', 'capacity.capacitySpendUsd']],
    ]);
  });

  it('show every figure of a field but the breakdowns (which have their own chart), each a figure of the summary', () => {
    const onCards = new Set(figureCards.flatMap((card) => [card.lead.figure, ...card.lines.map((l) => l.figure)]));
    const fieldFigures = (reportFields as readonly ReportField[]).filter((f) => f.figure && f.kind !== 'breakdown').map((f) => f.figure!);
    expect(fieldFigures.filter((figure) => !onCards.has(figure as never))).toEqual([]);
    for (const figure of onCards) expect(figureAt[figure], figure).toBeDefined();
  });

  it.each(locales)('have the label of every figure they show in %s', (language) => {
    const words = dashboard(language);
    const missing = figureCards.flatMap((card) => [
      ...(typeof at(words, `figures.lead.${card.lead.figure}`) === 'string' ? [] : [`figures.lead.${card.lead.figure}`]),
      ...card.lines.filter((l) => typeof at(words, `figures.${l.figure}`) !== 'string').map((l) => `figures.${l.figure}`),
    ]);
    expect(missing).toEqual([]);
  });
});

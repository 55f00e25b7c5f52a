// The year's figures of each commitment as plain numbers: funding by channel, collaboration,
// joint needs identification, crediting and capacity strengthening.
import { useId } from 'react';
import type { MetricsSummary } from '@lpt/shared/metrics';
import { figureAt, figureValue, type FigureKind, type ShownPath } from '@lpt/shared/figures';
import { figureWithheld } from '../../../lib/format.ts';
import { Figure } from './Figure.tsx';

/** A figure of the summary by its path in the catalogue (shared/src/figures.ts), with its label here. */
interface Line {
  label: string;
  figure: ShownPath;
  note?: string;
}

/** How each kind of figure reads: amounts in USD, counts, and shares (ratios, the mean and the median). */
const shownAs: Record<FigureKind, 'share' | 'count' | 'usd'> = {
  money: 'usd',
  count: 'count',
  ratio: 'share',
  mean: 'share',
  median: 'share',
};

function FiguresCard(props: {
  summary: MetricsSummary;
  title: string;
  lead: Line;
  lines: Line[];
  className?: string;
}) {
  const { summary, title, lead, lines } = props;
  const withheld = summary.suppressedBecause;
  const id = useId();
  const figure = (line: Line) => (
    <Figure value={figureValue(summary, line.figure)} kind={shownAs[figureAt[line.figure].kind]} withheld={figureWithheld(summary, line.figure)} />
  );
  return (
    <section className={`card figures-card ${props.className ?? ''}`} aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <p className="figures-card__lead">
        <span className="figures-card__lead-value">{figure(lead)}</span>
        <span className="figures-card__lead-label">{lead.label}</span>
      </p>
      {withheld ? null : (
      <dl className="figures">
        {lines.map((line) => (
          <div key={line.label} className="figures__row">
            <dt>
              {line.label}
              {line.note ? <span className="figures__note"> {line.note}</span> : null}
            </dt>
            <dd>{figure(line)}</dd>
          </div>
        ))}
      </dl>
      )}
    </section>
  );
}

export function CommitmentFigures({ summary }: { summary: MetricsSummary }) {
  return (
    <div className="figures-grid">
      <FiguresCard
        summary={summary}
        title="Funding"
        className="figures-card--funding"
        lead={{ label: 'counted local funding, as directly as possible', figure: 'funding.countedLocalUsd' }}
        lines={[
          { label: 'In-scope expenditure', figure: 'funding.inScopeExpenditureUsd' },
          { label: 'Direct to local actors', figure: 'funding.directUsd' },
          { label: 'Through pooled funds', figure: 'funding.pooledUsd' },
          { label: 'Through one intermediary', figure: 'funding.oneIntermediaryUsd' },
          { label: 'Through two or more intermediaries', note: '(not counted)', figure: 'funding.twoPlusIntermediariesUsd' },
          { label: 'Under multi-year agreements', figure: 'multiYearToLocalUsd' },
        ]}
      />
      <FiguresCard
        summary={summary}
        title="Collaboration"
        lead={{ label: 'of coordination fora co-led by a local actor', figure: 'collaboration.coLedShare' }}
        lines={[
          { label: 'Local and national partners', figure: 'collaboration.localPartners' },
          { label: 'Fora with local actors’ participation', figure: 'collaboration.forums' },
          { label: 'Of those, co-led by a local actor', figure: 'collaboration.forumsCoLed' },
        ]}
      />
      <FiguresCard
        summary={summary}
        title="Joint needs identification"
        lead={{ label: 'of needs assessments identified with local actors', figure: 'needs.jointShare' }}
        lines={[
          { label: 'Needs assessments and planning processes', figure: 'needs.assessmentsTotal' },
          { label: 'Identified jointly', figure: 'needs.assessmentsJoint' },
        ]}
      />
      <FiguresCard
        summary={summary}
        title="Crediting local actors"
        lead={{ label: 'of public materials credit local partners as they wished', figure: 'credit.creditingShare' }}
        lines={[
          { label: 'Signatories with a credit policy', figure: 'credit.withPolicy' },
          { label: 'Share with a credit policy', figure: 'credit.policyShare' },
          { label: 'Public materials reviewed', figure: 'credit.publicationsReviewed' },
          { label: 'Crediting local partners', figure: 'credit.publicationsCrediting' },
        ]}
      />
      <FiguresCard
        summary={summary}
        title="Capacity strengthening"
        lead={{ label: 'of local partners’ requests supported', figure: 'capacity.supportedShare' }}
        lines={[
          { label: 'Requests received', figure: 'capacity.requestsReceived' },
          { label: 'Requests supported', figure: 'capacity.requestsSupported' },
          { label: 'Spent on capacity strengthening', figure: 'capacity.capacitySpendUsd' },
        ]}
      />
    </div>
  );
}

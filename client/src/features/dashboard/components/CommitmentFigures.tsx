// The year's figures of each commitment as plain numbers: funding by channel, collaboration,
// joint needs identification, crediting and capacity strengthening; which figures, from the report-field
// catalogue (figureCards.ts).
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { MetricsSummary } from '@lpt/shared/metrics';
import { figureAt, figureValue, type FigureKind } from '@lpt/shared/figures';
import { figureWithheld } from '../../../lib/labels.ts';
import { Figure } from './Figure.tsx';
import { figureCards, type FigureLine } from './figureCards.ts';

type Line = FigureLine;

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
  const { t } = useTranslation('dashboard');
  const { summary, title, lead, lines } = props;
  const label = (line: Line) => t(`dashboard:figures.${line.figure}`);
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
        <span className="figures-card__lead-label">{t(`dashboard:figures.lead.${lead.figure}`)}</span>
      </p>
      {withheld ? null : (
      <dl className="figures">
        {lines.map((line) => (
          <div key={line.figure} className="figures__row">
            <dt>
              {label(line)}
              {line.notCounted ? <span className="figures__note"> {t('dashboard:figures.notCounted')}</span> : null}
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
  const { t } = useTranslation('dashboard');
  return (
    <div className="figures-grid">
      {figureCards.map((card) => (
        <FiguresCard
          key={card.commitment}
          summary={summary}
          title={t(`common:commitment.${card.commitment}`)}
          className={card.commitment === 'funding' ? 'figures-card--funding' : undefined}
          lead={card.lead}
          lines={card.lines}
        />
      ))}
    </div>
  );
}

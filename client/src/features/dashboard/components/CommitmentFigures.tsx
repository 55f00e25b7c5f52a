// The year's figures of each commitment as plain numbers: funding by channel, collaboration,
// joint needs identification, crediting and capacity strengthening.
import { useId } from 'react';
import type { MetricsSummary } from '@lpt/shared/metrics';
import { type SuppressionReason } from '@lpt/shared/enums';
import { Figure } from './Figure.tsx';

type Kind = 'share' | 'count' | 'usd';
interface Line {
  label: string;
  value: number | null;
  kind: Kind;
  note?: string;
}

function FiguresCard(props: { title: string; lead: Line; lines: Line[]; withheld: SuppressionReason | null; className?: string }) {
  const { title, lead, lines, withheld } = props;
  const id = useId();
  return (
    <section className={`card figures-card ${props.className ?? ''}`} aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <p className="figures-card__lead">
        <span className="figures-card__lead-value">
          <Figure value={lead.value} kind={lead.kind} withheld={withheld} />
        </span>
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
            <dd>
              <Figure value={line.value} kind={line.kind} withheld={withheld} />
            </dd>
          </div>
        ))}
      </dl>
      )}
    </section>
  );
}

export function CommitmentFigures({ summary }: { summary: MetricsSummary }) {
  const { funding: f, collaboration: c, needs: n, credit: cr, capacity: cap } = summary;
  const s = summary.suppressedBecause;
  return (
    <div className="figures-grid">
      <FiguresCard
        title="Funding"
        className="figures-card--funding"
        withheld={s}
        lead={{ label: 'counted local funding, as directly as possible', value: f.countedLocalUsd, kind: 'usd' }}
        lines={[
          { label: 'In-scope expenditure', value: f.inScopeExpenditureUsd, kind: 'usd' },
          { label: 'Direct to local actors', value: f.directUsd, kind: 'usd' },
          { label: 'Through pooled funds', value: f.pooledUsd, kind: 'usd' },
          { label: 'Through one intermediary', value: f.oneIntermediaryUsd, kind: 'usd' },
          { label: 'Through two or more intermediaries', note: '(not counted)', value: f.twoPlusIntermediariesUsd, kind: 'usd' },
          { label: 'Under multi-year agreements', value: summary.multiYearToLocalUsd, kind: 'usd' },
        ]}
      />
      <FiguresCard
        title="Collaboration"
        withheld={s}
        lead={{ label: 'of coordination fora co-led by a local actor', value: c.coLedShare, kind: 'share' }}
        lines={[
          { label: 'Local and national partners', value: c.localPartners, kind: 'count' },
          { label: 'Fora with local actors’ participation', value: c.forums, kind: 'count' },
          { label: 'Of those, co-led by a local actor', value: c.forumsCoLed, kind: 'count' },
        ]}
      />
      <FiguresCard
        title="Joint needs identification"
        withheld={s}
        lead={{ label: 'of needs assessments identified with local actors', value: n.jointShare, kind: 'share' }}
        lines={[
          { label: 'Needs assessments and planning processes', value: n.assessmentsTotal, kind: 'count' },
          { label: 'Identified jointly', value: n.assessmentsJoint, kind: 'count' },
        ]}
      />
      <FiguresCard
        title="Crediting local actors"
        withheld={s}
        lead={{ label: 'of public materials credit local partners as they wished', value: cr.creditingShare, kind: 'share' }}
        lines={[
          { label: 'Signatories with a credit policy', value: cr.withPolicy, kind: 'count' },
          { label: 'Share with a credit policy', value: cr.policyShare, kind: 'share' },
          { label: 'Public materials reviewed', value: cr.publicationsReviewed, kind: 'count' },
          { label: 'Crediting local partners', value: cr.publicationsCrediting, kind: 'count' },
        ]}
      />
      <FiguresCard
        title="Capacity strengthening"
        withheld={s}
        lead={{ label: 'of local partners’ requests supported', value: cap.supportedShare, kind: 'share' }}
        lines={[
          { label: 'Requests received', value: cap.requestsReceived, kind: 'count' },
          { label: 'Requests supported', value: cap.requestsSupported, kind: 'count' },
          { label: 'Spent on capacity strengthening', value: cap.capacitySpendUsd, kind: 'usd' },
        ]}
      />
    </div>
  );
}

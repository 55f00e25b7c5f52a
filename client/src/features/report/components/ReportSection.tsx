// One commitment of the report: its status, narrative, the reason when it does not apply, and its
// indicators, each with its definition. The funding section also shows the counted local share live.
import type { SectionStatus } from '@lpt/shared/enums';
import type { CommitmentDefinition, IndicatorDefinition } from '@lpt/shared/indicators';
import {
  AreasIndicator,
  BooleanIndicator,
  LeadershipBreakdown,
  NarrativeField,
  NumberIndicator,
  StatusField,
  TextAreaField,
  useFieldValue,
} from './fields.tsx';
import { LocalShare } from './LocalShare.tsx';
import { useReportField } from './reportFieldContext.ts';

function Indicator({ indicator, currency }: { indicator: IndicatorDefinition; currency: string | null }) {
  switch (indicator.kind) {
    case 'count':
    case 'money':
      return <NumberIndicator indicator={indicator} currency={currency} />;
    case 'boolean':
      return <BooleanIndicator indicator={indicator} />;
    case 'areas':
      return <AreasIndicator indicator={indicator} />;
    case 'countBreakdown':
      return <LeadershipBreakdown indicator={indicator} />;
  }
}

export function ReportSection({ definition, number }: { definition: CommitmentDefinition; number: number }) {
  const key = definition.key;
  const status = useFieldValue<SectionStatus | null>(`${key}.status`);
  const currency = useFieldValue<string | null>('currency');
  const { fieldComments } = useReportField();
  const sectionComment = fieldComments[key];
  const titleId = `section-${key}-title`;
  return (
    <section className="card report-section" id={`section-${key}`} aria-labelledby={titleId}>
      <header className="report-section__header">
        <h2 id={titleId}>
          <span className="report-section__number">{number}.</span> {definition.title}
        </h2>
        <p className="report-section__pledge">
          <span className="visually-hidden">The commitment: </span>
          {definition.pledge}
        </p>
      </header>
      {sectionComment ? (
        <p className="field-comment">
          <strong>Coordinator's comment on this section:</strong> {sectionComment}
        </p>
      ) : null}
      <div className="report-section__basics">
        <StatusField section={key} />
        {status === 'not_applicable' ? (
          <TextAreaField
            path={`${key}.notApplicableReason`}
            label="Why this commitment does not apply"
            hint="Required when the status is “Not applicable”. The answer is counted and shown to the reviewer, never dropped."
            max={1000}
            rows={3}
          />
        ) : null}
      </div>
      <NarrativeField section={key} />
      {status === 'not_applicable' ? (
        <p className="report-section__na">No figures are asked for a commitment that does not apply.</p>
      ) : (
        <div className="indicators">
          {definition.indicators.map((indicator) => (
            <div key={indicator.key} className="indicators__row">
              <Indicator indicator={indicator} currency={currency} />
              {indicator.key === 'toLocalTwoPlusIntermediaries' ? <LocalShare /> : null}
            </div>
          ))}
        </div>
      )}
    </section>
  );
}

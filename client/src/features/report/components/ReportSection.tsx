// One commitment of the report: its status, narrative, the reason when it does not apply, and its
// indicators, each with its definition. The funding section also shows the counted local share live.
import { useTranslation } from 'react-i18next';
import type { SectionStatus } from '@lpt/shared/enums';
import type { CommitmentDefinition, IndicatorDefinition } from '@lpt/shared/indicators';
import { shareShownAfter } from '@lpt/shared/report';
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
    case 'set':
      return <AreasIndicator indicator={indicator} />;
    case 'breakdown':
      return <LeadershipBreakdown indicator={indicator} />;
  }
}

export function ReportSection({ definition, number }: { definition: CommitmentDefinition; number: number }) {
  const { t } = useTranslation('report');
  const key = definition.key;
  const status = useFieldValue<SectionStatus | null>(`${key}.status`);
  const currency = useFieldValue<string | null>('currency');
  const { fieldComments } = useReportField();
  const sectionComment = fieldComments[key];
  const titleId = `section-${key}-title`;
  return (
    <section className="card report-section" id={`section-${key}`} aria-labelledby={titleId}>
      <header className="report-section__header">
        <h2 id={titleId} tabIndex={-1}>
          <span className="report-section__number">{number}.</span> {t(`indicators:${key}.title`)}
        </h2>
        <p className="report-section__pledge">
          <span className="visually-hidden">{t('report:theCommitment')} </span>
          {t(`indicators:${key}.pledge`)}
        </p>
      </header>
      {sectionComment ? (
        <p className="field-comment">
          <strong>{t('report:sectionComment')}</strong> {sectionComment}
        </p>
      ) : null}
      <div className="report-section__basics">
        <StatusField section={key} />
        {status === 'not_applicable' ? (
          <TextAreaField
            path={`${key}.notApplicableReason`}
            label={t('report:whyNotApplicable')}
            hint={t('report:whyNotApplicableHint')}
            max={1000}
            rows={3}
          />
        ) : null}
      </div>
      <NarrativeField section={key} />
      {status === 'not_applicable' ? (
        <p className="report-section__na">{t('report:noFiguresNa')}</p>
      ) : (
        <div className="indicators">
          {definition.indicators.map((indicator) => (
            <div key={indicator.key} className="indicators__row">
              <Indicator indicator={indicator} currency={currency} />
              {/* The derived share (counted local share) right after the last part of its denominator. */}
              {shareShownAfter.has(indicator.path) ? <LocalShare /> : null}
            </div>
          ))}
        </div>
      )}
    </section>
  );
}

// The annual report's methodology: how each figure is computed (SPEC §4, shared/src/metrics.ts, in the
// reader's language) and what signatories are asked to report, indicator by indicator (the indicators
// catalogue the report form shows beside every field).
import { useTranslation } from 'react-i18next';
import { LOCAL_SHARE_TARGET, SUPPRESSION_THRESHOLD } from '@lpt/shared/enums';
import type { CommitmentDefinition } from '@lpt/shared/indicators';
import { formatShare } from '../../../lib/format.ts';

/** The metric definitions, in reading order; each is reportCard:method.<name>.{term,definition}. */
const definitions = [
  'source',
  'localActors',
  'countedLocal',
  'weightedShare',
  'directShare',
  'meanMedian',
  'atOrAbove25',
  'distribution',
  'reportingRate',
  'commitmentShares',
  'noData',
  'notApplicable',
  'currency',
  'release',
  'suppression',
] as const;

export function Methodology({ year, commitments }: { year: number; commitments: readonly CommitmentDefinition[] }) {
  const { t } = useTranslation(['reportCard', 'indicators']);
  const params = { year, count: SUPPRESSION_THRESHOLD, target: formatShare(LOCAL_SHARE_TARGET) };
  return (
    <section className="report-card__section report-card__methodology" aria-labelledby="rc-methodology">
      <h2 id="rc-methodology">{t('reportCard:sections.methodology')}</h2>
      <dl className="report-card__definitions">
        {definitions.map((name) => (
          <div key={name}>
            <dt>{t(`reportCard:method.${name}.term`)}</dt>
            <dd>{t(`reportCard:method.${name}.definition`, params)}</dd>
          </div>
        ))}
      </dl>

      <h3>{t('reportCard:indicatorsTitle')}</h3>
      <p>{t('reportCard:indicatorsLead')}</p>
      {commitments.map((commitment) => (
        <div key={commitment.key} className="report-card__commitment">
          <h4>{t(`indicators:${commitment.key}.title`)}</h4>
          <p className="report-card__pledge">{t(`indicators:${commitment.key}.pledge`)}</p>
          <dl className="report-card__definitions">
            {commitment.indicators.map((indicator) => (
              <div key={indicator.path}>
                <dt>{t(`indicators:${indicator.path}.label`)}</dt>
                <dd>{t(`indicators:${indicator.path}.help`)}</dd>
              </div>
            ))}
          </dl>
        </div>
      ))}
    </section>
  );
}

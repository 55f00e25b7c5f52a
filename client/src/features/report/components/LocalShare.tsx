// The counted local share, recomputed as the funding figures are typed, with the same functions the
// server and the metrics use (shared/src/report.ts), beside last year's approved share and the target.
import { useTranslation } from 'react-i18next';
import { LOCAL_SHARE_TARGET } from '@lpt/shared/enums';
import { countedLocalFunding, localShare, type FundingSection } from '@lpt/shared/report';
import { formatMoney, formatShare } from '../../../lib/format.ts';
import { useFieldValue } from './fields.tsx';
import { useReportField } from './reportFieldContext.ts';

/** Text that is not a number yet counts as empty here (the field shows its own error). */
function withoutInvalid(funding: FundingSection): FundingSection {
  return Object.fromEntries(
    Object.entries(funding).map(([k, v]) => [k, typeof v === 'number' && !Number.isFinite(v) ? null : v]),
  ) as FundingSection;
}

export function LocalShare() {
  const { t } = useTranslation('report');
  const funding = withoutInvalid(useFieldValue<FundingSection>('funding'));
  const currency = useFieldValue<string | null>('currency') ?? '';
  const { previousYear } = useReportField();
  const counted = countedLocalFunding(funding);
  const share = localShare(funding);
  const lastShare = previousYear ? localShare(previousYear.data.funding) : null;
  return (
    <div className="local-share" role="status" aria-live="polite" aria-atomic="true">
      <h3 className="local-share__title">{t('report:localShare.title')}</h3>
      <dl className="figures">
        <dt>{t('report:localShare.counted')}</dt>
        <dd data-testid="counted-local-funding">{counted == null ? '—' : formatMoney(counted, currency)}</dd>
        <dt>{t('report:localShare.share')}</dt>
        <dd data-testid="counted-local-share" className="local-share__value">
          {formatShare(share)}
        </dd>
        {previousYear ? (
          <>
            <dt>{t('report:localShare.approved', { year: previousYear.year })}</dt>
            <dd>{formatShare(lastShare)}</dd>
          </>
        ) : null}
        <dt>{t('report:localShare.target')}</dt>
        <dd>{formatShare(LOCAL_SHARE_TARGET)}</dd>
      </dl>
      <p className="field__hint">
        {t('report:localShare.note')}
      </p>
    </div>
  );
}

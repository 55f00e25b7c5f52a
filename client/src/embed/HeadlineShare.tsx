// The headline figure on its own: the weighted local share of the year, drawn against the 25 % benchmark
// on a bar from 0 to 50 %. The bar is SVG laid out in percentages, so it fills any width from a phone's
// 300 px up while its words keep their size. A withheld share says why, as the dashboard's tile does.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { MetricsSummary } from '@lpt/shared/metrics';
import { formatShare } from '../lib/format.ts';
import { figureWithheld } from '../lib/labels.ts';
import { chartColors, TARGET } from '../features/dashboard/components/chartTheme.tsx';
import { figureText } from '../features/dashboard/components/Figure.tsx';
import { gapToTarget } from '../features/dashboard/components/HeadlineTiles.tsx';

const SCALE = 0.5;
const pct = (share: number) => `${(Math.min(Math.max(share, 0), SCALE) / SCALE) * 100}%`;

export function HeadlineShare({ summary, scope }: { summary: MetricsSummary; scope: string }) {
  const { t } = useTranslation('dashboard');
  const titleId = useId();
  const share = summary.funding.weightedShare;
  const withheld = figureWithheld(summary, 'funding.weightedShare');
  const shown = withheld === null && share !== null;
  const value = withheld ? figureText(t, null, 'share', withheld) : formatShare(share);
  return (
    <section className="card chart-card embed-headline" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('dashboard:tiles.weightedShare')}</h2>
      <p className="muted small">{scope}</p>
      <p className={`embed-headline__value${shown ? '' : ' tile__value--muted'}`} data-figure="weightedShare">
        {value}
      </p>
      {shown ? (
        <>
          <div className="chart" role="img" aria-label={`${t('dashboard:tiles.weightedShare')}: ${value}. ${gapToTarget(t, share)}`}>
            <svg className="embed-headline__bar" width="100%" height="52" xmlns="http://www.w3.org/2000/svg" aria-hidden="true">
              <rect x="0" y="8" width="100%" height="16" rx="4" fill={chartColors.withheld} />
              <rect x="0" y="8" width={pct(share)} height="16" rx="4" fill={chartColors.primary} />
              <line x1={pct(TARGET)} x2={pct(TARGET)} y1="2" y2="30" stroke={chartColors.target} strokeWidth="3" />
              <text x="0" y="46" fontSize="12" fill={chartColors.axis}>
                0 %
              </text>
              <text x={pct(TARGET)} y="46" fontSize="12" fill={chartColors.target} textAnchor="middle">
                {t('dashboard:target')}
              </text>
              <text x="100%" y="46" fontSize="12" fill={chartColors.axis} textAnchor="end">
                50 %
              </text>
            </svg>
          </div>
          <p className="small">
            {t('dashboard:tiles.weightedShareNote')} {gapToTarget(t, share)}
          </p>
        </>
      ) : (
        <p className="small">{t('dashboard:tiles.weightedShareNote')}</p>
      )}
    </section>
  );
}

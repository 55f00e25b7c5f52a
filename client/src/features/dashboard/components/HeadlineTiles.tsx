// The five headline figures of the year: weighted local share against the 25 % benchmark, direct share,
// median organisation, signatories at or above 25 %, and the reporting rate.
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MetricsSummary } from '@lpt/shared/metrics';
import { formatCount, formatLocale, formatShare } from '../../../lib/format.ts';
import { figureWithheld } from '../../../lib/labels.ts';
import { TARGET } from './chartTheme.tsx';
import { figureText } from './Figure.tsx';

function Tile(props: { id: string; label: string; value: string; muted?: boolean; children?: ReactNode; wide?: boolean; provisional?: boolean }) {
  const { t } = useTranslation('dashboard');
  return (
    <div className={`tile${props.wide ? ' tile--wide' : ''}`} data-tile={props.id}>
      <dt className="tile__label">
        {props.label}
        {props.provisional ? <span className="badge badge--provisional">{t('dashboard:provisional.badge')}</span> : null}
      </dt>
      <dd className={`tile__value${props.muted ? ' tile__value--muted' : ''}`}>{props.value}</dd>
      {props.children ? <dd className="tile__detail">{props.children}</dd> : null}
    </div>
  );
}

/** A bar from 0 to 50 % with the share filled in and a mark at the 25 % benchmark. */
function BenchmarkBar({ share }: { share: number }) {
  const { t } = useTranslation('dashboard');
  const scale = 0.5;
  const fill = Math.min(share, scale) / scale;
  return (
    <div className="benchmark" aria-hidden="true">
      <div className="benchmark__track">
        <div className={`benchmark__fill${share >= TARGET ? ' benchmark__fill--met' : ''}`} style={{ width: `${fill * 100}%` }} />
        <div className="benchmark__target" style={{ left: `${(TARGET / scale) * 100}%` }} />
      </div>
      <div className="benchmark__scale">
        <span>0 %</span>
        <span style={{ left: `${(TARGET / scale) * 100}%` }}>{t('dashboard:target')}</span>
        <span>50 %</span>
      </div>
    </div>
  );
}

export function gapToTarget(t: TFunction, share: number): string {
  const points = Math.abs(share - TARGET) * 100;
  if (points < 0.05) return t('dashboard:tiles.atBenchmark');
  const gap = new Intl.NumberFormat(formatLocale(), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(points);
  return share < TARGET ? t('dashboard:tiles.belowBenchmark', { points: gap }) : t('dashboard:tiles.aboveBenchmark', { points: gap });
}

export function HeadlineTiles({ summary, provisional = false }: { summary: MetricsSummary; provisional?: boolean }) {
  const { t } = useTranslation('dashboard');
  const s = summary.suppressed;
  const f = summary.funding;
  // A tile's figure, or why it is withheld (the whole summary, or this figure on its own).
  const withheld = (path: string) => figureWithheld(summary, path) !== null;
  const text = (path: string, value: string) => {
    const reason = figureWithheld(summary, path);
    return reason ? figureText(t, null, 'share', reason) : value;
  };
  return (
    <>
    <h2 className="visually-hidden">{t('dashboard:tiles.heading')}</h2>
    <dl className="tiles">
      <Tile provisional={provisional} id="weightedShare" label={t('dashboard:tiles.weightedShare')} value={text('funding.weightedShare', formatShare(f.weightedShare))} muted={withheld('funding.weightedShare') || f.weightedShare === null} wide>
        {!withheld('funding.weightedShare') && f.weightedShare !== null ? (
          <>
            <BenchmarkBar share={f.weightedShare} />
            <span>
              {t('dashboard:tiles.weightedShareNote')} {gapToTarget(t, f.weightedShare)}
            </span>
          </>
        ) : (
          <span>{t('dashboard:tiles.weightedShareNote')}</span>
        )}
      </Tile>
      <Tile provisional={provisional} id="directShare" label={t('dashboard:tiles.directShare')} value={text('funding.directShare', formatShare(f.directShare))} muted={withheld('funding.directShare') || f.directShare === null}>
        {t('dashboard:tiles.directShareNote')}
      </Tile>
      <Tile provisional={provisional} id="medianShare" label={t('dashboard:tiles.medianShare')} value={text('funding.medianShare', formatShare(f.medianShare))} muted={withheld('funding.medianShare') || f.medianShare === null}>
        {s ? t('dashboard:tiles.medianNote') : t('dashboard:tiles.medianNoteWithMean', { mean: formatShare(f.meanShare) })}
      </Tile>
      <Tile
        provisional={provisional}
        id="atOrAbove25"
        label={t('dashboard:tiles.atOrAbove25')}
        value={text(
          'funding.atOrAbove25',
          f.atOrAbove25 === null ? formatCount(null) : t('dashboard:xOfY', { x: formatCount(f.atOrAbove25), y: formatCount(summary.fundingOrganizations) }),
        )}
        muted={withheld('funding.atOrAbove25') || f.atOrAbove25 === null}
      >
        {t('dashboard:tiles.atOrAbove25Note')}
        {!withheld('funding.atOrAbove25') && summary.fundingOrganizations !== null && summary.organizationsReporting !== null && summary.fundingOrganizations < summary.organizationsReporting
          ? ` ${t('dashboard:tiles.atOrAbove25Excluded', { count: summary.organizationsReporting - summary.fundingOrganizations, reporting: formatCount(summary.organizationsReporting), counted: formatCount(summary.fundingOrganizations) })}`
          : ''}
      </Tile>
      <Tile provisional={provisional} id="reportingRate" label={t('dashboard:tiles.reportingRate')} value={text('reportingRate', formatShare(summary.reportingRate))} muted={withheld('reportingRate') || summary.reportingRate === null}>
        {s || summary.organizationsEligible === null
          ? t('dashboard:tiles.reportingRateNote')
          : t('dashboard:tiles.reportingRateDetail', {
              count: summary.organizationsEligible,
              reporting: formatCount(summary.organizationsReporting),
              eligible: formatCount(summary.organizationsEligible),
            })}
      </Tile>
    </dl>
    </>
  );
}

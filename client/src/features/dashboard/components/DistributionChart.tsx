// How the signatories' own counted local shares are spread over the four buckets (0–10 %, 10–25 %,
// 25–50 %, ≥ 50 %); buckets at or above the target are drawn in the strong colour.
import { Bar, BarChart, CartesianGrid, Cell, LabelList, Tooltip, XAxis, YAxis } from 'recharts';
import { shareBuckets } from '@lpt/shared/enums';
import { useTranslation } from 'react-i18next';
import type { MetricsSummary } from '@lpt/shared/metrics';
import { formatCount } from '../../../lib/format.ts';
import { withheldShortOf, withheldTextOf } from '../../../lib/labels.ts';
import type { DownloadLinks } from '../api/downloads.ts';
import { ChartCard, ChartEmpty } from './ChartCard.tsx';
import { ChartFrame } from './ChartFrame.tsx';
import { axisProps, chartColors, TARGET } from './chartTheme.tsx';
import { CountTable } from './Figure.tsx';

export function DistributionChart({ summary, downloads, scope }: { summary: MetricsSummary; downloads: DownloadLinks; scope: string }) {
  const { t } = useTranslation('dashboard');
  const rows = shareBuckets.map((b) => ({
    key: b.key,
    label: b.label,
    count: summary.distribution[b.key],
    meetsTarget: b.from >= TARGET,
  }));
  const total = summary.fundingOrganizations;
  const summaryText = summary.suppressed
    ? withheldTextOf(t, summary)
    : t('dashboard:distribution.summary', {
        scope,
        total: formatCount(total),
        buckets: rows.map((r) => t('dashboard:distribution.bucket', { count: r.count ?? 0, share: r.label })).join(', '),
      });
  return (
    <ChartCard
      title={t('dashboard:distribution.title')}
      summary={summaryText}
      downloads={downloads}
      note={<p className="muted small">{t('dashboard:distribution.note')}</p>}
      empty={summary.suppressed ? <ChartEmpty>{t('dashboard:withheldList', { list: withheldShortOf(t, summary) })}</ChartEmpty> : undefined}
      chart={
        <ChartFrame height={240}>
          <BarChart data={rows} margin={{ top: 20, right: 8, bottom: 4, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid stroke={chartColors.grid} vertical={false} />
            <XAxis dataKey="label" {...axisProps} />
            <YAxis {...axisProps} allowDecimals={false} width={36} />
            <Tooltip formatter={(value) => [formatCount(typeof value === 'number' ? value : null), t('dashboard:signatories')]} />
            <Bar dataKey="count" name={t('dashboard:signatories')} isAnimationActive={false} radius={[4, 4, 0, 0]}>
              {rows.map((r) => (
                <Cell key={r.key} fill={r.meetsTarget ? chartColors.primary : chartColors.light} />
              ))}
              <LabelList dataKey="count" position="top" fill={chartColors.axis} fontSize={12} />
            </Bar>
          </BarChart>
        </ChartFrame>
      }
      table={
        <CountTable
          caption={t('dashboard:distribution.caption', { scope })}
          labelHeader={t('dashboard:distribution.ownShare')}
          countHeader={t('dashboard:signatories')}
          rows={[...rows, { key: 'total', label: t('dashboard:distribution.withFunding'), count: total }]}
          withheld={summary.suppressedBecause}
        />
      }
    />
  );
}

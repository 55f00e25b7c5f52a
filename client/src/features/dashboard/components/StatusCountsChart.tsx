// Where the signatories stand on each of the five commitments, including "not applicable" answers
// (counted and shown, never dropped).
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { commitments, sectionStatuses, type SectionStatus } from '@lpt/shared/enums';
import { useTranslation } from 'react-i18next';
import type { MetricsSummary } from '@lpt/shared/metrics';
import { formatCount } from '../../../lib/format.ts';
import { commitmentLabel, sectionStatusLabel, withheldShortOf, withheldTextOf } from '../../../lib/labels.ts';
import type { DownloadLinks } from '../api/downloads.ts';
import { ChartCard, ChartEmpty } from './ChartCard.tsx';
import { ChartFrame } from './ChartFrame.tsx';
import { categoryAxis, CategoryTick } from './CategoryTick.tsx';
import { axisProps, chartColors, legendText } from './chartTheme.tsx';
import { DataTable } from '../../../ui/DataTable.tsx';
import { Figure } from './Figure.tsx';

const statusColors: Record<SectionStatus, string> = {
  not_started: '#d5dae1',
  planning: '#a9c9cc',
  in_progress: chartColors.secondary,
  fulfilled: chartColors.primary,
  not_applicable: chartColors.tertiary,
};

export function StatusCountsChart({ summary, downloads, scope }: { summary: MetricsSummary; downloads: DownloadLinks; scope: string }) {
  const { t } = useTranslation('dashboard');
  const rows = commitments.map((c) => ({ commitment: c, label: commitmentLabel(t, c), ...summary.statusCounts[c] }));
  // The axis as wide as its longest word, each row as high as its wrapped label (CategoryTick); the
  // legend below takes about 80 px on a phone.
  const axis = categoryAxis(rows, 36);
  const summaryText = summary.suppressed
    ? withheldTextOf(t, summary)
    : t('dashboard:status.summary', {
        scope,
        list: rows
          .map((r) => `${r.label}: ${sectionStatuses.map((s) => `${sectionStatusLabel(t, s)} ${formatCount(r[s])}`).join(', ')}`)
          .join('; '),
      });
  return (
    <ChartCard
      title={t('dashboard:status.title')}
      summary={summaryText}
      downloads={downloads}
      note={<p className="muted small">{t('dashboard:status.note')}</p>}
      empty={summary.suppressed ? <ChartEmpty>{t('dashboard:withheldList', { list: withheldShortOf(t, summary) })}</ChartEmpty> : undefined}
      chart={
        <ChartFrame height={Math.max(260, rows.length * axis.rowHeight + 90)}>
          <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }} accessibilityLayer={false}>
            <CartesianGrid stroke={chartColors.grid} horizontal={false} />
            <XAxis type="number" {...axisProps} allowDecimals={false} />
            <YAxis type="category" dataKey="label" {...axisProps} width={axis.width} interval={0} tick={<CategoryTick rows={rows} axisWidth={axis.width} />} />
            <Tooltip formatter={(value) => formatCount(typeof value === 'number' ? value : null)} />
            <Legend wrapperStyle={{ fontSize: 13 }} formatter={legendText} itemSorter={null} />
            {sectionStatuses.map((s) => (
              <Bar key={s} dataKey={s} name={sectionStatusLabel(t, s)} stackId="status" fill={statusColors[s]} isAnimationActive={false} barSize={24} />
            ))}
          </BarChart>
        </ChartFrame>
      }
      table={
        <DataTable
          caption={t('dashboard:status.caption', { scope })}
          scroller={false}
          rows={rows}
          rowKey={(r) => r.commitment}
          columns={[
            { key: 'commitment', header: t('dashboard:status.commitment'), rowHeader: true, cell: (r) => r.label },
            ...sectionStatuses.map((s) => ({
              key: s,
              header: sectionStatusLabel(t, s),
              numeric: true,
              cell: (r: (typeof rows)[number]) => <Figure value={r[s]} kind="count" withheld={summary.suppressedBecause} />,
            })),
          ]}
        />
      }
    />
  );
}

// The local partners worked with, by who leads them (categories overlap: a partner led by migrant
// women counts in both).
import { Bar, BarChart, CartesianGrid, LabelList, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import type { LeadershipCategory } from '@lpt/shared/enums';
import { figureValue, type ShownPath } from '@lpt/shared/figures';
import type { MetricsSummary } from '@lpt/shared/metrics';
import { fieldPath, reportFields, type ReportField } from '@lpt/shared/report/fields';
import { formatCount } from '../../../lib/format.ts';
import { leadershipCategoryLabel, withheldShortOf, withheldTextOf } from '../../../lib/labels.ts';
import type { DownloadLinks } from '../api/downloads.ts';
import { ChartCard, ChartEmpty } from './ChartCard.tsx';
import { ChartFrame } from './ChartFrame.tsx';
import { categoryAxis, CategoryTick } from './CategoryTick.tsx';
import { axisProps, chartColors } from './chartTheme.tsx';
import { CountTable } from './Figure.tsx';

// The report's breakdown field and the field it is a part of, read off the catalogue: their figures are a
// group of one sum per category and the whole's sum.
const fields: readonly ReportField[] = reportFields;
const breakdown = fields.find((f) => f.kind === 'breakdown')!;
const whole = fields.find((f) => fieldPath(f) === breakdown.partOf)!;

export function LeadershipChart({ summary, downloads, scope }: { summary: MetricsSummary; downloads: DownloadLinks; scope: string }) {
  const { t } = useTranslation('dashboard');
  const rows = (breakdown.values as readonly LeadershipCategory[]).map((c) => ({
    key: c,
    label: leadershipCategoryLabel(t, c),
    partners: figureValue(summary, `${breakdown.figure}.${c}` as ShownPath),
  }));
  const partners = figureValue(summary, whole.figure as ShownPath);
  // The axis as wide as its longest word, each row as high as its wrapped label (CategoryTick).
  const axis = categoryAxis(rows, 36);
  const summaryText = summary.suppressed
    ? withheldTextOf(t, summary)
    : t('dashboard:leadership.summary', {
        scope,
        partners: formatCount(partners),
        list: rows.map((r) => `${r.label} ${formatCount(r.partners)}`).join(', '),
      });
  return (
    <ChartCard
      title={t('dashboard:leadership.title')}
      summary={summaryText}
      downloads={downloads}
      note={
        <p className="muted small">
          {summary.suppressed
            ? t('dashboard:leadership.noteWithheld')
            : t('dashboard:leadership.note', { count: partners ?? 0, partners: formatCount(partners) })}
        </p>
      }
      empty={summary.suppressed ? <ChartEmpty>{t('dashboard:withheldList', { list: withheldShortOf(t, summary) })}</ChartEmpty> : undefined}
      chart={
        <ChartFrame height={Math.max(300, rows.length * axis.rowHeight + 30)}>
          <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 48, bottom: 4, left: 8 }} accessibilityLayer={false}>
            <CartesianGrid stroke={chartColors.grid} horizontal={false} />
            <XAxis type="number" {...axisProps} allowDecimals={false} />
            <YAxis type="category" dataKey="label" {...axisProps} width={axis.width} interval={0} tick={<CategoryTick rows={rows} axisWidth={axis.width} />} />
            <Tooltip formatter={(value) => [formatCount(typeof value === 'number' ? value : null), t('dashboard:leadership.partners')]} />
            <Bar dataKey="partners" name={t('dashboard:leadership.partners')} fill={chartColors.secondary} isAnimationActive={false} barSize={20} radius={[0, 4, 4, 0]}>
              <LabelList dataKey="partners" position="right" fill={chartColors.axis} fontSize={12} />
            </Bar>
          </BarChart>
        </ChartFrame>
      }
      table={
        <CountTable
          caption={t('dashboard:leadership.caption', { scope })}
          labelHeader={t('dashboard:leadership.ledBy')}
          countHeader={t('dashboard:leadership.partners')}
          rows={rows.map((r) => ({ key: r.key, label: r.label, count: r.partners }))}
          withheld={summary.suppressedBecause}
        />
      }
    />
  );
}

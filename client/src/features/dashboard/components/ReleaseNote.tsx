// Which figures the dashboard shows: a year's last release (what donors and the public read), the
// coordinators' live figures, or nothing yet because the year has no release.
import { useTranslation } from 'react-i18next';
import type { MetricsSummary } from '@lpt/shared/metrics';
import { formatDateLong } from '../../../lib/format.ts';

export function ReleaseNote({ summary, coordinator }: { summary: MetricsSummary; coordinator: boolean }) {
  const { t } = useTranslation('dashboard');
  const { release } = summary;
  if (release) {
    return (
      <p className="dashboard__release" data-release={release.id}>
        {t('dashboard:release.asOf', { number: release.number, year: release.year, date: formatDateLong(release.publishedAt) })}
      </p>
    );
  }
  if (summary.suppressedBecause === 'not_released') {
    return (
      <p className="alert alert--info dashboard__release">
        {t('dashboard:release.none', { year: summary.year })}
      </p>
    );
  }
  if (coordinator) {
    return (
      <p className="alert alert--warning dashboard__release">
        {t('dashboard:release.live')}
      </p>
    );
  }
  return null;
}

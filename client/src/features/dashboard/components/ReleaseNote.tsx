// Which figures the dashboard shows: a year's last release (what donors and the public read), the
// coordinators' live figures, or nothing yet because the year has no release.
import type { MetricsSummary } from '@lpt/shared/metrics';
import { formatDateLong } from '../../../lib/format.ts';

export function ReleaseNote({ summary, coordinator }: { summary: MetricsSummary; coordinator: boolean }) {
  const { release } = summary;
  if (release) {
    return (
      <p className="dashboard__release" data-release={release.id}>
        Figures as of release {release.number} of {release.year}, published {formatDateLong(release.publishedAt)}.
      </p>
    );
  }
  if (summary.suppressedBecause === 'not_released') {
    return (
      <p className="alert alert--info dashboard__release">
        {summary.year} has no release yet, so its figures are not shown. They appear once a coordinator publishes them
        or the year’s reporting cycle closes.
      </p>
    );
  }
  if (coordinator) {
    return (
      <p className="alert alert--warning dashboard__release">
        Live figures (coordinator view): not yet released to donors and the public.
      </p>
    );
  }
  return null;
}

// A release's header as every page lists releases (the coordinators' Releases page, the public
// corrections log): its number and year, when and how it was published, and how many organisations it
// counts (unless the release withholds the year's total from the reader: then the count is withheld too).
import { useTranslation } from 'react-i18next';
import type { Release } from '@lpt/shared/releases';
import { formatCount, formatDateLong, formatDateTime } from '../lib/format.ts';

interface Props {
  release: Pick<Release, 'number' | 'year' | 'trigger' | 'publishedAt' | 'organizationsReporting'>;
  /** The time of day too (coordinators), or the date alone (the public log). */
  withTime?: boolean;
}

export function ReleaseHeader({ release, withTime = false }: Props) {
  const { t } = useTranslation();
  const date = withTime ? formatDateTime(release.publishedAt) : formatDateLong(release.publishedAt);
  return (
    <>
      <h3>{t('common:release.title', { number: release.number, year: release.year })}</h3>
      <p className="muted small">
        {release.trigger === 'cycle_closed' ? t('common:release.publishedOnClose', { date }) : t('common:release.published', { date })} ·{' '}
        {release.organizationsReporting === null
          ? t('common:release.reportingWithheld')
          : t('common:release.reporting', { count: release.organizationsReporting, number: formatCount(release.organizationsReporting) })}
      </p>
    </>
  );
}

// What a decision did, said truthfully: an approval counts in the coordinators' live figures at once, but
// donors and the public read a year as of its last release, so they see it only from the next release.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export type Outcome = 'approve' | 'return' | 'reopen';

export function DecisionOutcome({ outcome }: { outcome: Outcome }) {
  const { t } = useTranslation('review');
  return (
    <p className="alert alert--success" role="status" data-outcome={outcome}>
      {outcome === 'approve' ? (
        <>
          {t('review:decision.approved')} <Link to="/admin/releases">{t('review:decision.releasesLink')}</Link>.
        </>
      ) : outcome === 'return' ? (
        t('review:decision.returned')
      ) : (
        <>
          {t('review:reopen.done')} <Link to="/admin/releases">{t('review:decision.releasesLink')}</Link>.
        </>
      )}
    </p>
  );
}

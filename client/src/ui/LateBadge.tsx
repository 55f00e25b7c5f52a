import { useTranslation } from 'react-i18next';

// The mark of a report submitted after its cycle's due date (or of one still missing after it).
export function LateBadge({ late, text }: { late: boolean; text?: string }) {
  const { t } = useTranslation();
  if (!late) return null;
  return (
    <>
      {' '}
      <span className="badge badge--late">{text ?? t('common:late')}</span>
    </>
  );
}

import { useTranslation } from 'react-i18next';

/** What a page shows while its code or first data loads; announced politely to screen readers. */
export function PageLoading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="page-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('common:loading')}
    </div>
  );
}

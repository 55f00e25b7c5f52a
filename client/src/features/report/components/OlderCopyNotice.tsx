// Changes kept on this device on top of an older version of the report: shown, to apply on top of the
// current version or to discard.
import { useTranslation } from 'react-i18next';
import type { FieldChange } from '../draftRecovery.ts';
import { ChangeList } from './ChangeList.tsx';

export function OlderCopyNotice({
  baseVersion,
  changes,
  onUse,
  onDiscard,
}: {
  baseVersion: number;
  changes: FieldChange[];
  onUse: () => void;
  onDiscard: () => void;
}) {
  const { t } = useTranslation('report');
  return (
    <div className="alert alert--warning" role="region" aria-label={t('report:older.label')}>
      <h2>{t('report:older.title')}</h2>
      <p>{t('report:older.text', { version: baseVersion, count: changes.length })}</p>
      <ChangeList changes={changes} />
      <p>
        <button type="button" className="button button--primary" onClick={onUse}>
          {t('report:older.use')}
        </button>{' '}
        <button type="button" className="button" onClick={onDiscard}>
          {t('report:older.discard')}
        </button>
      </p>
    </div>
  );
}

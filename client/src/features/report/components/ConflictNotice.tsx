// Someone else saved a newer version: autosave stops, and the signatory sees what of theirs is not saved
// before reloading the server's version.
import { useTranslation } from 'react-i18next';
import { ChangeList } from './ChangeList.tsx';

export function ConflictNotice({
  message,
  unsaved,
  onReload,
}: {
  message: string;
  unsaved: { field: string; from: unknown; to: unknown }[];
  onReload: () => void;
}) {
  const { t } = useTranslation('report');
  return (
    <div className="alert alert--error conflict-notice" role="alert">
      <h2>{t('report:conflict.title')}</h2>
      <p>{t('report:conflict.text', { reason: message })}</p>
      {unsaved.length > 0 ? (
        <details>
          <summary>{t('report:conflict.unsaved', { count: unsaved.length })}</summary>
          <ChangeList changes={unsaved} />
        </details>
      ) : null}
      <button type="button" className="button button--primary" onClick={onReload}>
        {t('report:conflict.reload')}
      </button>
    </div>
  );
}

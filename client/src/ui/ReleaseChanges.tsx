// What a release changed against its year's previous release: organisations added, changed or
// removed, and, per viewer, the cells newly shown and newly withheld. Used by the coordinators'
// release page and the public corrections log.
import { useTranslation } from 'react-i18next';
import { viewers } from '@lpt/shared/enums';
import type { ReleaseCell, ReleaseChanges as Changes } from '@lpt/shared/releases';
import { cellLabel, viewerLabel } from '../lib/labels.ts';
import './releases.css';

export function ReleaseChanges({ changes }: { changes: Changes }) {
  const { t } = useTranslation();
  const listed = (items: string[]) => (items.length > 0 ? items.join('; ') : t('common:none'));
  const cells = (list: ReleaseCell[] | undefined) => listed((list ?? []).map((c) => cellLabel(t, c)));
  // Unnamed organisations are counted, unless the release withholds the year's total from the reader
  // (`unnamed` null, so each count here undefined): then how many is withheld too.
  const unnamedText = (count: number | undefined) =>
    count === undefined ? [t('common:releaseChanges.unnamedWithheld')] : count > 0 ? [t('common:releaseChanges.unnamed', { count })] : [];
  const names = (list: { name: string }[], unnamed: number | undefined) => listed([...list.map((o) => o.name), ...unnamedText(unnamed)]);
  return (
    <dl className="release-changes">
      <div>
        <dt>{t('common:releaseChanges.added')}</dt>
        <dd>{names(changes.organizationsAdded, changes.unnamed?.added)}</dd>
      </div>
      <div>
        <dt>{t('common:releaseChanges.changed')}</dt>
        <dd>{names(changes.organizationsChanged, changes.unnamed?.changed)}</dd>
      </div>
      <div>
        <dt>{t('common:releaseChanges.removed')}</dt>
        <dd>{names(changes.organizationsRemoved, changes.unnamed?.removed)}</dd>
      </div>
      {viewers.map((viewer) => (
        <div key={`shown-${viewer}`}>
          <dt>{t('common:releaseChanges.newlyShown', { viewer: viewerLabel(t, viewer) })}</dt>
          <dd>{cells(changes.newlyShown[viewer])}</dd>
        </div>
      ))}
      {viewers.map((viewer) => (
        <div key={`withheld-${viewer}`}>
          <dt>{t('common:releaseChanges.newlyWithheld', { viewer: viewerLabel(t, viewer) })}</dt>
          <dd>{cells(changes.newlyWithheld[viewer])}</dd>
        </div>
      ))}
    </dl>
  );
}

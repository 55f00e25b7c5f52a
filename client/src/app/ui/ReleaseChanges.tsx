// What a release changed against its year's previous release: organisations added, changed or
// removed, and, per viewer, the cells newly shown and newly withheld. Used by the coordinators'
// release page and the public corrections log.
import { viewers } from '@lpt/shared/enums';
import type { ReleaseCell, ReleaseChanges as Changes } from '@lpt/shared/releases';
import { cellLabel, viewerLabels } from '../../lib/labels.ts';
import './releases.css';

const listed = (items: string[]) => (items.length > 0 ? items.join('; ') : 'none');
const cells = (list: ReleaseCell[] | undefined) => listed((list ?? []).map(cellLabel));

export function ReleaseChanges({ changes }: { changes: Changes }) {
  const names = (list: { name: string }[]) => listed(list.map((o) => o.name));
  return (
    <dl className="release-changes">
      <div>
        <dt>Organisations added</dt>
        <dd>{names(changes.organizationsAdded)}</dd>
      </div>
      <div>
        <dt>Organisations with changed figures</dt>
        <dd>{names(changes.organizationsChanged)}</dd>
      </div>
      <div>
        <dt>Organisations removed</dt>
        <dd>{names(changes.organizationsRemoved)}</dd>
      </div>
      {viewers.map((viewer) => (
        <div key={`shown-${viewer}`}>
          <dt>Newly shown ({viewerLabels[viewer].toLowerCase()})</dt>
          <dd>{cells(changes.newlyShown[viewer])}</dd>
        </div>
      ))}
      {viewers.map((viewer) => (
        <div key={`withheld-${viewer}`}>
          <dt>Newly withheld ({viewerLabels[viewer].toLowerCase()})</dt>
          <dd>{cells(changes.newlyWithheld[viewer])}</dd>
        </div>
      ))}
    </dl>
  );
}

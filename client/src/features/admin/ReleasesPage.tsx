// Releases: what donors and the public read of a year. A coordinator previews the next release (what it
// would change, the cells it withholds from each viewer and any exposure that holds it back), publishes
// it, and looks back at the year's published releases and the cells each withheld.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { viewers, type Viewer } from '@lpt/shared/enums';
import type { Release } from '@lpt/shared/releases';
import { QueryStatus } from '../../app/ui/QueryStatus.tsx';
import { ReleaseChanges } from '../../app/ui/ReleaseChanges.tsx';
import { formatCount, formatDateTime } from '../../lib/format.ts';
import { viewerLabels } from '../../lib/labels.ts';
import { errorMessageOf, useTRPC } from '../../lib/trpc.ts';
import { usePageTitle } from '../../lib/usePageTitle.ts';
import { FormStatus } from './components/FormField.tsx';
import { WithheldCellsTable } from './components/WithheldCellsTable.tsx';
import './admin.css';

const withheldCaption = (viewer: Viewer) => `Withheld from ${viewer === 'public' ? 'the public' : 'donors'}`;

export default function ReleasesPage() {
  usePageTitle('Releases');
  const trpc = useTRPC();
  const cycles = useQuery(trpc.cycles.list.queryOptions());
  const years = (cycles.data ?? []).map((c) => c.year).sort((a, b) => b - a);
  const [chosen, setChosen] = useState<number | null>(null);
  const year = chosen !== null && years.includes(chosen) ? chosen : years[0];
  const [message, setMessage] = useState<string | null>(null);

  return (
    <div className="admin-page releases-page">
      <header className="page-header">
        <div>
          <h1>Releases</h1>
          <p>
            Donors and the public read each year’s figures as of its last release. A release is stored and never
            changes; closing a cycle publishes one too.
          </p>
        </div>
      </header>
      <FormStatus message={message} />
      <QueryStatus query={cycles} empty={years.length === 0} emptyText="No reporting cycle yet, so nothing to release." />
      {year !== undefined ? (
        <>
          <div className="field field--inline">
            <label htmlFor="release-year">Year</label>
            <select
              id="release-year"
              value={year}
              onChange={(e) => {
                setMessage(null);
                setChosen(Number(e.target.value));
              }}
            >
              {years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </div>
          <NextRelease key={year} year={year} onPublished={setMessage} />
          <PublishedReleases year={year} />
        </>
      ) : null}
    </div>
  );
}

function NextRelease({ year, onPublished }: { year: number; onPublished: (message: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const preview = useQuery(trpc.metrics.previewRelease.queryOptions({ year }));
  const publish = useMutation(trpc.metrics.publishRelease.mutationOptions());
  const p = preview.data;

  function confirmAndPublish(number: number) {
    const question = `Publish release ${number} of ${year}? Donors and the public will read ${year}’s figures as of this release, and it cannot be changed afterwards.`;
    if (!window.confirm(question)) return;
    publish.mutate(
      { year },
      {
        onSuccess: async (release) => {
          // Every metrics answer may now come from the new release (and the preview moves on to the next).
          await queryClient.invalidateQueries({ queryKey: trpc.metrics.pathKey() });
          onPublished(`Published release ${release.number} of ${release.year}.`);
        },
      },
    );
  }

  return (
    <section className="card" aria-labelledby="next-release-title" aria-busy={preview.isFetching}>
      <h2 id="next-release-title">{p ? `Next release: release ${p.number} of ${year}` : `Next release of ${year}`}</h2>
      <QueryStatus query={preview} />
      {p ? (
        <>
          <p className="muted small">
            {formatCount(p.organizationsReporting)} organisations reporting. Planned and audited in {formatCount(p.planningMs)} ms.
          </p>
          {p.exposures.length > 0 ? (
            <div className="alert alert--error" role="alert">
              <p>This release cannot be published: no suppression in it can protect these figures.</p>
              <ul>
                {p.exposures.map((e, i) => (
                  <li key={i}>
                    {viewerLabels[e.viewer]}: {e.description}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <h3>What it would change</h3>
          <ReleaseChanges changes={p.changes} />
          <h3>Cells it would withhold</h3>
          {viewers.map((viewer) => (
            <WithheldCellsTable key={viewer} caption={withheldCaption(viewer)} cells={p.withheld[viewer] ?? []} />
          ))}
          {publish.error ? (
            <p className="alert alert--error" role="alert">
              The release was not published: {errorMessageOf(publish.error)}
            </p>
          ) : null}
          <div className="form__actions">
            <button
              type="button"
              className="button button--primary"
              disabled={publish.isPending || preview.isFetching || p.exposures.length > 0}
              onClick={() => confirmAndPublish(p.number)}
            >
              {publish.isPending ? 'Publishing…' : `Publish release ${p.number}`}
            </button>
          </div>
        </>
      ) : null}
    </section>
  );
}

function PublishedReleases({ year }: { year: number }) {
  const trpc = useTRPC();
  const releases = useQuery(trpc.metrics.releases.queryOptions({ year }));
  const list = releases.data?.releases ?? [];
  return (
    <section className="card" aria-labelledby="published-releases-title">
      <h2 id="published-releases-title">Published releases of {year}</h2>
      <QueryStatus query={releases} empty={list.length === 0} emptyText={`${year} has no release yet.`} />
      {list.length > 0 ? (
        <ol className="release-list">
          {list.map((r) => (
            <PublishedRelease key={r.id} release={r} />
          ))}
        </ol>
      ) : null}
    </section>
  );
}

function PublishedRelease({ release }: { release: Release }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <li className="release-list__item">
      <h3>
        Release {release.number} of {release.year}
      </h3>
      <p className="muted small">
        Published {formatDateTime(release.publishedAt)} {release.trigger === 'cycle_closed' ? 'when the cycle closed' : 'by a coordinator'} ·{' '}
        {formatCount(release.organizationsReporting)} organisations reporting
      </p>
      <ReleaseChanges changes={release.changes} />
      <button type="button" className="button button--small" aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)}>
        {open ? 'Hide' : 'Show'} withheld cells<span className="visually-hidden"> of release {release.number}</span>
      </button>
      <div id={id} hidden={!open}>
        {open ? viewers.map((viewer) => <ReleaseWithheld key={viewer} releaseId={release.id} viewer={viewer} />) : null}
      </div>
    </li>
  );
}

function ReleaseWithheld({ releaseId, viewer }: { releaseId: number; viewer: Viewer }) {
  const trpc = useTRPC();
  const cells = useQuery(trpc.metrics.withheldCells.queryOptions({ releaseId, viewer }));
  if (!cells.data) return <QueryStatus query={cells} />;
  const { audit } = cells.data;
  return (
    <>
      <WithheldCellsTable caption={withheldCaption(viewer)} cells={cells.data.cells} />
      <p className="muted small">
        Audit ({viewerLabels[viewer].toLowerCase()}): {formatCount(audit.unknowns)} unknowns, rank {formatCount(audit.rank)},{' '}
        {formatCount(audit.linearPrograms)} linear programs.
      </p>
    </>
  );
}

// The public corrections log: every approved report a coordinator reopened for a correction, why, and
// whether the corrected version has been approved. Until then the public figures keep the last
// approved version. Below it, every release of the figures and what it changed against the year's
// previous release.
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { PageLoading } from '../../app/PageLoading.tsx';
import { ReleaseChanges } from '../../app/ui/ReleaseChanges.tsx';
import { TableScroller } from '../../app/ui/TableScroller.tsx';
import { formatCount, formatDate, formatDateLong } from '../../lib/format.ts';
import { errorMessageOf, useTRPC } from '../../lib/trpc.ts';
import { usePageTitle } from '../../lib/usePageTitle.ts';
import './corrections.css';

export default function CorrectionsPage() {
  usePageTitle('Corrections');
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const cycles = useQuery(trpc.cycles.list.queryOptions());
  const years = (cycles.data ?? []).map((c) => c.year).sort((a, b) => b - a);
  const requested = Number(params.get('year'));
  const year = years.includes(requested) ? requested : undefined;
  const corrections = useQuery(trpc.reports.corrections.queryOptions(year === undefined ? undefined : { year }));

  return (
    <div className="page corrections">
      <header className="page-header">
        <div>
          <h1>Corrections log</h1>
          <p>
            Approved reports reopened for a correction. While a correction is under way, the dashboard keeps showing the
            last approved version of the report.
          </p>
        </div>
      </header>

      <form className="filters" role="search" aria-label="Filter the corrections" onSubmit={(e) => e.preventDefault()}>
        <div className="filters__field">
          <label htmlFor="corrections-year">Reporting year</label>
          <select
            id="corrections-year"
            value={year ?? ''}
            onChange={(e) => setParams(e.target.value ? { year: e.target.value } : {}, { preventScrollReset: true })}
          >
            <option value="">All years</option>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
      </form>

      {corrections.isPending ? (
        <PageLoading label="Loading the corrections…" />
      ) : corrections.error ? (
        <p className="alert alert--error" role="alert">
          The corrections could not be loaded: {errorMessageOf(corrections.error)}
        </p>
      ) : corrections.data.length === 0 ? (
        <div className="card">
          <p className="corrections__empty">No report {year ? `for ${year} ` : ''}has been reopened for a correction.</p>
        </div>
      ) : (
        <div className="card">
          <TableScroller label="Corrections">
            <table className="data-table">
              <caption>
                {corrections.data.length} {corrections.data.length === 1 ? 'correction' : 'corrections'}
                {year ? ` of ${year} reports` : ''}, newest first
              </caption>
              <thead>
                <tr>
                  <th scope="col">Reopened</th>
                  <th scope="col">Organisation</th>
                  <th scope="col">Report year</th>
                  <th scope="col">Reason</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {[...corrections.data]
                  .sort((a, b) => b.reopenedAt.localeCompare(a.reopenedAt))
                  .map((c) => (
                    <tr key={`${c.organizationName}-${c.year}-${c.reopenedAt}`}>
                      <td className="nowrap">{formatDate(c.reopenedAt)}</td>
                      <th scope="row">{c.organizationName}</th>
                      <td>{c.year}</td>
                      <td className="corrections__reason">{c.reason}</td>
                      <td>
                        {c.reapproved ? (
                          <span className="badge badge--approved">Corrected {c.reapprovedAt ? formatDate(c.reapprovedAt) : ''}</span>
                        ) : (
                          <span className="badge badge--returned">Under correction</span>
                        )}
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </TableScroller>
        </div>
      )}

      <Releases year={year} />
    </div>
  );
}

/** The releases of the figures (of one year, or all), newest first, each with what it changed. */
function Releases({ year }: { year: number | undefined }) {
  const trpc = useTRPC();
  const releases = useQuery(trpc.metrics.releases.queryOptions(year === undefined ? {} : { year }));
  return (
    <section className="corrections__releases" aria-labelledby="releases-title">
      <h2 id="releases-title">Releases of the figures</h2>
      <p className="muted">
        Donors and the public read each year’s figures as of its last release. Each release lists what changed since the
        year’s previous one: organisations whose reports were added, changed or removed, and the groups (region and
        organisation type) whose figures became shown or withheld.
      </p>
      {releases.isPending ? (
        <PageLoading label="Loading the releases…" />
      ) : releases.error ? (
        <p className="alert alert--error" role="alert">
          The releases could not be loaded: {errorMessageOf(releases.error)}
        </p>
      ) : releases.data.releases.length === 0 ? (
        <div className="card">
          <p className="corrections__empty">No figures {year ? `of ${year} ` : ''}have been released yet.</p>
        </div>
      ) : (
        <ol className="corrections__release-list">
          {releases.data.releases.map((r) => (
            <li key={r.id} className="card">
              <h3>
                Release {r.number} of {r.year}
              </h3>
              <p className="muted small">
                Published {formatDateLong(r.publishedAt)}
                {r.trigger === 'cycle_closed' ? ', when the reporting cycle closed' : ''} ·{' '}
                {formatCount(r.organizationsReporting)} organisations reporting
              </p>
              <ReleaseChanges changes={r.changes} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

// Releases: what donors and the public see of a year, published by a coordinator or by closing the
// cycle, and never changed afterwards. Frozen: a migration never imports application code.
//
// metric_releases: one row per release of a year (number 1, 2, … within the year), with what changed since
// the previous release (organisations added, changed or removed; cells newly shown or withheld) and, for
// auditing the next release of the same year, each viewer's plan and the organisations' figures it was
// planned from (`basis`, read by the server only: never sent to donors or the public).
// metric_release_cells: the released figures of every cell (the year, each region, each type, each
// region × type) for each viewer, as the API shows them: withheld cells carry their reason, no figure.
// metric_release_organizations: the per-organisation rows donors see (`public` organisations).
// All three are append-only, like the report history.
import type { Kysely } from 'kysely';
import { runScript } from '../src/sql-script.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `
create table metric_releases (
  id integer generated always as identity primary key,
  year integer not null references reporting_cycles(year),
  number integer not null check (number >= 1),
  published_at timestamptz not null default now(),
  published_by integer references users(id),
  trigger text not null check (trigger in ('manual', 'cycle_closed')),
  changes jsonb not null,
  plan jsonb not null,
  basis jsonb not null,
  unique (year, number)
);

create table metric_release_cells (
  release_id integer not null references metric_releases(id),
  viewer text not null check (viewer in ('public', 'donor')),
  region text not null,
  organization_type text not null,
  summary jsonb not null,
  primary key (release_id, viewer, region, organization_type)
);

create table metric_release_organizations (
  release_id integer not null references metric_releases(id),
  organization_id integer not null references organizations(id),
  figures jsonb not null,
  primary key (release_id, organization_id)
);

create trigger metric_releases_append_only before update or delete on metric_releases
  for each row execute function refuse_history_change();
create trigger metric_release_cells_append_only before update or delete on metric_release_cells
  for each row execute function refuse_history_change();
create trigger metric_release_organizations_append_only before update or delete on metric_release_organizations
  for each row execute function refuse_history_change();
`,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runScript(db, `drop table if exists metric_release_organizations, metric_release_cells, metric_releases;`);
}

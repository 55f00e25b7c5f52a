// Type groups (issue 16): a release also stores each type-group cell (the group total and each region ×
// group cell) for each viewer. Frozen: a migration never imports application code.
//
// metric_release_cells gains `type_group` ('' for the cells it held before: the year, regions, types and
// region × type); a group cell has organization_type '' and its group here, so the key includes it.
// Releases published before this migration have no group cells: a year's group figures read as not
// released until its next release.
import type { Kysely } from 'kysely';
import { runScript } from '../src/sql-script.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `
alter table metric_release_cells add column type_group text not null default '';
alter table metric_release_cells drop constraint metric_release_cells_pkey;
alter table metric_release_cells add primary key (release_id, viewer, region, organization_type, type_group);
`,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `
alter table metric_release_cells drop constraint metric_release_cells_pkey;
alter table metric_release_cells drop column type_group;
alter table metric_release_cells add primary key (release_id, viewer, region, organization_type);
`,
  );
}

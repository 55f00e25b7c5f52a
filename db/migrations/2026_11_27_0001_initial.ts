// The initial schema. Frozen: a migration never imports application code, so it means the same forever.
// Rules are enforced here as well as in TypeScript: a bad row cannot exist even if a bug lets one through.
import type { Kysely } from 'kysely';
import { runScript } from '../src/sql-script.ts';

const organizationTypes = `'un_agency','intergovernmental','international_ngo','national_ngo','local_ngo','migrant_led','rcrc_national_society','rcrc_international','government_national','government_local','donor','private_sector','academia','network','other'`;
const sectionStatuses = `'not_started','planning','in_progress','fulfilled','not_applicable'`;

const section = (s: string) => `
  ${s}_status text check (${s}_status in (${sectionStatuses})),
  ${s}_narrative text check (char_length(${s}_narrative) <= 3000),
  ${s}_not_applicable_reason text check (char_length(${s}_not_applicable_reason) <= 1000),`;
const count = (c: string) => `${c} integer check (${c} >= 0),`;
const money = (c: string) => `${c} numeric(14,2) check (${c} >= 0),`;

/** The figures of a report, identical in the working copy and in the approved (published) copy. */
const figureColumns = (table: string) => `
  currency char(3) check (currency ~ '^[A-Z]{3}$'),
  ${section('collaboration')}
  ${count('local_partners')}
  ${count('forums')}
  ${count('forums_co_led')}
  ${count('partners_migrant_led')}
  ${count('partners_host_community_led')}
  ${count('partners_women_led')}
  ${count('partners_youth_led')}
  ${count('partners_disability_led')}
  ${count('partners_informal_or_movement')}
  ${count('partners_community_or_traditional')}
  ${section('funding')}
  ${money('in_scope_expenditure')}
  ${money('to_local_direct')}
  ${money('to_local_pooled')}
  ${money('to_local_one_intermediary')}
  ${money('to_local_two_plus_intermediaries')}
  ${money('multi_year_to_local')}
  ${section('needs')}
  ${count('assessments_total')}
  ${count('assessments_joint')}
  ${section('credit')}
  has_credit_policy boolean,
  ${count('publications_reviewed')}
  ${count('publications_crediting')}
  ${section('capacity')}
  ${count('requests_received')}
  ${count('requests_supported')}
  ${money('capacity_spend')}
  support_areas text[],
  constraint ${table}_co_led_within_forums check (forums_co_led <= forums),
  constraint ${table}_joint_within_assessments check (assessments_joint <= assessments_total),
  constraint ${table}_crediting_within_reviewed check (publications_crediting <= publications_reviewed),
  constraint ${table}_supported_within_received check (requests_supported <= requests_received),
  constraint ${table}_transfers_within_expenditure check (coalesce(to_local_direct,0) + coalesce(to_local_pooled,0) + coalesce(to_local_one_intermediary,0)
         + coalesce(to_local_two_plus_intermediaries,0) <= in_scope_expenditure),
  constraint ${table}_multi_year_within_counted check (multi_year_to_local <= coalesce(to_local_direct,0) + coalesce(to_local_pooled,0) + coalesce(to_local_one_intermediary,0))`;

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `
create table organizations (
  id integer generated always as identity primary key,
  name text not null check (char_length(name) between 1 and 200),
  acronym text check (char_length(acronym) <= 30),
  type text not null check (type in (${organizationTypes})),
  country char(2) not null check (country ~ '^[A-Z]{2}$'),
  region text not null check (region in ('africa','americas','asia','europe','oceania')),
  signed_on date not null,
  implementation_deadline date,
  withdrawn_on date,
  disclosure text not null check (disclosure in ('public','aggregate_only')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index organizations_name_key on organizations (lower(name));

create table users (
  id integer generated always as identity primary key,
  email text not null check (email = lower(email) and char_length(email) <= 254),
  name text not null check (char_length(name) between 1 and 200),
  password_hash text not null,
  role text not null check (role in ('coordinator','signatory','donor')),
  organization_id integer references organizations(id),
  active boolean not null default true,
  password_changed_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  check ((role = 'signatory') = (organization_id is not null))
);
create unique index users_email_key on users (email);

create table sessions (
  id text primary key,
  user_id integer not null references users(id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user_id_idx on sessions (user_id);

-- Failed logins, kept in the database so that limits hold across server instances.
create table login_attempts (
  id bigint generated always as identity primary key,
  email text not null,
  address text not null,
  attempted_at timestamptz not null default now()
);
create index login_attempts_email_idx on login_attempts (email, attempted_at);
create index login_attempts_address_idx on login_attempts (address, attempted_at);

create table reporting_cycles (
  year integer primary key check (year between 2015 and 2100),
  opens_on date not null,
  due_on date not null,
  status text not null check (status in ('open','closed')),
  check (due_on >= opens_on)
);

create table exchange_rates (
  year integer not null check (year between 2015 and 2100),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  usd_per_unit numeric(20,10) not null check (usd_per_unit > 0),
  updated_at timestamptz not null default now(),
  primary key (year, currency)
);

create table progress_reports (
  id integer generated always as identity primary key,
  organization_id integer not null references organizations(id),
  year integer not null references reporting_cycles(year),
  version integer not null check (version >= 1),
  status text not null check (status in ('draft','submitted','returned','approved')),
  submitted_at timestamptz,
  late boolean not null default false,
  warnings jsonb not null default '[]',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  updated_by integer references users(id),
  ${figureColumns('progress_reports')},
  unique (organization_id, year)
);
create index progress_reports_year_status_idx on progress_reports (year, status);

-- The published figures: the last approved version of each report. Metrics read only this table, so a
-- reopened report keeps showing its approved figures until it is approved again.
create table approved_reports (
  report_id integer primary key references progress_reports(id),
  organization_id integer not null references organizations(id),
  year integer not null references reporting_cycles(year),
  version integer not null,
  approved_at timestamptz not null,
  approved_by integer not null references users(id),
  ${figureColumns('approved_reports')},
  unique (organization_id, year)
);
create index approved_reports_year_idx on approved_reports (year);

-- Every change to a report: who, when, what changed, and the data as it then stood.
create table report_history (
  id bigint generated always as identity primary key,
  report_id integer not null references progress_reports(id),
  version integer not null,
  action text not null check (action in ('create','save','submit','return','approve','reopen')),
  actor_id integer references users(id),
  at timestamptz not null default now(),
  changes jsonb not null default '[]',
  data jsonb not null,
  comment text
);
create index report_history_report_idx on report_history (report_id, id);

create table review_decisions (
  id integer generated always as identity primary key,
  report_id integer not null references progress_reports(id),
  version integer not null,
  decision text not null check (decision in ('approve','return','reopen')),
  comment text not null default '' check (char_length(comment) <= 5000),
  field_comments jsonb not null default '{}',
  reviewer_id integer not null references users(id),
  decided_at timestamptz not null default now()
);
create index review_decisions_report_idx on review_decisions (report_id, id);

-- Every change to an organisation, a user, a cycle or a rate.
create table audit_log (
  id bigint generated always as identity primary key,
  entity text not null check (entity in ('organization','user','cycle','rate')),
  entity_key text not null,
  action text not null,
  actor_id integer references users(id),
  at timestamptz not null default now(),
  changes jsonb not null default '[]'
);
create index audit_log_entity_idx on audit_log (entity, entity_key, id);

-- History is append-only: no statement may rewrite or remove it.
create function refuse_history_change() returns trigger language plpgsql as $$
begin
  raise exception 'history is append-only (%)', tg_table_name;
end $$;
create trigger report_history_append_only before update or delete on report_history
  for each row execute function refuse_history_change();
create trigger review_decisions_append_only before update or delete on review_decisions
  for each row execute function refuse_history_change();
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function refuse_history_change();
`,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `drop table if exists audit_log, review_decisions, report_history, approved_reports, progress_reports,
       exchange_rates, reporting_cycles, login_attempts, sessions, users, organizations cascade;
     drop function if exists refuse_history_change();`,
  );
}

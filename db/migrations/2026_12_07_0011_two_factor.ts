// Two-factor sign-in (issue 17): a TOTP secret per account, kept encrypted with a key from the server's
// configuration (never from the database), recovery codes kept as hashes, and the sign-ins that passed the
// password and wait for their second factor (kept, like sessions, as the SHA-256 of their token).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table users
      add column totp_secret text,
      add column totp_enabled_at timestamptz,
      add column totp_last_step bigint,
      add column totp_pending_secret text,
      add constraint users_totp_enabled check ((totp_secret is null) = (totp_enabled_at is null))`.execute(db);
  await sql`
    create table recovery_codes (
      id serial primary key,
      user_id integer not null references users(id) on delete cascade,
      code_hash text not null,
      used_at timestamptz,
      unique (user_id, code_hash)
    )`.execute(db);
  await sql`
    create table pending_sign_ins (
      id text primary key,
      user_id integer not null references users(id) on delete cascade,
      purpose text not null check (purpose in ('second_factor', 'enrolment')),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null
    )`.execute(db);
  await sql`create index pending_sign_ins_user on pending_sign_ins (user_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table pending_sign_ins`.execute(db);
  await sql`drop table recovery_codes`.execute(db);
  await sql`
    alter table users drop constraint users_totp_enabled, drop column totp_secret, drop column totp_enabled_at,
      drop column totp_last_step, drop column totp_pending_secret`.execute(db);
}

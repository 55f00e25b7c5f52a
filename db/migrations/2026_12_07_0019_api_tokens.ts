// Personal API tokens (issue 20): a donor's or coordinator's script reads the API with
// `Authorization: Bearer <token>` instead of a browser session. Only the token's SHA-256 is kept (like
// sessions); a token always expires (at most a year after it was made) and a revoked one stays listed, with
// when it was revoked, until it has expired. Every token is read-only: the server refuses any write made
// with one, so no scope column is needed yet.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table api_tokens (
      id serial primary key,
      user_id integer not null references users(id) on delete cascade,
      name text not null check (char_length(name) between 1 and 100),
      token_hash text not null unique,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      last_used_at timestamptz,
      revoked_at timestamptz,
      constraint api_tokens_expiry check (expires_at > created_at and expires_at <= created_at + interval '366 days')
    )`.execute(db);
  await sql`create index api_tokens_user on api_tokens (user_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table api_tokens`.execute(db);
}

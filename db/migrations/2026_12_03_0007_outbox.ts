// The transactional outbox (issue 10): every e-mail is a row written in the same transaction as what
// caused it (a cycle opening, a report returned or submitted, the reminder scheduler), and a sender loop
// delivers the rows later. A refused or rolled-back change therefore never mails anyone, and a mail
// server that is down only delays delivery. Frozen: the kinds, stages and languages are written out here.
//
// dedupe_key is unique: a reminder's key is (account, cycle, stage), so however many server instances run
// the scheduler, each account gets each stage of a cycle once. next_attempt_at is also the sender's lease:
// claiming a message moves it into the future, so another instance skips it while it is being sent.
// users.reminders_enabled: each account can turn reminders off (workflow mails still go out).
// password_reset_tokens: the single-use, expiring links of a password reset (issue 9), mailed through the
// outbox; only the token's SHA-256 is stored, so neither the database nor the outbox page can replay one.
import type { Kysely } from 'kysely';
import { runScript } from '../src/sql-script.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `
alter table users add column reminders_enabled boolean not null default true;

create table outbox_messages (
  id integer generated always as identity primary key,
  user_id integer references users(id) on delete set null,
  email text not null,
  locale text not null check (locale in ('en', 'fr', 'es')),
  kind text not null check (kind in ('reminder', 'report_returned', 'report_submitted', 'password_reset')),
  stage text check (stage in ('opening', 'due_30', 'due_7', 'overdue', 'manual')),
  cycle_year integer references reporting_cycles(year),
  organization_id integer references organizations(id),
  subject text not null,
  text_body text not null,
  html_body text not null,
  status text not null default 'queued' check (status in ('queued', 'sent', 'failed')),
  attempts integer not null default 0 check (attempts >= 0),
  next_attempt_at timestamptz not null default now(),
  last_error text,
  dedupe_key text not null unique,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  check ((kind = 'reminder') = (stage is not null))
);

create index outbox_messages_due on outbox_messages (next_attempt_at) where status = 'queued';
create index outbox_messages_created on outbox_messages (created_at desc);
create index outbox_messages_reminders on outbox_messages (user_id, cycle_year) where kind = 'reminder';

create table password_reset_tokens (
  id integer generated always as identity primary key,
  user_id integer not null references users(id) on delete cascade,
  token_hash text not null unique,
  issued_by integer references users(id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index password_reset_tokens_user on password_reset_tokens (user_id, created_at);
`,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `
drop table password_reset_tokens;
drop table outbox_messages;
alter table users drop column reminders_enabled;
`,
  );
}

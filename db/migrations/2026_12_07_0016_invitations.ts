// Invitations (issue 19). A coordinator invites a person by e-mail instead of choosing a password for them:
// the invitation is an account without a password (`users.password_hash` null) and a reset request of the
// existing machinery (password_reset_tokens, migration 0007/0010), mailed as an outbox message of kind
// 'invitation' whose link is minted when it is sent. Using the link sets the first password. Frozen: the
// outbox kinds are written out here.
import type { Kysely } from 'kysely';
import { runScript } from '../src/sql-script.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `
    alter table users alter column password_hash drop not null;
    alter table outbox_messages drop constraint outbox_messages_kind_check;
    alter table outbox_messages add constraint outbox_messages_kind_check
      check (kind in ('reminder', 'report_returned', 'report_submitted', 'password_reset', 'invitation'));
    alter table outbox_messages drop constraint outbox_messages_reset_link;
    alter table outbox_messages add constraint outbox_messages_reset_link
      check (password_reset_id is null or kind = 'password_reset' or kind = 'invitation');
`,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `
    delete from outbox_messages where kind = 'invitation';
    delete from users where password_hash is null;
    alter table outbox_messages drop constraint outbox_messages_reset_link;
    alter table outbox_messages add constraint outbox_messages_reset_link check (password_reset_id is null or kind = 'password_reset');
    alter table outbox_messages drop constraint outbox_messages_kind_check;
    alter table outbox_messages add constraint outbox_messages_kind_check
      check (kind in ('reminder', 'report_returned', 'report_submitted', 'password_reset'));
    alter table users alter column password_hash set not null;
`,
  );
}

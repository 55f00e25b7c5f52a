// Secrets out of the database (issue 17). A password-reset mail is stored without its link: the outbox row
// points at its reset request (`password_reset_id`), and the sender mints the token when it sends the
// mail, so `password_reset_tokens.token_hash` is null until then. Links queued before this migration were
// stored in clear: they are retired, their text is blanked and their unsent mails are given up.
// `login_attempts.kind` lets the sign-in limiter count password-reset requests and completions too, each
// against its own budget (the Users page keeps counting failed sign-ins only).
import type { Kysely } from 'kysely';
import { runScript } from '../src/sql-script.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `
    alter table password_reset_tokens alter column token_hash drop not null;
    alter table outbox_messages add column password_reset_id integer references password_reset_tokens(id) on delete cascade;
    alter table outbox_messages add constraint outbox_messages_reset_link check (password_reset_id is null or kind = 'password_reset');

    update password_reset_tokens set used_at = now() where used_at is null;
    update outbox_messages set
      text_body = regexp_replace(text_body, 'token=[^\\s"<>]*', 'token=[withdrawn]', 'g'),
      html_body = regexp_replace(html_body, 'token=[^\\s"<>]*', 'token=[withdrawn]', 'g')
      where kind = 'password_reset';
    update outbox_messages set status = 'failed', last_error = 'withdrawn: the link was stored in clear before the upgrade'
      where kind = 'password_reset' and status = 'queued';

    alter table login_attempts add column kind text not null default 'sign_in'
      check (kind in ('sign_in', 'password_reset_request', 'password_reset'));
`,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `
    alter table login_attempts drop column kind;
    alter table outbox_messages drop column password_reset_id;
    delete from password_reset_tokens where token_hash is null;
    alter table password_reset_tokens alter column token_hash set not null;
`,
  );
}

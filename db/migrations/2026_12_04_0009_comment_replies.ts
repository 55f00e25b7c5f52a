// A signatory's answer to each comment of a return (issue 9: "give the return a thread"): one reply per
// comment of a decision, `_` for the decision's overall comment. The reviewer reads them beside the changes
// when the report comes back. Kept with the decision they answer, so earlier rounds stay readable.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table review_comment_replies (
      decision_id integer not null references review_decisions(id),
      field text not null check (field = '_' or field ~ '^[a-zA-Z.]{1,80}$'),
      reply text not null check (char_length(reply) between 1 and 2000),
      author_id integer not null references users(id),
      replied_at timestamptz not null default now(),
      primary key (decision_id, field)
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table review_comment_replies`.execute(db);
}

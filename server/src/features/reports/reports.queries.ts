// SQL of the report workflow. progress_reports is the working copy the signatory edits; approved_reports
// is the published copy that metrics read, written only on approval; report_history and review_decisions
// are append-only records of every event.
import { sql, type Kysely, type Transaction } from 'kysely';
import { figureColumns } from '@lpt/db/figures';
import type { DB, FieldChange, ReportAction, ReportFigures, StoredWarning } from '@lpt/db/schema';
import type { ReportData } from '@lpt/shared/report';
import type { RecordedDecision, ReportStatus } from '@lpt/shared/enums';

type Db = Kysely<DB> | Transaction<DB>;

const reportFigureColumns = figureColumns.map((c) => `progressReports.${c}` as const);
/** What every listing of a report shows about it (with progress_reports joined to organizations). */
const reportHeaderColumns = [
  'progressReports.id',
  'progressReports.organizationId',
  'organizations.name as organizationName',
  'progressReports.year',
  'progressReports.version',
  'progressReports.status',
  'progressReports.submittedAt',
  'progressReports.late',
  'progressReports.updatedAt',
] as const;

/** The working copy of one report with its organisation's name. */
export function findReport(db: Db, organizationId: number, year: number) {
  return db
    .selectFrom('progressReports')
    .innerJoin('organizations', 'organizations.id', 'progressReports.organizationId')
    .select([...reportHeaderColumns, 'progressReports.warnings', ...reportFigureColumns])
    .where('progressReports.organizationId', '=', organizationId)
    .where('progressReports.year', '=', year)
    .executeTakeFirst();
}
export type ReportRow = NonNullable<Awaited<ReturnType<typeof findReport>>>;

export function findOrganizationSummary(db: Db, organizationId: number) {
  return db
    .selectFrom('organizations')
    .select(['id', 'name', 'disclosure'])
    .where('id', '=', organizationId)
    .executeTakeFirst();
}

/** Creates the report unless one already exists for the organisation and year (then undefined). */
export async function insertReport(
  db: Db,
  report: { organizationId: number; year: number; actorId: number; figures: ReportFigures },
) {
  const row = await db
    .insertInto('progressReports')
    .values({
      organizationId: report.organizationId,
      year: report.year,
      version: 1,
      status: 'draft',
      warnings: '[]',
      updatedBy: report.actorId,
      ...report.figures,
    })
    .onConflict((oc) => oc.columns(['organizationId', 'year']).doNothing())
    .returning(['id', 'version'])
    .executeTakeFirst();
  return row;
}

/**
 * Applies a change only if the report is still at `expectedVersion`, moving it one version on.
 * Returns the new version, or undefined when someone else changed it first (nothing is written then).
 */
export async function updateReportIfVersion(
  db: Db,
  id: number,
  expectedVersion: number,
  change: {
    actorId: number;
    figures?: ReportFigures;
    status?: ReportStatus;
    submittedAt?: string;
    late?: boolean;
    warnings?: StoredWarning[];
  },
) {
  const { actorId, figures, warnings, ...rest } = change;
  const row = await db
    .updateTable('progressReports')
    .set({
      ...figures,
      ...rest,
      ...(warnings ? { warnings: JSON.stringify(warnings) } : {}),
      version: expectedVersion + 1,
      updatedAt: new Date().toISOString(),
      updatedBy: actorId,
    })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returning('version')
    .executeTakeFirst();
  return row?.version;
}

export async function currentVersion(db: Db, id: number) {
  const row = await db.selectFrom('progressReports').select('version').where('id', '=', id).executeTakeFirst();
  return row?.version ?? null;
}

type HistoryEntry = {
  reportId: number;
  version: number;
  action: ReportAction;
  actorId: number;
  changes: FieldChange[];
  data: ReportData;
  comment?: string | null;
};

/** Rows per multi-row statement: well under PostgreSQL's 65,535 parameters with ~50 columns a row. */
const BATCH = 500;
function* batchesOf<T>(rows: readonly T[]): Generator<T[]> {
  for (let i = 0; i < rows.length; i += BATCH) yield rows.slice(i, i + BATCH);
}

export function insertHistory(db: Db, entry: HistoryEntry) {
  return insertHistoryEntries(db, [entry]);
}

export async function insertHistoryEntries(db: Db, entries: readonly HistoryEntry[]) {
  for (const batch of batchesOf(entries))
    await db
      .insertInto('reportHistory')
      .values(
        batch.map((entry) => ({
          reportId: entry.reportId,
          version: entry.version,
          action: entry.action,
          actorId: entry.actorId,
          changes: JSON.stringify(entry.changes),
          data: JSON.stringify(entry.data),
          comment: entry.comment ?? null,
        })),
      )
      .execute();
}

type ReviewDecision = {
  reportId: number;
  version: number;
  decision: RecordedDecision;
  comment: string;
  fieldComments: Record<string, string>;
  reviewerId: number;
};

export function insertReviewDecision(db: Db, decision: ReviewDecision) {
  return insertReviewDecisions(db, [decision]);
}

/** Decisions in the order given (the corrections log pairs a reopen with the approvals after it, by id). */
export async function insertReviewDecisions(db: Db, decisions: readonly ReviewDecision[]) {
  for (const batch of batchesOf(decisions))
    await db
      .insertInto('reviewDecisions')
      .values(batch.map((decision) => ({ ...decision, fieldComments: JSON.stringify(decision.fieldComments) })))
      .execute();
}

export type ApprovedVersion = {
  reportId: number;
  organizationId: number;
  year: number;
  version: number;
  approvedAt: string;
  approvedBy: number;
  figures: ReportFigures;
};

/**
 * Publishes approved versions: the figures metrics and the public see from now on. Many at once in one
 * statement per batch, so the metric cells' statement triggers recompute once per batch, not per report.
 */
export async function upsertApprovedReports(db: Db, approved: readonly ApprovedVersion[]) {
  for (const batch of batchesOf(approved))
    await db
      .insertInto('approvedReports')
      .values(batch.map(({ figures, ...key }) => ({ ...key, ...figures })))
      .onConflict((oc) =>
        oc.column('reportId').doUpdateSet((eb) => ({
          version: eb.ref('excluded.version'),
          approvedAt: eb.ref('excluded.approvedAt'),
          approvedBy: eb.ref('excluded.approvedBy'),
          ...(Object.fromEntries(figureColumns.map((c) => [c, eb.ref(`excluded.${c}`)])) as Record<string, never>),
        })),
      )
      .execute();
}

const approvedFigureColumns = figureColumns.map((c) => `approvedReports.${c}` as const);

/** The organisation's most recent approved report before `year` (the baseline of the share-jump warning). */
export function lastApprovedBefore(db: Db, organizationId: number, year: number) {
  return db
    .selectFrom('approvedReports')
    .select(['approvedReports.year', ...approvedFigureColumns])
    .where('organizationId', '=', organizationId)
    .where('year', '<', year)
    .orderBy('year', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function approvedReportOf(db: Db, organizationId: number, year: number) {
  return db
    .selectFrom('approvedReports')
    .select(['approvedReports.year', 'approvedReports.version', 'approvedReports.approvedAt', ...approvedFigureColumns])
    .where('organizationId', '=', organizationId)
    .where('year', '=', year)
    .executeTakeFirst();
}

/** The latest return or reopen decision: what the coordinator asked to change. */
export function lastReturnOf(db: Db, reportId: number) {
  return db
    .selectFrom('reviewDecisions')
    .innerJoin('users', 'users.id', 'reviewDecisions.reviewerId')
    .select([
      'reviewDecisions.id',
      'reviewDecisions.decision',
      'reviewDecisions.comment',
      'reviewDecisions.fieldComments',
      'reviewDecisions.decidedAt',
      'users.name as reviewerName',
    ])
    .where('reviewDecisions.reportId', '=', reportId)
    .where('reviewDecisions.decision', 'in', ['return', 'reopen'])
    .orderBy('reviewDecisions.id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The counted local share of a row, in SQL: the same rule as localShare() in shared/src/report.ts. */
const countedLocalShare = sql<number | null>`case
  when progress_reports.funding_status = 'not_applicable'
    or progress_reports.in_scope_expenditure is null or progress_reports.in_scope_expenditure <= 0
    or (progress_reports.to_local_direct is null and progress_reports.to_local_pooled is null
        and progress_reports.to_local_one_intermediary is null)
  then null
  else (coalesce(progress_reports.to_local_direct, 0) + coalesce(progress_reports.to_local_pooled, 0)
        + coalesce(progress_reports.to_local_one_intermediary, 0))::float8
       / progress_reports.in_scope_expenditure::float8
end`;

/** Reports of one organisation or all; the oldest submission first, so the review queue reads in order. */
export function listReports(
  db: Db,
  filter: { organizationId: number | null; year?: number | undefined; status?: ReportStatus | undefined },
) {
  let query = db
    .selectFrom('progressReports')
    .innerJoin('organizations', 'organizations.id', 'progressReports.organizationId')
    .select([...reportHeaderColumns, countedLocalShare.as('countedLocalShare')])
    .orderBy('progressReports.year', 'desc')
    .orderBy(sql`progress_reports.submitted_at asc nulls last`)
    .orderBy('organizations.name');
  if (filter.organizationId != null) query = query.where('progressReports.organizationId', '=', filter.organizationId);
  if (filter.year !== undefined) query = query.where('progressReports.year', '=', filter.year);
  if (filter.status !== undefined) query = query.where('progressReports.status', '=', filter.status);
  return query.execute();
}

export function listHistory(db: Db, reportId: number) {
  return db
    .selectFrom('reportHistory')
    .leftJoin('users', 'users.id', 'reportHistory.actorId')
    .select([
      'reportHistory.version',
      'reportHistory.action',
      'reportHistory.at',
      'users.name as actorName',
      'reportHistory.changes',
      'reportHistory.comment',
    ])
    .where('reportHistory.reportId', '=', reportId)
    .orderBy('reportHistory.id')
    .execute();
}

/** The report's submissions, newest first, with the data each one sent. */
export function listSubmissions(db: Db, reportId: number) {
  return db
    .selectFrom('reportHistory')
    .select(['reportHistory.version', 'reportHistory.at', 'reportHistory.data'])
    .where('reportHistory.reportId', '=', reportId)
    .where('reportHistory.action', '=', 'submit')
    .orderBy('reportHistory.id', 'desc')
    .execute();
}

/**
 * Every organisation expected to report for a cycle (signed by the due date and not withdrawn by then),
 * with its report's state and the e-mails of its active signatory users.
 */
export function listCompliance(db: Db, year: number, dueOn: string) {
  return db
    .selectFrom('organizations')
    .leftJoin('progressReports', (join) =>
      join.onRef('progressReports.organizationId', '=', 'organizations.id').on('progressReports.year', '=', year),
    )
    .select([
      'organizations.id as organizationId',
      'organizations.name as organizationName',
      'organizations.type as organizationType',
      'organizations.region',
      sql<'not_started' | ReportStatus>`coalesce(progress_reports.status, 'not_started')`.as('state'),
      'progressReports.version',
      'progressReports.submittedAt',
      sql<boolean>`coalesce(progress_reports.late, false)`.as('late'),
      'progressReports.updatedAt',
      sql<string[]>`array(
        select users.email from users
        where users.organization_id = organizations.id and users.role = 'signatory' and users.active
        order by users.email)`.as('signatoryEmails'),
    ])
    .where(eligibleBy(dueOn))
    .orderBy('organizations.name')
    .execute();
}

function eligibleBy(dueOn: string) {
  return sql<boolean>`organizations.signed_on <= ${dueOn}::date
    and (organizations.withdrawn_on is null or organizations.withdrawn_on > ${dueOn}::date)`;
}

/** How many eligible organisations are in each state, counted in SQL. */
export function complianceCounts(db: Db, year: number, dueOn: string) {
  const state = sql`coalesce(progress_reports.status, 'not_started')`;
  return db
    .selectFrom('organizations')
    .leftJoin('progressReports', (join) =>
      join.onRef('progressReports.organizationId', '=', 'organizations.id').on('progressReports.year', '=', year),
    )
    .select([
      sql<number>`count(*)::int`.as('eligible'),
      sql<number>`(count(*) filter (where ${state} = 'not_started'))::int`.as('notStarted'),
      sql<number>`(count(*) filter (where ${state} = 'draft'))::int`.as('draft'),
      sql<number>`(count(*) filter (where ${state} = 'submitted'))::int`.as('submitted'),
      sql<number>`(count(*) filter (where ${state} = 'returned'))::int`.as('returned'),
      sql<number>`(count(*) filter (where ${state} = 'approved'))::int`.as('approved'),
      sql<number>`(count(*) filter (where progress_reports.late))::int`.as('late'),
    ])
    .where(eligibleBy(dueOn))
    .executeTakeFirstOrThrow();
}

/**
 * Every reopening of an approved report, with the first approval that followed it (if any).
 * The organisation's name is returned as stored; the service hides it for aggregate-only organisations.
 */
export function listCorrections(db: Db, year: number | undefined) {
  let query = db
    .selectFrom('reviewDecisions as reopen')
    .innerJoin('progressReports', 'progressReports.id', 'reopen.reportId')
    .innerJoin('organizations', 'organizations.id', 'progressReports.organizationId')
    .select([
      'progressReports.year',
      'organizations.name as organizationName',
      'organizations.disclosure',
      'reopen.decidedAt as reopenedAt',
      'reopen.comment as reason',
      sql<string | null>`(
        select min(approval.decided_at) from review_decisions approval
        where approval.report_id = reopen.report_id and approval.decision = 'approve' and approval.id > reopen.id)`.as(
        'reapprovedAt',
      ),
    ])
    .where('reopen.decision', '=', 'reopen')
    .orderBy('reopen.decidedAt', 'desc')
    .orderBy('reopen.id', 'desc');
  if (year !== undefined) query = query.where('progressReports.year', '=', year);
  return query.execute();
}

/** The replies to a decision's comments, by field ('_' for the overall comment). */
export async function repliesTo(db: Db, decisionId: number) {
  const rows = await db
    .selectFrom('reviewCommentReplies')
    .innerJoin('users', 'users.id', 'reviewCommentReplies.authorId')
    .select(['reviewCommentReplies.field', 'reviewCommentReplies.reply', 'reviewCommentReplies.repliedAt', 'users.name as authorName'])
    .where('reviewCommentReplies.decisionId', '=', decisionId)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.field, { reply: r.reply, repliedAt: r.repliedAt, authorName: r.authorName }]));
}

/** Writes (or rewrites) the reply to one comment of a decision. */
export function upsertReply(db: Db, reply: { decisionId: number; field: string; reply: string; authorId: number }) {
  return db
    .insertInto('reviewCommentReplies')
    .values(reply)
    .onConflict((oc) => oc.columns(['decisionId', 'field']).doUpdateSet({ reply: reply.reply, authorId: reply.authorId, repliedAt: new Date().toISOString() }))
    .execute();
}

// SQL reading the report workflow's tables. progress_reports is the working copy the signatory edits;
// approved_reports is the published copy that metrics read, written only on approval; report_history and
// review_decisions are append-only records of every event. All four are written by the workflow module
// (db/src/workflow.ts) and nowhere else.
import { sql, type Kysely, type Transaction } from 'kysely';
import { figureColumns } from '@lpt/db/figures';
import type { DB } from '@lpt/db/schema';
import type { OrganizationType, Region, ReportStatus } from '@lpt/shared/enums';

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

export async function currentVersion(db: Db, id: number) {
  const row = await db.selectFrom('progressReports').select('version').where('id', '=', id).executeTakeFirst();
  return row?.version ?? null;
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

// --- the review desk (issue 19)

/** Late: submitted after the cycle's due date, or not submitted (draft, returned) while it has passed. */
const lateOrOverdue = sql<boolean>`(progress_reports.late
  or (progress_reports.status in ('draft', 'returned') and current_date > reporting_cycles.due_on))`;

export interface ReviewQueueFilter {
  year?: number | undefined;
  status?: ReportStatus | undefined;
  region?: Region | undefined;
  organizationType?: OrganizationType | undefined;
  late?: boolean | undefined;
  /** 'me': assigned to `viewerId`; 'unassigned': to nobody. */
  assigned?: 'me' | 'unassigned' | undefined;
  viewerId: number;
  sort: 'oldest' | 'newest';
}

/**
 * The review queue, filtered and sorted in SQL, with its marks: a resubmission (waiting again after a
 * return or a reopening), warnings the signatory justified, and the coordinator it is assigned to.
 */
export function reviewQueue(db: Db, filter: ReviewQueueFilter) {
  let query = db
    .selectFrom('progressReports')
    .innerJoin('organizations', 'organizations.id', 'progressReports.organizationId')
    .innerJoin('reportingCycles', 'reportingCycles.year', 'progressReports.year')
    .leftJoin('reportAssignments', 'reportAssignments.reportId', 'progressReports.id')
    .leftJoin('users as assignee', 'assignee.id', 'reportAssignments.assigneeId')
    .select([
      ...reportHeaderColumns,
      'organizations.type as organizationType',
      'organizations.region',
      countedLocalShare.as('countedLocalShare'),
      sql<boolean>`(progress_reports.status in ('draft', 'returned') and current_date > reporting_cycles.due_on)`.as('overdue'),
      sql<boolean>`(progress_reports.status = 'submitted' and exists (
        select 1 from review_decisions d
        where d.report_id = progress_reports.id and d.decision in ('return', 'reopen')))`.as('resubmission'),
      sql<boolean>`exists (
        select 1 from jsonb_array_elements(progress_reports.warnings) w
        where coalesce(w->>'justification', '') <> '')`.as('justified'),
      'reportAssignments.assigneeId',
      'assignee.name as assigneeName',
    ]);
  if (filter.year !== undefined) query = query.where('progressReports.year', '=', filter.year);
  if (filter.status !== undefined) query = query.where('progressReports.status', '=', filter.status);
  if (filter.region !== undefined) query = query.where('organizations.region', '=', filter.region);
  if (filter.organizationType !== undefined) query = query.where('organizations.type', '=', filter.organizationType);
  if (filter.late === true) query = query.where(lateOrOverdue);
  if (filter.late === false) query = query.where(sql<boolean>`not ${lateOrOverdue}`);
  if (filter.assigned === 'me') query = query.where('reportAssignments.assigneeId', '=', filter.viewerId);
  if (filter.assigned === 'unassigned') query = query.where('reportAssignments.assigneeId', 'is', null);
  const direction = filter.sort === 'newest' ? sql`desc` : sql`asc`;
  return query
    .orderBy(sql`progress_reports.submitted_at ${direction} nulls last`)
    .orderBy('organizations.name')
    .orderBy('progressReports.year', 'desc')
    .execute();
}

/** Active coordinators: whom a report can be assigned to. */
export function activeCoordinators(db: Db) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'email'])
    .where('role', '=', 'coordinator')
    .where('active', '=', true)
    .orderBy('name')
    .execute();
}

export function findAccount(db: Db, id: number) {
  return db.selectFrom('users').select(['id', 'name', 'role', 'active']).where('id', '=', id).executeTakeFirst();
}

/** The report's assignee (with their name), if any; locked against a concurrent assignment. */
export function assignmentOf(db: Db, reportId: number) {
  return db
    .selectFrom('reportAssignments')
    .innerJoin('users', 'users.id', 'reportAssignments.assigneeId')
    .select(['reportAssignments.assigneeId', 'users.name as assigneeName'])
    .where('reportAssignments.reportId', '=', reportId)
    .forUpdate()
    .executeTakeFirst();
}

export function setAssignment(db: Db, assignment: { reportId: number; assigneeId: number; assignedBy: number }) {
  const now = new Date().toISOString();
  return db
    .insertInto('reportAssignments')
    .values({ ...assignment, assignedAt: now })
    .onConflict((oc) => oc.column('reportId').doUpdateSet({ assigneeId: assignment.assigneeId, assignedBy: assignment.assignedBy, assignedAt: now }))
    .execute();
}

export function clearAssignment(db: Db, reportId: number) {
  return db.deleteFrom('reportAssignments').where('reportId', '=', reportId).execute();
}

// The report workflow of SPEC §3 as users take its steps: who may take which step (the signatory of
// the organisation, a coordinator), in an open cycle, with complete data and, to approve, an exchange
// rate. Every mutation is one transaction, guarded by the version the caller last saw; the steps
// themselves, which status allows which, and every row they leave (history, decisions, the published
// copy, the outbox) are the workflow module's (db/src/workflow.ts, bound to the outbox in ./workflow.ts).
// Only approval writes approved_reports (what metrics and the public see), so a reopened report keeps
// its published figures until it is approved again.
import type { Transaction } from 'kysely';
import type { Database } from '@lpt/db/connect';
import { dataFromFigures } from '@lpt/db/figures';
import type { DB, ReportAction, StoredWarning } from '@lpt/db/schema';
import { assertTransition, ReportChangedElsewhere, TransitionRefused } from '@lpt/db/workflow';
import { commitments, type ReportStatus } from '@lpt/shared/enums';
import {
  completenessIssues,
  breakdownFields,
  consistencyIssues,
  diffReportData,
  emptyReportData,
  fieldPath,
  reportWarnings,
  type ReportData,
  type WarningCode,
} from '@lpt/shared/report';
import type { assignReportInput, replyToCommentInput, reviewInput, reviewQueueInput, saveDraftInput, submitInput } from '@lpt/shared/schemas';
import type { z } from 'zod';
import { AppError, fieldError, refusal, validationError } from '../../errors.ts';
import type { SessionUser } from '../../trpc.ts';
import { recordAudit } from '../audit/audit.queries.ts';
import { assertCanEditReport, assertCanReadReport, reportScopeOf, viewerOf } from '../auth/access.ts';
import { findCycle } from '../cycles/cycles.queries.ts';
import { usdPerUnit } from '../rates/rates.service.ts';
import { yearsWithTotalShown } from '../releases/releases.queries.ts';
import * as q from './reports.queries.ts';
import { reportWorkflow } from './workflow.ts';

type Trx = Transaction<DB>;
type Cycle = NonNullable<Awaited<ReturnType<typeof findCycle>>>;

/** How the public corrections log names an organisation that publishes aggregates only. */
export const UNNAMED_SIGNATORY = 'A signatory (aggregate only)';

// --- guards shared by the mutations

async function openCycleOf(db: Database | Trx, year: number): Promise<Cycle> {
  const cycle = await findCycle(db, year);
  if (!cycle) throw new AppError('NOT_FOUND', refusal('no_cycle', { year }));
  if (cycle.status === 'closed')
    throw new AppError('FORBIDDEN', refusal('cycle_closed', { year }));
  return cycle;
}

async function existingReport(db: Database | Trx, organizationId: number, year: number) {
  const report = await q.findReport(db, organizationId, year);
  if (!report) throw new AppError('NOT_FOUND', refusal('no_report_yet', { year }));
  return report;
}

/** What a user reads when the workflow does not allow their step from the report's status. */
function refusedStep({ action, from }: TransitionRefused): AppError {
  const status = from ?? 'none';
  switch (action) {
    case 'save':
    case 'submit':
      if (from === 'submitted') return new AppError('CONFLICT', refusal(action === 'submit' ? 'report_already_submitted' : 'report_with_reviewer'));
      return new AppError('CONFLICT', refusal('report_approved_locked'));
    case 'reopen':
      return new AppError('CONFLICT', refusal('reopen_needs_approved', { status }));
    default:
      // A review (the service looks for an existing report before a create; it never imports).
      return new AppError('CONFLICT', refusal('review_needs_submitted', { status }));
  }
}

/** Refuses early, before the other checks, a step the workflow would refuse from this status. */
function assertStep(status: ReportStatus, action: ReportAction) {
  try {
    assertTransition(status, action);
  } catch (error) {
    throw error instanceof TransitionRefused ? refusedStep(error) : error;
  }
}

const changedBySomeoneElse = (version: number | null) =>
  new AppError('CONFLICT', refusal('report_changed_elsewhere', { version: version ?? 0 }));

/** The workflow's refusals and races, in the words users read. */
async function workflowStep<T>(trx: Trx, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof TransitionRefused) throw refusedStep(error);
    // The guarded UPDATE found another version: say which one is current now.
    if (error instanceof ReportChangedElsewhere && error.report.id !== null)
      throw changedBySomeoneElse(await q.currentVersion(trx, error.report.id));
    throw error;
  }
}

function assertVersion(report: { version: number }, expectedVersion: number) {
  if (report.version !== expectedVersion) throw changedBySomeoneElse(report.version);
}

async function lastApprovedDataBefore(db: Database | Trx, organizationId: number, year: number) {
  const row = await q.lastApprovedBefore(db, organizationId, year);
  return row ? dataFromFigures(row) : null;
}

// --- reading

export async function getReport(db: Database, user: SessionUser, key: { organizationId: number; year: number }) {
  assertCanReadReport(user, key.organizationId);
  const organization = await q.findOrganizationSummary(db, key.organizationId);
  if (!organization) throw new AppError('NOT_FOUND', refusal('no_such_organization'));
  const [row, cycle, previous, lastApproved, published] = await Promise.all([
    q.findReport(db, key.organizationId, key.year),
    findCycle(db, key.year),
    q.approvedReportOf(db, key.organizationId, key.year - 1),
    lastApprovedDataBefore(db, key.organizationId, key.year),
    q.approvedReportOf(db, key.organizationId, key.year),
  ]);
  const data = row ? dataFromFigures(row) : null;
  // While returned, what the reviewer asked; once resubmitted, the same with the signatory's replies, which
  // the reviewer reads beside the changes.
  const lastReturn = row?.status === 'returned' || row?.status === 'submitted' ? await q.lastReturnOf(db, row.id) : undefined;
  const replies = lastReturn ? await q.repliesTo(db, lastReturn.id) : {};
  return {
    organization: { id: organization.id, name: organization.name },
    report:
      row && data
        ? {
            id: row.id,
            organizationId: row.organizationId,
            organizationName: row.organizationName,
            year: row.year,
            version: row.version,
            status: row.status,
            currency: row.currency,
            submittedAt: row.submittedAt,
            late: row.late,
            updatedAt: row.updatedAt,
            data,
            warnings: row.warnings,
          }
        : null,
    cycle: cycle ?? null,
    previousYear: previous ? { year: previous.year, data: dataFromFigures(previous) } : null,
    currentWarnings: data ? reportWarnings(data, lastApproved) : [],
    lastReturn: lastReturn
      ? {
          decision: lastReturn.decision as 'return' | 'reopen',
          comment: lastReturn.comment,
          fieldComments: lastReturn.fieldComments,
          decidedAt: lastReturn.decidedAt,
          reviewerName: lastReturn.reviewerName,
          replies,
        }
      : null,
    published: published ? { version: published.version, approvedAt: published.approvedAt } : null,
  };
}

/**
 * A signatory answers one comment of the latest return ('_': its overall comment), while the report is
 * returned; answering again rewrites the reply. The reviewer reads it when the report comes back.
 */
export async function replyToComment(db: Database, user: SessionUser, input: z.infer<typeof replyToCommentInput>) {
  assertCanEditReport(user, input.organizationId);
  return db.transaction().execute(async (trx) => {
    await openCycleOf(trx, input.year);
    const report = await existingReport(trx, input.organizationId, input.year);
    if (report.status !== 'returned') throw new AppError('CONFLICT', refusal('reply_needs_returned', { status: report.status }));
    const decision = await q.lastReturnOf(trx, report.id);
    if (!decision) throw new AppError('CONFLICT', refusal('reply_needs_returned', { status: report.status }));
    if (input.field !== '_' && !Object.hasOwn(decision.fieldComments, input.field))
      throw fieldError('No comment on this field to reply to', 'field', 'no_comment_on_field', { field: input.field });
    await q.upsertReply(trx, { decisionId: decision.id, field: input.field, reply: input.reply, authorId: user.id });
    return { field: input.field, replies: await q.repliesTo(trx, decision.id) };
  });
}

export async function listReports(
  db: Database,
  user: SessionUser,
  filter: { year?: number | undefined; status?: ReportStatus | undefined } = {},
) {
  const organizationId = reportScopeOf(user);
  return q.listReports(db, { organizationId, year: filter.year, status: filter.status });
}

export async function reportHistory(db: Database, user: SessionUser, key: { organizationId: number; year: number }) {
  assertCanReadReport(user, key.organizationId);
  const report = await q.findReport(db, key.organizationId, key.year);
  if (!report) return [];
  return q.listHistory(db, report.id);
}

/**
 * What changed since the previous submission, field by field. While the report is submitted (or approved)
 * its data is the latest submission, so the baseline is the one before; while it is a draft or returned,
 * the baseline is the latest submission, so the signatory sees what they have changed since.
 * Without a report (version 0) or a baseline, there is nothing to compare: no changes.
 */
export async function changesSinceLastSubmission(
  db: Database,
  user: SessionUser,
  key: { organizationId: number; year: number },
) {
  assertCanReadReport(user, key.organizationId);
  const report = await q.findReport(db, key.organizationId, key.year);
  if (!report) return { currentVersion: 0, previousVersion: null, previousSubmittedAt: null, changes: [] };
  const submissions = await q.listSubmissions(db, report.id);
  const baseline = report.status === 'submitted' || report.status === 'approved' ? submissions[1] : submissions[0];
  if (!baseline)
    return { currentVersion: report.version, previousVersion: null, previousSubmittedAt: null, changes: [] };
  return {
    currentVersion: report.version,
    previousVersion: baseline.version,
    previousSubmittedAt: baseline.at,
    changes: diffReportData(baseline.data as ReportData, dataFromFigures(report)),
  };
}

// --- the signatory's side

export async function saveDraft(db: Database, user: SessionUser, input: z.infer<typeof saveDraftInput>) {
  assertCanEditReport(user, input.organizationId);
  return db.transaction().execute(async (trx) => {
    await openCycleOf(trx, input.year);
    if (!(await q.findOrganizationSummary(trx, input.organizationId)))
      throw new AppError('NOT_FOUND', refusal('no_such_organization'));

    if (input.expectedVersion === 0) {
      const alreadyThere = () =>
        existingReport(trx, input.organizationId, input.year).then(
          (existing) =>
            new AppError('CONFLICT', refusal('report_exists', { year: input.year, version: existing.version })),
        );
      // Look first: a refused INSERT would still use up an id, and a refused request must leave no trace.
      if (await q.findReport(trx, input.organizationId, input.year)) throw await alreadyThere();
      try {
        const created = await reportWorkflow.step(
          trx,
          { organizationId: input.organizationId, year: input.year },
          { action: 'create', data: input.data, actorId: user.id },
        );
        return { version: created.version };
      } catch (error) {
        if (error instanceof ReportChangedElsewhere) throw await alreadyThere();
        throw error;
      }
    }

    const report = await existingReport(trx, input.organizationId, input.year);
    assertStep(report.status, 'save');
    assertVersion(report, input.expectedVersion);
    // An autosave of unchanged data is no new version: the workflow records nothing.
    const saved = await workflowStep(trx, () =>
      reportWorkflow.step(trx, workingCopyOf(report), { action: 'save', data: input.data, actorId: user.id }),
    );
    return { version: saved.version };
  });
}

/** The working copy as the workflow reads it. */
function workingCopyOf(report: q.ReportRow) {
  return { id: report.id, organizationId: report.organizationId, year: report.year, version: report.version, status: report.status, data: dataFromFigures(report) };
}

export async function submitReport(db: Database, user: SessionUser, input: z.infer<typeof submitInput>) {
  assertCanEditReport(user, input.organizationId);
  return db.transaction().execute(async (trx) => {
    const cycle = await openCycleOf(trx, input.year);
    const report = await existingReport(trx, input.organizationId, input.year);
    assertStep(report.status, 'submit');
    assertVersion(report, input.expectedVersion);

    const data = dataFromFigures(report);
    const issues = [...completenessIssues(data), ...consistencyIssues(data)];
    if (issues.length > 0)
      throw validationError(
        `The report is not ready to submit: ${issues.length} ${issues.length === 1 ? 'field needs' : 'fields need'} attention`,
        issues,
      );

    const warnings = reportWarnings(data, await lastApprovedDataBefore(trx, input.organizationId, input.year));
    const justifications: Partial<Record<WarningCode, string>> = input.justifications ?? {};
    const unjustified = warnings.filter((w) => !justifications[w.code]);
    if (unjustified.length > 0)
      throw validationError(
        'Explain each warning before submitting',
        unjustified.map((w) => ({ path: ['justifications', w.code], code: w.code, params: w.params ?? {}, message: w.message })),
      );
    const stored: StoredWarning[] = warnings.map((w) => ({ ...w, justification: justifications[w.code] ?? null }));

    const submittedAt = new Date().toISOString();
    // Late is judged on the calendar date in UTC: submitting on the due date itself is on time.
    const late = submittedAt.slice(0, 10) > cycle.dueOn;
    // Coordinators hear of each submission at once (no digest): the workflow queues it with the step.
    const { version } = await workflowStep(trx, () =>
      reportWorkflow.step(trx, workingCopyOf(report), { action: 'submit', late, warnings: stored, actorId: user.id, at: submittedAt }),
    );
    return { version, status: 'submitted' as const, submittedAt, late, warnings: stored };
  });
}

// --- the coordinator's side

/** Every dotted path a field comment may name: a section, a field, or a breakdown's category. */
const commentablePaths: ReadonlySet<string> = (() => {
  const paths = new Set<string>(['currency']);
  const blank = emptyReportData();
  for (const section of commitments) {
    paths.add(section);
    for (const field of Object.keys(blank[section])) paths.add(`${section}.${field}`);
  }
  for (const f of breakdownFields) for (const category of f.values) paths.add(`${fieldPath(f)}.${category}`);
  return paths;
})();

export async function reviewReport(db: Database, reviewer: SessionUser, input: z.infer<typeof reviewInput>) {
  const fieldComments = input.fieldComments ?? {};
  const unknown = Object.keys(fieldComments).filter((path) => !commentablePaths.has(path));
  if (unknown.length > 0)
    throw validationError(
      'A field comment names a field the report does not have',
      unknown.map((path) => ({ path: ['fieldComments', path], code: 'unknown_field', params: { field: path }, message: `No field "${path}" in a report` })),
    );

  return db.transaction().execute(async (trx) => {
    await openCycleOf(trx, input.year);
    const report = await existingReport(trx, input.organizationId, input.year);
    assertStep(report.status, input.decision);
    const copy = workingCopyOf(report);

    if (input.decision === 'approve') {
      const currency = copy.data.currency ?? 'USD';
      if ((await usdPerUnit(trx, input.year, currency)) == null)
        throw new AppError('VALIDATION', refusal('no_rate_to_approve', { currency, year: input.year }), {
          currency: [`No exchange rate for ${currency} in ${input.year}`],
        });
    }

    // Approving publishes (approved_reports, whose triggers keep the metric cells up to date in this
    // transaction); returning mails the organisation's signatories.
    const { version, status } = await workflowStep(trx, () =>
      reportWorkflow.step(
        trx,
        copy,
        input.decision === 'approve'
          ? { action: 'approve', comment: input.comment, actorId: reviewer.id }
          : { action: 'return', comment: input.comment, fieldComments, actorId: reviewer.id },
      ),
    );
    // In the step's transaction: a refused step (above, or in the workflow) leaves no audit row.
    await recordAudit(trx, {
      entity: 'report',
      entityKey: String(report.id),
      action: input.decision,
      actorId: reviewer.id,
      changes: [
        { field: 'status', from: report.status, to: status },
        { field: 'version', from: report.version, to: version },
        ...(input.comment ? [{ field: 'comment', from: null, to: input.comment }] : []),
      ],
    });
    return { version, status: status as 'approved' | 'returned' };
  });
}

export async function reopenReport(
  db: Database,
  coordinator: SessionUser,
  input: { organizationId: number; year: number; reason: string },
) {
  return db.transaction().execute(async (trx) => {
    await openCycleOf(trx, input.year);
    const report = await existingReport(trx, input.organizationId, input.year);
    assertStep(report.status, 'reopen');
    const { version } = await workflowStep(trx, () =>
      reportWorkflow.step(trx, workingCopyOf(report), { action: 'reopen', reason: input.reason, actorId: coordinator.id }),
    );
    await recordAudit(trx, {
      entity: 'report',
      entityKey: String(report.id),
      action: 'reopen',
      actorId: coordinator.id,
      changes: [
        { field: 'status', from: report.status, to: 'returned' },
        { field: 'version', from: report.version, to: version },
        { field: 'reason', from: null, to: input.reason },
      ],
    });
    return { version, status: 'returned' as const };
  });
}

export async function compliance(db: Database, year: number) {
  const cycle = await findCycle(db, year);
  if (!cycle) throw new AppError('NOT_FOUND', refusal('no_cycle', { year }));
  const [organizations, counts] = await Promise.all([
    q.listCompliance(db, year, cycle.dueOn),
    q.complianceCounts(db, year, cycle.dueOn),
  ]);
  const today = new Date().toISOString().slice(0, 10);
  return {
    cycle,
    counts,
    organizations: organizations.map((o) => ({
      ...o,
      // Not yet submitted after the due date: the ones a reminder is for.
      overdue: (o.state === 'not_started' || o.state === 'draft') && today > cycle.dueOn,
    })),
  };
}

/**
 * The corrections log. Donors and the public read the corrections of a year only while its newest release
 * shows them the year's total: each row is an approved report, so the rows of a year whose total is
 * withheld (or not released yet) would count what the release withholds (issue 17). Coordinators read all.
 */
export async function corrections(db: Database, user: SessionUser | null, year: number | undefined) {
  const viewer = viewerOf(user);
  const [rows, shownYears] = await Promise.all([q.listCorrections(db, year), viewer ? yearsWithTotalShown(db, viewer) : null]);
  return rows.filter((r) => shownYears === null || shownYears.has(r.year)).map((r) => ({
    year: r.year,
    organizationName: r.disclosure === 'public' ? r.organizationName : UNNAMED_SIGNATORY,
    reopenedAt: r.reopenedAt,
    reason: r.reason,
    reapproved: r.reapprovedAt != null,
    reapprovedAt: r.reapprovedAt,
  }));
}

// --- the review desk

/** The review queue as the coordinator filtered and sorted it (all in SQL). */
export function reviewQueue(db: Database, coordinator: SessionUser, input: z.output<typeof reviewQueueInput>) {
  return q.reviewQueue(db, { ...input, viewerId: coordinator.id });
}

/** Whom a report can be assigned to. */
export function reviewers(db: Database) {
  return q.activeCoordinators(db).then((rows) => rows.map(({ id, name }) => ({ id, name })));
}

/**
 * Assigns a report to an active coordinator (or to nobody), with an audit row, in one transaction. A
 * refused assignment (not a coordinator, a deactivated account) writes nothing; assigning the report to
 * whom it is assigned already changes nothing and records nothing.
 */
export async function assignReport(db: Database, coordinator: SessionUser, input: z.infer<typeof assignReportInput>) {
  return db.transaction().execute(async (trx) => {
    const report = await existingReport(trx, input.organizationId, input.year);
    let assignee: { id: number; name: string } | null = null;
    if (input.assigneeId !== null) {
      const account = await q.findAccount(trx, input.assigneeId);
      if (!account) throw new AppError('NOT_FOUND', refusal('no_such_user'), { assigneeId: ['No such user'] });
      if (account.role !== 'coordinator') {
        const why = refusal('assignee_not_coordinator', { name: account.name });
        throw new AppError('VALIDATION', why, { assigneeId: [why.message] });
      }
      if (!account.active) {
        const why = refusal('assignee_inactive', { name: account.name });
        throw new AppError('VALIDATION', why, { assigneeId: [why.message] });
      }
      assignee = { id: account.id, name: account.name };
    }
    const before = await q.assignmentOf(trx, report.id);
    const unchanged = (before?.assigneeId ?? null) === (assignee?.id ?? null);
    if (!unchanged) {
      if (assignee) await q.setAssignment(trx, { reportId: report.id, assigneeId: assignee.id, assignedBy: coordinator.id });
      else await q.clearAssignment(trx, report.id);
      await recordAudit(trx, {
        entity: 'report',
        entityKey: String(report.id),
        action: 'assign',
        actorId: coordinator.id,
        changes: [{ field: 'assignee', from: before?.assigneeName ?? null, to: assignee?.name ?? null }],
      });
    }
    return { assigneeId: assignee?.id ?? null, assigneeName: assignee?.name ?? null };
  });
}

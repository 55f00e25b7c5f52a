// The report workflow of SPEC §3: draft → submitted → approved, or submitted → returned → edited →
// submitted again; an approved report is locked until a coordinator reopens it. Every mutation is one
// transaction, guarded by the version the caller last saw, and leaves a report_history row behind.
// Only approval writes approved_reports (what metrics and the public see), so a reopened report keeps
// its published figures until it is approved again.
import type { Transaction } from 'kysely';
import type { Database } from '@lpt/db/connect';
import { dataFromFigures, figuresFromData } from '@lpt/db/figures';
import type { DB, StoredWarning } from '@lpt/db/schema';
import { commitments, type ReportStatus } from '@lpt/shared/enums';
import type { RefusalCode } from '@lpt/shared/messages';
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
import type { replyToCommentInput, reviewInput, saveDraftInput, submitInput } from '@lpt/shared/schemas';
import type { z } from 'zod';
import { AppError, fieldError, refusal, validationError } from '../../errors.ts';
import type { SessionUser } from '../../trpc.ts';
import { assertCanEditReport, assertCanReadReport, reportScopeOf, viewerOf } from '../auth/access.ts';
import { findCycle } from '../cycles/cycles.queries.ts';
import { queueReportReturned, queueReportSubmitted } from '../outbox/outbox.service.ts';
import { usdPerUnit } from '../rates/rates.service.ts';
import { yearsWithTotalShown } from '../releases/releases.queries.ts';
import * as q from './reports.queries.ts';

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

const lockedRefusals: Partial<Record<ReportStatus, RefusalCode>> = {
  submitted: 'report_with_reviewer',
  approved: 'report_approved_locked',
};

function assertEditable(status: ReportStatus) {
  const locked = lockedRefusals[status];
  if (locked) throw new AppError('CONFLICT', refusal(locked));
}

const changedBySomeoneElse = (version: number | null) =>
  new AppError('CONFLICT', refusal('report_changed_elsewhere', { version: version ?? 0 }));

/** The guarded UPDATE found another version: say which one is current now. */
async function staleVersion(db: Trx, reportId: number): Promise<AppError> {
  return changedBySomeoneElse(await q.currentVersion(db, reportId));
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
  const figures = figuresFromData(input.data);
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
      const created = await q.insertReport(trx, { organizationId: input.organizationId, year: input.year, actorId: user.id, figures });
      if (!created) throw await alreadyThere();
      await q.insertHistory(trx, {
        reportId: created.id,
        version: created.version,
        action: 'create',
        actorId: user.id,
        changes: diffReportData(null, input.data),
        data: input.data,
      });
      return { version: created.version };
    }

    const report = await existingReport(trx, input.organizationId, input.year);
    assertEditable(report.status);
    assertVersion(report, input.expectedVersion);
    const previous = dataFromFigures(report);
    const changes = diffReportData(previous, input.data);
    // An autosave of unchanged data is no new version: nothing to record.
    if (changes.length === 0) return { version: report.version };
    const version = await q.updateReportIfVersion(trx, report.id, input.expectedVersion, { actorId: user.id, figures });
    if (version === undefined) throw await staleVersion(trx, report.id);
    await q.insertHistory(trx, { reportId: report.id, version, action: 'save', actorId: user.id, changes, data: input.data });
    return { version };
  });
}

export async function submitReport(db: Database, user: SessionUser, input: z.infer<typeof submitInput>) {
  assertCanEditReport(user, input.organizationId);
  return db.transaction().execute(async (trx) => {
    const cycle = await openCycleOf(trx, input.year);
    const report = await existingReport(trx, input.organizationId, input.year);
    if (report.status === 'submitted') throw new AppError('CONFLICT', refusal('report_already_submitted'));
    assertEditable(report.status);
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
    const version = await q.updateReportIfVersion(trx, report.id, input.expectedVersion, {
      actorId: user.id,
      status: 'submitted',
      submittedAt,
      late,
      warnings: stored,
    });
    if (version === undefined) throw await staleVersion(trx, report.id);
    await q.insertHistory(trx, { reportId: report.id, version, action: 'submit', actorId: user.id, changes: [], data });
    // Coordinators hear of each submission at once (no digest), queued with it.
    await queueReportSubmitted(trx, {
      id: report.id,
      organizationId: report.organizationId,
      organizationName: report.organizationName,
      year: report.year,
      version,
      late,
    });
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

/**
 * The one way versions become approved, for a review (one) and an import (many) alike: they are published
 * (approved_reports, whose triggers keep the metric cells up to date in the same transaction) and each
 * approval is recorded as a decision (the corrections log reads them). The caller has already moved each
 * working copy to its `version` with status 'approved' and writes its history entries.
 */
export async function publishApprovals(
  trx: Trx,
  approvals: readonly {
    report: { id: number; organizationId: number; year: number };
    version: number;
    approverId: number;
    data: ReportData;
    comment: string;
  }[],
) {
  const approvedAt = new Date().toISOString();
  await q.upsertApprovedReports(
    trx,
    approvals.map((a) => ({
      reportId: a.report.id,
      organizationId: a.report.organizationId,
      year: a.report.year,
      version: a.version,
      approvedAt,
      approvedBy: a.approverId,
      figures: figuresFromData(a.data),
    })),
  );
  await q.insertReviewDecisions(
    trx,
    approvals.map((a) => ({
      reportId: a.report.id,
      version: a.version,
      decision: 'approve' as const,
      comment: a.comment,
      fieldComments: {},
      reviewerId: a.approverId,
    })),
  );
}

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
    if (report.status !== 'submitted')
      throw new AppError('CONFLICT', refusal('review_needs_submitted', { status: report.status }));
    const data = dataFromFigures(report);

    if (input.decision === 'approve') {
      const currency = data.currency ?? 'USD';
      if ((await usdPerUnit(trx, input.year, currency)) == null)
        throw new AppError('VALIDATION', refusal('no_rate_to_approve', { currency, year: input.year }), {
          currency: [`No exchange rate for ${currency} in ${input.year}`],
        });
    }

    const status = input.decision === 'approve' ? 'approved' : 'returned';
    const version = await q.updateReportIfVersion(trx, report.id, report.version, { actorId: reviewer.id, status });
    if (version === undefined) throw await staleVersion(trx, report.id);
    if (input.decision === 'approve')
      await publishApprovals(trx, [{ report, version, approverId: reviewer.id, data, comment: input.comment }]);
    else
      await q.insertReviewDecision(trx, {
        reportId: report.id,
        version,
        decision: input.decision,
        comment: input.comment,
        fieldComments,
        reviewerId: reviewer.id,
      });
    await q.insertHistory(trx, {
      reportId: report.id,
      version,
      action: input.decision,
      actorId: reviewer.id,
      changes: [{ field: 'status', from: report.status, to: status }],
      data,
      comment: input.comment || null,
    });
    if (input.decision === 'return')
      await queueReportReturned(trx, {
        id: report.id,
        organizationId: report.organizationId,
        organizationName: report.organizationName,
        year: report.year,
        version,
        comment: input.comment,
      });
    return { version, status };
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
    if (report.status !== 'approved')
      throw new AppError('CONFLICT', refusal('reopen_needs_approved', { status: report.status }));
    const version = await q.updateReportIfVersion(trx, report.id, report.version, {
      actorId: coordinator.id,
      status: 'returned',
    });
    if (version === undefined) throw await staleVersion(trx, report.id);
    await q.insertReviewDecision(trx, {
      reportId: report.id,
      version,
      decision: 'reopen',
      comment: input.reason,
      fieldComments: {},
      reviewerId: coordinator.id,
    });
    await q.insertHistory(trx, {
      reportId: report.id,
      version,
      action: 'reopen',
      actorId: coordinator.id,
      changes: [{ field: 'status', from: 'approved', to: 'returned' }],
      data: dataFromFigures(report),
      comment: input.reason,
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

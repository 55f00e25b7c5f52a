// Published reports for metrics tests, taken through the report workflow as a signatory and a coordinator
// would (created, submitted, approved), with the same rows the reports service leaves; optionally a later
// working copy: reopened and edited (returned) or resubmitted, whose approved figures stay published.
// The year's reporting cycle must exist; the steps are dated in the past, on the day of the approval.
import type { Transaction } from 'kysely';
import type { Database } from '@lpt/db/connect';
import type { DB } from '@lpt/db/schema';
import type { TimedStep, Written } from '@lpt/db/workflow';
import type { ReportData } from '@lpt/shared/report';
import { reportWorkflow } from '@lpt/server/features/reports/workflow';

export interface ApprovedReportInput {
  organizationId: number;
  year: number;
  /** The approved (published) figures. */
  data: ReportData;
  /** The coordinator who approved it (and reopened it, for a working copy). */
  approvedBy: number;
  /** The signatory who wrote it; the approver when not given. */
  submittedBy?: number;
  /** A newer working copy that is not approved (yet): the published figures stay `data`. */
  workingCopy?: { status: 'returned' | 'submitted'; data: ReportData };
}

/** The steps of a report written and submitted on `at`. */
const submittedSteps = (data: ReportData, by: number, at: string): TimedStep[] => [
  { action: 'create', data, actorId: by, at },
  { action: 'submit', late: false, warnings: [], actorId: by, at },
];

export async function createApprovedReport(db: Database, input: ApprovedReportInput) {
  const approvedAt = new Date(Date.UTC(input.year + 1, 2, 1)).toISOString();
  const signatory = input.submittedBy ?? input.approvedBy;
  const coordinator = { actorId: input.approvedBy, at: approvedAt };
  const steps: TimedStep[] = [...submittedSteps(input.data, signatory, approvedAt), { action: 'approve', comment: '', ...coordinator }];
  const working = input.workingCopy;
  if (working) {
    steps.push({ action: 'reopen', reason: 'Reopened to correct the figures.', ...coordinator });
    steps.push({ action: 'save', data: working.data, actorId: signatory, at: approvedAt });
    if (working.status === 'submitted') steps.push({ action: 'submit', late: false, warnings: [], actorId: signatory, at: approvedAt });
  }
  const [report] = await inTransaction(db, (trx) =>
    reportWorkflow.replay(trx, [{ report: { organizationId: input.organizationId, year: input.year }, steps }]),
  );
  return { reportId: report!.id };
}

/** A report submitted for review and never approved: only coordinators asking for it see it in metrics. */
export async function createSubmittedReport(
  db: Database,
  input: { organizationId: number; year: number; data: ReportData; submittedBy: number },
) {
  const submittedAt = new Date(Date.UTC(input.year + 1, 1, 1)).toISOString();
  const [report] = await inTransaction(db, (trx) =>
    reportWorkflow.replay(trx, [
      { report: { organizationId: input.organizationId, year: input.year }, steps: submittedSteps(input.data, input.submittedBy, submittedAt) },
    ]),
  );
  return { reportId: report!.id };
}

async function inTransaction(db: Database, write: (trx: Transaction<DB>) => Promise<Written>) {
  return (await db.transaction().execute(write)).reports;
}

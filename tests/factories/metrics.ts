// Published reports for metrics tests, written straight into progress_reports and approved_reports as
// the reports service leaves them after an approval (and, optionally, a later working copy: a reopened
// or resubmitted report whose approved figures stay published). The year's reporting cycle must exist.
import type { Database } from '@lpt/db/connect';
import { figuresFromData } from '@lpt/db/figures';
import type { ReportData } from '@lpt/shared/report';

export interface ApprovedReportInput {
  organizationId: number;
  year: number;
  /** The approved (published) figures. */
  data: ReportData;
  /** The coordinator who approved it. */
  approvedBy: number;
  /** A newer working copy that is not approved (yet): the published figures stay `data`. */
  workingCopy?: { status: 'draft' | 'submitted' | 'returned'; data: ReportData };
}

export async function createApprovedReport(db: Database, input: ApprovedReportInput) {
  const approvedAt = new Date(Date.UTC(input.year + 1, 2, 1)).toISOString();
  const working = input.workingCopy;
  const { id: reportId } = await db
    .insertInto('progressReports')
    .values({
      organizationId: input.organizationId,
      year: input.year,
      version: working ? 2 : 1,
      status: working?.status ?? 'approved',
      submittedAt: approvedAt,
      updatedBy: input.approvedBy,
      ...figuresFromData(working?.data ?? input.data),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('approvedReports')
    .values({
      reportId,
      organizationId: input.organizationId,
      year: input.year,
      version: 1,
      approvedAt,
      approvedBy: input.approvedBy,
      ...figuresFromData(input.data),
    })
    .execute();
  return { reportId };
}

/** A report submitted for review and never approved: only coordinators asking for it see it in metrics. */
export async function createSubmittedReport(
  db: Database,
  input: { organizationId: number; year: number; data: ReportData; submittedBy: number },
) {
  const { id: reportId } = await db
    .insertInto('progressReports')
    .values({
      organizationId: input.organizationId,
      year: input.year,
      version: 1,
      status: 'submitted',
      submittedAt: new Date(Date.UTC(input.year + 1, 1, 1)).toISOString(),
      updatedBy: input.submittedBy,
      ...figuresFromData(input.data),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { reportId };
}

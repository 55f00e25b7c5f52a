// Report workflow fixtures: an organisation with its signatory, a coordinator, a donor and a signatory of
// another organisation, all with tRPC callers; helpers that move a report through the workflow by the API
// itself; and a snapshot of everything stored about one report, to prove a refused call wrote nothing.
import { TRPCError } from '@trpc/server';
import { beforeEach } from 'vitest';
import { ZodError } from 'zod';
import type { Database } from '@lpt/db/connect';
import type { ReportData } from '@lpt/shared/report';
import { AppError, codedIssuesOf, fieldErrorsOf, type FieldErrors } from '@lpt/server/errors';
import { resetDatabase, useTestDatabase, type TestDatabase } from '../setup/database.ts';
import { callerFor, completeReportData, createCycle, createOrganization, createRate, createUser } from './index.ts';

/** A migrated database for the test file, emptied before each test so every scenario starts alone. */
export function useReportDatabase(): () => TestDatabase {
  const getDb = useTestDatabase();
  beforeEach(async () => {
    await resetDatabase(getDb().db);
  });
  return getDb;
}

export interface ReportScenarioOptions {
  year?: number;
  dueOn?: string;
  cycleStatus?: 'open' | 'closed';
  disclosure?: 'public' | 'aggregate_only';
  organizationName?: string;
}

export async function createReportScenario(db: Database, options: ReportScenarioOptions = {}) {
  const year = options.year ?? 2025;
  const organization = await createOrganization(db, {
    ...(options.organizationName ? { name: options.organizationName } : {}),
    disclosure: options.disclosure ?? 'public',
  });
  const otherOrganization = await createOrganization(db);
  await createCycle(db, year, {
    ...(options.dueOn ? { dueOn: options.dueOn } : { dueOn: '2099-12-31' }),
    opensOn: `${year}-01-01`,
    status: options.cycleStatus ?? 'open',
  });
  const signatory = await createUser(db, 'signatory', organization.id);
  const otherSignatory = await createUser(db, 'signatory', otherOrganization.id);
  const coordinator = await createUser(db, 'coordinator');
  const donor = await createUser(db, 'donor');
  return {
    db,
    year,
    organization,
    otherOrganization,
    key: { organizationId: organization.id, year },
    users: { signatory, otherSignatory, coordinator, donor },
    as: {
      anonymous: callerFor(db, null),
      signatory: callerFor(db, signatory),
      otherSignatory: callerFor(db, otherSignatory),
      coordinator: callerFor(db, coordinator),
      donor: callerFor(db, donor),
    },
  };
}
export type ReportScenario = Awaited<ReturnType<typeof createReportScenario>>;

/** Saves a new draft through the API (version 1). */
export async function draftReport(s: ReportScenario, data: ReportData = completeReportData(), year = s.year) {
  return s.as.signatory.reports.saveDraft({ organizationId: s.organization.id, year, expectedVersion: 0, data });
}

/** A draft, submitted (version 2). */
export async function submittedReport(
  s: ReportScenario,
  data: ReportData = completeReportData(),
  options: { year?: number; justifications?: Record<string, string> } = {},
) {
  const year = options.year ?? s.year;
  const { version } = await draftReport(s, data, year);
  return s.as.signatory.reports.submit({
    organizationId: s.organization.id,
    year,
    expectedVersion: version,
    ...(options.justifications ? { justifications: options.justifications } : {}),
  });
}

/** A submitted report, approved by the coordinator (version 3). Adds the currency's rate when it is missing. */
export async function approvedReport(s: ReportScenario, data: ReportData = completeReportData(), year = s.year) {
  await submittedReport(s, data, { year });
  if (data.currency && data.currency !== 'USD') {
    const rate = await s.db
      .selectFrom('exchangeRates')
      .select('usdPerUnit')
      .where('year', '=', year)
      .where('currency', '=', data.currency)
      .executeTakeFirst();
    if (!rate) await createRate(s.db, year, data.currency, 1.1);
  }
  return s.as.coordinator.reports.review({ organizationId: s.organization.id, year, decision: 'approve', comment: '' });
}

/** An approved report of an earlier year, the baseline of the share-jump warning. */
export async function approvedEarlierReport(s: ReportScenario, year: number, data: ReportData) {
  await createCycle(s.db, year, { opensOn: `${year}-01-01`, dueOn: '2099-12-31' });
  return approvedReport(s, data, year);
}

/** Everything stored about one report: to compare before and after a call that must write nothing. */
export async function reportState(db: Database, organizationId: number, year: number) {
  const report = await db
    .selectFrom('progressReports')
    .selectAll()
    .where('organizationId', '=', organizationId)
    .where('year', '=', year)
    .executeTakeFirst();
  const count = async (table: 'reportHistory' | 'reviewDecisions') =>
    report
      ? Number(
          (
            await db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .where('reportId', '=', report.id)
              .executeTakeFirstOrThrow()
          ).n,
        )
      : 0;
  const approved = report
    ? ((await db.selectFrom('approvedReports').selectAll().where('reportId', '=', report.id).executeTakeFirst()) ?? null)
    : null;
  return { report: report ?? null, historyRows: await count('reportHistory'), decisions: await count('reviewDecisions'), approved };
}

export interface CaughtError {
  code: TRPCError['code'];
  message: string;
  /** Per-field messages as the API's error formatter sends them (error.data.fieldErrors). */
  fieldErrors: FieldErrors;
}

/** The tRPC error a call fails with; the test fails if the call succeeds. */
export async function failureOf(call: Promise<unknown>): Promise<CaughtError> {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    const cause = error.cause;
    const fieldErrors =
      cause instanceof ZodError ? fieldErrorsOf(codedIssuesOf(cause.issues)) : cause instanceof AppError ? (cause.fieldErrors ?? {}) : {};
    return { code: error.code, message: error.message, fieldErrors };
  }
  throw new Error('expected the call to be refused, but it succeeded');
}

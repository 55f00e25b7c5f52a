// Who may call each reports procedure: anonymous callers must sign in, donors and other organisations'
// signatories are refused, coordinators may do everything. A refused mutation writes nothing.
import { describe, expect, it } from 'vitest';
import { completeReportData } from '../factories/index.ts';
import {
  approvedReport,
  createReportScenario,
  draftReport,
  failureOf,
  reportState,
  submittedReport,
  useReportDatabase,
  type ReportScenario,
} from '../factories/reports.ts';

const getDb = useReportDatabase();

type Who = keyof ReportScenario['as'];
type Caller = ReportScenario['as'][Who];

interface Case {
  procedure: string;
  /** Brings the report to the state the procedure works on. */
  prepare(s: ReportScenario): Promise<unknown>;
  call(caller: Caller, s: ReportScenario): Promise<unknown>;
  refused: Partial<Record<Who, 'UNAUTHORIZED' | 'FORBIDDEN'>>;
  /** Who succeeds (a mutation is only tried by the last of them, on the prepared state). */
  allowed: Who[];
}

const outsiders = { anonymous: 'UNAUTHORIZED', otherSignatory: 'FORBIDDEN', donor: 'FORBIDDEN' } as const;
const coordinatorOnly = { ...outsiders, signatory: 'FORBIDDEN' } as const;

const cases: Case[] = [
  { procedure: 'get', prepare: submittedReport, call: (c, s) => c.reports.get(s.key), refused: outsiders, allowed: ['signatory', 'coordinator'] },
  {
    procedure: 'list',
    prepare: submittedReport,
    call: (c) => c.reports.list({}),
    refused: { anonymous: 'UNAUTHORIZED', donor: 'FORBIDDEN' },
    allowed: ['signatory', 'otherSignatory', 'coordinator'],
  },
  {
    procedure: 'saveDraft',
    prepare: draftReport,
    call: (c, s) => c.reports.saveDraft({ ...s.key, expectedVersion: 1, data: completeReportData({ needs: { assessmentsTotal: 9 } }) }),
    refused: outsiders,
    allowed: ['coordinator'],
  },
  {
    procedure: 'saveDraft (creating)',
    prepare: async () => {},
    call: (c, s) => c.reports.saveDraft({ ...s.key, expectedVersion: 0, data: completeReportData() }),
    refused: outsiders,
    allowed: ['signatory'],
  },
  {
    procedure: 'submit',
    prepare: draftReport,
    call: (c, s) => c.reports.submit({ ...s.key, expectedVersion: 1 }),
    refused: outsiders,
    allowed: ['coordinator'],
  },
  {
    procedure: 'review (approve)',
    prepare: submittedReport,
    call: (c, s) => c.reports.review({ ...s.key, decision: 'approve', comment: '' }),
    refused: coordinatorOnly,
    allowed: ['coordinator'],
  },
  {
    procedure: 'review (return)',
    prepare: submittedReport,
    call: (c, s) => c.reports.review({ ...s.key, decision: 'return', comment: 'Check the figures' }),
    refused: coordinatorOnly,
    allowed: ['coordinator'],
  },
  {
    procedure: 'reopen',
    prepare: approvedReport,
    call: (c, s) => c.reports.reopen({ ...s.key, reason: 'A correction' }),
    refused: coordinatorOnly,
    allowed: ['coordinator'],
  },
  { procedure: 'history', prepare: submittedReport, call: (c, s) => c.reports.history(s.key), refused: outsiders, allowed: ['signatory', 'coordinator'] },
  {
    procedure: 'changesSinceLastSubmission',
    prepare: submittedReport,
    call: (c, s) => c.reports.changesSinceLastSubmission(s.key),
    refused: outsiders,
    allowed: ['signatory', 'coordinator'],
  },
  {
    procedure: 'compliance',
    prepare: submittedReport,
    call: (c, s) => c.reports.compliance({ year: s.year }),
    refused: coordinatorOnly,
    allowed: ['coordinator'],
  },
  {
    procedure: 'corrections',
    prepare: approvedReport,
    call: (c) => c.reports.corrections(),
    refused: {},
    allowed: ['anonymous', 'donor', 'otherSignatory', 'signatory', 'coordinator'],
  },
];

describe('reports permissions', () => {
  it.each(cases)('$procedure: refuses the wrong callers, writing nothing, and serves the right ones', async ({ prepare, call, refused, allowed }) => {
    const s = await createReportScenario(getDb().db);
    await prepare(s);
    const before = await reportState(s.db, s.organization.id, s.year);

    for (const [who, code] of Object.entries(refused) as [Who, string][]) {
      const error = await failureOf(call(s.as[who], s));
      expect({ who, code: error.code }).toEqual({ who, code });
    }
    expect(await reportState(s.db, s.organization.id, s.year)).toEqual(before);

    for (const who of allowed) await expect(call(s.as[who], s)).resolves.toBeDefined();
  });

  it("shows another organisation's signatory none of this organisation's reports", async () => {
    const s = await createReportScenario(getDb().db);
    await submittedReport(s);
    expect(await s.as.otherSignatory.reports.list({})).toEqual([]);
    expect(await s.as.signatory.reports.list({})).toHaveLength(1);
  });
});

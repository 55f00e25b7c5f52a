// The report workflow of SPEC §3, written once for every writer: the reports service (one step at a
// time), the import (many reports at once), the demo seed and the test factories (a report's whole past
// replayed). draft → submitted → approved, or submitted → returned → edited → submitted again; an approved
// report is locked until it is reopened; an import approves from any status, and replacing an approved
// report that way is a correction (a reopen decision, then the approval).
//
// This module owns the state machine (which step is allowed from which status) and every row a step
// leaves: the working copy (progress_reports, moved one version on per step and only if still at the
// version it was read at), its report_history entry, its review_decisions row, the published copy
// (approved_reports, on approval) and the outbox messages it causes. Who may take a step (permissions,
// open cycle, exchange rates, completeness) is the caller's business, checked before it calls.
//
// It lives in db/ so that the demo seed, which cannot depend on the server, writes through it too. The
// outbox messages it makes are data (kind and payload); the caller passes the WorkflowOutbox that turns
// them into mails (server/src/features/outbox composes them in each reader's language).
//
// Everything is planned before anything is written: a refused step (TransitionRefused) writes nothing,
// and every write goes through the caller's transaction, so a failure halfway rolls it all back.
import type { Transaction } from 'kysely';
import type { RecordedDecision, ReportStatus } from '@lpt/shared/enums';
import { diffReportData, type ReportData } from '@lpt/shared/report';
import { figureColumns, figuresFromData } from './figures.ts';
import type { DB, FieldChange, ReportAction, ReportFigures, StoredWarning } from './schema.ts';

type Trx = Transaction<DB>;

// --- the state machine

/** The statuses each step may start from (null: no report yet). */
export const allowedFrom: Readonly<Record<ReportAction, readonly (ReportStatus | null)[]>> = {
  create: [null],
  save: ['draft', 'returned'],
  submit: ['draft', 'returned'],
  return: ['submitted'],
  approve: ['submitted'],
  reopen: ['approved'],
  imported: [null, 'draft', 'submitted', 'returned', 'approved'],
};

/** The status each step leaves a report in (saving keeps the one it had). */
export const statusAfter: Readonly<Record<Exclude<ReportAction, 'save'>, ReportStatus>> = {
  create: 'draft',
  submit: 'submitted',
  return: 'returned',
  approve: 'approved',
  reopen: 'returned',
  imported: 'approved',
};

/** A step the state machine does not allow from the report's status: nothing was written. */
export class TransitionRefused extends Error {
  constructor(
    readonly action: ReportAction,
    readonly from: ReportStatus | null,
  ) {
    super(`A report ${from ?? 'not yet created'} cannot be ${action === 'imported' ? 'imported' : `given the step "${action}"`}`);
    this.name = 'TransitionRefused';
  }
}

/** Someone else wrote the report first: it already exists (a create) or is no longer at the version read. */
export class ReportChangedElsewhere extends Error {
  constructor(
    readonly report: { organizationId: number; year: number; id: number | null },
    readonly reason: 'exists' | 'stale',
  ) {
    super(reason === 'exists' ? 'The report was created elsewhere meanwhile' : 'The report was changed elsewhere meanwhile');
    this.name = 'ReportChangedElsewhere';
  }
}

/** Throws TransitionRefused unless `action` may start from `from`: callers check early with it, the writer again. */
export function assertTransition(from: ReportStatus | null, action: ReportAction): void {
  if (!allowedFrom[action].includes(from)) throw new TransitionRefused(action, from);
}

// --- the steps

export type Step =
  | { action: 'create'; data: ReportData }
  /** Saving data equal to the report's is no step: no new version, nothing recorded. */
  | { action: 'save'; data: ReportData }
  | { action: 'submit'; late: boolean; warnings: StoredWarning[] }
  | { action: 'return'; comment: string; fieldComments: Record<string, string> }
  | { action: 'approve'; comment: string }
  | { action: 'reopen'; reason: string }
  /**
   * Approved from a coordinator's file. `correction` is required when it replaces an approved report
   * (the reason of the reopen decision, and what its history entry says), and unused otherwise.
   */
  | { action: 'imported'; data: ReportData; comment: string; correction?: { reason: string; historyComment: string } };

/** A step with who takes it and, for a past event (the seed, the factories), when; otherwise now. */
export type TimedStep = Step & { actorId: number; at?: string };

/** The messages a step causes, as data: the outbox composes the mails. */
export type WorkflowMessage =
  | { kind: 'report_submitted'; reportId: number; organizationId: number; year: number; version: number; late: boolean }
  | { kind: 'report_returned'; reportId: number; organizationId: number; year: number; version: number; comment: string };

export interface WorkflowOutbox {
  /** Queues the messages in the caller's transaction. */
  queue(trx: Trx, messages: readonly WorkflowMessage[]): Promise<unknown>;
}

/** The working copy as the workflow reads it before a step. */
export interface WorkingCopy {
  id: number;
  organizationId: number;
  year: number;
  version: number;
  status: ReportStatus;
  data: ReportData;
}

/** A report not created yet: its first step is 'create' or 'imported'. */
export interface NewReport {
  id?: undefined;
  organizationId: number;
  year: number;
}

// --- planning: what each step writes, computed before anything is written

type Columns = {
  status?: ReportStatus;
  submittedAt?: string;
  late?: boolean;
  warnings?: StoredWarning[];
  figures?: ReportFigures;
};

type HistoryRow = { version: number; action: ReportAction; actorId: number; at?: string; changes: FieldChange[]; data: ReportData; comment: string | null };
type DecisionRow = { version: number; decision: RecordedDecision; comment: string; fieldComments: Record<string, string>; reviewerId: number; decidedAt?: string };
type ApprovalRow = { version: number; approvedAt: string; approvedBy: number; figures: ReportFigures };
/** A message before its report has an id (each kind keeps its own fields). */
type Unkeyed<M> = M extends unknown ? Omit<M, 'reportId' | 'organizationId' | 'year'> : never;
type Message = Unkeyed<WorkflowMessage>;

interface Plan {
  report: WorkingCopy | NewReport;
  version: number;
  status: ReportStatus | null;
  data: ReportData | null;
  columns: Columns;
  createdAt?: string;
  updatedAt: string;
  updatedBy: number;
  history: HistoryRow[];
  decisions: DecisionRow[];
  approval: ApprovalRow | null;
  messages: Message[];
}

const statusChange = (from: ReportStatus | null, to: ReportStatus): FieldChange => ({ field: 'status', from, to });

function planSteps(report: WorkingCopy | NewReport, steps: readonly TimedStep[]): Plan {
  const existing = report.id === undefined ? null : (report as WorkingCopy);
  const plan: Plan = {
    report,
    version: existing?.version ?? 0,
    status: existing?.status ?? null,
    data: existing?.data ?? null,
    columns: {},
    updatedAt: '',
    updatedBy: 0,
    history: [],
    decisions: [],
    approval: null,
    messages: [],
  };
  for (const step of steps) {
    const from = plan.status;
    assertTransition(from, step.action);
    const data = 'data' in step ? step.data : (plan.data as ReportData);
    const changes =
      step.action === 'create' || step.action === 'save'
        ? diffReportData(plan.data, data)
        : step.action === 'submit'
          ? []
          : step.action === 'imported'
            ? [...(from === null ? [] : [statusChange(from, 'approved')]), ...diffReportData(plan.data, data)]
            : [statusChange(from, statusAfter[step.action])];
    if (step.action === 'save' && changes.length === 0) continue;
    if (step.action === 'imported' && from === 'approved' && !step.correction) throw new TransitionRefused(step.action, from);

    const at = step.at ?? new Date().toISOString();
    const version = plan.version + 1;
    plan.version = version;
    plan.updatedAt = at;
    plan.updatedBy = step.actorId;
    if (from === null) plan.createdAt = step.at;
    if (step.action !== 'save') plan.status = plan.columns.status = statusAfter[step.action];
    if ('data' in step) {
      plan.data = data;
      plan.columns.figures = figuresFromData(data);
    }

    let comment: string | null = null;
    switch (step.action) {
      case 'submit':
        Object.assign(plan.columns, { submittedAt: at, late: step.late, warnings: step.warnings });
        plan.messages.push({ kind: 'report_submitted', version, late: step.late });
        break;
      case 'return':
        comment = step.comment;
        plan.decisions.push({ version, decision: 'return', comment: step.comment, fieldComments: step.fieldComments, reviewerId: step.actorId, ...stamp('decidedAt', step.at) });
        plan.messages.push({ kind: 'report_returned', version, comment: step.comment });
        break;
      case 'approve':
        comment = step.comment;
        plan.decisions.push({ version, decision: 'approve', comment: step.comment, fieldComments: {}, reviewerId: step.actorId, ...stamp('decidedAt', step.at) });
        plan.approval = { version, approvedAt: at, approvedBy: step.actorId, figures: figuresFromData(data) };
        break;
      case 'reopen':
        comment = step.reason;
        plan.decisions.push({ version, decision: 'reopen', comment: step.reason, fieldComments: {}, reviewerId: step.actorId, ...stamp('decidedAt', step.at) });
        break;
      case 'imported':
        comment = step.comment;
        // Replacing published figures is a correction: the public corrections log lists it (the reopen
        // decision, then the approval that follows it).
        if (from === 'approved' && step.correction) {
          comment = step.correction.historyComment;
          plan.decisions.push({ version, decision: 'reopen', comment: step.correction.reason, fieldComments: {}, reviewerId: step.actorId, ...stamp('decidedAt', step.at) });
        }
        plan.decisions.push({ version, decision: 'approve', comment: step.comment, fieldComments: {}, reviewerId: step.actorId, ...stamp('decidedAt', step.at) });
        plan.approval = { version, approvedAt: at, approvedBy: step.actorId, figures: figuresFromData(data) };
        break;
    }
    plan.history.push({ version, action: step.action, actorId: step.actorId, ...stamp('at', step.at), changes, data, comment: comment || null });
  }
  return plan;
}

/** A past moment when one is given; otherwise the column's default (the transaction's now()). */
const stamp = <K extends string>(key: K, at: string | undefined) => (at === undefined ? {} : ({ [key]: at } as Record<K, string>));

// --- writing

/** Rows per multi-row statement: well under PostgreSQL's 65,535 parameters with ~50 columns a row. */
const BATCH = 500;
function* batchesOf<T>(rows: readonly T[]): Generator<T[]> {
  for (let i = 0; i < rows.length; i += BATCH) yield rows.slice(i, i + BATCH);
}

export interface Applied {
  id: number;
  organizationId: number;
  year: number;
  version: number;
  status: ReportStatus;
  /** False when every step was a save of unchanged data: nothing was written. */
  changed: boolean;
}

export interface Written {
  reports: Applied[];
  history: number;
  decisions: number;
  approved: number;
  messages: number;
}

/**
 * The workflow bound to an outbox. `step` moves one report one step (the service); `replay` applies each
 * report's steps in order, many reports at once in a few multi-row statements (the import, the seed,
 * the factories): a new report is inserted as its last step leaves it, an existing one updated once.
 */
export function createWorkflow(outbox: WorkflowOutbox) {
  async function replay(trx: Trx, reports: readonly { report: WorkingCopy | NewReport; steps: readonly TimedStep[] }[]): Promise<Written> {
    const plans = reports.map(({ report, steps }) => planSteps(report, steps));
    const written: Applied[] = [];
    const idOf = new Map<Plan, number>();

    const created = plans.filter((p) => p.report.id === undefined);
    for (const batch of batchesOf(created)) {
      const rows = await trx
        .insertInto('progressReports')
        .values(
          batch.map((p) => ({
            organizationId: p.report.organizationId,
            year: p.report.year,
            version: p.version,
            status: p.status as ReportStatus,
            submittedAt: p.columns.submittedAt ?? null,
            late: p.columns.late ?? false,
            warnings: JSON.stringify(p.columns.warnings ?? []),
            ...stamp('createdAt', p.createdAt),
            updatedAt: p.updatedAt,
            updatedBy: p.updatedBy,
            ...p.columns.figures,
          })),
        )
        .onConflict((oc) => oc.columns(['organizationId', 'year']).doNothing())
        .returning(['id', 'organizationId', 'year'])
        .execute();
      const inserted = new Map(rows.map((r) => [`${r.organizationId}:${r.year}`, r.id]));
      for (const p of batch) {
        const id = inserted.get(`${p.report.organizationId}:${p.report.year}`);
        if (id === undefined) throw new ReportChangedElsewhere({ ...p.report, id: null }, 'exists');
        idOf.set(p, id);
      }
    }

    for (const p of plans) {
      if (p.report.id === undefined) continue;
      idOf.set(p, p.report.id);
      if (p.history.length === 0) continue;
      const { figures, warnings, ...rest } = p.columns;
      const row = await trx
        .updateTable('progressReports')
        .set({
          ...figures,
          ...rest,
          ...(warnings ? { warnings: JSON.stringify(warnings) } : {}),
          version: p.version,
          updatedAt: p.updatedAt,
          updatedBy: p.updatedBy,
        })
        .where('id', '=', p.report.id)
        .where('version', '=', p.report.version)
        .returning('version')
        .executeTakeFirst();
      if (!row) throw new ReportChangedElsewhere({ organizationId: p.report.organizationId, year: p.report.year, id: p.report.id }, 'stale');
    }

    for (const p of plans) {
      const id = idOf.get(p) as number;
      written.push({ id, organizationId: p.report.organizationId, year: p.report.year, version: p.version, status: p.status as ReportStatus, changed: p.history.length > 0 });
    }
    const history = plans.flatMap((p) => p.history.map((h) => ({ ...h, reportId: idOf.get(p) as number })));
    for (const batch of batchesOf(history))
      await trx
        .insertInto('reportHistory')
        .values(batch.map((h) => ({ ...h, changes: JSON.stringify(h.changes), data: JSON.stringify(h.data) })))
        .execute();
    // In the order taken: the corrections log pairs a reopen with the approvals after it, by id.
    const decisions = plans.flatMap((p) => p.decisions.map((d) => ({ ...d, reportId: idOf.get(p) as number })));
    for (const batch of batchesOf(decisions))
      await trx
        .insertInto('reviewDecisions')
        .values(batch.map((d) => ({ ...d, fieldComments: JSON.stringify(d.fieldComments) })))
        .execute();
    // One statement per batch, so the metric cells' statement triggers recompute once per batch.
    const approved = plans.filter((p) => p.approval !== null);
    for (const batch of batchesOf(approved))
      await trx
        .insertInto('approvedReports')
        .values(
          batch.map((p) => {
            const { figures, ...approval } = p.approval as ApprovalRow;
            return { reportId: idOf.get(p) as number, organizationId: p.report.organizationId, year: p.report.year, ...approval, ...figures };
          }),
        )
        .onConflict((oc) =>
          oc.column('reportId').doUpdateSet((eb) => ({
            version: eb.ref('excluded.version'),
            approvedAt: eb.ref('excluded.approvedAt'),
            approvedBy: eb.ref('excluded.approvedBy'),
            ...(Object.fromEntries(figureColumns.map((c) => [c, eb.ref(`excluded.${c}`)])) as Record<string, never>),
          })),
        )
        .execute();
    const messages = plans.flatMap((p) =>
      p.messages.map((m) => ({ ...m, reportId: idOf.get(p) as number, organizationId: p.report.organizationId, year: p.report.year }) as WorkflowMessage),
    );
    if (messages.length > 0) await outbox.queue(trx, messages);
    return { reports: written, history: history.length, decisions: decisions.length, approved: approved.length, messages: messages.length };
  }

  return {
    replay,
    /** One step on one report, in the caller's transaction. */
    async step(trx: Trx, report: WorkingCopy | NewReport, step: TimedStep): Promise<Applied> {
      return (await replay(trx, [{ report, steps: [step] }])).reports[0] as Applied;
    },
  };
}

export type Workflow = ReturnType<typeof createWorkflow>;

/** For events of the past (the demo seed's history): their mails went out then, if ever; none is queued now. */
export const noMail: WorkflowOutbox = { queue: async () => {} };

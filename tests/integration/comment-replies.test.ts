// A return is a thread: the signatory answers each comment (and the overall one) while the report is
// returned, may rewrite an answer, and the reviewer reads the answers with the comments once the report
// comes back. Nothing else can be answered, and a refused reply writes nothing.
import { describe, expect, it } from 'vitest';
import { createReportScenario, failureOf, submittedReport, useReportDatabase } from '../factories/reports.ts';

const getDb = useReportDatabase();

async function returnedScenario() {
  const s = await createReportScenario(getDb().db);
  await submittedReport(s);
  await s.as.coordinator.reports.review({
    ...s.key,
    decision: 'return',
    comment: 'Please split the pooled funds.',
    fieldComments: { 'funding.toLocalPooled': 'Which fund is this?' },
  });
  return s;
}

const replyRows = async (s: { db: ReturnType<typeof getDb>['db'] }) =>
  s.db.selectFrom('reviewCommentReplies').select(['field', 'reply']).orderBy('field').execute();

describe('replies to a return’s comments', () => {
  it('keeps the signatory’s answers with the return, rewritable, and shows them to the reviewer once resubmitted', async () => {
    const s = await returnedScenario();
    await s.as.signatory.reports.replyToComment({ ...s.key, field: '_', reply: 'Split as asked.' });
    await s.as.signatory.reports.replyToComment({ ...s.key, field: 'funding.toLocalPooled', reply: 'The regional pooled fund.' });
    await s.as.signatory.reports.replyToComment({ ...s.key, field: 'funding.toLocalPooled', reply: 'The Sahel regional pooled fund.' });
    const mine = await s.as.signatory.reports.get(s.key);
    expect(mine.lastReturn?.replies).toMatchObject({
      _: { reply: 'Split as asked.', authorName: s.users.signatory.name },
      'funding.toLocalPooled': { reply: 'The Sahel regional pooled fund.' },
    });
    // Back with the reviewer: the comments and their answers travel with the report.
    const { version } = await s.as.signatory.reports.get(s.key).then((r) => r.report!);
    await s.as.signatory.reports.submit({ ...s.key, expectedVersion: version });
    const seen = await s.as.coordinator.reports.get(s.key);
    expect(seen.report?.status).toBe('submitted');
    expect(seen.lastReturn?.fieldComments).toEqual({ 'funding.toLocalPooled': 'Which fund is this?' });
    expect(seen.lastReturn?.replies['funding.toLocalPooled']?.reply).toBe('The Sahel regional pooled fund.');
    // Submitted, the thread is closed to new answers.
    const closed = await failureOf(s.as.signatory.reports.replyToComment({ ...s.key, field: '_', reply: 'One more thing.' }));
    expect(closed.code).toBe('CONFLICT');
    expect(await replyRows(s)).toEqual([
      { field: '_', reply: 'Split as asked.' },
      { field: 'funding.toLocalPooled', reply: 'The Sahel regional pooled fund.' },
    ]);
  });

  it('refuses an answer to a field the reviewer did not comment on, and another organisation’s answer, writing nothing', async () => {
    const s = await returnedScenario();
    const noComment = await failureOf(s.as.signatory.reports.replyToComment({ ...s.key, field: 'funding.inScopeExpenditure', reply: 'Fine.' }));
    expect(noComment.code).toBe('BAD_REQUEST');
    expect(noComment.fieldErrors.field).toEqual(['The reviewer left no comment on this field']);
    const other = await failureOf(s.as.otherSignatory.reports.replyToComment({ ...s.key, field: '_', reply: 'Not mine to answer.' }));
    expect(other.code).toBe('FORBIDDEN');
    const empty = await failureOf(s.as.signatory.reports.replyToComment({ ...s.key, field: '_', reply: '   ' }));
    expect(empty.code).toBe('BAD_REQUEST');
    expect(await replyRows(s)).toEqual([]);
  });
});

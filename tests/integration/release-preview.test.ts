// Coordinators' preview of the next release (issue 16): planned once and answered from the cache until the
// data it was planned from changes (an approval, an earlier release), and publishing uses the plan the
// preview showed.
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import type { AppError } from '@lpt/server/errors';
import { changesNothing } from '@lpt/shared/releases';
import { previewRelease } from '@lpt/server/features/releases/releases.service';
import { callerFor, completeReportData, createCycle, createOrganization, createUser } from '../factories/index.ts';
import { createApprovedReport } from '../factories/metrics.ts';
import { useTestDatabase } from '../setup/database.ts';

const getDb = useTestDatabase();
const YEAR = 2025;

describe('the preview of the next release', () => {
  it('is planned once until an approval or a release changes what it is planned from', async () => {
    const { db } = getDb();
    const coordinatorUser = await createUser(db, 'coordinator');
    await createCycle(db, YEAR);
    const approve = async (i: number) => {
      const { id } = await createOrganization(db, { name: `Signatory ${i}`, type: ['national_ngo', 'local_ngo', 'un_agency'][i % 3]!, country: ['KE', 'CO', 'PH'][i % 3]! });
      await createApprovedReport(db, {
        organizationId: id,
        year: YEAR,
        data: completeReportData({ currency: 'USD', funding: { inScopeExpenditure: 1_000_000 + i * 91_000, toLocalDirect: 200_000 + i * 7_000, toLocalPooled: 0, toLocalOneIntermediary: 0, toLocalTwoPlusIntermediaries: 0, multiYearToLocal: 0 } }),
        approvedBy: coordinatorUser.id,
      });
    };
    for (let i = 0; i < 18; i++) await approve(i);
    const coordinator = callerFor(db, coordinatorUser);

    // The service itself (the router's output check copies what it returns).
    const first = await previewRelease(db, YEAR);
    const again = await previewRelease(db, YEAR);
    // The same draft: its parts are the very objects the first preview was built from.
    expect(again.changes).toBe(first.changes);
    expect(again.planningMs).toBe(first.planningMs);

    await approve(18);
    const afterApproval = await previewRelease(db, YEAR);
    expect(afterApproval.changes).not.toBe(first.changes);
    expect(afterApproval.organizationsReporting).toBe(first.organizationsReporting + 1);

    const release = await coordinator.releases.publish({ year: YEAR });
    expect(release.number).toBe(1);
    const stored = await db.selectFrom('metricReleases').select(['basis', 'changes']).where('id', '=', release.id).executeTakeFirstOrThrow();
    expect((stored.basis as unknown[]).length).toBe(afterApproval.organizationsReporting);
    // After the release, the next preview is of release 2, planned against it.
    const next = await previewRelease(db, YEAR);
    expect(next.number).toBe(2);
    expect(next.changes).not.toBe(afterApproval.changes);
  }, 300_000);

  it('refuses a release identical to the last one, writing nothing, and closing the cycle then publishes none', async () => {
    const { db } = getDb();
    const Y = YEAR - 1; // the database is shared by the file's tests
    const coordinatorUser = await createUser(db, 'coordinator');
    await createCycle(db, Y);
    for (let i = 0; i < 6; i++) {
      const { id } = await createOrganization(db, { name: `Repeat ${i}`, type: ['national_ngo', 'local_ngo'][i % 2]!, country: 'KE' });
      await createApprovedReport(db, {
        organizationId: id,
        year: Y,
        data: completeReportData({ currency: 'USD', funding: { inScopeExpenditure: 1_000_000 + i * 91_000, toLocalDirect: 200_000 + i * 7_000, toLocalPooled: 0, toLocalOneIntermediary: 0, toLocalTwoPlusIntermediaries: 0, multiYearToLocal: 0 } }),
        approvedBy: coordinatorUser.id,
      });
    }
    const coordinator = callerFor(db, coordinatorUser);
    expect((await coordinator.releases.publish({ year: Y })).number).toBe(1);
    const preview = await coordinator.releases.preview({ year: Y });
    expect(preview.number).toBe(2);
    expect(changesNothing(preview.changes)).toBe(true);

    const written = () =>
      Promise.all([
        db.selectFrom('metricReleases').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
        db.selectFrom('metricReleaseCells').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
        db.selectFrom('metricReleaseOrganizations').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
      ]).then((counts) => counts.map((c) => Number(c.n)));
    const before = await written();
    const refused = await coordinator.releases.publish({ year: Y }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(TRPCError);
    expect((refused as TRPCError).code).toBe('CONFLICT');
    expect(((refused as TRPCError).cause as AppError).refusal).toEqual({ code: 'release_changes_nothing', params: { number: 2, year: Y } });
    expect(await written()).toEqual(before);

    // Closing the year closes it, but publishes no copy of release 1.
    await coordinator.cycles.upsert({ year: Y, opensOn: `${Y + 1}-01-01`, dueOn: `${Y + 1}-03-31`, status: 'closed' });
    expect((await db.selectFrom('reportingCycles').select('status').where('year', '=', Y).executeTakeFirstOrThrow()).status).toBe('closed');
    expect(await written()).toEqual(before);
  }, 300_000);
});

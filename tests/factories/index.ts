// Test data factories: each makes a valid row with sensible defaults that a test overrides where it matters.
// Users get a real argon2id hash (of FACTORY_PASSWORD) so that they can also sign in over HTTP.
import type { Database } from '@lpt/db/connect';
import { nameSkeletons } from '@lpt/db/names';
import type { Role } from '@lpt/shared/enums';
import { regionOf } from '@lpt/shared/countries';
import { derivedWholes, emptyReportData, fieldPath, reportFields, type ReportData, type ReportField } from '@lpt/shared/report';
import { hashPassword } from '@lpt/server/features/auth/passwords';
import { createCallerFactory, type Context, type SessionUser } from '@lpt/server/trpc';
import { appRouter } from '@lpt/server/router';

export const FACTORY_PASSWORD = 'factory-password-2026';
let passwordHash: Promise<string> | undefined;
let sequence = 0;
const next = () => ++sequence;

export async function createOrganization(
  db: Database,
  overrides: Partial<{
    name: string;
    type: string;
    country: string;
    signedOn: string;
    disclosure: 'public' | 'aggregate_only';
    withdrawnOn: string | null;
  }> = {},
) {
  const country = overrides.country ?? 'KE';
  const name = overrides.name ?? `Organisation ${next()}`;
  const row = await db
    .insertInto('organizations')
    .values({
      name,
      ...nameSkeletons(name),
      acronym: null,
      type: (overrides.type ?? 'national_ngo') as never,
      country,
      region: regionOf(country)!,
      signedOn: overrides.signedOn ?? '2020-01-15',
      implementationDeadline: null,
      withdrawnOn: overrides.withdrawnOn ?? null,
      disclosure: overrides.disclosure ?? 'public',
    })
    .returning(['id', 'name', 'type', 'country', 'region', 'disclosure'])
    .executeTakeFirstOrThrow();
  return row;
}

export async function createUser(
  db: Database,
  role: Role,
  organizationId: number | null = null,
  overrides: Partial<{ email: string; name: string; active: boolean }> = {},
): Promise<SessionUser & { password: string }> {
  passwordHash ??= hashPassword(FACTORY_PASSWORD);
  const n = next();
  const row = await db
    .insertInto('users')
    .values({
      email: overrides.email ?? `${role}${n}@test.example`,
      name: overrides.name ?? `${role} ${n}`,
      role,
      organizationId: role === 'signatory' ? organizationId : null,
      passwordHash: await passwordHash,
      active: overrides.active ?? true,
    })
    .returning(['id', 'email', 'name', 'role', 'organizationId', 'locale'])
    .executeTakeFirstOrThrow();
  return { ...row, sessionId: `test-session-${n}`, password: FACTORY_PASSWORD };
}

export async function createCycle(
  db: Database,
  year: number,
  overrides: Partial<{ opensOn: string; dueOn: string; status: 'open' | 'closed' }> = {},
) {
  await db
    .insertInto('reportingCycles')
    .values({
      year,
      opensOn: overrides.opensOn ?? `${year + 1}-01-01`,
      dueOn: overrides.dueOn ?? `${year + 1}-03-31`,
      status: overrides.status ?? 'open',
    })
    .execute();
}

export async function createRate(db: Database, year: number, currency: string, usdPerUnit: number) {
  await db.insertInto('exchangeRates').values({ year, currency, usdPerUnit }).execute();
}

/**
 * The report with every empty field given a value, read off the catalogue by kind and whole: a count or
 * amount without a whole gets a round figure, a part half of what its whole leaves, a breakdown's category
 * a third of its whole, a yes/no yes, a set its first value. So a new catalogue row is filled, and filled
 * consistently, with no edit to the factories.
 */
export function withEveryField(data: ReportData, leaveEmpty: ReadonlySet<string> = new Set()): ReportData {
  const filled = structuredClone(data);
  const section = (f: ReportField) => filled[f.commitment] as unknown as Record<string, unknown>;
  const valueAt = (path: string): number => {
    const whole = derivedWholes[path as keyof typeof derivedWholes];
    if (whole) return whole.parts.reduce((sum, p) => sum + valueAt(p), 0);
    const [c, key] = path.split('.') as [keyof ReportData, string];
    return ((filled[c] as unknown as Record<string, unknown>)[key] as number | null) ?? 0;
  };
  const round = (f: ReportField, v: number) => (f.kind === 'money' ? Math.floor(v * 100) / 100 : Math.floor(v));
  for (const f of reportFields as readonly ReportField[]) {
    const own = section(f);
    if (own[f.key] != null || leaveEmpty.has(fieldPath(f))) continue;
    const others = f.together ? (reportFields as readonly ReportField[]).filter((g) => g.together && g.partOf === f.partOf && g !== f) : [];
    const room = f.partOf ? valueAt(f.partOf) - others.reduce((sum, g) => sum + valueAt(fieldPath(g)), 0) : 0;
    own[f.key] =
      f.kind === 'boolean' ? true
      : f.kind === 'set' ? (f.values ?? []).slice(0, 1)
      : f.kind === 'breakdown' ? Object.fromEntries((f.values ?? []).map((v) => [v, Math.floor(room / 3)]))
      : f.partOf ? round(f, Math.max(0, room) / 2)
      : f.kind === 'money' ? 100_000
      : 10;
  }
  return filled;
}

/** A complete, valid report in USD; override any section's fields. */
export function completeReportData(
  overrides: { [K in keyof ReportData]?: K extends 'currency' ? string : Partial<ReportData[K]> } = {},
): ReportData {
  const base = emptyReportData('USD');
  const data: ReportData = {
    currency: 'USD',
    collaboration: {
      ...base.collaboration,
      status: 'in_progress',
      narrative: 'We co-chair the national migration working group with two local networks.',
      localPartners: 12,
      forums: 4,
      forumsCoLed: 1,
      partnersByLeadership: {
        migrantLed: 3,
        hostCommunityLed: 2,
        womenLed: 5,
        youthLed: 1,
        disabilityLed: 0,
        informalOrMovement: 1,
        communityOrTraditional: 0,
      },
    },
    funding: {
      ...base.funding,
      status: 'in_progress',
      narrative: 'Transfers rose with two new framework agreements.',
      inScopeExpenditure: 1_000_000,
      toLocalDirect: 120_000,
      toLocalPooled: 30_000,
      toLocalOneIntermediary: 90_000,
      toLocalTwoPlusIntermediaries: 15_000,
      multiYearToLocal: 60_000,
    },
    needs: { ...base.needs, status: 'planning', narrative: 'Joint assessments in three districts.', assessmentsTotal: 6, assessmentsJoint: 4 },
    credit: {
      ...base.credit,
      status: 'fulfilled',
      narrative: 'All publications reviewed against our crediting policy.',
      hasCreditPolicy: true,
      publicationsReviewed: 20,
      publicationsCrediting: 17,
    },
    capacity: {
      ...base.capacity,
      status: 'in_progress',
      narrative: 'Support on financial management and data protection.',
      requestsReceived: 5,
      requestsSupported: 4,
      capacitySpend: 25_000,
      supportAreas: ['governance_finance', 'digital_data'],
    },
  };
  const overridden = new Set<string>();
  for (const [key, value] of Object.entries(overrides)) {
    if (key === 'currency') data.currency = value as string;
    else {
      Object.assign(data[key as Exclude<keyof ReportData, 'currency'>], value);
      for (const field of Object.keys(value as object)) overridden.add(`${key}.${field}`);
    }
  }
  // Fields this story leaves out (a catalogue row added since) get values within the wholes as overridden.
  return withEveryField(data, overridden);
}

/**
 * A tRPC caller acting as `user` (or anonymously), straight on the router without HTTP. Each call gets a
 * context of its own, as each HTTP request does: what a request reads once (the release its answers are
 * of) is read again by the next call.
 */
export function callerFor(db: Database, user: SessionUser | null, clientAddress = '127.0.0.1') {
  return createCallerFactory(appRouter)((): Context => ({ db, user, clientAddress, setSessionCookie: () => {} }));
}

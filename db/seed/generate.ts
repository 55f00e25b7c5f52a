// What the demo and the synthetic data sets share: organisation profiles by type, the annual report an
// organisation of a profile writes, exchange rates, and bulk inserts. The figures follow the published
// orders of magnitude (SPEC §6): counted local shares mostly between 2 % and 40 % with a minority at or
// above the 25 % target, donors and intergovernmental bodies low, networks that re-grant high.
// Amounts are generated in whole cents, so every part sums exactly to its whole.
import { sql, type Kysely, type Transaction } from 'kysely';
import {
  commitments,
  type Commitment,
  type OrganizationType,
  type SectionStatus,
} from '@lpt/shared/enums';
import {
  derivedWholes,
  emptyReportData,
  fieldPath,
  fieldsOf,
  MONEY_MAX,
  reportFields,
  type ReportData,
  type ReportField,
} from '@lpt/shared/report';
import type { DB } from '../src/schema.ts';
import type { Random } from './random.ts';

export type Db = Kysely<DB> | Transaction<DB>;

/** The password of every demo and benchmark account (passes the policy in shared/src/schemas.ts). */
export const DEMO_PASSWORD = 'pledge-demo-2026';
/** argon2id with OWASP's parameters, the same as server/src/features/auth/passwords.ts. */
export const PASSWORD_HASH_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

// --- exchange rates: annual average US dollars per unit (rounded public averages; 2026 provisional).
export const usdPerUnitByYear: Record<string, Record<number, number>> = {
  USD: { 2022: 1, 2023: 1, 2024: 1, 2025: 1, 2026: 1 },
  EUR: { 2022: 1.053, 2023: 1.0813, 2024: 1.0824, 2025: 1.1298, 2026: 1.1612 },
  GBP: { 2022: 1.2369, 2023: 1.2435, 2024: 1.2781, 2025: 1.3187, 2026: 1.3402 },
  CHF: { 2022: 1.0474, 2023: 1.1132, 2024: 1.1361, 2025: 1.2024, 2026: 1.2478 },
  KES: { 2022: 0.008518, 2023: 0.007153, 2024: 0.007419, 2025: 0.007737, 2026: 0.007742 },
  COP: { 2022: 0.0002350, 2023: 0.0002313, 2024: 0.0002456, 2025: 0.0002404, 2026: 0.0002551 },
  PHP: { 2022: 0.018355, 2023: 0.017976, 2024: 0.017413, 2025: 0.017452, 2026: 0.017198 },
  JOD: { 2022: 1.4104, 2023: 1.4104, 2024: 1.4104, 2025: 1.4104, 2026: 1.4104 },
};

/** A rate for any year: the table's value, or the nearest year's moved by a small deterministic drift. */
export function usdPerUnit(currency: string, year: number): number {
  const table = usdPerUnitByYear[currency];
  if (!table) throw new Error(`No exchange rate table for ${currency}`);
  const exact = table[year];
  if (exact != null) return exact;
  const years = Object.keys(table).map(Number);
  const nearest = years.reduce((a, b) => (Math.abs(b - year) < Math.abs(a - year) ? b : a));
  if (currency === 'USD' || currency === 'JOD') return table[nearest] as number;
  // ±1.5 % a year, alternating, so synthetic years far from the table still look plausible.
  const steps = year - nearest;
  const factor = 1 + 0.015 * Math.sin(steps * 1.7);
  return Number(((table[nearest] as number) * factor).toPrecision(6));
}

// --- organisation profiles

const range = (min: number, max: number) => [min, max] as const;

/** Per type: in-scope expenditure in USD, counted local share, direct and pooled fractions of it. */
const typeTraits: Record<
  OrganizationType,
  {
    size: readonly [number, number];
    share: readonly [number, number];
    direct: readonly [number, number];
    pooled: readonly [number, number];
    twoPlus: readonly [number, number];
    partners: readonly [number, number];
  }
> = {
  un_agency: { size: range(80e6, 600e6), share: range(0.07, 0.22), direct: range(0.25, 0.55), pooled: range(0.05, 0.2), twoPlus: range(0.03, 0.1), partners: range(60, 320) },
  intergovernmental: { size: range(5e6, 60e6), share: range(0.03, 0.12), direct: range(0.2, 0.5), pooled: range(0.1, 0.3), twoPlus: range(0.02, 0.08), partners: range(8, 40) },
  international_ngo: { size: range(8e6, 250e6), share: range(0.1, 0.32), direct: range(0.5, 0.85), pooled: range(0, 0.15), twoPlus: range(0.01, 0.06), partners: range(20, 180) },
  national_ngo: { size: range(0.5e6, 12e6), share: range(0.1, 0.34), direct: range(0.7, 1), pooled: range(0, 0.05), twoPlus: range(0, 0.03), partners: range(6, 45) },
  local_ngo: { size: range(40e3, 1.5e6), share: range(0.04, 0.3), direct: range(0.8, 1), pooled: range(0, 0.05), twoPlus: range(0, 0.02), partners: range(2, 18) },
  migrant_led: { size: range(15e3, 400e3), share: range(0.05, 0.33), direct: range(0.85, 1), pooled: range(0, 0.05), twoPlus: range(0, 0.02), partners: range(2, 14) },
  rcrc_national_society: { size: range(2e6, 40e6), share: range(0.08, 0.3), direct: range(0.6, 0.9), pooled: range(0, 0.1), twoPlus: range(0, 0.04), partners: range(10, 60) },
  rcrc_international: { size: range(60e6, 300e6), share: range(0.25, 0.45), direct: range(0.5, 0.8), pooled: range(0.05, 0.2), twoPlus: range(0.02, 0.06), partners: range(40, 190) },
  government_national: { size: range(5e6, 80e6), share: range(0.04, 0.22), direct: range(0.6, 0.9), pooled: range(0, 0.1), twoPlus: range(0, 0.05), partners: range(10, 80) },
  government_local: { size: range(0.5e6, 8e6), share: range(0.08, 0.3), direct: range(0.8, 1), pooled: range(0, 0.05), twoPlus: range(0, 0.03), partners: range(5, 35) },
  donor: { size: range(40e6, 400e6), share: range(0.02, 0.12), direct: range(0.1, 0.3), pooled: range(0.3, 0.5), twoPlus: range(0.05, 0.15), partners: range(15, 90) },
  private_sector: { size: range(0.2e6, 5e6), share: range(0.02, 0.15), direct: range(0.6, 1), pooled: range(0, 0.1), twoPlus: range(0, 0.03), partners: range(2, 15) },
  academia: { size: range(0.1e6, 3e6), share: range(0.02, 0.1), direct: range(0.7, 1), pooled: range(0, 0.05), twoPlus: range(0, 0.02), partners: range(3, 20) },
  network: { size: range(0.3e6, 6e6), share: range(0.35, 0.65), direct: range(0.3, 0.6), pooled: range(0.2, 0.5), twoPlus: range(0, 0.03), partners: range(15, 90) },
  other: { size: range(0.1e6, 2e6), share: range(0.05, 0.3), direct: range(0.7, 1), pooled: range(0, 0.1), twoPlus: range(0, 0.03), partners: range(3, 25) },
};

/** Typical reasons a section does not apply, by commitment. */
export const notApplicableReasons: Record<Commitment, readonly string[]> = {
  collaboration: [
    'We have no operational presence and work with no local or national partners directly.',
  ],
  funding: [
    'We fund no programmes: our work is research and teaching, paid for by grants we do not pass on.',
    'The council delivers its newcomer services directly from its own budget and made no transfers in scope.',
    'The secretariat holds no programme funds; its members report their own transfers.',
  ],
  needs: [
    'As a grant-maker we run no needs assessments ourselves; the partners we fund do, and report them.',
    'The secretariat convenes states and runs no programmes, and therefore no needs assessments, of its own.',
  ],
  credit: [
    'Public materials are issued by the national information service under its own editorial rules, outside our control.',
  ],
  capacity: [
    'We provide in-kind logistics only; capacity strengthening is outside the scope of our pledge.',
  ],
};

export interface OrgProfile {
  type: OrganizationType;
  currency: string;
  /** In-scope expenditure of the first generated year, in USD. */
  sizeUsd: number;
  /** Yearly growth factor of expenditure. */
  growth: number;
  /** Counted local share in the first year and its yearly trend (fractions). */
  baseShare: number;
  shareTrend: number;
  /** Of the counted local funding: direct and pooled fractions (the rest goes through one intermediary). */
  directFraction: number;
  pooledFraction: number;
  /** Transfers through two or more intermediaries, as a fraction of in-scope expenditure. */
  twoPlusRate: number;
  /** Of the counted local funding, the part under multi-year agreements. */
  multiYearFraction: number;
  /** Local partners in the first year. */
  partnerScale: number;
  /** 0–3: how far along the statuses (not started → fulfilled) the organisation starts. */
  maturity: number;
  /** Year index from which the organisation has a credit policy (null: never in the data). */
  creditPolicyFrom: number | null;
  /** Sections that do not apply to this organisation, with the reason it gives. */
  notApplicable: Partial<Record<Commitment, string>>;
}

export function randomProfile(
  rng: Random,
  type: OrganizationType,
  currency: string,
  overrides: Partial<OrgProfile> = {},
): OrgProfile {
  const t = typeTraits[type];
  let sizeUsd = rng.logBetween(t.size[0], t.size[1]);
  // Keep amounts inside numeric(14,2) even in weak currencies (and for 10 years of growth).
  // Growth is capped at 4× below, so an eighth of the maximum leaves room for noise and rate changes.
  const maxUsd = (MONEY_MAX / 8) * usdPerUnit(currency, 2025);
  if (sizeUsd > maxUsd) sizeUsd = maxUsd;
  const direct = rng.between(t.direct[0], t.direct[1]);
  const pooled = Math.min(1 - direct, rng.between(t.pooled[0], t.pooled[1]));
  return {
    type,
    currency,
    sizeUsd,
    growth: rng.between(0.94, 1.12),
    baseShare: rng.between(t.share[0], t.share[1]),
    shareTrend: rng.between(-0.006, 0.012),
    directFraction: direct,
    pooledFraction: pooled,
    twoPlusRate: rng.between(t.twoPlus[0], t.twoPlus[1]),
    multiYearFraction: rng.between(0.1, 0.6),
    partnerScale: Math.round(rng.logBetween(t.partners[0], t.partners[1])),
    maturity: rng.weighted([
      [0, 2],
      [1, 4],
      [2, 3],
      [3, 1],
    ] as const),
    creditPolicyFrom: rng.chance(0.8) ? rng.int(0, 4) : null,
    notApplicable: {},
    ...overrides,
  };
}

// --- one annual report

export interface ReportContext {
  /** 0 for the organisation's first generated year, then 1, 2, … */
  yearIndex: number;
  usdPerUnit: number;
  /** Added to the counted local share this year (a deliberate jump). */
  shareShift?: number;
  /** Short narratives (synthetic data) instead of the full sentences. */
  brief?: boolean;
}

const statusLadder: readonly SectionStatus[] = ['not_started', 'planning', 'in_progress', 'fulfilled'];

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const fmtMoney = (currency: string, cents: number) =>
  `${currency} ${Math.round(cents / 100).toLocaleString('en-GB')}`;
const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

/** An amount in cents: whole currency units for larger sums, cents kept for small organisations. */
function amountCents(rng: Random, value: number): number {
  if (value <= 0) return 0;
  if (value < 250_000) return Math.round(value * 100) - (rng.chance(0.5) ? rng.int(0, 99) : 0);
  return Math.round(value) * 100;
}

/** Each report field's path, and the fields by their role in the catalogue (shared/src/report/fields.ts). */
const fields = reportFields as readonly ReportField[];
const countedLocal = derivedWholes['funding.countedLocalFunding'];
/** The whole the local share is measured against (in-scope expenditure): it sets the report's size. */
const shareWhole = countedLocal.shareOf;

/** Values of fields by path, in the units generation works in (money in cents). */
type Values = Map<string, unknown>;
const numberAt = (v: Values, path: string) => (v.get(path) as number | null | undefined) ?? 0;

/**
 * A value for every report field, read off the catalogue by kind and whole, so that a new row gets a
 * plausible value within its whole with no edit here. Money follows the profile's economy: the local
 * share's whole from the organisation's size, its counted parts split by the profile's fractions (the last
 * takes the rest), a part that is not counted from its rate, a part of counted local funding from its
 * fraction; any other amount a small fraction of the whole. The first count without a whole is the number
 * of partners the organisation works with; other counts scale with it, parts are fractions of their whole.
 */
function fieldValues(rng: Random, p: OrgProfile, ctx: ReportContext): Values {
  const y = ctx.yearIndex;
  const v: Values = new Map();
  const inScopeUsd = p.sizeUsd * Math.min(4, p.growth ** y) * rng.between(0.93, 1.07);
  const inScope = Math.max(100_00, amountCents(rng, inScopeUsd / ctx.usdPerUnit));
  const share = clamp(p.baseShare + p.shareTrend * y + rng.between(-0.02, 0.02) + (ctx.shareShift ?? 0), 0.005, 0.8);
  const counted = Math.round(inScope * share);
  // Whole units for the larger sums, as organisations report them.
  const unit = (c: number) => (inScope >= 250_000_00 ? Math.floor(c / 100) * 100 : c);
  const countedParts = countedLocal.parts as readonly string[];
  const splits = [p.directFraction, p.pooledFraction];
  let countedLeft = counted;
  let scale: number | null = null;
  for (const f of fields) {
    const path = fieldPath(f);
    const whole = f.partOf;
    const wholeValue = whole == null ? null : Object.hasOwn(derivedWholes, whole) ? countedParts.reduce((sum, q) => sum + numberAt(v, q), 0) : numberAt(v, whole);
    switch (f.kind) {
      case 'money': {
        let cents: number;
        if (path === shareWhole) cents = inScope;
        else if (countedParts.includes(path)) {
          const i = countedParts.indexOf(path);
          cents = i === countedParts.length - 1 ? countedLeft : Math.min(countedLeft, Math.round(counted * (splits[i] ?? 0)));
          countedLeft -= cents;
        } else if (f.together && whole != null) {
          const taken = fields.filter((g) => g.together && g.partOf === whole && v.has(fieldPath(g))).reduce((sum, g) => sum + numberAt(v, fieldPath(g)), 0);
          cents = Math.min((wholeValue ?? 0) - taken, Math.round((wholeValue ?? 0) * p.twoPlusRate * rng.between(0.7, 1.3)));
        } else if (whole != null && Object.hasOwn(derivedWholes, whole))
          cents = Math.round((wholeValue ?? 0) * clamp(p.multiYearFraction + 0.03 * y, 0, 1));
        else if (whole != null) cents = Math.round((wholeValue ?? 0) * rng.between(0.1, 0.6));
        else cents = amountCents(rng, (inScope / 100) * rng.between(0.002, 0.03));
        v.set(path, Math.max(0, Math.min(unit(cents), wholeValue ?? Infinity)));
        break;
      }
      case 'count': {
        if (whole != null) v.set(path, Math.round((wholeValue ?? 0) * clamp(rng.between(0.2, 0.8) + 0.04 * y, 0, 1)));
        else if (scale == null) {
          scale = Math.max(1, Math.round(p.partnerScale * (1 + 0.08 * y) * rng.between(0.85, 1.15)));
          v.set(path, scale);
        } else v.set(path, Math.max(1, Math.round(Math.sqrt(scale) * rng.between(0.5, 2.5))) + rng.int(0, 2));
        break;
      }
      case 'breakdown':
        v.set(path, Object.fromEntries((f.values ?? []).map((c) => [c, Math.min(wholeValue ?? 0, Math.round((wholeValue ?? 0) * rng.between(0, 0.45)))])));
        break;
      case 'boolean':
        v.set(path, p.creditPolicyFrom != null && y >= p.creditPolicyFrom);
        break;
      case 'set': {
        const values = f.values ?? [];
        v.set(path, rng.chance(0.15) ? [] : rng.subset(values, rng.int(1, Math.min(4, values.length))));
        break;
      }
    }
  }
  return v;
}

/** A value as the report carries it: money back from cents. */
const reported = (f: ReportField, value: unknown) => (f.kind === 'money' ? (value as number) / 100 : value);

/** A figure as a narrative writes it. */
function spoken(f: ReportField, value: unknown, cur: string): string {
  if (f.kind === 'money') return fmtMoney(cur, value as number);
  if (f.kind === 'boolean') return value ? 'yes' : 'no';
  if (f.kind === 'set') return (value as string[]).length ? (value as string[]).join(', ').replaceAll('_', ' ') : 'none';
  if (f.kind === 'breakdown') return Object.values(value as Record<string, number>).join('/');
  return String(value);
}

/** A complete report (every section answered, consistent) for one organisation and one year. */
export function generateReportData(rng: Random, p: OrgProfile, ctx: ReportContext): ReportData {
  const y = ctx.yearIndex;
  const cur = p.currency;
  const v = fieldValues(rng, p, ctx);
  const inScope = numberAt(v, shareWhole);
  const countedCents = countedLocal.parts.reduce((sum, q) => sum + numberAt(v, q), 0);
  const actualShare = countedCents / inScope;
  const notCounted = fields.filter((f) => f.together && !f.countedLocal).reduce((sum, f) => sum + numberAt(v, fieldPath(f)), 0);
  const ofCounted = fields.filter((f) => f.partOf && Object.hasOwn(derivedWholes, f.partOf)).reduce((sum, f) => sum + numberAt(v, fieldPath(f)), 0);

  /** Statuses move up the ladder as the years pass; `max` caps a section that lacks its key element. */
  const level = (bias: number, max = 3) =>
    statusLadder[clamp(p.maturity + bias + Math.floor((y + rng.int(0, 1)) / 2), 0, max)] as SectionStatus;
  const brief = ctx.brief === true;
  const data = emptyReportData(cur) as unknown as Record<string, unknown>;
  data.currency = cur;
  for (const key of commitments) {
    const own = fieldsOf(key) as readonly ReportField[];
    const carriesShare = own.some((f) => fieldPath(f) === shareWhole);
    const status: SectionStatus = carriesShare
      ? countedCents === 0 ? 'not_started' : actualShare >= 0.25 ? 'fulfilled' : actualShare >= 0.1 ? 'in_progress' : 'planning'
      : level(rng.int(-1, 1));
    const figures = own.filter((f) => f.kind === 'count' || f.kind === 'money').map((f) => spoken(f, v.get(fieldPath(f)), cur));
    const narrative = carriesShare
      ? brief
        ? `Counted local share ${pct(actualShare)}.`
        : `Of an in-scope expenditure of ${fmtMoney(cur, inScope)}, ${fmtMoney(cur, countedCents)} (${pct(actualShare)}) reached local and national actors directly, through a pooled fund they access directly, or through one intermediary. ${notCounted > 0 ? `A further ${fmtMoney(cur, notCounted)} passed through two or more intermediaries and is recorded but not counted.` : 'No transfers passed through more than one intermediary.'}${ofCounted > 0 ? ` ${fmtMoney(cur, ofCounted)} of the counted transfers are under multi-year agreements.` : ''}`
      : brief
        ? `Reported ${figures.join(', ')}.`
        : `This year we report ${figures.join(', ')} for this commitment, counted as the definitions ask. ${status === 'fulfilled' ? 'We consider the commitment met and keep it under review with our local partners.' : 'We plan to go further next year, with our local partners setting the priorities.'}`;
    data[key] = {
      status,
      narrative,
      notApplicableReason: null,
      ...Object.fromEntries(own.map((f) => [f.key, reported(f, v.get(fieldPath(f)))])),
    };
  }
  const report = data as unknown as ReportData;
  for (const key of commitments) {
    const reason = p.notApplicable[key];
    if (reason) markNotApplicable(report, key, reason);
  }
  return report;
}

/** A section that does not apply: its reason is given and it carries no figures. */
export function markNotApplicable(data: ReportData, key: Commitment, reason: string): void {
  const blank = emptyReportData()[key];
  (data as unknown as Record<Commitment, unknown>)[key] = { ...blank, status: 'not_applicable', narrative: null, notApplicableReason: reason };
}

/** An unfinished draft: the first `filled` sections as generated, the others blank. */
export function draftOf(data: ReportData, filled: number): ReportData {
  const draft = structuredClone(data);
  commitments.forEach((key, i) => {
    if (i < filled) return;
    const section = draft[key] as unknown as Record<string, unknown>;
    for (const field of Object.keys(section)) section[field] = null;
  });
  return draft;
}

// --- bulk inserts

/** Multi-row inserts of at most `size` rows each (PostgreSQL takes up to 65,535 parameters a statement). */
export async function insertInBatches<T extends keyof DB & string>(
  db: Db,
  table: T,
  rows: readonly Record<string, unknown>[],
  size = 1000,
): Promise<void> {
  for (let i = 0; i < rows.length; i += size)
    // The rows are built to the table's Insertable shape; the cast spares a generic per caller.
    await db.insertInto(table).values(rows.slice(i, i + size) as any).execute();
}

const snakeCase = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Multi-row inserts that send each batch as one JSON parameter, expanded by json_populate_recordset:
 * about twice as fast as one parameter per value for wide rows (progress_reports has 50 columns).
 * Every row must have the same keys. Not for jsonb columns given as JSON.stringify'd strings (they
 * would be stored as JSON strings): leave those to their defaults or use insertInBatches.
 */
export async function insertJsonBatches<T extends keyof DB & string>(
  db: Db,
  table: T,
  rows: readonly Record<string, unknown>[],
  size = 1000,
): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const keys = Object.keys(first);
  const columns = sql.join(keys.map((k) => sql.id(snakeCase(k))));
  const target = sql.table(snakeCase(table));
  for (let i = 0; i < rows.length; i += size) {
    const json = JSON.stringify(
      rows.slice(i, i + size).map((row) => Object.fromEntries(keys.map((k) => [snakeCase(k), row[k] ?? null]))),
    );
    await sql`insert into ${target} (${columns}) select ${columns} from json_populate_recordset(null::${target}, ${json}::json)`.execute(db);
  }
}

/** Adds days (may be fractional) to an ISO timestamp. */
export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * 86_400_000).toISOString();
}

/** A timestamp on a given date at a working hour. */
export function atWorkingHour(rng: Random, date: string): string {
  return `${date}T${String(rng.int(7, 17)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}.000Z`;
}

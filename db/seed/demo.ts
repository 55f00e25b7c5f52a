// The demo data set (SPEC §6): 43 fictional signatories of every type and region, four closed reporting
// cycles (2022–2025) of approved reports, and the open 2026 cycle with drafts, submissions, returns and a
// few early approvals. Every organisation, person and figure here is invented; any likeness to a real
// organisation is unintended. Deterministic: the same data on every run (seeded PRNG, fixed dates).
//
// Demo accounts (all with the password 'pledge-demo-2026'):
//   coordinator@example.org  coordinator (the pledge secretariat): reviews, manages cycles and rates
//   donor@example.org        donor: aggregate dashboards, figures of `public` organisations
//   signatory@example.org    signatory for Pamoja Horizons Trust (KE, KES): a draft in the open 2026 cycle
//   signatory2@example.org   signatory for Fundación Tejido Andino (CO, COP): its 2026 report was returned
//   signatory3@example.org   signatory for Lanternfield International (GB, GBP): no 2026 report started yet
// Every other organisation has one signatory account, <acronym>.reports@example.org, same password.
//
// Cycle year Y opens on 1 November of Y and is due on 31 March of Y+1, so on the demo's "today"
// (2026-11-27) the 2026 cycle is open and 2022–2025 are closed.
import { hash } from '@node-rs/argon2';
import { regionOf } from '@lpt/shared/countries';
import type { Commitment, Disclosure, OrganizationType, ReportStatus } from '@lpt/shared/enums';
import {
  derivedWholes,
  diffReportData,
  fieldAt,
  fieldPath,
  fieldsOf,
  reportFields,
  reportWarnings,
  type ReportData,
  type ReportField,
} from '@lpt/shared/report';
import { figuresFromData } from '../src/figures.ts';
import { nameSkeletons } from '../src/names.ts';
import type { FieldChange, ReportAction, StoredWarning } from '../src/schema.ts';
import {
  addDays,
  atWorkingHour,
  DEMO_PASSWORD,
  draftOf,
  generateReportData,
  insertInBatches,
  notApplicableReasons,
  PASSWORD_HASH_OPTIONS,
  randomProfile,
  usdPerUnitByYear,
  type Db,
} from './generate.ts';
import { createRandom, type Random } from './random.ts';

export const demoAccounts = {
  password: DEMO_PASSWORD,
  coordinator: { email: 'coordinator@example.org', name: 'Inès Morvan', role: 'coordinator' },
  donor: { email: 'donor@example.org', name: 'Tomas Lindqvist', role: 'donor' },
  /** A draft in the open cycle. */
  signatory: {
    email: 'signatory@example.org',
    name: 'Wairimu Njoroge',
    role: 'signatory',
    organization: 'Pamoja Horizons Trust',
  },
  /** Its open-cycle report was returned with comments. */
  signatory2: {
    email: 'signatory2@example.org',
    name: 'Camila Restrepo Ocampo',
    role: 'signatory',
    organization: 'Fundación Tejido Andino',
  },
  /** No open-cycle report yet (a new report starts at expectedVersion 0). */
  signatory3: {
    email: 'signatory3@example.org',
    name: 'Owen Pritchard',
    role: 'signatory',
    organization: 'Lanternfield International',
  },
} as const;

export const DEMO_CLOSED_YEARS = [2022, 2023, 2024, 2025] as const;
export const DEMO_OPEN_YEAR = 2026;
/** The fixed "today" of the demo data: nothing in it happens later. */
export const DEMO_TODAY = '2026-11-27';

export function demoCycle(year: number) {
  return {
    year,
    opensOn: `${year}-11-01`,
    dueOn: `${year + 1}-03-31`,
    status: year === DEMO_OPEN_YEAR ? ('open' as const) : ('closed' as const),
  };
}

interface DemoOrganization {
  acronym: string;
  name: string;
  type: OrganizationType;
  country: string;
  currency: string;
  disclosure: Disclosure;
  signedOn: string;
  implementationDeadline?: string;
  withdrawnOn?: string;
  /** The person behind the organisation's signatory account. */
  contact: string;
  /** A demo account's e-mail, when this organisation has one. */
  account?: string;
  /** The status of its report in the open cycle (none: not started). */
  open?: ReportStatus;
  /** Eligible years it did not report. */
  missed?: number[];
  /** Years whose report was submitted after the due date. */
  late?: number[];
  /** Years whose report was returned once before being approved. */
  returnedIn?: number[];
  /** A year whose approved report was reopened, corrected and approved again. */
  correctedIn?: number;
  /** A deliberate jump of the counted local share from a year on (needs a justification). */
  shareJump?: { year: number; by: number };
  notApplicable?: Partial<Record<Commitment, string>>;
}

const na = notApplicableReasons;

/** The signatories. Types, regions, currencies and disclosure are all mixed on purpose. */
const organizations: DemoOrganization[] = [
  { acronym: 'OHMC', name: 'Office for Human Mobility Cooperation', type: 'un_agency', country: 'CH', currency: 'USD', disclosure: 'public', signedOn: '2021-06-15', implementationDeadline: '2027-12-31', contact: 'Mireille Dufour', open: 'approved' },
  { acronym: 'JPDR', name: 'Joint Programme on Displacement Resilience', type: 'un_agency', country: 'TH', currency: 'USD', disclosure: 'public', signedOn: '2021-09-01', contact: 'Arun Chaiyaporn', open: 'submitted', returnedIn: [2023] },
  { acronym: 'SMCU', name: 'Sahel Mobility Coordination Unit', type: 'un_agency', country: 'SN', currency: 'USD', disclosure: 'aggregate_only', signedOn: '2022-02-10', contact: 'Aminata Sarr', open: 'draft', missed: [2023] },
  { acronym: 'EMMDS', name: 'Eastern Mediterranean Migration Dialogue Secretariat', type: 'intergovernmental', country: 'GR', currency: 'EUR', disclosure: 'public', signedOn: '2021-11-30', contact: 'Eleni Markou', open: 'submitted', notApplicable: { needs: na.needs[1] as string } },
  { acronym: 'PLMFS', name: 'Pacific Labour Mobility Forum Secretariat', type: 'intergovernmental', country: 'FJ', currency: 'USD', disclosure: 'public', signedOn: '2023-05-18', implementationDeadline: '2028-06-30', contact: 'Litia Naivalu' },
  { acronym: 'LFI', name: 'Lanternfield International', type: 'international_ngo', country: 'GB', currency: 'GBP', disclosure: 'public', signedOn: '2021-06-15', implementationDeadline: '2026-12-31', contact: demoAccounts.signatory3.name, account: demoAccounts.signatory3.email },
  { acronym: 'KRA', name: 'Kestrel Relief Alliance', type: 'international_ngo', country: 'NL', currency: 'EUR', disclosure: 'public', signedOn: '2021-10-04', contact: 'Joost van Leeuwen', open: 'approved', shareJump: { year: 2024, by: 0.17 } },
  { acronym: 'ORRA', name: 'Open Road Refugee Aid', type: 'international_ngo', country: 'US', currency: 'USD', disclosure: 'aggregate_only', signedOn: '2022-01-20', withdrawnOn: '2025-02-15', contact: 'Dana Whitcombe' },
  { acronym: 'SAB', name: 'Solace Across Borders', type: 'international_ngo', country: 'DE', currency: 'EUR', disclosure: 'public', signedOn: '2022-06-01', contact: 'Katrin Vogelsang', open: 'returned', missed: [2022] },
  { acronym: 'WPH', name: 'Waypoint Humanitarian', type: 'international_ngo', country: 'CH', currency: 'CHF', disclosure: 'aggregate_only', signedOn: '2023-09-12', contact: 'Luca Bernasconi', open: 'submitted', shareJump: { year: 2026, by: 0.18 } },
  { acronym: 'EDT', name: 'Emberline Development Trust', type: 'international_ngo', country: 'AU', currency: 'USD', disclosure: 'public', signedOn: '2024-06-05', contact: 'Grace Tulloch', open: 'draft' },
  { acronym: 'PHT', name: 'Pamoja Horizons Trust', type: 'national_ngo', country: 'KE', currency: 'KES', disclosure: 'public', signedOn: '2021-07-01', implementationDeadline: '2027-06-30', contact: demoAccounts.signatory.name, account: demoAccounts.signatory.email, open: 'draft' },
  { acronym: 'FTA', name: 'Fundación Tejido Andino', type: 'national_ngo', country: 'CO', currency: 'COP', disclosure: 'public', signedOn: '2021-12-01', contact: demoAccounts.signatory2.name, account: demoAccounts.signatory2.email, open: 'returned', late: [2023] },
  { acronym: 'LKF', name: 'Lakbay Kalinga Foundation', type: 'national_ngo', country: 'PH', currency: 'PHP', disclosure: 'aggregate_only', signedOn: '2022-03-15', contact: 'Ramon Dizon', open: 'submitted', late: [2024] },
  { acronym: 'SCC', name: 'Sanad Community Circle', type: 'national_ngo', country: 'JO', currency: 'JOD', disclosure: 'public', signedOn: '2022-08-20', contact: 'Rania Haddadin', open: 'draft', missed: [2022], returnedIn: [2024] },
  { acronym: 'UECI', name: 'Ura e Re Civic Initiative', type: 'national_ngo', country: 'XK', currency: 'EUR', disclosure: 'public', signedOn: '2023-02-14', contact: 'Drita Berisha', open: 'submitted', missed: [2022] },
  { acronym: 'ALCV', name: 'Albergue Los Cuatro Vientos', type: 'local_ngo', country: 'GT', currency: 'USD', disclosure: 'aggregate_only', signedOn: '2022-04-12', contact: 'Rosa Ixcot', missed: [2023, 2025] },
  { acronym: 'KRWC', name: 'Kampala Riverside Welcome Centre', type: 'local_ngo', country: 'UG', currency: 'USD', disclosure: 'aggregate_only', signedOn: '2022-05-09', contact: 'Esther Nakato', open: 'draft', late: [2025] },
  { acronym: 'MCWC', name: "Mindanao Coastal Women's Collective", type: 'local_ngo', country: 'PH', currency: 'PHP', disclosure: 'public', signedOn: '2023-03-01', contact: 'Norhata Ampatuan', missed: [2022] },
  { acronym: 'RSN', name: 'Refugio Sierra Norte', type: 'local_ngo', country: 'MX', currency: 'USD', disclosure: 'public', signedOn: '2021-08-19', contact: 'Julián Caamal', open: 'approved' },
  { acronym: 'VCC', name: 'Voices of the Crossing Collective', type: 'migrant_led', country: 'IT', currency: 'EUR', disclosure: 'public', signedOn: '2022-04-04', contact: 'Abdoulaye Keita', open: 'submitted', returnedIn: [2025] },
  { acronym: 'ACUE', name: 'Asociación Caminantes Unidos del Ecuador', type: 'migrant_led', country: 'EC', currency: 'USD', disclosure: 'aggregate_only', signedOn: '2022-10-10', contact: 'Yorgelis Mendoza', missed: [2022, 2024, 2025] },
  { acronym: 'SRWF', name: "Shapla Returnee Women's Forum", type: 'migrant_led', country: 'BD', currency: 'USD', disclosure: 'aggregate_only', signedOn: '2023-06-21', contact: 'Nasrin Akter', open: 'draft' },
  { acronym: 'UNC', name: 'Ubuntu Newcomers Collective', type: 'migrant_led', country: 'ZA', currency: 'USD', disclosure: 'public', signedOn: '2025-05-01', contact: 'Tendai Moyo', open: 'submitted', missed: [2025] },
  { acronym: 'SLRS', name: 'Southern Lakes Relief Society', type: 'rcrc_national_society', country: 'MW', currency: 'USD', disclosure: 'public', signedOn: '2021-10-20', contact: 'Chikondi Banda', open: 'returned' },
  { acronym: 'ACS', name: 'Aurora Crescent Society', type: 'rcrc_national_society', country: 'TR', currency: 'USD', disclosure: 'aggregate_only', signedOn: '2022-11-02', contact: 'Selin Aydoğan', missed: [2025] },
  { acronym: 'PIRV', name: 'Pacific Islands Relief Volunteers', type: 'rcrc_national_society', country: 'FJ', currency: 'USD', disclosure: 'public', signedOn: '2024-02-01', contact: 'Semisi Tuilagi', open: 'draft', missed: [2025] },
  { acronym: 'GRSF', name: 'Global Relief Societies Federation', type: 'rcrc_international', country: 'CH', currency: 'CHF', disclosure: 'public', signedOn: '2021-06-15', implementationDeadline: '2026-12-31', contact: 'Anne-Laure Favre', open: 'approved' },
  { acronym: 'DRR', name: 'Directorate of Returnee Reintegration', type: 'government_national', country: 'NG', currency: 'USD', disclosure: 'aggregate_only', signedOn: '2022-07-07', contact: 'Chinedu Okonkwo', missed: [2022, 2023], notApplicable: { credit: na.credit[0] as string } },
  { acronym: 'ANMS', name: 'Agencia Nacional de Movilidad Solidaria', type: 'government_national', country: 'MX', currency: 'USD', disclosure: 'public', signedOn: '2023-01-25', contact: 'Patricia Lozano', open: 'draft', missed: [2022] },
  { acronym: 'PAMW', name: 'Porto Alba Municipal Welcome Office', type: 'government_local', country: 'IT', currency: 'EUR', disclosure: 'public', signedOn: '2022-09-09', contact: 'Giulia Ferrante', open: 'submitted' },
  { acronym: 'GDC', name: 'Greenmarsh District Council', type: 'government_local', country: 'GB', currency: 'GBP', disclosure: 'aggregate_only', signedOn: '2024-04-15', contact: 'Harriet Coles', missed: [2025], notApplicable: { funding: na.funding[1] as string } },
  { acronym: 'NFM', name: 'Northbridge Foundation for Mobility', type: 'donor', country: 'US', currency: 'USD', disclosure: 'public', signedOn: '2021-06-15', contact: 'Marcus Ellery', open: 'submitted', returnedIn: [2022], notApplicable: { needs: na.needs[0] as string } },
  { acronym: 'ASF', name: 'Alpine Solidarity Fund', type: 'donor', country: 'CH', currency: 'CHF', disclosure: 'public', signedOn: '2022-01-12', contact: 'Reto Camenzind', late: [2022] },
  { acronym: 'HDCA', name: 'Helios Development Cooperation Agency', type: 'donor', country: 'ES', currency: 'EUR', disclosure: 'public', signedOn: '2021-11-15', implementationDeadline: '2030-12-31', contact: 'Lucía Arrieta', open: 'draft', correctedIn: 2024, notApplicable: { needs: na.needs[0] as string } },
  { acronym: 'KMM', name: 'Kivuko Mobile Money Ltd', type: 'private_sector', country: 'KE', currency: 'KES', disclosure: 'aggregate_only', signedOn: '2023-08-08', contact: 'Brian Otieno', notApplicable: { capacity: na.capacity[0] as string } },
  { acronym: 'TFL', name: 'Tessaly Freight & Logistics', type: 'private_sector', country: 'GR', currency: 'EUR', disclosure: 'public', signedOn: '2025-07-03', contact: 'Nikos Paraskevas', open: 'draft', missed: [2025], notApplicable: { capacity: na.capacity[0] as string } },
  { acronym: 'ACIMS', name: 'Amber Coast Institute for Migration Studies', type: 'academia', country: 'LT', currency: 'EUR', disclosure: 'public', signedOn: '2022-02-28', contact: 'Rūta Petrauskienė', notApplicable: { funding: na.funding[0] as string } },
  { acronym: 'CPMR', name: 'Centre for Pacific Mobility Research', type: 'academia', country: 'NZ', currency: 'USD', disclosure: 'aggregate_only', signedOn: '2023-04-04', contact: 'Aroha Tane', missed: [2024], notApplicable: { funding: na.funding[0] as string } },
  { acronym: 'WAMON', name: 'West Atlantic Migrant Organisations Network', type: 'network', country: 'SN', currency: 'USD', disclosure: 'public', signedOn: '2021-07-20', contact: 'Moussa Diallo', open: 'approved' },
  { acronym: 'PALH', name: 'Pacific-Asia Localisation Hub', type: 'network', country: 'TH', currency: 'USD', disclosure: 'aggregate_only', signedOn: '2022-12-01', contact: 'Maya Santoso', open: 'submitted', late: [2023] },
  { acronym: 'IWC', name: 'Interfaith Welcome Circles', type: 'other', country: 'CA', currency: 'USD', disclosure: 'public', signedOn: '2022-05-30', contact: 'Rebecca Ashdown', missed: [2024], late: [2025] },
  { acronym: 'HHLC', name: 'Hope Harbour Legal Clinic Cooperative', type: 'other', country: 'ES', currency: 'EUR', disclosure: 'aggregate_only', signedOn: '2026-10-15', contact: 'Pablo Etxeberria' },
];

/** Organisations expected to report for a cycle: signed by its due date and not withdrawn by then. */
export function demoEligible(org: { signedOn: string; withdrawnOn?: string | null }, year: number): boolean {
  const { dueOn } = demoCycle(year);
  return org.signedOn <= dueOn && (org.withdrawnOn == null || org.withdrawnOn > dueOn);
}

export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const row = await db.selectFrom('organizations').select('id').limit(1).executeTakeFirst();
  return row === undefined;
}

export interface SeedSummary {
  organizations: number;
  users: number;
  cycles: number;
  exchangeRates: number;
  reports: number;
  approvedReports: number;
  reportHistory: number;
  reviewDecisions: number;
}

export interface SeedDemoOptions {
  /** A ready argon2id hash of the demo password (tests pass one to skip hashing). */
  passwordHash?: string;
}

// --- how one report came to be: its steps, in order

interface Step {
  action: ReportAction;
  at: string;
  by: 'signatory' | 'coordinator';
  data: ReportData;
  comment?: string;
  fieldComments?: Record<string, string>;
}

interface PlannedReport {
  org: DemoOrganization;
  year: number;
  steps: Step[];
  status: ReportStatus;
  late: boolean;
  warnings: StoredWarning[];
}

// The fields the demo's stories are about, found by their role in the catalogue (shared/src/report/fields.ts):
// the channels counted as local funding (the last is "one intermediary"), the channel that is recorded but
// not counted ("two or more intermediaries"), the local share's whole, the joint part of the needs
// assessments and the capacity-strengthening spend.
const allFields = reportFields as readonly ReportField[];
const countedChannels = derivedWholes['funding.countedLocalFunding'].parts as readonly string[];
const lastCounted = countedChannels.at(-1)!;
const notCountedChannel = fieldPath(allFields.find((f) => f.together && !f.countedLocal)!);
const channels = allFields.filter((f) => f.together).map(fieldPath);
const shareWhole = derivedWholes['funding.countedLocalFunding'].shareOf;
const jointPart = fieldPath((fieldsOf('needs') as readonly ReportField[]).find((f) => f.partOf)!);
const capacityMoney = fieldPath(fieldsOf('capacity').find((f) => f.kind === 'money')!);

/** A figure of the data at a dotted path, and a copy of the data with it changed. */
const figureAt = (d: ReportData, path: string): number | null => {
  const [section, key] = path.split('.') as [Commitment, string];
  return (d[section] as unknown as Record<string, number | null>)[key] ?? null;
};
const setFigure = (d: ReportData, path: string, value: number) => {
  const [section, key] = path.split('.') as [Commitment, string];
  (d[section] as unknown as Record<string, number | null>)[key] = value;
};

/** A return comment and the mistake in the submission that it points at. */
const returnReasons: {
  field: string;
  comment: string;
  fieldComment: string;
  /** The data as wrongly submitted, or null when the mistake cannot occur in this report. */
  mistake: (d: ReportData) => ReportData | null;
}[] = [
  {
    field: lastCounted,
    comment: 'Transfers through two or more intermediaries seem to be counted under "one intermediary". Please split them so that only direct, pooled and one-intermediary transfers are counted.',
    fieldComment: 'Includes transfers passed on through a second intermediary; move those to "two or more intermediaries".',
    mistake: (d) => {
      const notCounted = figureAt(d, notCountedChannel);
      if (d.funding.status === 'not_applicable' || !notCounted) return null;
      const wrong = structuredClone(d);
      setFigure(wrong, lastCounted, cents(n(figureAt(d, lastCounted)) + notCounted));
      setFigure(wrong, notCountedChannel, 0);
      return wrong;
    },
  },
  {
    field: jointPart,
    comment: 'Please count as joint only the assessments in which local actors set the priorities with you, not those where they were consulted afterwards.',
    fieldComment: 'Every assessment is counted as joint: please check against the definition.',
    mistake: (d) => {
      const whole = (fieldAt(jointPart) as ReportField).partOf!;
      if (d.needs.status === 'not_applicable' || figureAt(d, jointPart) === figureAt(d, whole)) return null;
      const wrong = structuredClone(d);
      setFigure(wrong, jointPart, n(figureAt(d, whole)));
      return wrong;
    },
  },
  {
    field: capacityMoney,
    comment: 'The capacity-strengthening spend looks like the whole partnership budget. Please report only what was spent on support that partners asked for.',
    fieldComment: 'Ten times last year: please check.',
    mistake: (d) => {
      const spend = figureAt(d, capacityMoney);
      if (d.capacity.status === 'not_applicable' || !spend) return null;
      const wrong = structuredClone(d);
      setFigure(wrong, capacityMoney, cents(spend * 10));
      return wrong;
    },
  },
];

const n = (v: number | null) => v ?? 0;
const cents = (v: number) => Math.round(v * 100) / 100;

/** What a signatory wrote to submit past a warning. */
function justificationFor(code: StoredWarning['code'], message: string): string {
  if (code === 'share_jump') {
    const m = /from ([\d.]+) % to ([\d.]+) %/.exec(message);
    return m && Number(m[2]) > Number(m[1])
      ? 'Our new pooled fund, governed with local partners, started this year: far more of our funding now reaches local actors directly.'
      : 'A large one-off emergency grant went through an international partner this year; the local share will recover.';
  }
  if (code === 'funding_without_partners') return 'The transfers went to a pooled fund that local actors manage themselves.';
  return 'The narratives are in the annex we sent to the secretariat.';
}

function storedWarnings(data: ReportData, lastApproved: ReportData | null): StoredWarning[] {
  return reportWarnings(data, lastApproved).map((w) => ({ ...w, justification: justificationFor(w.code, w.message) }));
}

/** The status each action leaves a report in (saving keeps the status it had). */
const statusAfter: Record<Exclude<ReportAction, 'save'>, ReportStatus> = {
  create: 'draft',
  submit: 'submitted',
  return: 'returned',
  approve: 'approved',
  reopen: 'returned',
  imported: 'approved',
};

/** The steps of a report of a closed cycle: created, saved, submitted (maybe returned once), approved. */
function planClosedReport(rng: Random, org: DemoOrganization, year: number, data: ReportData, last: ReportData | null, returnIndex: number): PlannedReport {
  const late = org.late?.includes(year) ?? false;
  const returned = org.returnedIn?.includes(year) ?? false;
  const dueOn = demoCycle(year).dueOn;
  const steps: Step[] = [];
  const first = draftOf(data, rng.int(1, 3));
  // Reports start in January–February; late ones in March; a report corrected after approval starts
  // early, so that its correction is also resubmitted before the due date.
  const startFrom = late ? `${year + 1}-03-15` : `${year + 1}-01-05`;
  const startSpread = late ? 12 : org.correctedIn === year ? 8 : 45;
  let at = atWorkingHour(rng, addDays(`${startFrom}T00:00:00.000Z`, rng.int(0, startSpread)).slice(0, 10));
  // An organisation that signed during the reporting window starts its report after signing.
  if (at.slice(0, 10) <= org.signedOn) at = later(rng, `${org.signedOn}T12:00:00.000Z`, 2, 6);
  steps.push({ action: 'create', at, by: 'signatory', data: first });
  at = later(rng, at, 1, 9);
  const reason = returned ? pickReturnReason(data, returnIndex) : null;
  const submitted = reason ? (reason.mistake(data) as ReportData) : data;
  steps.push({ action: 'save', at, by: 'signatory', data: submitted });
  const dueEnd = `${dueOn}T23:59:59.999Z`;
  at = late ? later(rng, at > dueEnd ? at : dueEnd, 3, 40) : later(rng, at, 0, 7);
  steps.push({ action: 'submit', at, by: 'signatory', data: submitted });
  if (reason) {
    at = later(rng, at, 2, 6);
    steps.push({ action: 'return', at, by: 'coordinator', data: submitted, comment: reason.comment, fieldComments: { [reason.field]: reason.fieldComment } });
    at = later(rng, at, 1, 5);
    steps.push({ action: 'save', at, by: 'signatory', data });
    at = later(rng, at, 0, 3);
    steps.push({ action: 'submit', at, by: 'signatory', data });
  }
  at = later(rng, at, 3, org.correctedIn === year ? 10 : 20);
  steps.push({ action: 'approve', at, by: 'coordinator', data, comment: rng.chance(0.5) ? 'Approved. Thank you for the clear narratives.' : '' });
  if (org.correctedIn === year) {
    // Approved with a double count, reopened on the organisation's request, corrected and approved again.
    const wrong = structuredClone(data);
    // The pooled channel (the second counted one) counted again under the last (one intermediary).
    const pooled = countedChannels[1] ?? countedChannels[0]!;
    const room = n(figureAt(wrong, shareWhole)) - channels.reduce((sum, c) => sum + n(figureAt(wrong, c)), 0);
    const extra = Math.min(n(figureAt(wrong, pooled)), room);
    setFigure(wrong, lastCounted, cents(n(figureAt(wrong, lastCounted)) + Math.max(0, extra)));
    const approvedAt = at;
    for (const s of steps.slice(1)) s.data = wrong;
    at = later(rng, approvedAt, 5, 12);
    steps.push({ action: 'reopen', at, by: 'coordinator', data: wrong, comment: 'Reopened at the organisation\'s request: contributions to a country-based pooled fund were counted both as "pooled" and as "one intermediary".' });
    at = later(rng, at, 2, 7);
    steps.push({ action: 'save', at, by: 'signatory', data });
    at = later(rng, at, 0, 3);
    steps.push({ action: 'submit', at, by: 'signatory', data });
    at = later(rng, at, 2, 8);
    steps.push({ action: 'approve', at, by: 'coordinator', data, comment: 'Correction approved; the corrections log shows the change.' });
  }
  // As the reports service judges it: on the calendar date (UTC) of the latest submission.
  const lastSubmit = steps.filter((s) => s.action === 'submit').at(-1) as Step;
  return {
    org,
    year,
    steps,
    status: 'approved',
    late: lastSubmit.at.slice(0, 10) > dueOn,
    warnings: storedWarnings(data, last),
  };
}

/** A moment `minDays`–`maxDays` days after `at`, in working hours (a few hours later on the same day). */
function later(rng: Random, at: string, minDays: number, maxDays: number): string {
  const days = rng.int(minDays, maxDays);
  if (days === 0) return addDays(at, rng.between(0.5, 4) / 24);
  return atWorkingHour(rng, addDays(at, days).slice(0, 10));
}

function pickReturnReason(data: ReportData, index: number) {
  for (let i = 0; i < returnReasons.length; i++) {
    const reason = returnReasons[(index + i) % returnReasons.length];
    if (reason && reason.mistake(data)) return reason;
  }
  return null;
}

/** The steps of a report in the open cycle, up to its current status. */
function planOpenReport(rng: Random, org: DemoOrganization, status: ReportStatus, data: ReportData, last: ReportData | null, returnIndex: number): PlannedReport {
  const year = DEMO_OPEN_YEAR;
  const steps: Step[] = [];
  let at = atWorkingHour(rng, addDays(`${year}-11-02T00:00:00.000Z`, rng.int(0, 10)).slice(0, 10));
  const isDemoDraft = org.account === demoAccounts.signatory.email;
  const firstFilled = isDemoDraft ? 1 : rng.int(1, 3);
  steps.push({ action: 'create', at, by: 'signatory', data: draftOf(data, firstFilled) });
  if (status === 'draft') {
    // The demo signatory's draft stops after collaboration and funding, to be finished in the demo.
    const filled = isDemoDraft ? 2 : rng.int(firstFilled, 4);
    if (filled > firstFilled) {
      at = later(rng, at, 1, 3);
      steps.push({ action: 'save', at, by: 'signatory', data: draftOf(data, filled) });
    }
    return { org, year, steps, status, late: false, warnings: [] };
  }
  const reason = status === 'returned' ? pickReturnReason(data, returnIndex) : null;
  const submitted = reason ? (reason.mistake(data) as ReportData) : data;
  at = later(rng, at, 1, 3);
  steps.push({ action: 'save', at, by: 'signatory', data: submitted });
  at = later(rng, at, 0, 3);
  steps.push({ action: 'submit', at, by: 'signatory', data: submitted });
  if (reason) {
    at = later(rng, at, 1, 3);
    steps.push({ action: 'return', at, by: 'coordinator', data: submitted, comment: reason.comment, fieldComments: { [reason.field]: reason.fieldComment } });
  } else if (status === 'approved') {
    at = later(rng, at, 1, 3);
    steps.push({ action: 'approve', at, by: 'coordinator', data, comment: '' });
  }
  return { org, year, steps, status, late: false, warnings: storedWarnings(submitted, last) };
}

/** Loads the demo data set into an empty database, in one transaction. */
export async function seedDemo(db: Db, options: SeedDemoOptions = {}): Promise<SeedSummary> {
  const passwordHash = options.passwordHash ?? (await hash(DEMO_PASSWORD, PASSWORD_HASH_OPTIONS));
  const run = async (trx: Db) => {
    if (!(await isDatabaseEmpty(trx)))
      throw new Error('The database already holds organisations; the demo data set loads only into an empty database.');
    return insertDemo(trx, passwordHash);
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

async function insertDemo(trx: Db, passwordHash: string): Promise<SeedSummary> {
  const years = [...DEMO_CLOSED_YEARS, DEMO_OPEN_YEAR];

  // Cycles and exchange rates.
  const cycles = years.map(demoCycle);
  await insertInBatches(trx, 'reportingCycles', cycles);
  const rates = years.flatMap((year) =>
    Object.entries(usdPerUnitByYear).map(([currency, byYear]) => ({
      year,
      currency,
      usdPerUnit: byYear[year] as number,
      // Closed years: the published annual average; the open year: a provisional rate set in September.
      updatedAt: year === DEMO_OPEN_YEAR ? `${year}-09-10T09:00:00.000Z` : `${year + 1}-01-10T09:00:00.000Z`,
    })),
  );
  await insertInBatches(trx, 'exchangeRates', rates);

  // Organisations.
  const orgRows = organizations.map((o) => {
    const region = regionOf(o.country);
    if (!region) throw new Error(`Unknown country ${o.country} for ${o.name}`);
    return {
      name: o.name,
      ...nameSkeletons(o.name),
      acronym: o.acronym,
      type: o.type,
      country: o.country,
      region,
      signedOn: o.signedOn,
      implementationDeadline: o.implementationDeadline ?? null,
      withdrawnOn: o.withdrawnOn ?? null,
      disclosure: o.disclosure,
      createdAt: `${o.signedOn}T10:00:00.000Z`,
      updatedAt: `${o.withdrawnOn ?? o.signedOn}T10:00:00.000Z`,
    };
  });
  const insertedOrgs = await trx.insertInto('organizations').values(orgRows).returning(['id', 'name']).execute();
  const orgId = new Map(insertedOrgs.map((r) => [r.name, r.id]));
  const idOf = (o: DemoOrganization) => orgId.get(o.name) as number;

  // Users: the secretariat, a donor, and one signatory account per organisation.
  const staff = [
    { email: demoAccounts.coordinator.email, name: demoAccounts.coordinator.name, role: 'coordinator' as const, organizationId: null, createdAt: '2021-06-01T09:00:00.000Z' },
    { email: demoAccounts.donor.email, name: demoAccounts.donor.name, role: 'donor' as const, organizationId: null, createdAt: '2022-03-01T09:00:00.000Z' },
  ];
  const signatories = organizations.map((o) => ({
    email: o.account ?? `${o.acronym.toLowerCase()}.reports@example.org`,
    name: o.contact,
    role: 'signatory' as const,
    organizationId: idOf(o),
    active: o.withdrawnOn == null,
    createdAt: `${o.signedOn}T11:00:00.000Z`,
  }));
  const userRows = [...staff, ...signatories].map((u) => ({ active: true, ...u, passwordHash, passwordChangedAt: u.createdAt }));
  const insertedUsers = await trx.insertInto('users').values(userRows).returning(['id', 'email', 'organizationId']).execute();
  const coordinatorId = insertedUsers.find((u) => u.email === demoAccounts.coordinator.email)?.id as number;
  const signatoryOf = new Map(insertedUsers.filter((u) => u.organizationId != null).map((u) => [u.organizationId as number, u.id]));

  // Reports: each organisation gets its own random stream, so editing one leaves the others unchanged.
  const planned: PlannedReport[] = [];
  let returnIndex = 0;
  organizations.forEach((org, i) => {
    const rng = createRandom(20261127 + i * 7919);
    const profile = randomProfile(rng, org.type, org.currency, { notApplicable: org.notApplicable ?? {} });
    let last: ReportData | null = null;
    let yearIndex = 0;
    for (const year of years) {
      if (!demoEligible(org, year)) continue;
      const shareShift = org.shareJump && year >= org.shareJump.year ? org.shareJump.by : 0;
      const data = generateReportData(rng, profile, {
        yearIndex,
        usdPerUnit: usdPerUnitByYear[org.currency]?.[year] as number,
        shareShift,
      });
      yearIndex += 1;
      if (org.missed?.includes(year)) continue;
      if (year === DEMO_OPEN_YEAR) {
        if (org.open) planned.push(planOpenReport(rng, org, org.open, data, last, returnIndex++));
        continue;
      }
      const report = planClosedReport(rng, org, year, data, last, org.returnedIn?.includes(year) ? returnIndex++ : 0);
      planned.push(report);
      last = data;
    }
  });

  const reportRows = planned.map((p) => {
    const lastStep = p.steps[p.steps.length - 1] as Step;
    const submits = p.steps.filter((s) => s.action === 'submit');
    const actor = (s: Step) => (s.by === 'coordinator' ? coordinatorId : (signatoryOf.get(idOf(p.org)) as number));
    return {
      organizationId: idOf(p.org),
      year: p.year,
      version: p.steps.length,
      status: p.status,
      submittedAt: submits.length > 0 ? (submits[submits.length - 1] as Step).at : null,
      late: p.late,
      warnings: JSON.stringify(p.warnings),
      createdAt: (p.steps[0] as Step).at,
      updatedAt: lastStep.at,
      updatedBy: actor(lastStep),
      ...figuresFromData(lastStep.data),
    };
  });
  const insertedReports: { id: number; organizationId: number; year: number }[] = [];
  for (let i = 0; i < reportRows.length; i += 500)
    insertedReports.push(
      ...(await trx
        .insertInto('progressReports')
        .values(reportRows.slice(i, i + 500))
        .returning(['id', 'organizationId', 'year'])
        .execute()),
    );
  const reportId = new Map(insertedReports.map((r) => [`${r.organizationId}:${r.year}`, r.id]));

  const history: Record<string, unknown>[] = [];
  const decisions: Record<string, unknown>[] = [];
  const approved: Record<string, unknown>[] = [];
  for (const p of planned) {
    const id = reportId.get(`${idOf(p.org)}:${p.year}`) as number;
    const signatoryId = signatoryOf.get(idOf(p.org)) as number;
    let previous: ReportData | null = null;
    let statusBefore: ReportStatus = 'draft';
    p.steps.forEach((step, i) => {
      const version = i + 1;
      // As the reports service records them: field changes for saves, the status move for decisions.
      const changes: FieldChange[] =
        step.action === 'create' || step.action === 'save'
          ? diffReportData(previous, step.data)
          : step.action === 'submit'
            ? []
            : [{ field: 'status', from: statusBefore, to: statusAfter[step.action] }];
      if (step.action !== 'save') statusBefore = statusAfter[step.action];
      previous = step.data;
      const actorId = step.by === 'coordinator' ? coordinatorId : signatoryId;
      history.push({
        reportId: id,
        version,
        action: step.action,
        actorId,
        at: step.at,
        changes: JSON.stringify(changes),
        data: JSON.stringify(step.data),
        comment: step.comment || null,
      });
      if (step.action === 'approve' || step.action === 'return' || step.action === 'reopen')
        decisions.push({
          reportId: id,
          version,
          decision: step.action,
          comment: step.comment ?? '',
          fieldComments: JSON.stringify(step.fieldComments ?? {}),
          reviewerId: coordinatorId,
          decidedAt: step.at,
        });
    });
    if (p.status === 'approved') {
      const approval = p.steps[p.steps.length - 1] as Step;
      approved.push({
        reportId: id,
        organizationId: idOf(p.org),
        year: p.year,
        version: p.steps.length,
        approvedAt: approval.at,
        approvedBy: coordinatorId,
        ...figuresFromData(approval.data),
      });
    }
  }
  await insertInBatches(trx, 'approvedReports', approved, 500);
  await insertInBatches(trx, 'reportHistory', history, 500);
  await insertInBatches(trx, 'reviewDecisions', decisions, 500);

  return {
    organizations: orgRows.length,
    users: userRows.length,
    cycles: cycles.length,
    exchangeRates: rates.length,
    reports: reportRows.length,
    approvedReports: approved.length,
    reportHistory: history.length,
    reviewDecisions: decisions.length,
  };
}

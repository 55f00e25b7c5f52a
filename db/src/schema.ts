// Kysely's view of the database (camelCase: CamelCasePlugin maps to the snake_case columns).
// Dates arrive as 'YYYY-MM-DD' strings, timestamps as ISO strings and numerics as numbers (see connect.ts).
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { ReportFieldRow, ValueOf } from '@lpt/shared/report';
import type {
  Commitment,
  AuditEntity,
  CycleStatus,
  FileFormat,
  Locale,
  Disclosure,
  LoginAttemptKind,
  OrganizationType,
  OutboxKind,
  OutboxStatus,
  PendingSignInPurpose,
  RecordedDecision,
  Region,
  ReleaseTrigger,
  ReminderStage,
  ReportAction,
  ReportStatus,
  Role,
  SectionStatus,
  Viewer,
} from '@lpt/shared/enums';

// The enums of the columns are declared once, in shared/src/enums.ts (tests/unit/enums.test.ts); these
// names stay importable from here for the code that reads them as the database's.
export type { AuditEntity, LoginAttemptKind, OutboxKind, OutboxStatus, ReminderStage, ReportAction };

type Timestamp = ColumnType<string, string | undefined, string>;
type Json<T> = ColumnType<T, string, string>;

export interface OrganizationsTable {
  id: Generated<number>;
  name: string;
  acronym: string | null;
  type: OrganizationType;
  country: string;
  region: Region;
  signedOn: string;
  implementationDeadline: string | null;
  withdrawnOn: string | null;
  disclosure: Disclosure;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  /** The name's look-alike keys (names.ts `nameSkeletons`), each unique: migration 0014. */
  nameSkeleton: string;
  nameSkeletonCaseless: string;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  /** Null while the account is an invitation not yet accepted (migration 0016): nothing signs in with it. */
  passwordHash: string | null;
  role: Role;
  organizationId: number | null;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  /** The interface language the person chose, or null (the browser's languages decide). */
  locale: ColumnType<Locale | null, Locale | null | undefined, Locale | null>;
  /** Whether the account gets reminders by e-mail (migration 0007); workflow mails go out regardless. */
  remindersEnabled: ColumnType<boolean, boolean | undefined, boolean>;
  passwordChangedAt: Timestamp;
  createdAt: Timestamp;
  /** Two-factor sign-in (migration 0011): the TOTP secret, encrypted (server/src/features/auth/two-factor.ts). */
  totpSecret: ColumnType<string | null, string | null | undefined, string | null>;
  totpEnabledAt: ColumnType<string | null, string | null | undefined, string | null>;
  /** The last TOTP time step accepted, so that a code is used once. */
  totpLastStep: ColumnType<number | null, number | null | undefined, number | null>;
  /** A secret shown at enrolment, encrypted, until a code from it confirms it. */
  totpPendingSecret: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SessionsTable {
  id: string;
  userId: number;
  createdAt: Timestamp;
  expiresAt: string;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  email: string;
  address: string;
  attemptedAt: Timestamp;
  /** What was attempted (migration 0010); each kind has its own limits. */
  kind: ColumnType<LoginAttemptKind, LoginAttemptKind | undefined, LoginAttemptKind>;
}

export interface ReportingCyclesTable {
  year: number;
  opensOn: string;
  dueOn: string;
  status: CycleStatus;
}

export interface ExchangeRatesTable {
  year: number;
  currency: string;
  usdPerUnit: number;
  updatedAt: Timestamp;
}

/** The value of a report field's column, by its kind in the catalogue (shared/src/report/fields.ts). */
type FieldColumns = {
  [F in ReportFieldRow as F['kind'] extends 'breakdown' ? never : F['column']]: ValueOf<F> | null;
};
/** A breakdown's columns: one count per category, named `column` + the category, capitalised. */
type BreakdownColumns = {
  [K in ReportFieldRow extends infer F
    ? F extends { kind: 'breakdown'; column: infer C extends string; values: readonly (infer V extends string)[] }
      ? `${C}${Capitalize<V>}`
      : never
    : never]: number | null;
};
/** Each section's own columns: `collaborationStatus`, `collaborationNarrative`, … */
type SectionColumns = { [C in Commitment as `${C}Status`]: SectionStatus | null } & {
  [C in Commitment as `${C}Narrative` | `${C}NotApplicableReason`]: string | null;
};

/** The figures of a report, the same in the working copy and in the approved copy: derived from the catalogue. */
export type ReportFigures = { currency: string | null } & SectionColumns & FieldColumns & BreakdownColumns;

export interface StoredWarning {
  code: string;
  field: string;
  message: string;
  justification: string | null;
}

export interface ProgressReportsTable extends ReportFigures {
  id: Generated<number>;
  organizationId: number;
  year: number;
  version: number;
  status: ReportStatus;
  submittedAt: string | null;
  late: ColumnType<boolean, boolean | undefined, boolean>;
  warnings: ColumnType<StoredWarning[], string | undefined, string>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  updatedBy: number | null;
}

export interface ApprovedReportsTable extends ReportFigures {
  reportId: number;
  organizationId: number;
  year: number;
  version: number;
  approvedAt: string;
  approvedBy: number;
}

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface ReportHistoryTable {
  id: Generated<number>;
  reportId: number;
  version: number;
  action: ReportAction;
  actorId: number | null;
  at: Timestamp;
  changes: Json<FieldChange[]>;
  data: Json<unknown>;
  comment: string | null;
}

export interface ReviewDecisionsTable {
  id: Generated<number>;
  reportId: number;
  version: number;
  decision: RecordedDecision;
  comment: ColumnType<string, string | undefined, string>;
  fieldComments: Json<Record<string, string>>;
  reviewerId: number;
  decidedAt: Timestamp;
}

/** A signatory's reply to one comment of a return (migration 0009); `field` is '_' for the overall comment. */
export interface ReviewCommentRepliesTable {
  decisionId: number;
  field: string;
  reply: string;
  authorId: number;
  repliedAt: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  entity: AuditEntity;
  entityKey: string;
  action: string;
  actorId: number | null;
  at: Timestamp;
  changes: Json<FieldChange[]>;
}

/** A release of a year's figures for donors and the public (migration 0005); rows are never changed. */
export interface MetricReleasesTable {
  id: Generated<number>;
  year: number;
  number: number;
  publishedAt: Timestamp;
  publishedBy: number | null;
  trigger: ReleaseTrigger;
  changes: Json<unknown>;
  plan: Json<unknown>;
  basis: Json<unknown>;
}

export interface MetricReleaseCellsTable {
  releaseId: number;
  viewer: Viewer;
  /** '' for every region. */
  region: string;
  /** '' for every organisation type, and in a type-group cell. */
  organizationType: string;
  /** A type-group cell's group, '' otherwise (migration 0012). */
  typeGroup: Generated<string>;
  summary: Json<unknown>;
}

export interface MetricReleaseOrganizationsTable {
  releaseId: number;
  organizationId: number;
  figures: Json<unknown>;
}

/** An e-mail waiting for, or past, delivery (migration 0007): written in the transaction that caused it. */
export interface OutboxMessagesTable {
  id: Generated<number>;
  userId: number | null;
  email: string;
  locale: Locale;
  kind: OutboxKind;
  /** Reminders only. */
  stage: ReminderStage | null;
  cycleYear: number | null;
  organizationId: number | null;
  subject: string;
  textBody: string;
  htmlBody: string;
  status: ColumnType<OutboxStatus, OutboxStatus | undefined, OutboxStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  /** When the sender may next try; a claim moves it forward (the lease). */
  nextAttemptAt: Timestamp;
  lastError: string | null;
  /** Unique: a reminder's is (account, cycle, stage). */
  dedupeKey: string;
  createdAt: Timestamp;
  sentAt: string | null;
  /** A password-reset or invitation mail's request (migrations 0010, 0016): its link is minted when the mail is sent, never stored. */
  passwordResetId: number | null;
}

/** A password reset link (migration 0007): single use, expiring; only its SHA-256 is kept. */
export interface PasswordResetTokensTable {
  id: Generated<number>;
  userId: number;
  /** Null until the mail carrying the link is sent (migration 0010). */
  tokenHash: string | null;
  /** The coordinator who issued it, or null when the account's owner asked for it. */
  issuedBy: number | null;
  createdAt: Timestamp;
  expiresAt: string;
  usedAt: string | null;
}

/** A file of reports imported by a coordinator (migration 0008), kept by its SHA-256; rows are never changed. */
export interface ReportImportsTable {
  id: Generated<number>;
  sha256: string;
  fileName: string;
  format: FileFormat;
  importedBy: number;
  importedAt: Timestamp;
  rows: number;
  created: number;
  replaced: number;
  unchanged: number;
}

export interface DB {
  organizations: OrganizationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  loginAttempts: LoginAttemptsTable;
  reportingCycles: ReportingCyclesTable;
  exchangeRates: ExchangeRatesTable;
  progressReports: ProgressReportsTable;
  approvedReports: ApprovedReportsTable;
  reportHistory: ReportHistoryTable;
  reviewDecisions: ReviewDecisionsTable;
  reviewCommentReplies: ReviewCommentRepliesTable;
  auditLog: AuditLogTable;
  metricReleases: MetricReleasesTable;
  metricReleaseCells: MetricReleaseCellsTable;
  metricReleaseOrganizations: MetricReleaseOrganizationsTable;
  outboxMessages: OutboxMessagesTable;
  passwordResetTokens: PasswordResetTokensTable;
  reportImports: ReportImportsTable;
  recoveryCodes: RecoveryCodesTable;
  pendingSignIns: PendingSignInsTable;
  reportAssignments: ReportAssignmentsTable;
}

/** One-time recovery codes of an account with two-factor sign-in, as SHA-256 hashes (migration 0011). */
export interface RecoveryCodesTable {
  id: Generated<number>;
  userId: number;
  codeHash: string;
  usedAt: string | null;
}

/** A sign-in that passed the password and waits for its second factor or its enrolment (migration 0011). */
export interface PendingSignInsTable {
  id: string;
  userId: number;
  purpose: PendingSignInPurpose;
  createdAt: Timestamp;
  expiresAt: string;
}

export type Organization = Selectable<OrganizationsTable>;
export type NewOrganization = Insertable<OrganizationsTable>;
export type OrganizationUpdate = Updateable<OrganizationsTable>;
export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type ProgressReport = Selectable<ProgressReportsTable>;
export type ReportingCycle = Selectable<ReportingCyclesTable>;
export type ExchangeRate = Selectable<ExchangeRatesTable>;
export type NewOutboxMessage = Insertable<OutboxMessagesTable>;

/** The coordinator a report on the review desk is assigned to (migration 0018); no row: unassigned. */
export interface ReportAssignmentsTable {
  reportId: number;
  assigneeId: number;
  assignedBy: number;
  assignedAt: Timestamp;
}

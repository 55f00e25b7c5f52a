// Validation messages as stable codes (issue 8). The zod schemas and the report rules name a code instead
// of an English sentence; the server sends each problem as { code, field, params, message }, where
// `message` is the English sentence below for API users, and the web app renders the code in the reader's
// language from its catalogues (client/src/locales/<lng>/validation.json; a unit test keeps the English
// catalogue equal to these templates). Nothing here imports zod: the web app reads it too.
//
// Templates use i18next's syntax: {{name}} is a parameter; {{name, share}} a fraction shown as a percentage;
// a template with `one`/`other` forms is chosen by the `count` parameter. A parameter called `whole` is a
// field path (its English name is in `wholeNames`), `sections` a list of commitment keys.
import englishValidation from '../../client/src/locales/en/validation.json' with { type: 'json' };

export const messageTemplates = {
  // Figures
  whole_number: 'Enter a whole number',
  enter_amount: 'Enter an amount',
  negative: 'Cannot be negative',
  too_large: 'Too large',
  two_decimals: 'At most two decimals',
  part_exceeds_whole: 'Cannot exceed {{whole}}',
  transfers_exceed_expenditure: 'Transfers to local actors (all four channels) exceed the in-scope expenditure',
  // Text and choices
  max_chars: 'At most {{max}} characters',
  required: 'Required',
  choose_status: 'Choose a status',
  yes_or_no: 'Answer yes or no',
  unknown_support_area: 'Unknown support area',
  each_area_once: 'Each area once',
  currency_code: 'Use a three-letter ISO 4217 code such as EUR',
  // Completeness, on submit
  choose_currency: 'Choose the report currency',
  say_why_not_applicable: 'Say why this does not apply',
  required_to_submit: 'Required to submit',
  required_to_submit_if_none: 'Required to submit (0 if none)',
  required_unless_not_applicable: 'Required to submit, unless the section does not apply',
  write_justification: 'Write a justification',
  // Accounts
  email_invalid: 'Enter a valid e-mail address',
  enter_password: 'Enter your password',
  enter_current_password: 'Enter your current password',
  password_min: 'At least {{min}} characters',
  password_common: 'This password is too common',
  password_varied: 'Use more varied characters',
  choose_role: 'Choose a role',
  signatory_needs_organization: 'A signatory belongs to an organisation',
  only_signatories_have_organization: 'Only signatories belong to an organisation',
  choose_language: 'Choose English, French or Spanish',
  choose_organizations: 'Choose at least one organisation',
  reset_link_invalid: 'This link is invalid, has expired or was already used: ask for a new one',
  at_most_organizations: 'At most {{max}} organisations at once',
  current_password_wrong: 'The current password is wrong',
  cannot_deactivate_self: 'You cannot deactivate your own account',
  enter_code: 'Enter the code',
  two_factor_code_wrong: 'This code does not match: check that the clock of your device is right and enter the current code',
  no_such_organization: 'No such organisation',
  // Organisations, cycles, rates
  choose_organization_type: 'Choose an organisation type',
  choose_country: 'Choose a country',
  choose_disclosure: 'Choose public or aggregate only',
  invisible_characters: 'Names cannot contain invisible or direction-changing characters (such as U+200B or U+202E)',
  deadline_before_signing: 'Must not be before the date the pledge was signed',
  enter_year: 'Enter a year',
  year_min: 'From {{min}}',
  year_max: 'Up to {{max}}',
  date_format: 'Use a date as YYYY-MM-DD',
  date_range: 'Use a date between 1900 and 2199',
  choose_cycle_status: 'Choose open or closed',
  due_before_opening: 'Due date must not be before the opening date',
  enter_rate: 'Enter a rate',
  rate_positive: 'Must be greater than 0',
  rate_too_small: 'Too small (at least 0.0000000001)',
  usd_rate_must_be_1: 'Must be 1 for USD',
  currency_not_iso: 'Not an ISO 4217 currency code: choose one from the list',
  no_such_record: 'No such record',
  // Review
  approve_or_return: 'Approve or return',
  say_what_needs_to_change: 'Say what needs to change',
  unknown_field: 'No field "{{field}}" in a report',
  no_comment_on_field: 'The reviewer left no comment on this field',
  // Metrics filters
  to_year_before_from_year: 'Must not be before fromYear',
  at_most_50_years: 'At most 50 years',
  to_date_before_from_date: 'Must not be before the first date',
  breakdown_by: 'Break down by region, organizationType or typeGroup',
  breakdown_own_filter: 'A breakdown shows every group of its dimension: filter by the other dimension only',
  type_or_type_group: 'Filter by an organisation type or by a type group, not both',
  // Bulk import of reports (shared/src/imports.ts)
  import_unreadable: 'The file cannot be read as CSV (UTF-8) or as an .xlsx workbook',
  import_too_many_rows: 'At most {{max}} report rows per file',
  import_file_too_large: 'Files over 2 MB cannot be imported',
  import_too_many_cells: 'At most {{max}} cells per file, empty ones included',
  import_too_many_blank_rows: 'At most {{max}} rows per file, blank rows included: delete the blank rows under your data',
  import_workbook_parts: 'The workbook has more than {{max}} parts: it is not a spreadsheet of reports',
  import_workbook_size: 'The workbook unpacks to more than {{max}} MB',
  import_workbook_ratio: 'A part of the workbook ({{part}}) unpacks to more than {{max}} times its size: the file is refused as unsafe',
  import_workbook_strings: 'The workbook holds more than {{max}} texts',
  import_workbook_text_size: 'The workbook holds more than {{max}} characters of text',
  import_read_too_long: 'Reading the file took more than {{seconds}} seconds: split it into smaller files',
  import_read_too_big: 'Reading the file needs more memory than the server allows: split it into smaller files',
  import_no_rows: 'The file has no report rows under its header row',
  import_unknown_column: 'No report field is called "{{column}}"',
  import_missing_column: 'The file needs a column "{{column}}"',
  import_repeated_column: 'The column "{{column}}" appears more than once',
  import_unknown_organization: 'No organisation has this id, name or acronym',
  import_ambiguous_organization: 'Several organisations have this name or acronym: use the id',
  import_repeated_row: 'Row {{row}} already holds this organisation and year',
  import_no_cycle: 'There is no reporting cycle for {{year}}',
  import_cycle_closed: 'The {{year}} cycle is closed: reopen it to import reports into it',
  import_no_rate: 'No exchange rate for {{currency}} in {{year}}: add it under Exchange rates first',
  import_report_approved: 'An approved report exists for this organisation and year: choose to replace existing reports',
  import_report_in_progress: 'A report is in progress for this organisation and year: choose to replace existing reports',
  // `choices`: the accepted codes, worded from the `choiceSet` family of the common catalogue (shared/src/imports.ts).
  import_choose_value: 'Choose one of: {{choices}}',
  import_choose_values: 'Choose from: {{choices}} (several separated by "{{separator}}")',
  // Anything else the schemas refuse (the English message is zod's own)
  invalid: 'Not accepted',
  // Warnings (they do not block a draft; submitting past one needs a justification)
  share_jump:
    'The counted local share moved from {{from, share}} to {{to, share}}, more than 15 percentage points since the last approved report',
  funding_without_partners: 'Funding to local actors is reported with zero local partners',
  fulfilled_without_narrative: {
    one: 'Every commitment is marked fulfilled but {{sections}} has no narrative',
    other: 'Every commitment is marked fulfilled but {{sections}} have no narrative',
  },
} as const satisfies Record<string, string | { one: string; other: string }>;

export type MessageCode = keyof typeof messageTemplates;
export type MessageParams = Record<string, string | number | readonly string[]>;

/** One problem with one field, as the API sends it (`error.data.issues`) and the web app renders it. */
export interface CodedIssue {
  code: MessageCode;
  /** Dotted path of the field ('data.funding.<field>'), '_' for the input as a whole. */
  field: string;
  params: MessageParams;
  /** The English sentence, for API users. */
  message: string;
}

export function isMessageCode(value: unknown): value is MessageCode {
  return typeof value === 'string' && Object.hasOwn(messageTemplates, value);
}

/**
 * English names of the wholes a part may not exceed (`part_exceeds_whole`'s `whole` parameter), by the
 * whole's path: read from the English validation catalogue (`whole.<section>_<field>`), never a copy.
 */
export const wholeNames: Record<string, string> = Object.fromEntries(
  Object.entries(englishValidation.whole).map(([key, name]) => [key.replace('_', '.'), name]),
);

const englishShare = (value: unknown) => (typeof value === 'number' ? `${(value * 100).toFixed(1)} %` : String(value));

/** The English sentence of a code with its parameters. */
export function englishMessage(code: MessageCode, params: MessageParams = {}): string {
  const template = messageTemplates[code] as string | { one: string; other: string };
  return fillEnglish(typeof template === 'string' ? template : Number(params.count) === 1 ? template.one : template.other, params);
}

function fillEnglish(text: string, params: MessageParams): string {
  return text.replace(/\{\{\s*(\w+)\s*(?:,\s*(\w+))?\s*\}\}/g, (_all, name: string, format: string | undefined) => {
    const value = params[name];
    if (value == null) return '';
    if (name === 'whole' && typeof value === 'string') return wholeNames[value] ?? value;
    if (Array.isArray(value)) return value.join(', ');
    if (format === 'share') return englishShare(value);
    return String(value);
  });
}

/** The shape of a zod issue this module reads (kept structural, so that it needs no zod import). */
export interface IssueLike {
  path: readonly PropertyKey[];
  message: string;
  code?: string;
  minimum?: unknown;
  maximum?: unknown;
  params?: Record<string, unknown>;
}

const asParam = (v: unknown) => (typeof v === 'bigint' ? Number(v) : v);

/**
 * A schema issue as a coded issue: the schemas' messages are codes; a check without its own message
 * (zod's English, such as an unknown key) becomes `invalid` and keeps zod's sentence for API users.
 */
export function codedIssueOf(issue: IssueLike, prefix: readonly PropertyKey[] = []): CodedIssue {
  const field = [...prefix, ...issue.path].map(String).join('.') || '_';
  if (!isMessageCode(issue.message)) return { code: 'invalid', field, params: {}, message: issue.message };
  const params: MessageParams = {};
  for (const [key, value] of Object.entries(issue.params ?? {}))
    if (typeof value === 'string' || typeof value === 'number' || Array.isArray(value)) params[key] = value as MessageParams[string];
  const min = asParam(issue.minimum);
  const max = asParam(issue.maximum);
  if (typeof min === 'number' && params.min === undefined) params.min = min;
  if (typeof max === 'number' && params.max === undefined) params.max = max;
  return { code: issue.message, field, params, message: englishMessage(issue.message, params) };
}

// Refusals: why the server turned down a whole request (not one field): a closed cycle, a report with the
// reviewer, someone else's organisation. Sent as `error.data.refusal: { code, params }` beside the English
// `message`, so the web app says it in the reader's language (validation catalogue, `refusal.<code>`).
// A `status` parameter is a report status code, a `viewer` parameter a viewer code: the web app names them.
export const refusalTemplates = {
  no_cycle: 'There is no reporting cycle for {{year}}',
  cycle_closed: 'The {{year}} reporting cycle is closed: it accepts no changes',
  no_report_yet: 'There is no {{year}} report for this organisation yet',
  report_exists: 'A {{year}} report for this organisation already exists (version {{version}}); reload to continue it',
  report_with_reviewer: 'This report is submitted and with the reviewer; it can be edited again if it is returned',
  report_approved_locked: 'This report is approved and locked; a coordinator can reopen it for a correction',
  report_already_submitted: 'This report is already submitted and with the reviewer',
  report_changed_elsewhere: 'This report was changed by someone else (now version {{version}}); reload to see their changes',
  review_needs_submitted: 'Only a submitted report can be reviewed; this one is {{status}}',
  reopen_needs_approved: 'Only an approved report can be reopened; this one is {{status}}',
  reply_needs_returned: 'Only a returned report takes replies to its comments; this one is {{status}}',
  no_rate_to_approve: 'No exchange rate for {{currency}} in {{year}}: add it under Exchange rates before approving',
  no_such_organization: 'No such organisation',
  no_such_user: 'No such user',
  no_such_release: 'No such release',
  email_taken: 'An account with this e-mail already exists',
  organization_name_taken: 'An organisation with this name already exists: {{name}}',
  own_reports_only: "You may only work on your own organisation's reports",
  own_organization_only: 'You may only see your own organisation',
  aggregate_only_organization: 'This organisation keeps its figures to aggregates',
  reports_not_for_donors: 'Only signatories and coordinators see reports',
  unapproved_for_coordinators: 'Only coordinators may include reports that are not approved yet',
  organization_figures_not_public: 'Per-organisation figures are for donors and coordinators',
  release_would_expose: 'This release would expose a protected figure; wait for more reports',
  release_planning_too_long: 'Planning this release took longer than {{seconds}} s; try again later',
  release_changes_nothing: 'Release {{number}} of {{year}} would change nothing against the last release: it is not published',
  wrong_credentials: 'Wrong e-mail or password',
  sign_in_limited: {
    one: 'Too many failed sign-ins from this address; try again in {{count}} minute',
    other: 'Too many failed sign-ins from this address; try again in {{count}} minutes',
  },
  reset_requests_limited: {
    one: 'Too many password reset requests from this address; try again in {{count}} minute',
    other: 'Too many password reset requests from this address; try again in {{count}} minutes',
  },
  reset_links_limited: {
    one: 'Too many reset links tried from this address; try again in {{count}} minute',
    other: 'Too many reset links tried from this address; try again in {{count}} minutes',
  },
  // A name whose Unicode confusable skeleton is another's (a Cyrillic "а", a fullwidth "Ｐ"): `name` is that other.
  organization_name_looks_like: 'This name looks like "{{name}}", an organisation already registered: choose a name readers can tell apart',
  second_factor_wrong: 'Wrong code: enter the current code from your authenticator app, or an unused recovery code',
  sign_in_expired: 'This sign-in has expired: sign in again with your password',
  two_factor_already_on: 'Two-factor sign-in is already on for this account',
  two_factor_not_started: 'Start setting up two-factor sign-in first',
  two_factor_required: 'Two-factor sign-in is required for coordinators: it cannot be turned off',
  two_factor_not_on: 'Two-factor sign-in is not on for this account',
  two_factor_reset_self: 'Turn off your own two-factor sign-in on your Account page',
  account_deactivated: 'This account is deactivated: reactivate it first',
  sign_in_first: 'Sign in first',
  imports_for_coordinators: 'Only coordinator users may import reports',
  import_reports_created_elsewhere: 'Some of these reports were just created by someone else; preview the file again',
  import_report_changed_elsewhere: 'The {{year}} report of {{name}} was just changed by someone else; preview the file again',
  import_file_imported_elsewhere: 'This file was just imported by someone else',
  reminders_cycle_closed: 'The {{year}} reporting cycle is closed: nobody is reminded of it',
  no_such_message: 'No such message',
  no_such_invitation: 'No such invitation: it was accepted or withdrawn; reload the page',
  invitation_pending: 'This person has not accepted their invitation yet: resend the invitation instead',
  // `names`: the organisations (the first few, then "…") whose approved report converts with this rate.
  rate_in_use: {
    one: 'The {{year}} rate for {{currency}} converts {{count}} approved report ({{names}}): it cannot be removed',
    other: 'The {{year}} rate for {{currency}} converts {{count}} approved reports ({{names}}): it cannot be removed',
  },
  no_such_rate: 'There is no {{year}} rate for {{currency}}; reload the page',
  // Review assignments: `name` is the account the report was to be assigned to.
  assignee_not_coordinator: '{{name}} is not a coordinator: a report can only be assigned to a coordinator',
  assignee_inactive: "{{name}}'s account is deactivated: assign the report to an active coordinator",
} as const satisfies Record<string, string | { one: string; other: string }>;

export type RefusalCode = keyof typeof refusalTemplates;

export interface Refusal {
  code: RefusalCode;
  params: MessageParams;
  /** The English sentence, for API users and logs. */
  message: string;
}

export function isRefusalCode(value: unknown): value is RefusalCode {
  return typeof value === 'string' && Object.hasOwn(refusalTemplates, value);
}

/** A refusal with its English sentence. */
export function refusal(code: RefusalCode, params: MessageParams = {}): Refusal {
  const template = refusalTemplates[code] as string | { one: string; other: string };
  const text = typeof template === 'string' ? template : Number(params.count) === 1 ? template.one : template.other;
  return { code, params, message: fillEnglish(text, params) };
}

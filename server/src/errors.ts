// Domain errors: services throw one AppError type; trpc.ts maps its code to a tRPC code in one table.
// A validation error names each field's problem as a coded issue (shared/src/messages.ts): the web app
// renders the code in the reader's language, API users read the English `fieldErrors`.
import {
  codedIssueOf,
  englishMessage,
  isMessageCode,
  type CodedIssue,
  type IssueLike,
  type MessageCode,
  type MessageParams,
  type Refusal,
} from '@lpt/shared/messages';

export { refusal } from '@lpt/shared/messages';

export type AppErrorCode =
  | 'VALIDATION'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE';

export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  public readonly fieldErrors?: FieldErrors;
  public readonly issues?: CodedIssue[];
  /** Why a whole request was refused, as a code the web app words (`error.data.refusal`). */
  public readonly refusal?: Omit<Refusal, 'message'>;

  constructor(
    public readonly code: AppErrorCode,
    /** A refusal (preferred: the web app words it) or an English sentence. */
    message: string | Refusal,
    fields?: FieldErrors | CodedIssue[],
    /** RATE_LIMITED: when the caller may try again. */
    public readonly retryAfterSeconds?: number,
  ) {
    super(typeof message === 'string' ? message : message.message);
    this.name = 'AppError';
    if (typeof message !== 'string') this.refusal = { code: message.code, params: message.params };
    if (Array.isArray(fields)) {
      this.issues = fields;
      this.fieldErrors = fieldErrorsOf(fields);
    } else if (fields) {
      this.fieldErrors = fields;
      this.issues = Object.entries(fields).flatMap(([field, messages]) =>
        messages.map((m) => ({ code: 'invalid' as const, field, params: {}, message: m })),
      );
    }
  }
}

export const tRPCCodeOf = {
  VALIDATION: 'BAD_REQUEST',
  UNAUTHENTICATED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
} as const satisfies Record<AppErrorCode, string>;

type AnyIssue = IssueLike | { path: readonly PropertyKey[]; code: string; params?: MessageParams; message: string };

/** Schema issues and report rules (which already carry a message code) as coded issues. */
export function codedIssuesOf(issues: readonly AnyIssue[]): CodedIssue[] {
  return issues.map((issue) => {
    const code = (issue as { code?: unknown }).code;
    if (isMessageCode(code))
      return { code, field: issue.path.map(String).join('.') || '_', params: (issue.params ?? {}) as MessageParams, message: issue.message };
    return codedIssueOf(issue as IssueLike);
  });
}

/** The English messages of coded issues grouped per field ("funding.<field>"), as API users read them. */
export function fieldErrorsOf(issues: readonly CodedIssue[]): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) (out[issue.field] ??= []).push(issue.message);
  return out;
}

export function validationError(message: string, issues: readonly AnyIssue[]) {
  return new AppError('VALIDATION', message, codedIssuesOf(issues));
}

/** A validation error on one field, with its code. */
export function fieldError(message: string, field: string, code: MessageCode, params: MessageParams = {}) {
  return new AppError('VALIDATION', message, [{ code, field, params, message: englishMessage(code, params) }]);
}

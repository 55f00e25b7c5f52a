// tRPC is initialised once here. Procedures come in four kinds, from open to closed:
// publicProcedure (anyone), authedProcedure (any signed-in user), and roleProcedure(...roles).
// Organisation scoping (a signatory only touches its own organisation) lives in auth/access.ts.
import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError, type z } from 'zod';
import type { Locale, Role } from '@lpt/shared/enums';
import type { Database } from '@lpt/db/connect';
import type { CodedIssue } from '@lpt/shared/messages';
import { AppError, codedIssuesOf, fieldErrorsOf, refusal, tRPCCodeOf, type FieldErrors } from './errors.ts';

export interface SessionUser {
  id: number;
  email: string;
  name: string;
  role: Role;
  organizationId: number | null;
  /** The interface language chosen for the account, or null when none was chosen. */
  locale: Locale | null;
  sessionId: string;
}

export interface Context {
  db: Database;
  user: SessionUser | null;
  /** The caller's address, for login rate limiting. */
  clientAddress: string;
  /** Sets or clears the session cookie on the response (a no-op for direct callers in tests). */
  setSessionCookie(token: string | null, expiresAt?: Date): void;
  /** The personal API token the request came with (Authorization: Bearer), or null/absent for a session. */
  apiTokenId?: number | null;
}

/** Who may call a procedure, set by the procedure kinds below (the API document reads it). */
export interface ProcedureMeta {
  access: 'public' | 'signed-in' | 'roles';
  roles?: Role[];
}

const t = initTRPC.context<Context>().meta<ProcedureMeta>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    let fieldErrors: FieldErrors | undefined;
    let issues: CodedIssue[] | undefined;
    if (cause instanceof ZodError) {
      issues = codedIssuesOf(cause.issues);
      fieldErrors = fieldErrorsOf(issues);
    } else if (cause instanceof AppError) {
      fieldErrors = cause.fieldErrors;
      issues = cause.issues;
    }
    const message =
      cause instanceof ZodError
        ? `Invalid input: ${Object.entries(fieldErrors ?? {})
            .slice(0, 5)
            .map(([field, messages]) => `${field}: ${messages[0]}`)
            .join('; ')}`
        : error.code === 'INTERNAL_SERVER_ERROR'
          ? 'Internal server error'
          : shape.message;
    return {
      ...shape,
      message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        fieldErrors: fieldErrors ?? null,
        // The same problems with a stable code and parameters, for clients that word them themselves.
        issues: issues ?? null,
        // Why the whole request was refused, as a code and parameters (shared/src/messages.ts refusalTemplates).
        refusal: cause instanceof AppError ? (cause.refusal ?? null) : null,
        ...(cause instanceof AppError && cause.retryAfterSeconds ? { retryAfterSeconds: cause.retryAfterSeconds } : {}),
      },
    };
  },
});

/** Turns domain errors (and a database that is down) into tRPC errors with the right code. */
const errorMapping = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof AppError)
      throw new TRPCError({ code: tRPCCodeOf[cause.code], message: cause.message, cause });
    if (cause && isConnectionFailure(cause))
      throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: 'The database is unavailable; try again shortly', cause });
    const refused = cause ? refusedByDatabase(cause) : null;
    if (refused) throw new TRPCError({ code: refused.code, message: refused.message, cause });
  }
  return result;
});

/**
 * The database's own rules are a second line behind the zod schemas: when one of them refuses a value the
 * schemas let through, or two requests race for the same unique key, the caller hears 400 or 409, never 500.
 */
export function refusedByDatabase(error: unknown): { code: 'BAD_REQUEST' | 'CONFLICT'; message: string } | null {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return null;
  if (code === '23505') return { code: 'CONFLICT', message: 'This already exists, or was just changed by someone else' };
  if (code === '40001' || code === '40P01')
    return { code: 'CONFLICT', message: 'Someone else changed this at the same time; reload and try again' };
  if (code === '23514' || code === '23502' || code === '23503')
    return { code: 'BAD_REQUEST', message: 'A value breaks a rule of the data (out of range, missing or unknown)' };
  // Class 22: data exceptions (text the database cannot store, numbers or dates out of range); a division
  // by zero is our bug, not the caller's, and stays a 500.
  if (code.startsWith('22') && code !== '22012') return { code: 'BAD_REQUEST', message: 'A value cannot be stored (invalid text, number or date)' };
  return null;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_INPUT_DEPTH = 16;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The first thing in a raw input that no schema should have to think about, with its dotted path. */
export function hostileInputProblem(input: unknown): { path: string; message: string } | null {
  const stack: { value: unknown; path: string[] }[] = [{ value: input, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    const at = path.join('.') || '_';
    if (typeof value === 'string') {
      // PostgreSQL text cannot hold U+0000, and a lone surrogate would be silently replaced on the way in.
      if (value.includes('\u0000')) return { path: at, message: 'Text cannot contain NUL characters' };
      if (LONE_SURROGATE.test(value)) return { path: at, message: 'Text is not valid Unicode' };
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (path.length >= MAX_INPUT_DEPTH) return { path: at, message: 'Input is nested too deeply' };
    for (const [key, child] of Object.entries(value)) {
      if (FORBIDDEN_KEYS.has(key)) return { path: [...path, key].join('.'), message: `Unexpected key "${key}"` };
      if (LONE_SURROGATE.test(key) || key.includes('\u0000')) return { path: at, message: 'A key is not valid text' };
      stack.push({ value: child, path: [...path, key] });
    }
  }
  return null;
}

/** Runs before any input schema: refuses NUL bytes, broken Unicode, prototype keys and absurd nesting. */
const inputHygiene = t.middleware(async ({ getRawInput, next }) => {
  const problem = hostileInputProblem(await getRawInput());
  if (problem) throw new AppError('VALIDATION', `Invalid input: ${problem.path}: ${problem.message}`, { [problem.path]: [problem.message] });
  return next();
});

export function isConnectionFailure(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03', '08006', '08001', '08003'].includes(
      e.code ?? '',
    ) ||
    /Connection terminated|timeout exceeded when trying to connect|not queryable|the database system is (starting up|shutting down|in recovery mode)/i.test(
      e.message ?? '',
    )
  );
}

/** API tokens are read-only: a mutation made with one is refused, whoever owns the token. */
const readOnlyTokens = t.middleware(({ ctx, type, next }) => {
  if (ctx.apiTokenId && type !== 'query') throw new AppError('FORBIDDEN', refusal('api_token_read_only'));
  return next();
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.meta({ access: 'public' }).use(errorMapping).use(readOnlyTokens).use(inputHygiene);

export const authedProcedure = publicProcedure.meta({ access: 'signed-in' }).use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first' });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

export function roleProcedure(...allowed: Role[]) {
  return authedProcedure.meta({ access: 'roles', roles: allowed }).use(({ ctx, next }) => {
    if (!allowed.includes(ctx.user.role))
      throw new TRPCError({ code: 'FORBIDDEN', message: `Only ${allowed.join(' or ')} users may do this` });
    return next({ ctx });
  });
}

export const coordinatorProcedure = roleProcedure('coordinator');

/**
 * An output schema checked with zod's synchronous parse. Given a zod schema, tRPC calls parseAsync, which
 * skips zod's compiled fast path for objects: on the metrics' outputs (a trend is nine summaries of some
 * eighty figures) that made the check several times slower, for nothing, as no output schema is asynchronous.
 */
export const checkedBy = <S extends z.ZodType>(schema: S) =>
  // The schema rides along for the API document (server/src/http/openapi.ts).
  Object.assign((value: unknown): z.output<S> => schema.parse(value), { schema });

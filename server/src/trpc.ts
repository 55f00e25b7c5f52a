// tRPC is initialised once here. Procedures come in four kinds, from open to closed:
// publicProcedure (anyone), authedProcedure (any signed-in user), and roleProcedure(...roles).
// Organisation scoping (a signatory only touches its own organisation) lives in auth/access.ts.
import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import type { Role } from '@lpt/shared/enums';
import type { Database } from '@lpt/db/connect';
import { AppError, fieldErrorsOf, tRPCCodeOf, type FieldErrors } from './errors.ts';

export interface SessionUser {
  id: number;
  email: string;
  name: string;
  role: Role;
  organizationId: number | null;
  sessionId: string;
}

export interface Context {
  db: Database;
  user: SessionUser | null;
  /** The caller's address, for login rate limiting. */
  clientAddress: string;
  /** Sets or clears the session cookie on the response (a no-op for direct callers in tests). */
  setSessionCookie(token: string | null, expiresAt?: Date): void;
}

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    let fieldErrors: FieldErrors | undefined;
    if (cause instanceof ZodError) fieldErrors = fieldErrorsOf(cause.issues);
    else if (cause instanceof AppError) fieldErrors = cause.fieldErrors;
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
      data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path, fieldErrors: fieldErrors ?? null },
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
  }
  return result;
});

export function isConnectionFailure(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    ['ECONNREFUSED', 'ECONNRESET', '57P01', '57P02', '57P03', '08006', '08001', '08003'].includes(e.code ?? '') ||
    /Connection terminated|timeout exceeded when trying to connect|the database system is (starting up|shutting down)/i.test(
      e.message ?? '',
    )
  );
}

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(errorMapping);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first' });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

export function roleProcedure(...allowed: Role[]) {
  return authedProcedure.use(({ ctx, next }) => {
    if (!allowed.includes(ctx.user.role))
      throw new TRPCError({ code: 'FORBIDDEN', message: `Only ${allowed.join(' or ')} users may do this` });
    return next({ ctx });
  });
}

export const coordinatorProcedure = roleProcedure('coordinator');

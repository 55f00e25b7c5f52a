// The one tRPC + React Query client of the web app. Plain HTTP (httpLink: one request per call, no
// batching, no transformer) so what the browser sends is what any other API client would send. The
// session lives in an HttpOnly cookie, so requests only need to carry same-origin credentials.
// Only the router's *type* crosses from the server: nothing of the server is bundled.
import { QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import i18next, { type TFunction } from 'i18next';
import type { AppRouter } from '@lpt/server/router';
import type { CodedIssue, MessageParams } from '@lpt/shared/messages';

export type { AppRouter };
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export function createApiClient() {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: '/trpc',
        fetch: (url, init) => fetch(url, { ...(init as RequestInit), credentials: 'same-origin' }),
      }),
    ],
  });
}

/** Client errors are not retried (a 4xx will not get better); network and server failures once. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  const status = error instanceof TRPCClientError ? (error.data as { httpStatus?: number } | undefined)?.httpStatus : undefined;
  if (status !== undefined && status >= 400 && status < 500) return false;
  return failureCount < 1;
}

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 60_000, retry: shouldRetry, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}

export type ApiError = TRPCClientError<AppRouter>;

export function isApiError(error: unknown): error is ApiError {
  return error instanceof TRPCClientError;
}

/** The tRPC error code of a failed call ('UNAUTHORIZED', 'CONFLICT', …), or null for other failures. */
export function errorCodeOf(error: unknown): string | null {
  return isApiError(error) ? (error.data?.code ?? null) : null;
}

/** Per-field messages the server attached to a BAD_REQUEST, keyed by dotted path ('funding.<field>'): English, for API users. */
export function fieldErrorsOf(error: unknown): Record<string, string[]> {
  if (!isApiError(error)) return {};
  return (error.data as { fieldErrors?: Record<string, string[]> | null } | undefined)?.fieldErrors ?? {};
}

/** The same problems with their message codes (error.data.issues), which the web app words in the reader's language. */
export function issuesOf(error: unknown): CodedIssue[] {
  if (!isApiError(error)) return [];
  return (error.data as { issues?: CodedIssue[] | null } | undefined)?.issues ?? [];
}

const errorKeys: Record<string, string> = {
  BAD_REQUEST: 'badRequest',
  UNAUTHORIZED: 'unauthorized',
  FORBIDDEN: 'forbidden',
  NOT_FOUND: 'notFound',
  CONFLICT: 'conflict',
  TOO_MANY_REQUESTS: 'tooManyRequests',
  SERVICE_UNAVAILABLE: 'unavailable',
  PAYLOAD_TOO_LARGE: 'badRequest',
};

/**
 * A sentence to show a person when a call failed, in the reader's language: by the error's code (never by
 * parsing its wording); in English, the server's own message.
 */
export function errorMessageOf(error: unknown, t: TFunction = i18next.t): string {
  if (isApiError(error)) {
    if (!error.data) return t('common:apiError.network');
    // In English the server's own sentence is the more precise one (API users read it too).
    if (i18next.language === 'en' && error.message && error.data.code !== 'INTERNAL_SERVER_ERROR') return error.message;
    // Why the server refused, as a code: worded from the validation catalogue (when the page has it loaded;
    // a code the catalogue does not know falls back to the error's kind). Only types come from
    // shared/messages here: its English templates stay out of every page's bundle.
    const refusal = (error.data as { refusal?: { code: string; params: MessageParams } | null }).refusal;
    if (refusal && /^[a-z_]+$/.test(refusal.code)) {
      const key = `validation:refusal.${refusal.code}`;
      const values = refusalParams(t, refusal.params);
      if (i18next.exists(key, values)) return t(`validation:refusal.${refusal.code}`, values);
    }
    return t(`common:apiError.${errorKeys[error.data.code] ?? 'internal'}`);
  }
  return t('common:apiError.internal');
}

/** A refusal's parameters with its codes named in the reader's language (a report status, a viewer). */
function refusalParams(t: TFunction, params: MessageParams): Record<string, unknown> {
  const values: Record<string, unknown> = { ...params };
  if (typeof params.status === 'string') values.status = t(`common:reportStatus.${params.status}`);
  return values;
}

// The one tRPC + React Query client of the web app. Plain HTTP (httpLink: one request per call, no
// batching, no transformer) so what the browser sends is what any other API client would send. The
// session lives in an HttpOnly cookie, so requests only need to carry same-origin credentials.
// Only the router's *type* crosses from the server: nothing of the server is bundled.
import { QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { AppRouter } from '@lpt/server/router';

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

/** Per-field messages the server attached to a BAD_REQUEST, keyed by dotted path ('funding.toLocalDirect'). */
export function fieldErrorsOf(error: unknown): Record<string, string[]> {
  if (!isApiError(error)) return {};
  return (error.data as { fieldErrors?: Record<string, string[]> | null } | undefined)?.fieldErrors ?? {};
}

/** A sentence to show a person when a call failed. */
export function errorMessageOf(error: unknown): string {
  if (isApiError(error)) {
    if (!error.data) return 'The server could not be reached. Check your connection and try again.';
    return error.message;
  }
  return error instanceof Error ? error.message : 'Something went wrong.';
}

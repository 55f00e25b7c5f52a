// Requests made with a personal API token are limited per token (@fastify/rate-limit, kept in this
// process's memory): a runaway script slows itself down, not the tracker. Over the limit it gets 429 with
// Retry-After, in the API's error format. Requests without a token (the web app's, with its session cookie)
// are not counted here. With several instances each counts its own share, which only loosens the limit.
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { apiTokenHashOf } from '../features/auth/api-tokens.service.ts';

export const API_TOKEN_REQUESTS_PER_MINUTE = 120;

/** Registered on the app before its routes: the plugin limits every route registered after it. */
export function limitApiTokens(app: FastifyInstance) {
  void app.register(rateLimit, {
    global: true,
    max: API_TOKEN_REQUESTS_PER_MINUTE,
    timeWindow: 60_000,
    allowList: (request) => request.headers.authorization === undefined,
    // The token's hash, never the token itself, is what the limiter keeps in memory.
    keyGenerator: (request) => apiTokenHashOf(request.headers.authorization ?? ''),
    // Thrown, then answered by the app's error handler in the API's format (Retry-After is already set).
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error(`Too many requests with this API token: at most ${context.max} a minute; try again in ${context.after}`), {
        statusCode: context.statusCode,
      }),
  });
}

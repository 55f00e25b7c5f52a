// Real HTTP against the real app: an in-process server (createApp on the test file's database, on a free
// port) and a small client that speaks tRPC's plain-JSON wire format, keeps a session cookie and hands back
// every answer whole (status, headers, body) so that tests can assert what a caller would see.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Database } from '@lpt/db/connect';
import { createApp, type AppOptions } from '@lpt/server/http/app';
import { SESSION_COOKIE, startSession } from '@lpt/server/features/auth/auth.service';

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

export async function startTestServer(
  db: Database,
  options: { trustProxy?: boolean; clientDist?: string | null; logger?: AppOptions['logger']; importTempDir?: string } = {},
): Promise<TestServer> {
  const app = createApp({
    db,
    trustProxy: options.trustProxy ?? false,
    clientDist: options.clientDist ?? null,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.importTempDir ? { importTempDir: options.importTempDir } : {}),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      app.server.closeAllConnections();
      await app.close();
    },
  };
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body, or undefined when the body is not JSON. */
  json: any;
}

/** What a tRPC call answered: the data, or the error's code, message and per-field messages. */
export interface TrpcAnswer extends HttpAnswer {
  ok: boolean;
  data: any;
  error: { message: string; code: string; fieldErrors: Record<string, string[]> | null } | null;
}

function parse(text: string) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function answer(response: Response): Promise<HttpAnswer> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: parse(text) };
}

function trpcAnswer(a: HttpAnswer): TrpcAnswer {
  const error = a.json?.error;
  return {
    ...a,
    ok: a.status >= 200 && a.status < 300 && !error,
    data: a.json?.result?.data,
    error: error
      ? { message: String(error.message), code: String(error.data?.code), fieldErrors: error.data?.fieldErrors ?? null }
      : null,
  };
}

/** A caller over HTTP. `cookie` holds its session; login() and any Set-Cookie answer update it. */
export class ApiClient {
  cookie: string | undefined;
  constructor(
    readonly baseUrl: string,
    readonly defaultHeaders: Record<string, string> = {},
  ) {}

  private remember(headers: Headers) {
    for (const line of headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...rest] = pair!.split('=');
      if (name!.trim() !== SESSION_COOKIE) continue;
      const value = rest.join('=');
      this.cookie = value ? `${SESSION_COOKIE}=${value}` : undefined;
    }
  }

  /** Any request; the session cookie is sent unless the headers say otherwise. */
  async raw(
    path: string,
    init: { method?: string; body?: string | Uint8Array; headers?: Record<string, string> } = {},
  ): Promise<HttpAnswer> {
    const headers: Record<string, string> = { ...this.defaultHeaders, ...(this.cookie ? { cookie: this.cookie } : {}), ...init.headers };
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers,
      redirect: 'manual',
      ...(init.body !== undefined ? { body: init.body as BodyInit } : {}),
    });
    this.remember(response.headers);
    return answer(response);
  }

  async query(path: string, input?: unknown, headers: Record<string, string> = {}): Promise<TrpcAnswer> {
    const search = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
    return trpcAnswer(await this.raw(`/trpc/${path}${search}`, { headers }));
  }

  async mutation(path: string, input?: unknown, headers: Record<string, string> = {}): Promise<TrpcAnswer> {
    return this.postRaw(path, input === undefined ? '' : JSON.stringify(input), headers);
  }

  /** A mutation whose body is sent exactly as given (malformed JSON and the like). */
  async postRaw(path: string, body: string | Uint8Array, headers: Record<string, string> = {}): Promise<TrpcAnswer> {
    return trpcAnswer(
      await this.raw(`/trpc/${path}`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', ...headers },
      }),
    );
  }

  async login(email: string, password: string): Promise<TrpcAnswer> {
    return this.mutation('auth.login', { email, password });
  }

  /** A client of the same server with no session. */
  anonymous(): ApiClient {
    return new ApiClient(this.baseUrl, this.defaultHeaders);
  }
}

/** A client signed in as `userId` by creating its session directly (no password, no rate limit). */
export async function clientWithSession(db: Database, baseUrl: string, userId: number): Promise<ApiClient> {
  const { token } = await startSession(db, userId);
  const client = new ApiClient(baseUrl);
  client.cookie = `${SESSION_COOKIE}=${token}`;
  return client;
}

export interface RawAnswer {
  status: number | null;
  headers: http.IncomingHttpHeaders;
  body: string;
  bytesWrittenAtAnswer: number;
  error: string | null;
}

/**
 * A request written by hand on a socket, for what fetch will not send: chunked bodies without a length,
 * bodies that keep coming after the answer. Resolves with the status (or the socket error) and how many
 * bytes had been written when the answer came.
 */
export function rawRequest(
  baseUrl: string,
  options: { method: string; path: string; headers: Record<string, string>; body?: Iterable<Buffer> | Buffer },
): Promise<RawAnswer> {
  const url = new URL(baseUrl);
  return new Promise((resolve) => {
    let written = 0;
    let settled = false;
    const done = (value: RawAnswer) => {
      if (settled) return;
      settled = true;
      req.destroy();
      resolve(value);
    };
    const req = http.request(
      { host: url.hostname, port: url.port, method: options.method, path: options.path, headers: options.headers },
      (res) => {
        const at = written;
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        const answer = () => ({ status: res.statusCode ?? null, headers: res.headers, body, bytesWrittenAtAnswer: at, error: null });
        res.on('end', () => done(answer()));
        res.on('error', () => done(answer()));
      },
    );
    req.on('error', (error) => done({ status: null, headers: {}, body: '', bytesWrittenAtAnswer: written, error: error.message }));
    const chunks = options.body === undefined ? [] : Buffer.isBuffer(options.body) ? [options.body] : options.body;
    const iterator = chunks[Symbol.iterator]();
    const pump = () => {
      for (;;) {
        if (settled) return;
        const next = iterator.next();
        if (next.done) return void req.end();
        written += next.value.length;
        if (!req.write(next.value)) return void req.once('drain', pump);
      }
    };
    pump();
  });
}

// A real SMTP server for the mail tests (smtp-server as the receiver, mailparser to read what arrived), on
// a free port of 127.0.0.1. It can refuse mail for a while with a 4xx (a full or busy mail server), be
// stopped and started again on the same port (an outage), and requires the user and password of its URL.
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
  language: string | undefined;
  parsed: ParsedMail;
}

export interface TestSmtpServer {
  /** smtp://user:pass@127.0.0.1:port, as SMTP_URL takes it. */
  url: string;
  received: ReceivedMail[];
  /** 'accept', or answer every message with 451 (try again later). */
  mode: 'accept' | 'tempfail';
  stop(): Promise<void>;
  /** Starts again on the same port after stop(). */
  start(): Promise<void>;
  close(): Promise<void>;
}

const USER = 'outbox';
const PASS = 'smtp-test-secret';

export async function startSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  let port = 0;
  let server: SMTPServer | null = null;
  const state: TestSmtpServer = {
    url: '',
    received,
    mode: 'accept',
    stop: async () => {
      const s = server;
      server = null;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    start: async () => {
      const s = new SMTPServer({
        secure: false,
        disabledCommands: ['STARTTLS'],
        allowInsecureAuth: true,
        logger: false,
        onAuth(auth, _session, callback) {
          if (auth.username === USER && auth.password === PASS) callback(null, { user: USER });
          else callback(new Error('Invalid username or password'));
        },
        onData(stream, _session, callback) {
          simpleParser(stream).then(
            (parsed) => {
              if (state.mode === 'tempfail') {
                const error = new Error('Mailbox busy, try again later') as Error & { responseCode: number };
                error.responseCode = 451;
                return callback(error);
              }
              const to = Array.isArray(parsed.to) ? parsed.to.flatMap((a) => a.value) : (parsed.to?.value ?? []);
              received.push({
                to: to.map((a) => a.address ?? '').join(', '),
                from: parsed.from?.value.map((a) => a.address ?? '').join(', ') ?? '',
                subject: parsed.subject ?? '',
                text: parsed.text ?? '',
                html: typeof parsed.html === 'string' ? parsed.html : '',
                language: parsed.headers.get('content-language') as string | undefined,
                parsed,
              });
              callback();
            },
            (error: Error) => callback(error),
          );
        },
      });
      s.on('error', () => {});
      await new Promise<void>((resolve, reject) => {
        s.listen(port, '127.0.0.1', () => resolve());
        s.server.once('error', reject);
      });
      port = (s.server.address() as AddressInfo).port;
      server = s;
      state.url = `smtp://${USER}:${PASS}@127.0.0.1:${port}`;
    },
    close: () => state.stop(),
  };
  await state.start();
  return state;
}

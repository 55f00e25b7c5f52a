// The mail settings of server/src/env.ts: an SMTP_URL that is not SMTP, or without a sender, stops the
// server at start with the problem named; PUBLIC_URL defaults to the server's own port.
import { describe, expect, it } from 'vitest';
import { loadEnv } from '@lpt/server/env';

describe('mail configuration', () => {
  it('defaults PUBLIC_URL to http://localhost:PORT and sends nothing without SMTP_URL', () => {
    expect(loadEnv({}).PUBLIC_URL).toBe('http://localhost:3000');
    expect(loadEnv({ PORT: '8080' }).PUBLIC_URL).toBe('http://localhost:8080');
    expect(loadEnv({ PUBLIC_URL: 'https://pledge.example/' }).PUBLIC_URL).toBe('https://pledge.example');
    expect(loadEnv({}).SMTP_URL).toBeUndefined();
  });

  it('takes smtp:// and smtps:// with a sender', () => {
    const env = loadEnv({ SMTP_URL: 'smtps://mailer:secret@mail.pledge.example:465', MAIL_FROM: 'Pledge secretariat <secretariat@pledge.example>' });
    expect(env.SMTP_URL).toBe('smtps://mailer:secret@mail.pledge.example:465');
    expect(env.MAIL_FROM).toBe('Pledge secretariat <secretariat@pledge.example>');
  });

  it('refuses another scheme, a missing or malformed sender, and a PUBLIC_URL that is not http(s), listing each', () => {
    expect(() => loadEnv({ SMTP_URL: 'smtp://mail.pledge.example:25' })).toThrow(/MAIL_FROM: is required when SMTP_URL is set/);
    let message = '';
    try {
      loadEnv({ SMTP_URL: 'http://mail.pledge.example', MAIL_FROM: 'secretariat', PUBLIC_URL: 'ftp://pledge.example' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('SMTP_URL: must start with smtp:// or smtps://');
    expect(message).toContain('MAIL_FROM: must be an e-mail address');
    expect(message).toContain('PUBLIC_URL: must start with http:// or https://');
  });
});

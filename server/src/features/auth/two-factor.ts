// Two-factor sign-in's building blocks: TOTP (RFC 6238: SHA-1, 6 digits, 30 s, what every authenticator app
// reads) through otpauth, the secret encrypted at rest with a key from the server's configuration, and
// one-time recovery codes. The flows that use them are in two-factor.service.ts and auth.service.ts.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import type { Role } from '@lpt/shared/enums';

/** The key of the demo and of development; docs/operations.md says to set TOTP_ENCRYPTION_KEY in production. */
export const DEMO_TOTP_ENCRYPTION_KEY = 'demo-only-totp-key-set-TOTP_ENCRYPTION_KEY-in-production';
const ISSUER = 'Localization Pledge Tracker';
const PERIOD_SECONDS = 30;
/** One step either side of now: a code typed as it changes, or a phone's clock a little off, still works. */
const WINDOW = 1;
export const RECOVERY_CODE_COUNT = 10;

let config = { key: keyOf(DEMO_TOTP_ENCRYPTION_KEY), requiredForCoordinators: false };

function keyOf(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

/** From the configuration at start (TOTP_ENCRYPTION_KEY, TWO_FACTOR_REQUIRED_FOR_COORDINATORS); tests set it too. */
export function configureTwoFactor(options: { encryptionKey?: string; requiredForCoordinators?: boolean }) {
  config = {
    key: options.encryptionKey !== undefined ? keyOf(options.encryptionKey) : config.key,
    requiredForCoordinators: options.requiredForCoordinators ?? config.requiredForCoordinators,
  };
}

/** Whether an account of this role must have two-factor sign-in on to sign in. */
export function twoFactorRequiredFor(role: Role): boolean {
  return role === 'coordinator' && config.requiredForCoordinators;
}

/**
 * AES-256-GCM with the account's id as associated data: a database read alone (or a secret copied onto
 * another account's row) gives no usable secret without the configured key.
 */
export function sealSecret(base32: string, userId: number): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', config.key, iv);
  cipher.setAAD(Buffer.from(`totp:${userId}`));
  const sealed = Buffer.concat([cipher.update(base32, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), sealed].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

/** The secret, or null when it cannot be opened (another key, or a row that was tampered with). */
export function openSecret(stored: string, userId: number): string | null {
  const [version, iv, tag, sealed] = stored.split('.');
  if (version !== 'v1' || !iv || !tag || !sealed) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', config.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(`totp:${userId}`));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpOf(base32: string, label: string): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS, secret: Secret.fromBase32(base32) });
}

/** The time step a valid code belongs to (for refusing its reuse), or null when the code is wrong. */
export function totpStepOf(base32: string, code: string, now = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpOf(base32, 'check').validate({ token: code, timestamp: now, window: WINDOW });
  return delta === null ? null : Math.floor(now / 1000 / PERIOD_SECONDS) + delta;
}

/** The secret in groups of four, as people copy it into an app by hand. */
export function groupedSecret(base32: string): string {
  return base32.match(/.{1,4}/g)!.join(' ');
}

/** A code without the spaces and dashes people type or copy with it, in one case. */
export function normalizeCode(code: string): string {
  return code.replace(/[\s-]+/g, '').toLowerCase();
}

/** 80 random bits each, written as four groups of four base32 letters and digits. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () =>
    new Secret({ buffer: new Uint8Array(randomBytes(10)).buffer }).base32.toLowerCase().match(/.{4}/g)!.join('-'),
  );
}

/**
 * SHA-256, not argon2: each code holds 80 random bits, so a hash read from the database cannot be reversed
 * by guessing (a password can), and checking a code stays cheap.
 */
export function recoveryCodeHash(code: string): string {
  return createHash('sha256').update(normalizeCode(code)).digest('base64url');
}

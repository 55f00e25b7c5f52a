// Chromium for the e2e tests, driven by playwright-core with the system browser (playwright's own browser
// download does not work on these machines).
import { existsSync } from 'node:fs';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(
      `Chromium was not found at ${path}${process.env.CHROMIUM_PATH ? ' (CHROMIUM_PATH)' : ''}. ` +
        'Install it with `apt-get update && apt-get install -y chromium` (gives /usr/bin/chromium), ' +
        'or set CHROMIUM_PATH to a Chromium/Chrome executable.',
    );
  }
  return path;
}

export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({
    headless: true,
    ...options,
    executablePath: chromiumPath(),
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
}

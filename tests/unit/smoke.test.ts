// The test infrastructure's own pure parts.
import { afterEach, describe, expect, it } from 'vitest';
import { chromiumPath, CHROMIUM_ARGS } from '../setup/chromium.ts';
import { withDatabase } from '../setup/postgres.ts';

describe('test infrastructure', () => {
  const saved = process.env.CHROMIUM_PATH;
  afterEach(() => {
    if (saved === undefined) delete process.env.CHROMIUM_PATH;
    else process.env.CHROMIUM_PATH = saved;
  });

  it('points a connection string at another database, keeping credentials and options', () => {
    expect(withDatabase('postgres://postgres@127.0.0.1:5433/postgres', 'lpt_test_1')).toBe('postgres://postgres@127.0.0.1:5433/lpt_test_1');
    expect(withDatabase('postgresql://u:p%40ss@db.example:5432/app?sslmode=require', 'x')).toBe(
      'postgresql://u:p%40ss@db.example:5432/x?sslmode=require',
    );
  });

  it('says how to install Chromium when the binary is missing', () => {
    process.env.CHROMIUM_PATH = '/nonexistent/chromium';
    expect(() => chromiumPath()).toThrow(/apt-get install -y chromium/);
  });

  it('launches Chromium without a sandbox, GPU or background traffic', () => {
    expect(CHROMIUM_ARGS).toEqual(expect.arrayContaining(['--no-sandbox', '--disable-gpu', '--disable-background-networking']));
  });
});

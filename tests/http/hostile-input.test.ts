// Hostile input over real HTTP. Every bad request gets a 4xx with a message (never a 500), and the database
// is byte-for-byte what it was before (tests/security/dump.ts). Text that is merely unusual (quotes, SQL
// metacharacters, right-to-left script, combining marks, emoji) is not hostile: it is stored exactly as
// sent and comes back unchanged. Only what PostgreSQL cannot hold (NUL) or what is not Unicode at all
// (a lone surrogate, invalid UTF-8) is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeReportData, createUser } from '../factories/index.ts';
import { dumpDatabase } from '../security/dump.ts';
import {
  clientWithSession,
  rawRequest,
  startTestServer,
  type ApiClient,
  type TrpcAnswer,
  type TestServer,
} from '../security/http.ts';
import { callOverHttp, createSecurityFixture, validCalls, type SecurityFixture } from '../security/procedures.ts';
import { useTestDatabase } from '../setup/database.ts';

const getDb = useTestDatabase();
let server: TestServer;
let fx: SecurityFixture;
let coordinator: ApiClient;
let signatory: ApiClient;
/** A year with an open cycle and no report: every refused saveDraft below would have created version 1. */
let draftYear: number;
/** The coordinator the sweeps over every procedure act as: auth.changePassword there ends its sessions. */
let sweeperId: number;
const sweeper = () => clientWithSession(getDb().db, server.url, sweeperId);

beforeAll(async () => {
  fx = await createSecurityFixture(getDb().db);
  server = await startTestServer(getDb().db);
  coordinator = await fx.clientFor(server.url, 'coordinator');
  signatory = await fx.clientFor(server.url, 'ownSignatory');
  draftYear = await fx.freshYear();
  sweeperId = (await createUser(getDb().db, 'coordinator')).id;
});
afterAll(async () => {
  await server?.close();
});

const dump = () => dumpDatabase(getDb().db);

/** A refusal as a user would want it: a 4xx, a message, the field named, nothing written. */
async function expectRefused(
  answer: TrpcAnswer,
  before: string,
  expected: { status?: number; field?: string } = {},
) {
  const summary = `${answer.status} ${answer.text.slice(0, 400)}`;
  expect(answer.status, summary).toBeGreaterThanOrEqual(400);
  expect(answer.status, summary).toBeLessThan(500);
  if (expected.status) expect(answer.status, summary).toBe(expected.status);
  expect(answer.error?.message, summary).toBeTruthy();
  if (expected.field) {
    const fields = answer.error?.fieldErrors ?? {};
    expect(Object.keys(fields), summary).toContain(expected.field);
    expect(fields[expected.field]![0], summary).toBeTruthy();
  }
  expect(await dump(), 'a refused request changed the database').toBe(before);
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

/** A copy of `input` with the value at `path` (dotted, or a list of keys) replaced. */
function withValue(input: unknown, path: string | string[], value: unknown) {
  const copy = clone(input) as Record<string, unknown>;
  const keys = typeof path === 'string' ? path.split('.') : path;
  let target = copy as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
  target[keys.at(-1)!] = value;
  return copy;
}

/** The JSON of `input` with the value at `path` written as raw JSON text (NaN, 1e999, "\ud800"…). */
function withRawJson(input: unknown, path: string, raw: string) {
  return JSON.stringify(withValue(input, path, '@@RAW@@')).replace('"@@RAW@@"', raw);
}

/** Every string in `value`, by its path (a list of keys: a key may itself hold dots). */
function textPaths(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value === 'string') return [prefix];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => textPaths(child, [...prefix, key]));
}

const draftInput = () => ({ organizationId: fx.own.id, year: draftYear, expectedVersion: 0, data: completeReportData() });

describe('malformed requests', () => {
  const bodies: [string, string][] = [
    ['truncated JSON', '{"name": "Sahel'],
    ['single quotes', "{'name': 'Sahel'}"],
    ['a trailing comma', '{"name": "Sahel",}'],
    ['a bare NaN', 'NaN'],
    ['JavaScript, not JSON', '({ name: "x" })'],
    ['an array', '[1, 2, 3]'],
    ['a string', '"organizations.create"'],
    ['null', 'null'],
    ['a number', '42'],
    ['comments', '{"name": "Sahel" /* hi */}'],
    ['nothing but whitespace', '   \n  '],
  ];
  for (const [name, body] of bodies)
    it(`refuses ${name}`, async () => {
      const before = await dump();
      await expectRefused(await coordinator.postRaw('organizations.create', body), before, { status: 400 });
    });

  it('refuses a body that is not UTF-8', async () => {
    const before = await dump();
    const body = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]);
    await expectRefused(await coordinator.postRaw('organizations.create', body), before, { status: 400 });
  });

  it('refuses a query whose input is not JSON', async () => {
    const before = await dump();
    const answer = await coordinator.raw('/trpc/organizations.list?input=%7Bnot-json');
    expect(answer.status).toBe(400);
    expect(answer.json?.error?.message).toBeTruthy();
    expect(await dump()).toBe(before);
  });

  it('refuses a mutation sent as GET, a query sent as POST and an unknown procedure', async () => {
    const before = await dump();
    const asGet = await coordinator.raw(`/trpc/organizations.create?input=${encodeURIComponent('{}')}`);
    expect(asGet.status).toBe(405);
    await expectRefused(await coordinator.mutation('organizations.list', {}), before, { status: 405 });
    await expectRefused(await coordinator.mutation('organizations.drop', {}), before, { status: 404 });
    await expectRefused(await coordinator.mutation('__proto__.constructor', {}), before, { status: 404 });
  });

  it('refuses a batch of more than ten calls', async () => {
    const before = await dump();
    const paths = Array.from({ length: 11 }, () => 'auth.me').join(',');
    const answer = await coordinator.raw(`/trpc/${paths}?batch=1&input=%7B%7D`);
    expect(answer.status).toBe(400);
    expect(await dump()).toBe(before);
  });

  const contentTypes = [
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/xml',
    'application/json-patch+json',
    'application/jsonx',
  ];
  for (const type of contentTypes)
    it(`refuses a mutation sent as ${type} with 415`, async () => {
      const before = await dump();
      const body = JSON.stringify(await validCalls['organizations.create']!.input(fx));
      await expectRefused(await coordinator.postRaw('organizations.create', body, { 'content-type': type }), before, {
        status: 415,
      });
    });

  it('refuses a mutation without a content type with 415', async () => {
    const before = await dump();
    const answer = await coordinator.raw('/trpc/organizations.create', { method: 'POST', body: new TextEncoder().encode('{}') });
    expect(answer.status).toBe(415);
    expect(await dump()).toBe(before);
  });

  it('accepts application/json with a charset', async () => {
    const answer = await coordinator.postRaw(
      'organizations.create',
      JSON.stringify(await validCalls['organizations.create']!.input(fx)),
      { 'content-type': 'Application/JSON; charset=utf-8' },
    );
    expect(answer.status).toBe(200);
  });
});

describe('oversize bodies', () => {
  const TEN_MB = 10 * 1024 * 1024;
  const chunks = function* () {
    const chunk = Buffer.alloc(64 * 1024, 'a');
    yield Buffer.from('{"name":"');
    for (let sent = 0; sent < TEN_MB; sent += chunk.length) yield chunk;
    yield Buffer.from('"}');
  };

  it('refuses 10 MB with a Content-Length at once with 413, before reading it', async () => {
    const before = await dump();
    const answer = await rawRequest(server.url, {
      method: 'POST',
      path: '/trpc/organizations.create',
      headers: { 'content-type': 'application/json', 'content-length': String(TEN_MB + 11), cookie: coordinator.cookie! },
      body: chunks(),
    });
    expect(answer.error).toBeNull();
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.message).toMatch(/over 1048576 bytes/);
    expect(answer.bytesWrittenAtAnswer).toBeLessThan(TEN_MB);
    expect(await dump()).toBe(before);
  });

  it('refuses 10 MB sent in chunks without a length with 413, after at most about 1 MB', async () => {
    const before = await dump();
    const answer = await rawRequest(server.url, {
      method: 'POST',
      path: '/trpc/organizations.create',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', cookie: coordinator.cookie! },
      body: chunks(),
    });
    expect(answer.error).toBeNull();
    expect(answer.status).toBe(413);
    expect(answer.bytesWrittenAtAnswer).toBeLessThan(TEN_MB / 2);
    expect(await dump()).toBe(before);
  });

  it('refuses a query string too long for the server with a 4xx', async () => {
    const answer = await coordinator.raw(`/trpc/organizations.list?input=${'%22'.repeat(40_000)}`);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
  });

  it('refuses input nested absurdly deep', async () => {
    const before = await dump();
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const answer = await coordinator.postRaw('reports.saveDraft', withRawJson(draftInput(), 'data.capacity.supportAreas', deep));
    await expectRefused(answer, before, { status: 400 });
  });
});

describe('report figures', () => {
  type Case = [name: string, path: string, value: unknown, field: string];
  const cases: Case[] = [
    // wrong types
    ['an amount as a string', 'data.funding.inScopeExpenditure', '1000000', 'data.funding.inScopeExpenditure'],
    ['a count as a string', 'data.collaboration.localPartners', '12', 'data.collaboration.localPartners'],
    ['yes/no as a string', 'data.credit.hasCreditPolicy', 'yes', 'data.credit.hasCreditPolicy'],
    ['a list as a string', 'data.capacity.supportAreas', 'digital_data', 'data.capacity.supportAreas'],
    ['a currency as a number', 'data.currency', 978, 'data.currency'],
    ['leadership as a list', 'data.collaboration.partnersByLeadership', [1, 2], 'data.collaboration.partnersByLeadership'],
    ['a section as null', 'data.funding', null, 'data.funding'],
    ['a count as an object', 'data.needs.assessmentsTotal', { value: 6 }, 'data.needs.assessmentsTotal'],
    ['a version as a string', 'expectedVersion', '0', 'expectedVersion'],
    ['a fractional year', 'year', 2025.5, 'year'],
    ['an organisation id as a string', 'organizationId', '1', 'organizationId'],
    ['a boolean as a number', 'data.credit.hasCreditPolicy', 1, 'data.credit.hasCreditPolicy'],
    // negative
    ['a negative transfer', 'data.funding.toLocalDirect', -1, 'data.funding.toLocalDirect'],
    ['a negative cent', 'data.capacity.capacitySpend', -0.01, 'data.capacity.capacitySpend'],
    ['a negative count', 'data.collaboration.forums', -1, 'data.collaboration.forums'],
    ['a negative version', 'expectedVersion', -1, 'expectedVersion'],
    ['a negative organisation id', 'organizationId', -5, 'organizationId'],
    // huge
    ['a quadrillion', 'data.funding.inScopeExpenditure', 1e15, 'data.funding.inScopeExpenditure'],
    ['the largest double', 'data.funding.inScopeExpenditure', Number.MAX_VALUE, 'data.funding.inScopeExpenditure'],
    ['ten billion partners', 'data.collaboration.localPartners', 1e10, 'data.collaboration.localPartners'],
    ['an unsafe integer', 'data.needs.assessmentsTotal', 2 ** 53 + 2, 'data.needs.assessmentsTotal'],
    ['a year far away', 'year', 99_999, 'year'],
    ['an id beyond int4', 'organizationId', 2 ** 31, 'organizationId'],
    // three decimals and fractions
    ['three decimals', 'data.funding.toLocalDirect', 100.005, 'data.funding.toLocalDirect'],
    ['a tenth of a cent', 'data.capacity.capacitySpend', 0.001, 'data.capacity.capacitySpend'],
    ['three decimals on the total', 'data.funding.inScopeExpenditure', 1_000_000.123, 'data.funding.inScopeExpenditure'],
    ['half a partner', 'data.collaboration.localPartners', 1.5, 'data.collaboration.localPartners'],
    // unknown enum values
    ['an unknown status', 'data.collaboration.status', 'done', 'data.collaboration.status'],
    ['a status in capitals', 'data.funding.status', 'FULFILLED', 'data.funding.status'],
    ['an unknown support area', 'data.capacity.supportAreas', ['magic'], 'data.capacity.supportAreas.0'],
    ['a support area twice', 'data.capacity.supportAreas', ['fundraising', 'fundraising'], 'data.capacity.supportAreas'],
    ['a currency in lower case', 'data.currency', 'eur', 'data.currency'],
    ['a four-letter currency', 'data.currency', 'EURO', 'data.currency'],
    // oversize text
    ['a narrative of 3001 characters', 'data.funding.narrative', 'a'.repeat(3001), 'data.funding.narrative'],
    ['a narrative of 3001 emoji', 'data.needs.narrative', '🌍'.repeat(3001), 'data.needs.narrative'],
    ['a reason of 1001 characters', 'data.credit.notApplicableReason', 'r'.repeat(1001), 'data.credit.notApplicableReason'],
    // keys that are not fields
    ['an unknown field', 'data.funding.toLocalTriple', 5, 'data.funding'],
    ['a constructor key', 'data.collaboration.constructor', { prototype: 1 }, 'data.collaboration.constructor'],
    ['a prototype key', 'data.needs.prototype', 1, 'data.needs.prototype'],
  ];
  for (const [name, path, value, field] of cases)
    it(`refuses ${name}`, async () => {
      const before = await dump();
      await expectRefused(await signatory.mutation('reports.saveDraft', withValue(draftInput(), path, value)), before, {
        status: 400,
        field,
      });
    });

  const partsLargerThanWholes: [string, Parameters<typeof completeReportData>[0], string][] = [
    ['fora co-led above fora', { collaboration: { forums: 4, forumsCoLed: 5 } }, 'data.collaboration.forumsCoLed'],
    [
      'women-led partners above all partners',
      { collaboration: { localPartners: 12, partnersByLeadership: { ...completeReportData().collaboration.partnersByLeadership!, womenLed: 13 } } },
      'data.collaboration.partnersByLeadership.womenLed',
    ],
    ['transfers above the in-scope expenditure', { funding: { inScopeExpenditure: 200_000 } }, 'data.funding.inScopeExpenditure'],
    ['transfers above by one cent', { funding: { inScopeExpenditure: 254_999.99 } }, 'data.funding.inScopeExpenditure'],
    ['multi-year above counted funding', { funding: { multiYearToLocal: 240_000.01 } }, 'data.funding.multiYearToLocal'],
    ['joint assessments above all', { needs: { assessmentsTotal: 6, assessmentsJoint: 7 } }, 'data.needs.assessmentsJoint'],
    ['crediting above reviewed', { credit: { publicationsReviewed: 20, publicationsCrediting: 21 } }, 'data.credit.publicationsCrediting'],
    ['supported above received', { capacity: { requestsReceived: 5, requestsSupported: 6 } }, 'data.capacity.requestsSupported'],
  ];
  for (const [name, overrides, field] of partsLargerThanWholes)
    it(`refuses ${name}`, async () => {
      const before = await dump();
      const input = { ...draftInput(), data: completeReportData(overrides) };
      await expectRefused(await signatory.mutation('reports.saveDraft', input), before, { status: 400, field });
    });

  const rawValues: [string, string, string][] = [
    ['NaN', 'data.funding.toLocalDirect', 'NaN'],
    ['Infinity', 'data.funding.inScopeExpenditure', 'Infinity'],
    ['-Infinity', 'data.capacity.capacitySpend', '-Infinity'],
    ['1e999 (Infinity once parsed)', 'data.funding.inScopeExpenditure', '1e999'],
    ['-1e999', 'data.collaboration.localPartners', '-1e999'],
    ['a hexadecimal number', 'data.collaboration.forums', '0x10'],
    ['undefined', 'data.needs.assessmentsTotal', 'undefined'],
  ];
  for (const [name, path, raw] of rawValues)
    it(`refuses ${name}`, async () => {
      const before = await dump();
      const answer = await signatory.postRaw('reports.saveDraft', withRawJson(draftInput(), path, raw));
      // Literal NaN is not JSON at all (400 on parsing); 1e999 parses, to Infinity, and the schema refuses it.
      await expectRefused(answer, before, { status: 400, ...(raw.includes('e999') ? { field: path } : {}) });
    });

  it('refuses __proto__ keys at every level', async () => {
    for (const path of ['__proto__', 'data.__proto__', 'data.funding.__proto__', 'data.collaboration.partnersByLeadership.__proto__']) {
      const before = await dump();
      // JSON.stringify drops a __proto__ set through assignment; write it into the text instead.
      const body = withRawJson(draftInput(), path.replace('__proto__', 'placeholderKey'), '{"isAdmin": true}').replace(
        '"placeholderKey"',
        '"__proto__"',
      );
      await expectRefused(await signatory.postRaw('reports.saveDraft', body), before, { status: 400, field: path });
    }
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('saves the same draft once the figures are right (the refusals above were about their field)', async () => {
    const answer = await signatory.mutation('reports.saveDraft', draftInput());
    expect(answer.error).toBeNull();
    expect(answer.data).toEqual({ version: 1 });
    draftYear = await fx.freshYear();
  });
});

describe('text fields of every procedure', () => {
  const hostile: [string, string][] = [
    ['a NUL byte', 'Sahel\u0000Collective'],
    ['only a NUL byte', '\u0000'],
    ['a lone surrogate', 'Sahel \ud800 Collective'],
  ];
  for (const [path, call] of Object.entries(validCalls)) {
    it(`${path}: refuses text PostgreSQL cannot store in every text field, naming the field`, async () => {
      const input = await call.input(fx);
      const fields = textPaths(input);
      for (const field of fields)
        for (const [, text] of hostile) {
          const client = await sweeper();
          const before = await dump();
          const answer = await callOverHttp(client, path, withValue(input, field, text));
          await expectRefused(answer, before, { status: 400, field: field.join('.') });
        }
    });
  }

  const unusual: [string, string][] = [
    ['SQL metacharacters', `x'); DROP TABLE users; -- ' OR '1'='1`],
    ['LIKE wildcards and backslashes', '100% \\_ of_all\\'],
    ['right-to-left script with marks', 'منظمة المهاجرين\u200F (RTL) \u202Eevil\u202C'],
    ['combining marks', 'Ź̴̡a̶l̷g̸o̵ ñ vs n\u0303'],
    ['emoji and joiners', '👩🏽‍🌾 🏳️‍🌈 🇰🇪'],
  ];
  for (const [path, call] of Object.entries(validCalls)) {
    it(`${path}: answers unusual text in every text field without a 500`, async () => {
      const input = await call.input(fx);
      for (const field of textPaths(input))
        for (const [, text] of unusual) {
          const client = await sweeper();
          const answer = await callOverHttp(client, path, withValue(input, field, text));
          expect(answer.status, `${field}: ${answer.text.slice(0, 300)}`).toBeLessThan(500);
          if (answer.status >= 400) expect(answer.error?.message).toBeTruthy();
        }
    });
  }
});

describe('unusual text is stored exactly and harms nothing', () => {
  const texts = [
    `O'Brien "Partners"; DROP TABLE organizations; --`,
    'منظمة النساء المهاجرات في الساحل',
    'Ꭰ̷̢e̵̛ ne\u0301e\u0301 Zoë',
    'Women-led 👩🏽‍🤝‍👩🏿 network 🇸🇳',
    '%_\\ LIKE \\% wildcards',
  ];

  it('keeps organisation names and acronyms as sent, and finds them by search', async () => {
    for (const [i, text] of texts.entries()) {
      const name = `${text} ${i}`;
      const acronym = Array.from(text).slice(0, 10).join('').trim();
      const created = await coordinator.mutation('organizations.create', {
        name,
        acronym,
        type: 'migrant_led',
        country: 'SN',
        signedOn: '2024-01-10',
        disclosure: 'public',
      });
      expect(created.error).toBeNull();
      const read = await coordinator.query('organizations.get', { id: created.data.id });
      expect(read.data).toMatchObject({ name, acronym });
      const found = await coordinator.query('organizations.list', { search: name });
      expect(found.data.map((o: { name: string }) => o.name)).toEqual([name]);
    }
    // The wildcards were searched for as text, not as patterns.
    const percent: { name: string; acronym: string | null }[] = (await coordinator.query('organizations.list', { search: '%' })).data;
    expect(percent.map((o) => o.name)).toContain(`${texts[4]} 4`);
    for (const o of percent) expect(`${o.name} ${o.acronym}`).toContain('%');
    // Every table is still there.
    expect((await coordinator.query('users.list')).status).toBe(200);
  });

  it('keeps narratives, reasons, comments and justifications as sent', async () => {
    const year = await fx.freshYear();
    const key = { organizationId: fx.own.id, year };
    const data = completeReportData({
      collaboration: { narrative: texts[0]! },
      funding: { narrative: texts[1]! },
      needs: { status: 'not_applicable', narrative: texts[3]!, notApplicableReason: texts[2]! },
      credit: { narrative: texts[4]! },
      capacity: { narrative: texts.join('\n') },
    });
    const saved = await signatory.mutation('reports.saveDraft', { ...key, expectedVersion: 0, data });
    expect(saved.error).toBeNull();
    const read = await signatory.query('reports.get', key);
    expect(read.data.report.data).toEqual(data);
    const submitted = await signatory.mutation('reports.submit', { ...key, expectedVersion: saved.data.version });
    expect(submitted.error).toBeNull();
    const returned = await coordinator.mutation('reports.review', { ...key, decision: 'return', comment: texts[1] });
    expect(returned.error).toBeNull();
    const history = await signatory.query('reports.history', key);
    expect(JSON.stringify(history.data)).toContain(JSON.stringify(texts[1]).slice(1, -1));
  });

  it('keeps user names as sent', async () => {
    const created = await coordinator.mutation('users.create', {
      email: `rtl.${fx.unique()}@test.example`,
      name: texts[1],
      password: 'a-long-unusual-passphrase',
      role: 'donor',
    });
    expect(created.error).toBeNull();
    const users = await coordinator.query('users.list');
    expect(users.data.find((u: { id: number }) => u.id === created.data.id)?.name).toBe(texts[1]);
  });
});

describe('look-alike names', () => {
  const organization = (name: string, acronym: string | null = null) => ({
    name,
    acronym,
    type: 'local_ngo',
    country: 'SN',
    signedOn: '2024-01-10',
    disclosure: 'public',
  });

  it('refuses an organisation whose name differs from another only by Unicode normalisation or case', async () => {
    const suffix = fx.unique();
    const composed = `Réseau des Femmes Migrantes ${suffix}`;
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    expect((await coordinator.mutation('organizations.create', organization(composed))).status).toBe(200);
    const before = await dump();
    const twin = await coordinator.mutation('organizations.create', organization(decomposed.toUpperCase()));
    expect(twin.status, twin.text).toBe(409);
    expect(twin.error?.fieldErrors?.name?.[0]).toMatch(/already exists/);
    expect(await dump()).toBe(before);
    // And search finds the name whichever way it is typed.
    const found = await coordinator.query('organizations.list', { search: decomposed });
    expect(found.data.map((o: { name: string }) => o.name)).toEqual([composed]);
  });

  const invisible: [string, string][] = [
    ['a zero-width space', 'Sahel\u200BWomen'],
    ['a right-to-left override', 'Sahel \u202Enemow'],
    ['a left-to-right mark', '\u200ESahel Women'],
    ['a directional isolate', 'Sahel \u2066Women\u2069'],
    ['a byte order mark (zero-width no-break space)', 'Sahel\uFEFFWomen'],
    ['a soft hyphen', 'Sa\u00ADhel Women'],
  ];
  for (const [what, name] of invisible) {
    it(`refuses ${what} in organisation names, acronyms and user names, with a clear message`, async () => {
      const before = await dump();
      const message = /invisible or direction-changing/;
      const asName = await coordinator.mutation('organizations.create', organization(`${name} ${fx.unique()}`));
      expect(asName.status).toBe(400);
      expect(asName.error?.fieldErrors?.name?.[0]).toMatch(message);
      const asAcronym = await coordinator.mutation('organizations.create', organization(`Plain ${fx.unique()}`, name.slice(0, 12)));
      expect(asAcronym.status).toBe(400);
      expect(asAcronym.error?.fieldErrors?.acronym?.[0]).toMatch(message);
      const user = await coordinator.mutation('users.create', {
        email: `lookalike.${fx.unique()}@test.example`,
        name,
        password: 'a-long-unusual-passphrase',
        role: 'donor',
      });
      expect(user.status).toBe(400);
      expect(user.error?.fieldErrors?.name?.[0]).toMatch(message);
      const rename = await coordinator.mutation('users.update', { id: fx.users.bystander.id, name });
      expect(rename.error?.fieldErrors?.name?.[0]).toMatch(message);
      expect(await dump()).toBe(before);
    });
  }

  it('keeps the joiners that scripts and emoji need (ZWNJ, ZWJ)', async () => {
    const name = `\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645 👩🏽\u200D🤝\u200D👩🏿 ${fx.unique()}`;
    const created = await coordinator.mutation('organizations.create', organization(name));
    expect(created.status, created.text).toBe(200);
  });
});

describe('other inputs', () => {
  type Case = [name: string, path: string, input: unknown, field?: string];
  const cases: Case[] = [
    ['a rate of zero', 'rates.upsert', { year: 2025, currency: 'EUR', usdPerUnit: 0 }, 'usdPerUnit'],
    ['a rate too small to store', 'rates.upsert', { year: 2025, currency: 'EUR', usdPerUnit: 1e-12 }, 'usdPerUnit'],
    ['a negative rate', 'rates.upsert', { year: 2025, currency: 'EUR', usdPerUnit: -1.1 }, 'usdPerUnit'],
    ['a huge rate', 'rates.upsert', { year: 2025, currency: 'EUR', usdPerUnit: 1e12 }, 'usdPerUnit'],
    ['a rate as a string', 'rates.upsert', { year: 2025, currency: 'EUR', usdPerUnit: '1.1' }, 'usdPerUnit'],
    ['a USD rate other than 1', 'rates.upsert', { year: 2025, currency: 'USD', usdPerUnit: 1.1 }, 'usdPerUnit'],
    ['a currency outside ISO 4217', 'rates.upsert', { year: 2025, currency: 'XYZ', usdPerUnit: 1.1 }, 'currency'],
    ['a currency in lower case', 'rates.upsert', { year: 2025, currency: 'eur', usdPerUnit: 1.1 }, 'currency'],
    ['removing a rate named in lower case', 'rates.remove', { year: 2025, currency: 'eur' }, 'currency'],
    ['a year before 2015', 'cycles.upsert', { year: 1999, opensOn: '2000-01-01', dueOn: '2000-03-01', status: 'open' }, 'year'],
    ['a due date before the opening', 'cycles.upsert', { year: 2099, opensOn: '2100-03-01', dueOn: '2100-01-01', status: 'open' }, 'dueOn'],
    ['an impossible date', 'cycles.upsert', { year: 2099, opensOn: '2100-02-30', dueOn: '2100-03-01', status: 'open' }, 'opensOn'],
    ['year zero', 'cycles.upsert', { year: 2099, opensOn: '0000-01-01', dueOn: '2100-03-01', status: 'open' }, 'opensOn'],
    ['a timestamp for a date', 'cycles.upsert', { year: 2099, opensOn: '2100-01-01T00:00:00Z', dueOn: '2100-03-01', status: 'open' }, 'opensOn'],
    ['an unknown cycle status', 'cycles.upsert', { year: 2099, opensOn: '2100-01-01', dueOn: '2100-03-01', status: 'paused' }, 'status'],
    ['an unknown organisation type', 'organizations.create', { name: 'Cartel', type: 'cartel', country: 'KE', signedOn: '2024-01-01', disclosure: 'public' }, 'type'],
    ['an unknown country', 'organizations.create', { name: 'Atlantis Aid', type: 'other', country: 'ZZ', signedOn: '2024-01-01', disclosure: 'public' }, 'country'],
    ['an unknown disclosure', 'organizations.create', { name: 'Secretive', type: 'other', country: 'KE', signedOn: '2024-01-01', disclosure: 'secret' }, 'disclosure'],
    ['an empty name', 'organizations.create', { name: '   ', type: 'other', country: 'KE', signedOn: '2024-01-01', disclosure: 'public' }, 'name'],
    ['a name of 201 characters', 'organizations.create', { name: 'n'.repeat(201), type: 'other', country: 'KE', signedOn: '2024-01-01', disclosure: 'public' }, 'name'],
    ['an acronym of 31 characters', 'organizations.create', { name: 'Long Acronym Org', acronym: 'A'.repeat(31), type: 'other', country: 'KE', signedOn: '2024-01-01', disclosure: 'public' }, 'acronym'],
    ['a negative id', 'organizations.update', { id: -1, name: 'x' }, 'id'],
    ['an id beyond the database integer', 'organizations.update', { id: 2 ** 31, name: 'x' }, 'id'],
    ['an unknown role', 'users.create', { email: 'root@test.example', name: 'Root', password: 'a-long-unusual-passphrase', role: 'admin' }, 'role'],
    ['a donor with an organisation', 'users.create', { email: 'd@test.example', name: 'D', password: 'a-long-unusual-passphrase', role: 'donor', organizationId: 1 }, 'organizationId'],
    ['an e-mail of 255 characters', 'users.create', { email: `${'e'.repeat(243)}@test.example`, name: 'E', password: 'a-long-unusual-passphrase', role: 'donor' }, 'email'],
    ['an e-mail with a newline', 'users.create', { email: 'a@test.example\nBcc: b@test.example', name: 'E', password: 'a-long-unusual-passphrase', role: 'donor' }, 'email'],
    ['a password of 257 characters', 'users.create', { email: 'long@test.example', name: 'L', password: 'p'.repeat(257), role: 'donor' }, 'password'],
    ['an unknown review decision', 'reports.review', { organizationId: 1, year: 2025, decision: 'maybe', comment: '' }, 'decision'],
    ['a review comment of 5001 characters', 'reports.review', { organizationId: 1, year: 2025, decision: 'return', comment: 'c'.repeat(5001) }, 'comment'],
    ['a field comment on a field that does not exist', 'reports.review', { organizationId: 1, year: 2025, decision: 'return', comment: 'x', fieldComments: { constructor: 'x' } }, 'fieldComments.constructor'],
    ['a justification of 2001 characters', 'reports.submit', { organizationId: 1, year: 2025, expectedVersion: 1, justifications: { share_jump: 'j'.repeat(2001) } }, 'justifications.share_jump'],
    ['a justification for an unknown warning', 'reports.submit', { organizationId: 1, year: 2025, expectedVersion: 1, justifications: { made_up: 'x' } }, 'justifications'],
    ['a reopening reason of 2001 characters', 'reports.reopen', { organizationId: 1, year: 2025, reason: 'r'.repeat(2001) }, 'reason'],
    ['an audit page of a million rows', 'audit.list', { limit: 1_000_000 }, 'limit'],
    ['an unknown audit entity', 'audit.list', { entity: 'report_history' }, 'entity'],
    ['a breakdown by planet', 'metrics.breakdown', { year: 2025, by: 'planet' }, 'by'],
    ['a summary of a region that does not exist', 'metrics.summary', { year: 2025, region: 'atlantis' }, 'region'],
    ['a summary year as a string', 'metrics.summary', { year: '2025' }, 'year'],
    ['a trend running backwards', 'metrics.trend', { fromYear: 2025, toYear: 2020 }, 'toYear'],
    ['a trend of a thousand years', 'metrics.trend', { fromYear: 2015, toYear: 3015 }, 'toYear'],
    ['a search of 201 characters', 'organizations.list', { search: 's'.repeat(201) }, 'search'],
    ['an unknown filter', 'organizations.list', { owner: 'me' }, '_'],
  ];
  for (const [name, path, input, field] of cases)
    it(`${path}: refuses ${name}`, async () => {
      const before = await dump();
      const answer = await callOverHttp(coordinator, path, input);
      await expectRefused(answer, before, { status: 400, ...(field ? { field } : {}) });
    });

  it('refuses a login with an address that is not an e-mail, and records no attempt', async () => {
    const before = await dump();
    const answer = await signatory.anonymous().mutation('auth.login', { email: "' OR 1=1 --", password: 'x' });
    await expectRefused(answer, before, { status: 400, field: 'email' });
  });
});

describe('CSV downloads', () => {
  const queries = [
    'summary.csv?year=abc',
    'summary.csv?year=2025.5',
    'summary.csv?year=NaN',
    'summary.csv?year=1e999',
    'summary.csv?year=2025&region=%00',
    'summary.csv?year=2025&region=atlantis',
    "summary.csv?year=2025&region='%20OR%201=1",
    'summary.csv',
    'trend.csv?fromYear=2025&toYear=2015',
    'breakdown.csv?year=2025&by=planet',
    'breakdown.csv?year=2025&by=__proto__',
    'organizations.csv?year=-1',
  ];
  for (const query of queries)
    it(`refuses /csv/${query} with a 400`, async () => {
      const before = await dump();
      const answer = await coordinator.raw(`/csv/${query}`);
      expect(answer.status, answer.text.slice(0, 300)).toBe(400);
      expect(answer.json?.error?.message).toBeTruthy();
      expect(await dump()).toBe(before);
    });

  it('answers an unknown table with a 404', async () => {
    expect((await coordinator.raw('/csv/passwords.csv?year=2025')).status).toBe(404);
    expect((await coordinator.raw('/csv/..%2F..%2Fetc%2Fpasswd.csv')).status).toBe(404);
  });
});

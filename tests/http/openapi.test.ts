// The API document over real HTTP: /openapi.json is a valid OpenAPI 3.1 document (checked by a real
// validator) with every procedure of the router, as it is called over /trpc, the CSV downloads and the
// import; /api
// shows it as a page that loads nothing from another site and runs no script.
import { validate, compileErrors } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '@lpt/server/router';
import { downloadTableNames } from '@lpt/shared/downloads';
import { ApiClient, startTestServer, type TestServer } from '../security/http.ts';
import { useTestDatabase } from '../setup/database.ts';

const getDb = useTestDatabase();
let server: TestServer;
let document: any;

beforeAll(async () => {
  server = await startTestServer(getDb().db);
  document = (await new ApiClient(server.url).raw('/openapi.json')).json;
});
afterAll(async () => {
  await server?.close();
});

describe('/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    expect(document.openapi).toBe('3.1.0');
    // The validator dereferences its argument in place: it gets a copy.
    const result = await validate(structuredClone(document));
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
  });

  it('describes every procedure of the router as it is called over /trpc', () => {
    const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;
    expect(Object.keys(procedures).length).toBeGreaterThan(25);
    for (const [path, procedure] of Object.entries(procedures)) {
      const item = document.paths[`/trpc/${path}`];
      expect(item, path).toBeDefined();
      const method = procedure._def.type === 'query' ? 'get' : 'post';
      expect(Object.keys(item), path).toEqual([method]);
      expect(item[method].responses['200'], path).toBeDefined();
      expect(item[method].responses.default.content['application/json'].schema.$ref, path).toBe('#/components/schemas/Error');
    }
  });

  it('carries the input and output schemas of the procedures', () => {
    const summary = document.paths['/trpc/metrics.summary'].get;
    const input = summary.parameters.find((p: { name: string }) => p.name === 'input');
    expect(input).toMatchObject({ in: 'query', required: true });
    expect(input.content['application/json'].schema.required).toContain('year');
    const output = summary.responses['200'].content['application/json'].schema.properties.result.properties.data;
    expect(Object.keys(output.properties)).toEqual(expect.arrayContaining(['year', 'suppressed', 'reportingRate', 'funding']));
    const create = document.paths['/trpc/organizations.create'].post;
    expect(create.requestBody.content['application/json'].schema.properties.type.enum).toContain('migrant_led');
    expect(create.responses['415']).toBeDefined();
    expect(create.description).toMatch(/coordinator/);
    // A mutation without input (auth.logout) and a query without one (auth.me).
    expect(document.paths['/trpc/auth.logout'].post.requestBody.required).toBe(false);
    expect(document.paths['/trpc/auth.me'].get.parameters).toEqual([]);
  });

  it('describes releases under their own router, with their output schemas and who may call them', () => {
    const publish = document.paths['/trpc/releases.publish'].post;
    expect(publish.description).toMatch(/coordinator/);
    expect(publish.responses['200'].content['application/json'].schema.properties.result.properties.data.required).toEqual(
      expect.arrayContaining(['id', 'year', 'number', 'publishedAt']),
    );
    const list = document.paths['/trpc/releases.list'].get;
    expect(list.description).toMatch(/Anyone/);
    expect(Object.keys(list.responses['200'].content['application/json'].schema.properties.result.properties.data.properties)).toEqual(['releases']);
    expect(document.paths['/trpc/releases.preview'].get.description).toMatch(/coordinator/);
    expect(document.paths['/trpc/releases.withheldCells'].get.description).toMatch(/coordinator/);
    // The old addresses under metrics are gone, not kept beside the new ones.
    for (const old of ['releases', 'previewRelease', 'publishRelease', 'withheldCells']) expect(document.paths[`/trpc/metrics.${old}`]).toBeUndefined();
  });

  it('describes the downloads (CSV and Excel) with the query parameters of the procedures they call', () => {
    for (const table of downloadTableNames) {
      const csv = document.paths[`/csv/${table}.csv`]?.get;
      expect(csv, table).toBeDefined();
      expect(Object.keys(csv.responses['200'].content)).toEqual(['text/csv']);
      const xlsx = document.paths[`/xlsx/${table}.xlsx`]?.get;
      expect(xlsx, table).toBeDefined();
      expect(Object.keys(xlsx.responses['200'].content)).toEqual(['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
      const names = (operation: { parameters: { name: string }[] }) => operation.parameters.map((p) => p.name);
      expect(names(csv)).toEqual(expect.arrayContaining(['lang', 'format']));
      expect(names(xlsx)).toContain('lang');
      // The machine-readable variant is a CSV file only.
      expect(names(xlsx)).not.toContain('format');
    }
    expect(document.paths['/csv/summary.csv'].get.parameters.find((p: { name: string }) => p.name === 'format').schema.enum).toEqual(['data']);
    const trend = document.paths['/csv/trend.csv'].get.parameters.map((p: { name: string; required: boolean }) => [p.name, p.required]);
    expect(trend).toEqual(expect.arrayContaining([['fromYear', true], ['toYear', true], ['region', false]]));
  });

  it('describes the API token scheme: bearer on queries and downloads, never on mutations', () => {
    expect(document.components.securitySchemes.apiToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.components.securitySchemes.apiToken.description).toMatch(/read-only/);
    expect(document.info.description).toMatch(/Authorization: Bearer/);
    const summary = document.paths['/trpc/metrics.summary'].get;
    // A public read: a session, a token, or nothing.
    expect(summary.security).toEqual([{ session: [] }, { apiToken: [] }, {}]);
    expect(Object.keys(summary.responses)).toEqual(expect.arrayContaining(['401', '429']));
    expect(document.paths['/trpc/users.list'].get.security).toEqual([{ session: [] }, { apiToken: [] }]);
    expect(document.paths['/csv/organizations.csv'].get.security).toEqual([{ session: [] }, { apiToken: [] }]);
    expect(document.paths['/trpc/auth.setLocale'].post.security).toEqual([{ session: [] }]);
    expect(document.paths['/trpc/auth.setLocale'].post.responses['403'].description).toMatch(/API token/);
    expect(document.paths['/trpc/auth.createApiToken'].post.description).toMatch(/Signed-in donor or coordinator users/);
  });

  it('describes the import: its templates, and a file previewed or imported as the body', () => {
    expect(Object.keys(document.paths['/import/template.xlsx'].get.responses['200'].content)).toEqual([
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ]);
    for (const path of ['/import/preview', '/import/reports']) {
      const operation = document.paths[path].post;
      expect(Object.keys(operation.requestBody.content)).toContain('text/csv');
      expect(operation.parameters.map((p: { name: string; required: boolean }) => [p.name, p.required])).toEqual([['fileName', true], ['replace', false]]);
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '413', '415']));
    }
  });
});

describe('/api', () => {
  it('is a page of the document that loads nothing from elsewhere and runs no script', async () => {
    const answer = await new ApiClient(server.url).raw('/api');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
    expect(answer.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(answer.text).not.toMatch(/<script/i);
    expect(answer.text).not.toMatch(/(src|href)="(https?:)?\/\//i);
    for (const path of Object.keys(document.paths)) expect(answer.text).toContain(path);
  });
});

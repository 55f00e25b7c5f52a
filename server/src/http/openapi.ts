// The API document: OpenAPI 3.1 built from the router itself at start, so that a procedure added to any
// feature router is in it without a line here. Each procedure is described as it is called over /trpc
// (queries GET with ?input=<JSON>, mutations POST with a JSON body): its input and output as JSON Schema
// (zod 4's z.toJSONSchema of the procedure's own schemas), who may call it (the procedure kind's meta),
// and its errors in tRPC's format. The downloads (CSV and Excel) are described from the inputs of the procedures they
// call, and the import (/import/…) by hand. /openapi.json serves the document; /api a page of it, drawn on the
// server (no script, nothing from another site).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { appRouter } from '../router.ts';
import type { ProcedureMeta } from '../trpc.ts';
import { locales, type FileFormat } from '@lpt/shared/enums';
import { downloadTableNames, downloadTables, type DownloadFormat, type DownloadTable } from '@lpt/shared/downloads';
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from '@lpt/shared/imports';
import { XLSX_TYPE } from '../features/downloads/downloads.service.ts';

type JsonSchema = Record<string, unknown>;

interface ProcedureDef {
  type: 'query' | 'mutation' | 'subscription';
  inputs: unknown[];
  output?: unknown;
  meta?: ProcedureMeta;
}

/** A zod schema, or the checking function of an output that carries its schema (checkedBy in trpc.ts). */
function zodSchemaOf(parser: unknown): z.ZodType | null {
  if (parser instanceof z.ZodType) return parser;
  const carried = (parser as { schema?: unknown } | undefined)?.schema;
  return carried instanceof z.ZodType ? carried : null;
}

function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any', cycles: 'throw' }) as JsonSchema;
  delete json.$schema;
  return json;
}

function inputOf(def: ProcedureDef): { schema: JsonSchema; required: boolean } | null {
  const schemas = def.inputs.map(zodSchemaOf);
  if (schemas.length === 0) return null;
  if (schemas.some((s) => s === null)) return { schema: {}, required: false };
  const json = (schemas as z.ZodType[]).map((s) => jsonSchemaOf(s, 'input'));
  return {
    schema: json.length === 1 ? json[0]! : { allOf: json },
    required: (schemas as z.ZodType[]).every((s) => !s.safeParse(undefined).success),
  };
}

function outputOf(def: ProcedureDef): JsonSchema {
  const schema = zodSchemaOf(def.output);
  return schema ? jsonSchemaOf(schema, 'output') : { description: 'Not described by an output schema: see the source.' };
}

function accessText(meta: ProcedureMeta | undefined): string {
  if (!meta || meta.access === 'public') return 'Anyone, signed in or not.';
  if (meta.access === 'signed-in') return 'Any signed-in user (a signatory only for its own organisation).';
  return `Signed-in ${meta.roles?.join(' or ')} users.`;
}

const errorCodes = [
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'METHOD_NOT_SUPPORTED',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'TOO_MANY_REQUESTS',
  'INTERNAL_SERVER_ERROR',
  'SERVICE_UNAVAILABLE',
];

const errorSchema: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['message', 'code', 'data'],
      properties: {
        message: { type: 'string' },
        code: { type: 'integer', description: 'JSON-RPC 2.0 error code' },
        data: {
          type: 'object',
          required: ['code', 'httpStatus'],
          properties: {
            code: { type: 'string', enum: errorCodes },
            httpStatus: { type: 'integer' },
            path: { type: ['string', 'null'] },
            fieldErrors: {
              type: ['object', 'null'],
              description: 'Messages per field, keyed by dotted path (section.field)',
              additionalProperties: { type: 'array', items: { type: 'string' } },
            },
            issues: {
              type: ['array', 'null'],
              description: 'The same problems with a stable code and parameters: { code, field, params, message }',
              items: {
                type: 'object',
                required: ['code', 'field', 'params', 'message'],
                properties: { code: { type: 'string' }, field: { type: 'string' }, params: { type: 'object' }, message: { type: 'string' } },
              },
            },
            refusal: {
              type: ['object', 'null'],
              description: 'Why the whole request was refused, as a stable code with parameters (e.g. cycle_closed, { year })',
              required: ['code', 'params'],
              properties: { code: { type: 'string' }, params: { type: 'object' } },
            },
            retryAfterSeconds: { type: 'integer', description: 'TOO_MANY_REQUESTS: when the caller may try again' },
          },
        },
      },
    },
  },
};

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

function errorResponses(def: ProcedureDef, hasInput: boolean) {
  const access = def.meta?.access ?? 'public';
  return {
    ...(hasInput || def.type === 'mutation' ? { 400: errorResponse('BAD_REQUEST: the input is refused; fieldErrors name the fields') } : {}),
    ...(access !== 'public' ? { 401: errorResponse('UNAUTHORIZED: no session, or it has ended') } : {}),
    ...(access !== 'public' || def.type === 'mutation'
      ? { 403: errorResponse('FORBIDDEN: not this caller’s role or organisation, or a cross-site request') }
      : {}),
    ...(def.type === 'mutation'
      ? {
          413: errorResponse('PAYLOAD_TOO_LARGE: a body over 1 MB'),
          415: errorResponse('UNSUPPORTED_MEDIA_TYPE: the body is not application/json'),
        }
      : {}),
    503: errorResponse('SERVICE_UNAVAILABLE: the database is down; try again shortly'),
    default: errorResponse('Any other error (NOT_FOUND, CONFLICT, TOO_MANY_REQUESTS, INTERNAL_SERVER_ERROR) in the same format'),
  };
}

function procedureOperation(path: string, def: ProcedureDef) {
  const input = inputOf(def);
  const tag = path.split('.')[0]!;
  const common = {
    operationId: path,
    tags: [tag],
    summary: `${path} (${def.type})`,
    description: `Who may call it: ${accessText(def.meta)}`,
    responses: {
      200: {
        description: 'The result',
        content: {
          'application/json': {
            schema: { type: 'object', required: ['result'], properties: { result: { type: 'object', properties: { data: outputOf(def) } } } },
          },
        },
      },
      ...errorResponses(def, input !== null),
    },
  };
  if (def.type === 'query')
    return {
      get: {
        ...common,
        parameters: input
          ? [
              {
                name: 'input',
                in: 'query',
                required: input.required,
                description: 'The input as URL-encoded JSON',
                content: { 'application/json': { schema: input.schema } },
              },
            ]
          : [],
      },
    };
  return {
    post: {
      ...common,
      requestBody: {
        required: input?.required ?? false,
        content: { 'application/json': { schema: input?.schema ?? { type: 'object', maxProperties: 0 } } },
      },
    },
  };
}

const langParameter = {
  name: 'lang',
  in: 'query',
  required: false,
  description: "The language of a people's file's headers and labels; without it the account's language, else Accept-Language, else English",
  schema: { type: 'string', enum: [...locales] },
};

function downloadOperation(table: DownloadTable, format: DownloadFormat, def: ProcedureDef) {
  const procedure = downloadTables[table];
  const input = inputOf(def)?.schema ?? {};
  const properties = (input.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((input.required as string[] | undefined) ?? []);
  const parameters = [
    ...Object.entries(properties).map(([name, schema]) => ({ name, in: 'query', required: required.has(name), schema })),
    langParameter,
    ...(format === 'csv'
      ? [
          {
            name: 'format',
            in: 'query',
            required: false,
            description:
              'data: the machine-readable file instead of the people\'s one: the API\'s dotted field names as headers, raw numbers (shares as fractions), codes (government_national), suppressed and suppressedBecause status codes, and withheld cells saying so in English; no lang',
            schema: { type: 'string', enum: ['data'] },
          },
        ]
      : []),
  ];
  const people =
    "Headers and labels in the reader's language, shares in percent (one decimal in CSV), US dollars rounded to cents, a withheld figure an empty cell with the row's Status column saying why";
  return {
    get: {
      operationId: `${format}.${table}`,
      tags: ['downloads'],
      summary: `The ${table} table as ${format === 'csv' ? 'a CSV file' : 'an Excel workbook'} (calls metrics.${procedure})`,
      description: `Who may download it: ${accessText(def.meta)} The query parameters are the input of metrics.${procedure}, and lang${format === 'csv' ? ' and format' : ''}.`,
      parameters,
      responses: {
        200:
          format === 'csv'
            ? {
                description: `A CSV file (UTF-8 with a byte order mark, CRLF lines). ${people}; numbers with a decimal point in every language.`,
                content: { 'text/csv': { schema: { type: 'string' } } },
              }
            : {
                description: `An Excel workbook with the CSV's rows: ${people}; typed cells (numbers, percent format, dates), a frozen header row, and a Definitions sheet (each column's definition, what each withheld reason means, the release).`,
                content: { [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } } },
              },
        404: errorResponse('NOT_FOUND: no such table'),
        ...errorResponses(def, true),
        400: errorResponse('BAD_REQUEST: an input the procedure refuses (fieldErrors name the fields), or a format other than data (CSV only)'),
      },
    },
  };
}

/** The bulk import (import-route.ts): templates to download, and a file previewed or imported as the body. */
function importOperations(): Record<string, unknown> {
  const who = 'Who may call it: coordinators.';
  const refused = {
    401: errorResponse('UNAUTHORIZED: no session, or it has ended'),
    403: errorResponse('FORBIDDEN: not a coordinator, or a cross-site request'),
  };
  const template = (format: FileFormat, type: string) => ({
    get: {
      operationId: `import.template.${format}`,
      tags: ['import'],
      summary: `The ${format === 'csv' ? 'CSV' : '.xlsx'} template of an import file`,
      description: `${who} Two header rows: every column's name in the language of ?lang= (en, fr, es), the account or Accept-Language, then its API path (importColumns in shared/src/imports.ts), which the reader takes as the header${format === 'xlsx' ? '; drop-down lists on the enumerated columns, and a second sheet defining each column and its unit' : ''}.`,
      parameters: [{ name: 'lang', in: 'query', required: false, schema: { enum: [...locales] } }],
      responses: { 200: { description: 'The template', content: { [type]: { schema: { type: 'string' } } } }, ...refused },
    },
  });
  const upload = (operationId: string, summary: string, answer: string) => ({
    post: {
      operationId,
      tags: ['import'],
      summary,
      description: `${who} The body is the file itself (CSV in UTF-8, or .xlsx), at most ${IMPORT_MAX_BYTES} bytes and ${IMPORT_MAX_ROWS} rows.`,
      parameters: [
        { name: 'fileName', in: 'query', required: true, schema: { type: 'string', minLength: 1, maxLength: 255 } },
        { name: 'replace', in: 'query', required: false, schema: { enum: ['true', 'false'], default: 'false' } },
      ],
      requestBody: {
        required: true,
        content: Object.fromEntries(
          ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/octet-stream'].map((type) => [
            type,
            { schema: { type: 'string', format: 'binary' } },
          ]),
        ),
      },
      responses: {
        200: { description: answer, content: { 'application/json': { schema: { type: 'object' } } } },
        400: errorResponse('BAD_REQUEST: the file is refused; data.issues name each problem with its row (params.row) and column (field)'),
        ...refused,
        413: errorResponse('PAYLOAD_TOO_LARGE: the file is over the size limit (refused before it is read)'),
        415: errorResponse('UNSUPPORTED_MEDIA_TYPE: the body is not a file type'),
      },
    },
  });
  return {
    '/import/template.csv': template('csv', 'text/csv'),
    '/import/template.xlsx': template('xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
    '/import/preview': upload('import.preview', 'What importing the file would do, row by row (ImportPreview)', 'The preview: each row, its organisation, outcome and coded issues'),
    '/import/reports': upload('import.reports', 'Imports the file, all rows or none (ImportResult)', 'What was imported (nothing when the same file was imported before)'),
  };
}

const plain = (description: string, schema: JsonSchema) => ({
  get: { description, responses: { 200: { description, content: { 'application/json': { schema } } } } },
});

export function buildApiDocument() {
  const procedures = appRouter._def.procedures as unknown as Record<string, { _def: ProcedureDef }>;
  const paths: Record<string, unknown> = {};
  for (const [path, procedure] of Object.entries(procedures)) {
    if (procedure._def.type === 'subscription') continue;
    paths[`/trpc/${path}`] = procedureOperation(path, procedure._def);
  }
  for (const table of downloadTableNames) {
    const procedure = procedures[`metrics.${downloadTables[table]}`];
    if (!procedure) continue;
    paths[`/csv/${table}.csv`] = downloadOperation(table, 'csv', procedure._def);
    paths[`/xlsx/${table}.xlsx`] = downloadOperation(table, 'xlsx', procedure._def);
  }
  Object.assign(paths, importOperations());
  paths['/healthz'] = plain('The process is up', { type: 'object', properties: { status: { const: 'ok' } } });
  paths['/readyz'] = {
    get: {
      description: 'The database answers and every migration is applied',
      responses: {
        200: { description: 'Ready', content: { 'application/json': { schema: { type: 'object' } } } },
        503: { description: 'Database unavailable, or migrations pending', content: { 'application/json': { schema: { type: 'object' } } } },
      },
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Localization Pledge Tracker API',
      version: '1',
      description:
        'tRPC over plain JSON (no transformer). Queries: GET /trpc/<procedure>?input=<URL-encoded JSON>; mutations: POST /trpc/<procedure> with a JSON body. Answers are {"result":{"data":…}}; errors {"error":{message, code, data:{code, httpStatus, fieldErrors, issues, refusal}}}. auth.login sets the session cookie (HttpOnly, SameSite=Lax); mutations from another site are refused.',
    },
    servers: [{ url: '/' }],
    tags: [...new Set(Object.keys(procedures).map((p) => p.split('.')[0]!)), 'downloads', 'import'].map((name) => ({ name })),
    paths,
    components: {
      schemas: { Error: errorSchema },
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'lpt_session' } },
    },
  };
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The document as a page: one section per operation, schemas as indented JSON. */
export function renderApiPage(document: ReturnType<typeof buildApiDocument>): string {
  const sections = Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Record<string, unknown>>).map(([method, operation]) => {
      const parameters = (operation.parameters as JsonSchema[] | undefined) ?? [];
      const body = (operation.requestBody as { content: Record<string, { schema: unknown }> } | undefined)?.content['application/json']?.schema;
      const responses = operation.responses as Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
      const ok = responses['200']?.content;
      const json = (value: unknown) => `<pre>${escapeHtml(JSON.stringify(value, null, 2))}</pre>`;
      return `<section id="${escapeHtml(String(operation.operationId ?? path))}">
<h3><code>${method.toUpperCase()} ${escapeHtml(path)}</code></h3>
<p>${escapeHtml(String(operation.description ?? ''))}</p>
${parameters.map((p) => `<h4>Query parameter <code>${escapeHtml(String(p.name))}</code>${p.required ? ' (required)' : ''}</h4>${json((p as { content?: Record<string, { schema: unknown }> }).content?.['application/json']?.schema ?? p.schema)}`).join('\n')}
${body ? `<h4>Body (JSON)</h4>${json(body)}` : ''}
${ok ? `<h4>Answer</h4>${json(Object.values(ok)[0]?.schema)}` : ''}
<h4>Errors</h4><ul>${Object.entries(responses)
        .filter(([status]) => status !== '200')
        .map(([status, r]) => `<li><b>${escapeHtml(status)}</b> ${escapeHtml(r.description)}</li>`)
        .join('')}</ul>
</section>`;
    }),
  );
  const index = Object.entries(document.paths)
    .flatMap(([path, item]) => Object.entries(item as Record<string, { operationId?: string }>).map(([method, op]) => ({ path, method, id: op.operationId ?? path })))
    .map(({ path, method, id }) => `<li><a href="#${escapeHtml(id)}"><code>${method.toUpperCase()} ${escapeHtml(path)}</code></a></li>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(document.info.title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
pre{background:#f4f4f4;padding:.75rem;overflow:auto;font-size:13px;max-height:24rem}section{border-top:1px solid #ccc;margin-top:1.5rem}
h3 code{font-size:1.05rem}ul.index{columns:2}</style></head>
<body><h1>${escapeHtml(document.info.title)}</h1>
<p>${escapeHtml(document.info.description)}</p>
<p>The same as an OpenAPI ${escapeHtml(document.openapi)} document: <a href="/openapi.json">/openapi.json</a>.</p>
<ul class="index">${index}</ul>
${sections.join('\n')}
</body></html>`;
}

export async function apiDocumentRoutes(app: FastifyInstance) {
  // Built on first request and kept: the router does not change while the process runs.
  let document: ReturnType<typeof buildApiDocument> | undefined;
  let page: string | undefined;
  app.get('/openapi.json', async (_request, reply) => {
    document ??= buildApiDocument();
    return reply.header('cache-control', 'no-cache').send(document);
  });
  app.get('/api', async (_request, reply) => {
    document ??= buildApiDocument();
    page ??= renderApiPage(document);
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(page);
  });
}

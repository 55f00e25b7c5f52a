// Generates the TypeScript types of an OpenAPI document with openapi-typescript, for a typed openapi-fetch
// client (tests/http/openapi-client.test.ts). A package of its own: openapi-typescript needs TypeScript 5's
// compiler API (see pnpm-workspace.yaml).
import openapiTS, { astToString } from 'openapi-typescript';

/** The document's `paths` and `components` as TypeScript declarations, as openapi-typescript writes them. */
export async function openApiTypesOf(document: object): Promise<string> {
  return astToString(await openapiTS(document as Parameters<typeof openapiTS>[0]));
}

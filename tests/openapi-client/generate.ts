// Generates the TypeScript types of an OpenAPI document with openapi-typescript, for a typed openapi-fetch
// client (tests/http/openapi-client.test.ts), and type-checks code written against them. A package of its
// own: openapi-typescript needs TypeScript 5's compiler API (see pnpm-workspace.yaml).
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';

/** The document's `paths` and `components` as TypeScript declarations, as openapi-typescript writes them. */
export async function openApiTypesOf(document: object): Promise<string> {
  return astToString(await openapiTS(document as Parameters<typeof openapiTS>[0]));
}

/**
 * The type errors of `files` (absolute paths of .ts files), strictly checked, with module names resolved
 * through `modules` (a name → the absolute path of its declarations): empty when the code fits the types.
 */
export function typeErrorsOf(files: string[], modules: Record<string, string>): string[] {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: [],
    skipLibCheck: true,
    paths: Object.fromEntries(Object.entries(modules).map(([name, file]) => [name, [file]])),
  });
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

// The import's calls: the file itself is the body of a POST to /import/preview or /import/reports (not
// tRPC: a file is bytes, and may be larger than the API's 1 MB for JSON), the answer is JSON, and a refusal
// is the API's error JSON with coded issues, each naming its row (params.row) and column (field).
import type { ImportPreview, ImportResult } from '@lpt/shared/imports';
import type { CodedIssue } from '@lpt/shared/messages';

export class ImportRefused extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly issues: CodedIssue[],
  ) {
    super(message);
  }
}

async function send<T>(path: 'preview' | 'reports', file: File, replace: boolean): Promise<T> {
  const query = new URLSearchParams({ fileName: file.name, replace: String(replace) });
  const type = /\.xlsx$/i.test(file.name) ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv';
  let response: Response;
  try {
    response = await fetch(`/import/${path}?${query}`, { method: 'POST', body: file, headers: { 'content-type': type }, credentials: 'same-origin' });
  } catch {
    throw new ImportRefused('network', 0, 'NETWORK', []);
  }
  const body = (await response.json().catch(() => null)) as { error?: { message: string; data?: { code?: string; issues?: CodedIssue[] | null } } } | null;
  if (!response.ok || body?.error)
    throw new ImportRefused(body?.error?.message ?? response.statusText, response.status, body?.error?.data?.code ?? 'INTERNAL_SERVER_ERROR', body?.error?.data?.issues ?? []);
  return body as T;
}

export const previewImportFile = (file: File, replace: boolean) => send<ImportPreview>('preview', file, replace);
export const importFile = (file: File, replace: boolean) => send<ImportResult>('reports', file, replace);

import type { Context } from '../../trpc.ts';

// Placeholder: CSV downloads of the dashboard tables are being written.
export async function csvDownload(
  _name: string,
  _query: URLSearchParams,
  _ctx: Context,
): Promise<{ filename: string; csv: string } | null> {
  return null;
}

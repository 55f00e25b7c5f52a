// Links to the CSV downloads of the dashboard's tables (GET /csv/<table>.csv, same inputs as the API).
export type CsvTable = 'summary' | 'trend' | 'breakdown' | 'organizations';

export function csvHref(table: CsvTable, query: Record<string, string | number | boolean | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== false) params.set(key, String(value));
  }
  return `/csv/${table}.csv?${params.toString()}`;
}

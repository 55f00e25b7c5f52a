// What a download asks for, for both kinds of file (downloads.data.ts for scripts, downloads.tables.ts for
// people): the metrics procedures it calls through the request's tRPC caller, the query string as their
// input, and the filters written into the file's name.
import type { z } from 'zod';
import type { MetricsBreakdown, MetricsOrganizations, MetricsSummary, MetricsTrend } from '@lpt/shared/metrics';
import type { breakdownInput, metricsOrganizationsInput, summaryInput, trendInput } from '@lpt/shared/schemas';

/** The procedures a download calls: the `metrics` of a tRPC caller made with the request's context. */
export interface MetricsProcedures {
  summary(input: z.input<typeof summaryInput>): Promise<MetricsSummary>;
  trend(input: z.input<typeof trendInput>): Promise<MetricsTrend>;
  breakdown(input: z.input<typeof breakdownInput>): Promise<MetricsBreakdown>;
  organizations(input: z.input<typeof metricsOrganizationsInput>): Promise<MetricsOrganizations>;
}

/**
 * The query string as the API input: years as numbers, includeSubmitted as a boolean. The procedure
 * validates it; once its call has returned, the input was the schema's (hence the type).
 */
export function inputOf<S extends z.ZodType>(query: URLSearchParams): z.output<S> {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of query) {
    if (['year', 'fromYear', 'toYear'].includes(key)) raw[key] = /^\d{1,6}$/.test(value) ? Number(value) : value;
    else if (key === 'includeSubmitted') raw[key] = value === 'true' ? true : value === 'false' ? false : value;
    else raw[key] = value;
  }
  return raw as z.output<S>;
}

/** `-europe-local_ngo` (or `-europe-local_national`): the filters of a one-year file in its name. */
export const filterSuffix = (input: { region?: string; organizationType?: string; typeGroup?: string }) =>
  [input.region, input.organizationType, input.typeGroup].filter(Boolean).map((s) => `-${s}`).join('');

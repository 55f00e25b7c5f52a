// The review queue's filters as they live in the address (so a link keeps them): read from the search
// params into reports.queue's input, and written back. What the address does not name is left out; a
// value the API would refuse is dropped rather than sent. Without a status the queue shows the reports
// waiting for review ("status=any": every status).
import type { z } from 'zod';
import { organizationTypes, regions, reportStatuses, type OrganizationType, type Region, type ReportStatus } from '@lpt/shared/enums';
import { MAX_YEAR, MIN_YEAR, reviewQueueAssignments, reviewQueueSorts, type reviewQueueInput } from '@lpt/shared/schemas';

export type QueueFilter = z.input<typeof reviewQueueInput>;

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
  value !== null && (values as readonly string[]).includes(value) ? (value as T) : undefined;

export function queueFilterOf(params: URLSearchParams): QueueFilter {
  const year = Number(params.get('year'));
  const status = params.get('status');
  return {
    ...(Number.isInteger(year) && year >= MIN_YEAR && year <= MAX_YEAR ? { year } : {}),
    ...(status === 'any' ? {} : { status: oneOf<ReportStatus>(reportStatuses, status) ?? 'submitted' }),
    region: oneOf<Region>(regions, params.get('region')),
    organizationType: oneOf<OrganizationType>(organizationTypes, params.get('type')),
    late: params.get('late') === '1' ? true : undefined,
    assigned: oneOf(reviewQueueAssignments, params.get('assigned')),
    sort: oneOf(reviewQueueSorts, params.get('sort')) ?? 'oldest',
  };
}

/** The address's name of each filter (the API's `organizationType` is `type` there). */
export const queueParamNames = ['year', 'status', 'region', 'type', 'late', 'assigned', 'sort'] as const;
export type QueueParam = (typeof queueParamNames)[number];

/** Only the queue's own params, for links that carry the queue to a report and back. */
export function queueSearchOf(params: URLSearchParams): string {
  const kept = new URLSearchParams();
  for (const name of queueParamNames) {
    const value = params.get(name);
    if (value) kept.set(name, value);
  }
  const text = kept.toString();
  return text ? `?${text}` : '';
}

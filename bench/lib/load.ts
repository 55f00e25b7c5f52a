// Throughput and errors under load: 64 connections for 20 s on the public dashboard's own requests
// (the URLs Chromium saw the dashboard send), cycled in order on every connection.
import autocannon from 'autocannon';

export interface LoadResult {
  connections: number;
  durationS: number;
  requests: number;
  requestsPerSecond: number;
  /** Connection errors, timeouts and non-2xx answers together. */
  errors: number;
  non2xx: number;
  timeouts: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  paths: string[];
}

export async function loadTest(baseUrl: string, paths: string[], connections = 64, durationS = 20): Promise<LoadResult> {
  const result = await autocannon({
    url: baseUrl,
    connections,
    duration: durationS,
    timeout: 10,
    requests: paths.map((path) => ({ method: 'GET' as const, path })),
  });
  return {
    connections,
    durationS: result.duration,
    requests: result.requests.total,
    requestsPerSecond: result.requests.total / result.duration,
    errors: result.errors + result.non2xx,
    non2xx: result.non2xx,
    timeouts: result.timeouts,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    paths,
  };
}

import autocannon from 'autocannon';

export interface Result {
  name: string;
  rps: number;
  p50: number;
  p99: number;
}

/** Loads one URL with `connections` connections for `seconds` (after a 1 s warm-up). */
export async function measure(
  name: string,
  url: string,
  headers: Record<string, string>,
  seconds: number,
  connections = 16,
): Promise<Result> {
  await autocannon({ url, headers, connections, duration: 1 });
  const r = await autocannon({ url, headers, connections, duration: seconds });
  if (r.non2xx > 0 || r.errors > 0) {
    throw new Error(`${name}: ${r.non2xx} non-2xx responses and ${r.errors} errors`);
  }
  return { name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 };
}

import autocannon from 'autocannon';

export interface Result {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  /** CPU time the loaded process spent per answered request, in µs (when it was given). */
  cpuUs: number | null;
}

export interface Load {
  /** Paths to request, in turn (each request takes the next one). */
  paths: string[];
  method?: 'GET' | 'POST';
  body?: unknown;
  connections?: number;
  /** Answers other than this status count as failures (default 200). */
  status?: number;
}

/**
 * Loads `base` with `connections` connections (16) for `seconds`, after a 1 s warm-up.
 * With `cpuMs` (the loaded process's CPU time), also the CPU it spent per request: less
 * disturbed than req/s when other work shares the machine.
 * Any answer but the expected status fails the run: a ratio of failures means nothing.
 */
export async function measure(
  name: string,
  base: string,
  headers: Record<string, string>,
  seconds: number,
  load: Load,
  cpuMs?: () => number,
): Promise<Result> {
  let next = 0;
  const body = load.body === undefined ? undefined : JSON.stringify(load.body);
  const options: autocannon.Options = {
    url: base,
    connections: load.connections ?? 16,
    headers: body ? { ...headers, 'content-type': 'application/json' } : headers,
    method: load.method ?? 'GET',
    body,
    requests: [
      {
        setupRequest: (request: autocannon.Request) => ({
          ...request,
          path: load.paths[next++ % load.paths.length],
        }),
      },
    ],
  };
  const expected = load.status ?? 200;
  const run = async (duration: number) => {
    const r = await autocannon({ ...options, duration });
    const wrong = Object.entries(r.statusCodeStats ?? {})
      .filter(([code]) => Number(code) !== expected)
      .map(([code, { count }]) => `${count}× ${code}`);
    if (wrong.length > 0 || r.errors > 0 || r.timeouts > 0) {
      throw new Error(`${name}: ${wrong.join(', ')} ${r.errors} errors ${r.timeouts} timeouts`);
    }
    return r;
  };
  await run(1);
  const cpuBefore = cpuMs?.();
  const r = await run(seconds);
  const cpuUs =
    cpuMs && cpuBefore !== undefined ? ((cpuMs() - cpuBefore) * 1000) / r.requests.total : null;
  // Not one answer in the whole run: its latency is longer than the run, not 0.
  const none = r.requests.total === 0 ? Infinity : null;
  return {
    name,
    rps: r.requests.average,
    p50: none ?? r.latency.p50,
    p99: none ?? r.latency.p99,
    max: none ?? r.latency.max,
    cpuUs: none ? null : cpuUs,
  };
}

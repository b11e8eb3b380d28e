import type { NovaDirect } from './nova-direct';
import type { RestApi } from './rest-api';
import {
  describe,
  isSettled,
  runLifecycle,
  sleep,
  type Seen,
  type ServerApi,
  type ServerCreate,
  type Settled,
} from './server-api';

/** How late our API showed one settled state, against Nova. */
export interface Lag {
  server: string;
  settled: Settled;
  /** Our API's first sight minus Nova's (negative: ours saw it first). */
  lagMs: number;
  /** Nova's first sight, after the call that started the step was accepted. */
  novaMs: number;
}

/** Response times of the observer's reads, to judge the resolution of the lags. */
export interface ReadTimes {
  nova: number[];
  ours: number[];
}

/**
 * Runs one lifecycle through our API while reading the server every `pollMs` both from
 * Nova (by its own client) and from our API, each with one read in flight, and returns
 * for each step how much later our API first showed the settled state than Nova did.
 * A first sight is dated at the middle of the read that made it.
 */
export async function watchLifecycle(
  api: RestApi,
  nova: NovaDirect,
  server: ServerCreate,
  pollMs: number,
  timeoutMs: number,
  times: ReadTimes,
): Promise<Lag[]> {
  const lags: Lag[] = [];
  // Nova's id for the server: looked for by name from before the create is sent, so a
  // fast build cannot settle before the observer reads it.
  let looking = true;
  const novaId = (async () => {
    while (looking) {
      const id = await nova.findByName(server.name);
      if (id !== null) return id;
      await sleep(pollMs);
    }
    throw new Error(`${server.name} never appeared in Nova`);
  })();
  novaId.catch(() => undefined); // awaited below; a failed create ends the search first
  try {
    await runLifecycle(api, server, async (id, target) => {
      const accepted = performance.now();
      const deadline = accepted + timeoutMs;
      const [ours, theirs] = await Promise.all([
        firstSeen(api, id, target, pollMs, deadline, times.ours),
        novaId.then((cloudId) => firstSeen(nova, cloudId, target, pollMs, deadline, times.nova)),
      ]);
      lags.push({
        server: server.name,
        settled: target,
        lagMs: ours - theirs,
        novaMs: theirs - accepted,
      });
    });
  } finally {
    looking = false;
  }
  return lags;
}

/**
 * When `target` was first read, reading every `pollMs` (one read in flight) until
 * `deadline`: the middle of the read that showed it. Each read's time goes to `times`.
 */
async function firstSeen(
  api: ServerApi,
  id: string,
  target: Settled,
  pollMs: number,
  deadline: number,
  times: number[],
): Promise<number> {
  let seen: Seen | undefined;
  while (performance.now() < deadline) {
    const sent = performance.now();
    seen = await api.read(id);
    const received = performance.now();
    times.push(received - sent);
    if (isSettled(seen, target)) return (sent + received) / 2;
    if (seen !== 'GONE' && seen.status === 'ERROR') break;
    await sleep(Math.max(0, pollMs - (received - sent)));
  }
  throw new Error(`server ${id} was not seen in ${target}; last seen ${describe(seen)}`);
}

/** Nearest-rank percentile (p in 0..1) of a non-empty sample. */
export function percentile(sample: readonly number[], p: number): number {
  const sorted = [...sample].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

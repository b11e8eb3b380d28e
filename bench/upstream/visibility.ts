import type { NovaDirect } from './nova-direct';
import type { RestApi } from './rest-api';
import {
  describe,
  isSettled,
  runLifecycle,
  sleep,
  type Seen,
  type ServerCreate,
  type Settled,
} from './server-api';

/** How late our API showed one settled state, against Nova. */
export interface Lag {
  server: string;
  settled: Settled;
  /**
   * Our API's first sight minus Nova's (negative: ours saw it first). Null when Nova's
   * first read after the step began already showed the state: when Nova got there is then
   * unknown, so there is no lag to take.
   */
  lagMs: number | null;
  /** Nova's first sight, after the call that began the step was accepted. */
  novaMs: number;
}

/** Response times of the observer's reads, to judge the resolution of the lags. */
export interface ReadTimes {
  nova: number[];
  ours: number[];
}

/**
 * Runs one lifecycle through our API while an observer reads the server every `pollMs`
 * from Nova (by name, from before the create is sent) and from our API, one read in
 * flight on each; returns, per step, how much later our API first showed the settled
 * state than Nova did. A first sight is dated at the middle of the read that made it.
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
  const inNova = new Timeline(() => nova.readByName(server.name), pollMs, times.nova);
  const timelines = [inNova];
  let ours: Timeline | undefined;
  try {
    await runLifecycle(api, server, async (id, target) => {
      const began = performance.now();
      if (!ours) timelines.push((ours = new Timeline(() => api.read(id), pollMs, times.ours)));
      const deadline = began + timeoutMs;
      const [oursAt, novaAt] = await Promise.all([
        ours.firstSettled(target, began, deadline),
        inNova.firstSettled(target, began, deadline),
      ]);
      lags.push({
        server: server.name,
        settled: target,
        lagMs: novaAt.sawItComing ? oursAt.at - novaAt.at : null,
        novaMs: novaAt.at - began,
      });
    });
  } finally {
    await Promise.all(timelines.map((t) => t.stop()));
  }
  return lags;
}

interface Read {
  sent: number;
  received: number;
  seen: Seen;
}

/** One client reading a server every `pollMs`, one read in flight, remembering each read. */
export class Timeline {
  private readonly reads: Read[] = [];
  private running = true;
  private failure: Error | null = null;
  private readonly loop: Promise<void>;

  constructor(
    private readonly read: () => Promise<Seen>,
    private readonly pollMs: number,
    private readonly times: number[],
  ) {
    this.loop = this.run();
  }

  /**
   * The first read sent after `after` that showed `target` settled (waiting for it until
   * `deadline`), dated at its middle; and whether a read sent after `after` showed the
   * server not yet there before it.
   */
  async firstSettled(
    target: Settled,
    after: number,
    deadline: number,
  ): Promise<{ at: number; sawItComing: boolean }> {
    for (;;) {
      if (this.failure !== null) throw this.failure;
      const since = this.reads.filter((r) => r.sent >= after);
      const index = since.findIndex((r) => isSettled(r.seen, target));
      if (index >= 0) {
        const first = since[index];
        return { at: (first.sent + first.received) / 2, sawItComing: index > 0 };
      }
      const last = since.at(-1)?.seen;
      if (
        (last !== undefined && last !== 'GONE' && last.status === 'ERROR') ||
        performance.now() > deadline
      ) {
        throw new Error(`the server did not settle in ${target}; last seen ${describe(last)}`);
      }
      await sleep(5);
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async run(): Promise<void> {
    try {
      while (this.running) {
        const sent = performance.now();
        const seen = await this.read();
        const received = performance.now();
        this.reads.push({ sent, received, seen });
        this.times.push(received - sent);
        await sleep(Math.max(0, this.pollMs - (received - sent)));
      }
    } catch (error) {
      this.failure = error instanceof Error ? error : new Error(String(error));
    }
  }
}

/** Nearest-rank percentile (p in 0..1) of a non-empty sample. */
export function percentile(sample: readonly number[], p: number): number {
  const sorted = [...sample].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

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
   * Our API's first sight minus Nova's (negative: ours saw it first). Null when the
   * observer never read the server on its way in Nova (the transition fell between two
   * reads): when Nova got there is then unknown.
   */
  lagMs: number | null;
  /** Our API's first sight, after the call that began the step was sent. */
  oursMs: number;
}

/** Response times of the observer's reads, to judge the resolution of the lags. */
export interface ReadTimes {
  nova: number[];
  ours: number[];
}

/**
 * Runs one lifecycle through our API while an observer reads the server every `pollMs`
 * from Nova (from before the create is sent) and from our API, one read in flight on
 * each; returns, per step, how much later our API first showed the settled state than
 * Nova did. A sight is dated at the middle of the read that made it.
 *
 * Our API's first sight is its first read sent after it accepted the call that showed the
 * settled state. Nova's is its first read showing it after a read (sent after the call)
 * showed the server on its way; a reboot starts and ends ACTIVE, so a plain first sight
 * could be of the state before it.
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
  // Nova is read by name (a list) until the server shows up, then by id (cheaper for Nova).
  let novaId: string | null = null;
  const readNova = async (): Promise<Seen> => {
    if (novaId !== null) return nova.read(novaId);
    const found = await nova.serverNamed(server.name);
    novaId = found?.id ?? null;
    return found?.seen ?? 'GONE';
  };
  const inNova = new Timeline(readNova, pollMs, times.nova);
  const timelines = [inNova];
  let ours: Timeline | undefined;
  try {
    await runLifecycle(api, server, async (id, target, sentAt) => {
      const accepted = performance.now();
      if (!ours) timelines.push((ours = new Timeline(() => api.read(id), pollMs, times.ours)));
      const deadline = accepted + timeoutMs;
      const oursAt = await ours.firstSettled(target, accepted, deadline);
      const novaAt = await inNova.arrival(target, sentAt, oursAt, deadline);
      lags.push({
        server: server.name,
        settled: target,
        lagMs: novaAt === null ? null : oursAt - novaAt,
        oursMs: oursAt - sentAt,
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

const middle = (read: Read) => (read.sent + read.received) / 2;

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

  /** The first read sent after `after` that showed `target`, waited for until `deadline`. */
  async firstSettled(target: Settled, after: number, deadline: number): Promise<number> {
    for (;;) {
      const since = this.since(after);
      const first = since.find((r) => isSettled(r.seen, target));
      if (first) return middle(first);
      await this.wait(target, since, deadline);
    }
  }

  /**
   * When the server arrived in `target`: the first read showing it after a read sent after
   * `from` showed it not there yet. Null once a read sent after `seenBy` shows it with no
   * such read before (the way there fell between two reads).
   */
  async arrival(
    target: Settled,
    from: number,
    seenBy: number,
    deadline: number,
  ): Promise<number | null> {
    for (;;) {
      const since = this.since(from);
      const coming = since.findIndex((r) => !isSettled(r.seen, target));
      const arrived =
        coming < 0 ? undefined : since.slice(coming).find((r) => isSettled(r.seen, target));
      if (arrived) return middle(arrived);
      if (coming < 0 && since.some((r) => r.sent >= seenBy && isSettled(r.seen, target)))
        return null;
      await this.wait(target, since, deadline);
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private since(time: number): Read[] {
    return this.reads.filter((r) => r.sent >= time);
  }

  /** A pause before looking again; fails on a failed read, on ERROR, or past the deadline. */
  private async wait(target: Settled, since: Read[], deadline: number): Promise<void> {
    if (this.failure !== null) throw this.failure;
    const last = since.at(-1)?.seen;
    const error = last !== undefined && last !== 'GONE' && last.status === 'ERROR';
    if (error || performance.now() > deadline) {
      throw new Error(`the server did not settle in ${target}; last seen ${describe(last)}`);
    }
    await sleep(5);
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

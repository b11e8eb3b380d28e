import { randomBytes } from 'node:crypto';
import type { BenchCloud } from './clouds';
import { NovaDirect } from './nova-direct';
import {
  isSettled,
  pollUntil,
  runLifecycle,
  sleep,
  type ServerApi,
  type Settled,
} from './server-api';
import type { UpstreamCounts } from './upstream-counts';
import { percentile, watchLifecycle, type Lag, type ReadTimes } from './visibility';

/** How hard each scenario pushes. */
export interface ScenarioOptions {
  /** Parallel lifecycles of scenarios 1 and 2. */
  fleet: number;
  /** How often a REST client polls our API in a lifecycle. */
  restPollMs: number;
  /** How often the direct client polls Nova (scenario 2 runs once per interval). */
  directPollMs: readonly number[];
  /** How many clients poll one server in scenario 3 (besides the run with one client). */
  watchers: number;
  watchPollMs: number;
  /** Lifecycles the observer of scenario 4 watches, one after the other. */
  visibilityLifecycles: number;
  observerPollMs: number;
  /** Longest wait for one transition. */
  transitionTimeoutMs: number;
}

export const DEFAULT_OPTIONS: ScenarioOptions = {
  fleet: 20,
  restPollMs: 500,
  directPollMs: [2_000, 250],
  watchers: 10,
  watchPollMs: 100,
  visibilityLifecycles: 5,
  observerPollMs: 50,
  transitionTimeoutMs: 180_000,
};

/** One row of the report. */
export interface Measured {
  scenario: string;
  /** Requests sent to the cloud: by the service (its metric), or by a direct client. */
  upstream: number;
  /** Where `upstream` was counted, and how it splits. */
  upstreamDetail: string;
  /** Requests the bench's clients sent (to our API, or to Nova). */
  clientRequests: number;
  wallMs: number;
}

export interface Visibility {
  /** Our API's first sight of a settled state minus Nova's, per (server, step). */
  lagsMs: number[];
  p50: number;
  p95: number;
  max: number;
  /** Transitions left out: the observer never read them on their way in Nova. */
  unknown: number;
  /** Median response times of the observer's reads: the resolution of the lags. */
  novaReadP50: number;
  oursReadP50: number;
}

/** The scenarios that ran (all four, unless some were left out). */
export interface UpstreamReport {
  rest?: Measured;
  direct: Measured[];
  watchers?: { one: Measured; many: Measured };
  visibility?: Measured & { lags: Visibility };
}

export type ScenarioNumber = 1 | 2 | 3 | 4;

/** Runs the scenarios one after the other on `cloud`; `log` hears progress. */
export async function runScenarios(
  cloud: BenchCloud,
  options: ScenarioOptions,
  only: ReadonlySet<ScenarioNumber>,
  log: (line: string) => void,
): Promise<UpstreamReport> {
  const run = `upbench-${randomBytes(3).toString('hex')}`;
  try {
    return await runEach(cloud, options, only, run, log);
  } finally {
    await sweep(cloud, run, log);
  }
}

async function runEach(
  cloud: BenchCloud,
  options: ScenarioOptions,
  only: ReadonlySet<ScenarioNumber>,
  run: string,
  log: (line: string) => void,
): Promise<UpstreamReport> {
  const report: UpstreamReport = { direct: [] };
  if (only.has(1)) {
    log(`1. ${options.fleet} parallel REST lifecycles, polls every ${options.restPollMs} ms`);
    report.rest = await restFleet(cloud, options, run);
  }
  for (const pollMs of only.has(2) ? options.directPollMs : []) {
    log(`2. ${options.fleet} parallel lifecycles on Nova directly, polls every ${pollMs} ms`);
    report.direct.push(await directFleet(cloud, options, pollMs, `${run}-direct${pollMs}`));
  }
  if (only.has(3)) {
    log(`3. clients polling one server every ${options.watchPollMs} ms through stop → start`);
    report.watchers = await watchedServer(cloud, options, `${run}-watched`);
  }
  if (only.has(4)) {
    log(`4. visibility: ${options.visibilityLifecycles} lifecycles watched on Nova and on our API`);
    report.visibility = await visibilityLag(cloud, options, `${run}-seen`, log);
  }
  return report;
}

/**
 * Deletes, through Nova, any server of this run a failure left behind (every server of a
 * run is named after it): a real cloud must not keep them.
 */
async function sweep(cloud: BenchCloud, run: string, log: (line: string) => void) {
  try {
    const nova = await NovaDirect.connect(cloud.connection);
    try {
      const left = await nova.named(`^${run}-`);
      for (const server of left) await nova.delete(server.id).catch(() => undefined);
      if (left.length > 0) log(`deleted ${left.length} servers left behind in the cloud`);
    } finally {
      await nova.close();
    }
  } catch (error) {
    log(`could not look for servers left behind (named ${run}-*): ${String(error)}`);
  }
}

/** Waits for every lifecycle (each cleans up after itself), then fails if any did. */
async function allOf(lifecycles: Promise<void>[]): Promise<void> {
  const results = await Promise.allSettled(lifecycles);
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed.length > 0) {
    const first: unknown = failed[0].reason;
    const why = first instanceof Error ? first.message : String(first);
    throw new Error(
      `${failed.length} of ${lifecycles.length} lifecycles failed; the first: ${why}`,
    );
  }
}

/** What the service sent to the cloud while `body` ran, and how long it took. */
async function counted(
  cloud: BenchCloud,
  body: () => Promise<void>,
): Promise<{ delta: UpstreamCounts; wallMs: number }> {
  const before = await cloud.service.upstream();
  const started = performance.now();
  await body();
  const wallMs = performance.now() - started;
  const delta = (await cloud.service.upstream()).since(before);
  return { delta, wallMs };
}

/** Scenario 1: `fleet` lifecycles through our API, each client polling its server. */
async function restFleet(
  cloud: BenchCloud,
  options: ScenarioOptions,
  run: string,
): Promise<Measured> {
  const api = cloud.service.rest;
  const clientBefore = api.requests;
  const { delta, wallMs } = await counted(cloud, () =>
    allOf(
      Array.from({ length: options.fleet }, (_, i) =>
        runLifecycle(api, cloud.server(`${run}-rest-${i}`), (id, target) =>
          pollUntil(api, id, target, options.restPollMs, options.transitionTimeoutMs),
        ),
      ),
    ),
  );
  return {
    scenario: `1. ${options.fleet} REST lifecycles, clients poll our API every ${seconds(options.restPollMs)}`,
    upstream: delta.total,
    upstreamDetail: `service: ${delta.describe()}`,
    clientRequests: api.requests - clientBefore,
    wallMs,
  };
}

/**
 * Scenario 2: the same lifecycles by a client of Nova itself (one token, then polling
 * `GET /servers/{id}` as openstacksdk's `wait_for_server` does).
 */
async function directFleet(
  cloud: BenchCloud,
  options: ScenarioOptions,
  pollMs: number,
  run: string,
): Promise<Measured> {
  const started = performance.now();
  const nova = await NovaDirect.connect(cloud.connection);
  try {
    await allOf(
      Array.from({ length: options.fleet }, (_, i) =>
        runLifecycle(nova, cloud.server(`${run}-${i}`), (id, target) =>
          pollUntil(nova, id, target, pollMs, options.transitionTimeoutMs),
        ),
      ),
    );
    return {
      scenario: `2. the same on Nova directly, polling every ${seconds(pollMs)}`,
      upstream: nova.requests,
      upstreamDetail: 'client side (token included)',
      clientRequests: nova.requests,
      wallMs: performance.now() - started,
    };
  } finally {
    await nova.close();
  }
}

/**
 * Scenario 3: one ACTIVE server, stopped and started again while clients poll it every
 * `watchPollMs`: once with one client, once with `watchers`.
 */
async function watchedServer(
  cloud: BenchCloud,
  options: ScenarioOptions,
  name: string,
): Promise<{ one: Measured; many: Measured }> {
  const api = cloud.service.rest;
  const settle = (id: string, target: Settled) =>
    pollUntil(api, id, target, options.restPollMs, options.transitionTimeoutMs);
  const id = await api.create(cloud.server(name));
  try {
    await settle(id, 'ACTIVE');
    const rows: Measured[] = [];
    for (const clients of [1, options.watchers]) {
      const watch = new Watch(api, id, clients, options.watchPollMs);
      const { delta, wallMs } = await counted(cloud, async () => {
        try {
          await api.act(id, 'stop');
          await watch.until('SHUTOFF', options.transitionTimeoutMs);
          await api.act(id, 'start');
          await watch.until('ACTIVE', options.transitionTimeoutMs);
        } finally {
          await watch.stop();
        }
      });
      rows.push({
        scenario: `3. ${clients} client${clients === 1 ? '' : 's'} polling one server every ${seconds(options.watchPollMs)} through stop → start`,
        upstream: delta.total,
        // A real cloud's stop and start take a varying time, and reads go on for all of it:
        // their rate compares runs whose cycles took different times.
        upstreamDetail:
          `${perSecond(delta.total - delta.count('compute POST'), wallMs)} upstream reads/s; ` +
          `service: ${delta.describe()}`,
        clientRequests: watch.reads + 2,
        wallMs,
      });
    }
    return { one: rows[0], many: rows[1] };
  } finally {
    await api.delete(id).catch(() => undefined);
    await settle(id, 'GONE').catch(() => undefined);
  }
}

interface Waiter {
  target: Settled;
  /** Only reads sent after this count. */
  since: number;
  resolve(): void;
  reject(error: Error): void;
}

/** `clients` loops reading one server every `pollMs`, and waits on what they see. */
class Watch {
  reads = 0;
  private running = true;
  private failure: Error | null = null;
  private readonly loops: Promise<void>[];
  private waiters: Waiter[] = [];

  constructor(
    private readonly api: ServerApi,
    private readonly id: string,
    clients: number,
    private readonly pollMs: number,
  ) {
    this.loops = Array.from({ length: clients }, () => this.loop());
  }

  /** Resolves once a client has read `target` in a request sent after this call. */
  until(target: Settled, timeoutMs: number): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`server ${this.id} did not settle in ${target}`)),
        timeoutMs,
      );
      this.waiters.push({
        target,
        since: performance.now(),
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  private async loop(): Promise<void> {
    try {
      while (this.running) {
        const sent = performance.now();
        const seen = await this.api.read(this.id);
        this.reads += 1;
        this.waiters = this.waiters.filter((w) => {
          if (sent < w.since || !isSettled(seen, w.target)) return true;
          w.resolve();
          return false;
        });
        await sleep(Math.max(0, this.pollMs - (performance.now() - sent)));
      }
    } catch (error) {
      // A failed read ends the watch: whoever waits hears why.
      this.failure = error instanceof Error ? error : new Error(String(error));
      this.running = false;
      for (const w of this.waiters.splice(0)) w.reject(this.failure);
    }
  }
}

/**
 * Scenario 4: lifecycles through our API, one after the other, while an observer reads
 * each server every `observerPollMs` from Nova (a token of its own, not counted) and from
 * our API: for each step, how much later our API first showed the settled state.
 */
async function visibilityLag(
  cloud: BenchCloud,
  options: ScenarioOptions,
  run: string,
  log: (line: string) => void,
): Promise<Measured & { lags: Visibility }> {
  const api = cloud.service.rest;
  const nova = await NovaDirect.connect(cloud.connection);
  const lags: Lag[] = [];
  const times: ReadTimes = { nova: [], ours: [] };
  const clientBefore = api.requests;
  try {
    // Nova checks a new token with Keystone on its first uses (in each API worker): on a
    // busy cloud that takes seconds, which would date the observer's first sights late.
    for (let i = 0; i < 3; i++) await nova.serverNamed(`${run}-warm-up`);
    const { delta, wallMs } = await counted(cloud, async () => {
      for (let i = 0; i < options.visibilityLifecycles; i++) {
        const seen = await watchLifecycle(
          api,
          nova,
          cloud.server(`${run}-${i}`),
          options.observerPollMs,
          options.transitionTimeoutMs,
          times,
        );
        log(
          `   ${seen[0].server}: ` +
            seen
              .map(
                (l) =>
                  `${l.settled} on ours +${ms(l.oursMs)}, ` +
                  (l.lagMs === null ? 'not seen coming in Nova' : `${signed(l.lagMs)} after Nova`),
              )
              .join('; '),
        );
        lags.push(...seen);
      }
    });
    const lagsMs = lags.flatMap((l) => (l.lagMs === null ? [] : [l.lagMs]));
    if (lagsMs.length === 0) throw new Error('No transition was seen coming in Nova.');
    return {
      scenario: `4. visibility: our API vs Nova, both read every ${seconds(options.observerPollMs)}`,
      upstream: delta.total,
      upstreamDetail: `service: ${delta.describe()}`,
      clientRequests: api.requests - clientBefore,
      wallMs,
      lags: {
        lagsMs,
        unknown: lags.length - lagsMs.length,
        p50: percentile(lagsMs, 0.5),
        p95: percentile(lagsMs, 0.95),
        max: Math.max(...lagsMs),
        novaReadP50: percentile(times.nova, 0.5),
        oursReadP50: percentile(times.ours, 0.5),
      },
    };
  } finally {
    await nova.close();
  }
}

const ms = (value: number) => `${Math.round(value)} ms`;
const signed = (value: number) => `${value < 0 ? '-' : '+'}${ms(Math.abs(value))}`;
const seconds = (value: number) => `${value / 1000} s`;
const perSecond = (n: number, ms: number) => (n / (ms / 1000)).toFixed(1);

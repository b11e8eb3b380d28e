import { randomBytes } from 'node:crypto';
import type { BenchCloud } from './clouds';
import { NovaDirect } from './nova-direct';
import {
  isSettled,
  pollUntil,
  runLifecycle,
  sleep,
  type Seen,
  type ServerApi,
  type Settled,
} from './server-api';
import type { UpstreamCounts } from './upstream-counts';

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
  /** Anything else the row reports (e.g. visibility percentiles). */
  note?: string;
}

export interface Visibility {
  /** Our API's first sight of a settled state minus Nova's, per (server, step). */
  lagsMs: number[];
  p50: number;
  p95: number;
  max: number;
}

export interface UpstreamReport {
  rest: Measured;
  direct: Measured[];
  oneWatcher: Measured;
  manyWatchers: Measured;
  visibility: Measured & { lags: Visibility };
}

/** Runs the four scenarios one after the other on `cloud`; `log` hears progress. */
export async function runScenarios(
  cloud: BenchCloud,
  options: ScenarioOptions,
  log: (line: string) => void,
): Promise<UpstreamReport> {
  const run = `upbench-${randomBytes(3).toString('hex')}`;
  log(`1. ${options.fleet} parallel REST lifecycles, polls every ${options.restPollMs} ms`);
  const rest = await restFleet(cloud, options, run);
  const direct: Measured[] = [];
  for (const pollMs of options.directPollMs) {
    log(`2. ${options.fleet} parallel lifecycles on Nova directly, polls every ${pollMs} ms`);
    direct.push(await directFleet(cloud, options, pollMs, `${run}-direct${pollMs}`));
  }
  log(`3. clients polling one server every ${options.watchPollMs} ms through stop → start`);
  const [oneWatcher, manyWatchers] = await watchedServer(cloud, options, `${run}-watched`);
  log(`4. visibility: ${options.visibilityLifecycles} lifecycles watched on Nova and on our API`);
  const visibility = await visibilityLag(cloud, options, `${run}-seen`);
  return { rest, direct, oneWatcher, manyWatchers, visibility };
}

/** What the service sent to the cloud while `body` ran, and how long it took. */
async function counted<T>(
  cloud: BenchCloud,
  body: () => Promise<T>,
): Promise<{ result: T; delta: UpstreamCounts; wallMs: number }> {
  const before = await cloud.service.upstream();
  const started = performance.now();
  const result = await body();
  const wallMs = performance.now() - started;
  const delta = (await cloud.service.upstream()).since(before);
  return { result, delta, wallMs };
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
    Promise.all(
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
    await Promise.all(
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
): Promise<[Measured, Measured]> {
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
        upstreamDetail: `service: ${delta.describe()}`,
        clientRequests: watch.reads + 2,
        wallMs,
      });
    }
    return [rows[0], rows[1]];
  } finally {
    await api.delete(id).catch(() => undefined);
    await settle(id, 'GONE').catch(() => undefined);
  }
}

/** `clients` loops reading one server every `pollMs`, and waits on what they see. */
class Watch {
  reads = 0;
  private running = true;
  private readonly loops: Promise<void>[];
  private waiters: { target: Settled; since: number; resolve(): void }[] = [];

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
      });
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  private async loop(): Promise<void> {
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
  }
}

/**
 * Scenario 4: lifecycles through our API, one after the other, while an observer reads
 * each server every `observerPollMs` from Nova (a token of its own) and from our API.
 * For each step, the time our API first showed the settled state minus the time Nova did.
 */
async function visibilityLag(
  cloud: BenchCloud,
  options: ScenarioOptions,
  run: string,
): Promise<Measured & { lags: Visibility }> {
  const api = cloud.service.rest;
  const nova = await NovaDirect.connect(cloud.connection);
  const lagsMs: number[] = [];
  const clientBefore = api.requests;
  try {
    const { delta, wallMs } = await counted(cloud, async () => {
      for (let i = 0; i < options.visibilityLifecycles; i++) {
        const server = cloud.server(`${run}-${i}`);
        let novaId: string | null = null;
        const findInNova = async () => {
          while (novaId === null) {
            novaId = await nova.findByName(server.name);
            if (novaId === null) await sleep(options.observerPollMs);
          }
          return novaId;
        };
        const settle = async (id: string, target: Settled) => {
          const deadline = performance.now() + options.transitionTimeoutMs;
          const [ours, theirs] = await Promise.all([
            firstSeen(api, id, target, options.observerPollMs, deadline),
            findInNova().then((cloudId) =>
              firstSeen(nova, cloudId, target, options.observerPollMs, deadline),
            ),
          ]);
          lagsMs.push(ours - theirs);
        };
        await runLifecycle(api, server, settle);
      }
    });
    return {
      scenario: `4. visibility: our API vs Nova, both read every ${seconds(options.observerPollMs)}`,
      upstream: delta.total,
      upstreamDetail: `service: ${delta.describe()}`,
      clientRequests: api.requests - clientBefore,
      wallMs,
      lags: summarise(lagsMs),
    };
  } finally {
    await nova.close();
  }
}

/**
 * When `target` was first read, every `pollMs` until `deadline`: the middle of the
 * request that read it (the state changed somewhere within it or before).
 */
async function firstSeen(
  api: ServerApi,
  id: string,
  target: Settled,
  pollMs: number,
  deadline: number,
): Promise<number> {
  let seen: Seen | undefined;
  while (performance.now() < deadline) {
    const sent = performance.now();
    seen = await api.read(id);
    const received = performance.now();
    if (isSettled(seen, target)) return (sent + received) / 2;
    if (seen !== 'GONE' && seen.status === 'ERROR') break;
    await sleep(Math.max(0, pollMs - (received - sent)));
  }
  throw new Error(`server ${id} was not seen in ${target}`);
}

function summarise(lagsMs: number[]): Visibility {
  const sorted = [...lagsMs].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  return { lagsMs, p50: rank(0.5), p95: rank(0.95), max: sorted[sorted.length - 1] };
}

const seconds = (ms: number) => `${ms / 1000} s`;

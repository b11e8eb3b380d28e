/** What a client sees of a server: its status and task, or that it is gone (404). */
export type Seen = { status: string; taskState: string | null } | 'GONE';

/** A settled state the lifecycle waits for. */
export type Settled = 'ACTIVE' | 'SHUTOFF' | 'GONE';

export type ServerAction = 'stop' | 'start' | 'reboot';

export interface ServerCreate {
  name: string;
  imageId: string;
  flavorId: string;
  /** Metadata on every create (the façade's simulated build time). */
  metadata?: Record<string, string>;
}

/**
 * The calls a lifecycle makes, as one kind of client makes them: through our REST API,
 * or to Nova directly. Ids are that client's own (ours, or Nova's).
 */
export interface ServerApi {
  create(server: ServerCreate): Promise<string>;
  act(id: string, action: ServerAction): Promise<void>;
  delete(id: string): Promise<void>;
  read(id: string): Promise<Seen>;
}

/**
 * The state has reached `target` with no task left (ERROR never settles a lifecycle). A
 * server is gone once it reads 404 or DELETED (Nova shows a deleted server as DELETED for
 * a moment before its 404, and our API, like openstacksdk, takes that as gone).
 */
export function isSettled(seen: Seen, target: Settled): boolean {
  if (target === 'GONE') return seen === 'GONE' || seen.status === 'DELETED';
  return seen !== 'GONE' && seen.status === target && seen.taskState === null;
}

export function describe(seen: Seen | undefined): string {
  if (seen === undefined) return 'nothing';
  return seen === 'GONE' ? 'GONE' : `${seen.status}/${seen.taskState ?? '-'}`;
}

/** One step of the benchmark lifecycle: what is asked, and the state it settles in. */
export interface LifecycleStep {
  readonly call: 'create' | ServerAction | 'delete';
  readonly settled: Settled;
}

/** create → ACTIVE → stop → SHUTOFF → start → ACTIVE → reboot (soft) → ACTIVE → delete → gone. */
export const LIFECYCLE: readonly LifecycleStep[] = [
  { call: 'create', settled: 'ACTIVE' },
  { call: 'stop', settled: 'SHUTOFF' },
  { call: 'start', settled: 'ACTIVE' },
  { call: 'reboot', settled: 'ACTIVE' },
  { call: 'delete', settled: 'GONE' },
];

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Reads the server every `intervalMs` (a read, then a pause, as openstacksdk's
 * `wait_for_server` does) until it settles in `target`. Fails on ERROR or after `timeoutMs`.
 */
export async function pollUntil(
  api: ServerApi,
  id: string,
  target: Settled,
  intervalMs: number,
  timeoutMs: number,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let seen: Seen | undefined;
  while (performance.now() < deadline) {
    seen = await api.read(id);
    if (isSettled(seen, target)) return;
    if (seen !== 'GONE' && seen.status === 'ERROR') break;
    await sleep(intervalMs);
  }
  throw new Error(`server ${id} did not settle in ${target}; last seen ${describe(seen)}`);
}

/**
 * Drives one server through `LIFECYCLE` on `api`. After each call is accepted, `settle`
 * waits for the step's state (by polling, or by watching it two ways at once); it is told
 * when the call was sent.
 */
export async function runLifecycle(
  api: ServerApi,
  server: ServerCreate,
  settle: (id: string, target: Settled, sentAt: number) => Promise<void>,
): Promise<void> {
  let id = '';
  try {
    for (const step of LIFECYCLE) {
      const sentAt = performance.now();
      if (step.call === 'create') id = await api.create(server);
      else if (step.call === 'delete') await api.delete(id);
      else await api.act(id, step.call);
      await settle(id, step.settled, sentAt);
    }
  } catch (error) {
    // Leave nothing behind on a real cloud (best effort: the cloud may be what failed).
    if (id) await api.delete(id).catch(() => undefined);
    throw error;
  }
}

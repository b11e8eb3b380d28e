import request from 'supertest';
import type { Response } from 'supertest';

/** What the REST lifecycle scenario needs: an app to call, and a way to let time pass. */
export interface LifecycleTarget {
  /** The raw HTTP server of the service (for supertest). */
  http: Parameters<typeof request>[0];
  key: string;
  imageId: string;
  flavorId: string;
  /** Lets time pass between polls (a manual clock, or a real wait). */
  pass(ms: number): Promise<void>;
  /** Polls before giving up on a transition. */
  maxPolls?: number;
  /** HTTP requests the service has sent to the cloud so far, to count them per step. */
  cloudRequests?: () => Promise<number>;
}

export interface LifecycleStep {
  step: string;
  status: number;
  /** Milliseconds spent in the step, its polls included. */
  ms: number;
  /** HTTP requests to the cloud during the step (when the target counts them). */
  cloudRequests?: number;
}

type Body = Record<string, unknown>;

/**
 * Drives one server through the REST API: create → ACTIVE → stop → start → reboot →
 * snapshot → delete (reboot and snapshot optional), polling `GET /servers/{id}` until
 * each transition settles. Fails with the last state seen when one does not.
 */
export async function restLifecycle(
  target: LifecycleTarget,
  options: {
    name: string;
    reboot?: boolean;
    snapshot?: boolean;
    /** Runs before the delete, e.g. to read the action history of a live server. */
    beforeDelete?: (id: string) => Promise<void>;
  },
): Promise<{ id: string; steps: LifecycleStep[]; imageId?: string }> {
  const call = (method: 'get' | 'post' | 'delete', path: string, body?: object) => {
    const req = request(target.http)
      [method](`/api/v1${path}`)
      .set('authorization', `Bearer ${target.key}`);
    return body === undefined ? req : req.send(body);
  };
  const steps: LifecycleStep[] = [];
  const timed = async (step: string, run: () => Promise<Response>): Promise<Response> => {
    const started = performance.now();
    const before = await target.cloudRequests?.();
    const res = await run();
    const after = await target.cloudRequests?.();
    steps.push({
      step,
      status: res.status,
      ms: Math.round(performance.now() - started),
      cloudRequests: before === undefined || after === undefined ? undefined : after - before,
    });
    return res;
  };
  const expectStatus = (res: Response, status: number, what: string) => {
    if (res.status !== status) {
      throw new Error(
        `${what}: expected HTTP ${status}, got ${res.status} ${JSON.stringify(res.body)}`,
      );
    }
  };
  const settle = async (id: string, status: string) => {
    let last: Response | undefined;
    for (let poll = 0; poll < (target.maxPolls ?? 120); poll++) {
      last = await call('get', `/servers/${id}`);
      const body = last.body as Body;
      if (
        status === 'GONE' ? last.status === 404 : body.status === status && body.taskState === null
      ) {
        return last;
      }
      if (body.status === 'ERROR' && status !== 'ERROR') break;
      await target.pass(500);
    }
    throw new Error(
      `server ${id} did not settle in ${status}; last: ${JSON.stringify(last?.body)}`,
    );
  };

  const created = await timed('create', () =>
    call('post', '/servers', {
      name: options.name,
      imageId: target.imageId,
      flavorId: target.flavorId,
      metadata: { scenario: 'rest-lifecycle' },
    }),
  );
  expectStatus(created, 202, 'create');
  const id = (created.body as Body).id as string;
  await timed('-> ACTIVE', () => settle(id, 'ACTIVE'));

  const act = async (action: string, body: object | undefined, settled: string) => {
    expectStatus(
      await timed(action, () => call('post', `/servers/${id}/${action}`, body)),
      202,
      action,
    );
    await timed(`-> ${settled}`, () => settle(id, settled));
  };
  await act('stop', undefined, 'SHUTOFF');
  await act('start', undefined, 'ACTIVE');
  if (options.reboot) await act('reboot', { type: 'SOFT' }, 'ACTIVE');
  let imageId: string | undefined;
  if (options.snapshot) {
    const snap = await timed('snapshot', () =>
      call('post', `/servers/${id}/snapshot`, { name: `${options.name}-snap` }),
    );
    expectStatus(snap, 202, 'snapshot');
    imageId = (snap.body as Body).imageId as string;
    const image = await call('get', `/images/${imageId}`);
    expectStatus(image, 200, 'snapshot image');
    await timed('-> ACTIVE', () => settle(id, 'ACTIVE'));
  }
  await options.beforeDelete?.(id);
  expectStatus(await timed('delete', () => call('delete', `/servers/${id}`)), 202, 'delete');
  await timed('-> gone', () => settle(id, 'GONE'));
  return { id, steps, imageId };
}

import request from 'supertest';
import type { Response, Test } from 'supertest';
import { SEED_IMAGES } from '../../src/simulator';
import { ADMIN_KEY, type TestApp } from './test-app';

/** Ids of the seeded simulator images (the simulator's seed catalog). */
export const IMAGES = {
  cirros: SEED_IMAGES.cirros.id,
  ubuntu: SEED_IMAGES.ubuntu.id,
  /** Needs 40 GB disk and 4096 MB RAM: too big for flavors '1' and '2'. */
  windows: SEED_IMAGES.windows.id,
  /** Never finished uploading. */
  fedoraQueued: SEED_IMAGES.fedoraQueued.id,
} as const;

/** A well-formed UUID no resource has. */
export const MISSING_ID = '00000000-0000-4000-8000-000000000000';

export interface ServerBody {
  id: string;
  name: string;
  projectId: string;
  status: string;
  taskState: string | null;
  flavorId: string;
  imageId: string;
  metadata: Record<string, string>;
  fault: { code: number; message: string } | null;
  tags: string[];
  locked: boolean;
  keyName: string | null;
  createdAt: string;
  updatedAt: string;
  launchedAt: string | null;
  addresses: Record<string, { address: string; version: 4 | 6; type: 'fixed' | 'floating' }[]>;
}

export interface ActionBody {
  id: string;
  action: string;
  status: 'pending' | 'succeeded' | 'failed';
  requestId: string;
  projectId: string;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Requests under /api/v1 with one API key. */
export class Api {
  constructor(
    readonly t: TestApp,
    readonly key: string = ADMIN_KEY,
  ) {}

  /** Any method on a path under /api/v1, with this key. */
  call(method: Method, path: string): Test {
    return request(this.t.http)
      [method](`/api/v1${path}`)
      .set('authorization', `Bearer ${this.key}`);
  }

  get(path: string): Test {
    return this.call('get', path);
  }

  post(path: string, body?: string | object): Test {
    const req = this.call('post', path);
    return body === undefined ? req : req.send(body);
  }

  patch(path: string, body: object): Test {
    return this.call('patch', path).send(body);
  }

  put(path: string, body?: object): Test {
    const req = this.call('put', path);
    return body === undefined ? req : req.send(body);
  }

  delete(path: string): Test {
    return this.call('delete', path);
  }

  /** A lifecycle action: `start`, `stop`, `reboot` (with `{ type }`), `snapshot` (with `{ name }`). */
  action(id: string, action: string, body?: object): Test {
    return this.post(`/servers/${id}/${action}`, body);
  }

  /** Creates a server (cirros on flavor '1' unless overridden) and expects 202. */
  async createServer(overrides: Record<string, unknown> = {}): Promise<ServerBody> {
    const res = await this.post('/servers', {
      name: 'vm',
      imageId: IMAGES.cirros,
      flavorId: '1',
      ...overrides,
    });
    expect(res.status).toBe(202);
    return res.body as ServerBody;
  }

  async server(id: string): Promise<ServerBody> {
    const res = await this.get(`/servers/${id}`);
    expect(res.status).toBe(200);
    return res.body as ServerBody;
  }

  /** The action history, newest first (first page of up to 200). */
  async history(id: string): Promise<ActionBody[]> {
    const res = await this.get(`/servers/${id}/actions?limit=200`);
    expect(res.status).toBe(200);
    return (res.body as Page<ActionBody>).items;
  }

  async listServers(query = ''): Promise<Page<ServerBody>> {
    const res = await this.get(`/servers${query ? `?${query}` : ''}`);
    expect(res.status).toBe(200);
    return res.body as Page<ServerBody>;
  }

  /** Mints a key for `projectId` with the bootstrap admin key and returns an Api using it. */
  async as(projectId: string, role: 'member' | 'admin' = 'member'): Promise<Api> {
    const res = await new Api(this.t).post('/admin/api-keys', { projectId, role, name: projectId });
    expect(res.status).toBe(201);
    return new Api(this.t, (res.body as { key: string }).key);
  }
}

const PROBLEM_FIELDS = ['type', 'title', 'status', 'detail', 'instance', 'code'];

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  errors?: { field: string; message: string }[];
}

/**
 * Asserts an RFC 9457 problem response with this status and code, carrying exactly
 * the documented fields (nothing such as a stack trace), and returns its body.
 */
export function expectProblem(res: Response, status: number, code: string): Problem {
  expect({ status: res.status, code: (res.body as Problem).code }).toEqual({ status, code });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.body as Problem;
  for (const field of PROBLEM_FIELDS) expect(body).toHaveProperty(field);
  expect(Object.keys(body).filter((k) => !PROBLEM_FIELDS.includes(k) && k !== 'errors')).toEqual(
    [],
  );
  expect(body.status).toBe(status);
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
  expect(body.instance).toBe(new URL(res.request.url).pathname);
  expect(JSON.stringify(body)).not.toMatch(/\n\s+at |SQLITE|SELECT |node_modules/);
  return body;
}

/** Asserts a 400 VALIDATION_FAILED naming `field` among its field errors. */
export function expectFieldError(res: Response, field: string): Problem {
  const body = expectProblem(res, 400, 'VALIDATION_FAILED');
  expect(body.errors?.map((e) => e.field)).toContain(field);
  for (const e of body.errors ?? []) expect(typeof e.message).toBe('string');
  return body;
}

import request, { type Response } from 'supertest';
import { DataSource } from 'typeorm';
import { ApiKeysService } from '../src/auth/api-keys.service';
import type { ErrorCode } from '../src/common/errors/error-codes';
import { declaredCodes } from '../src/common/http/swagger';
import { OpenStackClient } from '../src/compute/openstack-client';
import { IdempotencyKeyEntity } from '../src/servers/idempotency-key.entity';
import { requestFingerprint } from '../src/servers/idempotency.service';
import { SERVER_ACTIONS } from '../src/servers/lifecycle/server-actions';
import { ServerEntity } from '../src/servers/server.entity';
import {
  MockImageEntity,
  MockNetworkEntity,
  SEED_NETWORKS,
  SimulatedCloud,
} from '../src/simulator';
import { Api, IMAGES, MISSING_ID, type ServerBody } from './support/api';
import { startOpenStackCloud, type OpenStackCloud } from './support/openstack-cloud';
import { startServiceOnCloud } from './support/service-on-cloud';
import { ADMIN_KEY, type TestApp } from './support/test-app';

// The other half of the OpenAPI document's promise that each operation lists exactly the
// codes it may answer: every (status, code) an operation declares is provoked here, on
// that operation. (Every e2e app fails its suite on an answer its operation does not
// declare: test/support/problem-observer.ts.) The service runs on the real client against
// the app's OpenStack-compatible API, whose fault injection makes the cloud fail.

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** One request: a key (null: none), a body (or raw bytes with their type), headers. */
interface Send {
  method: Method;
  path: string;
  body?: object;
  raw?: { type: string; data: string };
  key?: string | null;
  headers?: Record<string, string>;
}

type Provocations = Partial<Record<ErrorCode, () => Promise<Send | Response>>>;

/** How an operation is called when nothing is wrong, and how to provoke its own codes. */
interface Fixture {
  valid(): Promise<Send>;
  /** The request (or the answer) that provokes `code`, where the generic way does not. */
  provoke(code: ErrorCode): Promise<Send | Response | undefined>;
}

interface Operation {
  method: Method;
  path: string;
  /** Declared problems: `${status} ${code}`. */
  declared: string[];
}

/**
 * Declared codes that no request made here can provoke, and why. Each must be declared
 * where it is listed (checked below), so the list cannot go stale.
 */
const UNPROVOKED: Partial<Record<ErrorCode, string>> = {
  CONCURRENT_MODIFICATION:
    'only after five lost optimistic-locking races in a row: PostgreSQL with concurrent writers',
};

const PRIVATE = SEED_NETWORKS.private.id;
/** The service's `IMAGE_UPLOAD_MAX_BYTES`. */
const UPLOAD_LIMIT = 1024;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
/** The simulator's 128-item metadata quota counts the inventory tag too. */
const FULL_METADATA = Object.fromEntries(Array.from({ length: 128 }, (_, i) => [`k${i}`, 'v']));

type State =
  'ACTIVE' | 'SHUTOFF' | 'PAUSED' | 'SUSPENDED' | 'SHELVED_OFFLOADED' | 'VERIFY_RESIZE' | 'RESCUE';
type Setup = { state: State; body?: object };
/** Each action's route, a state it is allowed from and a body it accepts. */
const ACTIONS: Record<string, Setup & { name: keyof typeof SERVER_ACTIONS }> = {};
const SETUPS: Partial<Record<keyof typeof SERVER_ACTIONS, Setup>> = {
  start: { state: 'SHUTOFF' },
  reboot: { state: 'ACTIVE', body: { type: 'SOFT' } },
  snapshot: { state: 'ACTIVE', body: { name: 'snap' } },
  resize: { state: 'ACTIVE', body: { flavorId: '2' } },
  confirmResize: { state: 'VERIFY_RESIZE' },
  revertResize: { state: 'VERIFY_RESIZE' },
  rebuild: { state: 'ACTIVE', body: { imageId: IMAGES.cirros } },
  unpause: { state: 'PAUSED' },
  resume: { state: 'SUSPENDED' },
  unshelve: { state: 'SHELVED_OFFLOADED' },
  unrescue: { state: 'RESCUE' },
  rescue: { state: 'ACTIVE', body: {} },
  lock: { state: 'ACTIVE', body: {} },
};
for (const [name, spec] of Object.entries(SERVER_ACTIONS)) {
  const key = name as keyof typeof SERVER_ACTIONS;
  if (spec.path) ACTIONS[spec.path] = { name: key, state: 'ACTIVE', ...SETUPS[key] };
}

describe('each operation answers every problem OpenAPI declares for it', () => {
  let cloud: OpenStackCloud;
  let service: TestApp;
  let limited: TestApp;
  let admin: Api;
  let member: Api;
  let operations: Operation[];
  const fixtures = new Map<string, Fixture>();
  /** What the requests sent by `holdKeys` answered. */
  let held: Promise<string[]> | undefined;

  beforeAll(async () => {
    cloud = await startOpenStackCloud();
    const env = {
      OPENSTACK_MAX_RETRIES: '0',
      OPENSTACK_BREAKER_THRESHOLD: '1000',
      IMAGE_UPLOAD_MAX_BYTES: String(UPLOAD_LIMIT),
    };
    service = await startServiceOnCloud(cloud, env);
    limited = await startServiceOnCloud(cloud, { ...env, RATE_LIMIT_REQUESTS: '1' });
    admin = new Api(service);
    member = await admin.as('admin');
    const doc = (await request(service.http).get('/docs-json')).body as {
      paths: Record<string, Record<Method, { responses: Record<string, unknown> }>>;
    };
    operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      (Object.entries(item) as [Method, { responses: Record<string, unknown> }][]).map(
        ([method, op]) => ({
          method,
          path,
          declared: Object.entries(op.responses).flatMap(([status, response]) =>
            declaredCodes(response).map((code) => `${status} ${code}`),
          ),
        }),
      ),
    );
    // A key used once, successfully, for a create: any other request with it is 422.
    const first = await admin
      .post('/servers', { name: 'first', imageId: IMAGES.cirros, flavorId: '1' })
      .set('idempotency-key', 'used-once');
    expect(first.status).toBe(202);
  }, 60_000);
  afterAll(async () => {
    await held?.catch(() => undefined);
    await limited?.close();
    await service?.close();
    await cloud?.close();
  });

  const send = (s: Send): Promise<Response> => {
    let req = request(service.http)[s.method](s.path);
    const key = s.key === undefined ? ADMIN_KEY : s.key;
    if (key !== null) req = req.set('authorization', `Bearer ${key}`);
    for (const [name, value] of Object.entries(s.headers ?? {})) req = req.set(name, value);
    if (s.raw) return req.set('content-type', s.raw.type).send(s.raw.data);
    return s.body === undefined ? req : req.send(s.body);
  };

  // --- servers in the states the operations need ---------------------------------------

  const cloudServers = () => cloud.t.app.get(OpenStackClient);

  async function serverIn(state: State, api = admin): Promise<ServerBody> {
    const server = await api.createServer({ name: `in-${state.toLowerCase()}` });
    const drive: Record<State, [string, object?] | null> = {
      ACTIVE: null,
      SHUTOFF: ['stop'],
      PAUSED: ['pause'],
      SUSPENDED: ['suspend'],
      SHELVED_OFFLOADED: ['shelve'],
      VERIFY_RESIZE: ['resize', { flavorId: '2' }],
      RESCUE: ['rescue', {}],
    };
    const step = drive[state];
    if (step) expect((await api.action(server.id, step[0], step[1])).status).toBe(202);
    expect(await api.server(server.id)).toMatchObject({ status: state, taskState: null });
    return server;
  }

  /** A server the inventory holds but the cloud no longer does. */
  async function goneFromCloud(id: string): Promise<void> {
    const row = await service.app.get(DataSource).getRepository(ServerEntity).findOneByOrFail({
      id,
    });
    const placement = await cloud.t.app.get(SimulatedCloud).serverProject(row.cloudId!);
    await cloudServers().deleteServer({ projectId: placement!.projectId }, row.cloudId!);
  }

  /**
   * An inventory row whose create has not reached the cloud yet (it has no cloud id): no
   * change may be made to it until it has. It has the tag `web` (to be removed).
   */
  async function unbuilt(): Promise<string> {
    const server = await admin.createServer({ name: 'unbuilt' });
    await service.app
      .get(DataSource)
      .getRepository(ServerEntity)
      .update(
        { id: server.id },
        { cloudId: null, status: 'BUILD', taskState: 'scheduling', tags: ['web'] },
      );
    return server.id;
  }

  // --- fixtures: one per operation ------------------------------------------------------

  /**
   * A fixture for an operation on one server in `state`, made once and reused: no
   * provocation succeeds, so the server stays as it was. `prepare` readies a server for
   * the operation; `codes` are the operation's own provocations.
   */
  function onServer(
    state: State,
    build: (id: string) => Send,
    codes: (id: string) => Provocations = () => ({}),
    prepare: (id: string) => Promise<void> = () => Promise.resolve(),
  ): Fixture {
    let made: Promise<string> | undefined;
    const ready = async () => {
      const id = (await serverIn(state)).id;
      await prepare(id);
      return id;
    };
    const server = () => (made ??= ready());
    const shared: Provocations = {
      UPSTREAM_REJECTED: async () => {
        const fresh = await ready();
        await goneFromCloud(fresh);
        return build(fresh);
      },
      SERVER_LOCKED: async () => {
        const id = await server();
        expect((await admin.action(id, 'lock')).status).toBe(202);
        const res = await send({ ...build(id), key: member.key });
        expect((await admin.action(id, 'unlock')).status).toBe(202);
        return res;
      },
      INVALID_STATE_TRANSITION: async () => build(await unbuilt()),
    };
    return {
      valid: async () => build(await server()),
      provoke: async (code) => {
        const own = codes(await server())[code] ?? shared[code];
        return own?.();
      },
    };
  }

  const fixed = (s: Send, codes: Provocations = {}): Fixture => ({
    valid: () => Promise.resolve(s),
    provoke: (code) => codes[code]?.() ?? Promise.resolve(undefined),
  });
  const server = (id: string, rest = '') => `/api/v1/servers/${id}${rest}`;
  const createBody = (extra: object = {}) => ({
    name: 'probe',
    imageId: IMAGES.cirros,
    flavorId: '1',
    ...extra,
  });
  let keypairs = 0;

  beforeAll(async () => {
    const create = (extra: object = {}): Send => ({
      method: 'post',
      path: '/api/v1/servers',
      body: createBody(extra),
    });
    expect((await admin.post('/keypairs', { name: 'fixture-key' })).status).toBe(201);

    fixtures.set(
      'post /api/v1/servers',
      fixed(create(), {
        VALIDATION_FAILED: () => Promise.resolve(create({ name: '' })),
        IMAGE_NOT_FOUND: () => Promise.resolve(create({ imageId: MISSING_ID })),
        IMAGE_NOT_ACTIVE: () => Promise.resolve(create({ imageId: IMAGES.fedoraQueued })),
        FLAVOR_NOT_FOUND: () => Promise.resolve(create({ flavorId: '99' })),
        FLAVOR_TOO_SMALL: () => Promise.resolve(create({ imageId: IMAGES.windows })),
        KEYPAIR_NOT_FOUND: () => Promise.resolve(create({ keyName: 'absent-key' })),
        NETWORK_NOT_FOUND: () => Promise.resolve(create({ networks: [{ networkId: MISSING_ID }] })),
        FIXED_IP_NOT_ASSIGNABLE: () =>
          Promise.resolve(create({ networks: [{ networkId: PRIVATE, fixedIp: '10.0.1.5' }] })),
        FIXED_IP_IN_USE: async () => {
          const networks = [{ networkId: PRIVATE, fixedIp: '10.0.0.77' }];
          expect((await send(create({ networks }))).status).toBe(202);
          return create({ networks });
        },
        NETWORK_AMBIGUOUS: async () => {
          // A second network the project may use: "auto" cannot choose.
          const networks = cloud.t.app.get(DataSource).getRepository(MockNetworkEntity);
          const seeded = await networks.findOneByOrFail({ id: PRIVATE });
          const second = { ...seeded, id: MISSING_ID, name: 'second', shared: false };
          await networks.insert({ ...second, projectId: cloud.projectName });
          try {
            return await send(create({ networks: 'auto' }));
          } finally {
            await networks.delete({ id: MISSING_ID });
          }
        },
        QUOTA_EXCEEDED: () => Promise.resolve(create({ metadata: FULL_METADATA })),
      }),
    );
    fixtures.set('get /api/v1/servers', fixed({ method: 'get', path: '/api/v1/servers' }));
    const read = (rest: string) =>
      onServer('ACTIVE', (id) => ({ method: 'get', path: server(id, rest) }));
    fixtures.set('get /api/v1/servers/{id}', read(''));
    fixtures.set('get /api/v1/servers/{id}/actions', read('/actions'));
    fixtures.set('get /api/v1/servers/{id}/tags', read('/tags'));
    fixtures.set('get /api/v1/servers/{id}/console', read('/console'));
    fixtures.set(
      'patch /api/v1/servers/{id}',
      onServer(
        'ACTIVE',
        (id) => ({ method: 'patch', path: server(id), body: { name: 'renamed' } }),
        (id) => ({
          PRECONDITION_FAILED: () =>
            Promise.resolve({
              method: 'patch',
              path: server(id),
              body: { name: 'renamed' },
              headers: { 'if-match': '"0"' },
            }),
          QUOTA_EXCEEDED: () =>
            Promise.resolve({
              method: 'patch',
              path: server(id),
              body: { metadata: FULL_METADATA },
            }),
        }),
      ),
    );
    fixtures.set(
      'delete /api/v1/servers/{id}',
      onServer('ACTIVE', (id) => ({ method: 'delete', path: server(id) })),
    );
    fixtures.set(
      'put /api/v1/servers/{id}/tags',
      onServer('ACTIVE', (id) => ({
        method: 'put',
        path: server(id, '/tags'),
        body: { tags: ['a'] },
      })),
    );
    fixtures.set(
      'put /api/v1/servers/{id}/tags/{tag}',
      onServer('ACTIVE', (id) => ({ method: 'put', path: server(id, '/tags/new') })),
    );
    fixtures.set(
      'delete /api/v1/servers/{id}/tags/{tag}',
      onServer(
        'ACTIVE',
        (id) => ({ method: 'delete', path: server(id, '/tags/web') }),
        (id) => ({
          TAG_NOT_FOUND: () =>
            Promise.resolve({ method: 'delete', path: server(id, '/tags/absent') }),
        }),
        async (id) => {
          expect((await admin.put(`/servers/${id}/tags/web`)).status).toBe(201);
        },
      ),
    );
    for (const [path, { name, state, body }] of Object.entries(ACTIONS)) {
      const action = (id: string, over?: object): Send => ({
        method: 'post',
        path: server(id, `/${path}`),
        body: over ?? body,
      });
      const refs: Record<string, (id: string) => Provocations> = {
        resize: (id) => ({
          FLAVOR_NOT_FOUND: () => Promise.resolve(action(id, { flavorId: '99' })),
        }),
        rebuild: (id) => ({
          IMAGE_NOT_FOUND: () => Promise.resolve(action(id, { imageId: MISSING_ID })),
          IMAGE_NOT_ACTIVE: () => Promise.resolve(action(id, { imageId: IMAGES.fedoraQueued })),
          FLAVOR_TOO_SMALL: () => Promise.resolve(action(id, { imageId: IMAGES.windows })),
        }),
        rescue: (id) => ({
          IMAGE_NOT_FOUND: () => Promise.resolve(action(id, { imageId: MISSING_ID })),
          IMAGE_NOT_ACTIVE: () => Promise.resolve(action(id, { imageId: IMAGES.fedoraQueued })),
        }),
      };
      fixtures.set(
        `post /api/v1/servers/{id}/${path}`,
        onServer(state, (id) => action(id), refs[name]),
      );
    }

    const get = (path: string, codes: Provocations = {}) => fixed({ method: 'get', path }, codes);
    const missing =
      (path: string): (() => Promise<Send>) =>
      () =>
        Promise.resolve({ method: 'get', path });
    fixtures.set('get /api/v1/images', get('/api/v1/images'));
    fixtures.set(
      'get /api/v1/images/{id}',
      get(`/api/v1/images/${IMAGES.cirros}`, {
        IMAGE_NOT_FOUND: missing(`/api/v1/images/${MISSING_ID}`),
      }),
    );
    /** A queued image of the admin's project, made through the API. */
    const newImage = async (): Promise<string> => {
      const res = await admin.post('/images', imageBody);
      expect(res.status).toBe(201);
      return (res.body as { id: string }).id;
    };
    const imageBody = { name: 'probe', diskFormat: 'raw', containerFormat: 'bare' };
    fixtures.set(
      'post /api/v1/images',
      fixed({ method: 'post', path: '/api/v1/images', body: imageBody }),
    );
    const upload = (id: string, data = 'bytes'): Send => ({
      method: 'put',
      path: `/api/v1/images/${id}/file`,
      raw: { type: 'application/octet-stream', data },
    });
    const uploaded = await newImage();
    expect((await send(upload(uploaded))).status).toBe(200);
    fixtures.set('put /api/v1/images/{id}/file', {
      valid: async () => upload(await newImage()),
      provoke: async (code) => {
        const own: Provocations = {
          IMAGE_NOT_FOUND: () => Promise.resolve(upload(MISSING_ID)),
          INVALID_STATE_TRANSITION: () => Promise.resolve(upload(uploaded)),
          PAYLOAD_TOO_LARGE: async () => upload(await newImage(), 'x'.repeat(UPLOAD_LIMIT + 1)),
        };
        return own[code]?.();
      },
    });
    fixtures.set('delete /api/v1/images/{id}', {
      valid: async () => ({ method: 'delete', path: `/api/v1/images/${await newImage()}` }),
      provoke: async (code) => {
        if (code === 'IMAGE_NOT_FOUND') {
          return { method: 'delete', path: `/api/v1/images/${MISSING_ID}` };
        }
        if (code !== 'IMAGE_PROTECTED') return undefined;
        const id = await newImage();
        await cloud.t.app
          .get(DataSource)
          .getRepository(MockImageEntity)
          .update({ id }, { isProtected: true });
        return { method: 'delete', path: `/api/v1/images/${id}` };
      },
    });
    fixtures.set('get /api/v1/flavors', get('/api/v1/flavors'));
    fixtures.set(
      'get /api/v1/flavors/{id}',
      // A flavor the real client has not cached (nothing here lists flavors successfully):
      // its read reaches the cloud, and the cloud's failure.
      get('/api/v1/flavors/4', {
        FLAVOR_NOT_FOUND: missing('/api/v1/flavors/99'),
        VALIDATION_FAILED: missing(`/api/v1/flavors/${'f'.repeat(65)}`),
      }),
    );
    fixtures.set('get /api/v1/networks', get('/api/v1/networks'));
    fixtures.set(
      'get /api/v1/networks/{id}',
      get(`/api/v1/networks/${PRIVATE}`, {
        NETWORK_NOT_FOUND: missing(`/api/v1/networks/${MISSING_ID}`),
      }),
    );
    fixtures.set('post /api/v1/keypairs', {
      valid: () =>
        Promise.resolve({
          method: 'post',
          path: '/api/v1/keypairs',
          body: { name: `kp-${++keypairs}` },
        }),
      provoke: (code) =>
        Promise.resolve(
          code === 'KEYPAIR_EXISTS'
            ? { method: 'post', path: '/api/v1/keypairs', body: { name: 'fixture-key' } }
            : undefined,
        ),
    });
    fixtures.set('get /api/v1/keypairs', get('/api/v1/keypairs'));
    const keypairCodes = (method: Method): Provocations => ({
      KEYPAIR_NOT_FOUND: () => Promise.resolve({ method, path: '/api/v1/keypairs/absent-key' }),
      VALIDATION_FAILED: () =>
        Promise.resolve({ method, path: `/api/v1/keypairs/${'k'.repeat(121)}` }),
    });
    fixtures.set(
      'get /api/v1/keypairs/{name}',
      fixed({ method: 'get', path: '/api/v1/keypairs/fixture-key' }, keypairCodes('get')),
    );
    fixtures.set(
      'delete /api/v1/keypairs/{name}',
      fixed({ method: 'delete', path: '/api/v1/keypairs/fixture-key' }, keypairCodes('delete')),
    );
    fixtures.set('get /api/v1/health', get('/api/v1/health'));
    fixtures.set('get /api/v1/health/ready', get('/api/v1/health/ready'));
    fixtures.set(
      'post /api/v1/admin/api-keys',
      fixed({
        method: 'post',
        path: '/api/v1/admin/api-keys',
        body: { projectId: 'p', role: 'member', name: 'n' },
      }),
    );
    fixtures.set('get /api/v1/admin/api-keys', get('/api/v1/admin/api-keys'));
    const spare = await service.app
      .get(ApiKeysService)
      .create({ projectId: 'spare', role: 'member', name: 'spare' });
    fixtures.set(
      'delete /api/v1/admin/api-keys/{id}',
      fixed(
        { method: 'delete', path: `/api/v1/admin/api-keys/${spare.entity.id}` },
        {
          API_KEY_NOT_FOUND: () =>
            Promise.resolve({ method: 'delete', path: `/api/v1/admin/api-keys/${MISSING_ID}` }),
        },
      ),
    );
    // The service runs on the real client: it serves no OpenStack-compatible API to fault.
    const faults = '/api/v1/admin/openstack-api/faults';
    fixtures.set(`get ${faults}`, get(faults));
    fixtures.set(`put ${faults}`, fixed({ method: 'put', path: faults, body: {} }));
    fixtures.set(`delete ${faults}`, fixed({ method: 'delete', path: faults }));

    held = (await holdKeys()).answers;
    held.catch(() => undefined); // awaited by its test
  }, 60_000);

  // --- codes any operation may declare ----------------------------------------------

  /** The cloud fails every call of every service until the request is answered. */
  async function whileCloudFails(
    faults: Parameters<OpenStackCloud['setFaults']>[0],
    s: Send,
  ): Promise<Response> {
    await cloud.setFaults({ ...faults, services: ['compute', 'image', 'network'] });
    try {
      return await send(s);
    } finally {
      await cloud.clearFaults();
    }
  }

  /**
   * Sends, to each operation that takes an Idempotency-Key, a request whose key another
   * request holds (its claim planted unfinished): each waits 15 s for it, then answers
   * 409. Started before the other tests, to wait while they run; answers what each got.
   */
  async function holdKeys(): Promise<{ answers: Promise<string[]> }> {
    const waiting = operations.filter((op) =>
      op.declared.includes('409 IDEMPOTENCY_KEY_IN_PROGRESS'),
    );
    expect(waiting.length).toBe(Object.keys(SERVER_ACTIONS).length + 1);
    const keys = service.app.get(DataSource).getRepository(IdempotencyKeyEntity);
    const requests = await Promise.all(
      waiting.map(async (op, i) => {
        const s = await fixtures.get(`${op.method} ${op.path}`)!.valid();
        const action =
          op.path === '/api/v1/servers/{id}' ? 'delete' : ACTIONS[op.path.split('/').pop()!]?.name;
        const route = action ? `/servers/${UUID.exec(s.path)![0]}/${action}` : '/servers';
        await keys.insert({
          id: `0c000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
          projectId: 'admin',
          key: `held-${i}`,
          requestHash: requestFingerprint('POST', route, s.body ?? {}),
          responseStatus: 0,
          responseBody: 'null',
          location: null,
          createdAt: service.clock.now(),
        });
        return { ...s, headers: { 'idempotency-key': `held-${i}` } };
      }),
    );
    const answers = Promise.all(
      requests.map(async (s, i) => {
        const res = await send(s);
        const op = waiting[i];
        return `${op.method} ${op.path}: ${res.status} ${(res.body as { code: string }).code}`;
      }),
    );
    return { answers };
  }

  const GENERIC: Partial<Record<ErrorCode, (s: Send) => Promise<Send | Response>>> = {
    UNAUTHENTICATED: (s) => Promise.resolve({ ...s, key: null }),
    FORBIDDEN: (s) => Promise.resolve({ ...s, key: member.key }),
    BAD_REQUEST: (s) => Promise.resolve({ ...s, path: `${s.path}%` }),
    MALFORMED_JSON: (s) => Promise.resolve({ ...s, raw: { type: 'application/json', data: '{' } }),
    PAYLOAD_TOO_LARGE: (s) =>
      Promise.resolve({
        ...s,
        raw: { type: 'application/json', data: JSON.stringify({ name: 'x'.repeat(70_000) }) },
      }),
    UNSUPPORTED_MEDIA_TYPE: (s) =>
      Promise.resolve({ ...s, raw: { type: 'text/plain', data: 'name=x' } }),
    VALIDATION_FAILED: (s) =>
      Promise.resolve(
        UUID.test(s.path)
          ? { ...s, path: s.path.replace(UUID, 'not-a-uuid') }
          : s.method === 'get'
            ? { ...s, path: `${s.path}?limit=0` }
            : { ...s, body: { ...s.body, bogus: true } },
      ),
    SERVER_NOT_FOUND: (s) => Promise.resolve({ ...s, path: s.path.replace(UUID, MISSING_ID) }),
    IDEMPOTENCY_KEY_REUSED: (s) =>
      Promise.resolve({ ...s, headers: { ...s.headers, 'idempotency-key': 'used-once' } }),
    OPENSTACK_API_DISABLED: (s) => Promise.resolve(s),
    RATE_LIMITED: async (s) => {
      const { secret } = await limited.app
        .get(ApiKeysService)
        .create({ projectId: 'admin', role: 'admin', name: 'limited' });
      const again = () =>
        request(limited.http)[s.method](s.path).set('authorization', `Bearer ${secret}`);
      await again();
      return again();
    },
    UPSTREAM_ERROR: (s) => whileCloudFails({ unauthorized: 100_000 }, s),
    UPSTREAM_UNAVAILABLE: (s) => whileCloudFails({ unavailable: 100_000 }, s),
    UPSTREAM_RATE_LIMITED: (s) =>
      whileCloudFails({ rateLimited: { count: 100_000, retryAfterSeconds: 1 } }, s),
  };

  /** What each declared problem of the operations matching `filter` got instead, if not it. */
  async function mismatches(filter: (op: Operation) => boolean): Promise<string[]> {
    const out: string[] = [];
    const chosen = operations.filter(filter);
    expect(chosen.length).toBeGreaterThan(0);
    for (const op of chosen) {
      const name = `${op.method} ${op.path}`;
      const fixture = fixtures.get(name);
      if (!fixture) {
        out.push(`${name}: no fixture`);
        continue;
      }
      for (const problem of op.declared) {
        const code = problem.split(' ')[1] as ErrorCode;
        if (UNPROVOKED[code] || code === 'IDEMPOTENCY_KEY_IN_PROGRESS') continue;
        const made = await fixture.provoke(code);
        const generic = GENERIC[code];
        const how = made ?? (generic ? await generic(await fixture.valid()) : undefined);
        if (!how) {
          out.push(`${name}: no way to provoke ${problem}`);
          continue;
        }
        const res =
          'status' in how && typeof how.status === 'number' ? how : await send(how as Send);
        const got = `${res.status} ${(res.body as { code?: string }).code}`;
        if (got !== problem) out.push(`${name}: ${problem} provoked, got ${got}`);
      }
    }
    return out;
  }

  it('server actions', async () => {
    expect(
      await mismatches(
        (op) => /^\/api\/v1\/servers\/\{id\}\/[a-z-]+$/.test(op.path) && op.method === 'post',
      ),
    ).toEqual([]);
  }, 120_000);

  it('the rest of the servers', async () => {
    expect(
      await mismatches(
        (op) =>
          op.path.startsWith('/api/v1/servers') &&
          !(op.method === 'post' && op.path.includes('{id}/')),
      ),
    ).toEqual([]);
  }, 120_000);

  it('images, flavors, key pairs, networks, health and admin', async () => {
    expect(await mismatches((op) => !op.path.startsWith('/api/v1/servers'))).toEqual([]);
  }, 120_000);

  it('IDEMPOTENCY_KEY_IN_PROGRESS while another request holds the key', async () => {
    expect(await held).toEqual(
      operations
        .filter((op) => op.declared.includes('409 IDEMPOTENCY_KEY_IN_PROGRESS'))
        .map((op) => `${op.method} ${op.path}: 409 IDEMPOTENCY_KEY_IN_PROGRESS`),
    );
  }, 30_000);

  it('leaves unprovoked only codes that the operations declare', () => {
    for (const code of Object.keys(UNPROVOKED)) {
      expect(operations.some((op) => op.declared.some((p) => p.endsWith(` ${code}`)))).toBe(true);
    }
  });
});

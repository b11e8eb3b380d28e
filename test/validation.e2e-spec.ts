import request from 'supertest';
import { DataSource } from 'typeorm';
import { Api, expectFieldError, expectProblem, IMAGES, MISSING_ID } from './support/api';
import { createTestApp, type TestApp } from './support/test-app';

const VALID = { name: 'ok', imageId: IMAGES.cirros, flavorId: '1' };
const base64Of = (bytes: number) => Buffer.alloc(bytes, 7).toString('base64');
const pairs = (n: number) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));

/** [label, body overrides (undefined removes the field), field named in `errors`] */
const SHAPE_ERRORS: [string, Record<string, unknown>, string][] = [
  ['missing name', { name: undefined }, 'name'],
  ['empty name', { name: '' }, 'name'],
  ['256-character name', { name: 'n'.repeat(256) }, 'name'],
  ['name with a slash', { name: 'web/1' }, 'name'],
  ['name with a non-ASCII letter', { name: 'wéb' }, 'name'],
  ['name with a newline', { name: 'web\n1' }, 'name'],
  ['name with a leading space', { name: ' web' }, 'name'],
  ['name with a trailing space', { name: 'web ' }, 'name'],
  ['numeric name', { name: 42 }, 'name'],
  ['missing imageId', { imageId: undefined }, 'imageId'],
  ['imageId that is not a UUID', { imageId: 'cirros' }, 'imageId'],
  ['missing flavorId', { flavorId: undefined }, 'flavorId'],
  ['numeric flavorId', { flavorId: 1 }, 'flavorId'],
  ['129 metadata pairs', { metadata: pairs(129) }, 'metadata'],
  ['256-character metadata key', { metadata: { ['k'.repeat(256)]: 'v' } }, 'metadata'],
  ['metadata key with a slash (Nova refuses it)', { metadata: { 'a/b': 'v' } }, 'metadata'],
  ['metadata key with a non-ASCII letter', { metadata: { clé: 'v' } }, 'metadata'],
  ['256-character metadata value', { metadata: { k: 'v'.repeat(256) } }, 'metadata'],
  ['non-string metadata value', { metadata: { k: 1 } }, 'metadata'],
  ['metadata that is an array', { metadata: ['a'] }, 'metadata'],
  ['userData that is not base64', { userData: 'not base64!' }, 'userData'],
  ['userData with broken padding', { userData: 'abc' }, 'userData'],
  ['numeric userData', { userData: 12 }, 'userData'],
  ['256-character keyName', { keyName: 'k'.repeat(256) }, 'keyName'],
  ['an unknown field', { flavour: '1' }, 'flavour'],
];

/** Well-formed requests naming a missing or unusable image or flavor. */
const REFERENCE_ERRORS: [string, Record<string, unknown>, string, string][] = [
  ['an unknown image', { imageId: MISSING_ID }, 'IMAGE_NOT_FOUND', 'imageId'],
  ['a queued image', { imageId: IMAGES.fedoraQueued }, 'IMAGE_NOT_ACTIVE', 'imageId'],
  ['an unknown flavor', { flavorId: '999' }, 'FLAVOR_NOT_FOUND', 'flavorId'],
  [
    'a flavor with too little disk and RAM',
    { imageId: IMAGES.windows },
    'FLAVOR_TOO_SMALL',
    'flavorId',
  ],
  [
    'a flavor too small by RAM',
    { imageId: IMAGES.windows, flavorId: '2' },
    'FLAVOR_TOO_SMALL',
    'flavorId',
  ],
];

describe('request validation and error shape', () => {
  let t: TestApp;
  let admin: Api;
  let member: Api;

  beforeAll(async () => {
    t = await createTestApp();
    admin = new Api(t);
    member = await admin.as('validation');
  });
  afterAll(() => t.close());

  describe('POST /servers shape errors → 400 VALIDATION_FAILED', () => {
    it.each(SHAPE_ERRORS)('%s', async (_label, overrides, field) => {
      const body = { ...VALID, ...overrides };
      const res = await member.post('/servers', JSON.parse(JSON.stringify(body)) as object);
      const problem = expectFieldError(res, field);
      expect(problem.detail).toEqual(expect.any(String));
    });

    it('reports every failing field at once, each message once', async () => {
      const problem = expectFieldError(await member.post('/servers', {}), 'name');
      const fields = problem.errors!.map((e) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['name', 'imageId', 'flavorId']));
      const pairs = problem.errors!.map((e) => `${e.field}: ${e.message}`);
      expect(new Set(pairs).size).toBe(pairs.length);
    });

    it('refuses userData over 64 KiB decoded (the 64 KiB body limit answers first: 413)', async () => {
      const res = await member.post('/servers', { ...VALID, userData: base64Of(64 * 1024 + 1) });
      expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
    });
  });

  describe('POST /servers reference errors → 422', () => {
    it.each(REFERENCE_ERRORS)('%s', async (_label, overrides, code, field) => {
      const problem = expectProblem(
        await member.post('/servers', { ...VALID, ...overrides }),
        422,
        code,
      );
      expect(problem.errors?.map((e) => e.field)).toEqual([field]);
    });

    it('an image private to another project is not found', async () => {
      const other = await admin.as('validation-other');
      const server = await other.createServer();
      const snap = await other.action(server.id, 'snapshot', { name: 'private' });
      expect(snap.status).toBe(202);
      const { imageId } = snap.body as { imageId: string };
      const res = await member.post('/servers', { ...VALID, imageId });
      expectProblem(res, 422, 'IMAGE_NOT_FOUND');
      expectProblem(await member.get(`/images/${imageId}`), 404, 'IMAGE_NOT_FOUND');
    });
  });

  describe('hostile shapes → 400, never 500', () => {
    // A project of its own: the suite's project must end with no server at all.
    let hostile: Api;
    beforeAll(async () => {
      hostile = await admin.as('validation-hostile');
    });

    it('refuses null for an optional field instead of writing it', async () => {
      const server = await hostile.createServer({ name: 'nulls' });
      for (const body of [{ name: null }, { metadata: null }]) {
        expectFieldError(await hostile.patch(`/servers/${server.id}`, body), Object.keys(body)[0]);
      }
      expectFieldError(await hostile.post('/servers', { ...VALID, metadata: null }), 'metadata');
      expectFieldError(await hostile.action(server.id, 'lock', { reason: null }), 'reason');
      expect(await hostile.server(server.id)).toMatchObject({ name: 'nulls', locked: false });
    });

    it.each(['0x10', '%205', '1e1', '5.0', '-1', ''])('refuses limit=%s', async (limit) => {
      expectFieldError(await hostile.get(`/servers?limit=${limit}`), 'limit');
    });

    it('takes a plain decimal limit', async () => {
      expect((await hostile.get('/servers?limit=7')).status).toBe(200);
    });

    it('refuses a body nested deeper than 32 levels, before it is transformed', async () => {
      const server = await hostile.createServer({ name: 'deep' });
      const deep = '{"name":' + '['.repeat(2000) + ']'.repeat(2000) + '}';
      for (const res of [
        await hostile
          .call('patch', `/servers/${server.id}`)
          .set('content-type', 'application/json')
          .send(deep),
        await hostile.call('post', '/servers').set('content-type', 'application/json').send(deep),
        await admin
          .call('post', '/admin/api-keys')
          .set('content-type', 'application/json')
          .send(deep),
      ]) {
        expectFieldError(res, 'body');
      }
      // 32 levels is fine as far as depth goes (the field is still the wrong type).
      const ok = '{"name":' + '['.repeat(31) + ']'.repeat(31) + '}';
      const shallow = await hostile
        .call('patch', `/servers/${server.id}`)
        .set('content-type', 'application/json')
        .send(ok);
      expectFieldError(shallow, 'name');
    });
  });

  describe('transport errors', () => {
    it('malformed JSON → 400', async () => {
      const res = await member
        .post('/servers')
        .set('content-type', 'application/json')
        .send('{"name":');
      expectProblem(res, 400, 'MALFORMED_JSON');
    });

    it('a body over 64 KiB → 413', async () => {
      const res = await member.post('/servers', { ...VALID, keyName: 'k'.repeat(65 * 1024) });
      expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
    });

    it.each(['application/xml', 'text/plain'])('a %s body → 415', async (type) => {
      const before = (await member.listServers()).items.length;
      const res = await member.post('/servers').set('content-type', type).send('<a/>');
      expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect((await member.listServers()).items.length).toBe(before);
    });

    it('unknown body fields on actions that take no body → 400', async () => {
      const server = await admin.createServer();
      expectFieldError(await admin.action(server.id, 'stop', { force: true }), 'force');
      expectFieldError(await admin.action(server.id, 'start', { at: 'now' }), 'at');
      expectFieldError(await admin.delete(`/servers/${server.id}`).send({ purge: 1 }), 'purge');
      expectFieldError(await admin.action(server.id, 'reboot', { type: 'MEDIUM' }), 'type');
      expectFieldError(await admin.action(server.id, 'reboot', { kind: 'HARD' }), 'kind');
      expectFieldError(await admin.action(server.id, 'snapshot', {}), 'name');
      expectFieldError(await admin.action(server.id, 'snapshot', { name: 'a/b' }), 'name');
      expect(await admin.server(server.id)).toMatchObject({ status: 'ACTIVE', taskState: null });
      expect((await admin.history(server.id)).map((a) => a.action)).toEqual(['create']);
    });

    it.each([
      ['get', '/servers/not-a-uuid'],
      ['get', '/servers/123/actions'],
      ['patch', '/servers/xyz'],
      ['delete', '/servers/xyz'],
      ['post', '/servers/xyz/start'],
      ['post', '/servers/xyz/reboot'],
      ['get', '/images/cirros'],
      ['delete', '/admin/api-keys/42'],
    ] as const)('a non-UUID path id → 400 (%s %s)', async (method, path) => {
      const res =
        method === 'patch' ? await admin.patch(path, { name: 'x' }) : await admin[method](path);
      expectFieldError(res, 'id');
    });

    it('an undecodable or overlong path id → 400 problem+json, never 500', async () => {
      for (const path of ['/servers/%ZZ', `/servers/${'a'.repeat(250)}`]) {
        const res = await admin.get(path);
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.headers['x-request-id']).toEqual(expect.any(String));
        expect(res.body).toMatchObject({
          status: 400,
          code: expect.any(String),
          instance: `/api/v1${path}`,
        });
      }
    });

    it.each(['limit=0', 'limit=201', 'limit=-1', 'limit=abc', 'limit=1.5'])(
      'a bad %s → 400',
      async (query) => {
        for (const path of [
          '/servers',
          '/images',
          `/servers/${MISSING_ID}/actions`,
          '/admin/api-keys',
        ]) {
          expectFieldError(await admin.get(`${path}?${query}`), 'limit');
        }
      },
    );

    it.each([
      ['garbage', 'garbage!'],
      ['well-formed JSON of the wrong shape', Buffer.from('{"a":1}').toString('base64url')],
      ['a bad timestamp', Buffer.from('["yesterday","x"]').toString('base64url')],
    ])('a cursor that is %s → 400', async (_label, cursor) => {
      expectFieldError(await admin.get(`/servers?cursor=${cursor}`), 'cursor');
      expectFieldError(await admin.get(`/images?cursor=${cursor}`), 'cursor');
    });

    it('an unknown query parameter → 400', async () => {
      expectFieldError(await admin.get('/servers?sort=name'), 'sort');
    });

    it('an unknown route or method → 404 problem+json, with or without a key', async () => {
      const res = expectProblem(await admin.get('/nope'), 404, 'ROUTE_NOT_FOUND');
      expect(res.detail).toContain('/api/v1/nope');
      expectProblem(await admin.call('put', '/servers'), 404, 'ROUTE_NOT_FOUND');
      expectProblem(await request(t.http).get('/api/v2/servers'), 404, 'ROUTE_NOT_FOUND');
    });
  });

  // Last: every refusal above left no server, in the inventory or in the simulator.
  it('changed nothing when it refused a create', async () => {
    expect((await member.listServers()).items).toEqual([]);
    const cloud = await t.app
      .get(DataSource)
      .query('SELECT COUNT(*) AS n FROM mock_servers WHERE "projectId" = \'validation\'');
    expect(Number((cloud as [{ n: number }])[0].n)).toBe(0);
  });
});

import request from 'supertest';
import { startOpenStackCloud, type OpenStackCloud } from './support/openstack-cloud';
import { OpenStackHttp, KEYSTONE_UNAUTHORIZED } from './support/openstack-http';
import { ADMIN_KEY, createTestApp } from './support/test-app';

describe('OpenStack API: Keystone tokens on Nova and Glance', () => {
  let cloud: OpenStackCloud;
  let os: OpenStackHttp;

  beforeAll(async () => {
    cloud = await startOpenStackCloud();
    os = new OpenStackHttp(cloud);
  });
  afterAll(() => cloud.close());

  describe('tokens on Nova and Glance', () => {
    const protectedCalls: [string, string][] = [
      ['nova', '/compute/v2.1/servers'],
      ['glance', '/image/v2/images'],
    ];

    it.each(protectedCalls)(
      '%s refuses a call without a token (401, WWW-Authenticate)',
      async (_s, path) => {
        const res = await os.call('GET', path);
        expect(res.status).toBe(401);
        expect(res.body).toEqual(KEYSTONE_UNAUTHORIZED);
        expect(res.headers.get('www-authenticate')).toBe(
          `Keystone uri="${cloud.baseUrl}/identity"`,
        );
      },
    );

    it.each(protectedCalls)('%s refuses a forged or tampered token', async (_s, path) => {
      const token = await os.token();
      const [prefix, claims, signature] = token.split('.');
      const forgedClaims = Buffer.from(
        JSON.stringify({ ...JSON.parse(Buffer.from(claims, 'base64url').toString()), p: 'admin' }),
      ).toString('base64url');
      for (const bad of [
        'garbage',
        `${prefix}.${forgedClaims}.${signature}`,
        `${prefix}.${claims}.${signature.slice(0, -2)}AA`,
      ]) {
        expect((await os.call('GET', path, { token: bad })).status).toBe(401);
      }
      expect((await os.call('GET', path, { token })).status).toBe(200);
    });

    it('refuses a token once it has expired (TTL from the config, on the app clock)', async () => {
      const token = await os.token();
      cloud.clock.advance(3599_000);
      expect((await os.nova('GET', '/servers', { token })).status).toBe(200);
      cloud.clock.advance(1_000);
      expect((await os.nova('GET', '/servers', { token })).status).toBe(401);
    });

    it('refuses a token whose API key has been revoked', async () => {
      const minted = await request(cloud.t.http)
        .post('/api/v1/admin/api-keys')
        .set('authorization', `Bearer ${ADMIN_KEY}`)
        .send({ projectId: 'demo', role: 'member', name: 'short-lived' });
      const token = await os.token(minted.body.key as string);
      expect((await os.glance('GET', '/v2/images', { token })).status).toBe(200);
      await request(cloud.t.http)
        .delete(`/api/v1/admin/api-keys/${minted.body.id}`)
        .set('authorization', `Bearer ${ADMIN_KEY}`)
        .expect(204);
      expect((await os.glance('GET', '/v2/images', { token })).status).toBe(401);
      expect((await os.issue(minted.body.key as string, 'demo')).status).toBe(401);
    });

    it('does not accept a Keystone token on the REST API', async () => {
      const token = await os.token();
      const res = await request(cloud.t.http).get('/api/v1/servers').set('x-auth-token', token);
      expect(res.status).toBe(401);
    });
  });
});

describe('OpenStack API: configuration', () => {
  it('honours OPENSTACK_API_TOKEN_TTL_SECONDS and OPENSTACK_API_PUBLIC_URL', async () => {
    const cloud = await startOpenStackCloud({
      OPENSTACK_API_TOKEN_TTL_SECONDS: '120',
      OPENSTACK_API_PUBLIC_URL: 'https://cloud.example.test/',
    });
    try {
      const res = await new OpenStackHttp(cloud).issue(cloud.memberKey, 'demo');
      expect(res.body.token.expires_at).toBe('2030-01-01T00:02:00.000000Z');
      expect(res.body.token.catalog[2].endpoints[0].url).toBe('https://cloud.example.test/image');
    } finally {
      await cloud.close();
    }
  });

  it('mounts nothing when OPENSTACK_API_ENABLED=false', async () => {
    const t = await createTestApp({ OPENSTACK_API_ENABLED: 'false' });
    try {
      const res = await request(t.http).get('/identity/v3');
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('ROUTE_NOT_FOUND');
      const faults = await request(t.http)
        .get('/api/v1/admin/openstack-api/faults')
        .set('authorization', `Bearer ${ADMIN_KEY}`);
      expect([faults.status, faults.body.code]).toEqual([404, 'OPENSTACK_API_DISABLED']);
    } finally {
      await t.close();
    }
  });
});

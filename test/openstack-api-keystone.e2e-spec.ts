import request from 'supertest';
import { startOpenStackCloud, type OpenStackCloud } from './support/openstack-cloud';
import { OpenStackHttp, pluck, KEYSTONE_UNAUTHORIZED } from './support/openstack-http';

describe('OpenStack API: Keystone v3', () => {
  let cloud: OpenStackCloud;
  let os: OpenStackHttp;

  beforeAll(async () => {
    cloud = await startOpenStackCloud();
    os = new OpenStackHttp(cloud);
  });
  afterAll(() => cloud.close());

  describe('version discovery', () => {
    it('GET /identity/v3 is the v3 version document', async () => {
      const res = await os.call('GET', '/identity/v3');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(res.body.version).toMatchObject({
        id: 'v3.14',
        status: 'stable',
        links: [{ rel: 'self', href: `${cloud.baseUrl}/identity/v3/` }],
      });
    });

    it('is also at the root: /v3 and /v3/auth/tokens, with the catalog still on /identity', async () => {
      const doc = await os.call('GET', '/v3');
      expect(doc.status).toBe(200);
      expect(doc.body.version).toMatchObject({ id: 'v3.14' });
      const res = await fetch(`${cloud.baseUrl}/v3/auth/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          auth: {
            identity: {
              methods: ['password'],
              password: {
                user: { name: 'root-url', domain: { name: 'Default' }, password: cloud.memberKey },
              },
            },
            scope: { project: { name: 'demo', domain: { name: 'Default' } } },
          },
        }),
      });
      expect(res.status).toBe(201);
      expect(res.headers.get('x-subject-token')).toBeTruthy();
      const { token } = (await res.json()) as {
        token: { catalog: { type: string; endpoints: { url: string }[] }[] };
      };
      const identity = token.catalog.find((s) => s.type === 'identity')!;
      expect(identity.endpoints[0].url).toBe(`${cloud.baseUrl}/identity`);
      // The root itself stays the app's (its index), not Keystone's version list.
      const root = await os.call('GET', '/');
      expect(root.status).toBe(200);
      expect(root.body).toMatchObject({ api: '/api/v1', docs: '/docs' });
      expect(root.body).not.toHaveProperty('versions');
    });

    it('GET /identity answers 300 Multiple Choices listing v3', async () => {
      const res = await os.call('GET', '/identity');
      expect(res.status).toBe(300);
      expect(pluck(res.body.versions.values, 'id')).toEqual(['v3.14']);
    });
  });

  describe('POST /identity/v3/auth/tokens', () => {
    it('issues a project-scoped token for an API key given as the password', async () => {
      const res = await os.issue(cloud.memberKey, 'demo', 'alice');
      expect(res.status).toBe(201);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(res.headers.get('x-subject-token')).toMatch(/^\S{100,}$/);
      expect(res.headers.get('vary')).toBe('X-Auth-Token');
      expect(res.headers.get('x-openstack-request-id')).toMatch(/^req-[0-9a-f-]{36}$/);
      const token = res.body.token;
      expect(token.methods).toEqual(['password']);
      expect(token.user).toMatchObject({ name: 'alice', domain: { id: 'default' } });
      expect(token.user.id).toMatch(/^[0-9a-f]{32}$/);
      expect(token.project).toEqual({
        id: 'demo',
        name: 'demo',
        domain: { id: 'default', name: 'Default' },
      });
      expect(pluck(token.roles, 'name')).toEqual(['member', 'reader']);
      expect(token.issued_at).toBe('2030-01-01T00:00:00.000000Z');
      expect(token.expires_at).toBe('2030-01-01T01:00:00.000000Z');
      expect(token.audit_ids).toEqual([expect.stringMatching(/^[\w-]{22}$/)]);
    });

    it('lists identity, compute, image and network in the catalog, on this app, for every interface', async () => {
      const { body } = await os.issue(cloud.memberKey, 'demo');
      const catalog = body.token.catalog as {
        type: string;
        name: string;
        endpoints: { interface: string; region: string; region_id: string; url: string }[];
      }[];
      const urls = Object.fromEntries(catalog.map((s) => [s.type, s.endpoints[0].url]));
      expect(urls).toEqual({
        identity: `${cloud.baseUrl}/identity`,
        compute: `${cloud.baseUrl}/compute/v2.1`,
        image: `${cloud.baseUrl}/image`,
        network: `${cloud.baseUrl}/networking`,
      });
      for (const service of catalog) {
        expect(service.endpoints.map((e) => e.interface).sort()).toEqual([
          'admin',
          'internal',
          'public',
        ]);
        for (const e of service.endpoints) {
          expect([e.region, e.region_id, e.url]).toEqual([
            'RegionOne',
            'RegionOne',
            urls[service.type],
          ]);
        }
      }
      expect(catalog.map((s) => s.name)).toEqual(['keystone', 'nova', 'glance', 'neutron']);
    });

    it('builds catalog URLs from the Host header', async () => {
      const res = await request(cloud.t.http)
        .post('/identity/v3/auth/tokens')
        .set('host', 'cloud.example.test:8443')
        .send({
          auth: {
            identity: {
              methods: ['password'],
              password: { user: { name: 'demo', password: cloud.memberKey } },
            },
          },
        });
      expect(res.status).toBe(201);
      expect(res.body.token.catalog[1].endpoints[0].url).toBe(
        'http://cloud.example.test:8443/compute/v2.1',
      );
    });

    it('accepts an application credential whose secret is an API key', async () => {
      const res = await os.call('POST', '/identity/v3/auth/tokens', {
        body: {
          auth: {
            identity: {
              methods: ['application_credential'],
              application_credential: { id: 'anything', secret: cloud.memberKey },
            },
          },
        },
      });
      expect(res.status).toBe(201);
      expect(res.body.token.methods).toEqual(['application_credential']);
      expect(res.body.token.project.id).toBe('demo');
      expect(res.body.token.application_credential).toMatchObject({ restricted: true });
    });

    it('scopes an unscoped request to the key project, and accepts the project by id', async () => {
      expect((await os.issue(cloud.memberKey, null)).body.token.project.id).toBe('demo');
      const byId = await os.call('POST', '/identity/v3/auth/tokens', {
        body: {
          auth: {
            identity: {
              methods: ['password'],
              password: { user: { id: 'x', password: cloud.memberKey } },
            },
            scope: { project: { id: 'demo' } },
          },
        },
      });
      expect(byId.status).toBe(201);
    });

    it('gives the admin key its project admin with the admin role', async () => {
      const res = await os.issue(cloud.adminKey, 'admin', 'admin');
      expect(res.status).toBe(201);
      expect(pluck(res.body.token.roles, 'name')).toContain('admin');
    });

    it('re-issues a token from a token (token method)', async () => {
      const token = await os.token();
      const res = await os.call('POST', '/identity/v3/auth/tokens', {
        body: {
          auth: {
            identity: { methods: ['token'], token: { id: token } },
            scope: { project: { name: 'demo', domain: { id: 'default' } } },
          },
        },
      });
      expect(res.status).toBe(201);
      expect(res.body.token.methods).toEqual(['token']);
    });

    it.each([
      ['an unknown key', () => os.issue('not-a-key', 'demo')],
      ['another project', () => os.issue(cloud.memberKey, 'admin')],
      [
        'a domain scope',
        () =>
          os.call('POST', '/identity/v3/auth/tokens', {
            body: {
              auth: {
                identity: {
                  methods: ['password'],
                  password: { user: { name: 'demo', password: cloud.memberKey } },
                },
                scope: { domain: { id: 'default' } },
              },
            },
          }),
      ],
      [
        'a revoked-token re-scope',
        () =>
          os.call('POST', '/identity/v3/auth/tokens', {
            body: { auth: { identity: { methods: ['token'], token: { id: 'vmos1.x.y' } } } },
          }),
      ],
    ])('answers 401 with Keystone’s error body for %s', async (_label, send) => {
      const res = await send();
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(res.body).toEqual(KEYSTONE_UNAUTHORIZED);
      expect(res.headers.get('x-subject-token')).toBeNull();
    });

    it.each([
      ['no auth object', {}],
      ['no methods', { auth: { identity: {} } }],
      [
        'a password method without password',
        { auth: { identity: { methods: ['password'], password: { user: { name: 'x' } } } } },
      ],
      ['an unsupported method', { auth: { identity: { methods: ['totp'], totp: {} } } }],
    ])('answers 400 for %s', async (_label, body) => {
      const res = await os.call('POST', '/identity/v3/auth/tokens', { body });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 400, title: 'Bad Request' });
    });

    it('answers 400 for a body that is not JSON', async () => {
      const res = await os.call('POST', '/identity/v3/auth/tokens', {
        body: undefined,
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(400);
      const raw = await fetch(`${cloud.baseUrl}/identity/v3/auth/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{not json',
      });
      expect(raw.status).toBe(400);
      expect(((await raw.json()) as typeof KEYSTONE_UNAUTHORIZED).error.code).toBe(400);
    });
  });

  describe('GET /identity/v3/auth/tokens (validation)', () => {
    it('returns the subject token’s body', async () => {
      const token = await os.token();
      const res = await os.call('GET', '/identity/v3/auth/tokens', {
        token,
        headers: { 'x-subject-token': token },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-subject-token')).toBe(token);
      expect(res.body.token.project.id).toBe('demo');
      const noCatalog = await os.call('GET', '/identity/v3/auth/tokens?nocatalog', {
        token,
        headers: { 'x-subject-token': token },
      });
      expect(noCatalog.body.token.catalog).toBeUndefined();
    });

    it('is 404 for a bad subject token and 401 for a bad caller token', async () => {
      const token = await os.token();
      const bad = await os.call('GET', '/identity/v3/auth/tokens', {
        token,
        headers: { 'x-subject-token': 'nope' },
      });
      expect(bad.status).toBe(404);
      const unauth = await os.call('GET', '/identity/v3/auth/tokens', {
        headers: { 'x-subject-token': token },
      });
      expect(unauth.status).toBe(401);
    });
  });
});

describe('OpenStack API: Keystone domains', () => {
  let cloud: OpenStackCloud;
  let os: OpenStackHttp;

  beforeAll(async () => {
    cloud = await startOpenStackCloud();
    os = new OpenStackHttp(cloud);
  });
  afterAll(() => cloud.close());

  const issue = (userDomain: object, projectDomain: object) =>
    os.call('POST', '/identity/v3/auth/tokens', {
      body: {
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: 'demo', domain: userDomain, password: cloud.memberKey } },
          },
          scope: { project: { name: cloud.projectName, domain: projectDomain } },
        },
      },
    });

  it('knows one domain, Default (by name, any case, or by id), as a real Keystone answers', async () => {
    expect((await issue({ name: 'default' }, { id: 'default' })).status).toBe(201);
    for (const [user, project] of [
      [{ name: 'Other' }, { name: 'Default' }],
      [{ name: 'Default' }, { name: 'Other' }],
      [{ id: 'other' }, { id: 'default' }],
    ]) {
      const res = await issue(user, project);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({
        error: {
          code: 401,
          title: 'Unauthorized',
          message: 'The request you have made requires authentication.',
        },
      });
    }
  });
});

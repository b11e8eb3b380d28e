import { SEED_IMAGES } from '../src/simulator';
import { startOpenStackCloud, type OpenStackCloud } from './support/openstack-cloud';
import { OpenStackHttp } from './support/openstack-http';

/**
 * How the OpenStack-compatible API reads request bodies, replaying what a real cloud
 * answered (Keystone, Nova 2.93 and Glance of the lab cloud, same requests).
 */
describe('OpenStack API: request bodies and media types', () => {
  let cloud: OpenStackCloud;
  let os: OpenStackHttp;
  let token: string;

  beforeAll(async () => {
    cloud = await startOpenStackCloud();
    os = new OpenStackHttp(cloud);
    token = await os.token();
  });
  afterAll(() => cloud.close());

  /** A raw request: `body` is sent as is, with exactly `headers`. */
  async function send(
    method: string,
    path: string,
    body: string | undefined,
    headers: Record<string, string>,
  ): Promise<{ status: number; text: string }> {
    const res = await fetch(`${cloud.baseUrl}${path}`, { method, headers, body });
    return { status: res.status, text: await res.text() };
  }

  const authBody = () =>
    JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: {
            user: { name: 'demo', domain: { name: 'Default' }, password: cloud.memberKey },
          },
        },
        scope: { project: { name: cloud.projectName, domain: { name: 'Default' } } },
      },
    });
  const keystoneText = (what: string) =>
    `Expecting to find ${what}. The server could not comply with the request since it is ` +
    'either malformed or otherwise incorrect. The client is assumed to be in error.';

  describe('Keystone', () => {
    it('wants application/json (parameters allowed), and says so with 400', async () => {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
        const res = await send('POST', '/identity/v3/auth/tokens', authBody(), {
          'content-type': type,
        });
        expect(res.status).toBe(400);
        expect(JSON.parse(res.text)).toEqual({
          error: {
            code: 400,
            title: 'Bad Request',
            message: keystoneText('application/json in Content-Type header'),
          },
        });
      }
      const withCharset = await send('POST', '/identity/v3/auth/tokens', authBody(), {
        'content-type': 'application/json; charset=utf-8',
      });
      expect(withCharset.status).toBe(201);
    });

    it('answers broken JSON with its own message', async () => {
      const res = await send('POST', '/identity/v3/auth/tokens', '{bad', {
        'content-type': 'application/json',
      });
      expect(res.status).toBe(400);
      expect(JSON.parse(res.text).error.message).toBe(keystoneText('valid JSON in request body'));
    });
  });

  describe('Nova', () => {
    const server = () =>
      JSON.stringify({
        server: {
          name: 'typed',
          imageRef: SEED_IMAGES.cirros.id,
          flavorRef: '1',
          networks: 'none',
        },
      });
    const headers = (type: string, withToken = true): Record<string, string> => ({
      'content-type': type,
      'openstack-api-version': 'compute 2.93',
      ...(withToken ? { 'x-auth-token': token } : {}),
    });

    it('checks the token before the body: no token and broken JSON is 401', async () => {
      const res = await send(
        'POST',
        '/compute/v2.1/servers',
        '{bad',
        headers('application/json', false),
      );
      expect(res.status).toBe(401);
    });

    it('answers broken JSON 400 "Malformed request body" once authenticated', async () => {
      const res = await send('POST', '/compute/v2.1/servers', '{bad', headers('application/json'));
      expect(res.status).toBe(400);
      expect(JSON.parse(res.text)).toEqual({
        badRequest: { code: 400, message: 'Malformed request body' },
      });
    });

    it('refuses a form-encoded or XML body with 415 badMediaType, creating nothing', async () => {
      const before = (await os.nova('GET', '/servers', { token })).body.servers.length as number;
      for (const type of ['application/x-www-form-urlencoded', 'application/xml']) {
        const res = await send('POST', '/compute/v2.1/servers', server(), headers(type));
        expect(res.status).toBe(415);
        expect(JSON.parse(res.text)).toEqual({
          badMediaType: { code: 415, message: 'Unsupported Content-Type' },
        });
      }
      expect((await os.nova('GET', '/servers', { token })).body.servers).toHaveLength(before);
    });

    it('reads JSON sent as text/plain or as its own compute type, as Nova does', async () => {
      for (const type of ['text/plain', 'application/vnd.openstack.compute+json']) {
        const res = await send('POST', '/compute/v2.1/servers', server(), headers(type));
        expect(res.status).toBe(202);
      }
    });
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManualClock } from '../../common/clock/manual-clock';
import { loadConfig } from '../../config/load-config';
import { realClientEnv } from '../../../test/support/real-client-env';
import { CloudUnsupportedError } from '../cloud-errors';
import { RealOpenStackClient } from './real-openstack-client';
import { CountingHttpObserver } from './testing/counting-http-observer';

const SCOPE = { projectId: 'team-blue' };
const SERVER_ID = '29e5ac6e-3ca4-4b3f-9c75-40f532aca2d7';

/**
 * A cloud whose compute API stops at microversion 2.25 (Mitaka's): Keystone issues a
 * token whose catalog points at it, Nova serves its version document; any other request
 * is recorded and answered 500.
 */
async function mitakaCloud(): Promise<{ url: string; others: string[]; close(): Promise<void> }> {
  const others: string[] = [];
  let base = '';
  const server: Server = createServer((req, res) => {
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'POST' && req.url === '/v3/auth/tokens') {
      const now = Date.now();
      return send(
        201,
        {
          token: {
            issued_at: new Date(now).toISOString(),
            expires_at: new Date(now + 3_600_000).toISOString(),
            project: { id: 'p', name: 'demo' },
            catalog: [
              {
                type: 'compute',
                endpoints: [{ interface: 'public', region_id: 'RegionOne', url: `${base}/v2.1` }],
              },
            ],
          },
        },
        { 'x-subject-token': 'mitaka-token' },
      );
    }
    if (req.method === 'GET' && req.url === '/v2.1/') {
      return send(200, { version: { id: 'v2.1', version: '2.25', min_version: '2.1' } });
    }
    others.push(`${req.method} ${req.url}`);
    return send(500, { computeFault: { code: 500, message: 'not expected' } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    others,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('RealOpenStackClient on a cloud without server tags (compute API below 2.26)', () => {
  it('refuses tag calls with CloudUnsupportedError naming the versions, sending nothing', async () => {
    const cloud = await mitakaCloud();
    const config = loadConfig(
      realClientEnv({ authUrl: `${cloud.url}/v3`, password: 'secret', projectName: 'demo' }),
    ).openstack!;
    const client = new RealOpenStackClient(config, new ManualClock(), new CountingHttpObserver());
    try {
      for (const call of [
        () => client.setServerTags(SCOPE, SERVER_ID, ['web']),
        () => client.addServerTag(SCOPE, SERVER_ID, 'web'),
        () => client.removeServerTag(SCOPE, SERVER_ID, 'web'),
      ]) {
        const error: unknown = await call().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(CloudUnsupportedError);
        expect((error as Error).message).toBe(
          "The cloud's compute API does not support server tags: they need microversion 2.26, and it speaks 2.25.",
        );
      }
      expect(cloud.others).toEqual([]);
    } finally {
      await client.onApplicationShutdown();
      await cloud.close();
    }
  });
});

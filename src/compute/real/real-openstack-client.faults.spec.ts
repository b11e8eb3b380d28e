import { createServer } from 'node:net';
import { startOpenStackCloud, type OpenStackCloud } from '../../../test/support/openstack-cloud';
import { ManualClock } from '../../common/clock/manual-clock';
import {
  CloudRateLimitedError,
  CloudUnauthorizedError,
  CloudUnavailableError,
} from '../cloud-errors';
import type { CloudScope } from '../cloud-records';
import type { RealOpenStackClient } from './real-openstack-client';
import type { CountingHttpObserver } from './testing/counting-http-observer';
import { FACADE_IMAGE_ID, facadeClient } from './testing/facade-client';

const SCOPE: CloudScope = { projectId: 'team-blue' };
const PAGE = { limit: 50 };
const request = { name: 'vm', imageId: FACADE_IMAGE_ID, flavorId: '1', metadata: {} };

/** Answers a port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('RealOpenStackClient under injected faults', () => {
  let cloud: OpenStackCloud;
  let clients: RealOpenStackClient[] = [];
  /** Backoff waits the client asked for (not actually waited). */
  let waits: number[];

  beforeAll(async () => (cloud = await startOpenStackCloud()));
  afterAll(() => cloud.close());
  beforeEach(() => (waits = []));
  afterEach(async () => {
    await cloud.clearFaults();
    await Promise.all(clients.map((c) => c.onApplicationShutdown()));
    clients = [];
  });

  function make(
    env: Record<string, string> = {},
    clock = cloud.clock,
  ): { client: RealOpenStackClient; requests: CountingHttpObserver } {
    const made = facadeClient(cloud, {
      env,
      clock,
      overrides: {
        sleep: (ms) => {
          waits.push(ms);
          return Promise.resolve();
        },
      },
    });
    clients.push(made.client);
    return made;
  }

  describe('tokens', () => {
    it('authenticates once for 50 concurrent first calls', async () => {
      const { client, requests } = make();
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          i % 2 ? client.getImage(SCOPE, FACADE_IMAGE_ID) : client.getFlavor('1'),
        ),
      );
      expect(requests.authRequests).toBe(1);
    });

    it('re-authenticates once when the token expires under 50 concurrent calls', async () => {
      // The client's clock does not move: it learns of the expiry from Nova's and Glance's 401s.
      const { client, requests } = make({}, new ManualClock());
      await cloud.setFaults({ tokenTtlSeconds: 60 });
      await client.ping();
      cloud.clock.advance(61_000);
      const results = await Promise.all(
        Array.from({ length: 50 }, () => client.getImage(SCOPE, FACADE_IMAGE_ID)),
      );
      expect(results).toHaveLength(50);
      expect(requests.authRequests).toBe(2);
      expect(requests.count({ service: 'image', outcome: 401 })).toBe(50);
      expect(requests.count({ service: 'image', outcome: 200 })).toBe(50);
    });

    it('refreshes a token in the background before it expires, without a single 401', async () => {
      const { client, requests } = make();
      await cloud.setFaults({ tokenTtlSeconds: 60 });
      await client.ping();
      cloud.clock.advance(55_000); // under 10% of the lifetime left
      await client.getImage(SCOPE, FACADE_IMAGE_ID); // served with the old token
      expect(requests.count({ service: 'image', outcome: 200 })).toBe(1);
      cloud.clock.advance(2_500); // too close to expiry now: wait for the refresh in flight
      await client.ping();
      expect(requests.authRequests).toBe(2);
      cloud.clock.advance(50_000); // the first token has expired; the second has not
      await client.getImage(SCOPE, FACADE_IMAGE_ID);
      expect(requests.count({ outcome: 401 })).toBe(0);
      expect(requests.authRequests).toBe(2);
    });

    it('answers a 401 with one re-authentication and one retry, never a loop', async () => {
      const { client, requests } = make();
      await client.ping();
      await cloud.setFaults({ unauthorized: 1 });
      await expect(client.getImage(SCOPE, FACADE_IMAGE_ID)).resolves.toMatchObject({
        id: FACADE_IMAGE_ID,
      });
      expect(requests.authRequests).toBe(2);
      await cloud.setFaults({ unauthorized: 100 });
      requests.reset();
      await expect(client.getImage(SCOPE, FACADE_IMAGE_ID)).rejects.toBeInstanceOf(
        CloudUnauthorizedError,
      );
      expect(requests.byService()).toEqual({ identity: 1, compute: 0, image: 2, network: 0 });
    });

    it('re-sends even a create after a 401: it was not processed', async () => {
      const { client, requests } = make();
      await client.ping();
      await cloud.setFaults({ unauthorized: 1 });
      requests.reset();
      // A create answers the state every new server starts in, without reading it back.
      await expect(client.createServer(SCOPE, request)).resolves.toMatchObject({
        status: 'BUILD',
        taskState: 'scheduling',
      });
      expect(requests.count({ service: 'compute', method: 'POST' })).toBe(2);
      expect(requests.count({ service: 'compute', method: 'GET' })).toBe(0);
    });

    it('reports refused credentials as CloudUnauthorizedError without echoing them', async () => {
      const { client, requests } = make({ OPENSTACK_PASSWORD: 'wrong-password-123' });
      const failure = client.ping();
      await expect(failure).rejects.toBeInstanceOf(CloudUnauthorizedError);
      await expect(failure).rejects.not.toThrow(/wrong-password-123/);
      expect(requests.authRequests).toBe(1);
    });

    it('does not re-send refused credentials for 30 s (account lockout), then tries again', async () => {
      const { client, requests } = make({ OPENSTACK_PASSWORD: 'wrong-password-123' });
      await expect(client.ping()).rejects.toBeInstanceOf(CloudUnauthorizedError);
      await expect(client.listImages(SCOPE, {}, PAGE)).rejects.toBeInstanceOf(
        CloudUnauthorizedError,
      );
      expect(requests.authRequests).toBe(1);
      cloud.clock.advance(30_001);
      await expect(client.ping()).rejects.toBeInstanceOf(CloudUnauthorizedError);
      expect(requests.authRequests).toBe(2);
    });
  });

  describe('retries', () => {
    it('retries GETs through a burst of 503s, with growing jittered waits', async () => {
      const { client, requests } = make();
      await client.ping();
      await cloud.setFaults({ unavailable: 2 });
      await expect(client.listImages(SCOPE, {}, PAGE)).resolves.toMatchObject({
        items: expect.any(Array),
      });
      expect(requests.count({ service: 'image', outcome: 503 })).toBe(2);
      expect(requests.count({ service: 'image', outcome: 200 })).toBe(1);
      expect(waits).toHaveLength(2);
      expect(waits[0]).toBeLessThan(200);
      expect(waits[1]).toBeLessThan(400);
    });

    it('never re-sends a server create after a 503', async () => {
      const { client, requests } = make();
      await client.ping();
      await cloud.setFaults({ unavailable: 1 });
      await expect(client.createServer(SCOPE, request)).rejects.toBeInstanceOf(
        CloudUnavailableError,
      );
      expect(requests.count({ service: 'compute', method: 'POST' })).toBe(1);
      expect(waits).toEqual([]);
    });

    it('waits out a 429’s Retry-After, for reads and for creates', async () => {
      const { client, requests } = make();
      await client.ping();
      await cloud.setFaults({ rateLimited: { count: 2, retryAfterSeconds: 2 } });
      await client.getImage(SCOPE, FACADE_IMAGE_ID);
      await client.createServer(SCOPE, request);
      expect(waits).toHaveLength(2);
      for (const wait of waits) expect(wait).toBeGreaterThanOrEqual(2_000);
      expect(requests.count({ outcome: 429 })).toBe(2);
    });

    it('hands a long Retry-After to the caller instead of waiting', async () => {
      const { client } = make();
      await client.ping();
      await cloud.setFaults({ rateLimited: { count: 1, retryAfterSeconds: 120 } });
      const failure = client.getImage(SCOPE, FACADE_IMAGE_ID);
      await expect(failure).rejects.toBeInstanceOf(CloudRateLimitedError);
      await expect(failure).rejects.toMatchObject({ retryAfterSeconds: 120 });
      expect(waits).toEqual([]);
    });

    it('times out slow responses, retrying reads but not creates', async () => {
      const { client, requests } = make({
        OPENSTACK_TIMEOUT_MS: '200',
        OPENSTACK_MAX_RETRIES: '1',
      });
      await client.ping();
      await cloud.setFaults({ latencyMs: 1_000 });
      await expect(client.getImage(SCOPE, FACADE_IMAGE_ID)).rejects.toThrow(
        new CloudUnavailableError('The image API did not answer in time.'),
      );
      expect(requests.count({ service: 'image', outcome: 'timeout' })).toBe(2);
      await expect(client.createServer(SCOPE, request)).rejects.toBeInstanceOf(
        CloudUnavailableError,
      );
      expect(requests.count({ service: 'compute', method: 'POST', outcome: 'timeout' })).toBe(1);
    });

    it('survives dropped connections on reads, and does not re-send a create', async () => {
      const { client, requests } = make();
      await client.ping();
      await cloud.setFaults({ dropConnections: 2 });
      await expect(client.getImage(SCOPE, FACADE_IMAGE_ID)).resolves.toBeDefined();
      expect(requests.count({ service: 'image', outcome: 'io' })).toBe(2);
      await cloud.setFaults({ dropConnections: 1 });
      await expect(client.createServer(SCOPE, request)).rejects.toBeInstanceOf(
        CloudUnavailableError,
      );
      expect(requests.count({ service: 'compute', method: 'POST' })).toBe(1);
    });

    it('retries a refused connection (nothing was sent), then gives up', async () => {
      const port = await closedPort();
      const { client, requests } = make({
        OPENSTACK_AUTH_URL: `http://127.0.0.1:${port}/identity/v3`,
        OPENSTACK_MAX_RETRIES: '2',
      });
      await expect(client.ping()).rejects.toThrow(
        new CloudUnavailableError('The identity API could not be reached.'),
      );
      expect(requests.count({ service: 'identity', outcome: 'connect' })).toBe(3);
    });
  });

  describe('circuit breaker', () => {
    it('opens after consecutive failures, fails fast, probes after the cool-down, recovers', async () => {
      const { client, requests } = make({
        OPENSTACK_MAX_RETRIES: '0',
        OPENSTACK_BREAKER_THRESHOLD: '3',
        OPENSTACK_BREAKER_COOLDOWN_MS: '10000',
      });
      await client.ping();
      await cloud.setFaults({ unavailable: 1_000 });
      for (let i = 0; i < 3; i++) {
        await expect(client.getImage(SCOPE, FACADE_IMAGE_ID)).rejects.toBeInstanceOf(
          CloudUnavailableError,
        );
      }
      expect(client.circuit('image')).toBe('open');
      const sent = requests.count({ service: 'image' });
      const fast = client.getImage(SCOPE, FACADE_IMAGE_ID);
      await expect(fast).rejects.toMatchObject({ retryAfterSeconds: 10 });
      expect(requests.count({ service: 'image' })).toBe(sent);

      // Nova has its own circuit, still closed.
      await cloud.clearFaults();
      await expect(client.getFlavor('2')).resolves.toMatchObject({ id: '2' });

      cloud.clock.advance(4_000);
      await expect(client.getImage(SCOPE, FACADE_IMAGE_ID)).rejects.toMatchObject({
        retryAfterSeconds: 6,
      });
      cloud.clock.advance(6_000);
      await expect(client.getImage(SCOPE, FACADE_IMAGE_ID)).resolves.toBeDefined();
      expect(client.circuit('image')).toBe('closed');
      expect(requests.count({ service: 'image' })).toBe(sent + 1);
    });

    it('re-opens when the probe fails', async () => {
      const { client } = make({
        OPENSTACK_MAX_RETRIES: '0',
        OPENSTACK_BREAKER_THRESHOLD: '1',
        OPENSTACK_BREAKER_COOLDOWN_MS: '5000',
      });
      await client.ping();
      await cloud.setFaults({ unavailable: 2 });
      await expect(client.listImages(SCOPE, {}, PAGE)).rejects.toBeInstanceOf(
        CloudUnavailableError,
      );
      cloud.clock.advance(5_000);
      await expect(client.listImages(SCOPE, {}, PAGE)).rejects.toBeInstanceOf(
        CloudUnavailableError,
      );
      expect(client.circuit('image')).toBe('open');
      cloud.clock.advance(5_000);
      await expect(client.listImages(SCOPE, {}, PAGE)).resolves.toBeDefined();
    });
  });
});

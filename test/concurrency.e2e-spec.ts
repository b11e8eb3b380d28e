import type { Response } from 'supertest';
import { Api, expectProblem, IMAGES, type ServerBody } from './support/api';
import { createTestApp, type TestApp } from './support/test-app';

const LATENCY = 1_000;

/** Splits responses into the accepted ones and the refused ones. */
function outcome(responses: Response[]): { won: Response[]; lost: Response[] } {
  const won = responses.filter((r) => r.status >= 200 && r.status < 300);
  const lost = responses.filter((r) => r.status >= 300);
  return { won, lost };
}

describe('concurrent requests on one server', () => {
  let t: TestApp;
  let admin: Api;

  beforeAll(async () => {
    t = await createTestApp({ MOCK_OPENSTACK_LATENCY_MS: String(LATENCY) });
    admin = new Api(t);
  });
  afterAll(() => t.close());

  async function activeServer(): Promise<ServerBody> {
    const server = await admin.createServer();
    t.clock.advance(LATENCY);
    expect((await admin.server(server.id)).status).toBe('ACTIVE');
    return server;
  }

  it('5 parallel stops: exactly one 202, the rest 409, one stop in the history', async () => {
    const server = await activeServer();
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => admin.action(server.id, 'stop')),
    );
    const { won, lost } = outcome(responses);
    expect(won.map((r) => r.status)).toEqual([202]);
    expect(lost).toHaveLength(4);
    for (const r of lost) expectProblem(r, 409, 'INVALID_STATE_TRANSITION');

    const stops = (await admin.history(server.id)).filter((a) => a.action === 'stop');
    expect(stops).toHaveLength(1);
    expect(stops[0].requestId).toBe(won[0].headers['x-request-id']);
    t.clock.advance(LATENCY);
    expect(await admin.server(server.id)).toMatchObject({ status: 'SHUTOFF', taskState: null });
  });

  it('conflicting actions in parallel: exactly one wins, the server does only that', async () => {
    const server = await activeServer();
    const sends = [
      () => admin.action(server.id, 'stop'),
      () => admin.action(server.id, 'reboot', { type: 'SOFT' }),
      () => admin.action(server.id, 'reboot', { type: 'HARD' }),
      () => admin.action(server.id, 'snapshot', { name: 'race' }),
      () => admin.action(server.id, 'stop'),
    ];
    const responses = await Promise.all(sends.map((send) => send()));
    const { won, lost } = outcome(responses);
    expect(won).toHaveLength(1);
    for (const r of lost) expectProblem(r, 409, 'INVALID_STATE_TRANSITION');

    const history = await admin.history(server.id);
    expect(history.map((a) => a.action)).toHaveLength(2);
    expect(history[0]).toMatchObject({
      status: 'pending',
      requestId: won[0].headers['x-request-id'],
    });
    const images = await admin.get('/images?name=race');
    const snapshotWon = history[0].action === 'snapshot';
    expect(images.body.items).toHaveLength(snapshotWon ? 1 : 0);
  });

  it('parallel deletes: one 202, the rest 409 while deleting; then 404', async () => {
    const server = await activeServer();
    const responses = await Promise.all(
      Array.from({ length: 4 }, () => admin.delete(`/servers/${server.id}`)),
    );
    const { won, lost } = outcome(responses);
    expect(won).toHaveLength(1);
    for (const r of lost) expectProblem(r, 409, 'INVALID_STATE_TRANSITION');
    t.clock.advance(LATENCY);
    expectProblem(await admin.get(`/servers/${server.id}`), 404, 'SERVER_NOT_FOUND');
  });

  it('a delete in parallel with a stop is never refused because of the stop', async () => {
    const server = await activeServer();
    const [stop, del] = await Promise.all([
      admin.action(server.id, 'stop'),
      admin.delete(`/servers/${server.id}`),
    ]);
    expect(del.status).toBe(202);
    expect([202, 409]).toContain(stop.status);
    t.clock.advance(LATENCY);
    expectProblem(await admin.get(`/servers/${server.id}`), 404, 'SERVER_NOT_FOUND');
  });

  it('parallel PATCHes with one If-Match: one 200, the rest 412', async () => {
    const server = await activeServer();
    const etag = (await admin.get(`/servers/${server.id}`)).headers.etag;
    const responses = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        admin.patch(`/servers/${server.id}`, { name: `writer-${i}` }).set('if-match', etag),
      ),
    );
    const { won, lost } = outcome(responses);
    expect(won).toHaveLength(1);
    for (const r of lost) expectProblem(r, 412, 'PRECONDITION_FAILED');
    expect((await admin.server(server.id)).name).toBe((won[0].body as ServerBody).name);
  });

  it('parallel creates without a key each make their own server', async () => {
    const api = await admin.as('concurrent-creates');
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        api.post('/servers', {
          name: `c${i}`,
          imageId: IMAGES.cirros,
          flavorId: '1',
        }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(202));
    const ids = new Set(responses.map((r) => (r.body as ServerBody).id));
    expect(ids.size).toBe(10);
    const listed = (await api.listServers()).items.map((s) => s.id);
    expect(new Set(listed)).toEqual(ids);
  });
});

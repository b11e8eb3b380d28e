import { Client } from 'pg';
import { UnitOfWork } from '../../src/common/uow/unit-of-work';
import type { CreateServerRequest } from '../../src/compute/cloud-records';
import { OpenStackClient } from '../../src/compute/openstack-client';
import { IMAGES } from '../support/api';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * The simulated cloud lives in the app's database and joins the request's unit of work:
 * what it does is one with the inventory's writes. On SQLite every query shares one
 * connection, so only PostgreSQL (a pool, and a second session to look from) shows that
 * its writes go through the unit of work's own transaction.
 * (Runs in `npm run test:postgres` only.)
 */
describe('the simulated cloud in a unit of work on PostgreSQL', () => {
  let t: TestApp;
  let uow: UnitOfWork;
  let cloud: OpenStackClient;
  /** Another session on the same database, outside the app. */
  let observer: Client;

  const scope = { projectId: 'uow-pg' };
  const request = (name: string): CreateServerRequest => ({
    name,
    imageId: IMAGES.cirros,
    flavorId: '1',
    metadata: {},
  });
  /** What the other session sees of the project's simulated cloud. */
  const seen = async () => {
    const servers = await observer.query<{ name: string; vmState: string; taskState: string }>(
      'SELECT name, "vmState", "taskState" FROM mock_servers WHERE "projectId" = $1 ORDER BY name',
      [scope.projectId],
    );
    const actions = await observer.query<{ action: string }>(
      'SELECT action FROM mock_instance_actions WHERE "projectId" = $1 ORDER BY "startTime", id',
      [scope.projectId],
    );
    const images = await observer.query<{ name: string }>(
      'SELECT name FROM mock_images WHERE "ownerProjectId" = $1 ORDER BY name',
      [scope.projectId],
    );
    return {
      servers: servers.rows,
      actions: actions.rows.map((r) => r.action),
      images: images.rows.map((r) => r.name),
    };
  };

  beforeAll(async () => {
    t = await createTestApp();
    expect(t.databaseEnv.DATABASE_URL).toMatch(/^postgres/);
    uow = t.app.get(UnitOfWork);
    cloud = t.app.get(OpenStackClient);
    expect(cloud.joinsTransactions).toBe(true);
    observer = new Client({ connectionString: t.databaseEnv.DATABASE_URL });
    await observer.connect();
  });
  afterAll(async () => {
    await observer?.end();
    await t?.close();
  });

  it('a create is invisible to other sessions until the unit of work commits, and gone if it fails', async () => {
    const failed = uow.transaction(async () => {
      await cloud.createServer(scope, request('rolled-back'));
      expect(await seen()).toEqual({ servers: [], actions: [], images: [] });
      throw new Error('the unit of work failed after the cloud call');
    });
    await expect(failed).rejects.toThrow('the unit of work failed after the cloud call');
    expect(await seen()).toEqual({ servers: [], actions: [], images: [] });

    await uow.transaction(async () => {
      await cloud.createServer(scope, request('committed'));
      expect(await seen()).toEqual({ servers: [], actions: [], images: [] });
    });
    expect(await seen()).toEqual({
      servers: [{ name: 'committed', vmState: 'active', taskState: null }],
      actions: ['create'],
      images: [],
    });
  });

  it('so are actions, a snapshot included', async () => {
    const [server] = await cloud.listServers(scope);
    const failed = uow.transaction(async () => {
      await cloud.stopServer(scope, server.id);
      await cloud.createServerImage(scope, server.id, 'snap');
      expect((await seen()).actions).toEqual(['create']);
      throw new Error('the unit of work failed after the cloud call');
    });
    await expect(failed).rejects.toThrow('the unit of work failed after the cloud call');
    expect(await seen()).toEqual({
      servers: [{ name: 'committed', vmState: 'active', taskState: null }],
      actions: ['create'],
      images: [],
    });
    expect(await cloud.getServer(scope, server.id)).toMatchObject({ status: 'ACTIVE' });

    await uow.transaction(async () => {
      await cloud.stopServer(scope, server.id);
      await cloud.createServerImage(scope, server.id, 'snap');
    });
    expect(await seen()).toEqual({
      servers: [{ name: 'committed', vmState: 'stopped', taskState: null }],
      actions: ['create', 'stop', 'createImage'],
      images: ['snap'],
    });
  });
});

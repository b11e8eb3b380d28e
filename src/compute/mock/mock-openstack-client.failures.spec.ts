import type { CreateServerRequest } from '../cloud-records';
import { SEED_IMAGES } from '../../simulator';
import {
  createMockOpenStackTesting,
  type MockOpenStackTesting,
} from './testing/mock-openstack-testing';

const SCOPE = { projectId: 'project-a' };
const request = (fail: string): CreateServerRequest => ({
  name: 'vm',
  imageId: SEED_IMAGES.cirros.id,
  flavorId: '1',
  metadata: { 'mock:fail': fail },
});

describe('MockOpenStackClient failure injection', () => {
  let t: MockOpenStackTesting;
  beforeEach(async () => (t = await createMockOpenStackTesting(1000)));
  afterEach(() => t.close());

  it('mock:fail=build ends the build in ERROR with a fault', async () => {
    const { id } = await t.client.createServer(SCOPE, request('build'));
    t.clock.advance(1000);
    const failed = await t.client.getServer(SCOPE, id);
    expect(failed).toMatchObject({ status: 'ERROR', taskState: null, launchedAt: null });
    expect(failed.fault).toEqual({ code: 500, message: expect.stringContaining('aborted') });
    // Nova allows stop from ERROR; the fault is only shown while in ERROR.
    await t.client.stopServer(SCOPE, id);
    t.clock.advance(1000);
    expect(await t.client.getServer(SCOPE, id)).toMatchObject({ status: 'SHUTOFF', fault: null });
  });

  it('mock:fail=delete ends the delete in ERROR instead of deleting', async () => {
    const { id } = await t.client.createServer(SCOPE, request('delete'));
    t.clock.advance(1000);
    await t.client.deleteServer(SCOPE, id);
    t.clock.advance(1000);
    const failed = await t.client.getServer(SCOPE, id);
    expect(failed).toMatchObject({ status: 'ERROR', taskState: null });
    expect(failed.fault?.message).toContain('Failed to delete');
    expect((await t.client.listServers(SCOPE)).map((s) => s.id)).toEqual([id]);
  });

  it('mock:fail=snapshot kills the image and clears the server task', async () => {
    const { id } = await t.client.createServer(SCOPE, request('snapshot'));
    t.clock.advance(1000);
    const imageId = await t.client.createServerImage(SCOPE, id, 'snap');
    t.clock.advance(1000);
    expect(await t.client.getImage(SCOPE, imageId)).toMatchObject({
      status: 'killed',
      sizeBytes: null,
    });
    expect(await t.client.getServer(SCOPE, id)).toMatchObject({
      status: 'ACTIVE',
      taskState: null,
      fault: null,
    });
  });

  it('combines failures: mock:fail=build,delete', async () => {
    const { id } = await t.client.createServer(SCOPE, request('build,delete'));
    t.clock.advance(1000);
    expect((await t.client.getServer(SCOPE, id)).status).toBe('ERROR');
    await t.client.deleteServer(SCOPE, id);
    expect(await t.client.getServer(SCOPE, id)).toMatchObject({
      status: 'ERROR',
      taskState: 'deleting',
    });
    t.clock.advance(1000);
    const failed = await t.client.getServer(SCOPE, id);
    expect(failed).toMatchObject({ status: 'ERROR', taskState: null });
    expect(failed.fault?.message).toContain('mock:fail=delete');
  });
});

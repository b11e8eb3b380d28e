import { CloudBadRequestError, CloudNotFoundError } from '../cloud-errors';
import type { CreateServerRequest } from '../cloud-records';
import { MockImageEntity, SEED_IMAGES } from '../../simulator';
import {
  createMockOpenStackTesting,
  type MockOpenStackTesting,
} from './testing/mock-openstack-testing';

const SCOPE = { projectId: 'project-a' };
const OTHER = { projectId: 'project-b' };
const IMAGES = {
  cirros: SEED_IMAGES.cirros.id,
  windows: SEED_IMAGES.windows.id,
  queued: SEED_IMAGES.fedoraQueued.id,
};
const UNKNOWN = '00000000-0000-4000-8000-000000000000';
/** An image of this suite's own, beside the seeded ones. */
const BIG_DISK = '7c2e5b2f-1d66-4a55-8b64-4d8b1c3b2b01';
const request = (imageId: string, flavorId: string): CreateServerRequest => ({
  name: 'vm',
  imageId,
  flavorId,
  metadata: {},
});

describe('MockOpenStackClient validation and visibility', () => {
  let t: MockOpenStackTesting;
  beforeAll(async () => (t = await createMockOpenStackTesting(0)));
  afterAll(() => t.close());

  it.each([
    [UNKNOWN, '1', `Image ${UNKNOWN} could not be found.`],
    [IMAGES.cirros, '99', 'Flavor 99 could not be found.'],
    [IMAGES.queued, '3', `Image ${IMAGES.queued} is not active.`],
    [IMAGES.windows, '1', "Flavor's memory is too small for requested image."],
  ])('refuses image %s on flavor %s with Nova’s 400', async (imageId, flavorId, message) => {
    const attempt = t.client.createServer(SCOPE, request(imageId, flavorId));
    await expect(attempt).rejects.toBeInstanceOf(CloudBadRequestError);
    await expect(attempt).rejects.toThrow(message);
  });

  it('refuses a flavor whose disk is below the image minimum', async () => {
    const now = t.clock.now();
    await t.dataSource.getRepository(MockImageEntity).insert({
      id: BIG_DISK,
      name: 'big-disk',
      status: 'active',
      visibility: 'public',
      ownerProjectId: null,
      minDiskGb: 30,
      minRamMb: 0,
      sizeBytes: 1,
      diskFormat: 'qcow2',
      containerFormat: 'bare',
      sourceServerId: null,
      properties: {},
      createdAt: now,
      updatedAt: now,
      readyAt: null,
      tags: [],
      isProtected: false,
      osHidden: false,
    });
    await expect(t.client.createServer(SCOPE, request(BIG_DISK, '2'))).rejects.toThrow(
      "Flavor's disk is too small for requested image.",
    );
  });

  it('boots where the flavor is big enough', async () => {
    const server = await t.client.createServer(SCOPE, request(IMAGES.windows, '3'));
    expect(server.status).toBe('ACTIVE');
  });

  it('hides a project’s servers and snapshots from other projects', async () => {
    const { id } = await t.client.createServer(SCOPE, request(IMAGES.cirros, '1'));
    const imageId = await t.client.createServerImage(SCOPE, id, 'private-snap');
    await expect(t.client.getServer(OTHER, id)).rejects.toThrow(
      `Instance ${id} could not be found.`,
    );
    await expect(t.client.stopServer(OTHER, id)).rejects.toBeInstanceOf(CloudNotFoundError);
    await expect(t.client.deleteServer(OTHER, id)).rejects.toBeInstanceOf(CloudNotFoundError);
    await expect(t.client.getImage(OTHER, imageId)).rejects.toBeInstanceOf(CloudNotFoundError);
    await expect(t.client.createServer(OTHER, request(imageId, '1'))).rejects.toThrow(
      `Image ${imageId} could not be found.`,
    );
    // The owner can boot from its own snapshot.
    const clone = await t.client.createServer(SCOPE, request(imageId, '1'));
    expect(clone).toMatchObject({ imageId, status: 'ACTIVE' });
  });
});

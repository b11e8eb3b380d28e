import { toCloudImage } from './glance-records';
import { toCloudFlavor, toCloudServer } from './nova-records';
import { parseOpenStackTime } from './openstack-time';
import { PROJECT_TAG } from './scope-tag';
import { FLAVOR_TINY, GLANCE_IMAGE, SERVER_2_1, SERVER_2_93 } from './testing/openstack-samples';

const byName = (name: string) => (name === 'm1.tiny' ? '1' : undefined);

describe('Nova and Glance records', () => {
  it('map a server view the same below and above microversion 2.47', () => {
    const expected = {
      id: '29e5ac6e-3ca4-4b3f-9c75-40f532aca2d7',
      name: 'sample-vm',
      status: 'ACTIVE',
      taskState: null,
      flavorId: '1',
      imageId: '163d1dbf-2652-4d0f-9d04-961ff7c3e29b',
      metadata: {},
      fault: null,
      locked: false,
      tags: [],
      createdAt: new Date('2026-11-26T03:31:01Z'),
      updatedAt: new Date('2026-11-26T03:31:02Z'),
      launchedAt: new Date('2026-11-26T03:31:02Z'),
    };
    expect(toCloudServer(SERVER_2_1, byName)).toEqual(expected);
    expect(toCloudServer(SERVER_2_93, byName)).toEqual(expected);
  });

  it('read the tags of a 2.26+ view, and none from an older one', () => {
    expect(toCloudServer({ ...SERVER_2_93, tags: ['blue', 'web'] }, byName).tags).toEqual([
      'blue',
      'web',
    ]);
    expect(toCloudServer({ ...SERVER_2_1 }, byName).tags).toEqual([]);
  });

  it('keep a fault, hide the project tag, and cope with a volume-booted server', () => {
    const server = toCloudServer(
      {
        ...SERVER_2_1,
        status: 'ERROR',
        image: '',
        metadata: { role: 'web', [PROJECT_TAG]: 'team-blue' },
        fault: { code: 500, message: 'No valid host was found.' },
        'OS-SRV-USG:launched_at': null,
        'OS-EXT-STS:task_state': 'deleting',
      },
      byName,
    );
    expect(server).toMatchObject({
      status: 'ERROR',
      taskState: 'deleting',
      imageId: '',
      metadata: { role: 'web' },
      fault: { code: 500, message: 'No valid host was found.' },
      launchedAt: null,
    });
  });

  it('map flavors and images', () => {
    expect(toCloudFlavor(FLAVOR_TINY)).toEqual({
      id: '1',
      name: 'm1.tiny',
      vcpus: 1,
      ramMb: 512,
      diskGb: 1,
    });
    expect(toCloudImage(GLANCE_IMAGE)).toEqual({
      id: '163d1dbf-2652-4d0f-9d04-961ff7c3e29b',
      name: 'tiny',
      status: 'active',
      minDiskGb: 0,
      minRamMb: 0,
      sizeBytes: 196616,
      visibility: 'public',
      ownerProjectId: 'a972cf1193624d8e925287a73b4001e9',
      createdAt: new Date('2026-11-26T03:21:39Z'),
    });
    expect(toCloudImage({ id: 'i', status: 'queued', size: null })).toMatchObject({
      sizeBytes: null,
      name: '',
    });
  });

  it('read OpenStack timestamps with or without a zone as UTC', () => {
    expect(parseOpenStackTime('2026-11-26T03:31:02.123456')).toEqual(
      new Date('2026-11-26T03:31:02.123Z'),
    );
    expect(parseOpenStackTime('2026-11-26T05:31:02+02:00')).toEqual(
      new Date('2026-11-26T03:31:02Z'),
    );
    expect(parseOpenStackTime(null)).toBeNull();
    expect(parseOpenStackTime('yesterday')).toBeNull();
  });
});

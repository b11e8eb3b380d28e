import { toCloudImage } from './glance-records';
import { toCloudAddresses, toCloudFlavor, toCloudKeypair, toCloudServer } from './nova-records';
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
      keyName: null,
      accessIpv4: null,
      accessIpv6: null,
      tags: [],
      createdAt: new Date('2026-11-26T03:31:01Z'),
      updatedAt: new Date('2026-11-26T03:31:02Z'),
      launchedAt: new Date('2026-11-26T03:31:02Z'),
      addresses: {},
    };
    expect(toCloudServer(SERVER_2_1, byName)).toEqual(expected);
    expect(toCloudServer(SERVER_2_93, byName)).toEqual(expected);
  });

  it('map access addresses, Nova\'s "" being none', () => {
    const server = { ...SERVER_2_1, accessIPv4: '1.1.1.1', accessIPv6: '2001:2001::3' };
    expect(toCloudServer(server, byName)).toMatchObject({
      accessIpv4: '1.1.1.1',
      accessIpv6: '2001:2001::3',
    });
    expect(toCloudServer({ ...SERVER_2_1, accessIPv4: '', accessIPv6: '' }, byName)).toMatchObject({
      accessIpv4: null,
      accessIpv6: null,
    });
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

  it("map a key pair as Nova shows it (2.93), and Nova's server key_name", () => {
    // 108-nova-GET-os-keypair-2.93, under the name its scope knows it by.
    const shown = {
      name: 'vml-demo sample-key',
      public_key:
        'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHAKHLvUZ3pjPun7rWEeu2Hyl0dc1PFivhl7ihG2/AJ+ sample@example',
      fingerprint: '58:06:22:42:af:68:ef:c9:d2:2f:0c:a9:9f:07:93:80',
      user_id: 'e2849835b1d14c9dbc90d740977bf4fe',
      created_at: '2026-12-01T06:25:46.000000',
      deleted: false,
      deleted_at: null,
      id: 1,
      updated_at: null,
      type: 'ssh',
    };
    const fallback = new Date('2030-01-01T00:00:00Z');
    expect(toCloudKeypair(shown, 'sample-key', fallback)).toEqual({
      name: 'sample-key',
      publicKey: shown.public_key,
      fingerprint: shown.fingerprint,
      type: 'ssh',
      createdAt: new Date('2026-12-01T06:25:46Z'),
    });
    // The create answer has no created_at, and 2.1 no type.
    const bare = { name: shown.name, public_key: shown.public_key, fingerprint: shown.fingerprint };
    expect(toCloudKeypair(bare, 'sample-key', fallback)).toMatchObject({
      type: 'ssh',
      createdAt: fallback,
    });
    expect(toCloudServer({ ...SERVER_2_93, key_name: 'vml-demo k' }, byName).keyName).toBe(
      'vml-demo k',
    );
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
      diskFormat: 'qcow2',
      containerFormat: 'bare',
      checksum: '8e309b80fc0e748728a95dd8255b830c',
      hashAlgo: 'sha512',
      hashValue: GLANCE_IMAGE.os_hash_value,
      tags: [],
      isProtected: false,
      // Made outside this service: no project's own.
      projectId: null,
      properties: { os_distro: 'none', 'owner_specified.openstack.object': 'images/tiny' },
    });
    expect(toCloudImage({ id: 'i', status: 'queued', size: null })).toMatchObject({
      sizeBytes: null,
      name: '',
    });
    // One this service registered (sample 200, with the service's tag): its project's, and
    // the tag is not a property.
    expect(
      toCloudImage({
        id: 'j',
        name: 'sample-image',
        tags: ['sample-tag'],
        purpose: 'samples',
        protected: true,
        'vm-lifecycle:project': 'team-blue',
        os_glance_import_task: 't',
      }),
    ).toMatchObject({
      projectId: 'team-blue',
      tags: ['sample-tag'],
      isProtected: true,
      properties: { purpose: 'samples' },
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

  it("map Nova's addresses: fixed and floating, IPv4 and IPv6, with the port's MAC", () => {
    expect(
      toCloudAddresses({
        private: [
          {
            version: 4,
            addr: '10.0.0.5',
            'OS-EXT-IPS:type': 'fixed',
            'OS-EXT-IPS-MAC:mac_addr': 'fa:16:3e:ac:9b:67',
          },
          {
            version: 6,
            addr: 'fd00::f816:3eff:feac:9b67',
            'OS-EXT-IPS:type': 'fixed',
            'OS-EXT-IPS-MAC:mac_addr': 'fa:16:3e:ac:9b:67',
          },
          { version: 4, addr: '172.24.4.10', 'OS-EXT-IPS:type': 'floating' },
        ],
        // Before the OS-EXT-IPS extensions: only version and addr.
        legacy: [{ version: 6, addr: 'fd01::5' }, { addr: '192.168.0.9' }, { version: 4 }],
      }),
    ).toEqual({
      private: [
        { address: '10.0.0.5', version: 4, type: 'fixed', mac: 'fa:16:3e:ac:9b:67' },
        {
          address: 'fd00::f816:3eff:feac:9b67',
          version: 6,
          type: 'fixed',
          mac: 'fa:16:3e:ac:9b:67',
        },
        { address: '172.24.4.10', version: 4, type: 'floating' },
      ],
      legacy: [
        { address: 'fd01::5', version: 6, type: 'fixed' },
        { address: '192.168.0.9', version: 4, type: 'fixed' },
      ],
    });
    expect(toCloudAddresses(undefined)).toEqual({});
  });
});

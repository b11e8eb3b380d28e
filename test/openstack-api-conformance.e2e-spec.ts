import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startOpenStackCloud, type OpenStackCloud } from './support/openstack-cloud';
import { IMAGE_IDS, OpenStackHttp } from './support/openstack-http';
import { readSample, shapeDiff, type Sample } from './support/openstack-samples';
import { userIdOf } from '../src/openstack-api/keystone/token-body';
import { SEED_IMAGES, SEED_NETWORKS } from '../src/simulator';

/** Captured from a real OpenStack (Zed); replayed in the order of their numbers. */
const SAMPLES = resolve(__dirname, 'fixtures/openstack-samples');
const files = existsSync(SAMPLES)
  ? readdirSync(SAMPLES)
      .filter((f) => f.endsWith('.txt'))
      .sort((a, b) => parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b))
  : [];

/** The lab cloud's image ids (one per capture), all standing for our cirros image. */
const SAMPLE_IMAGES = [
  '163d1dbf-2652-4d0f-9d04-961ff7c3e29b',
  'd667943e-38a7-4c51-a701-ffede093c8a0',
];

/** Our image standing for the lab cloud's `tiny`. */
const CIRROS_NAME = SEED_IMAGES.cirros.name;

/** The lab cloud's `demo` user, who captured the samples; here the member key's user. */
const SAMPLE_USER = 'e2849835b1d14c9dbc90d740977bf4fe';

/** The lab cloud's `demo` project (in the quota-set URL); here the member key's project. */
const SAMPLE_PROJECT = '878aa96a4fa3446dbe0467ce4ea99cc1';

/**
 * The network the Neutron samples were captured with (`sample-net`: an IPv4 and a SLAAC
 * IPv6 subnet), standing for our `private` and its subnets.
 */
const SAMPLE_NETWORK: [string, string][] = [
  ['2904b2da-5e5e-4c7f-a997-9804aa24d051', SEED_NETWORKS.private.id],
  ['5cf1007c-8cc3-4fdd-aff8-22e75e49566c', SEED_NETWORKS.private.subnets[0].id],
  ['e54a396f-6116-47c2-9737-9369b69a2779', SEED_NETWORKS.private.subnets[1].id],
  ['sample-net', SEED_NETWORKS.private.name],
];

/** Properties the uploader set on the lab cloud's one image; ours have none. */
const IMAGE_PROPERTIES = new Set([
  'os_distro',
  'owner_specified.openstack.md5',
  'owner_specified.openstack.sha256',
  'owner_specified.openstack.object',
  // What Nova adds to a snapshot's properties beyond the simulator's (the user, the roles,
  // the server's password slots).
  'owner_user_name',
  'owner_project_name',
  'boot_roles',
  'user_id',
  'password_0',
  'password_1',
  'password_2',
  'password_3',
]);

/** Headers compared by value; others only by presence. */
const SAME_VALUE = [
  'openstack-api-version',
  'x-openstack-nova-api-version',
  'accept-patch',
  'content-md5',
];
const SAME_PRESENCE = [
  'x-subject-token',
  'location',
  'x-openstack-request-id',
  'x-compute-request-id',
];

/**
 * Replays every captured request against the façade, in the order they were captured
 * (create → show → 409 → stop → start → reboot → … → delete → 404; then a second server
 * through pause, resize, rebuild, rescue, shelve, lock and its console), and compares the
 * status, the headers that matter and the shape of the body.
 */
describe('OpenStack API conformance with the captured samples', () => {
  let cloud: OpenStackCloud;
  let os: OpenStackHttp;
  let token: string;
  /** An admin token, for the samples captured as the lab's admin (`$ADMIN_TOKEN`). */
  let adminToken: string;
  /** Each server a captured create made, and the one the replay of that create made here. */
  const servers = new Map<string, string>();
  /** Each server group a captured create made, and the one its replay made here. */
  const serverGroups = new Map<string, string>();
  /** Other ids a captured answer gave (snapshots, request ids), and ours for the same request. */
  const madeIds = new Map<string, string>();
  /**
   * Servers created below 2.37 without `networks`: the lab's project had no network, so
   * they had no addresses and no security groups; ours are plugged into `private`.
   */
  const unplugged = new Set<string>();
  const UNPLUGGED_KEYS = new Set([
    ...IMAGE_PROPERTIES,
    SEED_NETWORKS.private.name,
    'security_groups',
  ]);
  const ourIds = (text: string) =>
    [...servers, ...serverGroups, ...madeIds, ...SAMPLE_NETWORK].reduce(
      (out, [captured, ours]) => out.replaceAll(captured, ours),
      text
        .replaceAll(SAMPLE_USER, userIdOf(cloud.projectName))
        .replaceAll(SAMPLE_PROJECT, cloud.projectName),
    );

  beforeAll(async () => {
    cloud = await startOpenStackCloud();
    os = new OpenStackHttp(cloud);
    token = await os.token();
    adminToken = await os.token(cloud.adminKey, 'admin');
  });
  afterAll(() => cloud?.close());

  it('finds the captured samples', () => {
    if (!existsSync(SAMPLES)) {
      throw new Error(
        `No samples at ${SAMPLES}: copy shared/openstack/samples there (see its README).`,
      );
    }
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  /** The sample's request, pointed at the façade with our credentials and ids. */
  const adapt = (sample: Sample) => {
    const sub = (text: string) =>
      SAMPLE_IMAGES.reduce(
        (out, image) => out.replaceAll(image, IMAGE_IDS.cirros),
        ourIds(
          text
            .replaceAll('demo-secret', cloud.memberKey)
            .replaceAll('$ADMIN_TOKEN', adminToken)
            .replaceAll('$TOKEN', token),
        ),
      );
    let url = sub(sample.url)
      .replace('http://127.0.0.1:5000', `${cloud.baseUrl}/identity`)
      .replace('http://127.0.0.1:8774', `${cloud.baseUrl}/compute`)
      .replace('http://127.0.0.1:9292', `${cloud.baseUrl}/image`)
      .replace('http://127.0.0.1:9696', `${cloud.baseUrl}/networking`);
    // The simulator also seeds a queued image (no size, no checksum): list the active ones,
    // as the lab cloud's only image was.
    if (sample.method === 'GET' && url.endsWith('/image/v2/images')) url += '?status=active';
    // The lab cloud's image `tiny` stands for our cirros image, by name too.
    url = url.replace(/([?&]name=)tiny(&|$)/, `$1${CIRROS_NAME}$2`);
    const headers = Object.fromEntries(
      Object.entries(sample.headers).map(([name, value]) => [name, sub(value)]),
    );
    return { url, headers, data: sample.data === undefined ? undefined : sub(sample.data) };
  };

  for (const file of files) {
    it(`replays ${file}`, async () => {
      const sample = readSample(join(SAMPLES, file));
      const req = adapt(sample);
      const res = await fetch(req.url, {
        method: sample.method,
        headers: req.headers,
        body: req.data,
      });
      const text = await res.text();
      const context = `${file}: ${sample.method} ${req.url}`;

      expect({ context, status: res.status }).toEqual({ context, status: sample.status });
      const header = (name: string) => res.headers.get(name);
      expect({ context, type: header('content-type')?.toLowerCase() }).toEqual({
        context,
        type: sample.responseHeaders['content-type']?.toLowerCase(),
      });
      for (const name of SAME_VALUE) {
        const want = sample.responseHeaders[name];
        if (want !== undefined)
          expect({ context, [name]: header(name) }).toEqual({ context, [name]: want });
      }
      for (const name of SAME_PRESENCE) {
        expect({ context, [name]: header(name) !== null }).toEqual({
          context,
          [name]: name in sample.responseHeaders,
        });
      }
      if (sample.responseHeaders.vary) {
        const tokens = (v: string | null) => (v ?? '').split(/,\s*/).sort();
        expect(tokens(header('vary'))).toEqual(tokens(sample.responseHeaders.vary));
      }

      // A snapshot or backup below 2.45 is named only by the Location header.
      const capturedLocation = sample.responseHeaders.location;
      const ourLocation = header('location');
      if (
        sample.method === 'POST' &&
        capturedLocation &&
        ourLocation &&
        /\/images\//.test(capturedLocation)
      ) {
        madeIds.set(capturedLocation.split('/').pop()!, ourLocation.split('/').pop()!);
      }
      const type = sample.responseHeaders['content-type'] ?? '';
      if (sample.body.trim() === '(empty body)') {
        expect(text).toBe('');
      } else if (type.startsWith('text/html')) {
        expect(text.trimEnd()).toBe(ourIds(sample.body).trimEnd());
      } else if (type.startsWith('text/plain') || type === 'application/octet-stream') {
        // Glance's plain-text error pages and image data, byte for byte.
        expect(text).toBe(ourIds(sample.body));
      } else {
        const expected: unknown = JSON.parse(sample.body);
        const actual: unknown = JSON.parse(text);
        const ignored = [...unplugged].some((id) => req.url.includes(id))
          ? UNPLUGGED_KEYS
          : IMAGE_PROPERTIES;
        expect({ context, differences: shapeDiff(expected, actual, ignored) }).toEqual({
          context,
          differences: [],
        });
        // Error texts are part of the contract: compare them too, with our ids.
        if (sample.status >= 400) {
          expect(actual).toEqual(JSON.parse(ourIds(sample.body)));
        }
        const made = (expected as { image_id?: string }).image_id;
        const ours = (actual as { image_id?: string }).image_id;
        if (made && ours) madeIds.set(made, ours);
        const created = (actual as { server?: { id?: string } }).server?.id;
        const captured = (expected as { server?: { id?: string } }).server?.id;
        if (sample.method === 'POST' && req.url.endsWith('/servers') && created && captured) {
          servers.set(captured, created);
          const { server: asked } = JSON.parse(req.data ?? '{}') as { server?: object };
          const minor = Number(
            /compute 2\.(\d+)/.exec(req.headers['openstack-api-version'] ?? '')?.[1] ?? 1,
          );
          if (asked && !('networks' in asked) && minor < 37) unplugged.add(created);
          // The create's instance action carries the request id the POST answered with.
          const capturedRequest = sample.responseHeaders['x-compute-request-id'];
          const ourRequest = header('x-compute-request-id');
          if (capturedRequest && ourRequest) madeIds.set(capturedRequest, ourRequest);
        }
        const group = (actual as { server_group?: { id?: string } }).server_group?.id;
        const capturedGroup = (expected as { server_group?: { id?: string } }).server_group?.id;
        if (sample.method === 'POST' && group && capturedGroup) {
          serverGroups.set(capturedGroup, group);
        }
        // A Glance create: later samples name the captured image, which is ours here.
        const image = actual as { id?: string };
        if (sample.method === 'POST' && req.url.endsWith('/image/v2/images') && image.id) {
          servers.set((expected as { id: string }).id, image.id);
        }
      }
    });
  }
});

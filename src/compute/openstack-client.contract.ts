import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { lastAddress, nthAddress, parseCidr } from '../common/net/ip-address';
import {
  CloudBadRequestError,
  CloudConflictError,
  CloudFixedIpInUseError,
  CloudNetworkAmbiguousError,
  CloudNetworkNotFoundError,
  CloudNotFoundError,
} from './cloud-errors';
import { MAX_SERVER_TAGS, MAX_TAG_LENGTH } from './server-tags';
import type {
  CloudImage,
  CloudNetwork,
  CloudScope,
  CloudServer,
  ListImagesQuery,
  ListPosition,
  NetworkRequest,
} from './cloud-records';
import type { OpenStackClient } from './openstack-client';
import { SSH_KEYS } from './testing/ssh-key-fixtures';

/** What a client under contract test brings along. */
export interface ContractHarness {
  client: OpenStackClient;
  /**
   * Lets `ms` of time pass so pending transitions can complete: the simulator advances
   * its manual clock; a real cloud waits.
   */
  advance(ms: number): Promise<void>;
  teardown(): Promise<void>;
  /** The project the suite works in, and one that must not see its servers. */
  scope: CloudScope;
  otherScope: CloudScope;
  /** A public, active image that boots on `flavorId`. */
  activeImageId: string;
  flavorId: string;
  /** Another flavor the image boots on, for resizes. */
  resizeFlavorId: string;
  /** A network the scope may plug servers into, with an IPv4 subnet. */
  network: { id: string; name: string };
  /**
   * An IPv4 address of `network` that some port already holds, when the harness made
   * one; otherwise the suite boots a server to hold one (which needs `bootsOnNetworks`).
   */
  heldAddress?: string;
}

/** What the cloud under test can do, known before it is set up. */
export interface ContractCapabilities {
  /**
   * Servers booted onto a network come up ACTIVE with its addresses. A cloud whose
   * Neutron cannot bind ports (no agents, as on the lab cloud) fails such builds: the
   * cases that need a server on a network are then not part of its run, while listing
   * networks, the create's own network checks and a refused address still are.
   */
  bootsOnNetworks: boolean;
}

const POLL_MS = 1_000;
const MAX_POLLS = 300;
/** Generous, for a real cloud; the simulator takes milliseconds. */
const TIMEOUT_MS = 10 * 60_000;
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const IMAGE_IN_PROGRESS_OR_DONE = ['queued', 'saving', 'active'];

/**
 * The behaviour every `OpenStackClient` must show, asserted through the port only, so
 * the simulator and a real Nova/Glance client run this same suite. Time-dependent
 * checks poll with `advance` instead of assuming how long a transition takes.
 */
export function describeOpenStackClientContract(
  name: string,
  setup: () => Promise<ContractHarness>,
  capabilities: ContractCapabilities = { bootsOnNetworks: true },
): void {
  describe(`OpenStackClient contract: ${name}`, () => {
    let h: ContractHarness;
    const created: string[] = [];
    const keypairs: [CloudScope, string][] = [];
    const images: string[] = [];

    beforeAll(async () => {
      h = await setup();
    }, TIMEOUT_MS);

    afterAll(async () => {
      for (const id of created) {
        await h.client.deleteServer(h.scope, id).catch(() => undefined);
      }
      for (const [scope, name] of keypairs) {
        await h.client.deleteKeypair(scope, name).catch(() => undefined);
      }
      for (const id of images) {
        await h.client.deleteImage(h.scope, id).catch(() => undefined);
      }
      await h.teardown();
    }, TIMEOUT_MS);

    /** Reads until `done` holds, letting time pass between reads. */
    async function eventually<T>(
      what: string,
      read: () => Promise<T>,
      done: (value: T) => boolean,
    ): Promise<T> {
      let last: T | undefined;
      for (let poll = 0; poll < MAX_POLLS; poll++) {
        last = await read();
        if (done(last)) return last;
        await h.advance(POLL_MS);
      }
      throw new Error(`Timed out waiting for ${what}; last read: ${JSON.stringify(last)}`);
    }

    const settledIn = (id: string, status: string) =>
      eventually(
        `server ${id} to settle in ${status}`,
        () => h.client.getServer(h.scope, id),
        (server) => server.status === status && server.taskState === null,
      );

    const isGone = (id: string) =>
      h.client.getServer(h.scope, id).then(
        () => false,
        (error: unknown) => {
          if (error instanceof CloudNotFoundError) return true;
          throw error;
        },
      );

    async function boot(label: string, networks?: NetworkRequest): Promise<CloudServer> {
      const server = await h.client.createServer(h.scope, {
        name: `contract-${label}-${randomUUID().slice(0, 8)}`,
        imageId: h.activeImageId,
        flavorId: h.flavorId,
        metadata: { 'contract-test': label },
        ...(networks === undefined ? {} : { networks }),
      });
      created.push(server.id);
      return server;
    }

    const bootActive = async (label: string) => settledIn((await boot(label)).id, 'ACTIVE');

    /** Every page of an image list, following `next` from the first page to the end. */
    async function imagePages(
      scope: CloudScope,
      query: ListImagesQuery,
      limit: number,
      after?: ListPosition,
    ): Promise<CloudImage[][]> {
      const pages: CloudImage[][] = [];
      for (let position = after; pages.length < 1_000;) {
        const page = await h.client.listImages(scope, query, { limit, after: position });
        expect(page.items.length).toBeLessThanOrEqual(limit);
        pages.push(page.items);
        if (!page.next) return pages;
        position = page.next;
      }
      throw new Error('An image list did not end within 1,000 pages');
    }

    const allImages = async (query: ListImagesQuery = {}) =>
      (await imagePages(h.scope, query, 50)).flat();

    it('ping resolves', async () => {
      await expect(h.client.ping()).resolves.toBeUndefined();
    });

    describe('flavors', () => {
      it('lists flavors and gets one by id', async () => {
        const flavors = await h.client.listFlavors();
        const listed = flavors.find((flavor) => flavor.id === h.flavorId);
        expect(listed).toBeDefined();
        expect(await h.client.getFlavor(h.flavorId)).toEqual(listed);
        expect(listed).toEqual({
          id: h.flavorId,
          name: expect.any(String),
          vcpus: expect.any(Number),
          ramMb: expect.any(Number),
          diskGb: expect.any(Number),
        });
      });

      it('throws CloudNotFoundError for an unknown flavor', async () => {
        await expect(h.client.getFlavor(`no-such-flavor-${randomUUID()}`)).rejects.toBeInstanceOf(
          CloudNotFoundError,
        );
      });
    });

    describe('images', () => {
      it('lists and gets the active image', async () => {
        const image = await h.client.getImage(h.scope, h.activeImageId);
        expect(image).toMatchObject({ id: h.activeImageId, status: 'active' });
        expect(image.createdAt).toBeInstanceOf(Date);
        const ids = (await allImages()).map((listed) => listed.id);
        expect(ids).toContain(h.activeImageId);
      });

      it('filters by exact name and by status', async () => {
        const image = await h.client.getImage(h.scope, h.activeImageId);
        const byName = await allImages({ name: image.name });
        expect(byName.map((listed) => listed.id)).toContain(image.id);
        expect(byName.every((listed) => listed.name === image.name)).toBe(true);
        const active = await allImages({ status: 'active' });
        expect(active.map((listed) => listed.id)).toContain(image.id);
        expect(active.every((listed) => listed.status === 'active')).toBe(true);
        const killed = await allImages({ status: 'killed' });
        expect(killed.map((listed) => listed.id)).not.toContain(image.id);
      });

      describe('in pages', () => {
        /** Five snapshots sharing one name: more than a page of two, newest first. */
        const SNAPSHOTS = 5;
        const name = `contract-pages-${randomUUID().slice(0, 8)}`;
        let expected: CloudImage[];
        const ids = (images: CloudImage[]) => images.map((image) => image.id);

        beforeAll(async () => {
          const server = await bootActive('pages');
          for (let i = 0; i < SNAPSHOTS; i++) {
            await h.client.createServerImage(h.scope, server.id, name);
            await settledIn(server.id, 'ACTIVE');
          }
          const pages = await imagePages(h.scope, { name }, 50);
          expect(pages).toHaveLength(1);
          expected = pages[0];
        }, TIMEOUT_MS);

        it('lists newest first: createdAt, then id, descending', () => {
          expect(expected).toHaveLength(SNAPSHOTS);
          for (let i = 1; i < expected.length; i++) {
            const [newer, older] = [expected[i - 1], expected[i]];
            const order = newer.createdAt.getTime() - older.createdAt.getTime();
            expect(order > 0 || (order === 0 && newer.id > older.id)).toBe(true);
          }
        });

        it('reads one page at a time, each after the last, and ends with next null', async () => {
          const pages = await imagePages(h.scope, { name }, 2);
          expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
          expect(ids(pages.flat())).toEqual(ids(expected));
        });

        it('ends on a full last page without an empty one', async () => {
          const page = await h.client.listImages(h.scope, { name }, { limit: SNAPSHOTS });
          expect(ids(page.items)).toEqual(ids(expected));
          expect(page.next).toBeNull();
          const first = await h.client.listImages(h.scope, { name }, { limit: SNAPSHOTS - 1 });
          expect(ids(first.items)).toEqual(ids(expected.slice(0, -1)));
          expect(first.next).not.toBeNull();
        });

        it('continues after a position no image holds (e.g. a deleted one)', async () => {
          // Just before expected[1]: its time, and an id sorting right above its own.
          const gone = { createdAt: expected[1].createdAt, id: `${expected[1].id}0` };
          const pages = await imagePages(h.scope, { name }, 2, gone);
          expect(ids(pages.flat())).toEqual(ids(expected.slice(1)));
          expect(pages.map((page) => page.length)).toEqual([2, 2]);
        });

        it("keeps the filter and the scope on every page: another project's list is empty", async () => {
          const pages = await imagePages(h.otherScope, { name }, 1);
          expect(pages.flat()).toEqual([]);
          expect(await imagePages(h.scope, { name, status: 'killed' }, 1)).toEqual([[]]);
        });
      });

      it('throws CloudNotFoundError for an unknown image', async () => {
        await expect(h.client.getImage(h.scope, UNKNOWN_ID)).rejects.toBeInstanceOf(
          CloudNotFoundError,
        );
      });
    });

    describe('image writes', () => {
      /** `data` in pieces, as a request body arrives; then `failure`, if given. */
      async function* pieces(data: Buffer, size: number, failure?: Error) {
        for (let at = 0; at < data.length; at += size) {
          await Promise.resolve();
          yield data.subarray(at, at + size);
        }
        if (failure) throw failure;
      }
      const register = async (label: string) => {
        const image = await h.client.createImage(h.scope, {
          name: `contract-${label}-${randomUUID().slice(0, 8)}`,
          diskFormat: 'raw',
          containerFormat: 'bare',
          visibility: 'private',
          minDiskGb: 0,
          minRamMb: 0,
          tags: ['contract'],
          properties: { 'contract-test': label },
        });
        images.push(image.id);
        return image;
      };
      const statusOf = async (id: string) => (await h.client.getImage(h.scope, id)).status;

      it('registers a private image of the scope: queued, without data', async () => {
        const image = await register('register');
        expect(image).toMatchObject({
          status: 'queued',
          visibility: 'private',
          diskFormat: 'raw',
          containerFormat: 'bare',
          sizeBytes: null,
          checksum: null,
          tags: ['contract'],
          isProtected: false,
          projectId: h.scope.projectId,
          properties: { 'contract-test': 'register' },
        });
        expect(await h.client.getImage(h.scope, image.id)).toMatchObject({
          id: image.id,
          projectId: h.scope.projectId,
        });
        await expect(h.client.getImage(h.otherScope, image.id)).rejects.toBeInstanceOf(
          CloudNotFoundError,
        );
      });

      it('streams data in: active, with its size, md5 and sha512; a second upload is refused', async () => {
        const image = await register('upload');
        const data = randomBytes(300 * 1024 + 7);
        await h.client.uploadImageData(h.scope, image.id, pieces(data, 64 * 1024));
        const active = await eventually(
          `image ${image.id} to be active`,
          () => h.client.getImage(h.scope, image.id),
          (read) => read.status === 'active',
        );
        expect(active).toMatchObject({
          sizeBytes: data.length,
          checksum: createHash('md5').update(data).digest('hex'),
          hashAlgo: 'sha512',
          hashValue: createHash('sha512').update(data).digest('hex'),
        });
        await expect(
          h.client.uploadImageData(h.scope, image.id, pieces(Buffer.from('more'), 4)),
        ).rejects.toBeInstanceOf(CloudConflictError);
      });

      it("refuses data for another project's image with CloudNotFoundError", async () => {
        const image = await register('foreign');
        await expect(
          h.client.uploadImageData(h.otherScope, image.id, pieces(Buffer.from('x'), 1)),
        ).rejects.toBeInstanceOf(CloudNotFoundError);
        expect(await statusOf(image.id)).toBe('queued');
      });

      it('throws the data’s own error when it fails, and leaves the image queued', async () => {
        const image = await register('broken');
        const boom = new Error('the client went away');
        await expect(
          h.client.uploadImageData(
            h.scope,
            image.id,
            pieces(randomBytes(200 * 1024), 32 * 1024, boom),
          ),
        ).rejects.toBe(boom);
        await eventually(
          `image ${image.id} to be queued again`,
          () => statusOf(image.id),
          (s) => s === 'queued',
        );
        // And takes data again.
        await h.client.uploadImageData(h.scope, image.id, pieces(Buffer.from('second try'), 4));
        await eventually(
          `image ${image.id} to be active`,
          () => statusOf(image.id),
          (s) => s === 'active',
        );
      });

      it("deletes the scope's image (then not found); not another project's", async () => {
        const image = await register('delete');
        await expect(h.client.deleteImage(h.otherScope, image.id)).rejects.toBeInstanceOf(
          CloudNotFoundError,
        );
        await h.client.deleteImage(h.scope, image.id);
        await expect(h.client.getImage(h.scope, image.id)).rejects.toBeInstanceOf(
          CloudNotFoundError,
        );
        await expect(h.client.deleteImage(h.scope, image.id)).rejects.toBeInstanceOf(
          CloudNotFoundError,
        );
        await expect(h.client.deleteImage(h.scope, h.activeImageId)).rejects.toBeInstanceOf(
          CloudNotFoundError,
        );
      });
    });

    describe('servers', () => {
      it(
        'creates a server in BUILD or ACTIVE that ends ACTIVE',
        async () => {
          const server = await boot('create');
          expect(['BUILD', 'ACTIVE']).toContain(server.status);
          expect(server).toMatchObject({
            imageId: h.activeImageId,
            flavorId: h.flavorId,
            metadata: expect.objectContaining({ 'contract-test': 'create' }),
          });
          const active = await settledIn(server.id, 'ACTIVE');
          expect(active).toMatchObject({ id: server.id, name: server.name, fault: null });
          expect(active.launchedAt).toBeInstanceOf(Date);
          expect(active.createdAt).toBeInstanceOf(Date);
          expect(active.updatedAt.getTime()).toBeGreaterThanOrEqual(active.createdAt.getTime());
        },
        TIMEOUT_MS,
      );

      it(
        'gets and lists a server for its scope only',
        async () => {
          const server = await bootActive('scope');
          expect((await h.client.getServer(h.scope, server.id)).id).toBe(server.id);
          const listed = await h.client.listServers(h.scope);
          expect(listed.map((s) => s.id)).toContain(server.id);
          await expect(h.client.getServer(h.otherScope, server.id)).rejects.toBeInstanceOf(
            CloudNotFoundError,
          );
          const others = await h.client.listServers(h.otherScope);
          expect(others.map((s) => s.id)).not.toContain(server.id);
        },
        TIMEOUT_MS,
      );

      it('throws CloudNotFoundError for an unknown server', async () => {
        await expect(h.client.getServer(h.scope, UNKNOWN_ID)).rejects.toBeInstanceOf(
          CloudNotFoundError,
        );
      });

      it('rejects an unknown image or flavor with CloudBadRequestError', async () => {
        const request = { name: 'contract-invalid', metadata: {} };
        await expect(
          h.client.createServer(h.scope, { ...request, imageId: UNKNOWN_ID, flavorId: h.flavorId }),
        ).rejects.toBeInstanceOf(CloudBadRequestError);
        await expect(
          h.client.createServer(h.scope, {
            ...request,
            imageId: h.activeImageId,
            flavorId: `no-such-flavor-${randomUUID()}`,
          }),
        ).rejects.toBeInstanceOf(CloudBadRequestError);
      });

      it(
        'stops to SHUTOFF and starts back to ACTIVE, refusing start/stop in the wrong state',
        async () => {
          const server = await bootActive('power');
          const startActive = h.client.startServer(h.scope, server.id);
          await expect(startActive).rejects.toBeInstanceOf(CloudConflictError);
          await expect(startActive).rejects.toThrow(
            `Cannot 'start' instance ${server.id} while it is in vm_state active`,
          );
          await h.client.stopServer(h.scope, server.id);
          await settledIn(server.id, 'SHUTOFF');
          await expect(h.client.stopServer(h.scope, server.id)).rejects.toBeInstanceOf(
            CloudConflictError,
          );
          await h.client.startServer(h.scope, server.id);
          await settledIn(server.id, 'ACTIVE');
        },
        TIMEOUT_MS,
      );

      it.each([
        ['SOFT', 'REBOOT'],
        ['HARD', 'HARD_REBOOT'],
      ] as const)(
        'reboots %s through %s back to ACTIVE',
        async (type, transitional) => {
          const server = await bootActive(`reboot-${type.toLowerCase()}`);
          await h.client.rebootServer(h.scope, server.id, type);
          const during = await h.client.getServer(h.scope, server.id);
          expect([transitional, 'ACTIVE']).toContain(during.status);
          await settledIn(server.id, 'ACTIVE');
        },
        TIMEOUT_MS,
      );

      it(
        'snapshots a server into an image of its scope',
        async () => {
          const server = await bootActive('snapshot');
          const name = `contract-snapshot-${randomUUID().slice(0, 8)}`;
          const imageId = await h.client.createServerImage(h.scope, server.id, name, {
            'contract-test': 'snapshot',
          });
          expect(typeof imageId).toBe('string');
          const image = await h.client.getImage(h.scope, imageId);
          expect(image).toMatchObject({ id: imageId, name });
          expect(IMAGE_IN_PROGRESS_OR_DONE).toContain(image.status);
          const byName = await allImages({ name });
          expect(byName.map((listed) => listed.id)).toEqual([imageId]);
          await settledIn(server.id, 'ACTIVE');
          // A real cloud's fake driver never uploads, so "done" is not required here.
          const later = await h.client.getImage(h.scope, imageId);
          expect(IMAGE_IN_PROGRESS_OR_DONE).toContain(later.status);
        },
        TIMEOUT_MS,
      );

      it(
        'deletes a server: then not found, and DELETED in a changes-since list',
        async () => {
          const server = await bootActive('delete');
          const since = (await h.client.getServer(h.scope, server.id)).updatedAt;
          await h.client.deleteServer(h.scope, server.id);
          await eventually(`server ${server.id} to be gone`, () => isGone(server.id), Boolean);
          const live = await h.client.listServers(h.scope);
          expect(live.map((s) => s.id)).not.toContain(server.id);
          const changed = await h.client.listServers(h.scope, { changesSince: since });
          expect(changed.find((s) => s.id === server.id)).toMatchObject({ status: 'DELETED' });
        },
        TIMEOUT_MS,
      );
    });

    describe('key pairs', () => {
      const KEY = SSH_KEYS.ed25519;
      /** Imports `key` as a new key pair of `scope`, removed after the suite. */
      async function importKey(scope: CloudScope, label: string, key: { line: string } = KEY) {
        const name = `contract-${label}-${randomUUID().slice(0, 8)}`;
        keypairs.push([scope, name]);
        return h.client.createKeypair(scope, { name, publicKey: key.line });
      }

      it('imports a public key, then gets and lists it', async () => {
        const keypair = await importKey(h.scope, 'kp');
        expect(keypair).toEqual({
          name: expect.stringMatching(/^contract-kp-/),
          publicKey: KEY.line,
          fingerprint: KEY.fingerprint,
          type: 'ssh',
          createdAt: expect.any(Date),
        });
        expect(await h.client.getKeypair(h.scope, keypair.name)).toEqual(keypair);
        const listed = await h.client.listKeypairs(h.scope);
        const { createdAt, ...summary } = keypair;
        expect(createdAt).toBeInstanceOf(Date);
        expect(listed.find((k) => k.name === keypair.name)).toEqual(summary);
        const names = listed.map((k) => k.name);
        expect(names).toEqual([...names].sort());
      });

      it('refuses a second key pair of the same name with CloudConflictError', async () => {
        const keypair = await importKey(h.scope, 'kp-dup');
        await expect(
          h.client.createKeypair(h.scope, {
            name: keypair.name,
            publicKey: SSH_KEYS.rsa2048.line,
          }),
        ).rejects.toBeInstanceOf(CloudConflictError);
        expect((await h.client.getKeypair(h.scope, keypair.name)).fingerprint).toBe(
          KEY.fingerprint,
        );
      });

      it('rejects a public key it cannot read with CloudBadRequestError', async () => {
        const name = `contract-kp-bad-${randomUUID().slice(0, 8)}`;
        keypairs.push([h.scope, name]);
        await expect(
          h.client.createKeypair(h.scope, { name, publicKey: 'ssh-rsa not-a-key' }),
        ).rejects.toBeInstanceOf(CloudBadRequestError);
        await expect(h.client.getKeypair(h.scope, name)).rejects.toBeInstanceOf(CloudNotFoundError);
      });

      it('deletes a key pair: then not found, and not listed', async () => {
        const keypair = await importKey(h.scope, 'kp-del');
        await h.client.deleteKeypair(h.scope, keypair.name);
        await expect(h.client.getKeypair(h.scope, keypair.name)).rejects.toBeInstanceOf(
          CloudNotFoundError,
        );
        await expect(h.client.deleteKeypair(h.scope, keypair.name)).rejects.toBeInstanceOf(
          CloudNotFoundError,
        );
        const names = (await h.client.listKeypairs(h.scope)).map((k) => k.name);
        expect(names).not.toContain(keypair.name);
      });

      it("keeps each scope's key pairs to itself, names included", async () => {
        const keypair = await importKey(h.scope, 'kp-scope');
        await expect(h.client.getKeypair(h.otherScope, keypair.name)).rejects.toBeInstanceOf(
          CloudNotFoundError,
        );
        await expect(h.client.deleteKeypair(h.otherScope, keypair.name)).rejects.toBeInstanceOf(
          CloudNotFoundError,
        );
        const others = (await h.client.listKeypairs(h.otherScope)).map((k) => k.name);
        expect(others).not.toContain(keypair.name);
        // Each scope lists only what was made for it (here, by this suite), by its own names.
        for (const scope of [h.scope, h.otherScope]) {
          const names = (await h.client.listKeypairs(scope)).map((k) => k.name);
          expect(names.filter((name) => !name.startsWith('contract-kp'))).toEqual([]);
        }
        // The other scope may use the same name for a key pair of its own.
        keypairs.push([h.otherScope, keypair.name]);
        const theirs = await h.client.createKeypair(h.otherScope, {
          name: keypair.name,
          publicKey: SSH_KEYS.ecdsaP256.line,
        });
        expect(theirs.fingerprint).toBe(SSH_KEYS.ecdsaP256.fingerprint);
        expect((await h.client.getKeypair(h.scope, keypair.name)).fingerprint).toBe(
          KEY.fingerprint,
        );
      });

      it(
        "boots a server with a key pair, shown by the scope's own name; refuses an unknown one",
        async () => {
          const keypair = await importKey(h.scope, 'kp-boot');
          const server = await h.client.createServer(h.scope, {
            name: `contract-kp-boot-${randomUUID().slice(0, 8)}`,
            imageId: h.activeImageId,
            flavorId: h.flavorId,
            metadata: {},
            keyName: keypair.name,
          });
          created.push(server.id);
          expect(server.keyName).toBe(keypair.name);
          const active = await settledIn(server.id, 'ACTIVE');
          expect(active.keyName).toBe(keypair.name);
          const listed = (await h.client.listServers(h.scope)).find((s) => s.id === server.id);
          expect(listed?.keyName).toBe(keypair.name);
          await expect(
            h.client.createServer(h.scope, {
              name: 'contract-kp-unknown',
              imageId: h.activeImageId,
              flavorId: h.flavorId,
              metadata: {},
              keyName: `contract-kp-none-${randomUUID().slice(0, 8)}`,
            }),
          ).rejects.toBeInstanceOf(CloudBadRequestError);
          // Another scope's key pair is unknown to this one.
          const theirs = await importKey(h.otherScope, 'kp-theirs');
          await expect(
            h.client.createServer(h.scope, {
              name: 'contract-kp-theirs',
              imageId: h.activeImageId,
              flavorId: h.flavorId,
              metadata: {},
              keyName: theirs.name,
            }),
          ).rejects.toBeInstanceOf(CloudBadRequestError);
        },
        TIMEOUT_MS,
      );
    });

    describe('names, metadata and tags', () => {
      const refused = (promise: Promise<unknown>) =>
        expect(promise).rejects.toBeInstanceOf(CloudConflictError);
      const invalid = (promise: Promise<unknown>) =>
        expect(promise).rejects.toBeInstanceOf(CloudBadRequestError);
      const listed = async (id: string) =>
        (await h.client.listServers(h.scope)).find((server) => server.id === id);

      it(
        'renames a server and replaces its metadata: reads and lists show both, in its scope only',
        async () => {
          const server = await bootActive('edit');
          expect(server.tags).toEqual([]);
          const name = `${server.name}-renamed`;
          await h.client.updateServer(h.scope, server.id, { name });
          const metadata = { 'contract-test': 'edited', tier: 'web' };
          expect(await h.client.replaceServerMetadata(h.scope, server.id, metadata)).toEqual(
            metadata,
          );
          const read = await h.client.getServer(h.scope, server.id);
          expect(read).toMatchObject({ name, status: 'ACTIVE' });
          expect(read.metadata).toEqual(metadata);
          expect(await listed(server.id)).toMatchObject({ name, metadata });
          await expect(h.client.getServer(h.otherScope, server.id)).rejects.toBeInstanceOf(
            CloudNotFoundError,
          );
          expect(await h.client.replaceServerMetadata(h.scope, server.id, {})).toEqual({});
          expect((await h.client.getServer(h.scope, server.id)).metadata).toEqual({});
        },
        TIMEOUT_MS,
      );

      it(
        'sets, adds and removes tags; reads and lists show them in order',
        async () => {
          const { id } = await bootActive('tags');
          expect(await h.client.setServerTags(h.scope, id, ['web', 'prod', 'web'])).toEqual([
            'prod',
            'web',
          ]);
          expect(await h.client.addServerTag(h.scope, id, 'blue')).toBe(true);
          expect(await h.client.addServerTag(h.scope, id, 'blue')).toBe(false);
          expect((await h.client.getServer(h.scope, id)).tags).toEqual(['blue', 'prod', 'web']);
          expect((await listed(id))?.tags).toEqual(['blue', 'prod', 'web']);
          await h.client.removeServerTag(h.scope, id, 'prod');
          await expect(h.client.removeServerTag(h.scope, id, 'prod')).rejects.toBeInstanceOf(
            CloudNotFoundError,
          );
          expect((await h.client.getServer(h.scope, id)).tags).toEqual(['blue', 'web']);
          expect(await h.client.setServerTags(h.scope, id, [])).toEqual([]);
          expect((await h.client.getServer(h.scope, id)).tags).toEqual([]);
        },
        TIMEOUT_MS,
      );

      it(
        `keeps Nova's tag limits: ${MAX_SERVER_TAGS} tags of 1-${MAX_TAG_LENGTH} characters without "/" or ","`,
        async () => {
          const { id } = await bootActive('tag-limits');
          const many = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`);
          await invalid(h.client.setServerTags(h.scope, id, many(MAX_SERVER_TAGS + 1)));
          await invalid(h.client.setServerTags(h.scope, id, ['a,b']));
          await invalid(h.client.setServerTags(h.scope, id, ['a/b']));
          await invalid(h.client.setServerTags(h.scope, id, ['']));
          await invalid(h.client.setServerTags(h.scope, id, ['x'.repeat(MAX_TAG_LENGTH + 1)]));
          await invalid(h.client.addServerTag(h.scope, id, 'a,b'));
          await invalid(h.client.addServerTag(h.scope, id, 'x'.repeat(MAX_TAG_LENGTH + 1)));
          expect((await h.client.getServer(h.scope, id)).tags).toEqual([]);

          const longest = 'x'.repeat(MAX_TAG_LENGTH);
          const full = [...many(MAX_SERVER_TAGS - 1), longest];
          expect(await h.client.setServerTags(h.scope, id, full)).toHaveLength(MAX_SERVER_TAGS);
          // Full: Nova refuses any tag, even one the server has.
          await invalid(h.client.addServerTag(h.scope, id, 'one-more'));
          await invalid(h.client.addServerTag(h.scope, id, 't0'));
          expect((await h.client.getServer(h.scope, id)).tags).toHaveLength(MAX_SERVER_TAGS);
        },
        TIMEOUT_MS,
      );

      it(
        'changes tags and the name of a locked server but not its metadata; none once shelved but the name',
        async () => {
          const { id, name } = await bootActive('tag-states');
          await h.client.lockServer(h.scope, id);
          expect(await h.client.addServerTag(h.scope, id, 'locked')).toBe(true);
          await h.client.updateServer(h.scope, id, { name: `${name}-locked` });
          await refused(h.client.replaceServerMetadata(h.scope, id, { a: '1' }));
          await h.client.unlockServer(h.scope, id);
          expect(await h.client.getServer(h.scope, id)).toMatchObject({
            name: `${name}-locked`,
            tags: ['locked'],
            metadata: { 'contract-test': 'tag-states' },
          });

          await h.client.serverAction(h.scope, id, 'shelve');
          await settledIn(id, 'SHELVED_OFFLOADED');
          await refused(h.client.addServerTag(h.scope, id, 'shelved'));
          await refused(h.client.setServerTags(h.scope, id, []));
          await refused(h.client.removeServerTag(h.scope, id, 'locked'));
          await refused(h.client.replaceServerMetadata(h.scope, id, { a: '1' }));
          await h.client.updateServer(h.scope, id, { name: `${name}-shelved` });
          expect(await h.client.getServer(h.scope, id)).toMatchObject({
            name: `${name}-shelved`,
            tags: ['locked'],
          });
        },
        TIMEOUT_MS,
      );
    });

    describe('networks', () => {
      /** The harness's network as the cloud lists it, and its (first) IPv4 subnet. */
      async function theNetwork(): Promise<{ network: CloudNetwork; cidr: string }> {
        const network = (await h.client.listNetworks(h.scope)).find((n) => n.id === h.network.id);
        expect(network).toBeDefined();
        const v4 = network!.subnets.find((subnet) => subnet.ipVersion === 4);
        expect(v4).toBeDefined();
        return { network: network!, cidr: v4!.cidr };
      }
      /** An address near the top of the subnet, away from those handed out in order. */
      const highAddress = (cidr: string, below: number) => {
        const block = parseCidr(cidr)!;
        return nthAddress(block, lastAddress(block) - block.network - BigInt(below));
      };
      const gone = (id: string) => eventually(`server ${id} to be gone`, () => isGone(id), Boolean);

      it('lists the network with its subnets', async () => {
        const networks = await h.client.listNetworks(h.scope);
        for (const network of networks) {
          expect(network).toEqual({
            id: expect.any(String),
            name: expect.any(String),
            status: expect.any(String),
            shared: expect.any(Boolean),
            external: expect.any(Boolean),
            subnets: expect.any(Array),
          });
        }
        const { network, cidr } = await theNetwork();
        expect(network).toMatchObject({ name: h.network.name, status: 'ACTIVE' });
        expect(parseCidr(cidr)).not.toBeNull();
        for (const subnet of network.subnets) {
          expect(subnet).toEqual({
            id: expect.any(String),
            name: expect.any(String),
            ipVersion: expect.any(Number),
            cidr: expect.any(String),
            gatewayIp: subnet.gatewayIp === null ? null : expect.any(String),
            ipv6AddressMode: subnet.ipv6AddressMode === null ? null : expect.any(String),
          });
        }
      });

      it('refuses an unknown network with CloudNetworkNotFoundError naming it', async () => {
        const refused = boot('net-unknown', [{ networkId: UNKNOWN_ID }]);
        await expect(refused).rejects.toBeInstanceOf(CloudNetworkNotFoundError);
        await expect(refused).rejects.toBeInstanceOf(CloudBadRequestError);
        await expect(refused).rejects.toMatchObject({ networkIds: [UNKNOWN_ID] });
      });

      it(
        'refuses a fixed IP another port holds with CloudFixedIpInUseError',
        async () => {
          let held = h.heldAddress;
          if (held === undefined) {
            expect(capabilities.bootsOnNetworks).toBe(true);
            const holder = await boot('net-holder', [{ networkId: h.network.id }]);
            const active = await settledIn(holder.id, 'ACTIVE');
            held = active.addresses[h.network.name]?.find((a) => a.version === 4)?.address;
          }
          expect(held).toBeDefined();
          const refused = boot('net-taken', [{ networkId: h.network.id, fixedIp: held }]);
          await expect(refused).rejects.toBeInstanceOf(CloudFixedIpInUseError);
          await expect(refused).rejects.toMatchObject({ address: held });
        },
        TIMEOUT_MS,
      );

      it(
        'fails the build of a fixed IP the network cannot give, as Nova does once Neutron refuses the port',
        async () => {
          const outside = '192.0.2.77';
          const server = await boot('net-outside', [{ networkId: h.network.id, fixedIp: outside }]);
          const failed = await settledIn(server.id, 'ERROR');
          expect(failed.fault?.message).toContain(`Fixed IP ${outside} is not a valid ip address`);
          expect(failed.addresses).toEqual({});
        },
        TIMEOUT_MS,
      );

      if (capabilities.bootsOnNetworks) {
        describe('servers on a network', () => {
          /** The server's IPv4 addresses on the harness's network. */
          const v4On = (server: CloudServer) =>
            (server.addresses[h.network.name] ?? []).filter((a) => a.version === 4);

          it(
            '"auto" plugs the server into the one network the project may use, or is refused',
            async () => {
              const usable = (await h.client.listNetworks(h.scope)).filter(
                (n) => !n.external || n.shared,
              );
              if (usable.length !== 1) {
                await expect(boot('net-auto', 'auto')).rejects.toBeInstanceOf(
                  CloudNetworkAmbiguousError,
                );
                return;
              }
              const { cidr } = await theNetwork();
              const server = await settledIn((await boot('net-auto', 'auto')).id, 'ACTIVE');
              const [address, ...more] = v4On(server);
              expect(more).toEqual([]);
              expect(address).toMatchObject({ version: 4, type: 'fixed' });
              expect(address.mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
              const block = parseCidr(cidr)!;
              const value = parseCidr(`${address.address}/32`)!.network;
              expect(value > block.network && value < lastAddress(block)).toBe(true);
            },
            TIMEOUT_MS,
          );

          it(
            '"none" boots a server with no address',
            async () => {
              const server = await settledIn((await boot('net-none', 'none')).id, 'ACTIVE');
              expect(server.addresses).toEqual({});
            },
            TIMEOUT_MS,
          );

          it(
            'gives the fixed IP asked for, and frees it when the server is deleted',
            async () => {
              const { cidr } = await theNetwork();
              const fixedIp = highAddress(cidr, 3);
              const request = [{ networkId: h.network.id, fixedIp }];
              const first = await settledIn((await boot('net-fixed', request)).id, 'ACTIVE');
              expect(v4On(first).map((a) => a.address)).toEqual([fixedIp]);
              await expect(boot('net-fixed-again', request)).rejects.toBeInstanceOf(
                CloudFixedIpInUseError,
              );

              await h.client.deleteServer(h.scope, first.id);
              await gone(first.id);
              const second = await settledIn((await boot('net-fixed-2', request)).id, 'ACTIVE');
              expect(v4On(second).map((a) => a.address)).toEqual([fixedIp]);
            },
            TIMEOUT_MS,
          );

          it(
            'gives a port on each network listed, in order, the next free address each',
            async () => {
              const request = [{ networkId: h.network.id }, { networkId: h.network.id }];
              const server = await settledIn((await boot('net-two', request)).id, 'ACTIVE');
              const addresses = v4On(server);
              expect(addresses).toHaveLength(2);
              expect(addresses[0].address).not.toBe(addresses[1].address);
              expect(addresses[0].mac).not.toBe(addresses[1].mac);
            },
            TIMEOUT_MS,
          );
        });
      }
    });

    describe('the rest of the lifecycle', () => {
      const refused = (promise: Promise<unknown>) =>
        expect(promise).rejects.toBeInstanceOf(CloudConflictError);

      it(
        'pauses and unpauses, suspends and resumes',
        async () => {
          const server = await bootActive('pause');
          await refused(h.client.serverAction(h.scope, server.id, 'unpause'));
          await h.client.serverAction(h.scope, server.id, 'pause');
          await settledIn(server.id, 'PAUSED');
          await refused(h.client.serverAction(h.scope, server.id, 'suspend'));
          await h.client.serverAction(h.scope, server.id, 'unpause');
          await settledIn(server.id, 'ACTIVE');
          await h.client.serverAction(h.scope, server.id, 'suspend');
          await settledIn(server.id, 'SUSPENDED');
          await h.client.serverAction(h.scope, server.id, 'resume');
          await settledIn(server.id, 'ACTIVE');
        },
        TIMEOUT_MS,
      );

      it(
        'resizes to VERIFY_RESIZE on the new flavor, then confirms; resizes again and reverts',
        async () => {
          const server = await bootActive('resize');
          await refused(h.client.serverAction(h.scope, server.id, 'confirmResize'));
          await h.client.resizeServer(h.scope, server.id, h.resizeFlavorId);
          const verify = await settledIn(server.id, 'VERIFY_RESIZE');
          expect(verify.flavorId).toBe(h.resizeFlavorId);
          await h.client.serverAction(h.scope, server.id, 'confirmResize');
          const confirmed = await settledIn(server.id, 'ACTIVE');
          expect(confirmed.flavorId).toBe(h.resizeFlavorId);

          await h.client.resizeServer(h.scope, server.id, h.flavorId);
          await settledIn(server.id, 'VERIFY_RESIZE');
          await h.client.serverAction(h.scope, server.id, 'revertResize');
          const reverted = await settledIn(server.id, 'ACTIVE');
          expect(reverted.flavorId).toBe(h.resizeFlavorId);
        },
        TIMEOUT_MS,
      );

      it(
        'confirms a resize of a SHUTOFF server back to SHUTOFF',
        async () => {
          const server = await bootActive('resize-off');
          await h.client.stopServer(h.scope, server.id);
          await settledIn(server.id, 'SHUTOFF');
          await h.client.resizeServer(h.scope, server.id, h.resizeFlavorId);
          await settledIn(server.id, 'VERIFY_RESIZE');
          await h.client.serverAction(h.scope, server.id, 'confirmResize');
          await settledIn(server.id, 'SHUTOFF');
        },
        TIMEOUT_MS,
      );

      it(
        'rebuilds with a new name and metadata; a SHUTOFF server stays SHUTOFF',
        async () => {
          const server = await bootActive('rebuild');
          await h.client.rebuildServer(h.scope, server.id, {
            imageId: h.activeImageId,
            name: `${server.name}-rebuilt`,
            metadata: { 'contract-test': 'rebuilt' },
          });
          const rebuilt = await settledIn(server.id, 'ACTIVE');
          expect(rebuilt).toMatchObject({
            name: `${server.name}-rebuilt`,
            imageId: h.activeImageId,
            metadata: { 'contract-test': 'rebuilt' },
          });
          await h.client.stopServer(h.scope, server.id);
          await settledIn(server.id, 'SHUTOFF');
          await h.client.rebuildServer(h.scope, server.id, { imageId: h.activeImageId });
          await settledIn(server.id, 'SHUTOFF');
        },
        TIMEOUT_MS,
      );

      it(
        'rescues and unrescues',
        async () => {
          const server = await bootActive('rescue');
          await refused(h.client.serverAction(h.scope, server.id, 'unrescue'));
          await h.client.rescueServer(h.scope, server.id);
          await settledIn(server.id, 'RESCUE');
          await h.client.serverAction(h.scope, server.id, 'unrescue');
          await settledIn(server.id, 'ACTIVE');
        },
        TIMEOUT_MS,
      );

      it(
        'shelves to SHELVED_OFFLOADED and unshelves to ACTIVE',
        async () => {
          const server = await bootActive('shelve');
          await refused(h.client.serverAction(h.scope, server.id, 'unshelve'));
          await h.client.serverAction(h.scope, server.id, 'shelve');
          await settledIn(server.id, 'SHELVED_OFFLOADED');
          await h.client.serverAction(h.scope, server.id, 'unshelve');
          await settledIn(server.id, 'ACTIVE');
        },
        TIMEOUT_MS,
      );

      it(
        'locks: the server shows it and refuses actions; unlocks',
        async () => {
          const server = await bootActive('lock');
          await h.client.lockServer(h.scope, server.id);
          expect((await h.client.getServer(h.scope, server.id)).locked).toBe(true);
          await refused(h.client.stopServer(h.scope, server.id));
          await h.client.unlockServer(h.scope, server.id);
          expect((await h.client.getServer(h.scope, server.id)).locked).toBe(false);
          await h.client.stopServer(h.scope, server.id);
          await settledIn(server.id, 'SHUTOFF');
        },
        TIMEOUT_MS,
      );

      it(
        'reads the console log, whole, its last lines, or none',
        async () => {
          const server = await bootActive('console');
          const whole = await h.client.getServerConsoleOutput(h.scope, server.id);
          const lines = whole.split('\n').filter((line) => line !== '');
          expect(lines.length).toBeGreaterThan(1);
          const last = await h.client.getServerConsoleOutput(h.scope, server.id, 1);
          expect(last.split('\n').filter((line) => line !== '')).toEqual([lines[lines.length - 1]]);
          // Nova tails 0 lines to nothing, not to the whole log.
          expect(await h.client.getServerConsoleOutput(h.scope, server.id, 0)).toBe('');
        },
        TIMEOUT_MS,
      );
    });
  });
}

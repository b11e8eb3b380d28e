import { createHash, createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { SSH_KEYS, X509_CERT } from '../src/compute/testing/ssh-key-fixtures';
import { userIdOf } from '../src/openstack-api/keystone/token-body';
import { startOpenStackCloud, type OpenStackCloud } from './support/openstack-cloud';
import { IMAGE_IDS, OpenStackHttp, type OsResponse } from './support/openstack-http';

/** Nova's fingerprint of an OpenSSH key line: MD5 of the blob, colon hex. */
const md5Of = (line: string) =>
  createHash('md5')
    .update(Buffer.from(line.split(' ')[1], 'base64'))
    .digest('hex')
    .match(/../g)!
    .join(':');

/**
 * `/compute/v2.1/os-keypairs` as Nova answers it, beyond the captured samples (which the
 * conformance suite replays): generation below 2.92, names and fields by microversion,
 * x509, paging, `user_id`, and each project's key pairs kept to its own user.
 */
describe('OpenStack API: Nova key pairs', () => {
  let cloud: OpenStackCloud;
  let os: OpenStackHttp;
  let token: string;
  let adminToken: string;

  beforeAll(async () => {
    cloud = await startOpenStackCloud();
    os = new OpenStackHttp(cloud);
    token = await os.token();
    adminToken = await os.token(cloud.adminKey, 'admin');
  });
  afterAll(() => cloud.close());

  const kp = (method: string, path: string, microversion: string, body?: unknown, as = token) =>
    os.nova(method, `/os-keypairs${path}`, { token: as, microversion, body });
  const create = (microversion: string, keypair: Record<string, unknown>, as = token) =>
    kp('POST', '', microversion, { keypair }, as);
  const expectFault = (
    res: OsResponse,
    status: number,
    fault: string,
    message: string | RegExp,
  ) => {
    expect(res.status).toBe(status);
    expect(Object.keys(res.body as object)).toEqual([fault]);
    expect(res.body[fault].code).toBe(status);
    expect(res.body[fault].message).toMatch(message);
  };

  describe('create', () => {
    it('generates an RSA key pair below 2.92, as Nova did, and answers its private key', async () => {
      const res = await create('2.91', { name: 'gen-291' });
      expect(res.status).toBe(201);
      const keypair = res.body.keypair;
      expect(Object.keys(keypair)).toEqual([
        'private_key',
        'type',
        'name',
        'public_key',
        'fingerprint',
        'user_id',
      ]);
      expect(keypair).toMatchObject({
        type: 'ssh',
        name: 'gen-291',
        public_key: expect.stringMatching(/^ssh-rsa AAAAB3NzaC1yc2E\S+ Generated-by-Nova$/),
        user_id: userIdOf('demo'),
      });
      expect(keypair.fingerprint).toBe(md5Of(keypair.public_key));
      expect(keypair.private_key).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
      // The private key is the public key's other half.
      const derived = createPublicKey(createPrivateKey(keypair.private_key as string));
      const jwk = derived.export({ format: 'jwk' });
      expect(jwk.kty).toBe('RSA');
      const blob = Buffer.from((keypair.public_key as string).split(' ')[1], 'base64');
      // The modulus is the blob's tail (2048 bits).
      expect(Buffer.from(jwk.n!, 'base64url').equals(blob.subarray(blob.length - 256))).toBe(true);
      // Shown later without the private key.
      const shown = await kp('GET', '/gen-291', '2.91');
      expect(shown.body.keypair).not.toHaveProperty('private_key');
    });

    it('answers 200 without type at 2.1, 201 with type from 2.2', async () => {
      const old = await create('2.1', { name: 'v21', public_key: SSH_KEYS.rsa2048.line });
      expect(old.status).toBe(200);
      expect(Object.keys(old.body.keypair)).toEqual([
        'name',
        'public_key',
        'fingerprint',
        'user_id',
      ]);
      expect(old.body.keypair.fingerprint).toBe(SSH_KEYS.rsa2048.fingerprint);
      const typed = await create('2.2', { name: 'v22', public_key: SSH_KEYS.ecdsaP384.line });
      expect(typed.status).toBe(201);
      expect(typed.body.keypair).toMatchObject({
        type: 'ssh',
        fingerprint: SSH_KEYS.ecdsaP384.fingerprint,
      });
    });

    it('requires public_key from 2.92', async () => {
      expectFault(
        await create('2.92', { name: 'gen-292' }),
        400,
        'badRequest',
        "Invalid input for field/attribute keypair. Value: {'name': 'gen-292'}. 'public_key' is a required property",
      );
    });

    it("takes '@' and '.' in names from 2.92 only", async () => {
      const name = 'me@host.example';
      expectFault(
        await create('2.91', { name, public_key: SSH_KEYS.ed25519.line }),
        400,
        'badRequest',
        "An invalid 'name' value was provided. The name must be: Only expected characters: [_- 0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ]",
      );
      expect((await create('2.92', { name, public_key: SSH_KEYS.ed25519.line })).status).toBe(201);
      expect((await kp('GET', `/${encodeURIComponent(name)}`, '2.93')).status).toBe(200);
    });

    it.each([
      ['a leading space', { name: ' x', public_key: 'k' }, /Can not start or end with whitespace/],
      ['an empty name', { name: '', public_key: 'k' }, "'' is too short"],
      ['a name of 256', { name: 'n'.repeat(256), public_key: 'k' }, /is too long$/],
      ['a numeric name', { name: 5, public_key: 'k' }, "Value: 5. 5 is not of type 'string'"],
      [
        'an unknown field',
        { name: 'x', public_key: 'k', color: 'red' },
        /\('color' was unexpected\)/,
      ],
      [
        'a bad type',
        { name: 'x', public_key: 'k', type: 'pgp' },
        "'pgp' is not one of ['ssh', 'x509']",
      ],
      ['a non-string key', { name: 'x', public_key: 7 }, "7 is not of type 'string'"],
    ])('answers 400 for %s', async (_what, keypair, message) => {
      expectFault(await create('2.93', keypair), 400, 'badRequest', message);
    });

    it('answers 400 for a body without keypair, and refuses type before 2.2 and user_id before 2.10', async () => {
      expectFault(
        await kp('POST', '', '2.93', { name: 'x' }),
        400,
        'badRequest',
        "'keypair' is a required property",
      );
      expectFault(
        await create('2.1', { name: 'x', public_key: SSH_KEYS.ed25519.line, type: 'ssh' }),
        400,
        'badRequest',
        /\('type' was unexpected\)/,
      );
      expectFault(
        await create('2.9', { name: 'x', public_key: SSH_KEYS.ed25519.line, user_id: 'u' }),
        400,
        'badRequest',
        /\('user_id' was unexpected\)/,
      );
    });

    it('imports an x509 certificate with its SHA-1 fingerprint', async () => {
      const res = await create('2.93', { name: 'winrm', type: 'x509', public_key: X509_CERT.pem });
      expect(res.status).toBe(201);
      expect(res.body.keypair).toMatchObject({ type: 'x509', fingerprint: X509_CERT.fingerprint });
      expectFault(
        await create('2.93', { name: 'bad-cert', type: 'x509', public_key: 'not a cert' }),
        400,
        'badRequest',
        /^Keypair data is invalid: failed to generate X509 fingerprint/,
      );
    });

    it("generates an x509 key pair below 2.92 as Nova does: a WinRM certificate for the caller's user, its key in a PKCS#12", async () => {
      const userId = userIdOf('demo');
      const res = await create('2.2', { name: 'gen-cert', type: 'x509' });
      expect(res.status).toBe(201);
      const keypair = res.body.keypair;
      expect(Object.keys(keypair)).toEqual([
        'private_key',
        'type',
        'name',
        'public_key',
        'fingerprint',
        'user_id',
      ]);
      expect(keypair).toMatchObject({ type: 'x509', name: 'gen-cert', user_id: userId });
      const cert = new X509Certificate(keypair.public_key as string);
      expect(keypair.public_key).toMatch(
        /^-----BEGIN CERTIFICATE-----\n[^]+-----END CERTIFICATE-----\n$/,
      );
      expect(cert.subject).toBe(`CN=${userId}`);
      expect(cert.subjectAltName).toBe(`othername:UPN:${userId}@localhost`);
      expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']); // extendedKeyUsage clientAuth
      expect(keypair.fingerprint).toBe(cert.fingerprint.toLowerCase());
      // The private key: bare base64 of a PKCS#12 that opens with an empty password.
      const der = forge.util.decode64(keypair.private_key as string);
      const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der), '');
      const bag = forge.pki.oids.pkcs8ShroudedKeyBag;
      const key = p12.getBags({ bagType: bag })[bag]![0].key as forge.pki.rsa.PrivateKey;
      const modulus = Buffer.from(cert.publicKey.export({ format: 'jwk' }).n!, 'base64url');
      expect(key.n.toString(16)).toBe(modulus.toString('hex').replace(/^0+/, ''));

      // Shown and listed with the certificate, its fingerprint and type, without the key.
      const shown = await kp('GET', '/gen-cert', '2.2');
      expect(shown.status).toBe(200);
      expect(shown.body.keypair).toMatchObject({
        name: 'gen-cert',
        type: 'x509',
        public_key: keypair.public_key,
        fingerprint: keypair.fingerprint,
      });
      expect(shown.body.keypair).not.toHaveProperty('private_key');
      const listed = await kp('GET', '', '2.2');
      expect(listed.body.keypairs).toContainEqual({
        keypair: {
          name: 'gen-cert',
          public_key: keypair.public_key,
          fingerprint: keypair.fingerprint,
          type: 'x509',
        },
      });
      // From 2.92 Nova generates nothing: the public key is required.
      expectFault(
        await create('2.92', { name: 'gen-cert-292', type: 'x509' }),
        400,
        'badRequest',
        /'public_key' is a required property/,
      );
      expectFault(
        await create('2.1', { name: 'gen-cert-21', type: 'x509' }),
        400,
        'badRequest',
        /\('type' was unexpected\)/,
      );
    });

    it("lets a user name only itself in user_id (403 for another user's, as Nova's policy)", async () => {
      const own = userIdOf('demo');
      const res = await create('2.10', {
        name: 'mine',
        public_key: SSH_KEYS.ed25519.line,
        user_id: own,
      });
      expect(res.status).toBe(201);
      expectFault(
        await create('2.10', {
          name: 'theirs',
          public_key: SSH_KEYS.ed25519.line,
          user_id: 'someone',
        }),
        403,
        'forbidden',
        "Policy doesn't allow os_compute_api:os-keypairs:create to be performed.",
      );
      expectFault(
        await kp('GET', '?user_id=someone', '2.10'),
        403,
        'forbidden',
        "Policy doesn't allow os_compute_api:os-keypairs:index to be performed.",
      );
      expect((await kp('GET', `/mine?user_id=${own}`, '2.10')).status).toBe(200);
    });
  });

  describe('list, show and delete', () => {
    beforeAll(async () => {
      for (const name of ['page-c', 'page-a', 'page-b']) {
        const res = await create('2.93', { name, public_key: SSH_KEYS.ed25519.line }, adminToken);
        expect(res.status).toBe(201);
      }
    });

    const names = (res: OsResponse) =>
      (res.body.keypairs as { keypair: { name: string } }[]).map((k) => k.keypair.name);

    it('lists by name and pages with limit and marker from 2.35', async () => {
      const all = await kp('GET', '', '2.93', undefined, adminToken);
      expect(all.status).toBe(200);
      expect(names(all)).toEqual(['page-a', 'page-b', 'page-c']);
      expect(all.body).not.toHaveProperty('keypairs_links');
      expect(Object.keys(all.body.keypairs[0].keypair)).toEqual([
        'name',
        'public_key',
        'fingerprint',
        'type',
      ]);
      const first = await kp('GET', '?limit=2', '2.35', undefined, adminToken);
      expect(names(first)).toEqual(['page-a', 'page-b']);
      expect(first.body.keypairs_links).toEqual([
        { rel: 'next', href: `${cloud.baseUrl}/compute/v2.1/os-keypairs?limit=2&marker=page-b` },
      ]);
      const next = await kp('GET', '?limit=2&marker=page-b', '2.35', undefined, adminToken);
      expect(names(next)).toEqual(['page-c']);
      expect(next.body).not.toHaveProperty('keypairs_links');
      // Before 2.35 there is no paging: limit is ignored.
      expect(names(await kp('GET', '?limit=1', '2.34', undefined, adminToken))).toHaveLength(3);
      expectFault(
        await kp('GET', '?marker=nope', '2.35', undefined, adminToken),
        400,
        'badRequest',
        'Marker nope could not be found.',
      );
    });

    it('refuses unknown query parameters from 2.75 only', async () => {
      expect((await kp('GET', '?sort=name', '2.74', undefined, adminToken)).status).toBe(200);
      expectFault(
        await kp('GET', '?sort=name', '2.75', undefined, adminToken),
        400,
        'badRequest',
        "Additional properties are not allowed ('sort' was unexpected)",
      );
      expectFault(
        await kp('GET', '/page-a?sort=name', '2.75', undefined, adminToken),
        400,
        'badRequest',
        "Additional properties are not allowed ('sort' was unexpected)",
      );
    });

    it("keeps each project's key pairs to its own user", async () => {
      expect(names(await kp('GET', '', '2.93'))).not.toContain('page-a');
      expectFault(
        await kp('GET', '/page-a', '2.93'),
        404,
        'itemNotFound',
        `Keypair page-a not found for user ${userIdOf('demo')}`,
      );
      expectFault(
        await kp('DELETE', '/page-a', '2.93'),
        404,
        'itemNotFound',
        `Keypair page-a not found for user ${userIdOf('demo')}`,
      );
      expect((await kp('GET', '/page-a', '2.93', undefined, adminToken)).status).toBe(200);
    });

    it('shows the database fields, deletes with 202 at 2.1 and 204 after', async () => {
      const shown = await kp('GET', '/page-c', '2.1', undefined, adminToken);
      expect(shown.body.keypair).toEqual({
        name: 'page-c',
        public_key: SSH_KEYS.ed25519.line,
        fingerprint: SSH_KEYS.ed25519.fingerprint,
        user_id: userIdOf('admin'),
        created_at: '2030-01-01T00:00:00.000000',
        deleted: false,
        deleted_at: null,
        id: expect.any(Number),
        updated_at: null,
      });
      const old = await kp('DELETE', '/page-c', '2.1', undefined, adminToken);
      expect(old.status).toBe(202);
      expect(old.text).toBe('');
      const now = await kp('DELETE', '/page-b', '2.2', undefined, adminToken);
      expect(now.status).toBe(204);
      expect(names(await kp('GET', '', '2.93', undefined, adminToken))).toEqual(['page-a']);
    });
  });

  describe('servers', () => {
    it('boot with a key pair of their user only, and show key_name', async () => {
      const boot = (name: string, key_name: string, as = token) =>
        os.nova('POST', '/servers', {
          token: as,
          microversion: '2.93',
          body: {
            server: {
              name,
              imageRef: IMAGE_IDS.cirros,
              flavorRef: '1',
              networks: 'none',
              key_name,
            },
          },
        });
      expect(
        (await create('2.93', { name: 'boot', public_key: SSH_KEYS.ed25519.line })).status,
      ).toBe(201);
      const created = await boot('with-key', 'boot');
      expect(created.status).toBe(202);
      const shown = await os.nova('GET', `/servers/${created.body.server.id}`, {
        token,
        microversion: '2.93',
      });
      expect(shown.body.server.key_name).toBe('boot');
      expectFault(await boot('bad-key', 'nope'), 400, 'badRequest', 'Invalid key_name provided.');
      // The admin project's user has no key pair "boot".
      expectFault(
        await boot('their-key', 'boot', adminToken),
        400,
        'badRequest',
        'Invalid key_name provided.',
      );
    });
  });
});

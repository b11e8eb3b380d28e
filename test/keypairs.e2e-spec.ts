import { createHash } from 'node:crypto';
import { SSH_KEYS } from '../src/compute/testing/ssh-key-fixtures';
import { Api, expectFieldError, expectProblem, IMAGES, type Page } from './support/api';
import { createTestApp, type TestApp } from './support/test-app';

interface KeypairBody {
  name: string;
  publicKey: string;
  fingerprint: string;
  type: string;
  createdAt?: string;
  privateKey?: string;
}

/** Nova's fingerprint, computed here from the key line: MD5 of the blob, colon hex. */
const md5Of = (line: string) =>
  createHash('md5')
    .update(Buffer.from(line.split(' ')[1], 'base64'))
    .digest('hex')
    .match(/../g)!
    .join(':');

/** The public key blob held in an unencrypted OpenSSH private key file (PROTOCOL.key). */
function publicBlobOf(privateKey: string): Buffer {
  const body = Buffer.from(
    privateKey
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('-----'))
      .join(''),
    'base64',
  );
  expect(body.subarray(0, 15).toString('latin1')).toBe('openssh-key-v1\0');
  let offset = 15;
  const string = () => {
    const length = body.readUInt32BE(offset);
    const value = body.subarray(offset + 4, offset + 4 + length);
    offset += 4 + length;
    return value;
  };
  expect([string().toString(), string().toString(), string().length]).toEqual(['none', 'none', 0]);
  expect(body.readUInt32BE(offset)).toBe(1);
  offset += 4;
  return string();
}

// Runs with the simulator bound in-process, and again in `npm run test:e2e-real` with the
// real client against the OpenStack-compatible API (where key pairs live in Nova under a
// project prefix, ADR 12): the answers must be the same.
describe('key pairs', () => {
  let t: TestApp;
  let blue: Api;
  let red: Api;

  beforeAll(async () => {
    t = await createTestApp();
    const admin = new Api(t);
    blue = await admin.as('team-blue');
    red = await admin.as('team-red');
  });
  afterAll(() => t.close());

  const create = (api: Api, body: object) => api.post('/keypairs', body);
  const list = async (api: Api) => {
    const res = await api.get('/keypairs');
    expect(res.status).toBe(200);
    return res.body as Page<KeypairBody>;
  };

  it('generates an Ed25519 key pair, answers its private key once and keeps only the public key', async () => {
    const res = await create(blue, { name: 'generated' });
    expect(res.status).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.body as KeypairBody;
    expect(body).toEqual({
      name: 'generated',
      publicKey: expect.stringMatching(/^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5[A-Za-z0-9+/=]+ \S+$/),
      fingerprint: md5Of(body.publicKey),
      type: 'ssh',
      createdAt: t.clock.now().toISOString(),
      privateKey: expect.stringMatching(
        /^-----BEGIN OPENSSH PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+\n-----END OPENSSH PRIVATE KEY-----\n$/,
      ),
    });
    // The private key is the public key's other half.
    expect(publicBlobOf(body.privateKey!).toString('base64')).toBe(body.publicKey.split(' ')[1]);

    const read = await blue.get('/keypairs/generated');
    expect(read.status).toBe(200);
    const { privateKey, ...stored } = body;
    expect(privateKey).toBeDefined();
    expect(read.body).toEqual(stored);
    expect(JSON.stringify((await list(blue)).items)).not.toContain('PRIVATE KEY');
  });

  it.each([
    ['an Ed25519', SSH_KEYS.ed25519],
    ['an RSA 2048', SSH_KEYS.rsa2048],
    ['an ECDSA P-256', SSH_KEYS.ecdsaP256],
    ['an ECDSA P-521', SSH_KEYS.ecdsaP521],
  ])("imports %s public key with ssh-keygen's fingerprint", async (what, key) => {
    const name = `imported ${what.split(' ').slice(1).join('-')}`;
    const res = await create(blue, { name, publicKey: `${key.line}\n` });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      name,
      publicKey: key.line,
      fingerprint: key.fingerprint,
      type: 'ssh',
      createdAt: expect.any(String),
    });
    const read = await blue.get(`/keypairs/${encodeURIComponent(name)}`);
    expect(read.body).toEqual(res.body);
  });

  it.each([
    ['garbage', 'not a key', /unsupported key type/],
    ['a DSA key', SSH_KEYS.dsa.line, /unsupported key type ssh-dss/],
    ['a 1024-bit RSA key', SSH_KEYS.rsa1024.line, /at least 2048 bits, this one has 1024/],
    ['a truncated key', SSH_KEYS.ed25519.line.slice(0, 60), /truncated|base64/],
    ['an empty key', '', /one line/],
    ['a number', 42, /string/],
  ])('refuses %s with 400 naming publicKey, and creates nothing', async (_what, publicKey, why) => {
    const res = await create(blue, { name: 'refused', publicKey });
    const problem = expectFieldError(res, 'publicKey');
    const messages = problem.errors!.filter((e) => e.field === 'publicKey').map((e) => e.message);
    expect(messages.join('\n')).toMatch(why);
    expectProblem(await blue.get('/keypairs/refused'), 404, 'KEYPAIR_NOT_FOUND');
  });

  it.each([
    ['an empty name', ''],
    ['a leading space', ' key'],
    ['a trailing space', 'key '],
    ['a slash', 'a/b'],
    ['a colon', 'a:b'],
    ['121 characters', 'k'.repeat(121)],
    ['a number', 7],
  ])('refuses a name with %s (400)', async (_what, name) => {
    expectFieldError(await create(blue, { name, publicKey: SSH_KEYS.ed25519.line }), 'name');
  });

  it('refuses unknown fields (400) and accepts the widest valid name', async () => {
    expectFieldError(await create(blue, { name: 'x', type: 'x509' }), 'type');
    const name = `a@b.c_d-e f${'k'.repeat(109)}`;
    expect(name).toHaveLength(120);
    expect((await create(blue, { name, publicKey: SSH_KEYS.ed25519.line })).status).toBe(201);
    expect((await blue.get(`/keypairs/${encodeURIComponent(name)}`)).status).toBe(200);
    expectFieldError(await blue.get(`/keypairs/${encodeURIComponent('a/b')}`), 'name');
  });

  it('refuses a second key pair of one name with 409 KEYPAIR_EXISTS, keeping the first', async () => {
    const first = await create(blue, { name: 'dup', publicKey: SSH_KEYS.ed25519.line });
    expect(first.status).toBe(201);
    expectProblem(
      await create(blue, { name: 'dup', publicKey: SSH_KEYS.rsa2048.line }),
      409,
      'KEYPAIR_EXISTS',
    );
    expectProblem(await create(blue, { name: 'dup' }), 409, 'KEYPAIR_EXISTS');
    expect((await blue.get('/keypairs/dup')).body).toEqual(first.body);
  });

  it('deletes a key pair (204); then it is 404 KEYPAIR_NOT_FOUND on GET and DELETE', async () => {
    expect((await create(blue, { name: 'doomed' })).status).toBe(201);
    const res = await blue.delete('/keypairs/doomed');
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expectProblem(await blue.get('/keypairs/doomed'), 404, 'KEYPAIR_NOT_FOUND');
    expectProblem(await blue.delete('/keypairs/doomed'), 404, 'KEYPAIR_NOT_FOUND');
    expect((await list(blue)).items.map((k) => k.name)).not.toContain('doomed');
    // The name is free again.
    expect((await create(blue, { name: 'doomed' })).status).toBe(201);
  });

  it("keeps projects apart: another project's key pairs are invisible and may share names", async () => {
    const own = await create(blue, { name: 'shared', publicKey: SSH_KEYS.ed25519.line });
    expect(own.status).toBe(201);
    expect((await list(red)).items.map((k) => k.name)).not.toContain('shared');
    expectProblem(await red.get('/keypairs/shared'), 404, 'KEYPAIR_NOT_FOUND');
    expectProblem(await red.delete('/keypairs/shared'), 404, 'KEYPAIR_NOT_FOUND');
    const theirs = await create(red, { name: 'shared', publicKey: SSH_KEYS.ecdsaP256.line });
    expect(theirs.status).toBe(201);
    expect((await blue.get('/keypairs/shared')).body).toEqual(own.body);
    expect((await red.get('/keypairs/shared')).body).toMatchObject({
      fingerprint: SSH_KEYS.ecdsaP256.fingerprint,
    });
    expect((await list(red)).items).toEqual([
      {
        name: 'shared',
        publicKey: SSH_KEYS.ecdsaP256.line,
        fingerprint: SSH_KEYS.ecdsaP256.fingerprint,
        type: 'ssh',
      },
    ]);
  });

  it('lists the key pairs by name, without private keys or creation times', async () => {
    const green = await new Api(t).as('team-green');
    for (const name of ['b-key', 'A-key', 'a key', 'c']) {
      expect((await create(green, { name, publicKey: SSH_KEYS.rsa2048.line })).status).toBe(201);
    }
    const page = await list(green);
    expect(page.nextCursor).toBeNull();
    expect(page.items.map((k) => k.name)).toEqual(['A-key', 'a key', 'b-key', 'c']);
    expect(Object.keys(page.items[0]).sort()).toEqual(['fingerprint', 'name', 'publicKey', 'type']);
  });

  describe('keyName on server create', () => {
    const servers = async (api: Api) => (await api.listServers()).items;

    it('boots with a key pair of the project and shows keyName, also once the key pair is gone', async () => {
      expect((await create(blue, { name: 'boot key' })).status).toBe(201);
      const server = await blue.createServer({ name: 'with-key', keyName: 'boot key' });
      expect(server.keyName).toBe('boot key');
      expect((await blue.server(server.id)).keyName).toBe('boot key');
      expect((await blue.delete('/keypairs/boot%20key')).status).toBe(204);
      const read = await blue.server(server.id);
      expect(read).toMatchObject({ keyName: 'boot key', status: 'ACTIVE' });
      const plain = await blue.createServer({ name: 'without-key' });
      expect((await blue.server(plain.id)).keyName).toBeNull();
    });

    it("refuses an unknown key pair, or another project's, with 422 KEYPAIR_NOT_FOUND, creating nothing", async () => {
      const before = (await servers(red)).length;
      const unknown = expectProblem(
        await red.post('/servers', {
          name: 'vm',
          imageId: IMAGES.cirros,
          flavorId: '1',
          keyName: 'nope',
        }),
        422,
        'KEYPAIR_NOT_FOUND',
      );
      expect(unknown.errors).toEqual([{ field: 'keyName', message: expect.any(String) }]);
      expect((await create(blue, { name: 'blue-only' })).status).toBe(201);
      expectProblem(
        await red.post('/servers', {
          name: 'vm',
          imageId: IMAGES.cirros,
          flavorId: '1',
          keyName: 'blue-only',
        }),
        422,
        'KEYPAIR_NOT_FOUND',
      );
      expect((await servers(red)).length).toBe(before);
      // A keyName that breaks the name rule is a shape error.
      expectFieldError(
        await red.post('/servers', {
          name: 'vm',
          imageId: IMAGES.cirros,
          flavorId: '1',
          keyName: 'a/b',
        }),
        'keyName',
      );
    });
  });
});

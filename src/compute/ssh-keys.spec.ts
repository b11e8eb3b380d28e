import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import {
  generateEd25519KeyPair,
  InvalidSshKeyError,
  openSshEd25519PrivateKey,
  parseSshPublicKey,
  rsaPublicKeyLine,
  sshFingerprint,
} from './ssh-keys';
import { SSH_KEYS } from './testing/ssh-key-fixtures';

/**
 * A throwaway Ed25519 key written by `ssh-keygen -t ed25519 -N '' -C fixture@example`
 * (OpenSSH 9.2): its private key file, and the seed and check number read out of it.
 */
const SSH_KEYGEN_KEY = {
  file: [
    '-----BEGIN OPENSSH PRIVATE KEY-----',
    'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
    'QyNTUxOQAAACCWrAWW0nYl+YeEhSSlBO6rHRVX0JB8zyXjl6kZIkm5SAAAAJgXN0X1FzdF',
    '9QAAAAtzc2gtZWQyNTUxOQAAACCWrAWW0nYl+YeEhSSlBO6rHRVX0JB8zyXjl6kZIkm5SA',
    'AAAECEWQ4/QE1UxpCGrVVod+O//vVwAmwwsOzyHIFAaVOKIZasBZbSdiX5h4SFJKUE7qsd',
    'FVfQkHzPJeOXqRkiSblIAAAAD2ZpeHR1cmVAZXhhbXBsZQECAwQFBg==',
    '-----END OPENSSH PRIVATE KEY-----',
    '',
  ].join('\n'),
  publicKey:
    'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJasBZbSdiX5h4SFJKUE7qsdFVfQkHzPJeOXqRkiSblI fixture@example',
  seed: '84590e3f404d54c69086ad556877e3bffef570026c30b0ecf21c814069538a21',
  pub: '96ac0596d27625f987848524a504eeab1d1557d0907ccf25e397a9192249b948',
  checkint: 0x173745f5,
};

/** The seed held in an unencrypted OpenSSH Ed25519 private key file. */
function seedOf(file: string): Buffer {
  const body = Buffer.from(
    file
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('-----'))
      .join(''),
    'base64',
  );
  // The private section ends with: string seed||pub (64 bytes), string comment, padding.
  const marker = body.lastIndexOf(Buffer.from([0, 0, 0, 64]));
  return body.subarray(marker + 4, marker + 36);
}

describe('SSH public keys', () => {
  it.each(Object.entries(SSH_KEYS).filter(([, key]) => 'fingerprint' in key))(
    'reads %s and fingerprints it as ssh-keygen does',
    (_name, key) => {
      const parsed = parseSshPublicKey(key.line);
      expect(key.line.startsWith(`${parsed.type} `)).toBe(true);
      expect(sshFingerprint(parsed.blob)).toBe((key as { fingerprint: string }).fingerprint);
    },
  );

  it('reads the comment and the key size', () => {
    expect(parseSshPublicKey(SSH_KEYS.ed25519.line)).toMatchObject({
      type: 'ssh-ed25519',
      comment: 'sample@example',
      bits: 256,
    });
    expect(parseSshPublicKey(SSH_KEYS.rsa2048.line).bits).toBe(2048);
    expect(parseSshPublicKey(SSH_KEYS.rsa1024.line).bits).toBe(1024);
    expect(parseSshPublicKey(SSH_KEYS.ecdsaP521.line).bits).toBe(521);
    expect(parseSshPublicKey(`${SSH_KEYS.ed25519.line}\n`).comment).toBe('sample@example');
    const bare = SSH_KEYS.ed25519.line.split(' ').slice(0, 2).join(' ');
    expect(parseSshPublicKey(bare).comment).toBe('');
  });

  const [edType, edBase64] = SSH_KEYS.ed25519.line.split(' ');
  const edBlob = Buffer.from(edBase64, 'base64');
  const withBlob = (type: string, blob: Buffer) => `${type} ${blob.toString('base64')}`;
  const u32 = (n: number) => Buffer.from([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
  const str = (b: Buffer | string) => {
    const bytes = Buffer.from(b);
    return Buffer.concat([u32(bytes.length), bytes]);
  };

  it.each([
    ['an empty line', '', /one line/],
    ['a type alone', 'ssh-rsa', /one line/],
    ['garbage', 'not a key at all', /unsupported key type not/],
    ['a DSA key', SSH_KEYS.dsa.line, /unsupported key type ssh-dss/],
    ['two lines', `${SSH_KEYS.ed25519.line}\n${SSH_KEYS.rsa2048.line}`, /one line/],
    ['broken base64', `${edType} ${edBase64.slice(0, -3)}`, /not base64|truncated/],
    ['a blob of another type', withBlob('ssh-rsa', edBlob), /not a ssh-rsa key/],
    ['a truncated blob', withBlob(edType, edBlob.subarray(0, 20)), /truncated/],
    ['trailing bytes', withBlob(edType, Buffer.concat([edBlob, Buffer.from([0])])), /trailing/],
    [
      'a short Ed25519 key',
      withBlob(edType, Buffer.concat([str('ssh-ed25519'), str(Buffer.alloc(31))])),
      /32 bytes/,
    ],
    [
      'an ECDSA point off its curve',
      withBlob(
        'ecdsa-sha2-nistp256',
        Buffer.concat([
          str('ecdsa-sha2-nistp256'),
          str('nistp256'),
          str(Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 1)])),
        ]),
      ),
      /not a valid ecdsa-sha2-nistp256 key/,
    ],
    [
      'an ECDSA key naming another curve',
      withBlob(
        'ecdsa-sha2-nistp256',
        Buffer.concat([str('ecdsa-sha2-nistp256'), str('nistp384'), str(Buffer.alloc(65, 4))]),
      ),
      /not on curve nistp256/,
    ],
    [
      'an RSA key with a negative modulus',
      withBlob(
        'ssh-rsa',
        Buffer.concat([str('ssh-rsa'), str(Buffer.from([1, 0, 1])), str(Buffer.alloc(256, 0xff))]),
      ),
      /negative/,
    ],
  ])('refuses %s, saying why', (_what, line, reason) => {
    expect(() => parseSshPublicKey(line)).toThrow(InvalidSshKeyError);
    expect(() => parseSshPublicKey(line)).toThrow(reason);
  });
});

describe('SSH key generation', () => {
  it('writes an Ed25519 private key byte for byte as ssh-keygen does', () => {
    const { file, seed, pub, checkint } = SSH_KEYGEN_KEY;
    expect(
      openSshEd25519PrivateKey(
        Buffer.from(seed, 'hex'),
        Buffer.from(pub, 'hex'),
        'fixture@example',
        checkint,
      ),
    ).toBe(file);
  });

  it('generates an Ed25519 pair whose private key signs what its public key verifies', async () => {
    const pair = await generateEd25519KeyPair('made-here');
    const parsed = parseSshPublicKey(pair.publicKey);
    expect(parsed).toMatchObject({ type: 'ssh-ed25519', comment: 'made-here' });
    expect(pair.privateKey).toMatch(
      /^-----BEGIN OPENSSH PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+\n-----END OPENSSH PRIVATE KEY-----\n$/,
    );
    // The seed in the private key file belongs to the public key in the line.
    const x = parsed.blob.subarray(parsed.blob.length - 32).toString('base64url');
    const seed = seedOf(pair.privateKey).toString('base64url');
    const privateKey = createPrivateKey({
      key: { kty: 'OKP', crv: 'Ed25519', x, d: seed },
      format: 'jwk',
    });
    const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
    const signature = sign(null, Buffer.from('hello'), privateKey);
    expect(verify(null, Buffer.from('hello'), publicKey, signature)).toBe(true);
    // A new pair each time.
    expect((await generateEd25519KeyPair('made-here')).publicKey).not.toBe(pair.publicKey);
  });

  it('writes an RSA public key line that reads back to the same key', () => {
    const line = SSH_KEYS.rsa2048.line;
    const parsed = parseSshPublicKey(line);
    const reader = parsed.blob;
    // Rebuild the key from its own line through a KeyObject and write it again.
    const e = Buffer.from([1, 0, 1]).toString('base64url');
    const nStart = 4 + 7 + 4 + 3 + 4;
    const n = reader.subarray(nStart).toString('base64url');
    const key = createPublicKey({ key: { kty: 'RSA', n, e }, format: 'jwk' });
    expect(rsaPublicKeyLine(key, 'rsa@example')).toBe(line);
  });
});

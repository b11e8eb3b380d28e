import {
  createHash,
  createPublicKey,
  generateKeyPair,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { promisify } from 'node:util';

/**
 * OpenSSH public keys as clouds take them (`<type> <base64 blob> [comment]`), their Nova
 * fingerprint, and key generation, on Node's own crypto: the key material is checked by
 * loading it (so a point off its curve or a malformed modulus is refused), and the wire
 * format (RFC 4253 §6.6, RFC 5656 §3.1, RFC 8709 §4) is read and written here.
 */

/** The public key algorithms accepted, with what their blob holds. */
const EC_CURVES = {
  'ecdsa-sha2-nistp256': { curve: 'nistp256', jwk: 'P-256', bytes: 32 },
  'ecdsa-sha2-nistp384': { curve: 'nistp384', jwk: 'P-384', bytes: 48 },
  'ecdsa-sha2-nistp521': { curve: 'nistp521', jwk: 'P-521', bytes: 66 },
} as const;
export const SSH_KEY_TYPES = [
  'ssh-rsa',
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
] as const satisfies readonly ('ssh-rsa' | 'ssh-ed25519' | keyof typeof EC_CURVES)[];
export type SshKeyType = (typeof SSH_KEY_TYPES)[number];

/** A public key line that does not hold a usable key of an accepted type. */
export class InvalidSshKeyError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'InvalidSshKeyError';
  }
}

export interface SshPublicKey {
  type: SshKeyType;
  /** The decoded key blob (what the fingerprint is taken of). */
  blob: Buffer;
  comment: string;
  /** The key's size: the RSA modulus, or the curve's. */
  bits: number;
}

/** Reads and checks one public key line; throws `InvalidSshKeyError` saying why not. */
export function parseSshPublicKey(text: string): SshPublicKey {
  const match = /^(\S+)[ \t]+([A-Za-z0-9+/]+={0,2})(?:[ \t]+([^\r\n]*))?$/.exec(text.trim());
  if (!match) {
    throw new InvalidSshKeyError('expected "<type> <base64 key> [comment]" on one line');
  }
  const [, type, base64, comment = ''] = match;
  if (!isKeyType(type)) {
    throw new InvalidSshKeyError(`unsupported key type ${type} (use ${SSH_KEY_TYPES.join(', ')})`);
  }
  const blob = Buffer.from(base64, 'base64');
  if (blob.toString('base64') !== base64) throw new InvalidSshKeyError('the key is not base64');
  const reader = new SshReader(blob);
  if (reader.string().toString('latin1') !== type) {
    throw new InvalidSshKeyError(`the key data is not a ${type} key`);
  }
  const bits = readKeyMaterial(type, reader);
  if (!reader.done()) throw new InvalidSshKeyError('the key data has trailing bytes');
  return { type, blob, comment: comment.trim(), bits };
}

/** Nova's fingerprint: the MD5 of the key blob in colon-separated hex. */
export function sshFingerprint(blob: Buffer): string {
  const hex = createHash('md5').update(blob).digest('hex');
  return hex.match(/../g)!.join(':');
}

/** A key pair in the formats OpenSSH reads: an `authorized_keys` line and a private key file. */
export interface GeneratedSshKeyPair {
  publicKey: string;
  privateKey: string;
}

const generate = promisify(generateKeyPair);

/**
 * A new Ed25519 key pair: the public key as an OpenSSH line, the private key in OpenSSH's
 * own format (`BEGIN OPENSSH PRIVATE KEY`, unencrypted), which every OpenSSH since 6.5
 * reads (it does not read Ed25519 keys in PKCS#8).
 */
export async function generateEd25519KeyPair(comment: string): Promise<GeneratedSshKeyPair> {
  const { privateKey } = await generate('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  const seed = Buffer.from(jwk.d!, 'base64url');
  const pub = Buffer.from(jwk.x!, 'base64url');
  const checkint = randomBytes(4).readUInt32BE(0);
  return {
    publicKey: `ssh-ed25519 ${ed25519Blob(pub).toString('base64')} ${comment}`,
    privateKey: openSshEd25519PrivateKey(seed, pub, comment, checkint),
  };
}

/** The public key line of an RSA key (`ssh-rsa <blob> <comment>`). */
export function rsaPublicKeyLine(key: KeyObject, comment: string): string {
  const jwk = key.export({ format: 'jwk' });
  const blob = Buffer.concat([
    sshString('ssh-rsa'),
    sshMpint(Buffer.from(jwk.e!, 'base64url')),
    sshMpint(Buffer.from(jwk.n!, 'base64url')),
  ]);
  return `ssh-rsa ${blob.toString('base64')} ${comment}`;
}

/**
 * OpenSSH's private key format (PROTOCOL.key) for an unencrypted Ed25519 key: the seed,
 * the public key and the comment, with `checkint` twice. Exported for its test against a
 * key written by ssh-keygen.
 */
export function openSshEd25519PrivateKey(
  seed: Buffer,
  pub: Buffer,
  comment: string,
  checkint: number,
): string {
  const check = Buffer.alloc(8);
  check.writeUInt32BE(checkint, 0);
  check.writeUInt32BE(checkint, 4);
  const unpadded = Buffer.concat([
    check,
    sshString('ssh-ed25519'),
    sshString(pub),
    sshString(Buffer.concat([seed, pub])),
    sshString(comment),
  ]);
  // Padded with 1, 2, 3, … to the cipher's block size (8 for "none").
  const padding = Buffer.from(
    Array.from({ length: (8 - (unpadded.length % 8)) % 8 }, (_, i) => i + 1),
  );
  const body = Buffer.concat([
    Buffer.from('openssh-key-v1\0', 'latin1'),
    sshString('none'),
    sshString('none'),
    sshString(Buffer.alloc(0)),
    uint32(1),
    sshString(ed25519Blob(pub)),
    sshString(Buffer.concat([unpadded, padding])),
  ]);
  const lines = body.toString('base64').match(/.{1,70}/g)!;
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join('\n')}\n-----END OPENSSH PRIVATE KEY-----\n`;
}

function isKeyType(type: string): type is SshKeyType {
  return (SSH_KEY_TYPES as readonly string[]).includes(type);
}

/** Checks the blob's key material by loading it; returns the key size in bits. */
function readKeyMaterial(type: SshKeyType, reader: SshReader): number {
  if (type === 'ssh-rsa') {
    const e = unsigned(reader.string());
    const n = unsigned(reader.string());
    load({ kty: 'RSA', n: n.toString('base64url'), e: e.toString('base64url') }, type);
    return n.length === 0 ? 0 : (n.length - 1) * 8 + (32 - Math.clz32(n[0]));
  }
  if (type === 'ssh-ed25519') {
    const pub = reader.string();
    if (pub.length !== 32) throw new InvalidSshKeyError('an Ed25519 key is 32 bytes');
    load({ kty: 'OKP', crv: 'Ed25519', x: pub.toString('base64url') }, type);
    return 256;
  }
  const { curve, jwk, bytes } = EC_CURVES[type];
  if (reader.string().toString('latin1') !== curve) {
    throw new InvalidSshKeyError(`the key data is not on curve ${curve}`);
  }
  const point = reader.string();
  if (point.length !== 1 + 2 * bytes || point[0] !== 4) {
    throw new InvalidSshKeyError(`the ${curve} point is not an uncompressed point`);
  }
  load(
    {
      kty: 'EC',
      crv: jwk,
      x: point.subarray(1, 1 + bytes).toString('base64url'),
      y: point.subarray(1 + bytes).toString('base64url'),
    },
    type,
  );
  return jwk === 'P-521' ? 521 : bytes * 8;
}

function load(jwk: Record<string, string>, type: string): void {
  try {
    createPublicKey({ key: jwk, format: 'jwk' });
  } catch {
    throw new InvalidSshKeyError(`the key data is not a valid ${type} key`);
  }
}

/** An mpint's magnitude: without the sign byte; refuses negative numbers. */
function unsigned(mpint: Buffer): Buffer {
  if (mpint.length > 0 && (mpint[0] & 0x80) !== 0) {
    throw new InvalidSshKeyError('the key data holds a negative number');
  }
  let start = 0;
  while (start < mpint.length && mpint[start] === 0) start++;
  return mpint.subarray(start);
}

function ed25519Blob(pub: Buffer): Buffer {
  return Buffer.concat([sshString('ssh-ed25519'), sshString(pub)]);
}

function uint32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value, 0);
  return out;
}

function sshString(value: string | Buffer): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  return Buffer.concat([uint32(bytes.length), bytes]);
}

/** A positive integer as an SSH mpint: big-endian, a zero byte first if the top bit is set. */
function sshMpint(magnitude: Buffer): Buffer {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const trimmed = magnitude.subarray(start);
  return sshString(
    trimmed[0] & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : Buffer.from(trimmed),
  );
}

/** Reads SSH wire-format fields, refusing to run past the end. */
class SshReader {
  private offset = 0;

  constructor(private readonly data: Buffer) {}

  string(): Buffer {
    if (this.offset + 4 > this.data.length) throw truncated();
    const length = this.data.readUInt32BE(this.offset);
    const start = this.offset + 4;
    if (start + length > this.data.length) throw truncated();
    this.offset = start + length;
    return this.data.subarray(start, start + length);
  }

  done(): boolean {
    return this.offset === this.data.length;
  }
}

const truncated = () => new InvalidSshKeyError('the key data is truncated');

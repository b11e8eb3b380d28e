import { generateKeyPair, X509Certificate } from 'node:crypto';
import { promisify } from 'node:util';
import { CloudBadRequestError } from '../../compute/cloud-errors';
import type { CloudKeypairType } from '../../compute/cloud-records';
import {
  InvalidSshKeyError,
  parseSshPublicKey,
  rsaPublicKeyLine,
  sshFingerprint,
} from '../../compute/ssh-keys';

const LETTERS_AND_DIGITS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** The characters of a key pair name (nova/api/validation/validators.py), by microversion. */
const NAME_CHARACTERS = {
  before292: `_- ${LETTERS_AND_DIGITS}`,
  from292: `@._- ${LETTERS_AND_DIGITS}`,
};

/**
 * Nova's key pair name rules: 1–255 characters, none of them leading or trailing
 * whitespace, from `[_- a-zA-Z0-9]`, and from microversion 2.92 `@` and `.` too. Throws
 * Nova's 400 (an `InvalidName`) otherwise; length and type are the caller's schema.
 */
export function checkKeypairName(name: string, minor = 93): void {
  if (/^\s|\s$/.test(name)) {
    throw new CloudBadRequestError(
      "An invalid 'name' value was provided. The name must be: printable characters. " +
        'Can not start or end with whitespace.',
    );
  }
  const allowed = minor >= 92 ? NAME_CHARACTERS.from292 : NAME_CHARACTERS.before292;
  if ([...name].some((c) => !allowed.includes(c))) {
    throw new CloudBadRequestError(
      `An invalid 'name' value was provided. The name must be: Only expected characters: [${allowed}]`,
    );
  }
}

/**
 * Nova's fingerprint of an imported key: MD5 of an OpenSSH key's blob, SHA-1 of an x509
 * certificate, colon-separated lower-case hex. Throws Nova's 400 for a key it cannot read.
 */
export function keypairFingerprint(type: CloudKeypairType, publicKey: string): string {
  if (type === 'x509') {
    try {
      return new X509Certificate(publicKey).fingerprint.toLowerCase();
    } catch (error) {
      throw new CloudBadRequestError(
        'Keypair data is invalid: failed to generate X509 fingerprint. ' +
          `Error message: ${error instanceof Error ? error.message : 'unreadable certificate'}`,
      );
    }
  }
  try {
    return sshFingerprint(parseSshPublicKey(publicKey).blob);
  } catch (error) {
    if (!(error instanceof InvalidSshKeyError)) throw error;
    throw new CloudBadRequestError('Keypair data is invalid: failed to generate fingerprint');
  }
}

const generate = promisify(generateKeyPair);

/**
 * A key pair as Nova generated them below microversion 2.92 (nova/crypto.py): RSA 2048,
 * the private key in PKCS#1 PEM, the public key commented `Generated-by-Nova`.
 */
export async function generateNovaKeypair(): Promise<{ publicKey: string; privateKey: string }> {
  const { publicKey, privateKey } = await generate('rsa', { modulusLength: 2048 });
  return {
    publicKey: rsaPublicKeyLine(publicKey, 'Generated-by-Nova'),
    privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
  };
}

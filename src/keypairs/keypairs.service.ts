import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { Errors } from '../common/errors/errors';
import { fromCloudError } from '../compute/cloud-error-mapping';
import { CloudCalls } from '../compute/cloud-calls';
import { CloudConflictError } from '../compute/cloud-errors';
import type { CloudKeypair, CloudKeypairSummary, CloudScope } from '../compute/cloud-records';
import { generateEd25519KeyPair, InvalidSshKeyError, parseSshPublicKey } from '../compute/ssh-keys';
import type { CreateKeypairDto } from './dto/create-keypair.dto';
import type {
  CreatedKeypairDto,
  KeypairDto,
  KeypairListDto,
  KeypairSummaryDto,
} from './dto/keypair.dto';

/** RSA keys shorter than this are refused (NIST SP 800-131A; ssh-keygen makes 3072). */
export const RSA_MIN_BITS = 2048;
/** The comment of the public keys this service generates. */
export const GENERATED_KEY_COMMENT = 'Generated-by-vm-lifecycle';

const toSummary = (k: CloudKeypairSummary): KeypairSummaryDto => ({
  name: k.name,
  publicKey: k.publicKey,
  fingerprint: k.fingerprint,
  type: k.type,
});
const toDto = (k: CloudKeypair): KeypairDto => ({
  ...toSummary(k),
  createdAt: k.createdAt.toISOString(),
});

/**
 * SSH key pairs of the caller's project, kept in the cloud (Nova key pairs). A key pair
 * is imported from a public key, or generated here: the cloud only ever receives the
 * public key (Nova no longer generates keys from microversion 2.92), and the private key
 * is answered once and kept nowhere.
 */
@Injectable()
export class KeypairsService {
  constructor(private readonly cloud: CloudCalls) {}

  async create(principal: Principal, dto: CreateKeypairDto): Promise<CreatedKeypairDto> {
    const scope = scopeOf(principal);
    let publicKey: string;
    let privateKey: string | undefined;
    if (dto.publicKey === undefined) {
      ({ publicKey, privateKey } = await generateEd25519KeyPair(GENERATED_KEY_COMMENT));
    } else {
      publicKey = checkedPublicKey(dto.publicKey);
    }
    try {
      const created = await this.cloud.run((c) =>
        c.createKeypair(scope, { name: dto.name, publicKey }),
      );
      return privateKey === undefined ? toDto(created) : { ...toDto(created), privateKey };
    } catch (error) {
      if (error instanceof CloudConflictError) throw Errors.keypairExists(dto.name);
      throw fromCloudError(error, () => Errors.upstreamFailed());
    }
  }

  async list(principal: Principal): Promise<KeypairListDto> {
    try {
      const keypairs = await this.cloud.run((c) => c.listKeypairs(scopeOf(principal)));
      return { items: keypairs.map(toSummary), nextCursor: null };
    } catch (error) {
      throw fromCloudError(error, () => Errors.upstreamFailed());
    }
  }

  async get(principal: Principal, name: string): Promise<KeypairDto> {
    try {
      return toDto(await this.cloud.run((c) => c.getKeypair(scopeOf(principal), name)));
    } catch (error) {
      throw fromCloudError(error, () => Errors.keypairNotFound(name));
    }
  }

  async delete(principal: Principal, name: string): Promise<void> {
    try {
      await this.cloud.run((c) => c.deleteKeypair(scopeOf(principal), name));
    } catch (error) {
      throw fromCloudError(error, () => Errors.keypairNotFound(name));
    }
  }
}

/** Key pairs belong to the key's project, admin keys included. */
function scopeOf(principal: Principal): CloudScope {
  return { projectId: principal.projectId };
}

/** The public key line, trimmed, once it reads as a usable key (400 otherwise). */
function checkedPublicKey(text: string): string {
  const problem = (message: string) =>
    Errors.validation(
      [{ field: 'publicKey', message }],
      `The public key is not usable: ${message}.`,
    );
  try {
    const key = parseSshPublicKey(text);
    if (key.type === 'ssh-rsa' && key.bits < RSA_MIN_BITS) {
      throw problem(`an RSA key needs at least ${RSA_MIN_BITS} bits, this one has ${key.bits}`);
    }
    return text.trim();
  } catch (error) {
    if (error instanceof InvalidSshKeyError) throw problem(error.reason);
    throw error;
  }
}

import type { MockKeypairEntity } from '../../simulator';
import { novaUsageFormat } from '../http/openstack-time';
import { userIdOf } from '../keystone/token-body';

/**
 * Nova's key pair views (nova/api/openstack/compute/views/keypairs.py), by microversion:
 * `type` from 2.2, in this field order.
 */

/** An entry of `GET /os-keypairs`: `{"keypair": {name, public_key, fingerprint, type}}`. */
export function keypairListEntry(row: MockKeypairEntity, minor: number) {
  const keypair: Record<string, unknown> = {
    name: row.name,
    public_key: row.publicKey,
    fingerprint: row.fingerprint,
  };
  if (minor >= 2) keypair.type = row.type;
  return { keypair };
}

/** `POST /os-keypairs`: the private key first when one was generated. */
export function keypairCreated(row: MockKeypairEntity, minor: number, privateKey?: string) {
  const keypair: Record<string, unknown> = {};
  if (privateKey !== undefined) keypair.private_key = privateKey;
  if (minor >= 2) keypair.type = row.type;
  Object.assign(keypair, {
    name: row.name,
    public_key: row.publicKey,
    fingerprint: row.fingerprint,
    user_id: userIdOf(row.projectId),
  });
  return { keypair };
}

/** `GET /os-keypairs/{name}`: the database row's fields too (never deleted nor updated). */
export function keypairShown(row: MockKeypairEntity, minor: number) {
  const keypair: Record<string, unknown> = {
    name: row.name,
    public_key: row.publicKey,
    fingerprint: row.fingerprint,
    user_id: userIdOf(row.projectId),
    created_at: novaUsageFormat(row.createdAt),
    deleted: false,
    deleted_at: null,
    id: row.id,
    updated_at: null,
  };
  if (minor >= 2) keypair.type = row.type;
  return { keypair };
}

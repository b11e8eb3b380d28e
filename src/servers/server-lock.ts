import type { Principal } from '../auth/principal';
import { Errors } from '../common/errors/errors';
import type { CloudScope } from '../compute/cloud-records';
import type { OpenStackClient } from '../compute/openstack-client';
import { CloudNotFoundError } from '../compute/cloud-errors';
import type { ServerEntity } from './server.entity';

/**
 * A locked server refuses changes from member keys; admin keys may act, as in Nova.
 * See ADR 11 for where the lock lives.
 */
export function assertUnlocked(principal: Principal, row: ServerEntity): void {
  if (row.lockedBy !== null && principal.role !== 'admin') throw Errors.serverLocked(row.id);
}

/**
 * Runs `fn` on a server that may be locked in the cloud. The cloud refuses a locked
 * server's actions to the service's credential (usually not a cloud admin), so when an
 * admin key acts on it, the lock is lifted for the call and set again after it. A
 * server that is gone after the call (a delete) is not locked again.
 */
export async function underLock<T>(
  row: ServerEntity,
  client: OpenStackClient,
  scope: CloudScope,
  cloudId: string,
  fn: () => Promise<T>,
): Promise<T> {
  if (row.lockedBy === null) return fn();
  await client.unlockServer(scope, cloudId);
  try {
    return await fn();
  } finally {
    await client.lockServer(scope, cloudId).catch((error: unknown) => {
      if (!(error instanceof CloudNotFoundError)) throw error;
    });
  }
}

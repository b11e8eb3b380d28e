import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import type { CloudAddresses, CloudServer } from '../compute/cloud-records';
import { sortedTags } from '../compute/server-tags';
import { isTransitional } from './lifecycle/lifecycle-rules';
import type { ServerActionName } from './server-action.entity';
import type { ServerAddresses, ServerEntity } from './server.entity';
import { ServerStore } from './server-store';

/** Metadata key that ties a cloud server to its inventory row (for adoption after a crash). */
export const INVENTORY_TAG = 'vm-lifecycle:server-id';

/**
 * Actions Nova finishes after its API has answered without setting a task state: until
 * they finish, the server looks settled in the state the action leaves. A confirmed
 * resize stays VERIFY_RESIZE with no task while the compute host cleans up (seen on a
 * real Nova), then turns ACTIVE or SHUTOFF. Each entry says what "not yet" looks like.
 */
const SETTLES_LATE: { action: ServerActionName; notYet: (cloud: CloudServer) => boolean }[] = [
  {
    action: 'confirm-resize',
    notYet: (cloud) => cloud.status === 'VERIFY_RESIZE' && cloud.taskState === null,
  },
];

/** How long a recorded intent shields its row from refreshes (see `inFlight`). */
export const INTENT_GRACE_MS = 5 * 60_000;

/** The user's metadata, without our own tag. */
export function userMetadata(metadata: Record<string, string>): Record<string, string> {
  const rest = { ...metadata };
  delete rest[INVENTORY_TAG];
  return rest;
}

/** The cloud's addresses as the inventory keeps them: address, version and type. */
export function inventoryAddresses(addresses: CloudAddresses): ServerAddresses {
  return Object.fromEntries(
    Object.entries(addresses).map(([network, list]) => [
      network,
      list.map(({ address, version, type }) => ({ address, version, type })),
    ]),
  );
}

/** Whether two string maps hold the same pairs, whatever their order. */
export function sameMap(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k])
  );
}

const sameList = (a: string[], b: string[]) =>
  a.length === b.length && a.every((item, i) => item === b[i]);

/**
 * Applies what the cloud reports to an inventory row, and ends the row's pending
 * actions once the server has settled. The cloud is the truth for the name, the
 * metadata (our inventory tag left out), the tags and the addresses too, so changes made
 * outside this API are followed; a row whose own change is in flight is left alone
 * (`inFlight`), so a refresh cannot undo a rebuild's new name before the cloud has it.
 */
@Injectable()
export class ServerSync {
  constructor(
    private readonly store: ServerStore,
    private readonly clock: Clock,
  ) {}

  /**
   * True while a request's cloud call for this row is in flight (its intent is recorded,
   * its outcome not yet). A request that crashed mid-way stops counting after a grace
   * period, so its row is not frozen for ever.
   */
  inFlight(row: ServerEntity): boolean {
    return (
      row.intentAt !== null && this.clock.now().getTime() - row.intentAt.getTime() < INTENT_GRACE_MS
    );
  }

  /**
   * Applies the cloud's view. `outcome` marks the request that recorded the intent
   * reporting back; anyone else (readers, the reconciler) leaves an in-flight row alone,
   * since the cloud may not have received the action yet.
   */
  async apply(row: ServerEntity, cloud: CloudServer, outcome = false): Promise<ServerEntity> {
    if (!outcome && this.inFlight(row)) return row;
    if (cloud.status === 'DELETED') return this.gone(row, outcome);
    const transitional =
      isTransitional(cloud.status, cloud.taskState) || (await this.settlingLate(row, cloud));
    // The cloud is the truth for the flavor (a resize), the image (a rebuild) and a lock
    // (ours, or one set outside this API).
    const flavorId = cloud.flavorId || row.flavorId;
    const imageId = cloud.imageId || row.imageId;
    const lockedBy = cloud.locked ? (row.lockedBy ?? 'cloud') : null;
    // The key pair it was booted with, as the cloud reports it (a rebuild outside this API
    // may change it).
    const keyName = cloud.keyName;
    const addresses = inventoryAddresses(cloud.addresses);
    const name = cloud.name || row.name;
    const metadata = userMetadata(cloud.metadata);
    const tags = sortedTags(cloud.tags);
    const { accessIpv4, accessIpv6 } = cloud;
    const changed =
      row.name !== name ||
      !sameMap(row.metadata, metadata) ||
      !sameList(row.tags, tags) ||
      row.cloudId !== cloud.id ||
      row.status !== cloud.status ||
      row.taskState !== cloud.taskState ||
      row.transitional !== transitional ||
      row.flavorId !== flavorId ||
      row.imageId !== imageId ||
      row.lockedBy !== lockedBy ||
      row.keyName !== keyName ||
      row.accessIpv4 !== accessIpv4 ||
      row.accessIpv6 !== accessIpv6 ||
      (row.launchedAt?.getTime() ?? null) !== (cloud.launchedAt?.getTime() ?? null) ||
      JSON.stringify(row.fault) !== JSON.stringify(cloud.fault) ||
      JSON.stringify(row.addresses) !== JSON.stringify(addresses) ||
      row.intentAt !== null;
    if (!changed) return row;
    const saved = await this.store.save(row, {
      cloudId: cloud.id,
      name,
      metadata,
      tags,
      status: cloud.status,
      taskState: cloud.taskState,
      transitional,
      flavorId,
      imageId,
      lockedBy,
      keyName,
      accessIpv4,
      accessIpv6,
      launchedAt: cloud.launchedAt,
      addresses,
      fault:
        cloud.status === 'ERROR' ? (cloud.fault ?? { code: 500, message: 'Unknown error' }) : null,
      intentAt: null,
    });
    if (!transitional) {
      const failed = cloud.status === 'ERROR';
      await this.store.finishPending(
        row.id,
        failed ? 'failed' : 'succeeded',
        failed ? (cloud.fault?.message ?? 'The server went into ERROR.') : null,
      );
    }
    return saved;
  }

  /** Whether a pending action of the row is one Nova is still finishing (`SETTLES_LATE`). */
  private async settlingLate(row: ServerEntity, cloud: CloudServer): Promise<boolean> {
    if (!row.transitional) return false;
    const waiting = SETTLES_LATE.filter((entry) => entry.notYet(cloud)).map((e) => e.action);
    return waiting.length > 0 && this.store.hasPending(row.id, waiting);
  }

  /** The cloud no longer has the server: it reads 404 from now on. */
  async gone(row: ServerEntity, outcome = false): Promise<ServerEntity> {
    if (!outcome && this.inFlight(row)) return row;
    const saved = await this.store.save(row, {
      status: 'DELETED',
      taskState: null,
      transitional: false,
      deletedAt: this.clock.now(),
      intentAt: null,
    });
    await this.store.finishPending(row.id, 'succeeded', null, ['delete']);
    await this.store.finishPending(row.id, 'failed', 'The server was deleted.');
    return saved;
  }
}

import type { Type } from '@nestjs/common';
import type { Principal } from '../../auth/principal';
import type { CloudScope, SimpleServerAction } from '../../compute/cloud-records';
import type { OpenStackClient } from '../../compute/openstack-client';
import { LockServerDto } from '../dto/lock-server.dto';
import { RebootServerDto } from '../dto/reboot-server.dto';
import { RebuildServerDto } from '../dto/rebuild-server.dto';
import { RescueServerDto } from '../dto/rescue-server.dto';
import { ResizeServerDto } from '../dto/resize-server.dto';
import { SnapshotResultDto } from '../dto/snapshot-result.dto';
import { SnapshotServerDto } from '../dto/snapshot-server.dto';
import type { ImageChecks } from '../image-checks';
import type { ServerActionName } from '../server-action.entity';
import type { ServerEntity } from '../server.entity';
import { INVENTORY_TAG } from '../server-sync';
import { Errors } from '../../common/errors/errors';
import type { ActionRule } from './lifecycle-rules';
import { inBody, type Problem } from '../../common/http/api-problems.decorator';

/**
 * One server lifecycle action: everything the service, the routes and the OpenAPI
 * document need to know of it. `B` is the request body, `R` what the cloud call returns.
 */
export interface ServerActionSpec<B, R> {
  /** Its route, `POST /servers/{id}/<path>`; absent for an action with a route of its own. */
  readonly path?: string;
  /** Its name in the action history. */
  readonly history: ServerActionName;
  /** One line for the OpenAPI summary; `description` says more. */
  readonly summary: string;
  readonly description: string;
  /** The request body's DTO; absent when the action takes none. */
  readonly body?: Type<B>;
  /** The body may be left out (every field has a default). */
  readonly bodyOptional?: boolean;
  /** The answer, when it is not the server: its DTO and how the call's result becomes it. */
  readonly response?: { readonly type: Type<unknown>; from(result: R): unknown };
  /** When the action is accepted (it may depend on the body). */
  rule(body: B): ActionRule;
  /**
   * What a lock does to it for member keys: `refused` (the default; an admin key's call
   * lifts the cloud's lock for its duration), `ignored`, or `adminLock` (refused only
   * when an admin key set the lock).
   */
  readonly lockRule?: 'refused' | 'ignored' | 'adminLock';
  /** Checks of the references in the body (422s), made before anything is recorded. */
  check?(body: B, server: ServerEntity, refs: ImageChecks): Promise<void>;
  /**
   * What it may answer besides what every action may (see `actionProblems`): what its
   * `check` raises, and what the cloud may refuse it for.
   */
  readonly problems?: readonly Problem[];
  /**
   * A server the cloud no longer has is what the action wanted (a delete): the call's 404
   * is success, and the server reads 404 once a refresh sees it gone, instead of the
   * action failing with 422 UPSTREAM_REJECTED.
   */
  readonly goneIsDone?: boolean;
  /** Inventory changes that come with the intent (a rebuild's new name and metadata). */
  changes?(body: B, server: ServerEntity): Partial<ServerEntity>;
  /** Inventory changes once the cloud has done it (who locked the server). */
  after?(body: B, principal: Principal): Partial<ServerEntity>;
  /** The cloud call, on the server's cloud id (`server` is its inventory row). */
  call(
    client: OpenStackClient,
    scope: CloudScope,
    cloudId: string,
    body: B,
    server: ServerEntity,
  ): Promise<R>;
}

/** Any action of the table, its body and result types erased (methods are bivariant). */
export type AnyServerAction = ServerActionSpec<unknown, unknown>;

/** Infers `B` and `R` for one entry of the table. */
function action<B = undefined, R = void>(spec: ServerActionSpec<B, R>): ServerActionSpec<B, R> {
  return spec;
}

/** A Nova action that needs nothing but the server, from some statuses, through one task state. */
function simple(
  key: SimpleServerAction,
  spec: { path: string; summary: string; description: string; from: string[]; task: string },
): ServerActionSpec<undefined, void> {
  return {
    path: spec.path,
    history: spec.path as ServerActionName,
    summary: spec.summary,
    description: spec.description,
    rule: () => ({ word: spec.path, allowedFrom: spec.from, taskState: spec.task }),
    call: (client, scope, id) => client.serverAction(scope, id, key),
  };
}

/** Lock and unlock: any status, during any task, and no task of their own. */
const LOCK_RULE = (word: string): ActionRule => ({
  word,
  allowedFrom: 'any',
  taskState: null,
  interruptsTasks: true,
});

const sameFlavor = () =>
  Errors.validation([{ field: 'flavorId', message: "flavorId is already the server's flavor" }]);

/**
 * New metadata as the cloud gets it: with the tag that ties the cloud server to its
 * inventory row (the row's id). The inventory keeps the user's pairs only.
 */
export function withInventoryTag(metadata: Record<string, string>, server: ServerEntity) {
  return { ...metadata, [INVENTORY_TAG]: server.id };
}

const SOFT_REBOOT: ActionRule = {
  word: 'soft-reboot',
  allowedFrom: ['ACTIVE'],
  taskState: 'rebooting',
};
const HARD_REBOOT: ActionRule = {
  word: 'hard-reboot',
  allowedFrom: ['ACTIVE', 'SHUTOFF', 'ERROR'],
  taskState: 'rebooting_hard',
};

/**
 * The lifecycle table. Adding an action is adding an entry: its rule, idempotency,
 * history, route and OpenAPI documentation follow from it. The statuses and task
 * states are Nova's.
 */
export const SERVER_ACTIONS = {
  start: action({
    path: 'start',
    history: 'start',
    summary: 'Power on a server',
    description: 'Powers on a SHUTOFF server. It goes through task `powering-on` to ACTIVE.',
    rule: () => ({ word: 'start', allowedFrom: ['SHUTOFF'], taskState: 'powering-on' }),
    call: (client, scope, id) => client.startServer(scope, id),
  }),
  stop: action({
    path: 'stop',
    history: 'stop',
    summary: 'Power off a server',
    description:
      'Powers off an ACTIVE (or ERROR) server. It goes through task `powering-off` to SHUTOFF.',
    rule: () => ({ word: 'stop', allowedFrom: ['ACTIVE', 'ERROR'], taskState: 'powering-off' }),
    call: (client, scope, id) => client.stopServer(scope, id),
  }),
  reboot: action<RebootServerDto>({
    path: 'reboot',
    history: 'reboot',
    summary: 'Reboot a server',
    description:
      'SOFT (the default) asks the guest of an ACTIVE server to restart, through status REBOOT. ' +
      'HARD power-cycles an ACTIVE, SHUTOFF or ERROR server, through HARD_REBOOT. Both end ACTIVE.',
    body: RebootServerDto,
    bodyOptional: true,
    rule: (body) => (body.type === 'HARD' ? HARD_REBOOT : SOFT_REBOOT),
    call: (client, scope, id, body) => client.rebootServer(scope, id, body.type),
  }),
  snapshot: action<SnapshotServerDto, string>({
    path: 'snapshot',
    history: 'snapshot',
    summary: 'Snapshot a server into a new image',
    description:
      'Snapshots an ACTIVE or SHUTOFF server into a new private image and answers its id. The ' +
      "`snapshot` action in the history ends when the server's snapshot task does; the image has " +
      'its own status (`queued` → `active`, or `killed`) in GET /images/{imageId}.',
    body: SnapshotServerDto,
    response: { type: SnapshotResultDto, from: (imageId) => ({ imageId }) },
    rule: () => ({
      word: 'snapshot',
      allowedFrom: ['ACTIVE', 'SHUTOFF'],
      taskState: 'image_snapshot',
    }),
    call: (client, scope, id, body) => client.createServerImage(scope, id, body.name),
  }),
  resize: action<ResizeServerDto>({
    path: 'resize',
    history: 'resize',
    summary: 'Resize a server to another flavor',
    description:
      'Moves an ACTIVE or SHUTOFF server to another flavor, through status RESIZE, to ' +
      'VERIFY_RESIZE. Then confirm it (`confirm-resize`) to keep the new flavor, or revert it ' +
      '(`revert-resize`) to go back; either way the server returns to the power state it left.',
    body: ResizeServerDto,
    rule: () => ({ word: 'resize', allowedFrom: ['ACTIVE', 'SHUTOFF'], taskState: 'resize_prep' }),
    check: async (body, server, refs) => {
      if (body.flavorId === server.flavorId) throw sameFlavor();
      await refs.assertFlavor(body.flavorId);
    },
    problems: inBody('FLAVOR_NOT_FOUND'),
    call: (client, scope, id, body) => client.resizeServer(scope, id, body.flavorId),
  }),
  confirmResize: simple('confirmResize', {
    path: 'confirm-resize',
    summary: 'Confirm a resize',
    description: 'Keeps the new flavor of a server in VERIFY_RESIZE.',
    from: ['VERIFY_RESIZE'],
    task: 'resize_confirming',
  }),
  revertResize: simple('revertResize', {
    path: 'revert-resize',
    summary: 'Revert a resize',
    description: 'Takes a server in VERIFY_RESIZE back to its old flavor, through REVERT_RESIZE.',
    from: ['VERIFY_RESIZE'],
    task: 'resize_reverting',
  }),
  rebuild: action<RebuildServerDto>({
    path: 'rebuild',
    history: 'rebuild',
    summary: 'Rebuild a server from an image',
    description:
      'Reinstalls an ACTIVE, SHUTOFF or ERROR server from an image, through status REBUILD, ' +
      'optionally renaming it and replacing its metadata. A SHUTOFF server stays SHUTOFF; an ' +
      'ERROR one ends ACTIVE.',
    body: RebuildServerDto,
    rule: () => ({
      word: 'rebuild',
      allowedFrom: ['ACTIVE', 'SHUTOFF', 'ERROR'],
      taskState: 'rebuilding',
    }),
    check: (body, server, refs) =>
      refs.assertBootable(server.projectId, body.imageId, server.flavorId),
    problems: inBody('IMAGE_NOT_FOUND', 'IMAGE_NOT_ACTIVE', 'FLAVOR_TOO_SMALL'),
    changes: (body) => ({
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.metadata !== undefined ? { metadata: { ...body.metadata } } : {}),
    }),
    call: (client, scope, id, body, server) =>
      client.rebuildServer(scope, id, {
        imageId: body.imageId,
        name: body.name,
        // The cloud's metadata is replaced too: our inventory tag stays on it.
        metadata: body.metadata !== undefined ? withInventoryTag(body.metadata, server) : undefined,
      }),
  }),
  pause: simple('pause', {
    path: 'pause',
    summary: 'Pause a server',
    description: 'Freezes an ACTIVE server in memory: PAUSED until `unpause`.',
    from: ['ACTIVE'],
    task: 'pausing',
  }),
  unpause: simple('unpause', {
    path: 'unpause',
    summary: 'Unpause a server',
    description: 'Takes a PAUSED server back to ACTIVE.',
    from: ['PAUSED'],
    task: 'unpausing',
  }),
  suspend: simple('suspend', {
    path: 'suspend',
    summary: 'Suspend a server',
    description: 'Saves an ACTIVE server to disk and stops it: SUSPENDED until `resume`.',
    from: ['ACTIVE'],
    task: 'suspending',
  }),
  resume: simple('resume', {
    path: 'resume',
    summary: 'Resume a server',
    description: 'Takes a SUSPENDED server back to ACTIVE.',
    from: ['SUSPENDED'],
    task: 'resuming',
  }),
  shelve: simple('shelve', {
    path: 'shelve',
    summary: 'Shelve a server',
    description:
      'Snapshots an ACTIVE, SHUTOFF, PAUSED or SUSPENDED server and frees its host: through ' +
      'SHELVED to SHELVED_OFFLOADED, until `unshelve`.',
    from: ['ACTIVE', 'SHUTOFF', 'PAUSED', 'SUSPENDED'],
    task: 'shelving',
  }),
  unshelve: simple('unshelve', {
    path: 'unshelve',
    summary: 'Unshelve a server',
    description: 'Boots a SHELVED or SHELVED_OFFLOADED server again, to ACTIVE.',
    from: ['SHELVED', 'SHELVED_OFFLOADED'],
    task: 'unshelving',
  }),
  rescue: action<RescueServerDto>({
    path: 'rescue',
    history: 'rescue',
    summary: 'Rescue a server',
    description:
      'Boots an ACTIVE, SHUTOFF or ERROR server from a rescue image (by default its own), with ' +
      'its disk attached: RESCUE until `unrescue`.',
    body: RescueServerDto,
    bodyOptional: true,
    rule: () => ({
      word: 'rescue',
      allowedFrom: ['ACTIVE', 'SHUTOFF', 'ERROR'],
      taskState: 'rescuing',
    }),
    check: async (body, server, refs) => {
      if (body.imageId !== undefined) await refs.assertActiveImage(server.projectId, body.imageId);
    },
    problems: inBody('IMAGE_NOT_FOUND', 'IMAGE_NOT_ACTIVE'),
    call: (client, scope, id, body) => client.rescueServer(scope, id, body.imageId),
  }),
  unrescue: simple('unrescue', {
    path: 'unrescue',
    summary: 'Unrescue a server',
    description: 'Takes a server in RESCUE back to ACTIVE.',
    from: ['RESCUE'],
    task: 'unrescuing',
  }),
  lock: action<LockServerDto>({
    path: 'lock',
    history: 'lock',
    summary: 'Lock a server',
    description:
      'Locks a server in any status: member keys can then neither act on it, change nor ' +
      'delete it (409 SERVER_LOCKED) until it is unlocked; admin keys still can. The lock is ' +
      'set in the cloud too, where other OpenStack tools show it.',
    body: LockServerDto,
    bodyOptional: true,
    lockRule: 'ignored',
    rule: () => LOCK_RULE('lock'),
    call: (client, scope, id, body) => client.lockServer(scope, id, body.reason),
    after: (_body, principal) => ({ lockedBy: principal.role === 'admin' ? 'admin' : 'member' }),
  }),
  unlock: action({
    path: 'unlock',
    history: 'unlock',
    summary: 'Unlock a server',
    description: 'Lifts a lock. A lock set by an admin key can only be lifted by an admin key.',
    lockRule: 'adminLock',
    rule: () => LOCK_RULE('unlock'),
    call: (client, scope, id) => client.unlockServer(scope, id),
    after: () => ({ lockedBy: null }),
  }),
  delete: action({
    history: 'delete',
    summary: 'Delete a server',
    description:
      'Deletes a server in any status, also while another task is in progress. Answers 202; ' +
      'once the cloud has removed it, the server reads 404. A server the cloud has already ' +
      'lost is deleted all the same.',
    rule: () => ({
      word: 'delete',
      allowedFrom: 'any',
      taskState: 'deleting',
      interruptsTasks: true,
    }),
    goneIsDone: true,
    call: (client, scope, id) => client.deleteServer(scope, id),
  }),
} as const satisfies Record<string, AnyServerAction>;

export type ServerActionKey = keyof typeof SERVER_ACTIONS;

import type { Type } from '@nestjs/common';
import type { CloudScope } from '../../compute/cloud-records';
import type { OpenStackClient } from '../../compute/openstack-client';
import { RebootServerDto } from '../dto/reboot-server.dto';
import { SnapshotResultDto } from '../dto/snapshot-result.dto';
import { SnapshotServerDto } from '../dto/snapshot-server.dto';
import type { ServerActionName } from '../server-action.entity';
import type { ActionRule } from './lifecycle-rules';

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
  /** The cloud call, on the server's cloud id. */
  call(client: OpenStackClient, scope: CloudScope, cloudId: string, body: B): Promise<R>;
}

/** Any action of the table, its body and result types erased (methods are bivariant). */
export type AnyServerAction = ServerActionSpec<unknown, unknown>;

/** Infers `B` and `R` for one entry of the table. */
function action<B = undefined, R = void>(spec: ServerActionSpec<B, R>): ServerActionSpec<B, R> {
  return spec;
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
  delete: action({
    history: 'delete',
    summary: 'Delete a server',
    description:
      'Deletes a server in any status, also while another task is in progress. Answers 202; ' +
      'once the cloud has removed it, the server reads 404.',
    rule: () => ({
      word: 'delete',
      allowedFrom: 'any',
      taskState: 'deleting',
      interruptsTasks: true,
    }),
    call: (client, scope, id) => client.deleteServer(scope, id),
  }),
} as const satisfies Record<string, AnyServerAction>;

export type ServerActionKey = keyof typeof SERVER_ACTIONS;

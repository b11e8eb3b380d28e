import { CloudConflictError } from '../../compute/cloud-errors';
import type { CloudScope } from '../../compute/cloud-records';
import { NOVA_ACTIONS, type NovaActionKey } from './nova-actions';
import type { TaskState, VmState } from './nova-status';

/**
 * When Nova accepts a change of a server (`@check_instance_lock` and
 * `@check_instance_state`): what a `NovaAction` carries, for changes that are not
 * actions with tasks of their own (metadata, tags).
 */
export interface NovaStateRule {
  /** Its name in Nova's 409 ("Cannot 'update metadata' instance …"). */
  readonly name: string;
  readonly vmStates: readonly VmState[] | 'any';
  readonly taskStates: readonly (TaskState | null)[] | 'any';
  readonly checksLock: boolean;
}

interface ServerState {
  id: string;
  vmState: string;
  taskState: string | null;
  lockedBy: string | null;
}

/**
 * Throws Nova's 409 when `action` is not allowed: a lock first (for non-admins, as
 * `@check_instance_lock` runs before the state check), then vm_state, then task_state.
 */
export function checkInstanceState(
  key: NovaActionKey | NovaStateRule,
  server: ServerState,
  scope: Pick<CloudScope, 'admin'> = {},
): void {
  const action: NovaStateRule = typeof key === 'string' ? NOVA_ACTIONS[key] : key;
  if (action.checksLock && server.lockedBy !== null && !scope.admin) {
    throw new CloudConflictError(`Instance ${server.id} is locked`);
  }
  if (
    action.vmStates !== 'any' &&
    !(action.vmStates as readonly string[]).includes(server.vmState)
  ) {
    throw conflict(action.name, server.id, 'vm_state', server.vmState);
  }
  if (
    action.taskStates !== 'any' &&
    !(action.taskStates as readonly (string | null)[]).includes(server.taskState)
  ) {
    throw conflict(action.name, server.id, 'task_state', String(server.taskState));
  }
}

function conflict(action: string, id: string, attr: string, state: string): CloudConflictError {
  return new CloudConflictError(
    `Cannot '${action}' instance ${id} while it is in ${attr} ${state}`,
  );
}

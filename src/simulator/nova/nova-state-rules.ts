import { CloudConflictError } from '../../compute/cloud-errors';
import type { CloudScope } from '../../compute/cloud-records';
import { NOVA_ACTIONS, type NovaAction, type NovaActionKey } from './nova-actions';

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
  key: NovaActionKey,
  server: ServerState,
  scope: Pick<CloudScope, 'admin'> = {},
): void {
  const action: NovaAction = NOVA_ACTIONS[key];
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

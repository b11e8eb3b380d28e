import { CloudConflictError } from '../../compute/cloud-errors';
import { TaskState, VmState } from './nova-status';

/** The actions Nova guards with `@check_instance_state`; delete is allowed in any state. */
export type GuardedAction = 'start' | 'stop' | 'rebootSoft' | 'rebootHard' | 'createImage';

interface StateRule {
  /** The action's name in Nova's 409 message. */
  readonly name: string;
  readonly vmStates: readonly string[];
  readonly taskStates: readonly (string | null)[];
}

/**
 * Nova's state checks (nova/compute/api.py). Note that reboot may be re-issued while
 * a reboot is in progress, and a hard reboot may escalate a soft one.
 */
const RULES: Readonly<Record<GuardedAction, StateRule>> = {
  start: { name: 'start', vmStates: [VmState.Stopped], taskStates: [null] },
  stop: { name: 'stop', vmStates: [VmState.Active, VmState.Error], taskStates: [null] },
  rebootSoft: {
    name: 'reboot',
    vmStates: [VmState.Active],
    taskStates: [null, TaskState.Rebooting],
  },
  rebootHard: {
    name: 'reboot',
    vmStates: [VmState.Active, VmState.Stopped, VmState.Paused, VmState.Suspended, VmState.Error],
    taskStates: [null, TaskState.Rebooting, TaskState.RebootingHard],
  },
  createImage: {
    name: 'createImage',
    vmStates: [VmState.Active, VmState.Stopped, VmState.Paused, VmState.Suspended],
    taskStates: [null],
  },
};

/**
 * Throws Nova's 409 when `action` is not allowed in the server's current state. As in
 * Nova, vm_state is checked before task_state.
 */
export function checkInstanceState(
  action: GuardedAction,
  server: { id: string; vmState: string; taskState: string | null },
): void {
  const rule = RULES[action];
  if (!rule.vmStates.includes(server.vmState)) {
    throw conflict(rule.name, server.id, 'vm_state', server.vmState);
  }
  if (!rule.taskStates.includes(server.taskState)) {
    throw conflict(rule.name, server.id, 'task_state', String(server.taskState));
  }
}

function conflict(action: string, id: string, attr: string, state: string): CloudConflictError {
  return new CloudConflictError(
    `Cannot '${action}' instance ${id} while it is in ${attr} ${state}`,
  );
}

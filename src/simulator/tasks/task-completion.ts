import type { MockServerEntity } from '../entities/mock-server.entity';
import { FailureInjection } from '../failure-injection';
import { NOVA_ACTIONS, type NovaAction, type SnapshotOutcome } from '../nova/nova-actions';
import { TaskState } from '../nova/nova-status';

export type { SnapshotOutcome } from '../nova/nova-actions';

/** The action of a task, from the row (or, for a row written before actions were kept, its task state). */
function actionOf(server: MockServerEntity): NovaAction | null {
  if (server.taskAction !== null && server.taskAction in NOVA_ACTIONS) {
    return NOVA_ACTIONS[server.taskAction as keyof typeof NOVA_ACTIONS];
  }
  switch (server.taskState) {
    case TaskState.Spawning:
      return NOVA_ACTIONS.create;
    case TaskState.PoweringOff:
      return NOVA_ACTIONS.stop;
    case TaskState.PoweringOn:
      return NOVA_ACTIONS.start;
    case TaskState.Rebooting:
      return NOVA_ACTIONS.rebootSoft;
    case TaskState.RebootingHard:
      return NOVA_ACTIONS.rebootHard;
    case TaskState.ImageSnapshot:
      return NOVA_ACTIONS.createImage;
    case TaskState.Deleting:
      return NOVA_ACTIONS.delete;
    case null:
    default:
      return null;
  }
}

/**
 * Moves the server's task on as of `at` (its due time), the way the compute host
 * would have, honouring injected failures: to the action's next task state, or, after
 * the last one, to the action's end. Mutates `server` (the caller saves it) and returns
 * the fate of the snapshot image when the task ended a snapshot.
 *
 * `stepMs` is how long the next step takes.
 */
export function completeTask(
  server: MockServerEntity,
  at: Date,
  stepMs = 0,
): SnapshotOutcome | null {
  const action = actionOf(server);
  server.updatedAt = at;
  const index = action ? action.steps.findIndex((step) => step.task === server.taskState) : -1;
  const next = action && index >= 0 ? action.steps[index + 1] : undefined;
  if (next) {
    enterStep(server, next);
    server.taskDueAt = new Date(at.getTime() + stepMs);
    return null;
  }
  // The last step, or a task the simulator never starts (set by hand): the action ends.
  const outcome = action
    ? action.finish(server, at, FailureInjection.fromMetadata(server.metadata))
    : null;
  server.taskState = null;
  server.taskDueAt = null;
  server.taskRef = null;
  server.taskAction = null;
  return outcome;
}

/** Sets a step's task state, and the vm/power state it brings. */
export function enterStep(
  server: MockServerEntity,
  step: { task: string; vmState?: string; powerState?: number },
): void {
  server.taskState = step.task;
  if (step.vmState !== undefined) server.vmState = step.vmState;
  if (step.powerState !== undefined) server.powerState = step.powerState;
}

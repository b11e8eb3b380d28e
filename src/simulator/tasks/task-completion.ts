import { FailureInjection } from '../failure-injection';
import type { MockServerEntity } from '../entities/mock-server.entity';
import { PowerState, TaskState, VmState } from '../nova/nova-status';

/** What ending a snapshot task does to the snapshot's image. */
export interface SnapshotOutcome {
  imageId: string;
  status: 'active' | 'killed';
}

/**
 * Ends the server's task in progress as of `at` (its due time), the way the compute
 * host would have, honouring injected failures. Mutates `server` (the caller saves
 * it) and returns the fate of the snapshot image when the task was a snapshot.
 */
export function completeTask(server: MockServerEntity, at: Date): SnapshotOutcome | null {
  const failures = FailureInjection.fromMetadata(server.metadata);
  let snapshot: SnapshotOutcome | null = null;
  switch (server.taskState) {
    case TaskState.Spawning:
      if (failures.fails('build')) {
        setError(
          server,
          at,
          `Build of instance ${server.id} aborted: injected failure (mock:fail=build)`,
        );
        server.powerState = PowerState.NoState;
      } else {
        setRunning(server);
        server.launchedAt = at;
      }
      break;
    case TaskState.PoweringOff:
      server.vmState = VmState.Stopped;
      server.powerState = PowerState.Shutdown;
      break;
    case TaskState.PoweringOn:
    case TaskState.Rebooting:
    case TaskState.RebootingHard:
      setRunning(server);
      break;
    case TaskState.ImageSnapshot:
      if (server.taskRef !== null) {
        snapshot = {
          imageId: server.taskRef,
          status: failures.fails('snapshot') ? 'killed' : 'active',
        };
      }
      break;
    case TaskState.Deleting:
      if (failures.fails('delete')) {
        setError(
          server,
          at,
          `Failed to delete instance ${server.id}: injected failure (mock:fail=delete)`,
        );
      } else {
        server.vmState = VmState.Deleted;
        server.powerState = PowerState.NoState;
        server.deleted = true;
        server.terminatedAt = at;
      }
      break;
    case null:
    default:
      // No task, or one the simulator never starts (set by hand in the table): just clear it.
      break;
  }
  server.taskState = null;
  server.taskDueAt = null;
  server.taskRef = null;
  server.updatedAt = at;
  return snapshot;
}

function setRunning(server: MockServerEntity): void {
  server.vmState = VmState.Active;
  server.powerState = PowerState.Running;
}

function setError(server: MockServerEntity, at: Date, message: string): void {
  server.vmState = VmState.Error;
  server.fault = { code: 500, message, created: at.toISOString() };
}

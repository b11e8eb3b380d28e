import type { MockServerEntity } from '../entities/mock-server.entity';
import type { FailureInjection } from '../failure-injection';
import { PowerState, TaskState, VmState } from './nova-status';
import { NO_VALID_HOST, neverScheduled } from './server-groups';

/**
 * What ending a task does to an image it made or kept: a snapshot (or backup, or a
 * shelved server's image) uploaded or killed, or a shelved server's image deleted.
 */
export interface SnapshotOutcome {
  imageId: string;
  status: 'active' | 'killed' | 'deleted';
}

/** One task state a server goes through, and the vm/power state it takes on entering it. */
export interface TaskStep {
  readonly task: TaskState;
  readonly vmState?: VmState;
  readonly powerState?: PowerState;
}

/**
 * One Nova server action, as the simulator carries it out: the states Nova accepts it
 * in (`@check_instance_state` in nova/compute/api.py), whether a lock stops it, the task
 * states it goes through, and how it ends.
 */
export interface NovaAction {
  /** Its name in Nova's 409 ("Cannot 'resize' instance …") and in os-instance-actions. */
  readonly name: string;
  /** The vm_states it is accepted in; `any` for no check (delete, lock). */
  readonly vmStates: readonly VmState[] | 'any';
  /** The task_states it is accepted in (Nova's default: none in progress). */
  readonly taskStates: readonly (TaskState | null)[] | 'any';
  /** A locked server refuses it (to non-admins), as `@check_instance_lock` does. */
  readonly checksLock: boolean;
  /** The task states it goes through, each taking an equal share of the latency. */
  readonly steps: readonly TaskStep[];
  /** Ends it, as of `at`. Returns the fate of a snapshot image, if it took one. */
  finish(server: MockServerEntity, at: Date, failures: FailureInjection): SnapshotOutcome | null;
}

const NO_TASK = [null] as const;

/** The image a shelved server keeps, to be deleted (unshelved, or deleted itself). */
function dropShelvedImage(server: MockServerEntity): SnapshotOutcome | null {
  const imageId = server.shelvedImageId;
  server.shelvedImageId = null;
  return imageId === null ? null : { imageId, status: 'deleted' };
}

/** A snapshot's upload ending: the image in `taskRef` becomes active (or killed, when injected). */
function uploaded(server: MockServerEntity, failures: FailureInjection): SnapshotOutcome | null {
  return server.taskRef === null
    ? null
    : { imageId: server.taskRef, status: failures.fails('snapshot') ? 'killed' : 'active' };
}

function running(server: MockServerEntity): null {
  server.vmState = VmState.Active;
  server.powerState = PowerState.Running;
  return null;
}

function error(server: MockServerEntity, at: Date, message: string): void {
  server.vmState = VmState.Error;
  server.fault = { code: 500, message, created: at.toISOString() };
}

/** Back to where a resize left from: running, or stopped. */
function priorState(server: MockServerEntity): null {
  if (server.priorVmState === VmState.Stopped) {
    server.vmState = VmState.Stopped;
    server.powerState = PowerState.Shutdown;
  } else {
    running(server);
  }
  server.priorVmState = null;
  server.priorFlavorId = null;
  return null;
}

/**
 * The simulator's Nova actions. The keys are the simulator's own; `name` is Nova's.
 * A hard reboot may escalate a soft one, and either may be re-issued while it runs,
 * as in Nova.
 */
export const NOVA_ACTIONS = {
  create: {
    name: 'create',
    vmStates: 'any',
    taskStates: 'any',
    checksLock: false,
    steps: [{ task: TaskState.Spawning }],
    finish: (server, at, failures) => {
      if (neverScheduled(server)) {
        // Nova's conductor records the scheduler's own words.
        error(server, at, NO_VALID_HOST);
        server.powerState = PowerState.NoState;
        return null;
      }
      if (server.buildFailure) {
        error(server, at, `Build of instance ${server.id} aborted: ${server.buildFailure}`);
        server.powerState = PowerState.NoState;
        return null;
      }
      if (failures.fails('build')) {
        error(
          server,
          at,
          `Build of instance ${server.id} aborted: injected failure (mock:fail=build)`,
        );
        server.powerState = PowerState.NoState;
        return null;
      }
      server.launchedAt = at;
      return running(server);
    },
  },
  start: {
    name: 'start',
    vmStates: [VmState.Stopped],
    taskStates: NO_TASK,
    checksLock: true,
    steps: [{ task: TaskState.PoweringOn }],
    finish: running,
  },
  stop: {
    name: 'stop',
    vmStates: [VmState.Active, VmState.Error],
    taskStates: NO_TASK,
    checksLock: true,
    steps: [{ task: TaskState.PoweringOff }],
    finish: (server) => {
      server.vmState = VmState.Stopped;
      server.powerState = PowerState.Shutdown;
      return null;
    },
  },
  rebootSoft: {
    name: 'reboot',
    vmStates: [VmState.Active],
    taskStates: [null, TaskState.Rebooting],
    checksLock: true,
    steps: [{ task: TaskState.Rebooting }],
    finish: running,
  },
  rebootHard: {
    name: 'reboot',
    vmStates: [VmState.Active, VmState.Stopped, VmState.Paused, VmState.Suspended, VmState.Error],
    taskStates: [null, TaskState.Rebooting, TaskState.RebootingHard],
    checksLock: true,
    steps: [{ task: TaskState.RebootingHard }],
    finish: running,
  },
  createImage: {
    name: 'createImage',
    vmStates: [VmState.Active, VmState.Stopped, VmState.Paused, VmState.Suspended],
    taskStates: NO_TASK,
    checksLock: false,
    steps: [{ task: TaskState.ImageSnapshot }],
    finish: (server, _at, failures) => uploaded(server, failures),
  },
  // A backup is a snapshot with a type; older backups are rotated away when it is accepted.
  createBackup: {
    name: 'createBackup',
    vmStates: [VmState.Active, VmState.Stopped, VmState.Paused, VmState.Suspended],
    taskStates: NO_TASK,
    checksLock: false,
    steps: [{ task: TaskState.ImageBackup }],
    finish: (server, _at, failures) => uploaded(server, failures),
  },
  changePassword: {
    name: 'changePassword',
    vmStates: [VmState.Active],
    taskStates: NO_TASK,
    checksLock: true,
    steps: [{ task: TaskState.UpdatingPassword }],
    finish: () => null,
  },
  // Nova's restore of a soft-deleted server; soft delete is off, so no server is in it.
  restore: {
    name: 'restore',
    vmStates: [VmState.SoftDeleted],
    taskStates: 'any',
    checksLock: true,
    steps: [],
    finish: running,
  },
  delete: {
    name: 'delete',
    vmStates: 'any',
    taskStates: 'any',
    checksLock: true,
    steps: [{ task: TaskState.Deleting }],
    finish: (server, at, failures) => {
      if (failures.fails('delete')) {
        error(
          server,
          at,
          `Failed to delete instance ${server.id}: injected failure (mock:fail=delete)`,
        );
        return null;
      }
      server.vmState = VmState.Deleted;
      server.powerState = PowerState.NoState;
      server.deleted = true;
      server.terminatedAt = at;
      return dropShelvedImage(server);
    },
  },
  pause: {
    name: 'pause',
    vmStates: [VmState.Active],
    taskStates: NO_TASK,
    checksLock: true,
    steps: [{ task: TaskState.Pausing }],
    finish: (server) => {
      server.vmState = VmState.Paused;
      server.powerState = PowerState.Paused;
      return null;
    },
  },
  unpause: {
    name: 'unpause',
    vmStates: [VmState.Paused],
    taskStates: NO_TASK,
    checksLock: true,
    steps: [{ task: TaskState.Unpausing }],
    finish: running,
  },
  suspend: {
    name: 'suspend',
    vmStates: [VmState.Active],
    taskStates: NO_TASK,
    checksLock: true,
    steps: [{ task: TaskState.Suspending }],
    finish: (server) => {
      server.vmState = VmState.Suspended;
      server.powerState = PowerState.Suspended;
      return null;
    },
  },
  resume: {
    name: 'resume',
    vmStates: [VmState.Suspended],
    taskStates: NO_TASK,
    checksLock: true,
    steps: [{ task: TaskState.Resuming }],
    finish: running,
  },
  rescue: {
    name: 'rescue',
    vmStates: [VmState.Active, VmState.Stopped, VmState.Error],
    taskStates: NO_TASK,
    checksLock: true,
    steps: [{ task: TaskState.Rescuing }],
    finish: (server) => {
      server.vmState = VmState.Rescued;
      server.powerState = PowerState.Running;
      return null;
    },
  },
  unrescue: {
    name: 'unrescue',
    vmStates: [VmState.Rescued],
    taskStates: NO_TASK,
    checksLock: true,
    steps: [{ task: TaskState.Unrescuing }],
    finish: running,
  },
  // Nova offloads a shelved server at once unless shelved_offload_time says otherwise.
  shelve: {
    name: 'shelve',
    vmStates: [VmState.Active, VmState.Stopped, VmState.Paused, VmState.Suspended],
    taskStates: NO_TASK,
    checksLock: true,
    steps: [
      { task: TaskState.Shelving },
      { task: TaskState.ShelvingImagePendingUpload },
      { task: TaskState.ShelvingImageUploading },
      {
        task: TaskState.ShelvingOffloading,
        vmState: VmState.Shelved,
        powerState: PowerState.Shutdown,
      },
    ],
    finish: (server, _at, failures) => {
      server.vmState = VmState.ShelvedOffloaded;
      server.powerState = PowerState.NoState;
      return uploaded(server, failures);
    },
  },
  shelveOffload: {
    name: 'shelveOffload',
    vmStates: [VmState.Shelved],
    taskStates: NO_TASK,
    checksLock: true,
    steps: [{ task: TaskState.ShelvingOffloading }],
    finish: (server) => {
      server.vmState = VmState.ShelvedOffloaded;
      server.powerState = PowerState.NoState;
      return null;
    },
  },
  unshelve: {
    name: 'unshelve',
    vmStates: [VmState.Shelved, VmState.ShelvedOffloaded],
    taskStates: NO_TASK,
    checksLock: true,
    steps: [{ task: TaskState.Unshelving }, { task: TaskState.Spawning }],
    // Once it runs again, the image it was shelved to is deleted, as Nova does.
    finish: (server) => {
      running(server);
      return dropShelvedImage(server);
    },
  },
  // The new flavor rides in taskRef until the resize finishes; the old one stays in
  // priorFlavorId until it is confirmed or reverted.
  resize: {
    name: 'resize',
    vmStates: [VmState.Active, VmState.Stopped],
    taskStates: NO_TASK,
    checksLock: true,
    steps: [
      { task: TaskState.ResizePrep },
      { task: TaskState.ResizeMigrating },
      { task: TaskState.ResizeMigrated },
      { task: TaskState.ResizeFinish },
    ],
    finish: (server) => {
      if (server.taskRef !== null) server.flavorId = server.taskRef;
      server.vmState = VmState.Resized;
      return null;
    },
  },
  confirmResize: {
    name: 'confirmResize',
    vmStates: [VmState.Resized],
    taskStates: NO_TASK,
    checksLock: true,
    steps: [],
    finish: priorState,
  },
  revertResize: {
    name: 'revertResize',
    vmStates: [VmState.Resized],
    taskStates: NO_TASK,
    checksLock: true,
    steps: [{ task: TaskState.ResizeReverting }],
    finish: (server) => {
      if (server.priorFlavorId !== null) server.flavorId = server.priorFlavorId;
      return priorState(server);
    },
  },
  // The server has its new image from the start (Nova's API sets it); it also rides in
  // taskRef. A stopped server stays stopped, as in Nova.
  rebuild: {
    name: 'rebuild',
    vmStates: [VmState.Active, VmState.Stopped, VmState.Error],
    taskStates: NO_TASK,
    checksLock: true,
    steps: [
      { task: TaskState.Rebuilding },
      { task: TaskState.RebuildBlockDeviceMapping },
      { task: TaskState.RebuildSpawning },
    ],
    finish: (server) => {
      server.fault = null;
      if (server.vmState === VmState.Stopped) return null;
      return running(server);
    },
  },
  lock: {
    name: 'lock',
    vmStates: 'any',
    taskStates: 'any',
    checksLock: false,
    steps: [],
    finish: () => null,
  },
  unlock: {
    name: 'unlock',
    vmStates: 'any',
    taskStates: 'any',
    checksLock: false,
    steps: [],
    finish: () => null,
  },
} as const satisfies Record<string, NovaAction>;

export type NovaActionKey = keyof typeof NOVA_ACTIONS;

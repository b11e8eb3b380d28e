/**
 * Nova's server state vocabulary (nova/compute/vm_states.py, task_states.py,
 * power_state.py) and the mapping from `vm_state` + `task_state` to the API's
 * `status`, as `nova/api/openstack/common.py` derives it.
 */

/** Nova's `vm_state` values. */
export const VmState = {
  Active: 'active',
  Building: 'building',
  Paused: 'paused',
  Suspended: 'suspended',
  Stopped: 'stopped',
  Rescued: 'rescued',
  Resized: 'resized',
  SoftDeleted: 'soft-delete',
  Deleted: 'deleted',
  Error: 'error',
  Shelved: 'shelved',
  ShelvedOffloaded: 'shelved_offloaded',
} as const;
export type VmState = (typeof VmState)[keyof typeof VmState];

/** The `task_state` values the simulator sets (nova/compute/task_states.py). */
export const TaskState = {
  Spawning: 'spawning',
  PoweringOff: 'powering-off',
  PoweringOn: 'powering-on',
  Rebooting: 'rebooting',
  RebootingHard: 'rebooting_hard',
  ImageSnapshot: 'image_snapshot',
  ImageBackup: 'image_backup',
  UpdatingPassword: 'updating_password',
  Deleting: 'deleting',
  Pausing: 'pausing',
  Unpausing: 'unpausing',
  Suspending: 'suspending',
  Resuming: 'resuming',
  Rescuing: 'rescuing',
  Unrescuing: 'unrescuing',
  Shelving: 'shelving',
  ShelvingImagePendingUpload: 'shelving_image_pending_upload',
  ShelvingImageUploading: 'shelving_image_uploading',
  ShelvingOffloading: 'shelving_offloading',
  Unshelving: 'unshelving',
  ResizePrep: 'resize_prep',
  ResizeMigrating: 'resize_migrating',
  ResizeMigrated: 'resize_migrated',
  ResizeFinish: 'resize_finish',
  ResizeReverting: 'resize_reverting',
  Rebuilding: 'rebuilding',
  RebuildBlockDeviceMapping: 'rebuild_block_device_mapping',
  RebuildSpawning: 'rebuild_spawning',
} as const;
export type TaskState = (typeof TaskState)[keyof typeof TaskState];

/** Nova's `power_state` numbers. */
export const PowerState = {
  NoState: 0,
  Running: 1,
  Paused: 3,
  Shutdown: 4,
  Suspended: 7,
} as const;
export type PowerState = (typeof PowerState)[keyof typeof PowerState];

const RESIZING = {
  [TaskState.ResizePrep]: 'RESIZE',
  [TaskState.ResizeMigrating]: 'RESIZE',
  [TaskState.ResizeMigrated]: 'RESIZE',
  [TaskState.ResizeFinish]: 'RESIZE',
};
const REBUILDING = {
  [TaskState.Rebuilding]: 'REBUILD',
  [TaskState.RebuildBlockDeviceMapping]: 'REBUILD',
  [TaskState.RebuildSpawning]: 'REBUILD',
};

/** Per vm_state: the status by task_state, with `default` for any other task. */
const STATUS_MAP: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  [VmState.Active]: {
    default: 'ACTIVE',
    [TaskState.Rebooting]: 'REBOOT',
    [TaskState.RebootingHard]: 'HARD_REBOOT',
    ...RESIZING,
    ...REBUILDING,
  },
  [VmState.Building]: { default: 'BUILD' },
  [VmState.Stopped]: { default: 'SHUTOFF', ...RESIZING, ...REBUILDING },
  [VmState.Resized]: { default: 'VERIFY_RESIZE', [TaskState.ResizeReverting]: 'REVERT_RESIZE' },
  [VmState.Paused]: { default: 'PAUSED' },
  [VmState.Suspended]: { default: 'SUSPENDED' },
  [VmState.Rescued]: { default: 'RESCUE' },
  [VmState.Error]: { default: 'ERROR', ...REBUILDING },
  [VmState.Deleted]: { default: 'DELETED' },
  [VmState.SoftDeleted]: { default: 'SOFT_DELETED' },
  [VmState.Shelved]: { default: 'SHELVED' },
  [VmState.ShelvedOffloaded]: { default: 'SHELVED_OFFLOADED' },
};

/** Nova's API `status` for a vm_state/task_state pair; `UNKNOWN` for a vm_state it has no entry for. */
export function novaStatus(vmState: string, taskState: string | null): string {
  const byTask = STATUS_MAP[vmState];
  if (!byTask) return 'UNKNOWN';
  return (taskState !== null ? byTask[taskState] : undefined) ?? byTask.default;
}

/** Nova shows a server's fault only while it is in ERROR or DELETED. */
export function showsFault(vmState: string): boolean {
  return vmState === VmState.Error || vmState === VmState.Deleted;
}

import { CloudConflictError } from '../../compute/cloud-errors';
import type { NovaActionKey as GuardedAction } from './nova-actions';
import { checkInstanceState } from './nova-state-rules';

const ID = '29e5ac6e-3ca4-4b3f-9c75-40f532aca2d7';
const check =
  (action: GuardedAction, vmState: string, taskState: string | null = null) =>
  () =>
    checkInstanceState(action, { id: ID, vmState, taskState, lockedBy: null });

describe('checkInstanceState', () => {
  it.each<[GuardedAction, string, string | null]>([
    ['start', 'stopped', null],
    ['stop', 'active', null],
    ['stop', 'error', null],
    ['rebootSoft', 'active', null],
    ['rebootSoft', 'active', 'rebooting'],
    ['rebootHard', 'active', null],
    ['rebootHard', 'stopped', null],
    ['rebootHard', 'paused', null],
    ['rebootHard', 'suspended', null],
    ['rebootHard', 'error', null],
    ['rebootHard', 'active', 'rebooting'],
    ['rebootHard', 'active', 'rebooting_hard'],
    ['createImage', 'active', null],
    ['createImage', 'stopped', null],
    ['createImage', 'paused', null],
    ['createImage', 'suspended', null],
    ['pause', 'active', null],
    ['unpause', 'paused', null],
    ['suspend', 'active', null],
    ['resume', 'suspended', null],
    ['rescue', 'active', null],
    ['rescue', 'stopped', null],
    ['rescue', 'error', null],
    ['unrescue', 'rescued', null],
    ['shelve', 'active', null],
    ['shelve', 'stopped', null],
    ['shelve', 'paused', null],
    ['shelve', 'suspended', null],
    ['shelveOffload', 'shelved', null],
    ['unshelve', 'shelved', null],
    ['unshelve', 'shelved_offloaded', null],
    ['resize', 'active', null],
    ['resize', 'stopped', null],
    ['confirmResize', 'resized', null],
    ['revertResize', 'resized', null],
    ['rebuild', 'active', null],
    ['rebuild', 'stopped', null],
    ['rebuild', 'error', null],
    ['lock', 'building', 'spawning'],
    ['unlock', 'error', null],
    ['delete', 'active', 'image_snapshot'],
  ])('allows %s in vm_state %s, task_state %s', (action, vmState, taskState) => {
    expect(check(action, vmState, taskState)).not.toThrow();
  });

  it.each<[GuardedAction, string, string | null, string]>([
    ['start', 'active', null, "Cannot 'start' instance ID while it is in vm_state active"],
    [
      'start',
      'stopped',
      'powering-on',
      "Cannot 'start' instance ID while it is in task_state powering-on",
    ],
    ['stop', 'stopped', null, "Cannot 'stop' instance ID while it is in vm_state stopped"],
    ['stop', 'building', 'spawning', "Cannot 'stop' instance ID while it is in vm_state building"],
    [
      'stop',
      'active',
      'powering-off',
      "Cannot 'stop' instance ID while it is in task_state powering-off",
    ],
    ['rebootSoft', 'stopped', null, "Cannot 'reboot' instance ID while it is in vm_state stopped"],
    [
      'rebootSoft',
      'active',
      'rebooting_hard',
      "Cannot 'reboot' instance ID while it is in task_state rebooting_hard",
    ],
    [
      'rebootHard',
      'building',
      'spawning',
      "Cannot 'reboot' instance ID while it is in vm_state building",
    ],
    [
      'rebootHard',
      'active',
      'image_snapshot',
      "Cannot 'reboot' instance ID while it is in task_state image_snapshot",
    ],
    [
      'createImage',
      'error',
      null,
      "Cannot 'createImage' instance ID while it is in vm_state error",
    ],
    [
      'createImage',
      'active',
      'image_snapshot',
      "Cannot 'createImage' instance ID while it is in task_state image_snapshot",
    ],
    ['pause', 'stopped', null, "Cannot 'pause' instance ID while it is in vm_state stopped"],
    ['unpause', 'active', null, "Cannot 'unpause' instance ID while it is in vm_state active"],
    ['suspend', 'paused', null, "Cannot 'suspend' instance ID while it is in vm_state paused"],
    ['resume', 'active', null, "Cannot 'resume' instance ID while it is in vm_state active"],
    ['rescue', 'paused', null, "Cannot 'rescue' instance ID while it is in vm_state paused"],
    ['unrescue', 'active', null, "Cannot 'unrescue' instance ID while it is in vm_state active"],
    ['shelve', 'error', null, "Cannot 'shelve' instance ID while it is in vm_state error"],
    [
      'shelveOffload',
      'active',
      null,
      "Cannot 'shelveOffload' instance ID while it is in vm_state active",
    ],
    ['unshelve', 'active', null, "Cannot 'unshelve' instance ID while it is in vm_state active"],
    ['resize', 'error', null, "Cannot 'resize' instance ID while it is in vm_state error"],
    [
      'resize',
      'active',
      'pausing',
      "Cannot 'resize' instance ID while it is in task_state pausing",
    ],
    [
      'confirmResize',
      'active',
      null,
      "Cannot 'confirmResize' instance ID while it is in vm_state active",
    ],
    [
      'revertResize',
      'stopped',
      null,
      "Cannot 'revertResize' instance ID while it is in vm_state stopped",
    ],
    ['rebuild', 'paused', null, "Cannot 'rebuild' instance ID while it is in vm_state paused"],
  ])(
    'refuses %s in vm_state %s, task_state %s with Nova’s 409 text',
    (action, vm, task, message) => {
      const run = check(action, vm, task);
      expect(run).toThrow(CloudConflictError);
      expect(run).toThrow(message.replace('ID', ID));
    },
  );

  it('refuses a locked server to non-admins, before its state, and lets admins through', () => {
    const locked = { id: ID, vmState: 'active', taskState: null, lockedBy: 'owner' };
    expect(() => checkInstanceState('stop', locked)).toThrow(`Instance ${ID} is locked`);
    expect(() => checkInstanceState('start', locked)).toThrow(`Instance ${ID} is locked`);
    expect(() => checkInstanceState('delete', locked)).toThrow(CloudConflictError);
    expect(() => checkInstanceState('stop', locked, { admin: true })).not.toThrow();
    // Snapshots, locks and unlocks are not stopped by a lock.
    expect(() => checkInstanceState('createImage', locked)).not.toThrow();
    expect(() => checkInstanceState('unlock', locked)).not.toThrow();
  });
});

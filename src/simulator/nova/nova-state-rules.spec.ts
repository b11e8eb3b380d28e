import { CloudConflictError } from '../../compute/cloud-errors';
import { checkInstanceState, type GuardedAction } from './nova-state-rules';

const ID = '29e5ac6e-3ca4-4b3f-9c75-40f532aca2d7';
const check =
  (action: GuardedAction, vmState: string, taskState: string | null = null) =>
  () =>
    checkInstanceState(action, { id: ID, vmState, taskState });

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
  ])(
    'refuses %s in vm_state %s, task_state %s with Nova’s 409 text',
    (action, vm, task, message) => {
      const run = check(action, vm, task);
      expect(run).toThrow(CloudConflictError);
      expect(run).toThrow(message.replace('ID', ID));
    },
  );
});

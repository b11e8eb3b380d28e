import { novaStatus, showsFault } from './nova-status';

describe('novaStatus', () => {
  it.each([
    ['building', 'spawning', 'BUILD'],
    ['building', null, 'BUILD'],
    ['active', null, 'ACTIVE'],
    ['active', 'powering-off', 'ACTIVE'],
    ['active', 'image_snapshot', 'ACTIVE'],
    ['active', 'deleting', 'ACTIVE'],
    ['active', 'rebooting', 'REBOOT'],
    ['active', 'rebooting_hard', 'HARD_REBOOT'],
    ['stopped', null, 'SHUTOFF'],
    ['stopped', 'powering-on', 'SHUTOFF'],
    ['stopped', 'rebooting_hard', 'SHUTOFF'],
    ['error', null, 'ERROR'],
    ['error', 'deleting', 'ERROR'],
    ['deleted', null, 'DELETED'],
    ['paused', null, 'PAUSED'],
    ['suspended', null, 'SUSPENDED'],
    ['rescued', null, 'RESCUE'],
    ['resized', null, 'VERIFY_RESIZE'],
    ['shelved', null, 'SHELVED'],
    ['shelved_offloaded', null, 'SHELVED_OFFLOADED'],
    ['soft-delete', null, 'SOFT_DELETED'],
    ['something-new', null, 'UNKNOWN'],
  ])('vm_state %s + task_state %s → %s', (vmState, taskState, status) => {
    expect(novaStatus(vmState, taskState)).toBe(status);
  });

  it('shows a fault only in ERROR or DELETED', () => {
    expect(showsFault('error')).toBe(true);
    expect(showsFault('deleted')).toBe(true);
    expect(showsFault('active')).toBe(false);
    expect(showsFault('stopped')).toBe(false);
  });
});

import { isAllowed, isTransitional } from './lifecycle-rules';

describe('lifecycle rules', () => {
  const table: [Parameters<typeof isAllowed>[0], string, string | null, boolean][] = [
    ['start', 'SHUTOFF', null, true],
    ['start', 'ACTIVE', null, false],
    ['start', 'SHUTOFF', 'powering-off', false],
    ['stop', 'ACTIVE', null, true],
    ['stop', 'ERROR', null, true],
    ['stop', 'SHUTOFF', null, false],
    ['reboot', 'ACTIVE', null, true],
    ['reboot', 'SHUTOFF', null, false],
    ['reboot', 'ERROR', null, false],
    ['reboot_hard', 'ACTIVE', null, true],
    ['reboot_hard', 'SHUTOFF', null, true],
    ['reboot_hard', 'ERROR', null, true],
    ['reboot_hard', 'BUILD', null, false],
    ['snapshot', 'ACTIVE', null, true],
    ['snapshot', 'SHUTOFF', null, true],
    ['snapshot', 'ERROR', null, false],
    ['snapshot', 'ACTIVE', 'image_snapshot', false],
    ['delete', 'BUILD', 'spawning', true],
    ['delete', 'ERROR', null, true],
    ['delete', 'ACTIVE', 'deleting', false],
  ];
  it.each(table)('%s from %s/%s → %s', (action, status, task, expected) => {
    expect(isAllowed(action, status, task)).toBe(expected);
  });

  it('follows servers that are building, rebooting or have a task', () => {
    expect(isTransitional('BUILD', 'spawning')).toBe(true);
    expect(isTransitional('REBOOT', null)).toBe(true);
    expect(isTransitional('ACTIVE', 'powering-off')).toBe(true);
    expect(isTransitional('ACTIVE', null)).toBe(false);
    expect(isTransitional('ERROR', null)).toBe(false);
  });
});

import { isAllowed, isTransitional } from './lifecycle-rules';
import { SERVER_ACTIONS, type ServerActionKey } from './server-actions';

describe('lifecycle rules', () => {
  const hard = { type: 'HARD' as const };
  const soft = { type: 'SOFT' as const };
  const table: [ServerActionKey, object | undefined, string, string | null, boolean][] = [
    ['start', undefined, 'SHUTOFF', null, true],
    ['start', undefined, 'ACTIVE', null, false],
    ['start', undefined, 'SHUTOFF', 'powering-off', false],
    ['stop', undefined, 'ACTIVE', null, true],
    ['stop', undefined, 'ERROR', null, true],
    ['stop', undefined, 'SHUTOFF', null, false],
    ['reboot', soft, 'ACTIVE', null, true],
    ['reboot', soft, 'SHUTOFF', null, false],
    ['reboot', soft, 'ERROR', null, false],
    ['reboot', hard, 'ACTIVE', null, true],
    ['reboot', hard, 'SHUTOFF', null, true],
    ['reboot', hard, 'ERROR', null, true],
    ['reboot', hard, 'BUILD', null, false],
    ['reboot', hard, 'ACTIVE', 'rebooting', false],
    ['snapshot', { name: 's' }, 'ACTIVE', null, true],
    ['snapshot', { name: 's' }, 'SHUTOFF', null, true],
    ['snapshot', { name: 's' }, 'ERROR', null, false],
    ['snapshot', { name: 's' }, 'ACTIVE', 'image_snapshot', false],
    ['delete', undefined, 'BUILD', 'spawning', true],
    ['delete', undefined, 'ERROR', null, true],
    ['delete', undefined, 'ACTIVE', 'deleting', false],
  ];
  it.each(table)('%s %j from %s/%s → %s', (name, body, status, task, expected) => {
    const spec = SERVER_ACTIONS[name] as { rule(body: unknown): Parameters<typeof isAllowed>[0] };
    expect(isAllowed(spec.rule(body), status, task)).toBe(expected);
  });

  it('names each reboot kind and sets its task state', () => {
    expect(SERVER_ACTIONS.reboot.rule(soft)).toMatchObject({
      word: 'soft-reboot',
      taskState: 'rebooting',
    });
    expect(SERVER_ACTIONS.reboot.rule(hard)).toMatchObject({
      word: 'hard-reboot',
      taskState: 'rebooting_hard',
    });
  });

  it('follows servers that are building, rebooting or have a task', () => {
    expect(isTransitional('BUILD', 'spawning')).toBe(true);
    expect(isTransitional('REBOOT', null)).toBe(true);
    expect(isTransitional('ACTIVE', 'powering-off')).toBe(true);
    expect(isTransitional('ACTIVE', null)).toBe(false);
    expect(isTransitional('ERROR', null)).toBe(false);
  });
});

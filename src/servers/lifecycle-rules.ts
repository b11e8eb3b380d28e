import type { ServerActionName } from './server-action.entity';

/** The lifecycle actions that need a state check (update has none). */
export type LifecycleAction = Exclude<ServerActionName, 'create' | 'update'> | 'reboot_hard';

/**
 * api.md's lifecycle table: the statuses each action is accepted from. An action is
 * also refused while a task is in progress, except delete (refused only while already
 * deleting). The same table applies whichever cloud client is bound.
 */
export const ALLOWED_FROM: Record<LifecycleAction, readonly string[] | 'any'> = {
  start: ['SHUTOFF'],
  stop: ['ACTIVE', 'ERROR'],
  reboot: ['ACTIVE'],
  reboot_hard: ['ACTIVE', 'SHUTOFF', 'ERROR'],
  snapshot: ['ACTIVE', 'SHUTOFF'],
  delete: 'any',
};

/** The task state the cloud sets when it accepts the action (shown until it reports back). */
export const TASK_FOR: Record<LifecycleAction, string> = {
  start: 'powering-on',
  stop: 'powering-off',
  reboot: 'rebooting',
  reboot_hard: 'rebooting_hard',
  snapshot: 'image_snapshot',
  delete: 'deleting',
};

export function isAllowed(
  action: LifecycleAction,
  status: string,
  taskState: string | null,
): boolean {
  if (action === 'delete') return taskState !== 'deleting';
  const allowed = ALLOWED_FROM[action];
  return taskState === null && (allowed === 'any' || allowed.includes(status));
}

/** Statuses that change by themselves; a server in one of them is followed by the reconciler. */
const MOVING_STATUSES = new Set(['BUILD', 'REBOOT', 'HARD_REBOOT', 'RESIZE', 'MIGRATING']);

export function isTransitional(status: string, taskState: string | null): boolean {
  return taskState !== null || MOVING_STATUSES.has(status);
}

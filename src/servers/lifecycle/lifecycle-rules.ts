/**
 * When a server accepts an action. An action is refused while a task is in progress,
 * except one that interrupts tasks (delete), which is refused only during its own.
 * The same rules apply whichever cloud client is bound.
 */
export interface ActionRule {
  /** How a 409 names the action: "Cannot soft-reboot a server in status …". */
  readonly word: string;
  /** The statuses the action is accepted from. */
  readonly allowedFrom: readonly string[] | 'any';
  /**
   * The task state the cloud sets when it accepts the action (shown until it reports
   * back); null for an action that sets none and leaves the state alone (a lock).
   */
  readonly taskState: string | null;
  /** Accepted while another task is in progress (but not during its own). */
  readonly interruptsTasks?: boolean;
}

export function isAllowed(rule: ActionRule, status: string, taskState: string | null): boolean {
  if (taskState !== null) return rule.interruptsTasks === true && taskState !== rule.taskState;
  return rule.allowedFrom === 'any' || rule.allowedFrom.includes(status);
}

/** Statuses that change by themselves; a server in one of them is followed by the reconciler. */
const MOVING_STATUSES = new Set(['BUILD', 'REBOOT', 'HARD_REBOOT', 'RESIZE', 'MIGRATING']);

export function isTransitional(status: string, taskState: string | null): boolean {
  return taskState !== null || MOVING_STATUSES.has(status);
}

/**
 * The status Nova shows while a task runs, where it is not the status the server had:
 * by task state, then by the status the task started from (Nova's vm_state mapping).
 */
const STATUS_DURING: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  rebooting: { ACTIVE: 'REBOOT' },
  rebooting_hard: { ACTIVE: 'HARD_REBOOT' },
  resize_prep: { ACTIVE: 'RESIZE', SHUTOFF: 'RESIZE' },
  resize_reverting: { VERIFY_RESIZE: 'REVERT_RESIZE' },
  rebuilding: { ACTIVE: 'REBUILD', SHUTOFF: 'REBUILD', ERROR: 'REBUILD' },
};

/** The status a server in `status` shows once the cloud has accepted a task `taskState`. */
export function statusDuring(status: string, taskState: string | null): string {
  return (taskState !== null ? STATUS_DURING[taskState]?.[status] : undefined) ?? status;
}

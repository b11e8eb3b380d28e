import { type MockInstanceActionEntity, type MockServerEntity, VmState } from '../../simulator';
import { novaUsageFormat } from '../http/openstack-time';
import { userIdOf } from '../keystone/token-body';

/** The compute-host event Nova records for each action. */
const EVENTS: Record<string, string> = {
  create: 'compute__do_build_and_run_instance',
  stop: 'compute_stop_instance',
  start: 'compute_start_instance',
  reboot: 'compute_reboot_instance',
  createImage: 'compute_snapshot_instance',
  delete: 'compute_terminate_instance',
};

/** An entry of `os-instance-actions` (updated_at from 2.58). */
export function instanceActionView(action: MockInstanceActionEntity, minor: number) {
  return {
    action: action.action,
    instance_uuid: action.serverId,
    message: action.message,
    project_id: action.projectId,
    request_id: action.requestId,
    start_time: novaUsageFormat(action.startTime),
    user_id: userIdOf(action.projectId),
    ...(minor >= 58 ? { updated_at: novaUsageFormat(action.updatedAt) } : {}),
  };
}

/**
 * The action with its one event. The simulator keeps no event rows, so the event is
 * derived: the server's latest action is still running while a task is in progress, and
 * failed when the server ended in ERROR; earlier actions succeeded.
 */
export function instanceActionDetail(
  action: MockInstanceActionEntity,
  server: MockServerEntity,
  latest: boolean,
  minor: number,
) {
  const running = latest && server.taskState !== null;
  const failed = latest && !running && server.vmState === VmState.Error;
  const finishedAt = latest ? server.updatedAt : action.updatedAt;
  return {
    ...instanceActionView(action, minor),
    events: [
      {
        event: EVENTS[action.action] ?? `compute_${action.action}`,
        start_time: novaUsageFormat(action.startTime),
        finish_time: running ? null : novaUsageFormat(finishedAt),
        result: running ? null : failed ? 'Error' : 'Success',
        ...(minor >= 84 ? { details: failed ? (server.fault?.message ?? null) : null } : {}),
      },
    ],
  };
}

import type { MockImageTaskEntity } from '../../simulator';

/** `2030-01-01T00:00:00.000000`: the times of Glance's task API. */
const taskTime = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, '.000000');

/** A task as `GET /v2/images/{id}/tasks` lists it (seen on Glance Zed). */
export function taskView(task: MockImageTaskEntity): Record<string, unknown> {
  return {
    id: task.id,
    type: task.type,
    status: task.status,
    owner: task.projectId,
    expires_at: taskTime(task.expiresAt),
    created_at: taskTime(task.createdAt),
    updated_at: taskTime(task.updatedAt),
    deleted_at: null,
    deleted: false,
    image_id: task.imageId,
    request_id: task.requestId,
    user_id: task.userId,
    input: task.input,
    result: task.result,
    message: task.message,
  };
}

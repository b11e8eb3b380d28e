import { MockServerEntity } from '../entities/mock-server.entity';
import { completeTask } from './task-completion';

const AT = new Date('2030-01-01T00:00:05.000Z');

function server(
  vmState: string,
  taskState: string,
  metadata: Record<string, string> = {},
): MockServerEntity {
  return Object.assign(new MockServerEntity(), {
    id: 'server-1',
    vmState,
    taskState,
    powerState: 0,
    taskDueAt: AT,
    taskRef: null,
    metadata,
    fault: null,
    launchedAt: null,
    terminatedAt: null,
    deleted: false,
    updatedAt: new Date('2030-01-01T00:00:00.000Z'),
  });
}

describe('completeTask', () => {
  it('ends a build ACTIVE and running, launched at the due time', () => {
    const row = server('building', 'spawning');
    expect(completeTask(row, AT)).toBeNull();
    expect(row).toMatchObject({ vmState: 'active', powerState: 1, launchedAt: AT });
    expect(row).toMatchObject({ taskState: null, taskDueAt: null, updatedAt: AT });
  });

  it('ends an injected build failure in error with a fault', () => {
    const row = server('building', 'spawning', { 'mock:fail': 'build' });
    completeTask(row, AT);
    expect(row).toMatchObject({ vmState: 'error', powerState: 0, launchedAt: null });
    expect(row.fault).toEqual({
      code: 500,
      message: expect.stringContaining('mock:fail=build'),
      created: AT.toISOString(),
    });
  });

  it.each([
    ['active', 'powering-off', 'stopped', 4],
    ['stopped', 'powering-on', 'active', 1],
    ['active', 'rebooting', 'active', 1],
    ['stopped', 'rebooting_hard', 'active', 1],
  ])('ends %s + %s in %s (power %i)', (vmState, task, endState, power) => {
    const row = server(vmState, task);
    completeTask(row, AT);
    expect(row).toMatchObject({ vmState: endState, powerState: power, taskState: null });
  });

  it('reports the snapshot image as active, or killed when injected', () => {
    const ok = Object.assign(server('active', 'image_snapshot'), { taskRef: 'image-1' });
    expect(completeTask(ok, AT)).toEqual({ imageId: 'image-1', status: 'active' });
    expect(ok).toMatchObject({ vmState: 'active', taskState: null, taskRef: null });
    const failing = Object.assign(server('active', 'image_snapshot', { 'mock:fail': 'snapshot' }), {
      taskRef: 'image-2',
    });
    expect(completeTask(failing, AT)).toEqual({ imageId: 'image-2', status: 'killed' });
  });

  it('deletes, or ends an injected delete failure in error', () => {
    const row = server('active', 'deleting');
    completeTask(row, AT);
    expect(row).toMatchObject({ vmState: 'deleted', deleted: true, terminatedAt: AT });
    const failing = server('active', 'deleting', { 'mock:fail': 'delete' });
    completeTask(failing, AT);
    expect(failing).toMatchObject({ vmState: 'error', deleted: false, terminatedAt: null });
    expect(failing.fault?.message).toContain('mock:fail=delete');
  });

  it('just clears a task it does not simulate', () => {
    const row = server('active', 'migrating');
    completeTask(row, AT);
    expect(row).toMatchObject({ vmState: 'active', taskState: null });
  });
});

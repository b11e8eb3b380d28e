import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Runs async tasks one at a time, in arrival order. A task that is already running
 * inside the queue and asks for it again runs at once (re-entrant), instead of
 * waiting for itself.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly holder = new AsyncLocalStorage<true>();

  run<T>(task: () => Promise<T>): Promise<T> {
    if (this.holder.getStore()) return task();
    const guarded = () => this.holder.run(true, task);
    const result = this.tail.then(guarded, guarded);
    // Keep the chain alive whatever the task's outcome.
    this.tail = result.catch(() => undefined);
    return result;
  }
}

import { ManualClock } from '../common/clock/manual-clock';
import type { CloudCalls } from '../compute/cloud-calls';
import { MIN_REFRESH_GAP_MS, RefreshGate } from './refresh-gate';
import type { ServerEntity } from './server.entity';

const row = (version: number, transitional = true) =>
  ({ id: 'srv-1', version, transitional, deletedAt: null }) as ServerEntity;

describe('RefreshGate', () => {
  const remote = { joinsTransactions: false } as CloudCalls;
  const simulator = { joinsTransactions: true } as CloudCalls;

  /** A refresh that counts its calls and answers the row with the given version. */
  function counting(version = 1, transitional = true) {
    const counter = { calls: 0 };
    const refresh = async () => {
      counter.calls += 1;
      await new Promise((resolve) => setImmediate(resolve));
      return row(version, transitional);
    };
    return { counter, refresh };
  }

  it('shares one refresh among concurrent requests for a server', async () => {
    const gate = new RefreshGate(new ManualClock(), remote);
    const { counter, refresh } = counting();
    const rows = await Promise.all(Array.from({ length: 10 }, () => gate.run(row(1), refresh)));
    expect(counter.calls).toBe(1);
    expect(rows.every((r) => r.version === 1)).toBe(true);
  });

  it('with a remote cloud, refreshes an unchanged server at most once per gap', async () => {
    const clock = new ManualClock();
    const gate = new RefreshGate(clock, remote);
    const { counter, refresh } = counting();
    await gate.run(row(1), refresh);
    clock.advance(MIN_REFRESH_GAP_MS - 1);
    await gate.run(row(1), refresh);
    expect(counter.calls).toBe(1);
    clock.advance(1);
    await gate.run(row(1), refresh);
    expect(counter.calls).toBe(2);
  });

  it('refreshes again at once a server that changed since (an action wrote it)', async () => {
    const gate = new RefreshGate(new ManualClock(), remote);
    const { counter, refresh } = counting();
    await gate.run(row(1), refresh);
    await gate.run(row(2), refresh);
    expect(counter.calls).toBe(2);
  });

  it('forgets a server that settled: its next transition is refreshed at once', async () => {
    const gate = new RefreshGate(new ManualClock(), remote);
    const settled = counting(1, false);
    await gate.run(row(1), settled.refresh);
    await gate.run(row(1), settled.refresh);
    expect(settled.counter.calls).toBe(2);
  });

  it('over the simulator (no remote API to spare), every read refreshes', async () => {
    const gate = new RefreshGate(new ManualClock(), simulator);
    const { counter, refresh } = counting();
    await gate.run(row(1), refresh);
    await gate.run(row(1), refresh);
    expect(counter.calls).toBe(2);
  });
});

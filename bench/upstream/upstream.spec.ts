import { MetricsService } from '../../src/metrics/metrics.service';
import { render, targets } from './report';
import { DEFAULT_OPTIONS, type Measured, type UpstreamReport } from './scenarios';
import { isSettled, type Seen } from './server-api';
import { UpstreamCounts } from './upstream-counts';
import { percentile, Timeline } from './visibility';

describe('bench:upstream', () => {
  describe('UpstreamCounts', () => {
    // The service's own metrics, so a renamed counter or label breaks this test, not the bench.
    const exposition = async (record: (metrics: MetricsService) => void) => {
      const noRows = { read: () => Promise.resolve([]) };
      const metrics = new MetricsService({} as never, noRows as never);
      record(metrics);
      return metrics.registry.metrics();
    };

    it("reads the service's HTTP requests by service and method, and its calls by operation", async () => {
      const counts = UpstreamCounts.parse(
        await exposition((m) => {
          m.openstackHttpRequests.inc({ service: 'compute', method: 'GET', status: '200' }, 3);
          m.openstackHttpRequests.inc({ service: 'compute', method: 'GET', status: '404' });
          m.openstackHttpRequests.inc({ service: 'identity', method: 'POST', status: '201' });
          m.upstreamCalls.inc({ service: 'compute', operation: 'getServer', outcome: 'ok' }, 2);
          m.upstreamCalls.inc({ service: 'compute', operation: 'getServer', outcome: 'not_found' });
          m.upstreamDuration.observe({ service: 'compute', operation: 'getServer' }, 0.1);
          m.upstreamDuration.observe({ service: 'compute', operation: 'getServer' }, 0.2);
          m.upstreamDuration.observe({ service: 'compute', operation: 'getServer' }, 0.3);
        }),
      );
      expect(Object.fromEntries(counts.requests.byKey)).toEqual({
        'compute GET': 4,
        'identity POST': 1,
      });
      expect(counts.total).toBe(5);
      expect(counts.count('compute GET')).toBe(4);
      expect(counts.count('compute POST')).toBe(0);
      expect(Object.fromEntries(counts.calls.byKey)).toEqual({
        getServer: 2,
        'getServer not_found': 1,
      });
      expect(counts.meanMs('getServer')).toBeCloseTo(200);
      expect(counts.meanMs('listServers')).toBeNull();
      expect(counts.describe()).toBe(
        'compute GET 4, identity POST 1 (calls: getServer 2, getServer not_found 1); ' +
          'mean ms per call: getServer 200',
      );
    });

    it('subtracts an earlier scrape, keeping only what changed', async () => {
      const before = UpstreamCounts.parse(
        await exposition((m) => {
          m.openstackHttpRequests.inc({ service: 'compute', method: 'GET', status: '200' }, 2);
          m.openstackHttpRequests.inc({ service: 'image', method: 'GET', status: '200' });
        }),
      );
      const after = UpstreamCounts.parse(
        await exposition((m) => {
          m.openstackHttpRequests.inc({ service: 'compute', method: 'GET', status: '200' }, 7);
          m.openstackHttpRequests.inc({ service: 'image', method: 'GET', status: '200' });
          m.openstackHttpRequests.inc({ service: 'compute', method: 'POST', status: '202' });
        }),
      );
      const delta = after.since(before);
      expect(Object.fromEntries(delta.requests.byKey)).toEqual({
        'compute GET': 5,
        'compute POST': 1,
      });
      expect(delta.total).toBe(6);
    });
  });

  it('takes a server as settled with no task left, and as gone at 404 or DELETED', () => {
    expect(isSettled({ status: 'ACTIVE', taskState: null }, 'ACTIVE')).toBe(true);
    expect(isSettled({ status: 'ACTIVE', taskState: 'powering-off' }, 'ACTIVE')).toBe(false);
    expect(isSettled({ status: 'REBOOT', taskState: null }, 'ACTIVE')).toBe(false);
    expect(isSettled({ status: 'ERROR', taskState: null }, 'SHUTOFF')).toBe(false);
    expect(isSettled('GONE', 'GONE')).toBe(true);
    expect(isSettled({ status: 'DELETED', taskState: null }, 'GONE')).toBe(true);
    expect(isSettled({ status: 'ACTIVE', taskState: 'deleting' }, 'GONE')).toBe(false);
    expect(isSettled('GONE', 'ACTIVE')).toBe(false);
  });

  describe('Timeline (what the visibility observer saw, read by read)', () => {
    /** Reads that answer `states` in turn, the last one for ever. */
    const scripted = (...states: Seen[]) => {
      let i = 0;
      return () => Promise.resolve(states[Math.min(i++, states.length - 1)]);
    };
    const building: Seen = { status: 'BUILD', taskState: 'spawning' };
    const rebooting: Seen = { status: 'REBOOT', taskState: 'rebooting' };
    const active: Seen = { status: 'ACTIVE', taskState: null };
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const timelines: Timeline[] = [];
    const timeline = (...states: Seen[]) => {
      const t = new Timeline(scripted(...states), 1, []);
      timelines.push(t);
      return t;
    };
    afterEach(() => Promise.all(timelines.splice(0).map((t) => t.stop())));

    it('dates the first read that showed the state, sent after the given time', async () => {
      const read = timeline(active, active, active, building, building, active);
      await pause(30); // the three first reads, all ACTIVE
      const after = performance.now();
      const at = await read.firstSettled('ACTIVE', after, after + 5_000);
      expect(at).toBeGreaterThan(after);
      expect(at).toBeLessThan(performance.now());
    });

    it('takes the arrival after a read showed the server on its way (a reboot ends where it began)', async () => {
      const from = performance.now();
      const read = timeline(active, active, rebooting, rebooting, active);
      const arrived = await read.arrival('ACTIVE', from, Infinity, from + 5_000);
      expect(arrived).not.toBeNull();
      // Later than the first ACTIVE reads, which were before the reboot.
      const first = await read.firstSettled('ACTIVE', from, from + 5_000);
      expect(arrived!).toBeGreaterThan(first);
    });

    it('has no arrival when no read caught the server on its way', async () => {
      const from = performance.now();
      const read = timeline(active);
      await pause(20);
      expect(await read.arrival('ACTIVE', from, performance.now(), from + 5_000)).toBeNull();
    });

    it('fails on ERROR and on the deadline', async () => {
      const now = performance.now();
      await expect(
        timeline(building, { status: 'ERROR', taskState: null }).firstSettled(
          'ACTIVE',
          now,
          now + 5_000,
        ),
      ).rejects.toThrow('last seen ERROR/-');
      const stuck = timeline(building);
      await pause(20);
      await expect(stuck.arrival('ACTIVE', now, now, performance.now())).rejects.toThrow(
        'last seen BUILD/spawning',
      );
    });
  });

  it('takes nearest-rank percentiles', () => {
    const sample = Array.from({ length: 20 }, (_, i) => 20 - i); // 20..1, unsorted on purpose
    expect(percentile(sample, 0.5)).toBe(10);
    expect(percentile(sample, 0.95)).toBe(19);
    expect(percentile([7], 0.95)).toBe(7);
  });

  describe('targets', () => {
    const row = (upstream: number, wallMs = 10_000): Measured => ({
      scenario: 'row',
      upstream,
      upstreamDetail: '',
      clientRequests: 0,
      wallMs,
    });
    const report = (over: Partial<UpstreamReport> = {}): UpstreamReport => ({
      rest: row(160, 28_000),
      direct: [row(259, 29_500), row(410, 38_000)],
      watchers: { one: row(30), many: row(30) },
      visibility: {
        ...row(0),
        lags: {
          lagsMs: Array.from({ length: 20 }, (_, i) => 25 * (i + 1)),
          p50: 250,
          p95: 500,
          max: 500,
          unknown: 0,
          novaReadP50: 30,
          oursReadP50: 5,
        },
      },
      ...over,
    });
    const verdicts = (r: UpstreamReport, fleet = 20) =>
      targets(r, { ...DEFAULT_OPTIONS, fleet }).map((t) => t.met);

    it('are met at their bounds', () => {
      expect(verdicts(report())).toEqual([true, true, true, true]);
    });

    it('are missed just past them', () => {
      const missed = report({
        rest: row(161, 29_501),
        watchers: { one: row(30), many: row(31) },
      });
      missed.visibility!.lags.p95 = 501;
      expect(verdicts(missed)).toEqual([false, false, false, false]);
    });

    it('scale the request budget with the fleet: 8 requests per lifecycle', () => {
      expect(verdicts(report({ rest: row(80, 1) }), 10)[0]).toBe(true);
      expect(verdicts(report({ rest: row(81, 1) }), 10)[0]).toBe(false);
    });

    it('judge only the scenarios that ran, and print a row and a verdict for each', () => {
      const only = report({ rest: undefined, direct: [], visibility: undefined });
      const checks = targets(only, DEFAULT_OPTIONS);
      expect(checks.map((t) => t.name)).toEqual([
        '10 clients polling one server cost no more upstream requests than 1',
      ]);
      const lines = render(only, checks).split('\n');
      expect(lines.filter((l) => l.startsWith('| row |'))).toHaveLength(2);
      expect(lines.at(-1)).toBe(
        'PASS  10 clients polling one server cost no more upstream requests than 1: 30 vs 30',
      );
    });
  });
});

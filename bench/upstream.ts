/**
 * `npm run bench:upstream` / `npm run bench:openstack`: how much load the service puts on
 * Nova. The service runs in real mode (`USE_MOCK_OPENSTACK=false`) in a process of its own,
 * against either
 *   - the façade (`--cloud facade`): this app in simulator mode serving the OpenStack API,
 *     with real-time transitions close to a Nova with the fake driver; or
 *   - a real cloud (`--cloud openstack`) named by the `OS_*` variables of an openrc
 *     (or `OS_CLOUD`, or `OPENSTACK_*`), as the service itself reads them.
 * Scenarios (see docs/benchmarks.md, "Upstream load"): 20 parallel REST lifecycles; the same
 * on Nova directly; 10 clients vs 1 polling one server; how late our API shows what Nova
 * shows. Upstream requests are the service's own `openstack_http_requests_total`.
 * Prints one markdown table and a PASS/FAIL line per target. Exits 0 unless the run broke;
 * with `--strict`, a missed target exits 1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { facadeCloud, openstackCloud, type BenchCloud } from './upstream/clouds';
import { render, targets } from './upstream/report';
import {
  DEFAULT_OPTIONS,
  runScenarios,
  type ScenarioNumber,
  type ScenarioOptions,
} from './upstream/scenarios';

const USAGE =
  'usage: bench/upstream.ts --cloud facade|openstack [--strict] [--only 1,2,3,4] ' +
  '[--fleet N] [--lifecycles N] [--keep]';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      cloud: { type: 'string', default: 'facade' },
      strict: { type: 'boolean', default: false },
      fleet: { type: 'string' },
      lifecycles: { type: 'string' },
      only: { type: 'string', default: '1,2,3,4' },
      keep: { type: 'boolean', default: false },
    },
  });
  const options: ScenarioOptions = {
    ...DEFAULT_OPTIONS,
    fleet: count(values.fleet, DEFAULT_OPTIONS.fleet),
    visibilityLifecycles: count(values.lifecycles, DEFAULT_OPTIONS.visibilityLifecycles),
  };
  const clouds: Record<string, (dir: string) => Promise<BenchCloud>> = {
    facade: facadeCloud,
    openstack: openstackCloud,
  };
  const start = clouds[values.cloud];
  if (!start) throw new Error(USAGE);
  const only = scenarioNumbers(values.only);

  const dir = mkdtempSync(join(tmpdir(), 'vm-upbench-'));
  const log = (line: string) => process.stderr.write(`[upstream ${clock()}] ${line}\n`);
  let cloud: BenchCloud | null = null;
  let broke = true;
  try {
    log(
      `starting the ${values.cloud === 'facade' ? 'façade and the ' : ''}service (logs in ${dir})`,
    );
    cloud = await start(dir);
    log(cloud.label);
    const report = await runScenarios(cloud, options, only, log);
    const checks = targets(report, options);
    process.stdout.write(
      `\nUpstream load against the ${cloud.label}\n\n${render(report, checks)}\n`,
    );
    broke = false;
    return values.strict && checks.some((t) => !t.met) ? 1 : 0;
  } finally {
    await cloud?.close();
    // The apps' logs stay when the run broke (or with --keep).
    if (broke || values.keep) log(`logs kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

function scenarioNumbers(raw: string): Set<ScenarioNumber> {
  const numbers = new Set<ScenarioNumber>();
  for (const part of raw.split(',')) {
    const n = Number(part.trim());
    if (n !== 1 && n !== 2 && n !== 3 && n !== 4) {
      throw new Error(`--only takes scenario numbers 1 to 4: ${raw}\n${USAGE}`);
    }
    numbers.add(n);
  }
  return numbers;
}

function count(raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`not a positive integer: ${raw}\n${USAGE}`);
  return n;
}

const t0 = performance.now();
const clock = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `bench:upstream failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(2);
  },
);

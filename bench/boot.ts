/**
 * `npm run bench:boot`: how fast the built app starts, and the memory it holds when idle.
 *
 * Spawns `node dist/main.js` (what `npm run start:prod` runs: the bundle, ADR 0022) with the
 * defaults of `npm start`: embedded SQLite, the simulator and the OpenStack-compatible API. Each run
 * counts from the spawn to the first 200 from GET /api/v1/health:
 *   - on a new database (the migrations run), five times, each on its own file;
 *   - on an existing database, five times on the same file.
 * RSS is read from outside (`ps`) once the app is ready and idle, and again after a few
 * requests of each kind (health, a list, the OpenAPI document, a Keystone token and a Nova
 * list). CPU is the process's own user + system time up to ready, which a busy machine
 * disturbs less than the wall time.
 * Goals (printed; exits non-zero when one is missed): ready on an existing database in
 * ≤ 1.5 s (median), RSS ≤ 150 MiB idle after the requests.
 * Needs `npm run build`. BOOT_RUNS changes the number of runs (5); BOOT_MAIN what runs
 * (dist/main.js; dist/src/main.js is the unbundled build).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { productionNodeFlags } from './processes';

const MAIN = resolve(__dirname, '..', process.env.BOOT_MAIN ?? 'dist/main.js');
const RUNS = Number(process.env.BOOT_RUNS ?? 5);
const DEV_KEY = 'dev-admin-key-change-me-0123456789abcdef';
const GOALS = { readyMs: 1500, rssMiB: 150 };

interface Run {
  readyMs: number;
  cpuMs: number | null;
  rssMiB: number;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function call(
  port: number,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((done, fail) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: init.method ?? 'GET', headers: init.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          done({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on('error', fail);
    req.end(init.body);
  });
}

function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Resident set size in MiB, read from outside the process. */
function rssMiB(pid: number): number {
  return (
    Number(
      execFileSync('ps', ['-o', 'rss=', '-p', String(pid)])
        .toString()
        .trim(),
    ) / 1024
  );
}

/** User + system CPU the process has used, in ms (Linux only: null elsewhere). */
function cpuMs(pid: number): number | null {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return null;
  // The fields after the command name (which may hold spaces), from field 3 on.
  const fields = readFileSync(stat, 'utf8').split(') ')[1].split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

class App {
  private exited = false;
  private output = '';
  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.on('exit', () => (this.exited = true));
  }

  /** Spawns the app on `databasePath` and waits for its first 200 from /api/v1/health. */
  static async start(databasePath: string, cwd: string): Promise<{ app: App; run: Run }> {
    const port = await freePort();
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [...productionNodeFlags(), MAIN], {
      cwd, // not the repository: its .env must not change what is measured
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'development',
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'warn',
        DATABASE_PATH: databasePath,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const app = new App(child, port);
    for (;;) {
      if (app.exited) throw new Error(`the app exited before it was ready:\n${app.output}`);
      const status = await call(port, '/api/v1/health').then(
        (answer) => answer.status,
        () => 0,
      );
      if (status === 200) break;
      if (Number(process.hrtime.bigint() - started) > 60e9) {
        await app.stop();
        throw new Error(`not ready after 60 s:\n${app.output}`);
      }
      await sleep(5);
    }
    const readyMs = Number(process.hrtime.bigint() - started) / 1e6;
    const cpu = cpuMs(child.pid!);
    await sleep(1000); // let the boot's garbage go before reading RSS
    return { app, run: { readyMs, cpuMs: cpu, rssMiB: rssMiB(child.pid!) } };
  }

  /** A few requests of each kind the app serves; then its RSS. */
  async exercise(): Promise<number> {
    const admin = { authorization: `Bearer ${DEV_KEY}` };
    const token = await call(this.port, '/identity/v3/auth/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: 'admin', domain: { id: 'default' }, password: DEV_KEY } },
          },
          scope: { project: { name: 'admin', domain: { id: 'default' } } },
        },
      }),
    });
    const subjectToken = token.headers['x-subject-token'];
    const requests: [string, Record<string, string>][] = [
      ['/api/v1/health', {}],
      ['/api/v1/servers', admin],
      ['/api/v1/images', admin],
      ['/docs-json', {}],
      ['/compute/v2.1/servers/detail', { 'x-auth-token': String(subjectToken) }],
    ];
    for (let i = 0; i < 10; i++) {
      for (const [path, headers] of requests) {
        const answer = await call(this.port, path, { headers });
        if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status}`);
      }
    }
    await sleep(1000);
    return rssMiB(this.child.pid!);
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise((done) => this.child.once('exit', done));
    this.child.kill('SIGTERM');
    await gone;
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

async function main(): Promise<void> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first`);
  const dir = mkdtempSync(join(tmpdir(), 'vm-boot-'));
  try {
    const fresh: Run[] = [];
    for (let i = 0; i < RUNS; i++) {
      const { app, run } = await App.start(join(dir, `new-${i}.sqlite`), dir);
      fresh.push(run);
      await app.stop();
    }
    const existing: Run[] = [];
    let rssAfterRequests: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const { app, run } = await App.start(join(dir, 'new-0.sqlite'), dir);
      existing.push(run);
      if (i === 0) rssAfterRequests = [await app.exercise()];
      await app.stop();
    }

    const row = (name: string, runs: Run[]) => {
      const cpu = runs.every((r) => r.cpuMs !== null)
        ? median(runs.map((r) => r.cpuMs!)).toFixed(0)
        : 'n/a';
      return `| ${name} | ${median(runs.map((r) => r.readyMs)).toFixed(0)} | ${cpu} | ${median(runs.map((r) => r.rssMiB)).toFixed(0)} |`;
    };
    const readyMs = median(existing.map((r) => r.readyMs));
    const idleMiB = rssAfterRequests[0];
    const verdict = (ok: boolean) => (ok ? 'pass' : 'FAIL');
    const lines = [
      `Boot of \`node ${relative(resolve(__dirname, '..'), MAIN)}\` (SQLite, simulator, OpenStack API), median of ${RUNS} runs, Node ${process.version}:`,
      '',
      '| database | ready (ms) | CPU to ready (ms) | RSS idle after boot (MiB) |',
      '| --- | ---: | ---: | ---: |',
      row('new (migrations run)', fresh),
      row('existing', existing),
      '',
      `RSS idle after ${10 * 5} requests (health, lists, OpenAPI document, Nova): ${idleMiB.toFixed(0)} MiB`,
      '',
      '| goal | measured | |',
      '| --- | ---: | --- |',
      `| ready ≤ ${GOALS.readyMs} ms (existing database) | ${readyMs.toFixed(0)} ms | ${verdict(readyMs <= GOALS.readyMs)} |`,
      `| RSS idle ≤ ${GOALS.rssMiB} MiB (after requests) | ${idleMiB.toFixed(0)} MiB | ${verdict(idleMiB <= GOALS.rssMiB)} |`,
    ];
    console.log(lines.join('\n'));
    if (readyMs > GOALS.readyMs || idleMiB > GOALS.rssMiB) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

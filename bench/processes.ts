import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..');
const MAIN = join(ROOT, 'dist/main.js');

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Newest modification time of the files under `dir` (recursively). */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds dist/ (`npm run build`) when it is missing or older than src/ or migrations/. */
export function ensureBuilt(): void {
  const built = existsSync(MAIN) ? statSync(MAIN).mtimeMs : 0;
  const sources = Math.max(newestMtime(join(ROOT, 'src')), newestMtime(join(ROOT, 'migrations')));
  if (built >= sources) return;
  console.log('dist/ is missing or stale: npm run build');
  const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run build failed');
}

/** A field of /proc/<pid>/status in MiB (VmRSS: resident now; VmHWM: the peak). */
export function procMiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (!match) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]) / 1024;
}

/** A child process serving HTTP on 127.0.0.1:`port`, its output in a log file. */
export class Child {
  private exited = false;

  private constructor(
    readonly name: string,
    readonly process: ChildProcess,
    readonly url: string,
    private readonly log: string,
  ) {
    process.on('exit', () => (this.exited = true));
  }

  get pid(): number {
    return this.process.pid!;
  }

  /**
   * Spawns `node args…` with `env` (nothing inherited but PATH), output to `log`, and
   * waits until GET `readyPath` answers 200; answers the child and the time that took.
   */
  static async start(
    name: string,
    args: string[],
    env: Record<string, string>,
    readyPath: string,
    log: string,
  ): Promise<{ child: Child; readyMs: number }> {
    const port = await freePort();
    const fd = openSync(log, 'a');
    const started = process.hrtime.bigint();
    const proc = spawn(process.execPath, args, {
      cwd: join(log, '..'), // not the repository: its .env must not change what is measured
      env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', ...env },
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    const child = new Child(name, proc, `http://127.0.0.1:${port}`, log);
    for (;;) {
      if (child.exited) {
        throw new Error(`${name} exited before it was ready:\n${readFileSync(log, 'utf8')}`);
      }
      const status = await fetch(child.url + readyPath).then(
        (res) => res.status,
        () => 0,
      );
      if (status === 200) break;
      if (Number(process.hrtime.bigint() - started) > 120e9) {
        await child.stop();
        throw new Error(`${name} not ready after 120 s:\n${readFileSync(log, 'utf8')}`);
      }
      await sleep(5);
    }
    return { child, readyMs: Number(process.hrtime.bigint() - started) / 1e6 };
  }

  /** User + system CPU time the process has used so far, in ms (Linux: /proc/<pid>/stat). */
  cpuMs(): number {
    // The fields after the command name (which may hold spaces), from field 3 on.
    const fields = readFileSync(`/proc/${this.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ = 100
  }

  rssMiB(): number {
    return procMiB(this.pid, 'VmRSS');
  }

  peakRssMiB(): number {
    return procMiB(this.pid, 'VmHWM');
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise((done) => this.process.once('exit', done));
    this.process.kill('SIGTERM');
    await gone;
  }

  /** The last lines of the child's output. */
  tail(lines = 20): string {
    return readFileSync(this.log, 'utf8').split('\n').slice(-lines).join('\n');
  }
}

/**
 * The Node flags `npm run start:prod` runs the service with (package.json), so that the
 * bench measures the service as deployed.
 */
export function productionNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const words = pkg.scripts['start:prod'].split(/\s+/);
  return words.slice(words.indexOf('node') + 1, words.indexOf('dist/main.js'));
}

/** The service as deployed: `node dist/main.js` (the bundle), production, its defaults otherwise. */
export function startService(databasePath: string, adminKey: string, log: string) {
  return Child.start(
    'service',
    [...productionNodeFlags(), MAIN],
    {
      NODE_ENV: 'production',
      ADMIN_API_KEY: adminKey,
      DATABASE_PATH: databasePath,
      // The bench drives one key far past any sane per-key limit on purpose.
      RATE_LIMIT_REQUESTS: '0',
    },
    '/api/v1/health',
    log,
  );
}

/** The ceiling (ceiling.ts) in a process of its own, on the same database file. */
export function startCeiling(databasePath: string, log: string) {
  return Child.start(
    'ceiling',
    [
      '-r',
      require.resolve('ts-node/register/transpile-only'),
      join(ROOT, 'bench/ceiling.ts'),
      databasePath,
    ],
    { TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') },
    '/health',
    log,
  );
}

import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { sleep } from './server-api';

const ROOT = join(__dirname, '..', '..');
const BOOT_TIMEOUT_MS = 120_000;

/** The app (src/main.ts, as `npm start` runs it) in a child process of its own. */
export interface AppProcess {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The app's log (stdout and stderr). */
  logFile: string;
  /** The last lines of its log, for an error message. */
  tail(lines?: number): string;
  stop(): Promise<void>;
}

/**
 * Starts `src/main.ts` (transpiled on the fly, as `npm run bench` runs its code) with
 * exactly `env` (plus PATH and HOME), listening on a free port of 127.0.0.1, and waits
 * until `/api/v1/health` answers.
 */
export async function startApp(
  name: string,
  dir: string,
  env: NodeJS.ProcessEnv,
): Promise<AppProcess> {
  const port = await freePort();
  const logFile = join(dir, `${name}.log`);
  const out = openSync(logFile, 'a');
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src', 'main.ts')],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
        ...env,
        HOST: '127.0.0.1',
        PORT: String(port),
      },
      stdio: ['ignore', out, out],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const app: AppProcess = {
    url: `http://127.0.0.1:${port}`,
    logFile,
    tail: (lines = 20) =>
      readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n'),
    stop: () => stop(child, exited),
  };
  const deadline = performance.now() + BOOT_TIMEOUT_MS;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`${name} exited (${child.exitCode}) while starting:\n${app.tail()}`);
    }
    if (await healthy(app.url)) return app;
    await sleep(200);
  }
  await app.stop();
  throw new Error(`${name} did not answer within ${BOOT_TIMEOUT_MS / 1000} s:\n${app.tail()}`);
}

async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/api/v1/health`)).ok;
  } catch {
    return false;
  }
}

async function stop(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import request from 'supertest';
import ts from 'typescript';
import { ADMIN_KEY, createTestApp } from './support/test-app';

/**
 * The build (scripts/compile.js, ADR 0020): SWC compiles what tsc would, and the app it
 * builds serves the OpenAPI document that the @nestjs/swagger compiler plugin gives. Then
 * scripts/bundle.js (ADR 0022) bundles it into app.js with its code cache, which main.js
 * runs (what `npm run start:prod` runs): that app must serve what the unbundled one does. SWC
 * runs no compiler plugin: the built app loads what the plugin knows from src/metadata.ts,
 * while this suite's transform runs the plugin itself on DTOs and controllers, as `nest
 * build` did (see jest.config.js).
 */
const ROOT = join(__dirname, '..');

/**
 * Where two JSON values differ, as `path: expected … but got …` lines. The order of an enum's
 * values does not count: the type checker lists a union's members in the order it met their
 * types, which differs between the whole program and the per-file one of the test transform.
 */
function differences(expected: unknown, actual: unknown, path = ''): string[] {
  if (path.endsWith('/enum') && Array.isArray(expected) && Array.isArray(actual)) {
    [expected, actual] = [[...expected].sort(), [...actual].sort()];
  }
  if (isDeepStrictEqual(expected, actual)) return [];
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null;
  if (!isObject(expected) || !isObject(actual)) {
    const show = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v).slice(0, 160));
    return [`${path || '/'}: expected ${show(expected)} but got ${show(actual)}`];
  }
  const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  return [...keys].flatMap((key) => differences(expected[key], actual[key], `${path}/${key}`));
}

function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

interface BuiltApp {
  url: string;
  /** What the app printed so far (stdout and stderr). */
  output(): string;
  /** Ends the app (SIGTERM, as a supervisor would) and waits for it. */
  stop(): Promise<void>;
}

/**
 * Runs the app built into `dir` (as `node dist/src/main.js`, or `entry`: `main.js` for the
 * bundle) until it answers.
 */
async function startBuilt(
  dir: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
  entry = 'src/main.js',
): Promise<BuiltApp> {
  const port = await freePort();
  const app = spawn(process.execPath, [...nodeArgs, join(dir, entry)], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      NODE_PATH: join(ROOT, 'node_modules'),
      HOST: '127.0.0.1',
      PORT: String(port),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  app.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  app.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise((done) => app.once('exit', done));
  const stop = async () => {
    app.kill('SIGTERM');
    await exited;
  };
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300 && app.exitCode === null; i++) {
    const res = await fetch(`${url}/api/v1/health`).catch(() => null);
    if (res?.ok) return { url, stop, output: () => output };
    await new Promise((done) => setTimeout(done, 100));
  }
  await stop();
  throw new Error(`the built app did not start:\n${output}`);
}

/** The environment of createTestApp, with the simulator and its OpenStack API. */
const ENV = {
  NODE_ENV: 'test',
  DATABASE_PATH: ':memory:',
  ADMIN_API_KEY: ADMIN_KEY,
  LOG_LEVEL: 'silent',
  RECONCILE_INTERVAL_MS: '0',
  RETENTION_INTERVAL_MS: '0',
  USE_MOCK_OPENSTACK: 'true',
  OPENSTACK_API_ENABLED: 'true',
};

describe('the SWC build', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vm-build-'));
    execFileSync(process.execPath, ['scripts/compile.js', '--out-dir', dir], { cwd: ROOT });
    // The document's version is this package's, found above the compiled code.
    copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('compiles the files that tsconfig.build.json selects', () => {
    const listed = execFileSync(process.execPath, ['scripts/compile.js', '--list'], { cwd: ROOT })
      .toString()
      .trim()
      .split('\n');
    const config = ts.getParsedCommandLineOfConfigFile(
      join(ROOT, 'tsconfig.build.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
        },
      },
    );
    expect(config?.fileNames.length).toBeGreaterThan(100);
    expect(listed).toEqual(config!.fileNames.map((file) => relative(ROOT, file)).sort());
  });

  it('serves the OpenAPI document that the compiler plugin gives (src/metadata.ts is complete)', async () => {
    const t = await createTestApp(ENV);
    try {
      const expected: unknown = (await request(t.http).get('/docs-json').expect(200)).body;
      const app = await startBuilt(dir, ENV);
      try {
        const served: unknown = await (await fetch(`${app.url}/docs-json`)).json();
        // The metadata keeps only literal arguments (`@Max(604_800)`, not `@Max(7 * 86_400)`),
        // no @IsIn, and no success response for a method that declares other responses:
        // write those out with @ApiProperty / @ApiOkResponse and the like.
        expect(differences(expected, served)).toEqual([]);
      } finally {
        await app.stop();
      }
    } finally {
      await t.close();
    }
  }, 60_000);

  it('boots with the simulator and without the OpenStack API loading none of what they would need', async () => {
    const file = join(dir, 'loaded-packages.txt');
    const probe = join(ROOT, 'test/support/loaded-packages.js');
    const env = { ...ENV, OPENSTACK_API_ENABLED: 'false', LOADED_PACKAGES_FILE: file };
    const app = await startBuilt(dir, env, ['-r', probe]);
    await app.stop();
    const loaded = readFileSync(file, 'utf8').split('\n');
    expect(loaded).toEqual(expect.arrayContaining(['better-sqlite3', 'typeorm', 'fastify']));
    // undici: the real client's HTTP stack; yaml: clouds.yaml; pg: the PostgreSQL driver;
    // re2js: the OpenStack API's name filter; node-forge: the simulator's x509 key pairs.
    const unneeded = ['undici', 'yaml', 'pg', 're2js', 'node-forge'];
    expect(loaded.filter((name) => unneeded.includes(name))).toEqual([]);
  }, 60_000);

  it('logs each answer once, at the configured level, without the key', async () => {
    const lines = async (level: string) => {
      const app = await startBuilt(dir, { ...ENV, LOG_LEVEL: level });
      try {
        const res = await fetch(`${app.url}/api/v1/flavors`, {
          headers: { authorization: `Bearer ${ADMIN_KEY}` },
        });
        expect(res.status).toBe(200);
        await fetch(`${app.url}/api/v1/health`);
        await new Promise((done) => setTimeout(done, 200));
        const logged = app
          .output()
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as Record<string, unknown>);
        return { logged, requestId: res.headers.get('x-request-id'), text: app.output() };
      } finally {
        await app.stop();
      }
    };
    const info = await lines('info');
    expect(info.logged.filter((line) => line.msg === 'request completed')).toEqual([
      expect.objectContaining({
        level: 30,
        req: { id: info.requestId, method: 'GET', url: '/api/v1/flavors' },
        res: { statusCode: 200 },
      }),
    ]);
    expect(info.text).not.toContain(ADMIN_KEY);
    const warn = await lines('warn');
    expect(warn.logged).toEqual([]);
  }, 60_000);

  it('boots with the OpenStack API without loading what only some of its requests need', async () => {
    const file = join(dir, 'loaded-packages-api.txt');
    const probe = join(ROOT, 'test/support/loaded-packages.js');
    const app = await startBuilt(dir, { ...ENV, LOADED_PACKAGES_FILE: file }, ['-r', probe]);
    await app.stop();
    const loaded = readFileSync(file, 'utf8').split('\n');
    expect(loaded).toEqual(expect.arrayContaining(['fastify', 'typeorm']));
    // re2js: Nova's `name` filter; node-forge: x509 key pairs.
    expect(loaded.filter((name) => ['re2js', 'node-forge'].includes(name))).toEqual([]);
  }, 60_000);
});

describe('the bundle', () => {
  let dir: string;
  let bundled: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vm-bundle-'));
    execFileSync(process.execPath, ['scripts/compile.js', '--out-dir', dir], { cwd: ROOT });
    copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
    // Boots the bundle once to write its code cache: node_modules through NODE_PATH.
    bundled = execFileSync(process.execPath, ['scripts/bundle.js', '--dist', dir], {
      cwd: ROOT,
    }).toString();
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is one file that V8 compiles from its code cache, made from this very bundle', () => {
    expect(bundled).toMatch(/app\.js \(\d+\.\d MiB\) and its code cache/);
    const app = readFileSync(join(dir, 'app.js'), 'utf8');
    const cache = readFileSync(join(dir, 'app.cache'));
    const buildId = app.slice(0, app.indexOf('\n'));
    expect(buildId).toMatch(/^\/\/ build [0-9a-f-]{36}$/);
    expect(cache.subarray(0, 64).toString().trimEnd()).toBe(buildId);
    // ASCII only: one other letter would make V8 hold the 6 MB source as UTF-16.
    expect(/[^\0-\x7f]/.test(app)).toBe(false);
  });

  it('boots from its code cache and answers health, an authenticated list, the OpenAPI document and Swagger UI', async () => {
    const file = join(dir, 'loaded-packages.txt');
    const probe = join(ROOT, 'test/support/loaded-packages.js');
    const t = await createTestApp(ENV);
    try {
      const expected: unknown = (await request(t.http).get('/docs-json').expect(200)).body;
      const app = await startBuilt(
        dir,
        { ...ENV, LOADED_PACKAGES_FILE: file },
        ['-r', probe],
        'main.js',
      );
      try {
        const health = await fetch(`${app.url}/api/v1/health`);
        expect(health.status).toBe(200);
        const list = await fetch(`${app.url}/api/v1/flavors`, {
          headers: { authorization: `Bearer ${ADMIN_KEY}` },
        });
        expect(list.status).toBe(200);
        expect(((await list.json()) as { items: unknown[] }).items.length).toBeGreaterThan(0);
        expect((await fetch(`${app.url}/api/v1/flavors`)).status).toBe(401);
        const served: unknown = await (await fetch(`${app.url}/docs-json`)).json();
        expect(differences(expected, served)).toEqual([]);
        const css = await fetch(`${app.url}/docs/swagger-ui.css`);
        expect(css.status).toBe(200);
        expect(await css.text()).toContain('.swagger-ui');
        // Keystone and Nova (the OpenStack API, loaded on its own path at boot).
        const token = await fetch(`${app.url}/identity/v3/auth/tokens`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            auth: {
              identity: {
                methods: ['password'],
                password: {
                  user: { name: 'admin', domain: { id: 'default' }, password: ADMIN_KEY },
                },
              },
              scope: { project: { name: 'admin', domain: { id: 'default' } } },
            },
          }),
        });
        expect(token.status).toBe(201);
        const servers = await fetch(`${app.url}/compute/v2.1/servers?name=^web`, {
          headers: { 'x-auth-token': token.headers.get('x-subject-token') ?? '' },
        });
        expect(servers.status).toBe(200);
        expect(app.output()).not.toContain('app.cache');
      } finally {
        await app.stop();
      }
    } finally {
      await t.close();
    }
    // Bundled: only what is left out of the bundle comes from node_modules.
    const loaded = readFileSync(file, 'utf8').split('\n');
    expect(loaded).toContain('better-sqlite3');
    expect(loaded).toContain('re2js'); // Nova's name filter, required on first use
    expect(loaded.filter((name) => ['typeorm', 'fastify', '@nestjs/core'].includes(name))).toEqual(
      [],
    );
  }, 60_000);
});

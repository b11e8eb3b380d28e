// Bundles the compiled app (dist/src/main.js, from scripts/compile.js) and the packages it
// loads at boot into one file, dist/app.js, and boots it once to record V8's code cache of
// it (dist/app.cache); dist/main.js (scripts/bundle-main.js) runs it with that cache, and is
// what `npm run start:prod` runs (ADR 0022): one file to read and no JavaScript to compile,
// instead of some 2,300 files to find, stat, read and compile.
//
// Left out of the bundle, and required from node_modules when used:
//   - native addons and what loads them (better-sqlite3, pg, pg-native);
//   - what boot does not load (the real client's HTTP stack, clouds.yaml, x509 key pairs,
//     Nova's name filter): bundled, they would be read and parsed at every boot for nothing;
//   - optional packages that Nest, TypeORM and others try to require, which are not installed;
//   - swagger-ui-dist, whose files @fastify/static serves from its own directory.
// So the bundle still needs node_modules (the production dependencies) above it.
//
//   node scripts/bundle.js              dist/src/main.js → dist/app.js, main.js, app.cache,
//                                       unless they are up to date
//   node scripts/bundle.js --force      even when they are
//   node scripts/bundle.js --dist DIR   DIR/src/main.js → DIR/app.js, ... (DIR must see
//                                       node_modules above it, or through NODE_PATH)
'use strict';
const { spawn } = require('node:child_process');
const { randomUUID } = require('node:crypto');
const fs = require('node:fs');
const { mkdtempSync, rmSync } = fs;
const { createServer } = require('node:net');
const { tmpdir } = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

/** Required at run time from node_modules (see above), never bundled. */
const EXTERNAL = [
  // Native, or loading a native addon.
  'better-sqlite3',
  'pg',
  'pg-native',
  // Loaded on first use only (`await import()` in the app).
  'undici',
  'yaml',
  'node-forge',
  're2js',
  // Optional in Nest: not installed, required only when used.
  '@nestjs/microservices',
  '@nestjs/websockets',
  '@nestjs/platform-express',
  'class-transformer/storage',
  '@fastify/view',
  // Serves its own files (Swagger UI) from its directory.
  'swagger-ui-dist',
  // Development only.
  'pino-pretty',
  '@swc/*',
  'ts-node',
  // TypeORM's other drivers, which it requires by name for their databases only.
  'mysql',
  'mysql2',
  'oracledb',
  'mssql',
  'sqlite3',
  'sql.js',
  'mongodb',
  'redis',
  'ioredis',
  'hdb-pool',
  '@sap/hana-client',
  '@sap/hana-client/*',
  'react-native-sqlite-storage',
  '@google-cloud/spanner',
  'typeorm-aurora-data-api-driver',
];

/** The parameters of Node's CommonJS module wrapper, which dist/main.js passes. */
const WRAPPER_PARAMS = 'exports, require, module, __filename, __dirname';

/**
 * The app's classes keep their names. The compiled code declares a decorated class as
 * `let X = class X {…}`, and the bundler renames the inner `X` (to `X2`), so that `X.name`
 * (Nest's providers, TypeORM's metadata, log contexts) would change. esbuild's `keepNames`
 * restores every function's and class's name, but with a call made each time a function
 * is created: dozens per request in Nest, Fastify and pino (~15 % of a list page's CPU and
 * ~20 MB of RSS under load). This restores the names of the app's own classes only, once,
 * in a static block; `checkClassNames` fails the build when one is renamed otherwise.
 */
const classNames = {
  name: 'app-class-names',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/].*\.js$/ }, async (args) => {
      const text = await fs.promises.readFile(args.path, 'utf8');
      const contents = text.replace(
        /\blet ([A-Za-z_$][\w$]*) = class \1\b([^{]*)\{/g,
        (_, name, heritage) =>
          `let ${name} = class ${name}${heritage}{ static { Object.defineProperty(this, 'name', { value: '${name}' }); }`,
      );
      return { contents, loader: 'js' };
    });
  },
};

/** Throws when a class of the app (dist/src) is renamed in the bundle without its name restored. */
function checkClassNames(dir, bundled) {
  const declared = new Set();
  for (const file of fs.readdirSync(path.join(dir, 'src'), { recursive: true })) {
    if (!String(file).endsWith('.js')) continue;
    const text = fs.readFileSync(path.join(dir, 'src', String(file)), 'utf8');
    for (const [, name] of text.matchAll(/\bclass ([A-Za-z_$][\w$]*)/g)) declared.add(name);
  }
  const renamed = [
    ...bundled.matchAll(
      /\bclass ([A-Za-z_$][\w$]*?)(\d+)\b([^{]*)\{(static\{Object\.defineProperty\(this,"name")?/g,
    ),
  ]
    .filter(([, base, , , restored]) => declared.has(base) && !restored)
    .map(([, base, digits]) => `${base}${digits}`);
  if (renamed.length > 0) {
    throw new Error(`classes renamed in the bundle: ${[...new Set(renamed)].join(', ')}`);
  }
}

/** Writes DIR/app.js, the bundle of DIR/src/main.js, and DIR/main.js; answers its size. */
async function bundle(dir) {
  const esbuild = require('esbuild');
  const outfile = path.join(dir, 'app.js');
  const result = await esbuild.build({
    entryPoints: [path.join(dir, 'src/main.js')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // No `keepNames`: see classNames.
    plugins: [classNames],
    // Fewer bytes to read and parse; names stay (stack traces still name the functions).
    minifyWhitespace: true,
    minifySyntax: true,
    external: EXTERNAL,
    // This repository's packages, for a DIR outside it (test/build.e2e-spec.ts).
    nodePaths: [path.join(ROOT, 'node_modules')],
    // The first line names the build: dist/main.js matches the code cache against it. The
    // module wrapper that Node would add is written out, so that V8 compiles the file's own
    // text: no second copy of 6 MB, and app.js is only run through dist/main.js.
    banner: { js: `// build ${randomUUID()}\n(function (${WRAPPER_PARAMS}) {` },
    footer: { js: '})' },
    legalComments: 'none',
    logLevel: 'warning',
  });
  if (result.errors.length > 0) throw new Error('esbuild failed');
  // esbuild writes ASCII, but for the letters in some regular expression literals
  // (validator's alphabets): one such letter makes V8 hold the whole source as UTF-16, twice
  // the memory. Escaped as \uXXXX, as esbuild escapes strings (the same in a regex).
  const text = fs.readFileSync(outfile, 'utf8');
  const ascii = text.replace(
    /[^\0-\x7f]/g,
    (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  if (ascii !== text) fs.writeFileSync(outfile, ascii);
  checkClassNames(dir, ascii);
  fs.rmSync(path.join(dir, 'app.cache'), { force: true });
  fs.copyFileSync(path.join(__dirname, 'bundle-main.js'), path.join(dir, 'main.js'));
  return fs.statSync(outfile).size;
}

function freePort() {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/**
 * Boots DIR/main.js once, as `npm start` would (embedded SQLite on a new database, the
 * simulator and its OpenStack API), until its first 200 from /api/v1/health, then ends it:
 * it writes DIR/app.cache as it goes (BUNDLE_WRITE_CODE_CACHE).
 */
async function writeCodeCache(dir) {
  const work = mkdtempSync(path.join(tmpdir(), 'vm-code-cache-'));
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(dir, 'main.js')], {
    cwd: work, // not the repository: its .env must not change what is compiled
    env: {
      PATH: process.env.PATH,
      NODE_PATH: path.join(ROOT, 'node_modules'),
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      DATABASE_PATH: path.join(work, 'cache.sqlite'),
      BUNDLE_WRITE_CODE_CACHE: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((done) => child.once('exit', done));
  try {
    for (let i = 0; ; i++) {
      if (child.exitCode !== null || i > 600) {
        throw new Error(`the bundle did not start:\n${output}`);
      }
      const ok = await fetch(`http://127.0.0.1:${port}/api/v1/health`).then(
        (res) => res.ok,
        () => false,
      );
      if (ok) break;
      await new Promise((done) => setTimeout(done, 50));
    }
    child.kill('SIGTERM');
    const code = await exited;
    if (code !== 0) throw new Error(`the bundle did not write its code cache:\n${output}`);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(work, { recursive: true, force: true });
  }
  return fs.statSync(path.join(dir, 'app.cache')).size;
}

/** What the bundle and its cache are made from: the compiled app, these scripts, Node. */
function inputsHash(dir) {
  const hash = require('node:crypto').createHash('sha256');
  hash.update(fs.readFileSync(path.join(dir, '.swc-manifest.json')));
  for (const script of ['bundle.js', 'bundle-main.js']) {
    hash.update(fs.readFileSync(path.join(__dirname, script)));
  }
  hash.update(`${require('esbuild/package.json').version} ${process.version}`);
  return hash.digest('hex');
}

/**
 * Bundles DIR (dist/ by default) and writes its code cache, unless they are already made from
 * the same compiled app (as `npm start` finds them when nothing changed). Answers a line
 * saying what it did.
 */
async function bundleAndCache({ dir = path.join(ROOT, 'dist'), force = false } = {}) {
  const started = Date.now();
  const stamp = path.join(dir, '.bundle-manifest');
  const inputs = inputsHash(dir);
  const where = path.relative(ROOT, dir) || '.';
  const made = ['app.js', 'app.cache', 'main.js'].every((f) => fs.existsSync(path.join(dir, f)));
  if (!force && made && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === inputs) {
    return `esbuild: ${where}/app.js is up to date`;
  }
  fs.rmSync(stamp, { force: true });
  const bytes = await bundle(dir);
  const cache = await writeCodeCache(dir);
  fs.writeFileSync(stamp, inputs);
  const mib = (n) => (n / 1048576).toFixed(1);
  const ms = Date.now() - started;
  return `esbuild: ${where}/app.js (${mib(bytes)} MiB) and its code cache (${mib(cache)} MiB) in ${ms} ms`;
}

module.exports = { bundle, writeCodeCache, bundleAndCache, EXTERNAL };

if (require.main === module) {
  const dirIndex = process.argv.indexOf('--dist');
  const dir = dirIndex > 0 ? path.resolve(process.argv[dirIndex + 1]) : undefined;
  bundleAndCache({ dir, force: process.argv.includes('--force') }).then(
    (line) => process.stdout.write(`${line}\n`),
    (error) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}

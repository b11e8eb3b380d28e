// dist/main.js, copied here by scripts/bundle.js: runs the bundled app (dist/app.js) as
// Node would run a CommonJS module, with the V8 code cache that the build made by booting it
// once (dist/app.cache), so the boot neither parses 6 MB of JavaScript nor compiles the
// functions it runs (ADR 0022). The cache is used only when it was made from this very
// bundle (the build id on its first line); V8 itself refuses it when made by another
// Node/V8 version or flags, and then the app compiles as usual.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

const APP = path.join(__dirname, 'app.js');
const CACHE = path.join(__dirname, 'app.cache');
/** Bytes before V8's data in app.cache. */
const HEADER = 64;

/** The bundle compiled (with the cache when it fits), as a CommonJS module wrapper. */
function compile() {
  // Locals only: neither the source (V8 keeps its own) nor the cache outlive the compile.
  // The cache is read first: glibc serves a large allocation from its heap, where a freed one
  // stays in the process, once it has freed a larger one mapped on its own; in this order both
  // files are mapped and given back (the other order kept ~10 MB of RSS).
  let cache = null;
  try {
    cache = fs.readFileSync(CACHE);
  } catch {
    // No cache: compile as usual.
  }
  // A function expression (scripts/bundle.js writes Node's module wrapper into the file).
  const bundle = fs.readFileSync(APP, 'utf8');
  const buildId = bundle.slice(0, bundle.indexOf('\n'));
  // The build id padded to HEADER bytes, then V8's data: aligned, so V8 need not copy it.
  const cachedData =
    cache && cache.toString('latin1', 0, HEADER).trimEnd() === buildId
      ? cache.subarray(HEADER)
      : undefined;
  const script = new vm.Script(bundle, {
    filename: APP,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const writing = process.env.BUNDLE_WRITE_CODE_CACHE === '1';
  if (!cachedData && !writing) {
    process.stderr.write(`${CACHE} is missing or not of this app.js: compiling it all\n`);
  } else if (cachedData && script.cachedDataRejected) {
    process.stderr.write(`${CACHE} was made by another Node.js or with other flags: not used\n`);
  }
  if (writing) {
    // The build boots the app once, then ends it: the cache then holds what the boot compiled.
    process.prependOnceListener('SIGTERM', () => {
      const data = script.createCachedData();
      const header = Buffer.from(`${buildId.padEnd(HEADER - 1)}\n`, 'latin1');
      fs.writeFileSync(CACHE, Buffer.concat([header, data]));
      process.exit(0);
    });
  }
  return script.runInThisContext();
}

const app = new Module(APP, null);
app.filename = APP;
compile()(app.exports, Module.createRequire(APP), app, APP, __dirname);

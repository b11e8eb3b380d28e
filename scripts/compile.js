// Compiles the app's TypeScript (src/ and migrations/, as tsconfig.build.json selects them)
// into dist/ with SWC: transpiling only, no type checking (`npm run check` and `npm run build`
// check types). Only the files whose content or compile options changed since the last run
// are compiled again, and outputs whose source is gone are removed: a start with an
// up-to-date dist/ only hashes the sources. Used by `npm start` and `npm run build`.
//
//   node scripts/compile.js                 compile what changed
//   node scripts/compile.js --clean         compile everything into an emptied dist/
//   node scripts/compile.js --out-dir DIR   into DIR instead of dist/
//   node scripts/compile.js --list          print the source files it compiles, and nothing else
'use strict';
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const SOURCE_DIRS = ['src', 'migrations'];
/** In the output directory: what each output was compiled from (source hashes, options). */
const MANIFEST = '.swc-manifest.json';

/**
 * What tsc emits with tsconfig.json (the same options as the Jest transform in
 * jest.config.js): ES2022 with class fields of define semantics, CommonJS, and the legacy
 * decorators with their design-type metadata, which Nest's dependency injection and TypeORM
 * read.
 */
const SWC_OPTIONS = {
  swcrc: false,
  configFile: false,
  jsc: {
    parser: { syntax: 'typescript', decorators: true, dynamicImport: true },
    target: 'es2022',
    keepClassNames: true,
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
  },
  module: { type: 'commonjs' },
  sourceMaps: true,
  inlineSourcesContent: false,
};

/** tsconfig.build.json's selection: no tests, contracts or test helpers (test/build.e2e-spec.ts compares). */
function isCompiled(relative) {
  return (
    relative.endsWith('.ts') &&
    !relative.endsWith('.d.ts') &&
    !relative.endsWith('.spec.ts') &&
    !relative.endsWith('.contract.ts') &&
    !relative.split('/').includes('testing')
  );
}

/** The source files, relative to the repository, in a stable order. */
function sourceFiles() {
  return SOURCE_DIRS.flatMap((dir) =>
    fs
      .readdirSync(path.join(ROOT, dir), { recursive: true })
      .map((entry) => `${dir}/${entry.split(path.sep).join('/')}`)
      .filter(isCompiled),
  ).sort();
}

const hash = (text) => createHash('sha256').update(text).digest('hex');

/** The previous run's source hashes, or null when dist/ was not made by it with these options. */
function readManifest(outDir, optionsHash) {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(outDir, MANIFEST), 'utf8'));
    if (manifest.options === optionsHash) return manifest.files;
  } catch {
    // None, or unreadable.
  }
  return null;
}

/** Compiles what changed; returns how many files were compiled and removed. */
async function compile({ clean = false, outDir = DIST } = {}) {
  const { version } = require('@swc/core/package.json');
  const optionsHash = hash(JSON.stringify([version, SWC_OPTIONS]));
  const outputOf = (source) => path.join(outDir, source.replace(/\.ts$/, '.js'));
  let previous = clean ? null : readManifest(outDir, optionsHash);
  // Without a manifest, the directory may hold anything (an older build's files): empty it,
  // if it is dist/ or was made by this script (never someone's directory given by mistake).
  if (previous === null) {
    const made = outDir === DIST || fs.existsSync(path.join(outDir, MANIFEST));
    if (!made && fs.existsSync(outDir) && fs.readdirSync(outDir).length > 0) {
      throw new Error(`${outDir} is not empty and was not made by scripts/compile.js`);
    }
    fs.rmSync(outDir, { recursive: true, force: true });
    previous = {};
  }
  const files = {};
  const stale = [];
  for (const source of sourceFiles()) {
    const code = fs.readFileSync(path.join(ROOT, source), 'utf8');
    files[source] = hash(code);
    if (previous[source] !== files[source] || !fs.existsSync(outputOf(source))) {
      stale.push({ source, code });
    }
  }
  const gone = Object.keys(previous).filter((source) => !files[source]);
  if (stale.length === 0 && gone.length === 0) return { compiled: 0, removed: 0 };

  // Invalidate first: an interrupted run must not leave a manifest that vouches for old output.
  fs.rmSync(path.join(outDir, MANIFEST), { force: true });
  const swc = require('@swc/core');
  await Promise.all(
    stale.map(async ({ source, code }) => {
      const output = outputOf(source);
      const result = await swc.transform(code, {
        ...SWC_OPTIONS,
        filename: path.join(ROOT, source),
        sourceFileName: path.relative(path.dirname(output), path.join(ROOT, source)),
        outputPath: output,
      });
      fs.mkdirSync(path.dirname(output), { recursive: true });
      const mapName = `${path.basename(output)}.map`;
      fs.writeFileSync(output, `${result.code}\n//# sourceMappingURL=${mapName}\n`);
      fs.writeFileSync(`${output}.map`, result.map);
    }),
  );
  for (const source of gone) {
    for (const file of [outputOf(source), `${outputOf(source)}.map`]) {
      fs.rmSync(file, { force: true });
    }
  }
  fs.mkdirSync(outDir, { recursive: true });
  const manifest = { options: optionsHash, files };
  fs.writeFileSync(path.join(outDir, MANIFEST), JSON.stringify(manifest, null, 1));
  return { compiled: stale.length, removed: gone.length };
}

module.exports = { compile, sourceFiles };

if (require.main === module) {
  if (process.argv.includes('--list')) {
    process.stdout.write(`${sourceFiles().join('\n')}\n`);
  } else {
    const started = process.hrtime.bigint();
    const outDirIndex = process.argv.indexOf('--out-dir');
    const outDir = outDirIndex > 0 ? path.resolve(process.argv[outDirIndex + 1]) : undefined;
    compile({ clean: process.argv.includes('--clean'), outDir }).then(
      ({ compiled, removed }) => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        const what = removed > 0 ? `, removed ${removed}` : '';
        const where = path.relative(ROOT, outDir ?? DIST);
        process.stdout.write(
          `SWC: compiled ${compiled} files into ${where}/${what} (${ms.toFixed(0)} ms)\n`,
        );
      },
      (error) => {
        process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  }
}

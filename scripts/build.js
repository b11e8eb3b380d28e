// `npm run build`: type-checks the app as tsconfig.build.json selects it, brings
// src/metadata.ts (the OpenAPI metadata) up to date, compiles src/ and migrations/ with
// SWC into an emptied dist/ (ADR 0020), and bundles that into dist/app.js with its code
// cache, which dist/main.js runs (ADR 0022). `npm start` does the same without the type check.
'use strict';
const path = require('node:path');
const ts = require('typescript');
const { createProgram, update, FILE } = require('./openapi-metadata');
const { compile } = require('./compile');
const { bundleAndCache } = require('./bundle');

const ROOT = path.resolve(__dirname, '..');

async function main() {
  const started = Date.now();
  let program = createProgram(ts);
  if (await update(program)) {
    process.stdout.write(`${path.relative(ROOT, FILE)}: updated\n`);
    program = createProgram(ts, program); // check the file as it is now
  }
  const diagnostics = ts.getPreEmitDiagnostics(program);
  if (diagnostics.length > 0) {
    const host = {
      getCanonicalFileName: (name) => name,
      getCurrentDirectory: () => ROOT,
      getNewLine: () => '\n',
    };
    const format = process.stdout.isTTY
      ? ts.formatDiagnosticsWithColorAndContext
      : ts.formatDiagnostics;
    process.stdout.write(`${format(diagnostics, host)}\n`);
    process.stdout.write(`Found ${diagnostics.length} type error(s): nothing was compiled.\n`);
    process.exit(1);
  }
  const { compiled } = await compile({ clean: true });
  process.stdout.write(`Type-checked, and compiled ${compiled} files into dist/\n`);
  process.stdout.write(`${await bundleAndCache({ force: true })}\n`);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(`Built in ${seconds} s\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

#!/usr/bin/env bash
# `npm run lint:openapi`: the OpenAPI document the built app serves, linted by Redocly with its
# recommended rules; fails on any error or warning. Needs `npm run build`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ -f dist/main.js ] || { echo "FAIL: dist/main.js missing (npm run build)"; exit 2; }

WORK=$(mktemp -d)
PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
env -i PATH="$PATH" NODE_ENV=development HOST=127.0.0.1 PORT="$PORT" LOG_LEVEL=warn \
  DATABASE_PATH="$WORK/openapi.sqlite" RECONCILE_INTERVAL_MS=0 RETENTION_INTERVAL_MS=0 \
  node dist/main.js >"$WORK/app.log" 2>&1 &
APP=$!
cleanup() { kill "$APP" 2>/dev/null || true; wait "$APP" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

fetch_doc() {
  node -e '
    fetch(process.argv[1]).then(async (r) => { if (!r.ok) process.exit(1); process.stdout.write(await r.text()); })
      .catch(() => process.exit(1));' "http://127.0.0.1:$PORT/docs-json" >"$WORK/openapi.json"
}
for _ in $(seq 1 100); do fetch_doc 2>/dev/null && break; sleep 0.2; done
fetch_doc || { echo "FAIL: the app did not serve /docs-json"; cat "$WORK/app.log"; exit 1; }

npx redocly lint "$WORK/openapi.json" --format json >"$WORK/lint.json" 2>"$WORK/lint.err" || true
node -e '
  const report = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const { errors = 0, warnings = 0 } = report.totals ?? {};
  for (const p of report.problems ?? []) {
    const where = (p.location ?? []).map((l) => l.pointer).join(", ");
    console.log(`${p.severity}  ${p.ruleId}  ${p.message}  ${where}`);
  }
  console.log(`redocly lint (recommended rules): ${errors} errors, ${warnings} warnings`);
  process.exit(errors + warnings === 0 ? 0 : 1);' "$WORK/lint.json" || {
  cat "$WORK/lint.err" | grep -v "║\|╔\|╚" || true
  exit 1
}

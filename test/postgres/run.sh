#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on 127.0.0.1 (a temp data directory, a free port),
# runs the REST e2e suites on it (jest.postgres.config.js), and removes it again.
# Needs Debian's postgresql package (apt-get install -y postgresql). Extra args go to Jest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "${BIN:-}/initdb" ] || { echo "FAIL: PostgreSQL not found (apt-get install -y postgresql)"; exit 2; }

DATA=$(mktemp -d)
PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
# PostgreSQL refuses to run as root: use its own system user when we are root.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$DATA"

as_pg "$BIN/initdb" -D "$DATA/db" -A trust -U postgres --no-sync >/dev/null
as_pg "$BIN/pg_ctl" -D "$DATA/db" -l "$DATA/server.log" -w \
  -o "-p $PORT -c listen_addresses=127.0.0.1 -k $DATA -c fsync=off -c max_connections=300" start >/dev/null
stop() { as_pg "$BIN/pg_ctl" -D "$DATA/db" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$DATA"; }
trap stop EXIT

echo "PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT"
# --throw-deprecation: node-postgres deprecates a query sent on a connection still running
# one (pg@9 refuses it); in a transaction our queries must go one after the other, and a
# test that breaks that rule fails here instead of printing a warning.
E2E_POSTGRES_URL="postgres://postgres@127.0.0.1:$PORT/postgres" \
  NODE_OPTIONS="${NODE_OPTIONS:-} --throw-deprecation" npx jest -c jest.postgres.config.js "$@"

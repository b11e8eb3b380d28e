#!/usr/bin/env bash
# Drives the real `openstack` CLI (Debian's python3-openstackclient) against the built app's
# OpenStack-compatible API: token, flavors, images, then a server lifecycle.
#
#   npm run build && npm run test:cli
#
# Needs: dist/src/main.js (npm run build) and /usr/bin/openstack
# (apt-get install -y python3-openstackclient). Env: OPENSTACK_CLI (default /usr/bin/openstack),
# CLI_LATENCY_MS (simulated transition time, default 0; with >0 `--wait` really polls).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

OPENSTACK=${OPENSTACK_CLI:-/usr/bin/openstack}
[ -x "$OPENSTACK" ] || { echo "FAIL: $OPENSTACK not found (apt-get install -y python3-openstackclient)"; exit 2; }
[ -f dist/src/main.js ] || { echo "FAIL: dist/src/main.js missing (npm run build)"; exit 2; }

WORK=$(mktemp -d)
PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
BASE=http://127.0.0.1:$PORT
ADMIN_KEY=cli-admin-$(node -e "console.log(require('crypto').randomBytes(24).toString('hex'))")

# The app, on a fresh SQLite file, with only the environment it needs.
env -i PATH="$PATH" NODE_ENV=development HOST=127.0.0.1 PORT="$PORT" LOG_LEVEL=warn \
  DATABASE_PATH="$WORK/cli.sqlite" ADMIN_API_KEY="$ADMIN_KEY" RECONCILE_INTERVAL_MS=0 \
  MOCK_OPENSTACK_LATENCY_MS="${CLI_LATENCY_MS:-0}" \
  node dist/src/main.js >"$WORK/app.log" 2>&1 &
APP=$!
cleanup() { kill "$APP" 2>/dev/null; wait "$APP" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

http() { # http METHOD PATH [JSON] -> body; fails on a non-2xx status
  node -e '
    const [method, url, body] = process.argv.slice(1);
    fetch(url, { method, body: body || undefined, headers: { "content-type": "application/json",
      authorization: "Bearer " + process.env.ADMIN_KEY } })
      .then(async (r) => { const t = await r.text(); if (!r.ok) { console.error(r.status, t); process.exit(1); } console.log(t); })
      .catch((e) => { console.error(String(e)); process.exit(1); });' "$1" "$BASE$2" "${3:-}"
}
export ADMIN_KEY
for _ in $(seq 1 100); do http GET /api/v1/health >/dev/null 2>&1 && break; sleep 0.2; done
http GET /api/v1/health >/dev/null || { echo "FAIL: the app did not start"; cat "$WORK/app.log"; exit 1; }
MEMBER_KEY=$(http POST /api/v1/admin/api-keys '{"projectId":"demo","role":"member","name":"cli"}' \
  | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).key))')

# What a user's openrc would say. Debian's python, not a pyenv/virtualenv one.
unset PYTHONPATH PYTHONHOME VIRTUAL_ENV OS_CLOUD
export OS_AUTH_URL=$BASE/v3 OS_IDENTITY_API_VERSION=3 OS_INTERFACE=public \
  OS_REGION_NAME=RegionOne OS_USER_DOMAIN_NAME=Default OS_PROJECT_DOMAIN_NAME=Default \
  OS_USERNAME=demo OS_PROJECT_NAME=demo OS_PASSWORD=$MEMBER_KEY OS_COMPUTE_API_VERSION=2.37
os() { "$OPENSTACK" "$@"; }

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
FAILS=0; STEPS=0; T0=$(now_ms)
step() { # step LABEL COMMAND... : runs it, prints PASS/FAIL and how long it took
  local label=$1 t out; shift; t=$(now_ms)
  STEPS=$((STEPS + 1))
  if out=$("$@" 2>&1); then printf 'PASS  %-46s %6d ms\n' "$label" $(( $(now_ms) - t ))
  else FAILS=$((FAILS + 1)); printf 'FAIL  %-46s\n%s\n' "$label" "$out"; fi
}
# grep reads all of its input (no -q): an early exit would kill the CLI with SIGPIPE.
status_is() { # status_is ID STATUS: waits (30 s at most) for STATUS with no task in progress
  local i
  for i in $(seq 1 30); do
    # Fields come out in alphabetical order: task state, then status.
    [ "$(os server show "$1" -f value -c status -c OS-EXT-STS:task_state | tr '\n' ' ')" = "None $2 " ] && return 0
    sleep 1
  done
  return 1
}

token_scoped() { os token issue -f value -c project_id | grep -x demo >/dev/null; }
flavors_listed() { os flavor list -f value -c Name | grep -x m1.tiny >/dev/null; }
image_active() { os image list -f value -c Name -c Status | grep -x 'cirros-0.6.2 active' >/dev/null; }
create_waits() {
  # --wait prints a progress line first; the id is the last line.
  ID=$(os server create --flavor m1.tiny --image cirros-0.6.2 --nic none --wait cli-vm -f value -c id | tail -1) &&
    [[ "$ID" =~ ^[0-9a-f-]{36}$ ]] && status_is "$ID" ACTIVE && echo "$ID" >"$WORK/id"
}
listed() { os server list -f value -c ID | grep -x "$ID" >/dev/null; }
stops() { os server stop "$ID" && status_is "$ID" SHUTOFF; }
starts() { os server start "$ID" && status_is "$ID" ACTIVE; }
start_refused() { local out; if out=$(os server start "$ID" 2>&1); then return 1; fi; grep -q 'HTTP 409' <<<"$out"; }
snapshot() { os server image create --name cli-snap --wait "$ID" -f value -c status | tail -1 | grep -x active >/dev/null; }
snapshot_listed() { os image list -f value -c Name | grep -x cli-snap >/dev/null; }
gone() { local out; if out=$(os server show "$ID" 2>&1); then return 1; fi; grep -q 'No server with a name or ID' <<<"$out"; }

step "token issue (scoped to demo)" token_scoped
step "flavor list" flavors_listed
step "image list" image_active
step "server create --nic none --wait -> ACTIVE" create_waits
ID=$(cat "$WORK/id" 2>/dev/null) || { echo "SUMMARY: server create failed"; tail -50 "$WORK/app.log"; exit 1; }
step "server list" listed
step "server stop -> SHUTOFF" stops
step "server start -> ACTIVE" starts
step "server start while ACTIVE -> HTTP 409" start_refused
step "server reboot --wait (soft)" os server reboot --wait "$ID"
step "server reboot --hard --wait" os server reboot --hard --wait "$ID"
step "server image create --wait (snapshot)" snapshot
step "image list shows the snapshot" snapshot_listed
step "server delete --wait" os server delete --wait "$ID"
step "server show -> not found" gone

echo "SUMMARY: $((STEPS - FAILS))/$STEPS steps passed in $(( ($(now_ms) - T0) / 1000 )) s"
[ "$FAILS" -eq 0 ] || { echo "--- app log"; tail -50 "$WORK/app.log"; exit 1; }

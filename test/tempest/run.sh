#!/usr/bin/env bash
# OpenStack's own Tempest as the judge of the app's OpenStack-compatible API (docs/tempest.md).
#
#   npm run test:tempest                         the app: builds dist/ if stale, starts it on a
#                                                throwaway SQLite file, mints an admin and a member
#                                                key, runs the selection, then fails if a test of
#                                                test/tempest/must-pass.txt did not pass
#   test/tempest/run.sh --cloud NAME --out FILE  the same selection and configuration against a
#                                                real cloud: clouds.yaml entries NAME-admin and
#                                                NAME-member (or --admin-cloud/--member-cloud, or
#                                                --admin-openrc FILE --member-openrc FILE)
#
# Options: --out FILE (one "pass|fail|skip <test>" line per test), --details FILE (the traceback
# of each failure), --keep DIR (copy the workspace: tempest.conf, accounts.yaml, tempest.log with
# every request and response, the stestr repository), --regex RE (a narrower selection; the
# must-pass check then covers only the tests that ran), --no-check.
# Env: TEMPEST_IMAGE_REF, TEMPEST_IMAGE_REF_ALT, TEMPEST_FLAVOR_REF, TEMPEST_FLAVOR_REF_ALT
# (default: found in the cloud), TEMPEST_APP_LATENCY_MS (the app's simulated transition time,
# default 500: like Nova's fake driver, a server or snapshot is busy for a moment, which some
# tests need, e.g. a second snapshot while the first is saving must be refused).
# Installs Debian's tempest package when it is missing (needs root).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD
HERE=$ROOT/test/tempest

# Tempest's compute servers, images, flavors and keypairs packages, and image v2.
SELECTION='^tempest\.api\.(compute\.(servers|images|flavors|keypairs)|image\.v2)\.'
REGEX=$SELECTION
MODE=app CHECK=1 OUT='' DETAILS='' KEEP='' ADMIN_CLOUD='' MEMBER_CLOUD='' ADMIN_RC='' MEMBER_RC=''
usage() { sed -n '2,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2; }
while [ $# -gt 0 ]; do
  case $1 in
    --cloud) MODE=cloud ADMIN_CLOUD=$2-admin MEMBER_CLOUD=$2-member; shift 2 ;;
    --admin-cloud) MODE=cloud ADMIN_CLOUD=$2; shift 2 ;;
    --member-cloud) MODE=cloud MEMBER_CLOUD=$2; shift 2 ;;
    --admin-openrc) MODE=cloud ADMIN_RC=$2; shift 2 ;;
    --member-openrc) MODE=cloud MEMBER_RC=$2; shift 2 ;;
    --out) OUT=$(realpath -m "$2"); shift 2 ;;
    --details) DETAILS=$(realpath -m "$2"); shift 2 ;;
    --keep) KEEP=$(realpath -m "$2"); shift 2 ;;
    --regex) REGEX=$2; shift 2 ;;
    --no-check) CHECK=0; shift ;;
    -h | --help) usage ;;
    *) echo "unknown argument: $1"; usage ;;
  esac
done
[ "$MODE" = app ] || CHECK=0

now() { date +%s; }
T0=$(now)

# Debian's python and tempest, not a pyenv/virtualenv one.
unset PYTHONPATH PYTHONHOME VIRTUAL_ENV OS_CLOUD
PY=/usr/bin/python3
if [ ! -x /usr/bin/tempest ]; then
  echo "== installing Debian's tempest package"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tempest >/dev/null; } ||
    { echo "FAIL: apt-get install tempest failed (run as root)"; exit 2; }
fi

WORK=$(mktemp -d)
WS=$WORK/workspace
APP=''
cleanup() {
  if [ -n "$APP" ]; then kill "$APP" 2>/dev/null; wait "$APP" 2>/dev/null; fi
  if [ -n "$KEEP" ] && [ -d "$WS" ]; then
    mkdir -p "$KEEP" && cp -a "$WS/." "$KEEP/" && [ -f "$WORK/app.log" ] && cp "$WORK/app.log" "$KEEP/"
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$WS"

creds_json() { # creds_json OUT CLOUD RC: the credentials of a clouds.yaml entry or an openrc file
  if [ -n "$2" ]; then "$PY" "$HERE/helper.py" creds-cloud "$2" >"$1"
  elif [ -n "$3" ]; then
    [ -r "$3" ] || { echo "FAIL: cannot read $3"; return 1; }
    env -i PATH="$PATH" HOME="$HOME" bash -c 'set -a; source "$1" >/dev/null && exec "$2" "$3" creds-env' \
      _ "$3" "$PY" "$HERE/helper.py" >"$1"
  else echo "FAIL: give both an admin and a member (--cloud NAME, or --admin-*/--member-*)"; return 1
  fi
}

if [ "$MODE" = app ]; then
  # ---- the app, built from this checkout, on a fresh SQLite file with only what it needs
  if [ ! -f dist/main.js ] || [ -n "$(find src migrations package.json -newer dist/main.js -print -quit)" ]; then
    echo "== build (dist/ is missing or older than the sources)"
    npm run build >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; echo "FAIL: build"; exit 1; }
  fi
  PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
  BASE=http://127.0.0.1:$PORT
  ADMIN_KEY=tempest-admin-$(node -e "console.log(require('crypto').randomBytes(24).toString('hex'))")
  env -i PATH="$PATH" NODE_ENV=development HOST=127.0.0.1 PORT="$PORT" LOG_LEVEL=warn \
    DATABASE_TYPE=sqlite DATABASE_PATH="$WORK/tempest.sqlite" ADMIN_API_KEY="$ADMIN_KEY" \
    USE_MOCK_OPENSTACK=true OPENSTACK_API_ENABLED=true RECONCILE_INTERVAL_MS=0 \
    MOCK_OPENSTACK_LATENCY_MS="${TEMPEST_APP_LATENCY_MS:-500}" \
    node dist/main.js >"$WORK/app.log" 2>&1 &
  APP=$!
  http() { # http METHOD PATH [JSON] -> body; fails on a non-2xx status
    ADMIN_KEY=$ADMIN_KEY node -e '
      const [method, url, body] = process.argv.slice(1);
      fetch(url, { method, body: body || undefined, headers: { "content-type": "application/json",
        authorization: "Bearer " + process.env.ADMIN_KEY } })
        .then(async (r) => { const t = await r.text(); if (!r.ok) { console.error(r.status, t); process.exit(1); } console.log(t); })
        .catch((e) => { console.error(String(e)); process.exit(1); });' "$1" "$BASE$2" "${3:-}"
  }
  for _ in $(seq 1 150); do http GET /api/v1/health >/dev/null 2>&1 && break; sleep 0.2; done
  http GET /api/v1/health >/dev/null || { echo "FAIL: the app did not start"; cat "$WORK/app.log"; exit 1; }
  account() { # account PROJECT ROLE USER -> credentials JSON of a new API key
    http POST /api/v1/admin/api-keys "{\"projectId\":\"$1\",\"role\":\"$2\",\"name\":\"tempest-$2\"}" |
      node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.stringify({
        auth_url: process.argv[1], username: process.argv[2], password: JSON.parse(s).key,
        project_name: process.argv[3], user_domain_name: "Default", project_domain_name: "Default",
        region_name: "RegionOne", interface: "public", cacert: null, insecure: false })))' \
        "$BASE/identity/v3" "$3" "$1"
  }
  # The passwords are API keys: an admin of project admin, a member of its own project demo.
  account admin admin admin >"$WORK/admin.json" && account demo member demo >"$WORK/member.json" ||
    { echo "FAIL: could not mint API keys"; cat "$WORK/app.log"; exit 1; }
  echo "== the app at $BASE (built from $(git rev-parse --short HEAD 2>/dev/null || echo '?'))"
else
  creds_json "$WORK/admin.json" "$ADMIN_CLOUD" "$ADMIN_RC" &&
    creds_json "$WORK/member.json" "$MEMBER_CLOUD" "$MEMBER_RC" || exit 2
  echo "== the cloud at $("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["auth_url"])' "$WORK/member.json")"
fi

"$PY" "$HERE/helper.py" workspace "$WS" "$WORK/admin.json" "$WORK/member.json" || exit 2

# ---- run. One worker: tempest locks a pre-provisioned account for a whole test class, and
# there is one member account, so a second worker would only fail to get credentials.
echo "== tempest run (selection: $REGEX)"
T1=$(now)
# One line per test as it runs; the whole output (tracebacks included) goes to run.log.
(cd "$WS" && /usr/bin/tempest run --config-file etc/tempest.conf --serial --regex "$REGEX" 2>&1) |
  tee "$WS/run.log" | grep --line-buffered -E '^\{[0-9]+\} ' | sed -u -E 's/^\{[0-9]+\} //'
RC=${PIPESTATUS[0]}
echo "== tempest took $(($(now) - T1)) s (exit $RC)"
(cd "$WS" && /usr/bin/stestr last --subunit >"$WS/results.subunit" 2>/dev/null)
[ -s "$WS/results.subunit" ] || { tail -40 "$WS/run.log"; echo "FAIL: tempest produced no results"; exit 1; }

ARGS=("$WS/results.subunit" --details "${DETAILS:-$WS/failures.txt}")
[ -n "$OUT" ] && ARGS+=(--out "$OUT")
if [ "$CHECK" = 1 ]; then
  ARGS+=(--must-pass "$HERE/must-pass.txt")
  [ "$REGEX" = "$SELECTION" ] || ARGS+=(--partial)
fi
"$PY" "$HERE/helper.py" results "${ARGS[@]}"
STATUS=$?
echo "== done in $(($(now) - T0)) s"
if [ "$STATUS" != 0 ] && [ -n "$APP" ]; then echo "--- app log (tail)"; tail -20 "$WORK/app.log"; fi
exit "$STATUS"

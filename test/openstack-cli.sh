#!/usr/bin/env bash
# Drives the real `openstack` CLI (Debian's python3-openstackclient) against the built app's
# OpenStack-compatible API: token, flavors, images, key pairs (import, generate, list, show,
# 409, delete), then a server lifecycle with a key pair (stop/start, reboot, pause, suspend,
# resize confirm/revert, rebuild, rescue, shelve, lock, console log, snapshot, delete).
# OpenStack-compatible API: token, flavors, images, then a server lifecycle (stop/start,
# reboot, pause, suspend, resize confirm/revert, rebuild, rescue, shelve, lock, console log,
# rename, properties, tags, snapshot, delete), then networks: network and subnet lists, servers on
# the network (by name, and by id with a fixed IP), their addresses and ports, a fixed IP in use,
# and the address freed by a delete.
#
#   npm run build && npm run test:cli
#
# Needs: dist/main.js (npm run build) and /usr/bin/openstack
# (apt-get install -y python3-openstackclient). Env: OPENSTACK_CLI (default /usr/bin/openstack),
# CLI_LATENCY_MS (simulated transition time, default 0; with >0 `--wait` really polls, and the
# steps check the server is settled right after it returns). The CLI runs as a member of
# project demo, at compute microversion 2.37 (2.73 for lock reasons).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

OPENSTACK=${OPENSTACK_CLI:-/usr/bin/openstack}
[ -x "$OPENSTACK" ] || { echo "FAIL: $OPENSTACK not found (apt-get install -y python3-openstackclient)"; exit 2; }
[ -f dist/main.js ] || { echo "FAIL: dist/main.js missing (npm run build)"; exit 2; }

WORK=$(mktemp -d)
PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
BASE=http://127.0.0.1:$PORT
ADMIN_KEY=cli-admin-$(node -e "console.log(require('crypto').randomBytes(24).toString('hex'))")

# The app, on a fresh SQLite file, with only the environment it needs.
env -i PATH="$PATH" NODE_ENV=development HOST=127.0.0.1 PORT="$PORT" LOG_LEVEL=warn \
  DATABASE_PATH="$WORK/cli.sqlite" ADMIN_API_KEY="$ADMIN_KEY" RECONCILE_INTERVAL_MS=0 \
  MOCK_OPENSTACK_LATENCY_MS="${CLI_LATENCY_MS:-0}" \
  node dist/main.js >"$WORK/app.log" 2>&1 &
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
mint_key() { # mint_key ROLE: a new API key of project demo
  http POST /api/v1/admin/api-keys "{\"projectId\":\"demo\",\"role\":\"$1\",\"name\":\"cli-$1\"}" \
    | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).key))'
}
# The CLI runs as a member of demo; an admin of demo may still act on a locked server.
MEMBER_KEY=$(mint_key member) && DEMO_ADMIN_KEY=$(mint_key admin) ||
  { echo "FAIL: could not mint API keys"; cat "$WORK/app.log"; exit 1; }

# What a user's openrc would say. Debian's python, not a pyenv/virtualenv one.
unset PYTHONPATH PYTHONHOME VIRTUAL_ENV OS_CLOUD
export OS_AUTH_URL=$BASE/v3 OS_IDENTITY_API_VERSION=3 OS_INTERFACE=public \
  OS_REGION_NAME=RegionOne OS_USER_DOMAIN_NAME=Default OS_PROJECT_DOMAIN_NAME=Default \
  OS_USERNAME=demo OS_PROJECT_NAME=demo OS_PASSWORD=$MEMBER_KEY OS_COMPUTE_API_VERSION=2.37
os() { "$OPENSTACK" "$@"; }
as_admin() { OS_PASSWORD=$DEMO_ADMIN_KEY "$OPENSTACK" "$@"; }

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
FAILS=0; STEPS=0; T0=$(now_ms)
step() { # step LABEL COMMAND... : runs it, prints PASS/FAIL and how long it took
  local label=$1 t out; shift; t=$(now_ms)
  STEPS=$((STEPS + 1))
  if out=$("$@" 2>&1); then printf 'PASS  %-46s %6d ms\n' "$label" $(( $(now_ms) - t ))
  else FAILS=$((FAILS + 1)); printf 'FAIL  %-46s\n%s\n' "$label" "$out"; fi
}
# shows ID STATUS [COLUMN PATTERN]...: `server show` now has STATUS with no task in progress
# and each COLUMN matching its glob PATTERN. Fields come out in alphabetical order: task state,
# then the COLUMNs (give them in that order: flavor, image, key_name, locked, locked_reason,
# name), then status.
shows() {
  local id=$1 cols=(-c OS-EXT-STS:task_state) want='None ' status=$2; shift 2
  while [ $# -gt 1 ]; do cols+=(-c "$1"); want+="$2 "; shift 2; done
  cols+=(-c status); want+="$status "
  SEEN=$(os server show "$id" -f value "${cols[@]}" | tr '\n' ' ')
  [[ $SEEN == $want ]]
}
status_is() { # status_is ID STATUS [COLUMN PATTERN]...: waits (30 s at most) until it shows so
  local i
  for i in $(seq 1 30); do
    shows "$@" && return 0
    sleep 1
  done
  echo "last seen: $SEEN"
  return 1
}
refused() { # refused PATTERN COMMAND...: the command fails, saying PATTERN
  local pattern=$1 out; shift
  if out=$("$@" 2>&1); then echo "succeeded: $out"; return 1; fi
  grep -q -- "$pattern" <<<"$out" || { echo "$out"; return 1; }
}

# grep reads all of its input (no -q): an early exit would kill the CLI with SIGPIPE.
token_scoped() { os token issue -f value -c project_id | grep -x demo >/dev/null; }
flavors_listed() { os flavor list -f value -c Name | grep -x m1.tiny >/dev/null; }
image_active() { os image list -f value -c Name -c Status | grep -x 'cirros-0.6.2 active' >/dev/null; }
# An Ed25519 public key written by ssh-keygen, and the MD5 fingerprint it printed for it.
PUBLIC_KEY='ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHAKHLvUZ3pjPun7rWEeu2Hyl0dc1PFivhl7ihG2/AJ+ sample@example'
FINGERPRINT=58:06:22:42:af:68:ef:c9:d2:2f:0c:a9:9f:07:93:80
keypair_imports() {
  echo "$PUBLIC_KEY" >"$WORK/key.pub"
  os keypair create --public-key "$WORK/key.pub" cli-key -f value -c fingerprint | grep -x "$FINGERPRINT" >/dev/null
}
# Below 2.92 Nova generates the key pair and the CLI prints its private key.
keypair_generates() {
  local out
  out=$(os keypair create cli-gen) || return 1
  head -1 <<<"$out" | grep -x -- '-----BEGIN RSA PRIVATE KEY-----' >/dev/null || { echo "printed: $out"; return 1; }
}
keypairs_listed() {
  local out
  out=$(os keypair list -f value -c Name -c Fingerprint) || return 1
  [ "$(cut -d' ' -f1 <<<"$out" | sort | tr '\n' ' ')" = 'cli-gen cli-key ' ] &&
    grep -x "cli-key $FINGERPRINT" <<<"$out" >/dev/null || { echo "listed: $out"; return 1; }
}
keypair_shown() { os keypair show cli-key -f value -c fingerprint | grep -x "$FINGERPRINT" >/dev/null; }
keypair_public_key() { [ "$(os keypair show --public-key cli-key)" = "$PUBLIC_KEY" ]; }
keypair_exists() { refused "409.*Key pair 'cli-key' already exists" os keypair create --public-key "$WORK/key.pub" cli-key; }
keypair_deletes() { os keypair delete cli-gen && refused 'cli-gen' os keypair show cli-gen; }
create_waits() {
  # --wait prints a progress line first; the id is the last line.
  ID=$(os server create --flavor m1.tiny --image cirros-0.6.2 --nic none --key-name cli-key --wait cli-vm -f value -c id | tail -1) &&
    [[ "$ID" =~ ^[0-9a-f-]{36}$ ]] && status_is "$ID" ACTIVE key_name cli-key && echo "$ID" >"$WORK/id"
}
create_bad_key() { refused 'Invalid key_name provided. (HTTP 400)' os server create --flavor m1.tiny --image cirros-0.6.2 --nic none --key-name no-such-key cli-vm-x; }
listed() { os server list -f value -c ID | grep -x "$ID" >/dev/null; }
stops() { os server stop "$ID" && status_is "$ID" SHUTOFF; }
starts() { os server start "$ID" && status_is "$ID" ACTIVE; }
start_refused() { refused 'HTTP 409' os server start "$ID"; }
pauses() { os server pause "$ID" && status_is "$ID" PAUSED; }
unpauses() { os server unpause "$ID" && status_is "$ID" ACTIVE; }
suspends() { os server suspend "$ID" && status_is "$ID" SUSPENDED; }
resumes() { os server resume "$ID" && status_is "$ID" ACTIVE; }
# --wait returns once the server is in VERIFY_RESIZE (or ACTIVE, or ERROR): no more polling.
resizes_to() { os server resize --flavor "$1" --wait "$ID" && shows "$ID" VERIFY_RESIZE flavor "$1 (*)"; }
confirms() { os server resize confirm "$ID" && status_is "$ID" ACTIVE flavor 'm1.small (*)'; }
reverts() { os server resize revert "$ID" && status_is "$ID" ACTIVE flavor 'm1.small (*)'; }
rebuilds() {
  # The CLI prints the server the rebuild answered with: the new image and name already.
  local out want='ubuntu-24.04 (*) cli-vm-2 '
  out=$(os server rebuild --image ubuntu-24.04 --name cli-vm-2 --wait "$ID" -f value -c image -c name) &&
    [[ "$(tail -2 <<<"$out" | tr '\n' ' ')" == $want ]] ||
    { echo "rebuild printed: $out"; return 1; }
  shows "$ID" ACTIVE image 'ubuntu-24.04 (*)' name cli-vm-2
}
rescues() { os server rescue "$ID" && status_is "$ID" RESCUE; }
unrescues() { os server unrescue "$ID" && status_is "$ID" ACTIVE; }
# --wait returns at SHELVED; Nova then offloads at once.
shelves() { os server shelve --wait "$ID" && status_is "$ID" SHELVED_OFFLOADED; }
console_refused() { refused 'is not ready' os console log show "$ID"; }
unshelves() { os server unshelve --wait "$ID" && shows "$ID" ACTIVE; }
locks() { os server lock "$ID" && shows "$ID" ACTIVE locked True; }
stop_locked() { refused "Instance $ID is locked (HTTP 409)" os server stop "$ID"; }
admin_stops() { as_admin server stop "$ID" && status_is "$ID" SHUTOFF locked True; }
admin_starts() { as_admin server start "$ID" && status_is "$ID" ACTIVE locked True; }
unlocks() { os server unlock "$ID" && shows "$ID" ACTIVE locked False; }
# locked_reason is in the lock request and the server view from microversion 2.73.
locks_with_reason() {
  OS_COMPUTE_API_VERSION=2.73 os server lock --reason 'cli test' "$ID" &&
    OS_COMPUTE_API_VERSION=2.73 shows "$ID" ACTIVE locked True locked_reason 'cli test'
}
unlocks_reason() {
  OS_COMPUTE_API_VERSION=2.73 os server unlock "$ID" &&
    OS_COMPUTE_API_VERSION=2.73 shows "$ID" ACTIVE locked False locked_reason None
}
console_log() {
  local out
  out=$(os console log show "$ID") || return 1
  grep -x 'cli-vm-2 login: ' <<<"$out" >/dev/null && [ "$(wc -l <<<"$out")" -gt 2 ] ||
    { echo "console log: $out"; return 1; }
}
console_lines() {
  local out
  out=$(os console log show --lines 2 "$ID") || return 1
  [ "$(wc -l <<<"$out")" -eq 2 ] && [ "$(tail -1 <<<"$out")" = 'cli-vm-2 login: ' ] ||
    { echo "console log --lines 2: $out"; return 1; }
}
# `server set/unset` and tags: PUT /servers/{id}, the metadata API and the tags API (2.26+).
renames() { os server set --name cli-vm-3 "$ID" && shows "$ID" ACTIVE name cli-vm-3; }
properties_are() { # properties_are ID DICT: `server show` prints the metadata as a Python dict
  local seen; seen=$(os server show "$1" -f value -c properties) || return 1
  [ "$seen" = "$2" ] || { echo "properties: $seen"; return 1; }
}
tags_are() { # tags_are ID LIST: `server show` prints the tags as a Python list
  local seen; seen=$(os server show "$1" -f value -c tags) || return 1
  [ "$seen" = "$2" ] || { echo "tags: $seen"; return 1; }
}
sets_properties() {
  os server set --property role=web --property tier=1 "$ID" &&
    properties_are "$ID" "{'role': 'web', 'tier': '1'}"
}
unsets_property() { os server unset --property tier "$ID" && properties_are "$ID" "{'role': 'web'}"; }
sets_tags() { os server set --tag web --tag prod "$ID" && tags_are "$ID" "['prod', 'web']"; }
unsets_tag() { os server unset --tag prod "$ID" && tags_are "$ID" "['web']"; }
no_tags_at_225() { # below 2.26 the server view has no tags
  local out; out=$(os --os-compute-api-version 2.25 server show -f json "$ID") || return 1
  ! grep -q '"tags"' <<<"$out" || { echo "$out"; return 1; }
}
lists_by_tag() {
  os server list --tags web -f value -c ID | grep -x "$ID" >/dev/null &&
    [ -z "$(os server list --tags web,nope -f value -c ID)" ]
}
property_locked() {
  os server lock "$ID" &&
    refused "Instance $ID is locked (HTTP 409)" os server set --property x=1 "$ID" &&
    os server set --tag locked "$ID" && tags_are "$ID" "['locked', 'web']" && os server unlock "$ID"
}
snapshot() { os server image create --name cli-snap --wait "$ID" -f value -c status | tail -1 | grep -x active >/dev/null; }
snapshot_listed() { os image list -f value -c Name | grep -x cli-snap >/dev/null; }
gone() { local out; if out=$(os server show "$ID" 2>&1); then return 1; fi; grep -q 'No server with a name or ID' <<<"$out"; }

# Networks: the simulator's shared `private` (10.0.0.0/24 and a SLAAC IPv6 /64).
networks_listed() { os network list -f value -c Name | grep -x private >/dev/null; }
subnets_listed() {
  local out
  out=$(os subnet list -f value -c Name -c Subnet) &&
    grep -x 'private-subnet 10.0.0.0/24' <<<"$out" >/dev/null &&
    grep -x 'ipv6-private-subnet fd4e:5a1c:77b0::/64' <<<"$out" >/dev/null || { echo "$out"; return 1; }
}
net_create_waits() {
  NET_ID=$(os server create --flavor m1.tiny --image cirros-0.6.2 --network private --wait cli-net-vm -f value -c id | tail -1) &&
    [[ "$NET_ID" =~ ^[0-9a-f-]{36}$ ]] && status_is "$NET_ID" ACTIVE && echo "$NET_ID" >"$WORK/net-id"
}
# `server show` prints {'private': ['10.0.0.<n>', 'fd4e:5a1c:77b0:...']}: IPv4, then SLAAC IPv6.
addresses_shown() {
  local out
  out=$(os server show "$NET_ID" -f value -c addresses) &&
    [[ "$out" =~ ^\{\'private\':\ \[\'(10\.0\.0\.[0-9]+)\',\ \'fd4e:5a1c:77b0:0:f816:3eff:fe[0-9a-f:]+\'\]\}$ ]] &&
    echo "${BASH_REMATCH[1]}" >"$WORK/net-ip" || { echo "addresses: $out"; return 1; }
}
port_listed() {
  local out ip; ip=$(cat "$WORK/net-ip") || return 1
  out=$(os port list --server "$NET_ID" -f value -c "Fixed IP Addresses" -c Status) &&
    [ "$(wc -l <<<"$out")" -eq 1 ] && grep -q "'ip_address': '$ip'" <<<"$out" && grep -q 'ACTIVE$' <<<"$out" ||
    { echo "ports: $out"; return 1; }
}
PRIVATE_ID=8f0e6d2c-3b1a-4c5e-9d7f-2a4b6c8d0e01
fixed_ip_create() {
  FIXED_ID=$(os server create --flavor m1.tiny --image cirros-0.6.2 --nic "net-id=$PRIVATE_ID,v4-fixed-ip=10.0.0.99" --wait cli-fixed-vm -f value -c id | tail -1) &&
    status_is "$FIXED_ID" ACTIVE && echo "$FIXED_ID" >"$WORK/fixed-id" &&
    os server show "$FIXED_ID" -f value -c addresses | grep -q "'10.0.0.99'"
}
fixed_ip_taken() {
  refused "Fixed IP address 10.0.0.99 is already in use on instance $FIXED_ID" \
    os server create --flavor m1.tiny --image cirros-0.6.2 --nic "net-id=$PRIVATE_ID,v4-fixed-ip=10.0.0.99" cli-taken-vm
}
fixed_ip_freed() {
  os server delete --wait "$FIXED_ID" &&
    [ -z "$(os port list --fixed-ip ip-address=10.0.0.99 -f value -c ID)" ]
}

step "token issue (scoped to demo)" token_scoped
step "flavor list" flavors_listed
step "image list" image_active
step "keypair create --public-key" keypair_imports
step "keypair create (generated below 2.92)" keypair_generates
step "keypair list" keypairs_listed
step "keypair show" keypair_shown
step "keypair show --public-key" keypair_public_key
step "keypair create, name taken -> HTTP 409" keypair_exists
step "keypair delete, then show -> not found" keypair_deletes
step "server create --key-name unknown -> HTTP 400" create_bad_key
step "server create --key-name --nic none --wait -> ACTIVE" create_waits
ID=$(cat "$WORK/id" 2>/dev/null) || { echo "SUMMARY: server create failed"; tail -50 "$WORK/app.log"; exit 1; }
step "server list" listed
step "server stop -> SHUTOFF" stops
step "server start -> ACTIVE" starts
step "server start while ACTIVE -> HTTP 409" start_refused
step "server reboot --wait (soft)" os server reboot --wait "$ID"
step "server reboot --hard --wait" os server reboot --hard --wait "$ID"
step "server pause -> PAUSED" pauses
step "server unpause -> ACTIVE" unpauses
step "server suspend -> SUSPENDED" suspends
step "server resume -> ACTIVE" resumes
step "server resize --flavor m1.small --wait" resizes_to m1.small
step "server resize confirm -> ACTIVE, m1.small" confirms
step "server resize --flavor m1.medium --wait" resizes_to m1.medium
step "server resize revert -> ACTIVE, m1.small" reverts
step "server rebuild --image --name --wait" rebuilds
step "server rescue -> RESCUE" rescues
step "server unrescue -> ACTIVE" unrescues
step "server shelve --wait -> SHELVED_OFFLOADED" shelves
step "console log show while offloaded -> 409" console_refused
step "server unshelve --wait -> ACTIVE" unshelves
step "server lock -> locked" locks
step "server stop while locked -> HTTP 409" stop_locked
step "server stop while locked, as admin" admin_stops
step "server start while locked, as admin" admin_starts
step "server unlock -> not locked" unlocks
step "server lock --reason (2.73) -> locked_reason" locks_with_reason
step "server unlock (2.73) -> no locked_reason" unlocks_reason
step "console log show" console_log
step "console log show --lines 2" console_lines
step "server set --name" renames
step "server set --property (x2)" sets_properties
step "server unset --property" unsets_property
step "server set --tag (x2); server show tags" sets_tags
step "server unset --tag" unsets_tag
step "server show at 2.25 -> no tags" no_tags_at_225
step "server list --tags" lists_by_tag
step "locked: set --property 409, set --tag ok" property_locked
step "server image create --wait (snapshot)" snapshot
step "image list shows the snapshot" snapshot_listed
step "server delete --wait" os server delete --wait "$ID"
step "server show -> not found" gone
step "network list" networks_listed
step "subnet list" subnets_listed
step "server create --network private --wait" net_create_waits
NET_ID=$(cat "$WORK/net-id" 2>/dev/null)
step "server show: addresses on private" addresses_shown
step "port list --server" port_listed
step "server create --nic net-id,v4-fixed-ip --wait" fixed_ip_create
FIXED_ID=$(cat "$WORK/fixed-id" 2>/dev/null)
step "server create with that fixed IP -> HTTP 400" fixed_ip_taken
step "server delete --wait frees the fixed IP" fixed_ip_freed
step "server delete --wait (on private)" os server delete --wait "$NET_ID"

# Glance image writes: create with data (streamed), show, download, update, deactivate,
# protect, delete.
head -c 300000 /dev/urandom >"$WORK/image.raw"
image_created() {
  os image create --disk-format raw --container-format bare --file "$WORK/image.raw" \
    --property purpose=cli cli-image >/dev/null &&
    [ "$(os image show cli-image -f value -c status -c size | tr '\n' ' ')" = "300000 active " ]
}
image_checksum() {
  [ "$(os image show cli-image -f value -c checksum)" = "$(md5sum <"$WORK/image.raw" | cut -d' ' -f1)" ]
}
image_saved() { os image save --file "$WORK/image.out" cli-image && cmp "$WORK/image.raw" "$WORK/image.out"; }
image_set() {
  os image set --name cli-image-2 --property color=blue --min-ram 64 --tag cli cli-image &&
    os image list --tag cli -f value -c Name | grep -x cli-image-2 >/dev/null
}
image_deactivated() {
  os image set --deactivate cli-image-2 &&
    [ "$(os image show cli-image-2 -f value -c status)" = deactivated ] &&
    refused 'Unable to download image' os image save --file "$WORK/image.out" cli-image-2 &&
    os image set --activate cli-image-2
}
image_protected() {
  os image set --protected cli-image-2 && refused 'is protected' os image delete cli-image-2 &&
    os image set --unprotected cli-image-2
}
image_deleted() { os image delete cli-image-2 && refused 'cli-image-2' os image show cli-image-2; }
step "image create --file (streamed) -> active" image_created
step "image show: checksum is the file's md5" image_checksum
step "image save -> the same bytes" image_saved
step "image set --name --property --min-ram --tag" image_set
step "image set --deactivate: save refused; --activate" image_deactivated
step "image set --protected: delete refused" image_protected
step "image delete, then show -> not found" image_deleted

echo "SUMMARY: $((STEPS - FAILS))/$STEPS steps passed in $(( ($(now_ms) - T0) / 1000 )) s"
[ "$FAILS" -eq 0 ] || { echo "--- app log"; tail -50 "$WORK/app.log"; exit 1; }

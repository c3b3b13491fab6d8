#!/usr/bin/env bash
# deploy/local/cluster.sh as a test, on free ports in temp folders: a
# one-node chain (its files directly in DIR) and a three-node one (DIR/node-<i>/)
# each started, asked for status, restarted and stopped.
#   usage: cluster_script_test.sh LINCAOD LINCAO   (both in one build's bin/)
set -euo pipefail
lincaod="$1"
lincao="$2"
here="$(cd "$(dirname "$0")" && pwd)"
script="$here/../../deploy/local/cluster.sh"
bin_dir="$(cd "$(dirname "$lincaod")" && pwd)"
[ "$(cd "$(dirname "$lincao")" && pwd)" = "$bin_dir" ] || { echo "FAIL: lincaod and lincao are not in one bin/"; exit 1; }
# cluster.sh runs "$LINCAO_BUILD_DIR/bin/lincaod"; an absolute path is used as is.
LINCAO_BUILD_DIR="$(dirname "$bin_dir")"
export LINCAO_BUILD_DIR
work="$(mktemp -d /tmp/lincao-cluster-sh-XXXXXX)"
cleanup() {
  for d in "$work"/one "$work"/three; do
    if [ -d "$d" ]; then "$script" stop --dir "$d" >/dev/null 2>&1 || true; fi
  done
  rm -rf "$work"
}
trap cleanup EXIT

# shellcheck source=../../tools/free_ports.sh
source "$here/../../tools/free_ports.sh"
free_base() {  # count -> first of `count` consecutive ports nobody listens on
  free_port_base "$1" || { echo "FAIL: no free ports" >&2; exit 1; }
}
fail() { echo "FAIL: $1"; [ -n "${2:-}" ] && cat "$2"; exit 1; }
expect() {  # file pattern what
  grep -qE -- "$2" "$1" || fail "$3 (no line matching '$2')" "$1"
}

echo "== --help and bad arguments"
"$script" --help >"$work/help.out" || fail "--help exited $?" "$work/help.out"
expect "$work/help.out" "--nodes 1" "--help does not mention one node"
rc=0; "$script" start --nodes 0 --dir "$work/none" >"$work/bad.out" 2>&1 || rc=$?
[ "$rc" -eq 2 ] || fail "--nodes 0 exited $rc, not 2" "$work/bad.out"
[ ! -e "$work/none" ] || fail "--nodes 0 created $work/none"

echo "== one node"
base=$(free_base 1)
one="$work/one"
LINCAO_BASE_PORT="$base" "$script" start --nodes 1 --dir "$one" | tee "$work/one-start.out"
if [ ! -f "$one/lincaod.toml" ] || [ -e "$one/node-1" ]; then fail "one node's files are not directly in DIR"; fi
expect "$work/one-start.out" "^node-1 serving on 127\.0\.0\.1:$base \(pid [0-9]+\)$" "node-1 not on its port"
expect "$work/one-start.out" "^node-1 127\.0\.0\.1:$base leader term=[0-9]+ leader=node-1 .* lag=0$" "no status line"
expect "$work/one-start.out" "^leader: node-1$" "no leader"
expect "$work/one-start.out" "^created a dev chain with 1 voting node in " "start did not create the chain"
"$lincao" query status --node "127.0.0.1:$base" --json >"$work/one-query.json" ||
  fail "lincao query status against the one node failed" "$work/one-query.json"
expect "$work/one-query.json" '"role": *"leader"' "the node does not say it leads"
pid=$(cat "$one/lincaod.pid")
kill -0 "$pid" || fail "pid file $one/lincaod.pid names no live process"

"$script" start --nodes 3 --dir "$one" >"$work/one-again.out"
expect "$work/one-again.out" "^note: .* already holds a chain of 1 node\(s\); --nodes 3 is ignored" \
  "a second start with another --nodes says nothing"
expect "$work/one-again.out" "^node-1 already running \(pid $pid\)$" "a second start did not leave node-1 alone"
"$script" status --dir "$one" >"$work/one-status.out"
expect "$work/one-status.out" "^node-1 127\.0\.0\.1:$base leader " "status does not show node-1 leading"
[ "$(grep -c '^node-' "$work/one-status.out")" -eq 1 ] || fail "status shows other than one node" "$work/one-status.out"

"$script" stop --dir "$one" >"$work/one-stop.out"
expect "$work/one-stop.out" "^node-1 stopped$" "stop did not stop node-1"
! kill -0 "$pid" 2>/dev/null || fail "node-1 (pid $pid) still runs after stop"
[ ! -e "$one/lincaod.pid" ] || fail "stop left the pid file"
"$script" status --dir "$one" >"$work/one-down.out"
expect "$work/one-down.out" "^node-1 127\.0\.0\.1:$base down$" "status of a stopped node"
expect "$work/one-down.out" "^leader: none$" "status of a stopped node names a leader"

echo "== the one node restarts on its ledger"
"$script" start --dir "$one" >"$work/one-restart.out"
expect "$work/one-restart.out" "^leader: node-1$" "the restarted node does not lead"
! grep -q "^created" "$work/one-restart.out" || fail "restart made a new chain" "$work/one-restart.out"
"$script" stop --dir "$one" >/dev/null

echo "== three nodes"
base=$(free_base 6)
peer_base=$((base + 3))  # one draw, so the two ranges never overlap
three="$work/three"
LINCAO_BASE_PORT="$base" LINCAO_PEER_BASE_PORT="$peer_base" \
  "$script" start --nodes 3 --dir "$three" | tee "$work/three-start.out"
[ ! -e "$three/lincaod.toml" ] || fail "three nodes wrote a top-level lincaod.toml"
for i in 1 2 3; do
  [ -f "$three/node-$i/lincaod.toml" ] || fail "no $three/node-$i/lincaod.toml"
  expect "$work/three-start.out" "^node-$i serving on 127\.0\.0\.1:$((base + i - 1)) " "node-$i not on its port"
done
expect "$work/three-start.out" "^leader: node-[123]$" "no leader among three"
[ "$(grep -cE '^node-[123] 127\.0\.0\.1:[0-9]+ (leader|follower) ' "$work/three-start.out")" -eq 3 ] ||
  fail "not every member answered status" "$work/three-start.out"
"$script" stop --dir "$three" >"$work/three-stop.out"
[ "$(grep -c ' stopped$' "$work/three-stop.out")" -eq 3 ] || fail "stop did not stop three" "$work/three-stop.out"
"$script" status --dir "$three" >"$work/three-down.out"
[ "$(grep -c ' down$' "$work/three-down.out")" -eq 3 ] || fail "stopped members not down" "$work/three-down.out"

echo "PASS: cluster.sh starts, reports, restarts and stops one node and three"

#!/usr/bin/env bash
# Three lincaod nodes in three network namespaces, as three hosts would be:
# each namespace has its own address (10.<x>.0.1-3/24) on a veth pair whose
# other end sits on a bridge in a fourth namespace. Peers and clients reach
# each other only across that bridge. The test: a leader is elected, a
# transaction submitted to one node commits on all three with the same head,
# the leader is SIGKILLed, a new one is elected and commits, the old one
# restarts and catches up.
#
# Needs root (CAP_NET_ADMIN) to make namespaces; elsewhere it prints why and
# exits 77, which ctest reports as skipped.
#   usage: netns_cluster_test.sh LINCAOD LINCAO
set -euo pipefail
lincaod="$1"
lincao="$2"
tag="lc$$"
net="10.$(( ($$ % 200) + 20 )).0"
dir="$(mktemp -d /tmp/lincao-netns-XXXXXX)"
pids=()

ns() { echo "${tag}n$1"; }
cleanup() {
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
  for i in 1 2 3 br; do ip netns del "$(ns "$i")" 2>/dev/null || true; done
  if [ "${keep:-0}" = 0 ]; then rm -rf "$dir"; fi
}
trap cleanup EXIT

if ! ip netns add "$(ns br)" 2>/dev/null; then
  echo "SKIP: cannot create network namespaces here (needs root with CAP_NET_ADMIN and iproute2)"
  exit 77
fi
step() { echo "== $*"; }

step "three hosts on a bridge: $net.1-3"
ip -n "$(ns br)" link add br0 type bridge
ip -n "$(ns br)" link set br0 up
for i in 1 2 3; do
  ip netns add "$(ns "$i")"
  ip link add "${tag}v$i" type veth peer name "${tag}b$i"
  ip link set "${tag}v$i" netns "$(ns "$i")"
  ip link set "${tag}b$i" netns "$(ns br)"
  ip -n "$(ns br)" link set "${tag}b$i" master br0 up
  ip -n "$(ns "$i")" link set lo up
  ip -n "$(ns "$i")" link set "${tag}v$i" name eth0
  ip -n "$(ns "$i")" addr add "$net.$i/24" dev eth0
  ip -n "$(ns "$i")" link set eth0 up
done


step "genesis with three voting nodes"
# Chaincode version 1: the test opens an account without identity documents
# and funds it with `tx issue` (issue_batch).
"$lincao" genesis init --dev --dir "$dir" --nodes 3 --chaincode-version 1 >/dev/null
for i in 1 2 3; do
  cfg="$dir/node-$i/lincaod.toml"
  {
    echo "[node]"
    echo "id = \"node-$i\""
    echo "data_dir = \".\""
    echo "genesis = \"../genesis.json\""
    echo "node_key = \"../keys/node-$i.key\""
    echo "[grpc]"
    echo "listen = \"$net.$i:7050\""
    echo "port_file = \"grpc.port\""
    echo "[cluster]"
    echo "listen = \"$net.$i:7150\""
    echo "allow_plaintext = true"
    echo "tick_ms = 50"
    for j in 1 2 3; do
      [ "$j" = "$i" ] && continue
      echo "[[cluster.peers]]"
      echo "id = \"node-$j\""
      echo "peer = \"$net.$j:7150\""
      echo "grpc = \"$net.$j:7050\""
    done
  } >"$cfg"
done

start() {
  rm -f "$dir/node-$1/grpc.port"
  ip netns exec "$(ns "$1")" "$lincaod" --config "$dir/node-$1/lincaod.toml" \
    >>"$dir/node-$1/lincaod.log" 2>&1 &
  pids[$1]=$!
  for _ in $(seq 1 200); do [ -s "$dir/node-$1/grpc.port" ] && return 0; sleep 0.05; done
  echo "FAIL: node-$1 did not start"; tail -5 "$dir/node-$1/lincaod.log"; exit 1
}
cli() {  # cli NODE args...: run the CLI inside node NODE's host against it
  local i="$1"; shift
  ip netns exec "$(ns "$i")" "$lincao" "$@" --node "$net.$i:7050"
}
field() { sed -n "s/.*\"$1\": *\"\{0,1\}\([^\",}]*\)\"\{0,1\}.*/\1/p"; }
leader() {
  for i in 1 2 3; do
    [ -n "${pids[$i]:-}" ] || continue
    if [ "$(cli "$i" query status --json 2>/dev/null | field role)" = leader ]; then echo "$i"; return; fi
  done
  echo 0
}
wait_leader() {
  for _ in $(seq 1 100); do l=$(leader); [ "$l" != 0 ] && { echo "$l"; return; }; sleep 0.1; done
  echo "FAIL: no leader"; exit 1
}
same_head() {
  for _ in $(seq 1 100); do
    heads=$(for i in 1 2 3; do cli "$i" query status --json | field head_hash; done | sort -u | wc -l)
    [ "$heads" = 1 ] && return 0
    sleep 0.1
  done
  echo "FAIL: nodes disagree on the head"; for i in 1 2 3; do cli "$i" query status | head -4; done; exit 1
}

step "start the nodes, each in its own namespace"
for i in 1 2 3; do start "$i"; done
grep -q "event=plaintext_listener" "$dir/node-1/lincaod.log" || { echo "FAIL: no plaintext warning"; exit 1; }
l=$(wait_leader)
echo "leader: node-$l"

step "a transaction submitted to a follower commits everywhere"
f=$(( l % 3 + 1 ))
"$lincao" keys new --owner coop --out "$dir/keys/coop.key" >/dev/null
cli "$f" account open --key "$dir/keys/registrar.key" --id coop --role project_owner \
  --pubkey-file "$dir/keys/coop.key" >/dev/null
same_head

step "SIGKILL the leader: a new one is elected and commits"
kill -9 "${pids[$l]}"; wait "${pids[$l]}" 2>/dev/null || true; pids[$l]=""
for _ in $(seq 1 100); do nl=$(leader); [ "$nl" != 0 ] && [ "$nl" != "$l" ] && break; sleep 0.1; done
[ "$nl" != 0 ] && [ "$nl" != "$l" ] || { echo "FAIL: no new leader"; exit 1; }
echo "new leader: node-$nl"
cli "$nl" tx issue --key "$dir/keys/registrar.key" --to coop --quantity 5000 \
  --project SC-FOR-2025-0001 --vintage 2025 >/dev/null

step "the old leader restarts and catches up"
start "$l"
same_head
h=$(cli "$l" query status --json | field height)
[ "$h" = 2 ] || { echo "FAIL: height $h, expected 2"; exit 1; }
echo "PASS: three namespaces, height $h on every node"

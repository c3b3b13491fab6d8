#!/usr/bin/env bash
# A local lincao chain on 127.0.0.1: N lincaod processes (N = 1..9) sharing
# one dev genesis with N voting nodes node-1..node-N.
#
#   deploy/local/cluster.sh start  [--nodes 3] [--dir ./data/cluster]
#   deploy/local/cluster.sh status [--dir DIR]
#   deploy/local/cluster.sh stop   [--dir DIR]
#
# --nodes counts only when `start` creates the chain (DIR has no genesis.json);
# after that DIR decides. Layout (that of `lincao genesis init --dev`): with
# N > 1 each node's lincaod.toml, data, log and pid file are under
# DIR/node-<i>/; with --nodes 1 they are directly in DIR (no peers).
# Ports: node-i serves clients on 7050+i-1 and peers on 7150+i-1 (change with
# LINCAO_BASE_PORT / LINCAO_PEER_BASE_PORT before the first start). The CLI
# talks to any member: `lincao query status --node 127.0.0.1:7051`; keys are
# under DIR/keys/. Logs: lincaod.log in each node's folder. Environment:
#   LINCAO_BUILD_DIR  where the binaries are built (default build; relative
#                     to the repository unless absolute)
#   LINCAO_CHAINCODE_VERSION  chaincode version of a new chain (default: the
#                     latest; 2 for the README tour's `lincao tx issue`)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
build_dir="${LINCAO_BUILD_DIR:-build}"
case "$build_dir" in
  /*) bin="$build_dir/bin" ;;
  *) bin="$repo/$build_dir/bin" ;;
esac

usage() {  # exit status (2: bad usage, 0: asked for help)
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
  exit "${1:-2}"
}

cmd="${1:-}"
[ -n "$cmd" ] || usage
case "$cmd" in -h|--help) usage 0 ;; esac
shift
nodes=3
nodes_given=0
dir="./data/cluster"
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes|--dir)
      [ $# -ge 2 ] || { echo "cluster.sh: $1 needs a value" >&2; usage; }
      if [ "$1" = --nodes ]; then nodes="$2"; nodes_given=1; else dir="$2"; fi
      shift 2 ;;
    -h|--help) usage 0 ;;
    *) echo "cluster.sh: unknown argument '$1'" >&2; usage ;;
  esac
done
case "$nodes" in
  [1-9]) ;;
  *) echo "cluster.sh: --nodes must be 1..9, not '$nodes'" >&2; exit 2 ;;
esac

# The chain in DIR has one node when genesis init wrote DIR/lincaod.toml.
single() { [ -f "$dir/lincaod.toml" ]; }

members() {
  if single; then echo 1; return; fi
  local n=0
  for d in "$dir"/node-*/; do [ -f "$d/lincaod.toml" ] && n=$((n + 1)); done
  echo "$n"
}

node_dir() {  # node index -> the folder of its lincaod.toml, data, log and pid file
  if single; then echo "$dir"; else echo "$dir/node-$1"; fi
}

port_of() {  # node index -> client port from its config
  sed -n 's/^listen *= *"127\.0\.0\.1:\([0-9]*\)".*/\1/p' "$(node_dir "$1")/lincaod.toml" | head -n1
}

json_field() {  # json key -> value (string or number), from stdin
  sed -n "s/.*\"$1\": *\"\{0,1\}\([^\",}]*\)\"\{0,1\}.*/\1/p"
}

start() {
  if [ ! -x "$bin/lincaod" ] || [ ! -x "$bin/lincao" ]; then
    echo "building lincaod and lincao (first start)..."
    "$repo/tools/build.sh" --target lincaod lincao
  fi
  if [ ! -f "$dir/genesis.json" ]; then
    "$bin/lincao" genesis init --dev --dir "$dir" --nodes "$nodes" \
      --base-port "${LINCAO_BASE_PORT:-7050}" --peer-base-port "${LINCAO_PEER_BASE_PORT:-7150}" \
      ${LINCAO_CHAINCODE_VERSION:+--chaincode-version "$LINCAO_CHAINCODE_VERSION"} >/dev/null
    if [ "$nodes" -eq 1 ]; then
      echo "created a dev chain with 1 voting node in $dir"
    else
      echo "created a dev chain with $nodes voting nodes in $dir"
    fi
  fi
  local n
  n=$(members)
  [ "$n" -gt 0 ] || { echo "cluster.sh: $dir has a genesis.json but no node's lincaod.toml" >&2; exit 1; }
  if [ "$nodes_given" -eq 1 ] && [ "$nodes" -ne "$n" ]; then
    echo "note: $dir already holds a chain of $n node(s); --nodes $nodes is ignored" \
      "(stop it and remove $dir for a new chain)"
  fi
  for i in $(seq 1 "$n"); do
    local nd
    nd=$(node_dir "$i")
    if [ -f "$nd/lincaod.pid" ] && kill -0 "$(cat "$nd/lincaod.pid")" 2>/dev/null; then
      echo "node-$i already running (pid $(cat "$nd/lincaod.pid"))"
      continue
    fi
    rm -f "$nd/grpc.port"
    # --port-file: a one-node lincaod.toml names no port file.
    nohup "$bin/lincaod" --config "$nd/lincaod.toml" --port-file "$nd/grpc.port" \
      >>"$nd/lincaod.log" 2>&1 &
    echo $! >"$nd/lincaod.pid"
  done
  for i in $(seq 1 "$n"); do
    local nd waited=0
    nd=$(node_dir "$i")
    until [ -s "$nd/grpc.port" ]; do
      if ! kill -0 "$(cat "$nd/lincaod.pid")" 2>/dev/null; then
        echo "node-$i failed to start; last lines of $nd/lincaod.log:" >&2
        tail -n 5 "$nd/lincaod.log" >&2
        exit 1
      fi
      sleep 0.1
      waited=$((waited + 1))
      [ "$waited" -lt 300 ] || { echo "node-$i did not start within 30 s" >&2; exit 1; }
    done
    echo "node-$i serving on 127.0.0.1:$(cat "$nd/grpc.port") (pid $(cat "$nd/lincaod.pid"))"
  done
  echo "keys: $dir/keys/   try: $bin/lincao query status --node 127.0.0.1:$(port_of 1)"
  echo "waiting for a leader..."
  for _ in $(seq 1 100); do
    if status_lines | grep -q " leader "; then break; fi
    sleep 0.1
  done
  status
}

status_lines() {
  local n
  n=$(members)
  for i in $(seq 1 "$n"); do
    local port out
    port=$(port_of "$i")
    if out=$("$bin/lincao" query status --node "127.0.0.1:$port" --json --timeout-ms 1000 2>/dev/null); then
      echo "node-$i 127.0.0.1:$port $(echo "$out" | json_field role) term=$(echo "$out" | json_field term) \
leader=$(echo "$out" | json_field leader_id) height=$(echo "$out" | json_field height) \
commit=$(echo "$out" | json_field commit_index) applied=$(echo "$out" | json_field applied_index)"
    else
      echo "node-$i 127.0.0.1:$port down"
    fi
  done
}

status() {
  if [ "$(members)" -eq 0 ]; then
    echo "no chain in $dir (start creates one)"
    return
  fi
  local lines max=0
  lines=$(status_lines)
  for a in $(echo "$lines" | sed -n 's/.*applied=\([0-9]*\).*/\1/p'); do
    [ "$a" -gt "$max" ] && max=$a
  done
  echo "$lines" | while read -r line; do
    local a
    a=$(echo "$line" | sed -n 's/.*applied=\([0-9]*\).*/\1/p')
    if [ -n "$a" ]; then echo "$line lag=$((max - a))"; else echo "$line"; fi
  done
  local leader
  leader=$(echo "$lines" | awk '$3 == "leader" {print $1}')
  echo "leader: ${leader:-none}"
}

stop() {
  local n
  n=$(members)
  for i in $(seq 1 "$n"); do
    local pidf
    pidf="$(node_dir "$i")/lincaod.pid"
    [ -f "$pidf" ] || continue
    local pid
    pid=$(cat "$pidf")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      if kill -0 "$pid" 2>/dev/null; then
        echo "node-$i (pid $pid) did not stop within 10 s; see $(node_dir "$i")/lincaod.log" >&2
        exit 1
      fi
      echo "node-$i stopped"
    fi
    rm -f "$pidf"
  done
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) usage ;;
esac

#!/usr/bin/env bash
# A local lincao cluster on 127.0.0.1: N lincaod processes sharing one dev
# genesis with N voting nodes (node-1..node-N), data under DIR/node-<i>/.
#
#   deploy/local/cluster.sh start  [--nodes 3] [--dir ./data/cluster]
#   deploy/local/cluster.sh status [--dir DIR]
#   deploy/local/cluster.sh stop   [--dir DIR]
#
# Ports: node-i serves clients on 7050+i-1 and peers on 7150+i-1 (change with
# LINCAO_BASE_PORT / LINCAO_PEER_BASE_PORT before the first start). The CLI
# talks to any member: `lincao query status --node 127.0.0.1:7051`; keys are
# under DIR/keys/. Logs: DIR/node-<i>/lincaod.log. Environment:
#   LINCAO_BUILD_DIR  where the binaries are built (default build)
#   LINCAO_CHAINCODE_VERSION  chaincode version of a new chain (default: the
#                     latest; 2 for the README tour's `lincao tx issue`)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
build_dir="${LINCAO_BUILD_DIR:-build}"
bin="$repo/$build_dir/bin"

usage() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
  exit 2
}

cmd="${1:-}"
[ -n "$cmd" ] || usage
shift
nodes=3
dir="./data/cluster"
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) nodes="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "cluster.sh: unknown argument '$1'" >&2; usage ;;
  esac
done

members() {
  local n=0
  for d in "$dir"/node-*/; do [ -f "$d/lincaod.toml" ] && n=$((n + 1)); done
  echo "$n"
}

port_of() {  # node index -> client port from its config
  sed -n 's/^listen *= *"127\.0\.0\.1:\([0-9]*\)".*/\1/p' "$dir/node-$1/lincaod.toml" | head -n1
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
    echo "created a dev chain with $nodes voting nodes in $dir"
  fi
  local n
  n=$(members)
  for i in $(seq 1 "$n"); do
    local nd="$dir/node-$i"
    if [ -f "$nd/lincaod.pid" ] && kill -0 "$(cat "$nd/lincaod.pid")" 2>/dev/null; then
      echo "node-$i already running (pid $(cat "$nd/lincaod.pid"))"
      continue
    fi
    rm -f "$nd/grpc.port"
    nohup "$bin/lincaod" --config "$nd/lincaod.toml" >>"$nd/lincaod.log" 2>&1 &
    echo $! >"$nd/lincaod.pid"
  done
  for i in $(seq 1 "$n"); do
    local waited=0
    until [ -s "$dir/node-$i/grpc.port" ]; do
      if ! kill -0 "$(cat "$dir/node-$i/lincaod.pid")" 2>/dev/null; then
        echo "node-$i failed to start; last lines of $dir/node-$i/lincaod.log:" >&2
        tail -n 5 "$dir/node-$i/lincaod.log" >&2
        exit 1
      fi
      sleep 0.1
      waited=$((waited + 1))
      [ "$waited" -lt 300 ] || { echo "node-$i did not start within 30 s" >&2; exit 1; }
    done
    echo "node-$i serving on 127.0.0.1:$(cat "$dir/node-$i/grpc.port") (pid $(cat "$dir/node-$i/lincaod.pid"))"
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
    local pidf="$dir/node-$i/lincaod.pid"
    [ -f "$pidf" ] || continue
    local pid
    pid=$(cat "$pidf")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
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

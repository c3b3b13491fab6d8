#!/usr/bin/env bash
# tools/demo.sh as a test: a fresh dev node (chaincode version 4, a free
# port), the demo run twice against it (the second run shows it needs no
# fresh chain), each run ending in "demo complete".
#   usage: demo_test.sh LINCAOD LINCAO
set -euo pipefail
lincaod="$1"
lincao="$2"
here="$(cd "$(dirname "$0")" && pwd)"
demo="$here/../../tools/demo.sh"
command -v jq >/dev/null || { echo "SKIP: jq not installed (tools/bootstrap.sh installs it)"; exit 77; }
dir="$(mktemp -d /tmp/lincao-demo-XXXXXX)"
pid=""
cleanup() {
  [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT

"$lincao" genesis init --dev --dir "$dir/chain" >/dev/null
"$lincaod" --config "$dir/chain/lincaod.toml" --listen 127.0.0.1:0 --port-file "$dir/chain/grpc.port" >>"$dir/lincaod.log" 2>&1 &
pid=$!
for _ in $(seq 1 200); do [ -s "$dir/chain/grpc.port" ] && break; sleep 0.05; done
[ -s "$dir/chain/grpc.port" ] || { echo "FAIL: lincaod did not start"; tail -5 "$dir/lincaod.log"; exit 1; }
node="127.0.0.1:$(cat "$dir/chain/grpc.port")"

for run in 1 2; do
  echo "== demo run $run against $node"
  "$demo" --node "$node" --keys "$dir/chain/keys" --lincao "$lincao" | tee "$dir/demo-$run.out"
  grep -q '^demo complete' "$dir/demo-$run.out" || { echo "FAIL: run $run did not complete"; exit 1; }
done
echo "PASS: the demo ran twice against one node"

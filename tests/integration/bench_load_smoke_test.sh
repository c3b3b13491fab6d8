#!/usr/bin/env bash
# `lincao-bench load` as a test: a fresh single dev node (chaincode version 2,
# a free port), a few seconds of load through the real gRPC API, and the
# report's counts checked — never its timings. lincao-bench itself fails
# (exit 1) when committed + errors != submitted or when the bench accounts'
# holdings disagree with the transactions it saw committed; this script also
# requires that every transaction committed. Batch mode (SubmitBatch) runs
# when the node implements it and must otherwise fail with a clear message.
# With /usr/bin/etcd present, a one-member etcd gets the same check.
#   usage: bench_load_smoke_test.sh LINCAOD LINCAO LINCAO_BENCH
set -euo pipefail
lincaod="$1"
lincao="$2"
bench="$3"
command -v jq >/dev/null || { echo "SKIP: jq not installed (tools/bootstrap.sh installs it)"; exit 77; }
dir="$(mktemp -d /tmp/lincao-bench-smoke-XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  rm -rf "$dir"
}
trap cleanup EXIT

"$lincao" genesis init --dev --chaincode-version 2 --dir "$dir/chain" >/dev/null
"$lincaod" --config "$dir/chain/lincaod.toml" --listen 127.0.0.1:0 --port-file "$dir/chain/grpc.port" >>"$dir/lincaod.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 200); do [ -s "$dir/chain/grpc.port" ] && break; sleep 0.05; done
[ -s "$dir/chain/grpc.port" ] || { echo "FAIL: lincaod did not start"; tail -5 "$dir/lincaod.log"; exit 1; }
node="127.0.0.1:$(cat "$dir/chain/grpc.port")"

# run_bench FILE ARGS...: lincao-bench load ARGS --json into FILE; its
# report is shown when it fails.
run_bench() {
  local f="$1"; shift
  "$bench" load "$@" --json >"$f" || { local rc=$?; echo "FAIL: lincao-bench load exited $rc:"; cat "$f"; exit 1; }
}

# expect_counts FILE N: the JSON report says N submitted, N committed, no
# errors, checks passed, and names the node process it measured.
expect_counts() {
  local f="$1" n="$2"
  jq -e --argjson n "$n" '.ok and .submitted == $n and .committed == $n and .errors == 0
      and (.nodes | length) == 1 and .verify.bound_per_s > 0 and .latency_ms.max > 0' "$f" >/dev/null || {
    echo "FAIL: unexpected report in $f:"; cat "$f"; exit 1; }
}

echo "== unary Submit, mixed transfers and retirements, against $node"
run_bench "$dir/unary.json" --endpoints "$node" --keys "$dir/chain/keys" --txs 1200 --clients 32 \
  --connections 3 --accounts 10 --workload mix
expect_counts "$dir/unary.json" 1200
jq -e '.checks | map(select(test("600 retired"))) | length == 1' "$dir/unary.json" >/dev/null || {
  echo "FAIL: the holdings check does not report 600 retired units"; cat "$dir/unary.json"; exit 1; }

echo "== a second run on the same chain (accounts reused, chaincode now the latest), by duration"
run_bench "$dir/again.json" --endpoints "$node" --keys "$dir/chain/keys" --duration 1s --txs 400 \
  --clients 8 --connections 2 --accounts 10 --workload transfer
jq -e '.ok and .submitted > 0 and .committed + .errors == .submitted' "$dir/again.json" >/dev/null || {
  echo "FAIL: second run:"; cat "$dir/again.json"; exit 1; }

echo "== SubmitBatch (--batch-size 8)"
set +e
"$bench" load --endpoints "$node" --keys "$dir/chain/keys" --txs 400 --clients 4 \
  --connections 2 --accounts 10 --batch-size 8 --json >"$dir/batch.json" 2>"$dir/batch.err"
rc=$?
set -e
if [ "$rc" -eq 2 ] && grep -q "does not implement Registry.SubmitBatch" "$dir/batch.err"; then
  echo "note: this lincaod has no SubmitBatch; the load generator said so clearly:"
  cat "$dir/batch.err"
else
  [ "$rc" -eq 0 ] || { echo "FAIL: batch run exited $rc"; cat "$dir/batch.err"; exit 1; }
  expect_counts "$dir/batch.json" 400
  jq -e '.calls == 50' "$dir/batch.json" >/dev/null || { echo "FAIL: 400 txs in batches of 8 should be 50 calls"; exit 1; }
fi

if [ -x /usr/bin/etcd ]; then
  echo "== etcd, one member"
  port=$(( 30000 + RANDOM % 20000 ))
  /usr/bin/etcd --name smoke --data-dir "$dir/etcd" \
    --listen-client-urls "http://127.0.0.1:$port" --advertise-client-urls "http://127.0.0.1:$port" \
    --listen-peer-urls "http://127.0.0.1:$((port + 1))" \
    --initial-advertise-peer-urls "http://127.0.0.1:$((port + 1))" \
    --initial-cluster "smoke=http://127.0.0.1:$((port + 1))" --logger zap --log-level warn \
    >>"$dir/etcd.log" 2>&1 &
  pids+=($!)
  run_bench "$dir/etcd.json" --target etcd --endpoints "127.0.0.1:$port" --txs 600 --clients 16 \
    --connections 2 --batch-size 3
  expect_counts "$dir/etcd.json" 600
else
  echo "note: /usr/bin/etcd absent (tools/bootstrap.sh --with-etcd): etcd part skipped"
fi
echo "PASS: lincao-bench load completed and its counts add up"

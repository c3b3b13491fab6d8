#!/usr/bin/env bash
# Runs the same load against a lincao cluster and an etcd cluster on this
# machine, one after the other, and prints one table and the line
# `ratio lincao/etcd = X` (committed signed transfers/s over committed puts/s).
#
#   tools/bench/compare.sh [--duration 10s] [--clients 64] [--connections 4]
#                          [--batch-size 1] [--workload transfer] [--accounts 100]
#                          [--nodes 3] [--only both|lincao|etcd] [--no-half-peak]
#                          [--out DIR] [--set SECTION.KEY=VALUE]...
#
# Both clusters run on 127.0.0.1 in fresh temp folders, with free ports, and
# both sync their logs to disk: lincaod always fsyncs its Raft log before an
# entry counts towards a majority (there is no setting to turn it off), and
# etcd runs with its defaults (fsync of the WAL on; --unsafe-no-fsync is
# never passed). lincao's chain starts at chaincode version 2 so that setup
# can fund the bench accounts with issue_batch; setup then activates the
# latest version by governance, so the timed transfers run under today's
# rules. Every lincao transaction is built and signed before timing. The
# etcd values have the size of lincao's signed transactions from the same
# run (--payload-bytes), so both systems carry the same bytes.
#
# Options:
#   --duration D     timed run per system (default 10s)
#   --clients N      calls in flight (default 64)
#   --connections C  TCP connections, spread over the members (default 4)
#   --batch-size K   transactions per call: SubmitBatch / one Txn of K puts (default 1)
#   --workload W     lincao workload: transfer, retire or mix (default transfer)
#   --accounts N     funded lincao accounts / distinct etcd keys (default 100)
#   --nodes N        lincao nodes (default 3; 1 = a single node); etcd always has 3
#   --only S         run only lincao or only etcd (no ratio then)
#   --no-half-peak   skip the second run of each system: open loop at half the
#                    rate its first (closed-loop) run committed, for the p99
#                    latency at half of peak throughput
#   --out DIR        keep each run's JSON report (lincao.json, etcd.json) in DIR
#   --set S.K=V      set one lincaod.toml key on every lincao node before it starts,
#                    e.g. --set limits.batch_max_delay_ms=2 (repeatable; V is written
#                    as given, so quote strings: --set log.level='"debug"')
#   --help
#
# Needs: the built lincaod, lincao and lincao-bench (built when missing), jq,
# and /usr/bin/etcd (`tools/bootstrap.sh --with-etcd` installs etcd-server).
# Everything it starts is stopped and its folders removed on exit, also on
# failure or Ctrl-C. docs/performance.md explains the numbers.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
build_dir="${LINCAO_BUILD_DIR:-build}"
bin="$repo/$build_dir/bin"

usage() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
  exit "${1:-2}"
}

duration=10s clients=64 connections=4 batch=1 workload=transfer accounts=100 nodes=3
only=both out="" half_peak=1 sets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --clients) clients="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --batch-size) batch="$2"; shift 2 ;;
    --workload) workload="$2"; shift 2 ;;
    --accounts) accounts="$2"; shift 2 ;;
    --nodes) nodes="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --no-half-peak) half_peak=0; shift ;;
    --set)
      [[ "$2" =~ ^[a-z_]+\.[a-z_]+=.+$ ]] || { echo "compare.sh: --set wants SECTION.KEY=VALUE, got '$2'" >&2; exit 2; }
      sets+=("$2"); shift 2 ;;
    -h|--help) usage 0 ;;
    *) echo "compare.sh: unknown argument '$1'" >&2; usage ;;
  esac
done
case "$only" in both|lincao|etcd) ;; *) echo "compare.sh: --only is both, lincao or etcd" >&2; exit 2 ;; esac

command -v jq >/dev/null || { echo "compare.sh: jq is missing; run tools/bootstrap.sh" >&2; exit 2; }
if [ "$only" != lincao ] && [ ! -x /usr/bin/etcd ]; then
  echo "compare.sh: /usr/bin/etcd is missing; run tools/bootstrap.sh --with-etcd" >&2
  exit 2
fi
if [ ! -x "$bin/lincaod" ] || [ ! -x "$bin/lincao" ] || [ ! -x "$bin/lincao-bench" ]; then
  echo "compare.sh: building lincaod, lincao and lincao-bench..."
  "$repo/tools/build.sh" --target lincaod lincao lincao-bench
fi

work="$(mktemp -d /tmp/lincao-compare-XXXXXX)"
pids=()
cleanup() {
  local rc=$?
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A base port with `count` free ports above it (nothing listening there).
# shellcheck source=../free_ports.sh
source "$repo/tools/free_ports.sh"
free_base() {
  free_port_base "$1" || { echo "compare.sh: no free ports found" >&2; exit 1; }
}

stop_pids() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  done
  pids=()
}

load_args=(--clients "$clients" --connections "$connections" --duration "$duration"
           --batch-size "$batch" --accounts "$accounts" --json)

# Applies every --set to one lincaod.toml: the key goes at the end of its
# [section] (replacing a line there that sets it), or into a new section at
# the end of the file when the file has none.
apply_sets() {
  local toml="$1" kv section key value
  for kv in "${sets[@]}"; do
    section="${kv%%.*}"; key="${kv#*.}"; value="${key#*=}"; key="${key%%=*}"
    awk -v sec="[$section]" -v key="$key" -v val="$value" '
      function flush() { if (insec && !done) { print key " = " val; done = 1 } }
      /^\[/ { flush(); insec = ($0 == sec) }
      insec && $1 == key && $2 == "=" { next }
      { print }
      END { flush(); if (!done) { print ""; print sec; print key " = " val } }
    ' "$toml" >"$toml.new" && mv "$toml.new" "$toml"
  done
}

run_lincao() {
  local dir="$work/lincao" cbase pbase endpoints=()
  cbase=$(free_base $((2 * nodes))); pbase=$((cbase + nodes))  # one draw: never the same ports
  "$bin/lincao" genesis init --dev --chaincode-version 2 --dir "$dir" --nodes "$nodes" \
    --base-port "$cbase" --peer-base-port "$pbase" >/dev/null
  if [ "${#sets[@]}" -gt 0 ]; then
    for toml in "$dir"/lincaod.toml "$dir"/node-*/lincaod.toml; do
      [ -f "$toml" ] && apply_sets "$toml"
    done
  fi
  if [ "$nodes" -eq 1 ]; then
    "$bin/lincaod" --config "$dir/lincaod.toml" --listen "127.0.0.1:$cbase" \
      --port-file "$dir/grpc.port" >>"$dir/lincaod.log" 2>&1 &
    pids+=($!)
  else
    for i in $(seq 1 "$nodes"); do
      "$bin/lincaod" --config "$dir/node-$i/lincaod.toml" >>"$dir/node-$i/lincaod.log" 2>&1 &
      pids+=($!)
    done
  fi
  for i in $(seq 1 "$nodes"); do
    local pf="$dir/node-$i/grpc.port"
    [ "$nodes" -eq 1 ] && pf="$dir/grpc.port"
    for _ in $(seq 1 300); do [ -s "$pf" ] && break; sleep 0.1; done
    [ -s "$pf" ] || { echo "compare.sh: lincaod node-$i did not start; see its log:" >&2
                      tail -5 "$(dirname "$pf")/lincaod.log" >&2; exit 1; }
    endpoints+=("127.0.0.1:$((cbase + i - 1))")
  done
  echo "== lincao: $nodes node(s) at ${endpoints[*]}" >&2
  local eps pid_list
  eps=$(IFS=,; echo "${endpoints[*]}")
  pid_list=$(IFS=,; echo "${pids[*]}")
  "$bin/lincao-bench" load --target lincao --endpoints "$eps" --keys "$dir/keys" \
    --workload "$workload" --node-pids "$pid_list" "${load_args[@]}" >"$work/lincao.json" || true
  [ -s "$work/lincao.json" ] || { echo "compare.sh: the lincao run failed (see above)" >&2; exit 1; }
  if [ "$half_peak" -eq 1 ]; then
    local rate
    rate=$(jq -r '.committed_per_s / 2 / '"$batch"' | round' "$work/lincao.json")
    echo "== lincao again, open loop at half its peak: $rate calls/s" >&2
    "$bin/lincao-bench" load --target lincao --endpoints "$eps" --keys "$dir/keys" \
      --workload "$workload" --node-pids "$pid_list" --rate "$rate" "${load_args[@]}" \
      >"$work/lincao-half.json" || true
    [ -s "$work/lincao-half.json" ] || { echo "compare.sh: the lincao half-peak run failed" >&2; exit 1; }
  fi
  stop_pids
}

run_etcd() {
  local dir="$work/etcd" cbase pbase cluster="" endpoints=()
  cbase=$(free_base 6); pbase=$((cbase + 3))
  for i in 1 2 3; do cluster+="${cluster:+,}e$i=http://127.0.0.1:$((pbase + i - 1))"; done
  local max_ops=$(( batch > 128 ? batch : 128 ))
  for i in 1 2 3; do
    mkdir -p "$dir/e$i"
    /usr/bin/etcd --name "e$i" --data-dir "$dir/e$i/data" \
      --listen-client-urls "http://127.0.0.1:$((cbase + i - 1))" \
      --advertise-client-urls "http://127.0.0.1:$((cbase + i - 1))" \
      --listen-peer-urls "http://127.0.0.1:$((pbase + i - 1))" \
      --initial-advertise-peer-urls "http://127.0.0.1:$((pbase + i - 1))" \
      --initial-cluster "$cluster" --initial-cluster-state new \
      --initial-cluster-token "lincao-compare-$$" --max-txn-ops "$max_ops" \
      --logger zap --log-level warn >>"$dir/e$i/etcd.log" 2>&1 &
    pids+=($!)
    endpoints+=("127.0.0.1:$((cbase + i - 1))")
  done
  echo "== etcd: 3 members at ${endpoints[*]} (value bytes: $payload; 0 = the size of a signed transfer)" >&2
  local eps pid_list
  eps=$(IFS=,; echo "${endpoints[*]}")
  pid_list=$(IFS=,; echo "${pids[*]}")
  "$bin/lincao-bench" load --target etcd --endpoints "$eps" --payload-bytes "$payload" \
    --node-pids "$pid_list" "${load_args[@]}" >"$work/etcd.json" || true
  [ -s "$work/etcd.json" ] || { echo "compare.sh: the etcd run failed (see above)" >&2; exit 1; }
  if [ "$half_peak" -eq 1 ]; then
    local rate
    rate=$(jq -r '.committed_per_s / 2 / '"$batch"' | round' "$work/etcd.json")
    echo "== etcd again, open loop at half its peak: $rate calls/s" >&2
    "$bin/lincao-bench" load --target etcd --endpoints "$eps" --payload-bytes "$payload" \
      --node-pids "$pid_list" --rate "$rate" "${load_args[@]}" >"$work/etcd-half.json" || true
    [ -s "$work/etcd-half.json" ] || { echo "compare.sh: the etcd half-peak run failed" >&2; exit 1; }
  fi
  stop_pids
}

payload=0
if [ "$only" != etcd ]; then
  run_lincao
  payload=$(jq -r '.tx_bytes | round' "$work/lincao.json")
fi
if [ "$only" != lincao ]; then
  run_etcd
fi
[ -z "$out" ] || { mkdir -p "$out"; cp "$work"/*.json "$out"/; }

cores=$(nproc)
echo
echo "same load: $clients clients, $connections connections, batch $batch, $duration, $cores cores, loopback, fsync on"
printf '%-28s %10s %8s %8s %8s %8s %7s %9s %9s %8s %s\n' \
  system "commits/s" "p50 ms" "p90 ms" "p99 ms" "max ms" errors "cpu %" "rss MiB" "bound %" checks
row() {
  local name="$1" f="$2"
  jq -r --arg name "$name" '[ $name, (.committed_per_s|round), (.latency_ms.p50*10|round/10),
      (.latency_ms.p90*10|round/10), (.latency_ms.p99*10|round/10), (.latency_ms.max*10|round/10),
      .errors, ((.node_cpu_s / (if .elapsed_s > 0 then .elapsed_s else 1 end) * 100)|round),
      ([.nodes[].rss_max_mib] | max // 0 | round),
      (if .target == "lincao" then (.verify.fraction_of_bound * 1000 | round / 10) else "-" end),
      (if .ok then "ok" else "FAILED" end) ] | @tsv' "$f" |
    awk -F'\t' '{ printf "%-28s %10s %8s %8s %8s %8s %7s %9s %9s %8s %s\n", $1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11 }'
}
status=0
for f in lincao lincao-half etcd etcd-half; do
  [ -f "$work/$f.json" ] || continue
  case "$f" in
    lincao) name="lincao ($nodes nodes, $workload)" ;;
    lincao-half) name="  at half peak (open)" ;;
    etcd) name="etcd (3 members, put)" ;;
    etcd-half) name="  at half peak (open)" ;;
  esac
  row "$name" "$work/$f.json"
  jq -e .ok "$work/$f.json" >/dev/null || status=1
done
if [ -f "$work/lincao.json" ]; then
  jq -r '"verification bound: \(.verify.cores) cores / (\(.verify.verifying_nodes) nodes x \(.verify.one_verify_us*10|round/10) us) = \(.verify.bound_per_s|round) tx/s"' "$work/lincao.json"
fi
if [ -f "$work/lincao.json" ] && [ -f "$work/etcd.json" ]; then
  jq -rn --slurpfile l "$work/lincao.json" --slurpfile e "$work/etcd.json" \
    '"ratio lincao/etcd = \(if $e[0].committed_per_s > 0 then ($l[0].committed_per_s / $e[0].committed_per_s * 100 | round / 100) else "n/a" end)"'
fi
exit "$status"

# Sourced by scripts that start local nodes on loopback (tools/bench/compare.sh,
# tests/integration/cluster_script_test.sh): finding ports nobody listens on.

# free_port_base COUNT: prints a base port such that COUNT consecutive ports
# from it have no listener (checked with `ss`), picked at random in
# 20000-59999 so that concurrent runs rarely collide. Returns 1 when 50 tries
# found none.
free_port_base() {
  local count="$1" base p busy
  for _ in $(seq 1 50); do
    base=$((20000 + (RANDOM % 400) * 100))
    busy=0
    for p in $(seq "$base" $((base + count - 1))); do
      if ss -ltn "sport = :$p" 2>/dev/null | grep -q LISTEN; then busy=1; break; fi
    done
    [ "$busy" -eq 0 ] && { echo "$base"; return 0; }
  done
  return 1
}

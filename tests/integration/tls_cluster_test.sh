#!/usr/bin/env bash
# Three lincaod nodes with TLS on every listener and mutual TLS between
# members (certificates made here with openssl): a leader is elected over TLS
# peer streams, a transaction sent to a follower with `--tls-ca` commits on
# all three, and a plaintext client is refused.
#   usage: tls_cluster_test.sh LINCAOD LINCAO
set -euo pipefail
lincaod="$1"
lincao="$2"
command -v openssl >/dev/null || { echo "SKIP: openssl not installed"; exit 77; }
dir="$(mktemp -d /tmp/lincao-tls-XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
  rm -rf "$dir"
}
trap cleanup EXIT
base=$(( 20000 + ($$ % 4000) * 2 ))
peer_base=$(( base + 10000 ))

echo "== certificates: a CA and one certificate for 127.0.0.1"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
  -subj "/CN=lincao test CA" -keyout "$dir/ca.key" -out "$dir/ca.pem" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=lincao node" \
  -keyout "$dir/node.key" -out "$dir/node.csr" 2>/dev/null
printf "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n" >"$dir/ext.cnf"
openssl x509 -req -in "$dir/node.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial \
  -days 2 -extfile "$dir/ext.cnf" -out "$dir/node.pem" 2>/dev/null

echo "== three nodes with [tls]"
"$lincao" genesis init --dev --dir "$dir/chain" --nodes 3 --chaincode-version 1 --base-port "$base" \
  --peer-base-port "$peer_base" >/dev/null
for i in 1 2 3; do
  printf '\n[tls]\ncert_file = "%s"\nkey_file = "%s"\nca_file = "%s"\nclient_ca_file = "%s"\n' \
    "$dir/node.pem" "$dir/node.key" "$dir/ca.pem" "$dir/ca.pem" >>"$dir/chain/node-$i/lincaod.toml"
  "$lincaod" --config "$dir/chain/node-$i/lincaod.toml" >>"$dir/chain/node-$i/lincaod.log" 2>&1 &
  pids[$i]=$!
done
for i in 1 2 3; do
  for _ in $(seq 1 200); do [ -s "$dir/chain/node-$i/grpc.port" ] && break; sleep 0.05; done
  [ -s "$dir/chain/node-$i/grpc.port" ] || { echo "FAIL: node-$i did not start"; tail -5 "$dir/chain/node-$i/lincaod.log"; exit 1; }
done
addr() { echo "127.0.0.1:$(( base + $1 - 1 ))"; }
field() { sed -n "s/.*\"$1\": *\"\{0,1\}\([^\",}]*\)\"\{0,1\}.*/\1/p"; }
leader=0
for _ in $(seq 1 100); do
  for i in 1 2 3; do
    r=$("$lincao" query status --node "$(addr "$i")" --tls-ca "$dir/ca.pem" --json 2>/dev/null | field role || true)
    [ "$r" = leader ] && leader=$i
  done
  [ "$leader" != 0 ] && break
  sleep 0.1
done
[ "$leader" != 0 ] || { echo "FAIL: no leader over TLS peer streams"; tail -5 "$dir/chain/node-1/lincaod.log"; exit 1; }
echo "leader: node-$leader"

echo "== a plaintext client is refused"
if "$lincao" query status --node "$(addr 1)" --timeout-ms 2000 >/dev/null 2>"$dir/plain.err"; then
  echo "FAIL: plaintext query answered by a TLS listener"; exit 1
fi
grep -q -- "--tls-ca" "$dir/plain.err" || { echo "FAIL: the refusal does not point to --tls-ca:"; cat "$dir/plain.err"; exit 1; }

echo "== a transaction through a follower commits on all three"
f=$(( leader % 3 + 1 ))
"$lincao" keys new --owner coop --out "$dir/coop.key" >/dev/null
"$lincao" account open --node "$(addr "$f")" --tls-ca "$dir/ca.pem" --key "$dir/chain/keys/registrar.key" \
  --id coop --role project_owner --pubkey-file "$dir/coop.key" >/dev/null
for _ in $(seq 1 50); do
  heads=$(for i in 1 2 3; do "$lincao" query status --node "$(addr "$i")" --tls-ca "$dir/ca.pem" --json | field height; done | sort -u)
  [ "$heads" = 1 ] && break
  sleep 0.1
done
[ "$heads" = 1 ] || { echo "FAIL: heights differ: $heads"; exit 1; }
echo "PASS: TLS listeners, mutual-TLS peer streams, height 1 everywhere"

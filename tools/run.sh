#!/usr/bin/env bash
# README command one: start a single lincao node on the embedded dev default.
# Installs what is missing, builds, creates a dev genesis and keys under
# ./data/dev/ when absent, and runs lincaod in the foreground (Ctrl-C stops
# it; running again resumes the same ledger).
#   LINCAO_DATA_DIR  data directory (default data/dev)
#   LINCAO_CHAINCODE_VERSION  chaincode version of a new dev chain (default:
#                    the latest; 2 for the README tour's `lincao tx issue`)
#   extra arguments  passed to lincaod, e.g. --log-level debug
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
data_dir="${LINCAO_DATA_DIR:-data/dev}"
build_dir="${LINCAO_BUILD_DIR:-build}"

tools/bootstrap.sh
tools/build.sh --target lincaod lincao
bin="$repo/$build_dir/bin"

if [ ! -f "$data_dir/genesis.json" ]; then
  "$bin/lincao" genesis init --dev --dir "$data_dir" \
    ${LINCAO_CHAINCODE_VERSION:+--chaincode-version "$LINCAO_CHAINCODE_VERSION"}
fi

listen=$(sed -n 's/^listen *= *"\([^"]*\)".*/\1/p' "$data_dir/lincaod.toml" | head -n1)
cat <<INFO

lincao dev node
  data     $repo/$data_dir  (raft/ log, ledger/ blocks and state)
  genesis  $repo/$data_dir/genesis.json
  keys     $repo/$data_dir/keys/  (registrar.key signs account opening and issuance)
  gRPC     ${listen:-127.0.0.1:7050}  (lincao.v1.Registry)

Try, in another terminal:
  export PATH="$repo/$build_dir/bin:\$PATH"
  lincao query status
  lincao query account registrar
  lincao query block --latest
Stop with Ctrl-C; run tools/run.sh again to resume the same ledger.

INFO
exec "$bin/lincaod" --config "$data_dir/lincaod.toml" "$@"

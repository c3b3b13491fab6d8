#!/usr/bin/env bash
# Installs the Debian packages lincao builds with. Idempotent: packages already
# installed are skipped, and `apt-get update` runs at most once per call.
# Needs root (or sudo) only when something is missing.
#
#   tools/bootstrap.sh               what building and ctest need
#   tools/bootstrap.sh --with-etcd   also etcd-server, which only the
#                                    lincao/etcd comparison needs
#                                    (tools/bench/compare.sh); kept out of
#                                    the default so CI does not install a
#                                    database it never runs
set -euo pipefail

with_etcd=0
for arg in "$@"; do
  case "$arg" in
    --with-etcd) with_etcd=1 ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bootstrap: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

readonly PACKAGES=(
  build-essential cmake pkg-config git
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  librocksdb-dev libsodium-dev libssl-dev libboost-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libspdlog-dev libcli11-dev nlohmann-json3-dev libtomlplusplus-dev
  ninja-build ccache
  openssl iproute2   # the TLS and network-namespace cluster tests
  jq                 # tools/demo.sh and tools/bench/compare.sh read JSON
  python3            # tools/check_proto_comments.py (ctest proto_field_comments)
)
extra=()
[ "$with_etcd" -eq 1 ] && extra+=(etcd-server)  # /usr/bin/etcd for tools/bench/compare.sh

missing=()
for pkg in "${PACKAGES[@]}" ${extra[@]+"${extra[@]}"}; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "bootstrap: all $((${#PACKAGES[@]} + ${#extra[@]})) packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "bootstrap: missing packages (${missing[*]}) and not root; run as root" >&2
    exit 1
  fi
fi

echo "bootstrap: installing ${#missing[@]} packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
echo "bootstrap: done"

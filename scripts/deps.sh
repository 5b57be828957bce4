#!/usr/bin/env bash
# Installs the Debian packages geflow's build and tests need, only when some are missing.
# Idempotent and quiet when everything is present; runs `apt-get update` only before an install.
set -euo pipefail

packages=(
  build-essential cmake pkg-config clang libclang-rt-14-dev
  valgrind python3-numpy
  protobuf-c-compiler libprotobuf-c-dev
  libonnx-testdata
  libjpeg62-turbo-dev libpng-dev libtiff-dev libwebp-dev libopenjp2-7-dev  # ImageDecoder codecs
  libopenblas-dev  # bench/gemm.c compares against it; the library never links it
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=sudo
  else
    echo "scripts/deps.sh: missing packages: ${missing[*]}" >&2
    echo "scripts/deps.sh: run as root (or with passwordless sudo) to install them, or install them yourself:" >&2
    echo "  apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
else
  SUDO=
fi

echo "scripts/deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

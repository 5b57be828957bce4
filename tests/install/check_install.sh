#!/usr/bin/env bash
# Installs the build into a scratch prefix and builds a client there the way users do:
# `cc prog.c $(pkg-config --cflags --libs ge_runner)`, then runs it without LD_LIBRARY_PATH
# (the .pc file gives an rpath), and checks the CMake package and the vendor library names.
set -euo pipefail
build=$1 src=$2
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
cc -std=c11 -Wall -Werror "$src/tests/install/acl_client.c" -o "$prefix/acl_client" $(pkg-config --cflags --libs ge_runner)
"$prefix/acl_client"
for name in libge_runner.so libascendcl.so libgraph.so libfmk_onnx_parser.so; do
  [ -e "$prefix/lib/$name" ] || { echo "missing $prefix/lib/$name"; exit 1; }
done
[ -f "$prefix/lib/cmake/geflow/geflowConfig.cmake" ] || { echo "missing CMake package"; exit 1; }
ops=$("$prefix/bin/geflow" ops) || { echo "bin/geflow does not run from the prefix"; exit 1; }
grep -q "^Identity " <<<"$ops" || { echo "bin/geflow ops printed no Identity row"; exit 1; }
echo "pkg-config, rpath, vendor names, CMake package and bin/geflow: ok"

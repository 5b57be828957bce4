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
# A static client: libge_runner.a plus what `pkg-config --static` lists (Requires.private: the
# protobuf-c and image codec libraries), and the same through the CMake package's static target.
static_libs=$(pkg-config --static --libs ge_runner)
cc -std=c11 -Wall -Werror "$src/tests/install/acl_client.c" -o "$prefix/acl_client_static" \
  $(pkg-config --cflags ge_runner) "$prefix/lib/libge_runner.a" ${static_libs//-lge_runner/}
if readelf -d "$prefix/acl_client_static" | grep -q 'NEEDED.*libge_runner'; then
  echo "the static client still needs libge_runner.so"; exit 1
fi
"$prefix/acl_client_static" >/dev/null
mkdir -p "$prefix/cmake_client"
cat >"$prefix/cmake_client/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.25)
project(geflow_static_client C)
find_package(geflow REQUIRED)
add_executable(acl_client "$src/tests/install/acl_client.c")
target_link_libraries(acl_client PRIVATE geflow::ge_runner_static)
CMAKE
cmake -S "$prefix/cmake_client" -B "$prefix/cmake_client/build" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$prefix/cmake_client/build" >/dev/null
"$prefix/cmake_client/build/acl_client" >/dev/null
for name in libge_runner.so libascendcl.so libgraph.so libfmk_onnx_parser.so; do
  [ -e "$prefix/lib/$name" ] || { echo "missing $prefix/lib/$name"; exit 1; }
done
[ -f "$prefix/lib/cmake/geflow/geflowConfig.cmake" ] || { echo "missing CMake package"; exit 1; }
ops=$("$prefix/bin/geflow" ops) || { echo "bin/geflow does not run from the prefix"; exit 1; }
grep -q "^Identity " <<<"$ops" || { echo "bin/geflow ops printed no Identity row"; exit 1; }
echo "pkg-config (shared and static), rpath, vendor names, CMake package (static client), bin/geflow: ok"

#!/usr/bin/env bash
# Regenerates the README's supported-ops table from `geflow ops --markdown` (between the
# ops-table markers).  usage: scripts/readme_ops_table.sh [BUILD_DIR]
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
table=$(mktemp)
trap 'rm -f "$table"' EXIT
"$build/tools/geflow" ops --markdown > "$table"
python3 - "$root/README.md" "$table" <<'PY'
import sys
readme, table = sys.argv[1], open(sys.argv[2]).read()
s = open(readme).read()
b, e = "<!-- ops-table:begin (scripts/readme_ops_table.sh) -->", "<!-- ops-table:end -->"
i, j = s.index(b) + len(b), s.index(e)
open(readme, "w").write(s[:i] + "\n" + table + s[j:])
PY

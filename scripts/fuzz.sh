#!/usr/bin/env bash
# fuzz.sh runs every Go fuzz target in the module for a bounded time each
# (default 10s; `make fuzz FUZZTIME=60s` for longer). New crashers land in the
# package's testdata/fuzz/<Target>/ and become regression tests for `go test`.
set -euo pipefail
cd "$(dirname "$0")/.."
t="${1:-10s}"
tags="-tags=sqlite_fts5"
for pkg in $(go list $tags ./...); do
  for target in $(go test $tags -list '^Fuzz' "$pkg" 2>/dev/null | grep '^Fuzz' || true); do
    echo "fuzz: $pkg $target ($t)"
    go test $tags -run '^$' -fuzz "^${target}\$" -fuzztime "$t" -fuzzminimizetime 5s "$pkg"
  done
done

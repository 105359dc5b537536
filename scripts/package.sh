#!/usr/bin/env bash
# package.sh builds an installable Linux desktop package (a .tar.xz with the
# binary, .desktop entry and icon, installable with `make install` inside it)
# using Fyne's packaging tool; name, ID, icon and categories come from
# FyneApp.toml.
set -euo pipefail
cd "$(dirname "$0")/.."
tool="$(go env GOPATH)/bin/fyne"
if [[ ! -x "$tool" ]]; then
  echo "package: installing fyne.io/tools/cmd/fyne@v1.7.4"
  GOFLAGS= go install fyne.io/tools/cmd/fyne@v1.7.4
fi
mkdir -p dist
"$tool" package --target linux --tags sqlite_fts5 --release
mv -f ./*.tar.xz dist/
echo "package: $(ls dist/*.tar.xz)"

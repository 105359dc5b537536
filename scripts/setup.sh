#!/usr/bin/env bash
# setup.sh installs what Factdesk needs to build and run on Debian/Ubuntu:
# a C compiler and pkg-config for cgo, the X11/GL headers Fyne's GLFW driver
# links against, and (with --test) Xvfb and friends for the window tests.
# It installs only what is missing, with apt-get as root and sudo otherwise.
set -euo pipefail

want=(gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev
      libxinerama-dev libxi-dev libxxf86vm-dev)
if [[ "${1:-}" == "--test" ]]; then
  want+=(xvfb xauth xdotool imagemagick sqlite3 poppler-utils)
fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ! command -v go >/dev/null 2>&1; then
  echo "setup: Go is not installed; install Go 1.24 or newer from your distribution or go.dev" >&2
  exit 1
fi

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "setup: system packages present"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup: missing packages (${missing[*]}) and no apt-get; install them with your package manager" >&2
  exit 1
fi

sudo=""
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; fi
fi

echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"

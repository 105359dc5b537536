#!/usr/bin/env bash
# smoke.sh checks the real binary as a user would: it starts bin/factdesk under
# Xvfb on a temporary store (seeded with the sample corpus on first start),
# takes a screenshot, drag-selects words in the first article pane with
# xdotool, presses Ctrl+Shift+Q, and then asks the CLI whether the store holds
# the new quote annotation. Screenshots go to $SMOKE_OUT (default: a temp dir
# that is removed) so a person can look at them.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$PWD/bin/factdesk"
[[ -x "$bin" ]] || { echo "smoke: build first (make build)" >&2; exit 1; }
for c in Xvfb xdotool import; do
  command -v "$c" >/dev/null || { echo "smoke: $c missing (run: bash scripts/setup.sh --test)" >&2; exit 1; }
done

work=$(mktemp -d)
out="${SMOKE_OUT:-$work/shots}"
mkdir -p "$out"
db="$work/smoke.db"
app=""; xvfb=""
cleanup() {
  [[ -n "$app" ]] && kill "$app" 2>/dev/null || true
  [[ -n "$xvfb" ]] && kill "$xvfb" 2>/dev/null || true
  wait 2>/dev/null || true
  [[ -z "${SMOKE_OUT:-}" ]] && rm -rf "$work"
  return 0
}
trap cleanup EXIT

# Without a display the app must say so in one line, not panic.
if out_nodisp=$(env -u DISPLAY -u WAYLAND_DISPLAY "$bin" --db "$work/nodisplay.db" 2>&1); then
  echo "smoke: FAIL: the app started without a display"; exit 1
fi
if grep -q 'goroutine\|panic' <<<"$out_nodisp" || ! grep -q 'no usable display' <<<"$out_nodisp"; then
  echo "smoke: FAIL: no clear error without a display:"; echo "$out_nodisp"; exit 1
fi
echo "smoke: without a display: $(grep 'factdesk:' <<<"$out_nodisp" | head -1)"

# Xvfb picks a free display itself (-displayfd) and writes its number once it
# accepts connections; a display number that looks free from here can be
# taken in another mount or network namespace, as on shared CI hosts.
start_xvfb() {
  local attempt
  for attempt in 1 2 3; do
    : >"$work/display"
    Xvfb -displayfd 3 -screen 0 1600x1000x24 -nolisten tcp 3>"$work/display" >"$work/xvfb.log" 2>&1 &
    xvfb=$!
    for _ in $(seq 1 150); do
      n=$(tr -dc 0-9 <"$work/display")
      if [[ -n "$n" ]] && DISPLAY=":$n" xdotool getmouselocation >/dev/null 2>&1; then
        export DISPLAY=":$n"
        return 0
      fi
      kill -0 "$xvfb" 2>/dev/null || break
      sleep 0.1
    done
    echo "smoke: Xvfb attempt $attempt failed:"; cat "$work/xvfb.log"
    kill "$xvfb" 2>/dev/null || true
    wait "$xvfb" 2>/dev/null || true
    xvfb=""
  done
  return 1
}
start_xvfb || { echo "smoke: FAIL: Xvfb did not start"; exit 1; }

echo "smoke: starting factdesk on $db (display $DISPLAY)"
"$bin" --db "$db" >"$work/app.log" 2>&1 &
app=$!

wid=""
for _ in $(seq 1 100); do
  wid=$(xdotool search --onlyvisible --name '^Factdesk' 2>/dev/null | head -1 || true)
  [[ -n "$wid" ]] && break
  kill -0 "$app" 2>/dev/null || { echo "smoke: app exited early:"; cat "$work/app.log"; exit 1; }
  sleep 0.2
done
[[ -n "$wid" ]] || { echo "smoke: no window appeared"; cat "$work/app.log"; exit 1; }

# wait for the sample corpus to be seeded and shown
for _ in $(seq 1 100); do
  n=$("$bin" articles --db "$db" --json 2>/dev/null | grep -c '"id"' || true)
  [[ "$n" -gt 0 ]] && break
  sleep 0.2
done
[[ "${n:-0}" -gt 0 ]] || { echo "smoke: store was not seeded"; cat "$work/app.log"; exit 1; }
echo "smoke: seeded $n articles"
xdotool windowsize "$wid" 1600 1000 windowmove "$wid" 0 0 || true
sleep 2
import -window root "$out/01-start.png"

# The first pane's text starts below its header; drag across words of its
# first paragraph. Fractions of the window keep this independent of theme.
eval "$(xdotool getwindowgeometry --shell "$wid")"
x1=$(( X + WIDTH * ${SMOKE_X1:-25} / 100 ))
x2=$(( X + WIDTH * ${SMOKE_X2:-38} / 100 ))
y=$(( Y + HEIGHT * ${SMOKE_Y:-30} / 100 ))
xdotool mousemove "$x1" "$y" sleep 0.2 mousedown 1 sleep 0.1
for step in 1 2 3 4 5 6 7 8; do
  xdotool mousemove $(( x1 + (x2 - x1) * step / 8 )) "$y" sleep 0.05
done
xdotool mouseup 1 sleep 0.3
import -window root "$out/02-selected.png"
xdotool key --clearmodifiers ctrl+shift+q
sleep 1.5
import -window root "$out/03-annotated.png"

json=$("$bin" annotations --db "$db" --json)
if ! grep -q '"kind": "quote"' <<<"$json"; then
  echo "smoke: FAIL: no quote annotation in the store after drag + Ctrl+Shift+Q"
  echo "$json"; echo "--- app log"; cat "$work/app.log"
  [[ -n "${SMOKE_OUT:-}" ]] || echo "(set SMOKE_OUT=DIR to keep the screenshots)"
  exit 1
fi
text=$(grep -m1 '"text"' <<<"$json" | sed 's/^ *"text": //')
echo "smoke: annotation stored: $text"
echo "smoke: screenshots in $out"
echo "smoke: 1 passed, 0 failed"

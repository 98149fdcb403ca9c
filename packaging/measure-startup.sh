#!/usr/bin/env bash
# Launch-to-painted-window time of ponderlab commands, under Xvfb (apt package xvfb), paired: each
# command's first start with a fresh user home (ND4J's natives not yet unpacked into ~/.javacpp, no
# remembered settings: what a user sees the first time), then N warm starts, alternating between
# the commands so that machine load hits both alike. The window prints "painted-at-ms" when
# PONDERLAB_STARTUP_PROBE is set (see StartupProbe) and closes; the time counts from just before
# the launch.
#   packaging/measure-startup.sh 5 ./ponderlab app/target/dist/PonderLab/bin/ponderlab
set -euo pipefail
n="$1"; shift
display=":$((90 + RANDOM % 100))"
Xvfb "$display" -screen 0 1600x1000x24 >/dev/null 2>&1 &
xvfb=$!
homes="$(mktemp -d)"
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$homes"' EXIT
export DISPLAY="$display"
sleep 1

# one start of command $1 with home $2: "WALL_ms/CPU_s" (CPU: user + system of the whole process
# tree until it exits, just after the paint; less at the mercy of other processes than the wall time)
once() {
  local t0 painted cpu
  t0="$(date +%s%3N)"
  # user.home, not $HOME, is where Java (and ND4J's cache) looks
  cpu="$( { TIMEFORMAT='%U %S'; time JAVA_TOOL_OPTIONS="-Duser.home=$2" PONDERLAB_STARTUP_PROBE=1 "$1" 2>/dev/null \
      | sed -n 's/^painted-at-ms //p' > "$homes/painted"; } 2>&1 | awk '{printf "%.1f", $1 + $2}')"
  painted="$(cat "$homes/painted")"
  echo "$((painted - t0))ms/${cpu}s"
}

median() { printf '%s\n' "$@" | sed 's/ms.*//' | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
declare -A warm
i=0
for cmd in "$@"; do
  i=$((i + 1)); mkdir -p "$homes/$i"
  echo "$cmd: first start, fresh home: $(once "$cmd" "$homes/$i") (wall/CPU)"
done
for _ in $(seq "$n"); do
  i=0
  for cmd in "$@"; do
    i=$((i + 1)); warm[$i]="${warm[$i]:-} $(once "$cmd" "$homes/$i")"
  done
done
i=0
for cmd in "$@"; do
  i=$((i + 1))
  # shellcheck disable=SC2086
  echo "$cmd: warm starts (wall/CPU):${warm[$i]}, median wall $(median ${warm[$i]}) ms"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

#!/usr/bin/env bash
# Launch-to-painted-window time of a ponderlab command, under Xvfb (apt package xvfb): the first
# start with a fresh home (ND4J's natives not yet unpacked into ~/.javacpp: what a user sees the
# first time), then N warm starts. The window prints "painted-at-ms" when PONDERLAB_STARTUP_PROBE is
# set (see StartupProbe) and closes; the time is taken from just before the launch.
#   packaging/measure-startup.sh ./ponderlab 5
#   packaging/measure-startup.sh app/target/dist/PonderLab/bin/ponderlab 5
set -euo pipefail
cmd="$1"; n="${2:-5}"
display=":$((90 + RANDOM % 100))"
Xvfb "$display" -screen 0 1600x1000x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$home"' EXIT
export DISPLAY="$display"
home="$(mktemp -d)"
sleep 1

once() {
  local t0 painted
  t0="$(date +%s%3N)"
  painted="$(HOME="$home" PONDERLAB_STARTUP_PROBE=1 "$cmd" | sed -n 's/^painted-at-ms //p')"
  echo $((painted - t0))
}

echo "$cmd, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  first start, fresh home: $(once) ms"
warm=()
for _ in $(seq "$n"); do warm+=("$(once)"); done
echo "  warm starts: ${warm[*]} ms (median $(printf '%s\n' "${warm[@]}" | sort -n | sed -n "$(( (n + 1) / 2 ))p") ms)"

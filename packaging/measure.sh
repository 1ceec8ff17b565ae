#!/usr/bin/env bash
# Figures of the Linux package, measured with ordinary tools:
#   bash packaging/measure.sh [BUNDLE_DIR] [DEB]
# bundle size unpacked and what dominates it, .deb size, and median wall times of the
# frozen program: `--version` (interpreter start), `--screenshot --quit-after 0` (start to
# the first window drawn and saved, then exit) and `--self-test`.
set -euo pipefail
cd "$(dirname "$0")/.."
bundle="${1:-build/dist/habitat-panel}"
deb="${2:-$(ls build/habitat-panel_*.deb 2>/dev/null | sed -n 1p)}"
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
export HABITAT_PANEL_HOME="$(mktemp -d)"
trap 'rm -rf "$HABITAT_PANEL_HOME"' EXIT

echo "glibc here: $(ldd --version 2>&1 | sed -n 1p)"
echo "bundle unpacked: $(du -sh "$bundle" | cut -f1) ($(du -sb "$bundle" | cut -f1) bytes)"
echo "largest parts:"
du -sh "$bundle"/_internal/* | sort -rh | sed -n 1,6p | sed 's/^/  /'
echo "largest files:"
find "$bundle" -type f -printf '%s %P\n' | sort -rn | sed -n 1,8p \
    | awk '{printf "  %6.1f MB  %s\n", $1/1e6, $2}'
[ -n "$deb" ] && echo ".deb: $(du -h "$deb" | cut -f1) ($(stat -c %s "$deb") bytes) $deb"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
run_times() {  # N command...: median wall seconds
    local n=$1; shift
    for _ in $(seq "$n"); do
        local t0 t1
        t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N)
        awk "BEGIN {print $t1 - $t0}"
    done | median
}
shot="$HABITAT_PANEL_HOME/first.png"
printf 'frozen --version (interpreter start): %.2f s\n' "$(run_times 5 "$bundle/habitat-panel" --version)"
printf 'frozen start to first window drawn and saved (--screenshot at t=0): %.2f s\n' \
    "$(run_times 5 "$bundle/habitat-panel" --screenshot "$shot" --quit-after 0)"
printf 'frozen --self-test (start, evacuate, seal, checks, exit): %.2f s\n' \
    "$(run_times 3 "$bundle/habitat-panel" --self-test)"

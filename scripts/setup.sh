#!/usr/bin/env bash
# Set up the Habitat Control Panel in ./.venv on Debian/Ubuntu.
#   scripts/setup.sh          the panel
#   scripts/setup.sh --test   the panel and the test tools
# Installs the system libraries Qt needs (and, for the panel, a player for the alarm
# sounds) when they are missing and we run as root; otherwise names the packages.
set -euo pipefail
cd "$(dirname "$0")/.."

extra=""
[ "${1:-}" = "--test" ] && extra="[test]"

# soname -> Debian package, for Qt's offscreen and xcb platforms
qt_libs="libEGL.so.1:libegl1 libGL.so.1:libgl1 libxkbcommon.so.0:libxkbcommon0
libxkbcommon-x11.so.0:libxkbcommon-x11-0 libfontconfig.so.1:libfontconfig1
libfreetype.so.6:libfreetype6 libdbus-1.so.3:libdbus-1-3 libglib-2.0.so.0:libglib2.0-0
libX11-xcb.so.1:libx11-xcb1 libxcb-cursor.so.0:libxcb-cursor0 libxcb-icccm.so.4:libxcb-icccm4
libxcb-keysyms.so.1:libxcb-keysyms1 libxcb-shape.so.0:libxcb-shape0
libxcb-randr.so.0:libxcb-randr0 libxcb-render-util.so.0:libxcb-render-util0
libxcb-image.so.0:libxcb-image0"
missing=()
for pair in $qt_libs; do
    ldconfig -p 2>/dev/null | grep -q "${pair%%:*}" || missing+=("${pair##*:}")
done
command -v fc-list >/dev/null && [ -n "$(fc-list 2>/dev/null | head -1)" ] || missing+=(fontconfig fonts-dejavu-core)
python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
# the tests build the frozen bundle: PyInstaller needs objdump on Linux
if [ -n "$extra" ] && ! command -v objdump >/dev/null; then missing+=(binutils); fi
command -v python3 >/dev/null || missing+=(python3)
# the panel's alarm sounds play through PipeWire's, PulseAudio's or ALSA's player
if [ -z "$extra" ] && ! command -v pw-play >/dev/null && ! command -v paplay >/dev/null \
        && ! command -v aplay >/dev/null; then missing+=(alsa-utils); fi

if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "setup: installing system packages: ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        echo "setup: missing (Qt may not start, alarms may be silent); as root run:" \
             "apt-get install ${missing[*]}" >&2
    fi
fi

python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
    echo "setup: Python 3.11 or newer is needed (found $(python3 --version))" >&2; exit 1; }
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e ".${extra}"
echo "setup: ready in .venv"

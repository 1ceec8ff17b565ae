#!/usr/bin/env bash
# Build the .deb of a built bundle with dpkg-deb.
#   packaging/linux/build-deb.sh BUNDLE_DIR ICONS_DIR OUT_DIR
# BUNDLE_DIR: PyInstaller's one-folder habitat-panel/; ICONS_DIR: render_icons.py's output.
# Installs /opt/habitat-panel, /usr/bin/habitat-panel and habitat-sim (symlinks), the
# desktop entry, AppStream metainfo and hicolor icons; no maintainer scripts, so dpkg -r
# removes exactly what it installed (icon and desktop caches update by dpkg triggers).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bundle="$(cd "$1" && pwd)"; icons="$(cd "$2" && pwd)"; out="$3"
app_id=org.ares.HabitatPanel
version="$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$root/habitat_gui/__init__.py")"
arch="$(dpkg --print-architecture)"
glibc="$(ldd --version 2>&1 | sed -n '1s/.* \([0-9][0-9]*\.[0-9][0-9]*\)$/\1/p')"
stage="$out/deb-root"
rm -rf "$stage"
mkdir -p "$stage/DEBIAN" "$stage/opt" "$stage/usr/bin" "$stage/usr/share/applications" \
         "$stage/usr/share/metainfo" "$stage/usr/share/icons" "$stage/usr/share/doc/habitat-panel"
cp -a "$bundle" "$stage/opt/habitat-panel"
ln -s /opt/habitat-panel/habitat-panel "$stage/usr/bin/habitat-panel"
ln -s /opt/habitat-panel/habitat-sim "$stage/usr/bin/habitat-sim"
install -m 644 "$here/$app_id.desktop" "$stage/usr/share/applications/$app_id.desktop"
install -m 644 "$here/$app_id.metainfo.xml" "$stage/usr/share/metainfo/$app_id.metainfo.xml"
cp -a "$icons/hicolor" "$stage/usr/share/icons/hicolor"
{
    echo "Habitat Control Panel $version"
    echo
    echo "License: MIT. Bundled: Python, Qt for Python (LGPLv3), pyqtgraph (MIT), NumPy (BSD),"
    echo "simpy (MIT), platformdirs (MIT), threadpoolctl (BSD-3-Clause); DejaVu fonts:"
    echo
    cat "$root/resources/fonts/LICENSE-DejaVu.txt"
} > "$stage/usr/share/doc/habitat-panel/copyright"
chmod -R u+rwX,go+rX,go-w "$stage"
installed_kb="$(du -sk --exclude=DEBIAN "$stage" | cut -f1)"
cat > "$stage/DEBIAN/control" <<CONTROL
Package: habitat-panel
Version: $version
Architecture: $arch
Maintainer: Ares habitat systems <habitat@ares.invalid>
Installed-Size: $installed_kb
Depends: libc6 (>= $glibc), libgl1, libegl1, libxcb1, libfontconfig1, libdbus-1-3
Recommends: pipewire-bin | pulseaudio-utils | alsa-utils
Section: science
Priority: optional
Homepage: https://ares.invalid/habitat-panel
Description: Life-support control station and simulator for a Mars colony
 Habitat Control Panel shows a colony's schematic and live trends, driven by an
 embedded life-support simulation, and lets an operator seal interconnects, switch
 oxygen generators, evacuate modules and force equipment. Self-contained bundle in
 /opt/habitat-panel with habitat-panel (GUI) and habitat-sim (command line).
CONTROL
mkdir -p "$out"
deb="$out/habitat-panel_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
echo "build-deb: $deb ($(du -h "$deb" | cut -f1))"

#!/usr/bin/env bash
# macOS: the app bundle (the spec's BUNDLE step) into a compressed disk image.
#   bash packaging/macos/make-dmg.sh        (on macOS, from the checkout)
# Result: build/habitat-panel-<version>.dmg holding "Habitat Control Panel.app" and a link
# to /Applications. Unsigned: sign and notarise with the release keys before shipping.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY="${PYTHON:-python3}"
version="$(sed -n 's/^__version__ = "\(.*\)"/\1/p' habitat_gui/__init__.py)"
"$PY" packaging/render_icons.py build/icons
iconutil -c icns build/icons/habitat-panel.iconset -o build/icons/habitat-panel.icns
"$PY" -m PyInstaller --noconfirm --distpath build/dist --workpath build/pyinstaller \
    packaging/habitat-panel.spec
app="build/dist/Habitat Control Panel.app"
"$app/Contents/MacOS/habitat-panel" --version
stage="build/dmg"
rm -rf "$stage" && mkdir -p "$stage"
cp -R "$app" "$stage/"
ln -s /Applications "$stage/Applications"
rm -f "build/habitat-panel-$version.dmg"
hdiutil create -volname "Habitat Control Panel" -srcfolder "$stage" -fs HFS+ -format UDZO \
    "build/habitat-panel-$version.dmg"
echo "make-dmg: build/habitat-panel-$version.dmg"

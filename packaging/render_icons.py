"""Render the SVG icon to what each platform wants, with Qt's own SVG renderer.

    python packaging/render_icons.py OUT_DIR

OUT_DIR/hicolor/NxN/apps/org.ares.HabitatPanel.png (16-512 px) and .../scalable/apps/*.svg
for Linux, OUT_DIR/habitat-panel.ico for Windows, OUT_DIR/habitat-panel.iconset/ for
macOS (``iconutil -c icns`` turns it into habitat-panel.icns).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

APP_ID = "org.ares.HabitatPanel"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
SVG = Path(__file__).resolve().parents[1] / "resources" / "icons" / "habitat-panel.svg"


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main(out: Path) -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"render_icons: cannot read {SVG}", file=sys.stderr)
        return 1
    hicolor = out / "hicolor"
    for size in SIZES:
        folder = hicolor / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True, exist_ok=True)
        if not render(renderer, size).save(str(folder / f"{APP_ID}.png")):
            print(f"render_icons: cannot write {size}px", file=sys.stderr)
            return 1
    scalable = hicolor / "scalable" / "apps"
    scalable.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SVG, scalable / f"{APP_ID}.svg")
    render(renderer, 256).save(str(out / "habitat-panel.ico"))
    iconset = out / "habitat-panel.iconset"
    iconset.mkdir(parents=True, exist_ok=True)
    for size in (16, 32, 128, 256, 512):
        render(renderer, size).save(str(iconset / f"icon_{size}x{size}.png"))
        render(renderer, size * 2).save(str(iconset / f"icon_{size}x{size}@2x.png"))
    print(f"render_icons: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "build/icons")))

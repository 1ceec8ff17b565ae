"""The window over a plant served over OPC UA: the colony drawn from the server's habitat,
and COMM LOSS, with the plant's views greyed, when the server stops."""

from __future__ import annotations

from habitat_gui.sources.opcua import connect
from plantlink import PASSWORDS, Running
from support import make_window

PATIENCE_MS = 120_000


def test_the_window_shows_the_colony_and_comm_loss(qtbot, tmp_path):
    running = Running(tmp_path)
    source = connect(running.url, "ada", PASSWORDS["ada"], tmp_path / "station-pki")
    window = make_window(qtbot, tmp_path, source)
    try:
        window.start()
        assert window.windowTitle().startswith("[SIMULATION] ")
        assert window.link_status is not None
        drawn = {m.id for m in window.station.latest.modules}
        assert drawn == {m.id for m in running.source.habitat.modules}
        assert window.link_status.banner.isHidden() and window.schematic.isEnabled()
        assert window.procedures is not None  # the server's procedures, in their dock
        assert window.procedures.rehearse_button.isHidden()  # no model here to try them on
        qtbot.waitUntil(lambda: "LINK up" in window.link_status.status.text(),
                        timeout=PATIENCE_MS)
        running.close()
        qtbot.waitUntil(lambda: not window.link_status.banner.isHidden(), timeout=PATIENCE_MS)
        assert window.link_status.banner.text().startswith("COMM LOSS for ")
        assert not window.schematic.isEnabled() and not window.detail.isEnabled()
        qtbot.waitUntil(lambda: any(a.id == "plant-link" for a in window.station.alarms),
                        timeout=PATIENCE_MS)
    finally:
        window.station.stop()
        source.close()

"""What a station's window spends on the plant's dry runs (every offered button asks
whether its command would be accepted, again at each new moment of the plant), with the
link through a relay that delays each way by --delay-ms (a crew laptop's network): the
dry runs of a moment sent together against the baseline of one request each, in the same
invocation. ``habitat-sim serve`` runs the built-in colony at 1x as its own process; the
window (offscreen) is the panel's MainWindow on the panel's OpcUaSource, holding control.

Run: python benchmarks/bench_station.py [--delay-ms 10] [--seconds 20]
"""

from __future__ import annotations

import argparse
import heapq
import os
import select
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_link import ServeProcess, free_url  # noqa: E402

from habitat_gui.contract.commands import Command  # noqa: E402
from habitat_gui.core import resources  # noqa: E402
from habitat_gui.link.users import make_user, save_users  # noqa: E402
from habitat_gui.sources import opcua  # noqa: E402
from habitat_gui.sources.protocol import Operator  # noqa: E402


class DelayingRelay:
    """A TCP relay on a free loopback port: every chunk passed on ``delay_s`` after it
    came, in order, each way (a one-way network delay; nothing of the protocol touched)."""

    def __init__(self, target_port: int, delay_s: float) -> None:
        self.target_port, self.delay_s = target_port, delay_s
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target_port))
            for src, dst in ((client, server), (server, client)):
                threading.Thread(target=self._one_way, args=(src, dst), daemon=True).start()

    def _one_way(self, src: socket.socket, dst: socket.socket) -> None:
        due: list[tuple[float, int, bytes]] = []
        count = 0
        while True:
            wait = max(0.0, due[0][0] - time.monotonic()) if due else 0.5
            readable, _, _ = select.select([src], [], [], wait)
            try:
                if readable:
                    data = src.recv(65536)
                    if not data:
                        return
                    count += 1
                    heapq.heappush(due, (time.monotonic() + self.delay_s, count, data))
                while due and due[0][0] <= time.monotonic():
                    dst.sendall(heapq.heappop(due)[2])
            except OSError:
                return


def ui_share(source: opcua.OpcUaSource, seconds: float) -> tuple[float, int]:
    """The share of wall time the window's thread spent in ``source.check`` over
    ``seconds`` of the running window, and how many dry runs it asked."""
    from PySide6.QtWidgets import QApplication
    spent, asked = [0.0], [0]
    real = source.check

    def timed(command: Command, operator: Operator) -> str | None:
        start = time.perf_counter()
        try:
            return real(command, operator)
        finally:
            spent[0] += time.perf_counter() - start
            asked[0] += 1

    source.check = timed  # type: ignore[method-assign]
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        QApplication.processEvents()
        time.sleep(0.005)
    source.check = real  # type: ignore[method-assign]
    return spent[0] / (time.monotonic() - start), asked[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay-ms", type=float, default=10.0,
                        help="one-way delay of the relay (default 10 ms: 20 ms round trip)")
    parser.add_argument("--seconds", type=float, default=20.0,
                        help="measured seconds per variant (default 20)")
    args = parser.parse_args()
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from habitat_gui.ui.main_window import MainWindow
    app = QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        save_users(folder / "users.toml", {"ada": make_user("ada", "operator", "ada-pw")})
        url = free_url()
        server = ServeProcess(folder, resources.builtin("habitats")["ares"],
                              folder / "users.toml", url)
        relay = DelayingRelay(int(url.rsplit(":", 1)[1]), args.delay_ms / 1000)
        source = opcua.connect(f"opc.tcp://127.0.0.1:{relay.port}", "ada", "ada-pw",
                               folder / "station-pki", station="bench")
        try:
            record = source.submit(Command.of("request_control", station="bench"),
                                   Operator("ada"))
            assert record.outcome == "accepted", record.reason
            window = MainWindow(source, settings=QSettings(str(folder / "s.ini"),
                                                           QSettings.Format.IniFormat))
            window.persist = False
            window.resize(1600, 1000)
            window.show()
            window.start()
            ui_share(source, 3.0)  # settle: the first moments, every button asked
            together = source._check_all
            source._check_all = lambda texts: {}  # type: ignore[method-assign]
            one_each, asked_one = ui_share(source, args.seconds)
            source._check_all = together  # type: ignore[method-assign]
            sent_together, asked_together = ui_share(source, args.seconds)
            window.station.stop()
        finally:
            source.close()
            server.stop()
    print(f"station dry runs, {args.delay_ms:g} ms each way, built-in colony at 1x, "
          f"{args.seconds:g} s each:")
    print(f"  one request each (baseline): {one_each * 100:.1f} % of the window's thread "
          f"({asked_one} asked)")
    print(f"  a moment's sent together:    {sent_together * 100:.1f} % "
          f"({asked_together} asked): x{sent_together / one_each:.2f}")
    app.quit()


if __name__ == "__main__":
    main()

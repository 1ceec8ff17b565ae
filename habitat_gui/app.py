"""``habitat-panel``: the life-support control station (Qt) over the embedded simulation.

    habitat-panel [--habitat FILE] [--scenario NAME|FILE] [--speed X] [--seed N]
                  [--user NAME] [--role operator|supervisor|observer]
    habitat-panel --scenario seal-breach --screenshot shot.png --quit-after 3600
    habitat-panel --replay FILE
    habitat-panel --connect opc.tcp://HOST:PORT [--user NAME] [--station NAME]
    habitat-panel --self-test
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import signal
import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from . import __version__, desktop, display, folders
from .arguments import MAX_SPEED, SECONDS_FROM_0, SEED, Parser
from .core import resources
from .core.specfile import SpecError
from .sources.protocol import ClockControl, Operator
from .sources.live import build_source

if TYPE_CHECKING:
    from .sources.opcua import OpcUaSource
    from .ui.main_window import MainWindow

log = logging.getLogger("habitat_gui.app")
PASSWORD_VARIABLE = "HABITAT_PANEL_PASSWORD"  # --connect's password, for automation
ALONE = ("habitat", "scenario", "replay", "screenshot", "seed", "self_test",
         "role")  # not with --connect


def _login_name() -> str:
    """The person at the keyboard, as the system knows them."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry and no LOGNAME/USER
        return "operator"


def _tr(text: str) -> str:
    return QCoreApplication.translate("habitat-panel", text)


def _speed(text: str) -> float:
    if text.lower() in ("max", "0"):
        return 0.0
    try:
        value = float(text.lower().rstrip("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            _tr("{text!r} is not a speed (e.g. 1, 60, 600 or max)").format(text=text)) from None
    if not 0 <= value <= MAX_SPEED:  # a NaN fails both
        raise argparse.ArgumentTypeError(
            _tr("expected a speed between 0 and {high:g} (0 or 'max' = fastest), got {text}")
            .format(high=MAX_SPEED, text=text))
    return value


def parser() -> argparse.ArgumentParser:
    p = Parser(
        prog="habitat-panel",
        description=_tr("Life-support control station for a Mars colony, running the "
                        "embedded simulation (always marked SIMULATION)."))
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.add_argument("--habitat", metavar="FILE",
                   help=_tr("habitat file (default: the built-in colony 'ares')"))
    p.add_argument("--scenario", metavar="NAME|FILE",
                   help=_tr("built-in scenario name ({names}) or scenario file").format(
                       names=", ".join(resources.builtin("scenarios"))))
    p.add_argument("--speed", type=_speed, metavar="X",
                   help=_tr("simulated seconds per second: 1, 10, 60, 600 or max "
                            "(default: the last speed used, first time 1)"))
    p.add_argument("--seed", type=SEED, metavar="N",
                   help=SEED.help(_tr("random seed (default: scenario's, or 0)")))
    p.add_argument("--screenshot", metavar="PNG",
                   help=_tr("run --quit-after simulated seconds as fast as possible, save a "
                            "screenshot of the window to PNG and exit"))
    p.add_argument("--quit-after", type=SECONDS_FROM_0, metavar="S", default=None,
                   help=SECONDS_FROM_0.help(
                       _tr("simulated seconds to run before --screenshot (default 0)")))
    p.add_argument("--color-scheme", choices=("system", "light", "dark"), default="system",
                   help=_tr("light or dark display (default: follow the system)"))
    p.add_argument("--replay", metavar="FILE",
                   help=_tr("replay a recording (read-only, with a timeline to scrub; "
                            "'Branch here' takes over from the moment shown)"))
    p.add_argument("--no-record", action="store_true",
                   help=_tr("do not record this run (by default every run is recorded to "
                            "{folder})").format(folder=folders.recordings_dir()))
    p.add_argument("--user", metavar="NAME",
                   help=_tr("the person named in the audit of every command (default: the "
                            "login name); with --connect, the user to log in as"))
    p.add_argument("--role", choices=("operator", "supervisor", "observer"),
                   help=_tr("the role the audit names with --user (default operator): "
                            "supervisor for an instructor (the Instructor menu: start a "
                            "scenario, inject a fault), observer to watch only; with "
                            "--connect the server's user list says"))
    p.add_argument("--connect", metavar="URL",
                   help=_tr("watch and command a plant served by 'habitat-sim serve' at "
                            "opc.tcp://HOST:PORT (asks for the password; or from the "
                            "environment variable {var})").format(var=PASSWORD_VARIABLE))
    p.add_argument("--station", metavar="NAME",
                   help=_tr("with --connect, this station's name, as the plant's control "
                            "token and audit show it (default: this computer's name)"))
    p.add_argument("--self-test", action="store_true",
                   help=_tr("run a short built-in emergency (evacuate, seal) offscreen, "
                            "check the outcome and exit 0, or 1 with the reason"))
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.quit_after is not None and not args.screenshot:
        parser().error(_tr("--quit-after needs --screenshot"))
    if args.connect and any(getattr(args, name) for name in ALONE):
        parser().error(_tr("--connect takes only --user, --station, --speed and "
                           "--color-scheme"))
    if args.station and not args.connect:
        parser().error(_tr("--station goes with --connect"))
    if args.self_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    no_display = display.missing(os.environ)
    if no_display:  # Qt's xcb plugin would abort with a misleading message
        print(no_display, file=sys.stderr)
        return 2
    handlers = desktop.Desktop()      # rotating log, crash file, excepthook
    try:
        return _main(args, handlers)
    finally:
        handlers.close()


def _main(args: argparse.Namespace, handlers: desktop.Desktop) -> int:
    log.info("habitat-panel %s starting (%s)", __version__, sys.platform)
    source = None
    if not args.self_test and not args.connect:
        speed = args.speed if args.speed is not None else 1.0
        try:
            if args.replay:  # the reader and the replay imported only for a replay
                from .core.recording.reader import Recording
                from .sources.replay import ReplaySource

                source = ReplaySource(Recording.open(args.replay), speed)
            else:
                source = build_source(args.habitat, args.scenario, args.seed, speed,
                                      not args.no_record)
        except SpecError as exc:
            display.report_start_error(f"habitat-panel: {exc}")
            return 2

    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from .ui import fonts, theme
    from .ui.main_window import APPLICATION, ORGANIZATION, MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("org.ares.HabitatPanel")
    app.setWindowIcon(QIcon(str(resources.resources_dir() / "icons" / "habitat-panel.svg")))
    desktop.load_fonts(app)
    app.setFont(fonts.at_least_minimum(app.font()))
    theme.force(args.color_scheme)
    app.setPalette(theme.palette(theme.for_scheme(theme.system_scheme())))  # the login's too
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    if args.self_test:
        from . import selftest
        return selftest.run(app)
    speed = args.speed
    user = args.user or _login_name()
    if args.connect:
        connected = _connect(args.connect, user, args.station)
        if isinstance(connected, int):
            return connected
        source, user = connected, connected.user  # the one logged in
        if speed is None and isinstance(source, ClockControl):
            speed = source.speed  # the server's clock as it is, not the last one used here
    if args.screenshot:
        speed = 1.0 if speed is None else speed
    settings = None
    if args.screenshot:
        # a screenshot run neither reads nor writes the operator's saved layout
        import tempfile

        from PySide6.QtCore import QSettings
        scratch = Path(tempfile.mkdtemp(prefix="habitat-panel-")) / "settings.ini"
        settings = QSettings(str(scratch), QSettings.Format.IniFormat)
    window = MainWindow(source, settings=settings, speed=speed,
                        operator=Operator(user, args.role or "operator"))
    current = [window]  # a drill's new run renews the window
    dress(window, handlers.problem, current)
    if args.screenshot:
        code = _screenshot(app, window, Path(args.screenshot), args.quit_after or 0.0)
    else:
        window.show()
        window.start()
        code = app.exec()
    _dispose(current[0])
    return code


def dress(window: MainWindow, problem: str | None, current: list[MainWindow]) -> None:
    """What the application adds to each window (the log's state, the command log) and, when
    a drill's new run renews it, to its successor, which becomes ``current[0]``; the old
    window is deleted."""
    from PySide6.QtWidgets import QLabel

    current[0] = window
    if problem is not None:  # the panel runs on without its log
        unlogged = QLabel(_tr("no log written: {reason}").format(reason=problem))
        unlogged.setObjectName("statusLog")
        window.add_status(unlogged)
    window.station.sigCommandIssued.connect(
        lambda r, origin: log.info("command %s %s by %s: %s: %s", r.command, r.args, r.who,
                                   r.outcome, r.reason))
    window.sigRenewed.connect(
        lambda successor: (window.deleteLater(), dress(successor, problem, current)))


def _connect(url: str, user: str, station: str | None) -> OpcUaSource | int:
    """The plant served at ``url``, logged in with the password from the environment, or
    from the login dialog, asked again with the reason until the server accepts it or the
    operator cancels; 2 (said in one line, and a dialog) when it cannot be."""
    from .sources.opcua import LinkRefused, OpcUaSource, connect
    from .ui.login import ask_login, remember_server
    from .ui.main_window import default_settings
    from .ui.waiting import wait_for

    settings = default_settings()
    password, problem = os.environ.get(PASSWORD_VARIABLE), ""
    interactive = password is None
    while True:
        if interactive:
            answer = ask_login(settings, url, user, problem)
            if answer is None:
                print("habitat-panel: login cancelled", file=sys.stderr)
                return 2
            url, user, password = answer
        attempt = partial(connect, url, user, password or "",
                          folders.data_dir() / "station-pki", station=station)
        try:
            source = wait_for("Habitat Control Panel", f"Connecting to {url} as {user}…",
                              attempt, OpcUaSource.close)
        except LinkRefused as exc:
            if not interactive:
                display.report_start_error(f"habitat-panel: {exc}")
                return 2
            problem = str(exc).removeprefix(f"{url}: ")  # the server is in the dialog
            log.warning("login to %s refused: %s", url, problem)
            continue
        if source is not None:
            break
        if not interactive:
            print("habitat-panel: connect cancelled", file=sys.stderr)
            return 2
        problem = f"Connecting to {url} was cancelled."
    remember_server(settings, url)
    log.info("connected to %s as %s at station %s", url, user, source.station)
    return source


def _dispose(window) -> None:
    """Destroy the window (and its scene's items) now, while Qt is still up, rather than
    leave it to interpreter shutdown, where teardown order is undefined."""
    import shiboken6

    window.station.stop()
    if window.forecasts is not None:
        window.forecasts.wait(-1)  # deleting the pool under a running job would deadlock
    window.station.source.close()  # finishes the recording
    window.annunciator.player.close()  # no alarm sound player left running
    if shiboken6.isValid(window):
        window.schematic.scene().clear()
        shiboken6.delete(window)


def _screenshot(app, window, path: Path, quit_after_s: float) -> int:
    """Run ``quit_after_s`` simulated seconds from the start (a scenario's ``start_s``) as
    fast as possible, save the window, exit."""
    from PySide6.QtCore import QEventLoop, QTimer

    station = window.station
    loop = QEventLoop()           # a loop of our own: main() may run inside a host app
    quit_after_s += station.latest.t_s
    station.run_to_s = quit_after_s
    window.persist = False          # a screenshot run leaves the operator's settings alone
    window.trends.live = False      # plots drawn once, at the end
    station.budget_s = 0.1
    result = {"code": 1}

    def check(snap) -> None:
        if snap.t_s + 1e-9 >= quit_after_s and result["code"] == 1:
            result["code"] = 0
            QTimer.singleShot(0, finish)

    def finish() -> None:
        station.stop()
        if window.forecasts is not None:
            window.forecasts.settle()  # the picture shows the forecast of the final moment
        window.select_worst_module()
        window.trends.redraw()
        app.processEvents()
        path.parent.mkdir(parents=True, exist_ok=True)
        ok = window.grab().save(str(path))
        if not ok:
            print(f"habitat-panel: cannot save {path}", file=sys.stderr)
            result["code"] = 1
        window.close()
        loop.quit()

    station.sigSnapshot.connect(check)
    window.show()
    station._timer.setInterval(0)
    window.start()
    loop.exec()
    return result["code"]


if __name__ == "__main__":
    sys.exit(main())

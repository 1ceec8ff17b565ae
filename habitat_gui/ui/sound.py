"""Who plays the alarm sounds (``resources/sounds/<low|medium|high>.wav``).

In order: Qt's ``QSoundEffect`` when the installed PySide6 has QtMultimedia (the full
PySide6, not PySide6-Essentials); else the platform's own player: ``winsound`` on Windows,
``afplay`` on macOS, ``pw-play``, ``paplay`` or ``aplay`` on Linux (PipeWire, PulseAudio,
ALSA); else none, and the alarm banner says the alarms are silent (also when Qt finds no
audio output device). The environment variable ``HABITAT_PANEL_SOUND`` overrides the
choice: ``none`` for silence (the tests use it), or a player command line to which the WAV
file's path is appended (one that is not a valid command line is silence, saying why).
A player command still running ``HANG_S`` after it started is stopped before the next
sound; :meth:`SoundPlayer.close` stops those still running when the panel closes.
"""

from __future__ import annotations

import logging
import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Protocol
from collections.abc import Callable, Sequence

from PySide6.QtCore import QUrl

from ..core.resources import resources_dir

SOUND_ENV = "HABITAT_PANEL_SOUND"
SOUNDS = ("low", "medium", "high")
PLAYER_COMMANDS = {"darwin": ("afplay",), "linux": ("pw-play", "paplay", "aplay")}
NO_PLAYER = ("no audio player found: install pipewire-bin, pulseaudio-utils or alsa-utils "
             "(or a PySide6 with QtMultimedia)")
NO_OUTPUT = "no audio output device"
HANG_S = 10.0  # the alarm sounds last about 1 s: a player running this long has hung
STOP_WAIT_S = 1.0  # how long a stopped player may take to end before it is killed

log = logging.getLogger(__name__)


def wav(sound: str) -> Path:
    return resources_dir() / "sounds" / f"{sound}.wav"


class SoundPlayer(Protocol):
    name: str
    played: list[str]

    @property
    def audible(self) -> bool:
        """Whether the sounds reach a loudspeaker as far as the player knows."""

    @property
    def problem(self) -> str:
        """Why not, when not."""

    def play(self, sound: str) -> None:
        """Play ``wav(sound)`` once, without waiting for it."""

    def close(self) -> None:
        """Stop what is still playing (the panel is closing)."""


class RecordingPlayer:
    """Plays nothing; records what would have sounded."""

    name = "none"
    audible = False

    def __init__(self, problem: str = NO_PLAYER) -> None:
        self.played: list[str] = []
        self.problem = problem

    def play(self, sound: str) -> None:
        self.played.append(sound)

    def close(self) -> None:
        pass


class QtSoundPlayer:
    """Plays the WAVs through QtMultimedia's ``QSoundEffect``; not audible while
    ``outputs()`` (``QMediaDevices.audioOutputs``) lists no audio output device."""

    name = "QtMultimedia"

    def __init__(self, effect_class, outputs: Callable[[], Sequence[object]]) -> None:
        self.played: list[str] = []
        self._outputs = outputs
        self._effects = {}
        for name in SOUNDS:
            effect = effect_class()
            effect.setSource(QUrl.fromLocalFile(str(wav(name))))
            self._effects[name] = effect

    @property
    def audible(self) -> bool:
        return bool(self._outputs())

    @property
    def problem(self) -> str:
        return "" if self.audible else NO_OUTPUT

    def play(self, sound: str) -> None:
        self.played.append(sound)
        self._effects[sound].play()

    def close(self) -> None:
        for effect in self._effects.values():
            effect.stop()


class WinsoundPlayer:
    """Plays the WAVs through Windows' own ``winsound`` (asynchronously)."""

    name = "winsound"
    audible = True
    problem = ""

    def __init__(self) -> None:
        self.played: list[str] = []

    def play(self, sound: str) -> None:
        import winsound
        self.played.append(sound)
        winsound.PlaySound(str(wav(sound)), winsound.SND_FILENAME | winsound.SND_ASYNC)

    def close(self) -> None:
        import winsound
        winsound.PlaySound(None, 0)  # stops the sound playing


class CommandPlayer:
    """Runs ``argv`` + the WAV's path for each sound, without waiting. A player that could
    not start, that ended in failure (say, no sound server) or that hung (still running
    ``HANG_S`` after it started; it is stopped before the next sound) makes it inaudible
    until one succeeds."""

    def __init__(self, argv: list[str], clock: Callable[[], float] = time.monotonic) -> None:
        self.argv, self.name = argv, Path(argv[0]).name
        self.clock = clock
        self.played: list[str] = []
        self.problem = ""
        self._running: list[subprocess.Popen] = []
        self._started: dict[int, float] = {}  # process id -> when it started

    @property
    def audible(self) -> bool:
        self._reap()
        return not self.problem

    def _reap(self) -> None:
        for process in [p for p in self._running if p.poll() is not None]:
            self._forget(process)
            self.problem = (f"{self.name} failed (exit status {process.returncode})"
                            if process.returncode else "")
        now = self.clock()
        hung = [p for p in self._running if now - self._started[p.pid] >= HANG_S]
        for process in hung:
            self._stop(process)
            self.problem = f"{self.name} hung (stopped after {HANG_S:g} s)"
            log.warning("alarm sound: %s", self.problem)

    def _forget(self, process: subprocess.Popen) -> None:
        self._running.remove(process)
        del self._started[process.pid]

    def _stop(self, process: subprocess.Popen) -> None:
        """Terminate ``process``, kill it if it has not ended ``STOP_WAIT_S`` later."""
        process.terminate()
        try:
            process.wait(STOP_WAIT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        self._forget(process)

    def play(self, sound: str) -> None:
        self.played.append(sound)
        self._reap()
        try:
            process = subprocess.Popen(
                [*self.argv, str(wav(sound))], stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except OSError as exc:
            self.problem = f"{self.name} could not start: {exc.strerror or exc}"
            log.warning("alarm sound %s: %s", sound, self.problem)
            return
        self._running.append(process)
        self._started[process.pid] = self.clock()

    def close(self) -> None:
        for process in list(self._running):
            self._stop(process)


def default_player() -> SoundPlayer:
    """The first player this machine has (see the module's docstring)."""
    choice = os.environ.get(SOUND_ENV, "").strip()
    if choice == "none":
        return RecordingPlayer(f"{SOUND_ENV}=none")
    if choice:
        try:
            argv = shlex.split(choice)
        except ValueError as exc:
            return RecordingPlayer(f"{SOUND_ENV} is not a command line ({exc}): {choice}")
        if not argv or shutil.which(argv[0]) is None:
            return RecordingPlayer(f"{SOUND_ENV} names no program found: {choice}")
        return CommandPlayer(argv)
    try:  # not in PySide6-Essentials
        from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
    except ImportError:
        pass
    else:
        return QtSoundPlayer(QSoundEffect, QMediaDevices.audioOutputs)
    if sys.platform == "win32":
        return WinsoundPlayer()
    for command in PLAYER_COMMANDS.get(sys.platform, PLAYER_COMMANDS["linux"]):
        path = shutil.which(command)
        if path:
            return CommandPlayer([path])
    return RecordingPlayer()


__all__ = ["SoundPlayer", "RecordingPlayer", "QtSoundPlayer", "WinsoundPlayer", "CommandPlayer",
           "default_player", "wav", "SOUND_ENV", "SOUNDS"]

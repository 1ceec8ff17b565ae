"""Who plays the alarm sounds (``resources/sounds/<low|medium|high>.wav``).

In order: Qt's ``QSoundEffect`` when the installed PySide6 has QtMultimedia (the full
PySide6, not PySide6-Essentials); else the platform's own player: ``winsound`` on Windows,
``afplay`` on macOS, ``pw-play``, ``paplay`` or ``aplay`` on Linux (PipeWire, PulseAudio,
ALSA); else none, and the alarm banner says the alarms are silent. The environment variable
``HABITAT_PANEL_SOUND`` overrides the choice: ``none`` for silence (the tests use it), or a
player command line to which the WAV file's path is appended.
"""

from __future__ import annotations

import logging
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QUrl

from ..core.resources import resources_dir

SOUND_ENV = "HABITAT_PANEL_SOUND"
SOUNDS = ("low", "medium", "high")
PLAYER_COMMANDS = {"darwin": ("afplay",), "linux": ("pw-play", "paplay", "aplay")}
NO_PLAYER = ("no audio player found: install pipewire-bin, pulseaudio-utils or alsa-utils "
             "(or a PySide6 with QtMultimedia)")

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


class RecordingPlayer:
    """Plays nothing; records what would have sounded."""

    name = "none"
    audible = False

    def __init__(self, problem: str = NO_PLAYER) -> None:
        self.played: list[str] = []
        self.problem = problem

    def play(self, sound: str) -> None:
        self.played.append(sound)


class QtSoundPlayer:
    """Plays the WAVs through QtMultimedia's ``QSoundEffect``."""

    name = "QtMultimedia"
    audible = True
    problem = ""

    def __init__(self, effect_class) -> None:
        self.played: list[str] = []
        self._effects = {}
        for name in SOUNDS:
            effect = effect_class()
            effect.setSource(QUrl.fromLocalFile(str(wav(name))))
            self._effects[name] = effect

    def play(self, sound: str) -> None:
        self.played.append(sound)
        self._effects[sound].play()


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


class CommandPlayer:
    """Runs ``argv`` + the WAV's path for each sound, without waiting. A player that could
    not start, or that ended in failure (say, no sound server), makes it inaudible until
    one succeeds."""

    def __init__(self, argv: list[str]) -> None:
        self.argv, self.name = argv, Path(argv[0]).name
        self.played: list[str] = []
        self.problem = ""
        self._running: list[subprocess.Popen] = []

    @property
    def audible(self) -> bool:
        self._reap()
        return not self.problem

    def _reap(self) -> None:
        for process in [p for p in self._running if p.poll() is not None]:
            self._running.remove(process)
            self.problem = (f"{self.name} failed (exit status {process.returncode})"
                            if process.returncode else "")

    def play(self, sound: str) -> None:
        self.played.append(sound)
        self._reap()
        try:
            self._running.append(subprocess.Popen(
                [*self.argv, str(wav(sound))], stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        except OSError as exc:
            self.problem = f"{self.name} could not start: {exc.strerror or exc}"
            log.warning("alarm sound %s: %s", sound, self.problem)


def default_player() -> SoundPlayer:
    """The first player this machine has (see the module's docstring)."""
    choice = os.environ.get(SOUND_ENV, "").strip()
    if choice == "none":
        return RecordingPlayer(f"{SOUND_ENV}=none")
    if choice:
        return CommandPlayer(shlex.split(choice))
    try:
        from PySide6.QtMultimedia import QSoundEffect  # not in PySide6-Essentials
    except ImportError:
        pass
    else:
        return QtSoundPlayer(QSoundEffect)
    if sys.platform == "win32":
        return WinsoundPlayer()
    for command in PLAYER_COMMANDS.get(sys.platform, PLAYER_COMMANDS["linux"]):
        path = shutil.which(command)
        if path:
            return CommandPlayer([path])
    return RecordingPlayer()


__all__ = ["SoundPlayer", "RecordingPlayer", "QtSoundPlayer", "WinsoundPlayer", "CommandPlayer",
           "default_player", "wav", "SOUND_ENV", "SOUNDS"]

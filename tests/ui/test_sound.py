"""Alarm sounds: which player the panel finds, that it really runs, and that the banner says
so when the sounds cannot play."""

from __future__ import annotations

import sys
import time
import types
from pathlib import Path

import pytest

from habitat_gui.ui import sound
from patience import PATIENCE_S
from test_ui_alarms import breach_window
from support import OFFSCREEN_NOISE

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


def fake_player(folder: Path, name: str, exit_status: int = 0) -> Path:
    """An executable ``name`` in ``folder`` that appends its arguments to ``name``.log."""
    script = folder / name
    script.write_text(f'#!/bin/sh\necho "$@" >> "{folder / name}.log"\nexit {exit_status}\n')
    script.chmod(0o755)
    return script


def hanging_player(folder: Path, name: str, ignore_term: bool = False) -> Path:
    """An executable ``name`` that (ignoring SIGTERM if asked) appends its process id to
    ``name``.log and then sleeps a minute (as itself)."""
    script = folder / name
    trap = "trap '' TERM\n" if ignore_term else ""
    script.write_text(f'#!/bin/sh\n{trap}echo $$ >> "{folder / name}.log"\nexec sleep 60\n')
    script.chmod(0o755)
    return script


def wait_for(player: sound.CommandPlayer) -> None:
    for process in player._running:
        process.wait(timeout=PATIENCE_S)


@pytest.fixture
def linux_without_qt_multimedia(monkeypatch, tmp_path):
    """PATH holds only ``tmp_path``; QtMultimedia cannot be imported; no override."""
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv(sound.SOUND_ENV)
    return tmp_path


def test_the_first_linux_player_on_the_path_plays_the_wav(linux_without_qt_multimedia):
    folder = linux_without_qt_multimedia
    fake_player(folder, "aplay")
    fake_player(folder, "paplay")
    player = sound.default_player()
    assert isinstance(player, sound.CommandPlayer) and player.name == "paplay"
    player.play("high")
    wait_for(player)
    assert (folder / "paplay.log").read_text().split() == [str(sound.wav("high"))]
    assert sound.wav("high").stat().st_size > 1000
    assert player.audible and player.played == ["high"]


def test_without_a_player_the_sounds_are_recorded_and_said_to_be_silent(
        linux_without_qt_multimedia):
    player = sound.default_player()
    assert isinstance(player, sound.RecordingPlayer) and not player.audible
    assert "install pipewire-bin, pulseaudio-utils or alsa-utils" in player.problem


def test_a_player_that_fails_or_cannot_start_is_not_audible(tmp_path, monkeypatch):
    monkeypatch.setenv(sound.SOUND_ENV, str(fake_player(tmp_path, "broken", exit_status=3)))
    player = sound.default_player()
    player.play("low")
    wait_for(player)
    assert not player.audible and player.problem == "broken failed (exit status 3)"
    missing = tmp_path / "missing-player"
    monkeypatch.setenv(sound.SOUND_ENV, f"{missing} --quiet")
    player = sound.default_player()  # known before the first alarm, not at it
    assert not player.audible
    assert player.problem == f"{sound.SOUND_ENV} names no program found: {missing} --quiet"
    fake_player(tmp_path, "missing-player")  # installed, but it cannot start (removed later)
    player = sound.default_player()
    missing.unlink()
    player.play("low")
    assert not player.audible and player.problem.startswith("missing-player could not start")


def test_the_banner_says_no_sound_when_the_player_fails(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv(sound.SOUND_ENV, f"{fake_player(tmp_path, 'horn', 1)} --quiet")
    window = breach_window(qtbot, tmp_path)  # a breach alarm sounds at once
    banner, player = window.alarm_banner, window.annunciator.player
    assert player.played[:1] == ["medium"]
    wait_for(player)
    assert (tmp_path / "horn.log").read_text().split() == ["--quiet", str(sound.wav("medium"))]
    window.station.publish()
    assert banner.no_sound.isVisible()
    assert banner.no_sound.toolTip() == "Alarm sounds cannot play: horn failed (exit status 1)"


def test_the_banner_shows_no_warning_while_the_sounds_play(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv(sound.SOUND_ENV, str(fake_player(tmp_path, "horn")))
    window = breach_window(qtbot, tmp_path)
    wait_for(window.annunciator.player)
    window.station.publish()
    assert not window.alarm_banner.no_sound.isVisible()
    assert window.alarm_banner.mute.toolTip().endswith("(they play through horn)")
    monkeypatch.setenv(sound.SOUND_ENV, "none")
    window = breach_window(qtbot, tmp_path)
    assert window.alarm_banner.no_sound.isVisible()
    assert window.alarm_banner.no_sound.toolTip().endswith("HABITAT_PANEL_SOUND=none")


def test_an_unbalanced_quote_in_the_override_is_silence_naming_the_variable(monkeypatch):
    monkeypatch.setenv(sound.SOUND_ENV, 'aplay "--device=default')
    player = sound.default_player()
    assert isinstance(player, sound.RecordingPlayer) and not player.audible
    assert player.problem == ('HABITAT_PANEL_SOUND is not a command line (No closing '
                              'quotation): aplay "--device=default')


def test_a_hung_player_is_stopped_before_the_next_sound_and_all_on_close(tmp_path,
                                                                         monkeypatch):
    monkeypatch.setattr(sound, "STOP_WAIT_S", 0.2)  # then killed: it ignores SIGTERM
    now = [0.0]
    player = sound.CommandPlayer([str(hanging_player(tmp_path, "stuck", ignore_term=True))],
                                 clock=lambda: now[0])
    player.play("high")
    now[0] = 5.0
    player.play("low")  # the first is still within its time: both play
    first, second = list(player._running)
    log, deadline = tmp_path / "stuck.log", time.monotonic() + PATIENCE_S
    while time.monotonic() < deadline and \
            len(log.read_text().split() if log.exists() else []) < 2:
        time.sleep(0.01)  # until both have set their trap (a busy machine is slow to)
    assert player.audible and first.poll() is None and second.poll() is None
    now[0] = sound.HANG_S + 1.0
    player.play("medium")  # the first has hung: stopped (killed: it ignores SIGTERM)
    assert first.returncode == -9 and second.poll() is None
    assert not player.audible and player.problem == "stuck hung (stopped after 10 s)"
    third = player._running[-1]
    player.close()
    assert second.returncode is not None and third.returncode is not None
    assert player._running == []


class FakeEffect:
    def __init__(self) -> None:
        self.source, self.plays, self.stopped = None, 0, False

    def setSource(self, url) -> None:
        self.source = url

    def play(self) -> None:
        self.plays += 1

    def stop(self) -> None:
        self.stopped = True


def test_qt_sound_is_not_audible_without_an_audio_output(monkeypatch):
    outputs: list[str] = []

    class QMediaDevices:
        audioOutputs = staticmethod(lambda: outputs)
    fake = types.ModuleType("PySide6.QtMultimedia")
    fake.QSoundEffect, fake.QMediaDevices = FakeEffect, QMediaDevices
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", fake)
    monkeypatch.delenv(sound.SOUND_ENV)
    player = sound.default_player()
    assert isinstance(player, sound.QtSoundPlayer)
    assert not player.audible and player.problem == "no audio output device"
    outputs.append("speakers")
    assert player.audible and player.problem == ""
    player.play("high")
    assert player._effects["high"].plays == 1
    assert player._effects["high"].source.toLocalFile() == str(sound.wav("high"))
    player.close()
    assert all(effect.stopped for effect in player._effects.values())

"""Alarm sounds: which player the panel finds, that it really runs, and that the banner says
so when the sounds cannot play."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from habitat_gui.ui import sound
from test_ui_alarms import breach_window
from test_ui_support import OFFSCREEN_NOISE

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


def fake_player(folder: Path, name: str, exit_status: int = 0) -> Path:
    """An executable ``name`` in ``folder`` that appends its arguments to ``name``.log."""
    script = folder / name
    script.write_text(f'#!/bin/sh\necho "$@" >> "{folder / name}.log"\nexit {exit_status}\n')
    script.chmod(0o755)
    return script


def wait_for(player: sound.CommandPlayer) -> None:
    for process in player._running:
        process.wait(timeout=10)


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
    monkeypatch.setenv(sound.SOUND_ENV, str(tmp_path / "missing-player"))
    player = sound.default_player()
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

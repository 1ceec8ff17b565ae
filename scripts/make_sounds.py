"""Generate the annunciator's sounds into resources/sounds/ (16-bit mono WAV, numpy + wave).

    python scripts/make_sounds.py

low.wav: a short rising chirp (low priority); medium.wav: a two-tone (medium);
high.wav: a pulsed full blare (high). Annunciation escalates with priority (ISA-18.2).
"""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

RATE = 22050
OUT = Path(__file__).resolve().parents[1] / "resources" / "sounds"


def _tone(freq_hz: float | np.ndarray, seconds: float, square: float = 0.0) -> np.ndarray:
    t = np.arange(int(RATE * seconds)) / RATE
    phase = 2 * np.pi * np.cumsum(np.broadcast_to(freq_hz, t.shape)) / RATE
    wave_ = np.sin(phase)
    if square:  # harder edges: a blare, not a beep
        wave_ = np.tanh(wave_ * (1 + 8 * square)) / np.tanh(1 + 8 * square)
    return wave_


def _envelope(x: np.ndarray, ramp_s: float = 0.01) -> np.ndarray:
    ramp = min(int(RATE * ramp_s), len(x) // 2)
    env = np.ones(len(x))
    env[:ramp] = np.linspace(0, 1, ramp)
    env[-ramp:] = np.linspace(1, 0, ramp)
    return x * env


def _silence(seconds: float) -> np.ndarray:
    return np.zeros(int(RATE * seconds))


def low() -> np.ndarray:
    t = np.arange(int(RATE * 0.18)) / RATE
    return 0.35 * _envelope(_tone(900 + 2200 * t, 0.18))


def medium() -> np.ndarray:
    parts = []
    for _ in range(2):
        parts += [_envelope(_tone(660, 0.22)), _envelope(_tone(880, 0.22)), _silence(0.06)]
    return 0.5 * np.concatenate(parts)


def high() -> np.ndarray:
    parts = []
    for _ in range(5):
        parts += [_envelope(_tone(950, 0.16, square=0.8) + 0.5 * _tone(1420, 0.16, square=0.8),
                            0.005) / 1.5, _silence(0.05)]
    return 0.8 * np.concatenate(parts)


def write(path: Path, samples: np.ndarray) -> None:
    data = (np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes()
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(data)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, make in (("low", low), ("medium", medium), ("high", high)):
        write(OUT / f"{name}.wav", make())
        print(OUT / f"{name}.wav")


if __name__ == "__main__":
    main()

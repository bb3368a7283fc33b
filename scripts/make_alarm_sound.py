"""Synthesize the console's alarm chime: wall_client/sounds/alarm-chime.wav (ours, made here; no third-party audio).

    /work/main/.venv/bin/python scripts/make_alarm_sound.py [OUT.wav]

A two-tone "hi-lo" chime, as control-room and nurse-call alarms use: B5 (988 Hz) then G5 (784 Hz), each struck
like a bell (5 ms attack, exponential decay), with the 2nd and 3rd harmonics added so that small monitor speakers,
which reproduce little below 500 Hz, still carry it. 0.8 s long: the console repeats it once a second while an
alarm is open (wall_client/ui/console/alarm_bell.py), so a short gap separates the repeats. Mono, 16-bit,
22.05 kHz (the tones' 3rd harmonics, below 3 kHz, fit easily; the file stays ~35 KB). Deterministic: the same
numbers every run. numpy is needed only here, not by the client at run time.
"""

from __future__ import annotations

import sys
import wave
from pathlib import Path

import numpy as np

RATE = 22_050
TONES_HZ = (988.0, 784.0)  # B5, then G5: a falling major third
TONE_S = 0.36  # each tone's length, decay included
ATTACK_S = 0.005  # fast enough to sound struck, slow enough not to click
DECAY_PER_S = 7.0  # e^(-7 t): down ~22 dB at the end of a tone
HARMONICS = ((1, 1.0), (2, 0.35), (3, 0.15))  # (multiple, amplitude)
GAP_S = 0.08  # tail of silence after the second tone
PEAK = 0.7  # of full scale (-3 dBFS): loud but never clipping after libVLC's resampling
OUT = Path(__file__).resolve().parents[1] / "wall_client" / "sounds" / "alarm-chime.wav"


def tone(frequency: float) -> np.ndarray:
    """One struck tone with its harmonics, as floats in [-1, 1] before normalising."""
    t = np.arange(int(TONE_S * RATE)) / RATE
    wave_ = sum(amplitude * np.sin(2 * np.pi * frequency * multiple * t) for multiple, amplitude in HARMONICS)
    envelope = np.minimum(t / ATTACK_S, 1.0) * np.exp(-DECAY_PER_S * t)
    # The last 10 ms fade to zero so that the next tone (or the repeat) starts without a click.
    fade = int(0.010 * RATE)
    envelope[-fade:] *= np.linspace(1.0, 0.0, fade)
    return np.asarray(wave_ * envelope)


def chime() -> np.ndarray:
    """The whole chime as 16-bit samples."""
    samples = np.concatenate([*(tone(f) for f in TONES_HZ), np.zeros(int(GAP_S * RATE))])
    samples *= PEAK / np.max(np.abs(samples))
    return np.round(samples * 32767).astype("<i2")


def write(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(chime().tobytes())


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    write(target)
    print(f"wrote {target} ({target.stat().st_size} bytes)")

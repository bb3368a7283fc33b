"""The alarm chime through real libVLC, its samples counted by libVLC's audio callbacks (no sound card needed)."""

from __future__ import annotations

import time
import wave
from pathlib import Path

import numpy as np
import pytest

from wall_client.ui.video.sound import CHIME, SampleTap, VlcSound, gain, read_chime


def _wait_samples(tap: SampleTap, at_least: int, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while tap.samples < at_least:
        assert time.monotonic() < deadline, f"only {tap.samples} of {at_least} samples played"
        time.sleep(0.02)


def _settled(tap: SampleTap, quiet_s: float = 0.4) -> int:
    """The sample count once it has stopped moving for `quiet_s`."""
    last, since = tap.samples, time.monotonic()
    while time.monotonic() - since < quiet_s:
        time.sleep(0.05)
        if tap.samples != last:
            last, since = tap.samples, time.monotonic()
    return last


@pytest.fixture
def sound():
    made: list[VlcSound] = []

    def make(chime: Path = CHIME) -> tuple[VlcSound, SampleTap]:
        tap = SampleTap()
        made.append(VlcSound(chime, tap=tap))
        return made[-1], tap

    yield make
    for player in made:
        player.release()


def test_the_bundled_chime_is_two_tones_falling_in_under_a_second():
    """The shipped WAV is mono 16-bit, 0.5–1 s, loud but unclipped, B5 (988 Hz) in its first half, G5 in its second."""
    samples, rate = read_chime(CHIME)
    signal = np.asarray(samples, dtype=np.float64) / 32768
    assert 0.5 <= len(signal) / rate <= 1.0
    assert 0.5 < np.max(np.abs(signal)) < 0.95
    half = int(0.36 * rate)
    for part, expected in ((signal[:half], 988), (signal[half : 2 * half], 784)):
        spectrum = np.abs(np.fft.rfft(part))
        peak = np.fft.rfftfreq(len(part), 1 / rate)[np.argmax(spectrum)]
        assert abs(peak - expected) < 10, (peak, expected)


def test_a_chime_plays_all_its_samples_and_the_volume_scales_their_energy(sound):
    """At 100% the tap receives exactly the chime's samples; at 50% the same count with 1/16 of the energy."""
    player, tap = sound()
    length = len(read_chime(CHIME)[0])
    player.play(100)
    _wait_samples(tap, length)
    assert _settled(tap) == length
    full = tap.energy
    assert full > 100, "a clear, loud chime"
    player.play(50)
    _wait_samples(tap, 2 * length)
    assert _settled(tap) == 2 * length
    assert (tap.energy - full) / full == pytest.approx(gain(50) ** 2, rel=0.01)
    assert player.played == 2


def test_volume_zero_plays_nothing(sound):
    """play(0) is silence: no samples reach the output."""
    player, tap = sound()
    player.play(0)
    time.sleep(0.5)
    assert tap.samples == 0 and player.played == 0


def test_a_chime_that_cannot_be_read_falls_back_to_the_bell_with_a_warning(sound, tmp_path, caplog, qapp):
    """A stereo (or broken) file is refused with its reason in the log; play() still returns, with the desktop bell."""
    stereo = tmp_path / "stereo.wav"
    with wave.open(str(stereo), "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(22050)
        out.writeframes(b"\0" * 400)
    player, tap = sound(stereo)
    player.play(80)
    player.play(80)
    assert tap.samples == 0 and player.played == 0
    assert [r.getMessage() for r in caplog.records if "desktop's bell" in r.getMessage()] == [
        f"no alarm sound through libVLC ({stereo}: the alarm sound must be mono 16-bit PCM WAV (it has 2 channels "
        "of 16 bits)): using the desktop's bell"]

"""The console's alarm sound through libVLC: the bundled chime at a chosen volume, and a tap that counts what plays.

Why libVLC: every wall and console PC already has it (the video), while PySide6-Essentials has no QtMultimedia
and the desktop bell (`QApplication.beep()`) is silent on many Linux desktops. The sound gets its own libVLC
instance: the video's is built with --no-audio.

Why the volume is applied to the samples rather than with `audio_set_volume`: libVLC keeps that volume only
while an audio output is open, and each chime opens a new one (measured: it is back at 100% at the next play,
and an output may start before the call lands); on PulseAudio a stream's volume can also raise the sound
card's own. So each volume gets its own copy of the chime, scaled once, in a private temporary folder: what is
played is exactly what the volume says, on any output.
"""

from __future__ import annotations

import array
import atexit
import ctypes
import logging
import shutil
import sys
import tempfile
import threading
import time
import wave
from pathlib import Path
from typing import Any

import vlc
from PySide6.QtWidgets import QApplication

from wall_client.ui.video.player import vlc_instance

log = logging.getLogger(__name__)

CHIME = Path(__file__).resolve().parents[2] / "sounds" / "alarm-chime.wav"
"""Our two-tone chime (made by scripts/make_alarm_sound.py): mono, 16-bit, 22.05 kHz, 0.8 s."""
SOUND_ARGS = ("--no-video", "--no-osd", "--quiet", "--no-stats")


def sound_instance() -> vlc.Instance:
    """The process's libVLC instance for sound (one: its plugin scan is the slow part)."""
    return vlc_instance(SOUND_ARGS)


def read_chime(path: Path) -> tuple[array.array[int], int]:
    """The chime's samples and rate; it must be mono 16-bit PCM (as ours is), else a clear error."""
    with wave.open(str(path), "rb") as source:
        if source.getnchannels() != 1 or source.getsampwidth() != 2:
            raise ValueError(f"{path}: the alarm sound must be mono 16-bit PCM WAV "
                             f"(it has {source.getnchannels()} channels of {8 * source.getsampwidth()} bits)")
        samples = array.array("h", source.readframes(source.getnframes()))
        rate = source.getframerate()
    if sys.byteorder == "big":
        samples.byteswap()  # WAV is little-endian
    return samples, rate


def gain(volume: int) -> float:
    """A volume in percent as an amplitude factor: squared, so that the slider's middle sounds like its middle
    (hearing is logarithmic: 50% is -12 dB, 10% is -40 dB)."""
    return (max(0, min(100, volume)) / 100) ** 2


class SampleTap:
    """libVLC's audio callbacks in place of a sound card: counts the samples played and their energy.

    Used by tests and `iocwall doctor`-like checks; with a tap the player plays nowhere audible.
    """

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self.samples = 0
        self.energy = 0.0  # the sum of the squared samples, full scale = 1.0
        self._callback = vlc.CallbackDecorators.AudioPlayCb(self._play)  # referenced while libVLC may call it

    def attach(self, player: vlc.MediaPlayer, rate: int) -> None:
        player.audio_set_callbacks(self._callback, None, None, None, None, None)
        player.audio_set_format("S16N", rate, 1)  # the chime's own rate: no resampling, exact counts

    def _play(self, opaque: Any, samples: Any, count: int, pts: int) -> None:  # a libVLC thread
        played = array.array("h", ctypes.string_at(samples, count * 2))
        energy = sum(s * s for s in played) / (32768.0 * 32768.0)
        with self._guard:
            self.samples += count
            self.energy += energy


class VlcSound:
    """The alarm chime through libVLC: `play(volume)` starts it from the beginning, `stop()` cuts it short."""

    def __init__(self, chime: Path = CHIME, tap: SampleTap | None = None) -> None:
        self.chime = chime
        self.tap = tap
        self.played = 0
        self._player: vlc.MediaPlayer | None = None
        self._broken = False  # libVLC or the chime could not be loaded: the desktop bell then, said once
        self._samples: array.array[int] | None = None
        self._rate = 0
        self._folder: Path | None = None
        self._files: dict[int, Path] = {}

    def play(self, volume: int) -> None:
        """One chime at `volume` percent (0 plays nothing), from its start even if the last is still sounding."""
        if volume <= 0:
            self.stop()
            return
        player = self._ready_player()
        if player is None:
            QApplication.beep()
            return
        media = sound_instance().media_new_path(str(self._file_for(volume)))
        player.stop()  # from the start: a new alarm is heard at once
        player.set_media(media)
        media.release()
        player.play()
        self.played += 1

    def stop(self) -> None:
        if self._player is not None:
            self._player.stop()

    def release(self) -> None:
        player, self._player = self._player, None
        if player is not None:
            player.stop()
            player.release()

    def ready(self) -> bool:
        """Whether the chime will play through libVLC (else the desktop bell): libVLC and the file load."""
        return self._ready_player() is not None

    def _ready_player(self) -> vlc.MediaPlayer | None:
        if self._player is None and not self._broken:
            try:
                self._samples, self._rate = read_chime(self.chime)
                self._player = sound_instance().media_player_new()
            except (OSError, RuntimeError, ValueError, wave.Error) as exc:
                self._broken = True
                log.warning("no alarm sound through libVLC (%s): using the desktop's bell", exc)
                return None
            if self.tap is not None:
                self.tap.attach(self._player, self._rate)
        return self._player

    def _file_for(self, volume: int) -> Path:
        """The chime scaled to `volume`, written once per volume into a folder removed at exit."""
        volume = max(1, min(100, volume))
        if volume not in self._files:
            if self._folder is None:
                self._folder = Path(tempfile.mkdtemp(prefix="iocwall-sound-"))
                atexit.register(shutil.rmtree, self._folder, True)
            assert self._samples is not None
            factor = gain(volume)
            scaled = array.array("h", (round(s * factor) for s in self._samples))
            if sys.byteorder == "big":
                scaled.byteswap()
            path = self._folder / f"alarm-{volume}.wav"
            with wave.open(str(path), "wb") as out:
                out.setnchannels(1)
                out.setsampwidth(2)
                out.setframerate(self._rate)
                out.writeframes(scaled.tobytes())
            self._files[volume] = path
        return self._files[volume]


def chime_plays(chime: Path = CHIME, timeout_s: float = 3.0) -> tuple[int, int]:
    """Play the chime once into a SampleTap: (the chime's samples, those libVLC delivered). For `iocwall doctor`:
    it proves libVLC's WAV demuxer and PCM decoder are there, with no sound card needed."""
    expected = len(read_chime(chime)[0])  # a missing or wrong file says so here
    tap = SampleTap()
    sound = VlcSound(chime, tap)
    try:
        if not sound.ready():
            raise RuntimeError("libVLC made no player")
        sound.play(100)
        deadline = time.monotonic() + timeout_s
        while tap.samples < expected and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        sound.release()
    return expected, tap.samples

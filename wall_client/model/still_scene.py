"""Telling a still scene from a stalled stream, when every picture libVLC shows is the same.

libVLC's video output shows its last picture again about every 70 ms while no new one is due (a stalled
stream), and a camera on a scene that does not move sends pictures that decode byte-identical (H.264
skip blocks, no sensor noise). Both reach the player as the same bytes again. What tells them apart is
the decoder: it decodes pictures for a still scene and none for a stall.

The decoder's statistics are a poor clock, though (measured, libVLC 3.0): they are published four times a
second, and the output's counts reach them only when the decoder next runs. So when a stalled stream comes
back, the counts move while the old picture is still on screen for the buffer's length (300 ms, more when
libVLC re-buffers); counting a same picture then as a frame said "live" over a 3 s old picture (the camera
chaos trial in tests/reliability/). Hence the proof asked here: the decoder moving for `STILL_PROOF_S`
on end, losing nothing, while not one picture changed. A moving stream never gives that; a still
scene gives it within a few seconds and keeps it until the decoder stops.
"""

from __future__ import annotations

from dataclasses import dataclass

CHECK_EVERY_S = 0.5
"""How often the player reads its decoder's statistics (on the GUI thread)."""
STILL_PROOF_S = 3.0
"""How long the decoder must have been moving under an unchanged picture before it counts as a still scene."""


@dataclass(frozen=True)
class DecoderCounts:
    """What one check reads: libVLC's decoded and lost picture counts, and the player's distinct pictures."""

    decoded: int
    lost: int
    distinct: int


class StillSceneJudge:
    """Fed one `DecoderCounts` per check; says whether same pictures are a still scene's (to count as frames)."""

    def __init__(self, checks: int = round(STILL_PROOF_S / CHECK_EVERY_S)) -> None:
        self._checks = checks
        self._last: DecoderCounts | None = None
        self._streak = 0

    def reset(self) -> None:
        """A new stream: nothing is proven about it yet."""
        self._last, self._streak = None, 0

    def check(self, now: DecoderCounts) -> bool:
        last, self._last = self._last, now
        moving_unseen = (last is not None and now.decoded > last.decoded and now.lost == last.lost
                         and now.distinct == last.distinct)
        self._streak = self._streak + 1 if moving_unseen else 0
        return self._streak >= self._checks

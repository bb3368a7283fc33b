"""Stepping through a briefing (a playlist of presets): where we are, what comes next, when to advance.

Qt-free and clock-free: the console passes monotonic seconds in, and applies the preset a step
returns with `apply_preset`. The server keeps the briefing; the position is this console's own.
"""

from __future__ import annotations

from collections.abc import Mapping

from wall_client.model.i18n import translate
from wall_protocol.automation import Briefing, Preset


class BriefingRun:
    """One run of a briefing. `start`, `forward`, `back` and `tick` return the preset to apply, or None."""

    def __init__(self, briefing: Briefing) -> None:
        self.briefing = briefing
        self.position = -1  # not started
        self._since = 0.0  # when the current step was applied (monotonic seconds)
        self.paused = False

    @property
    def started(self) -> bool:
        return self.position >= 0

    @property
    def at_end(self) -> bool:
        return self.position == len(self.briefing.steps) - 1

    def _go(self, position: int, now: float) -> str | None:
        if not 0 <= position < len(self.briefing.steps) or position == self.position:
            return None
        self.position = position
        self._since = now
        return self.briefing.steps[position]

    def start(self, now: float) -> str | None:
        self.position = -1
        return self._go(0, now)

    def forward(self, now: float) -> str | None:
        return self._go(self.position + 1, now)

    def back(self, now: float) -> str | None:
        return self._go(max(0, self.position - 1), now)

    def update(self, briefing: Briefing) -> None:
        """The server changed the briefing: keep the position if it still exists, else stop at the last step."""
        self.briefing = briefing
        self.position = min(self.position, len(briefing.steps) - 1)

    def tick(self, now: float) -> str | None:
        """Auto-advance: the next step once the current one has been shown `advance_s` (stops at the end)."""
        advance = self.briefing.advance_s
        if advance is None or self.paused or not self.started or self.at_end or now - self._since < advance:
            return None
        return self.forward(now)

    def label(self, presets: Mapping[str, Preset]) -> str:
        """'Bước 2/5: Giao thông' (the preset's title, or its name when the console does not know it)."""
        if not self.started:
            return translate("Briefing", "{title}: {steps} bước, chưa bắt đầu").format(
                title=self.briefing.title, steps=len(self.briefing.steps))
        name = self.briefing.steps[self.position]
        title = presets[name].title if name in presets else name
        return translate("Briefing", "Bước {step}/{steps}: {title}").format(
            step=self.position + 1, steps=len(self.briefing.steps), title=title)

"""Turn recomputed projections into exactly-once warnings against a period target.

`ForecastWatch` holds the state of one series. Each time its projection is recomputed, the caller
passes the projection, the target, which direction is good and the margin, and gets back
`Raise(text)`, `Clear(text)` or None (the text a catalog ref, wall_protocol/texts.py "forecast.*"):

- the *miss* is how far the projection falls on the wrong side of the target, as a share of
  |target| (of 1 when the target is 0, so the margin is then absolute): (target − value) / |target|
  when higher is better, (value − target) / |target| for a cap;
- not warning and miss > margin → Raise, once; while the miss stays above the clear level nothing
  more is said, however often the projection is recomputed;
- warning and miss < margin − hysteresis → Clear, once. `hysteresis` (default 0.01, one point of
  the target) is the dead band that stops a projection hovering at the threshold from flapping:
  a miss of 5.2%, 4.9%, 5.1%… raises once and stays raised until the miss is under 4%;
- a NoProjection changes nothing (thin data is not evidence of recovery);
- a projection for a later period than the one warned about clears the stale warning first (the
  next recomputation may raise again, for the new period: a new period is a new warning).

The state (`warning`, `period_end`) survives restarts through to_dict()/from_dict(), so a server
that restarts while a warning stands does not raise it a second time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from server.forecasting.projection import NoProjection, Projection
from wall_protocol.texts import TextRef, ref, render

DEFAULT_MARGIN = 0.05
DEFAULT_HYSTERESIS = 0.01


@dataclass(frozen=True, slots=True)
class Raise:
    """Raise a warning alert with this title."""

    text: TextRef

    @property
    def message(self) -> str:
        return render(self.text)


@dataclass(frozen=True, slots=True)
class Clear:
    """Clear the standing warning; the text says why."""

    text: TextRef

    @property
    def message(self) -> str:
        return render(self.text)


@dataclass(slots=True)
class ForecastWatch:
    """The warning state of one series; see the module docstring for the rules."""

    warning: bool = False
    period_end: datetime | None = None  # the period the standing warning is about
    hysteresis: float = DEFAULT_HYSTERESIS

    def update(
        self,
        projection: Projection | NoProjection,
        *,
        target: float,
        name: str,
        unit: str = "",
        higher_is_better: bool = True,
        margin: float = DEFAULT_MARGIN,
    ) -> Raise | Clear | None:
        """Decide what this recomputed projection means for the warning, updating the state."""
        if margin < 0 or self.hysteresis < 0:
            raise ValueError("margin and hysteresis must be >= 0")
        if isinstance(projection, NoProjection):
            return None
        if self.warning and self.period_end is not None and projection.period_end > self.period_end:
            self.warning, self.period_end = False, None
            return Clear(ref("forecast.period_ended", name=name))
        scale = abs(target) or 1.0
        miss = (target - projection.value if higher_is_better else projection.value - target) / scale
        if not self.warning and miss > margin:
            self.warning, self.period_end = True, projection.period_end
            return Raise(_sentence(projection, target, name, unit, "below_target" if higher_is_better else "above_cap"))
        if self.warning and miss < margin - self.hysteresis:
            self.warning, self.period_end = False, None
            return Clear(_sentence(projection, target, name, unit, "back_on_target"))
        return None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready snapshot of the state."""
        return {
            "warning": self.warning,
            "period_end": self.period_end.isoformat() if self.period_end else None,
            "hysteresis": self.hysteresis,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ForecastWatch:
        """Rebuild the state saved by `to_dict`."""
        end = data.get("period_end")
        return cls(
            warning=bool(data.get("warning", False)),
            period_end=datetime.fromisoformat(end) if end else None,
            hysteresis=float(data.get("hysteresis", DEFAULT_HYSTERESIS)),
        )


def _sentence(projection: Projection, target: float, name: str, unit: str, situation: str) -> TextRef:
    difference = projection.value - target
    if unit == "%":  # "7,46% against 8%" is 0,54 points short; "−6,8%" of a rate reads as a rate
        key, gap = f"forecast.{situation}_points", difference
    else:
        key, gap = f"forecast.{situation}", difference / (abs(target) or 1.0) * 100
    return ref(key, name=name, period=projection.period, value=projection.value, unit=unit, target=target, gap=gap)

"""Where a chart's axes go: ranges that move in steps, so that the axes are rarely redrawn.

Why: redrawing a pyqtgraph axis (tick text above all) costs milliseconds, and a range that follows
every new sample redraws both axes on every update. Measured on a wall with two charts fed ten
samples a second, that was most of the GUI thread's stalls. So the time axis advances in steps of
a fraction of the window, and the value axis only changes when the data leaves it or shrinks to a
small part of it.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from wall_protocol.timezone import to_vietnam

TIME_STEPS_PER_WINDOW = 48
"""The time axis moves by 1/48 of its window (30 min for a day, 75 s for an hour)."""
PAD_FRACTION = 0.08
"""Room above and below the data, as a fraction of its span."""
SHRINK_BELOW = 0.5
"""The value axis is recomputed when the data fills less than this fraction of it."""


def time_range(now: datetime, window: timedelta) -> tuple[float, float]:
    """(start, end) in Unix seconds: `window` long, its end the next step at or after `now`."""
    step = window.total_seconds() / TIME_STEPS_PER_WINDOW
    end = math.ceil(now.timestamp() / step) * step
    return end - window.total_seconds(), end


def value_range(values: list[float], current: tuple[float, float] | None, *,
                include_zero: bool = False) -> tuple[float, float] | None:
    """A padded (low, high) holding every value; `current` is kept while it still fits well.

    `values` are the samples and the lines that must stay visible (target, thresholds);
    `include_zero` for bars and areas, which are drawn from zero. None when there is nothing to show.
    """
    finite = [v for v in values if math.isfinite(v)]
    if not finite:
        return current
    low, high = min(finite), max(finite)
    if include_zero:
        low, high = min(low, 0.0), max(high, 0.0)
    if current is not None:
        span = current[1] - current[0]
        fits = current[0] <= low and high <= current[1]
        if fits and span > 0 and (high - low) >= SHRINK_BELOW * span:
            return current
    span = high - low
    pad = span * PAD_FRACTION if span > 0 else max(abs(high) * PAD_FRACTION, 1.0)
    new_low = low if include_zero and low == 0.0 else low - pad
    new_high = high if include_zero and high == 0.0 else high + pad
    return new_low, new_high


def period_ticks(start: datetime, end: datetime, months_per_label: int) -> list[list[tuple[float, str]]]:
    """Time ticks of a forecast period: [labelled ticks, unlabelled ticks] as pyqtgraph's setTicks takes.

    Why: the automatic ticks of a year (one "MM/YYYY" per month) do not fit a wall tile, so pyqtgraph
    drops them all and the axis reads nothing. A label every `months_per_label` months at the month's
    start (Vietnam time) fits: 3 for a year (quarters), 1 for a quarter; a month is labelled weekly.
    """
    local_start, local_end = to_vietnam(start), to_vietnam(end)
    major: list[tuple[float, str]] = []
    minor: list[tuple[float, str]] = []
    if months_per_label == 0:  # a month: every 7 days from its first
        moment = local_start
        while moment < local_end:
            major.append((moment.timestamp(), moment.strftime("%d/%m")))
            moment += timedelta(days=7)
        return [major, minor]
    year, month, index = local_start.year, local_start.month, 0
    while True:
        moment = local_start.replace(year=year, month=month, day=1, hour=0, minute=0, second=0, microsecond=0)
        if moment >= local_end:
            break
        label = moment.strftime("%m/%Y") if months_per_label >= 3 else moment.strftime("%d/%m")
        (major if index % months_per_label == 0 else minor).append((moment.timestamp(), label))
        year, month, index = year + month // 12, month % 12 + 1, index + 1
    return [major, [(t, "") for t, _ in minor]]

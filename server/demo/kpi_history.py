"""History and live values for the demo's forecast series: what a province's statistics look like.

A forecast series is judged on its whole period, so the random walk the other demo series take
would ruin it: thousands of samples in the last hour would dominate a trend, and a year-to-date
total must never go down. Instead each forecast series has a story (`province.YearToDate` or
`province.Level`) and keeps one sample per local day (or month), the store's upsert on
(series, ts) letting the live feed rewrite the current one as the day goes on.

Everything here is a pure function of `now` and the seed. The randomness of a sample or a year is
drawn from a generator seeded by (seed, series, date), so a restarted demo regenerates the same
values and only has to add the days it missed.

- YearToDate: each past year gets its own total (a trend of `growth` a year, ± `spread`) and its
  own daily profile (the monthly shares perturbed, then noisy days). The current year follows the
  mean profile of those past years, scaled to `total`: the seasonal projection then lands on
  `total`, a little under it while today's revenue is still coming in.
- Level: a straight line through `today` at the demo's start with `per_year` drift, plus noise.
"""

from __future__ import annotations

import functools
import random
from datetime import UTC, datetime, timedelta

import numpy as np

from server.demo.province import DemoSeries, Level, YearToDate
from server.forecasting.periods import period_bounds, previous_periods, share_between
from wall_protocol.entities import MetricPoint
from wall_protocol.timezone import VIETNAM_TZ, to_vietnam

YEAR = timedelta(days=365.25)
DAY = timedelta(days=1)


def history(series: DemoSeries, now: datetime, seed: int) -> list[MetricPoint]:
    """The samples of a forecast series up to `now`, oldest first; the newest is `live_point(now)`."""
    story = _story(series)
    if isinstance(story, YearToDate):
        values = _year_to_date_history(story, series.key, now, seed)
    else:
        values = [(ts, _line(story, ts, now) + _noise(story, series.key, ts, seed))
                  for ts in _slots(story, now)[:-1]]
    points = [MetricPoint(series=series.key, ts=ts, value=round(v, series.decimals + 1)) for ts, v in values]
    return [*points, live_point(series, now, seed, anchor=now)]


def live_point(series: DemoSeries, now: datetime, seed: int, *, anchor: datetime, wobble: float = 0.0) -> MetricPoint:
    """The current day's (or month's) sample as of `now`; `anchor` is when the demo started.

    A year-to-date total grows with the time of day; a level moves along its line from `anchor`,
    with `wobble` (a standard normal draw, times a third of the noise) so the tile looks alive.
    """
    story = _story(series)
    if isinstance(story, YearToDate):
        ts = day_start(now)
        value = _year_to_date(story, series.key, now, now, seed)
    else:
        ts = _slot(story, now)
        value = _line(story, now, anchor) + _noise(story, series.key, ts, seed) + wobble * story.noise / 3
    return MetricPoint(series=series.key, ts=ts, value=round(value, series.decimals + 1))


def day_start(t: datetime) -> datetime:
    """Local midnight of the day containing `t`, in UTC: where a day's sample is written."""
    local = to_vietnam(t)
    return datetime(local.year, local.month, local.day, tzinfo=VIETNAM_TZ).astimezone(UTC)


def _story(series: DemoSeries) -> YearToDate | Level:
    if series.story is None:
        raise ValueError(f"demo series {series.key!r} has no story: it random-walks instead")
    return series.story


# ------------------------------------------------------------------ levels


def _slot(story: Level, t: datetime) -> datetime:
    return day_start(t) if story.every == "day" else period_bounds("month", t)[0]


def _slots(story: Level, now: datetime) -> list[datetime]:
    """Sample times from `story.days` ago up to the current slot, oldest first."""
    slots = [_slot(story, now)]
    oldest = now - timedelta(days=story.days)
    while slots[-1] > oldest:
        slots.append(_slot(story, slots[-1] - timedelta(microseconds=1)))
    return slots[::-1]


def _line(story: Level, t: datetime, anchor: datetime) -> float:
    return story.today + story.per_year * ((t - anchor) / YEAR)


def _noise(story: Level, key: str, ts: datetime, seed: int) -> float:
    # Seeded by the sample's time: the same sample gets the same value at every start.
    return random.Random(f"{seed}/{key}/{ts.isoformat()}").gauss(0.0, story.noise)


# ------------------------------------------------------------------ year-to-date totals


def _year_to_date_history(story: YearToDate, key: str, now: datetime, seed: int) -> list[tuple[datetime, float]]:
    """Daily samples from 1 January `story.years` years ago to yesterday: each day's running total."""
    year_start, _ = period_bounds("year", now)
    values: list[tuple[datetime, float]] = []
    for start, _end in reversed(previous_periods("year", now, story.years)):
        year = to_vietnam(start).year
        shape, total = _past_year_shape(story, key, year, seed), _past_total(story, key, year, now, seed)
        # The sample at a day's midnight holds the total at that day's end: a day's revenue is
        # booked under its date. So the last one, 31 December, holds the year's total.
        values += [(start + DAY * d, total * float(shape[d + 1])) for d in range(len(shape) - 1)]
    day = year_start
    today = day_start(now)
    while day < today:
        values.append((day, _year_to_date(story, key, day + DAY, now, seed)))
        day += DAY
    return values


def _year_to_date(story: YearToDate, key: str, t: datetime, now: datetime, seed: int) -> float:
    """The current year's running total at `t` (in the year containing `now`)."""
    start, end = period_bounds("year", now)
    shape = _current_shape(story, key, to_vietnam(start).year, seed)
    grid = np.linspace(0.0, 1.0, len(shape))
    return story.total * float(np.interp(min(1.0, share_between(start, end, t)), grid, shape))


def _past_total(story: YearToDate, key: str, year: int, now: datetime, seed: int) -> float:
    back = to_vietnam(now).year - year
    rng = random.Random(f"{seed}/{key}/{year}/total")
    return story.total / (1 + story.growth) ** back * (1 + rng.gauss(0.0, story.spread))


@functools.lru_cache(maxsize=32)
def _past_year_shape(story: YearToDate, key: str, year: int, seed: int) -> np.ndarray:
    """A past year's running share of its total at each local midnight: [0, …, 1], one more than its days."""
    rng = random.Random(f"{seed}/{key}/{year}/shape")
    daily: list[float] = []
    for month, weight in enumerate(story.monthly, start=1):
        month_weight = weight * max(0.3, 1 + rng.gauss(0.0, 0.08))  # a stronger or weaker month
        next_month = datetime(year + month // 12, month % 12 + 1, 1)
        days = (next_month - datetime(year, month, 1)).days
        daily += [month_weight / days * rng.lognormvariate(0.0, 0.35) for _ in range(days)]
    shape = np.concatenate(([0.0], np.cumsum(daily)))
    shape /= shape[-1]
    shape.flags.writeable = False  # shared through the cache
    return shape


@functools.lru_cache(maxsize=8)
def _current_shape(story: YearToDate, key: str, year: int, seed: int) -> np.ndarray:
    """The mean profile of the past years, on the current year's days: the pace a typical year keeps."""
    days = (datetime(year + 1, 1, 1) - datetime(year, 1, 1)).days
    grid = np.linspace(0.0, 1.0, days + 1)
    past = [_past_year_shape(story, key, year - back, seed) for back in range(1, story.years + 1)]
    shape: np.ndarray = np.mean([np.interp(grid, np.linspace(0.0, 1.0, len(p)), p) for p in past], axis=0)
    shape.flags.writeable = False
    return shape

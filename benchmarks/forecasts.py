"""KPI forecasts: what the server's periodic recompute costs, against a plain read-everything-and-project.

    .venv/bin/python benchmarks/forecasts.py [--series 10] [--every-minutes 60] [--rounds 5]

A SQLite database (a file, as in production) holds `--series` cumulative year series, each with a
sample every `--every-minutes` for six years, the current one and the five the seasonal method reads
(hourly: about 52 000 samples a series),
with a yearly target and a forecast spec. Three passes of ours and the baseline, all in this process on the
store's writer thread, each timed once in each of `--rounds` rounds (ours and the baseline alternating which
goes first: benchmarks/_rounds.py):

- ours, changed: `server.domain.forecasts.recompute` after every series got a new sample (its ingest
  not timed): per series
  a thinned read of each of the six periods (≤ 500 points each), `project`, the warning watch, the
  stored forecast and its delta (what the server's timer does when data arrived);
- ours, idle: the same call with nothing new (what the timer does most of the time: one read of the
  series and their stored forecasts, no sample read);
- baseline: per series, every sample of the same six periods read with one plain
  `SELECT ts, value … ORDER BY ts` and handed whole to the same `project` (the obvious
  implementation, with no thinning and nothing stored).

Times are per series, medians over the rounds; ratios are ours / baseline within a round, their median
with its min–max in the JSON line. The projections of ours
and the baseline are compared too (thinning must not move the answer much). The last line printed
is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import insert, select

if __package__ in (None, ""):  # run as a script: make `benchmarks.*` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._harness import fmt, ratio
from benchmarks._rounds import add_rounds_argument, finish, median_run, round_order
from server.domain import forecasts, metrics
from server.forecasting.periods import period_bounds, previous_periods
from server.forecasting.projection import MAX_HISTORY, Projection, project
from server.store.context import WriteContext
from server.store.store import Store
from server.store.tables import SAMPLES, SampleRow
from wall_protocol.entities import MetricPoint, SeriesInfo
from wall_protocol.forecast import Forecast, ForecastSpec

NOW = datetime(2026, 12, 4, 3, 0, tzinfo=UTC)
MONTHLY_SHARE = np.array([5, 6, 8, 8, 8, 8, 8, 8, 8, 9, 11, 13], dtype=float) / 100.0


def _series_values(index: int, times: list[datetime]) -> list[float]:
    """Cumulative year-to-date revenue: a monthly profile, resetting each 1 January (Vietnam time)."""
    values: list[float] = []
    rng = np.random.default_rng(index)
    total = 10_000.0 * (1 + 0.02 * index)
    year_start, year_end = period_bounds("year", times[0])
    running = 0.0
    for t in times:
        if t >= year_end:
            year_start, year_end = period_bounds("year", t)
            running, total = 0.0, total * 1.07
        month = min(11, int((t - year_start) / (year_end - year_start) * 12))
        hours = (year_end - year_start).total_seconds() / 3600
        running += total * MONTHLY_SHARE[month] * 12 / hours * max(0.0, rng.normal(1.0, 0.3))
        values.append(round(running, 3))
    return values


async def _fill(store: Store, args: argparse.Namespace) -> tuple[list[str], int]:
    start = previous_periods("year", NOW, MAX_HISTORY)[-1][0]
    step = timedelta(minutes=args.every_minutes)
    times = [start + step * i for i in range(int((NOW - start) / step))]
    keys = [f"thu-ngan-sach-{i:02d}" for i in range(args.series)]
    spec = ForecastSpec(period="year", cumulative=True)
    for index, key in enumerate(keys):
        rows = [{"series": key, "ts": t, "value": v} for t, v in zip(times, _series_values(index, times), strict=True)]
        info = SeriesInfo(key=key, name=f"Thu ngân sách {index}", unit="tỷ đồng", target=12_000.0, forecast=spec)

        def job(context: WriteContext, info: SeriesInfo = info, rows: list[dict[str, Any]] = rows) -> None:
            metrics.upsert_series(context, None, info)
            context.session.execute(insert(SAMPLES), rows)

        await store.write(job)
    return keys, len(times)


def _new_sample(keys: list[str], at: datetime, value: float) -> Callable[[WriteContext], None]:
    def job(context: WriteContext) -> None:
        metrics.ingest(context, [MetricPoint(series=key, ts=at, value=value) for key in keys])

    return job


async def _baseline(store: Store, keys: list[str]) -> dict[str, Projection]:
    first = previous_periods("year", NOW, MAX_HISTORY)[-1][0]

    def query(session: Any) -> dict[str, Projection]:
        found = {}
        for key in keys:
            rows = session.execute(select(SampleRow.ts, SampleRow.value)
                                   .where(SampleRow.series == key, SampleRow.ts >= first, SampleRow.ts <= NOW)
                                   .order_by(SampleRow.ts))
            result = project([(t, v) for t, v in rows], period="year", at=NOW, cumulative=True)
            assert isinstance(result, Projection), result
            found[key] = result
        return found

    return await store.read(query)


def _per_series_ms(started: float, count: int) -> float:
    return (time.perf_counter() - started) / count * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--series", type=int, default=10)
    parser.add_argument("--every-minutes", type=int, default=60)
    add_rounds_argument(parser, default=5)
    args = parser.parse_args()
    if min(args.series, args.every_minutes, args.rounds) < 1:
        parser.error("--series, --every-minutes and --rounds must be positive")
    asyncio.run(_run(args))


async def _run(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{Path(folder) / 'forecasts.db'}")
        store.open()
        try:
            started = time.perf_counter()
            keys, per_series = await _fill(store, args)
            print(f"forecasts: {len(keys)} cumulative year series × {per_series:,} samples "
                  f"(every {args.every_minutes} min, {MAX_HISTORY + 1} years), filled in "
                  f"{time.perf_counter() - started:.1f} s")
            value = [20_000.0]

            async def new_data() -> None:
                value[0] += 1.0  # a new newest sample for every series, so each is recomputed
                await store.write(_new_sample(keys, NOW - timedelta(minutes=1), value[0]))

            computed: list[forecasts.Computed] = []

            async def compute() -> int:
                computed[:] = await store.read(lambda s: forecasts.compute(s, NOW))
                return len(computed)

            async def apply() -> int:
                return await store.write(lambda c: forecasts.apply(c, NOW, computed))

            async def both() -> int:
                await compute()
                return await apply()

            await new_data()
            await both()  # first pass: creates the forecast rows

            async def ours(times: dict[str, float]) -> None:
                await new_data()  # not timed: the ingest
                started = time.perf_counter()
                await compute()
                times["compute_ms"] = _per_series_ms(started, len(keys))
                started = time.perf_counter()
                count = await apply()
                times["apply_ms"] = _per_series_ms(started, len(keys))
                started = time.perf_counter()
                idle_count = await both()
                times["idle_ms"] = _per_series_ms(started, len(keys))
                assert count == len(keys) and idle_count == 0, (count, idle_count)

            async def baseline(times: dict[str, float]) -> None:
                started = time.perf_counter()
                await _baseline(store, keys)
                times["baseline_ms"] = _per_series_ms(started, len(keys))

            summaries = []
            for index in range(args.rounds):
                times: dict[str, float] = {}
                for name in round_order(("ours", "baseline"), index):
                    await (ours if name == "ours" else baseline)(times)
                summaries.append(_one_round(len(keys), per_series, times))
            # Not timed: the full projection of what ours stored last (the same samples, the newest included).
            base = await _baseline(store, keys)
            stored: list[Forecast] = await store.read(forecasts.all_forecasts)
        finally:
            store.close()
    drift = max(abs(f.projection.value - base[f.series].value) / base[f.series].value
                for f in stored if f.projection is not None)
    med = median_run(summaries)
    print(f"{'per series, ms (medians)':32}{'ours':>12}{'baseline':>12}{'ratio':>8}")
    for label, key in (("compute after new data (read)", "compute"), ("  apply (holds the writer)", "apply"),
                       ("idle pass (nothing new)", "idle")):
        print(f"{label:32}{fmt(med[f'{key}_ms'], 3):>12}{fmt(med['baseline_ms'], 2):>12}"
              f"{fmt(med[f'{key}_ratio'], 3):>8}")
    print(f"largest gap between the thinned and the full projection: {drift:.3%} of the value")
    result = finish(summaries)
    result["projection_gap"] = round(drift, 6)
    print(json.dumps(result))


def _one_round(series: int, per_series: int, times: dict[str, float]) -> dict[str, Any]:
    """A round's figures under the JSON line's keys (the line holds their medians)."""
    return {"series": series, "samples_per_series": per_series, "compute_ms": round(times["compute_ms"], 3),
            "apply_ms": round(times["apply_ms"], 3), "idle_ms": round(times["idle_ms"], 4),
            "baseline_ms": round(times["baseline_ms"], 3),
            "compute_ratio": ratio(times["compute_ms"], times["baseline_ms"]),
            "apply_ratio": ratio(times["apply_ms"], times["baseline_ms"]),
            "idle_ratio": ratio(times["idle_ms"], times["baseline_ms"])}


if __name__ == "__main__":
    main()

"""Exactly-once forecast warnings against a period target."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from server.forecasting.periods import period_bounds
from server.forecasting.projection import NoProjection, Projection
from server.forecasting.warnings import Clear, ForecastWatch, Raise
from wall_protocol.texts import ref

END = datetime(2024, 12, 31, 17, tzinfo=UTC)
TARGET = 11_200.0


def _projection(value: float, end: datetime = END) -> Projection:
    basis = ref("forecast.based_on_seasonal", periods=3, period="year")
    return Projection(value, value * 0.95, value * 1.05, "seasonal", "year", end, END, basis)


def _feed(watch: ForecastWatch, values: list[float], *, higher_is_better: bool = True) -> list[Raise | Clear]:
    decisions: list[Raise | Clear] = []
    for value in values:
        decision = watch.update(
            _projection(value), target=TARGET, name="Thu ngân sách", unit="tỷ đồng", higher_is_better=higher_is_better
        )
        if decision is not None:
            decisions.append(decision)
    return decisions


def test_falling_below_raises_exactly_once() -> None:
    """A projection 6.7% under target raises one warning over 20 recomputations."""
    decisions = _feed(ForecastWatch(), [12_000.0] + [10_450.0] * 20)
    assert [d.message for d in decisions] == [
        "Dự báo Thu ngân sách cuối năm 10.450 tỷ đồng, thấp hơn mục tiêu 11.200 tỷ đồng (−6,7%)"
    ]
    assert isinstance(decisions[0], Raise) and decisions[0].text.key == "forecast.below_target"


def test_recovery_clears_exactly_once() -> None:
    """Recovering to the target clears the warning once, however often it is recomputed."""
    decisions = _feed(ForecastWatch(), [10_450.0] * 5 + [11_300.0] * 10)
    assert [type(d) for d in decisions] == [Raise, Clear]
    assert "đã trở lại trong ngưỡng mục tiêu" in decisions[1].message


def test_hovering_at_threshold_does_not_flap() -> None:
    """Misses of 4.9–5.2% around the 5% margin raise once and never clear inside the dead band."""
    misses = [0.052, 0.049, 0.051, 0.045, 0.053, 0.041, 0.050, 0.048] * 3
    decisions = _feed(ForecastWatch(), [TARGET * (1 - m) for m in misses])
    assert [type(d) for d in decisions] == [Raise]


def test_within_margin_raises_nothing() -> None:
    """A projection 3% short of the target is inside the 5% margin: no warning."""
    assert _feed(ForecastWatch(), [TARGET * 0.97] * 10) == []


def test_cap_warns_when_projection_exceeds_it() -> None:
    """With higher_is_better=False the warning is for overshooting the target, not undershooting."""
    watch = ForecastWatch()
    decisions = _feed(watch, [TARGET * 0.8, TARGET * 1.10, TARGET * 1.12, TARGET * 1.0], higher_is_better=False)
    assert [type(d) for d in decisions] == [Raise, Clear]
    assert "cao hơn mục tiêu" in decisions[0].message and "(+10,0%)" in decisions[0].message
    assert decisions[0].text.key == "forecast.above_cap"


def test_no_projection_changes_nothing() -> None:
    """Thin data neither raises nor clears a standing warning."""
    watch = ForecastWatch()
    _feed(watch, [10_000.0])
    thin = NoProjection(ref("forecast.too_little_data", points=2, share=5, min_points=5, min_share=10))
    assert watch.update(thin, target=TARGET, name="Thu ngân sách") is None
    assert watch.warning


def test_state_round_trip_prevents_a_second_raise() -> None:
    """A watch rebuilt from its JSON state after a restart does not raise the standing warning again."""
    watch = ForecastWatch()
    assert len(_feed(watch, [10_000.0])) == 1
    restored = ForecastWatch.from_dict(json.loads(json.dumps(watch.to_dict())))
    assert restored == watch
    assert _feed(restored, [10_000.0] * 5) == []
    assert [type(d) for d in _feed(restored, [11_200.0])] == [Clear]


def test_new_period_clears_stale_warning() -> None:
    """A projection for the next year first clears last year's warning, then may raise anew."""
    watch = ForecastWatch()
    _feed(watch, [10_000.0])
    next_end = datetime(2025, 12, 31, 17, tzinfo=UTC)
    first = watch.update(_projection(10_000.0, next_end), target=TARGET, name="Thu ngân sách")
    second = watch.update(_projection(10_000.0, next_end), target=TARGET, name="Thu ngân sách")
    assert isinstance(first, Clear) and isinstance(second, Raise)


def test_rate_gap_is_stated_in_percentage_points() -> None:
    """For a series in %, the gap is in points (8% target, 7,46% projected: −0,54 điểm %), not a share of 8."""
    start, end = period_bounds("year", datetime(2026, 12, 4, tzinfo=UTC))
    basis = ref("forecast.based_on_trend", points=12)
    projection = Projection(7.46, 7.40, 7.51, "trend", "year", end, start, basis)
    decision = ForecastWatch().update(projection, target=8.0, name="Tăng trưởng GRDP", unit="%")
    assert isinstance(decision, Raise) and decision.text.key == "forecast.below_target_points"
    assert decision.message == "Dự báo Tăng trưởng GRDP cuối năm 7,46%, thấp hơn mục tiêu 8,00% (−0,54 điểm %)"

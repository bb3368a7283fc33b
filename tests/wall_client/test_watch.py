"""`iocwall watch`'s lines: compact, one per delta, '-' for the sequence of transient overlays."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from wall_client.cli import main
from wall_client.watch import watch_line
from wall_protocol.detection import DetectionOverlay, OverlayBox, OverlayZone
from wall_protocol.entities import MetricPoint
from wall_protocol.forecast import Forecast, ProjectedValue
from wall_protocol.messages import ForecastDelta, MetricDelta, OverlayDelta
from wall_protocol.version import __version__

AT = datetime(2026, 11, 23, 5, 0, 1, 250_000, tzinfo=UTC)


def test_an_overlay_prints_counts_per_class_and_occupied_zones_without_a_sequence():
    """An overlay reads '[-] overlay CAM at TIME: 2 person, 1 car; occupied: cong' rather than its boxes."""
    box = {"score": 0.9, "x0": 0.1, "y0": 0.1, "x1": 0.2, "y1": 0.2}
    zones = (OverlayZone(name="cong", points=((0, 0), (1, 0), (1, 1)), occupied=True),
             OverlayZone(name="bai-xe", points=((0, 0), (1, 0), (1, 1))))
    overlay = DetectionOverlay(camera="phai-ve", at=AT, zones=zones, boxes=(
        OverlayBox(label="person", **box), OverlayBox(label="car", **box), OverlayBox(label="person", **box)))
    line = watch_line(OverlayDelta(overlay=overlay))
    assert line == "[-] overlay phai-ve at 05:00:01.250: 2 person, 1 car; occupied: cong"
    empty = DetectionOverlay(camera="phai-ve", at=AT)
    assert watch_line(OverlayDelta(overlay=empty)) == "[-] overlay phai-ve at 05:00:01.250: nothing"


def test_a_sequenced_delta_keeps_its_number():
    """Other deltas still print their sequence number."""
    delta = MetricDelta(seq=42, point=MetricPoint(series="rate", ts=AT, value=97.5))
    assert watch_line(delta) == "[42] metric rate = 97.5 at 05:00:01"


def test_a_forecast_prints_its_projection_interval_target_and_warning():
    """A forecast reads as value [low .. high] at the period end vs the target, flagged when it warns; else why not."""
    start, end = datetime(2025, 12, 31, 17, tzinfo=UTC), datetime(2026, 12, 31, 17, tzinfo=UTC)
    projected = ProjectedValue(value=10450, low=9980, high=10920, method="seasonal", as_of=AT, as_of_value=9320,
                               based_on="theo mùa vụ 5 năm trước")
    forecast = Forecast(series="thu-ngan-sach", period="year", period_start=start, period_end=end, target=12000,
                        projection=projected, warning=True, computed_at=AT)
    assert watch_line(ForecastDelta(seq=7, series="thu-ngan-sach", forecast=forecast)) == (
        "[7] forecast thu-ngan-sach (year, seasonal): 10450 [9980 .. 10920] at 2026-12-31 vs target 12000 WARNING")
    none = forecast.model_copy(update={"projection": None, "reason": "Chưa đủ dữ liệu", "warning": False})
    assert watch_line(ForecastDelta(seq=8, series="thu-ngan-sach", forecast=none)) == (
        "[8] forecast thu-ngan-sach (year): none vs target 12000: Chưa đủ dữ liệu")
    assert watch_line(ForecastDelta(seq=9, series="x", forecast=None)) == "[9] forecast x removed"


def test_version_prints_the_one_version(capsys: pytest.CaptureFixture[str]):
    """`iocwall --version` prints 'iocwall X.Y.Z' from wall_protocol/version.py and exits 0."""
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out == f"iocwall {__version__}\n"

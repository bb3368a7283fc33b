"""What a tile shows of a KPI forecast: the words (projection, interval, gap to the target, basis or
the reason there is none), a level that colours them, and the geometry of the dashed projection.

Qt-free: the KPI tile paints this with QPainter, the chart tile with pyqtgraph items. Times in the
geometry are Unix seconds (what both charts use for x). The gap to a target in percent (GRDP growth
%, on-time rate %) is said in percentage points: "10% below an 8% target" would read as nonsense.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from wall_client.model import formatting
from wall_client.model.alert_text import server_text
from wall_client.model.i18n import QT_TRANSLATE_NOOP, translate
from wall_protocol.entities import SeriesInfo
from wall_protocol.forecast import PERIOD_WORDS, Forecast, ForecastSpec, Period

ForecastLevel = Literal["ok", "warn", "none"]
MET = QT_TRANSLATE_NOOP("ForecastView", "đạt mục tiêu")
TITLES: dict[Period, str] = {
    "year": QT_TRANSLATE_NOOP("ForecastView", "Dự báo cuối năm"),
    "quarter": QT_TRANSLATE_NOOP("ForecastView", "Dự báo cuối quý"),
    "month": QT_TRANSLATE_NOOP("ForecastView", "Dự báo cuối tháng"),
}
"""Whole phrases per period: "cuối {word}" would not translate (English puts the period first)."""


@dataclass(frozen=True)
class ProjectionGeometry:
    """The dashed segment from the latest sample to the period end, and its interval fanning out."""

    xs: tuple[float, float]
    """(as_of, period_end) in Unix seconds."""
    values: tuple[float, float]
    """(as_of_value, projected value): the dashed line."""
    lows: tuple[float, float]
    """(as_of_value, low): the band's lower edge; at as_of the value is known, so the band starts as a point."""
    highs: tuple[float, float]

    def band_polygon(self) -> tuple[tuple[float, float], ...]:
        """The band's outline as (x, value) corners: a triangle from the latest sample."""
        return ((self.xs[0], self.lows[0]), (self.xs[1], self.highs[1]), (self.xs[1], self.lows[1]))


@dataclass(frozen=True)
class ForecastView:
    """A forecast in the words and shapes tiles draw."""

    period_word: str
    """năm / quý / tháng (year / quarter / month)."""
    title: str
    """"Dự báo cuối năm" (Year-end forecast): what a tile heads the forecast with."""
    period_start: float
    period_end: float
    """The period in Unix seconds: a period chart's x range."""
    level: ForecastLevel
    """warn: the server raised a warning, or the projection misses the target by more than the margin."""
    headline: str = ""
    """"Dự báo cuối năm: 10.450 tỷ đồng" (empty without a projection)."""
    interval: str = ""
    """"khoảng 9.800 – 11.100"."""
    gap: str = ""
    """"thấp hơn mục tiêu 6,7%", "đạt mục tiêu", or empty without a target."""
    basis: str = ""
    """What the projection rests on (the server's words)."""
    reason: str = ""
    """Why there is no projection (the server's words); empty when there is one."""
    target: float | None = None
    target_label: str = ""
    """"Mục tiêu 11.200": the label of the target line."""
    geometry: ProjectionGeometry | None = None

    @property
    def caption(self) -> str:
        """Two lines for a chart: the projection, then its gap to the target and interval; or the reason."""
        if self.geometry is None:
            return f"{self.title}: {self.reason}"
        return f"{self.headline}\n{self.details}"

    @property
    def details(self) -> str:
        """The line under the headline: "thấp hơn mục tiêu 6,7% · khoảng 9.800 – 11.100"."""
        return " · ".join(part for part in (self.gap, self.interval) if part)


def view_forecast(forecast: Forecast, info: SeriesInfo | None) -> ForecastView:
    """The view of `forecast`; `info` (the series) gives the unit and the spec (defaults when unknown)."""
    spec = info.forecast if info is not None and info.forecast is not None else ForecastSpec(period=forecast.period)
    unit = info.unit if info is not None else ""
    title = translate("ForecastView", TITLES[forecast.period])
    target = forecast.target
    base = ForecastView(
        period_word=translate("ServerText", PERIOD_WORDS[forecast.period]),  # the server's words for periods
        title=title,
        period_start=forecast.period_start.timestamp(),
        period_end=forecast.period_end.timestamp(),
        level="warn" if forecast.warning else "none",
        reason=server_text(forecast.reason_text, forecast.reason),
        target=target,
        target_label=translate("ForecastView", "Mục tiêu {value}").format(value=_number(target))
        if target is not None else "",
    )
    projected = forecast.projection
    if projected is None:
        return base
    decimals = formatting.decimals_for(max(abs(projected.low), abs(projected.high)))
    geometry = ProjectionGeometry(
        xs=(projected.as_of.timestamp(), forecast.period_end.timestamp()),
        values=(projected.as_of_value, projected.value),
        lows=(projected.as_of_value, projected.low),
        highs=(projected.as_of_value, projected.high),
    )
    return replace(
        base,
        reason="",
        level=_level(projected.value, target, spec, forecast.warning),
        headline=f"{title}: {_number(projected.value)} {unit}".rstrip(),
        interval=translate("ForecastView", "khoảng {low} – {high}").format(
            low=formatting.number(projected.low, decimals), high=formatting.number(projected.high, decimals)),
        gap=_gap(projected.value, target, spec, unit),
        basis=server_text(projected.based_on_text, projected.based_on),
        geometry=geometry,
    )


def shortfall(value: float, target: float, spec: ForecastSpec) -> float:
    """By how much `value` misses `target`, as a share of it (0 when met; the bad side per the spec)."""
    miss = target - value if spec.higher_is_better else value - target
    return max(0.0, miss) / abs(target) if target else (1.0 if miss > 0 else 0.0)


def _level(value: float, target: float | None, spec: ForecastSpec, warning: bool) -> ForecastLevel:
    if warning or (target is not None and shortfall(value, target, spec) > spec.warn_margin):
        return "warn"
    return "ok" if target is not None else "none"


def _gap(value: float, target: float | None, spec: ForecastSpec, unit: str) -> str:
    if target is None:
        return ""
    missed = value < target if spec.higher_is_better else value > target
    if not missed:
        return translate("ForecastView", MET)
    below = value < target
    if unit.strip() == "%":
        points = formatting.number(abs(value - target), 1)
        if below:
            return translate("ForecastView", "thấp hơn mục tiêu {points} điểm %").format(points=points)
        return translate("ForecastView", "cao hơn mục tiêu {points} điểm %").format(points=points)
    share = formatting.number(abs(value - target) / abs(target) * 100 if target else 0.0, 1)
    if below:
        return translate("ForecastView", "thấp hơn mục tiêu {share}%").format(share=share)
    return translate("ForecastView", "cao hơn mục tiêu {share}%").format(share=share)


def _number(value: float) -> str:
    return formatting.number(value, formatting.decimals_for(value))

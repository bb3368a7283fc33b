"""KPI tiles with a forecast, offscreen: the period chart with its dashed projection and target, the
forecast in words coloured by level, and the reason when there is no projection."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage

from tests.support.pixels import colour_share
from tests.support.shots import shots_dir
from tests.wall_client import forecast_fixtures as fx
from wall_client.model.wall_model import TileView, WallModel
from wall_client.ui import theme
from wall_client.ui.tiles.base import TileContext
from wall_client.ui.tiles.kpi import KpiTile
from wall_client.ui.tiles.period_chart import TARGET_COLOUR, one_per_column
from wall_protocol.entities import MetricPoint, TileKind
from wall_protocol.forecast import Forecast
from wall_protocol.messages import ForecastDelta
from wall_protocol.tiles import make_tile

SHOTS = shots_dir("forecast")
SIZE = (480, 360)  # a 1×1 tile of a 4×3 layout on a 1920×1080 monitor


def _tile(qtbot, store: WallModel) -> KpiTile:
    view = TileView(make_tile(id="k", kind=TileKind.KPI, col=0, row=0, props={"series": fx.REVENUE.key}), None)
    tile = KpiTile(view, TileContext(store, "http://127.0.0.1:9"))
    qtbot.addWidget(tile)
    tile.now = fx.NOW
    tile.resize(*SIZE)
    return tile


def _grab(tile: KpiTile, name: str) -> QImage:
    image = tile.grab().toImage()
    SHOTS.mkdir(exist_ok=True)
    image.save(str(SHOTS / f"kpi_{name}.png"))
    return image


def _kpi(qtbot, name: str, *forecasts: Forecast) -> tuple[KpiTile, QImage]:
    tile = _tile(qtbot, fx.store(*forecasts))
    return tile, _grab(tile, name)


def _right_of_last_sample(tile: KpiTile) -> QRect:
    g = tile.period_geometry
    assert g is not None and g.last_sample_x is not None
    return QRect(g.last_sample_x + 6, g.plot.top(), g.period_end_x - g.last_sample_x - 6, g.plot.height())


def test_the_projection_is_dashed_to_the_period_end_with_the_target_line(qtbot):
    """Right of the last sample only the projection's colour is drawn (with gaps: dashed); the target
    line crosses the chart and is labelled."""
    tile, image = _kpi(qtbot, "forecast", fx.forecast(value=11300.0))
    area = _right_of_last_sample(tile)
    assert colour_share(image.copy(area), theme.OK, tolerance=40) > 0.005
    assert colour_share(image.copy(area), theme.ACCENT, tolerance=40) == 0  # the samples stop at the last one
    g = tile.period_geometry
    assert g is not None and g.target_y is not None
    # Along the dashed line: projection-coloured pixels, and gaps between the dashes.
    forecast = tile.forecast()
    assert forecast is not None and forecast.geometry is not None
    v0, v1 = forecast.geometry.values
    along = []
    for i in range(40):
        x = g.last_sample_x + 4 + i * (g.period_end_x - g.last_sample_x - 8) / 39
        y = _y_of(tile, v0 + (v1 - v0) * (x - g.last_sample_x) / (g.period_end_x - g.last_sample_x))
        along.append(_near(image.pixelColor(int(x), y), theme.OK))
    assert 5 < sum(along) < 38, along
    target_row = [image.pixelColor(x, g.target_y) for x in range(g.plot.left() + g.plot.width() // 2, g.plot.right())]
    assert sum(_near(c, TARGET_COLOUR, 60) for c in target_row) > len(target_row) * 0.5
    assert "Mục tiêu 11.200" in tile.drawn_texts
    assert "Dự báo cuối năm: 11.300 tỷ đồng" in tile.drawn_texts
    assert "đạt mục tiêu · khoảng 10.650 – 11.950" in tile.drawn_texts


def test_without_a_forecast_the_tile_looks_as_before(qtbot):
    """No forecast: the sparkline and details line, no period chart, no projection colour right of the data."""
    with_forecast, _ = _kpi(qtbot, "forecast_ref", fx.forecast(value=11300.0))
    area = _right_of_last_sample(with_forecast)
    tile, image = _kpi(qtbot, "no_forecast")
    assert tile.period_geometry is None
    assert colour_share(image.copy(area), theme.OK, tolerance=40) == 0
    assert tile.drawn_texts[1].startswith("Mục tiêu 11.200")


def test_a_warning_colours_the_forecast_amber(qtbot):
    """forecast.warning: headline, gap and projection in the warning colour; an ok forecast has none of it."""
    tile, image = _kpi(qtbot, "warning", fx.forecast(value=10450.0, warning=True))
    assert "thấp hơn mục tiêu 6,7% · khoảng 9.800 – 11.100" in tile.drawn_texts
    assert colour_share(image, theme.WARN, tolerance=40) > 0.02
    assert colour_share(image.copy(_right_of_last_sample(tile)), theme.WARN, tolerance=40) > 0.005
    _, ok_image = _kpi(qtbot, "ok", fx.forecast(value=11300.0))
    assert colour_share(ok_image, theme.WARN, tolerance=40) == 0


def test_too_little_history_shows_the_reason(qtbot):
    """No projection: the server's reason is written whole, in readable text, and no chart is drawn."""
    tile, image = _kpi(qtbot, "reason", fx.forecast(reason=fx.REASON))
    assert tile.period_geometry is None
    assert fx.REASON in tile.drawn_texts and "Dự báo cuối năm · Mục tiêu 11.200" in tile.drawn_texts
    lower = image.copy(QRect(0, image.height() // 2, image.width(), image.height() // 2 - 40))
    assert colour_share(lower, theme.TEXT, tolerance=60) > 0.01


def test_a_forecast_delta_repaints_the_tile(qtbot):
    """A forecast arriving later replaces the sparkline by the period chart."""
    store = fx.store()
    tile = _tile(qtbot, store)
    _grab(tile, "before_delta")
    assert tile.period_geometry is None
    store.apply(ForecastDelta(seq=5, series=fx.REVENUE.key, forecast=fx.forecast()))
    _grab(tile, "after_delta")
    assert tile.period_geometry is not None


def _y_of(tile: KpiTile, value: float) -> int:
    """The pixel row of `value` in the period chart, found from the target's row and the chart's bottom."""
    g = tile.period_geometry
    assert g is not None and g.target_y is not None
    # Two known rows: the target (11.200) and the last sample (6.500), whose y the painter used.
    forecast = tile.forecast()
    assert forecast is not None and forecast.geometry is not None
    y_last = _last_sample_y(tile)
    v_last = forecast.geometry.values[0]
    return round(y_last + (value - v_last) * (g.target_y - y_last) / (11200.0 - v_last))


def _last_sample_y(tile: KpiTile) -> float:
    g = tile.period_geometry
    assert g is not None
    image = tile.grab().toImage()
    x = (g.last_sample_x or 0) - 3
    rows = [y for y in range(g.plot.top(), g.plot.bottom()) if _near(image.pixelColor(x, y), theme.ACCENT)]
    return sum(rows) / len(rows)


def _near(colour: QColor, reference: QColor, tolerance: int = 40) -> bool:
    return (abs(colour.red() - reference.red()) + abs(colour.green() - reference.green())
            + abs(colour.blue() - reference.blue())) < tolerance


def test_the_period_chart_draws_at_most_one_sample_per_pixel_column():
    """5 000 samples over a 500-px chart become ≤ 500 points, keeping the last of each column (and the newest)."""
    samples = [(float(i), float(i) * 2) for i in range(5000)]
    kept = one_per_column(samples, 0.0, 5000.0, 500)
    assert len(kept) == 500 and kept[-1] == samples[-1] and kept[0] == (9.0, 18.0)
    assert one_per_column(samples[:300], 0.0, 5000.0, 500) == samples[:300]  # fewer than columns: untouched


def test_a_forecast_kpi_compared_with_last_year_says_so_in_its_footer(qtbot):
    """With compare = "year", the year-to-date figure's change against the same day last year leads the footer."""
    store = fx.store(fx.forecast())
    last_year = fx.NOW.replace(year=fx.NOW.year - 1) - timedelta(hours=2)
    store.add_history(fx.REVENUE.key, [MetricPoint(series=fx.REVENUE.key, ts=last_year, value=5000.0)])
    view = TileView(make_tile(id="k", kind=TileKind.KPI, col=0, row=0,
                              props={"series": fx.REVENUE.key, "compare": "year"}), None)
    tile = KpiTile(view, TileContext(store, "http://127.0.0.1:9"))
    qtbot.addWidget(tile)
    tile.now = fx.NOW
    tile.resize(*SIZE)
    _grab(tile, "compare_year")
    assert any(t.startswith("▲ +30,0% so với cùng kỳ năm trước · Cập nhật") for t in tile.drawn_texts), tile.drawn_texts

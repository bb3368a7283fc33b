"""A KPI tile's small chart of its forecast period, painted with QPainter (tiles do not use pyqtgraph).

x runs over the whole period (the start of the year to its end), so where the solid line stops shows
how much of the period is behind us; the projection continues it dashed to the period end inside its
interval band, and the target is a labelled horizontal line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen, QPolygonF

from wall_client.model.forecast_view import ForecastView
from wall_client.ui import theme
from wall_protocol.timezone import VIETNAM_TZ

PAD_FRACTION = 0.1
"""Room above and below the values, so the target's label and the band's edges are not on the border."""
TARGET_COLOUR = QColor("#d0d8e6")
"""The target line: near-white, apart from the series (blue) and the projection (level colour)."""


@dataclass(frozen=True)
class PeriodChartGeometry:
    """Where the parts were drawn (tests read it to know where to look in the pixels)."""

    plot: QRect
    last_sample_x: int | None
    period_end_x: int
    target_y: int | None


def paint_period_chart(painter: QPainter, rect: QRect, samples: Sequence[tuple[float, float]],
                       view: ForecastView, projection_colour: QColor) -> PeriodChartGeometry:
    """Paint `samples` ((Unix seconds, value), oldest first, within the period) and `view`'s projection."""
    label_px = max(11, min(22, rect.height() // 6))
    plot = rect.adjusted(0, 0, 0, -(label_px + 4))  # the period's first and last day are written below
    samples = one_per_column(samples, view.period_start, view.period_end, plot.width())
    values = [v for _, v in samples]
    geometry = view.geometry
    if geometry is not None:
        values += [*geometry.lows, *geometry.highs, *geometry.values]
    if view.target is not None:
        values.append(view.target)
    x0, x1 = view.period_start, view.period_end
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    pad = (high - low) * PAD_FRACTION or max(abs(high) * PAD_FRACTION, 1.0)
    low, high = low - pad, high + pad * 2.5  # more room on top: the target's label sits above its line

    def at(t: float, v: float) -> QPointF:
        return QPointF(plot.left() + (t - x0) / (x1 - x0) * plot.width(),
                       plot.bottom() - (v - low) / (high - low) * plot.height())

    painter.save()
    painter.setPen(QPen(theme.TILE_BORDER, 1))
    painter.drawLine(plot.bottomLeft(), plot.bottomRight())
    line_w = max(2.0, plot.height() / 60)
    if geometry is not None:
        band = QColor(projection_colour)
        band.setAlpha(85)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(band)
        painter.drawPolygon(QPolygonF([at(t, v) for t, v in geometry.band_polygon()]))
        dashed = QPen(projection_colour, line_w * 1.25)
        dashed.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(dashed)
        painter.drawLine(at(geometry.xs[0], geometry.values[0]), at(geometry.xs[1], geometry.values[1]))
    if len(samples) >= 2:
        painter.setPen(QPen(theme.ACCENT, line_w))
        painter.drawPolyline(QPolygonF([at(t, v) for t, v in samples]))
    target_y = None
    if view.target is not None:
        target_y = round(at(x0, view.target).y())
        painter.setPen(QPen(TARGET_COLOUR, 2))  # 2 px on a whole row: crisp, not an anti-aliased grey
        painter.drawLine(plot.left(), target_y, plot.right(), target_y)
        _label(painter, plot, target_y, view.target_label, label_px)
    _period_bounds(painter, rect, view, label_px)
    painter.restore()
    last_x = round(at(samples[-1][0], samples[-1][1]).x()) if samples else None
    return PeriodChartGeometry(plot, last_x, plot.right(), target_y)


def one_per_column(samples: Sequence[tuple[float, float]], x0: float, x1: float,
                   columns: int) -> Sequence[tuple[float, float]]:
    """The last sample of each pixel column (a year-to-date value is read at the end of its span).

    Measured: a year of daily history plus a day of live samples is ~5 000 points, which cost ~17 ms a
    paint (mapping and an anti-aliased polyline) on the GUI thread; a tile ~500 px wide shows 500 of them.
    """
    if len(samples) <= columns or columns <= 0:
        return samples
    scale = columns / (x1 - x0)
    kept: dict[int, tuple[float, float]] = {}
    for sample in samples:
        kept[int((sample[0] - x0) * scale)] = sample  # later samples overwrite: the last one stays
    return list(kept.values())


def _label(painter: QPainter, plot: QRect, y: int, text: str, px: int) -> None:
    """The target's value at the left of its line, above it (below when there is no room), on the tile's
    colour so that the band or the series does not blur it."""
    painter.setFont(theme.font(px, bold=True))
    width = QFontMetrics(painter.font()).horizontalAdvance(text) + px // 2
    top = y - px - 4 if y - px - 4 >= plot.top() else y + 3
    box = QRectF(plot.left(), top, min(width, plot.width()), px + 2)
    painter.fillRect(box, theme.TILE)
    painter.setPen(TARGET_COLOUR)
    painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)


def _period_bounds(painter: QPainter, rect: QRect, view: ForecastView, px: int) -> None:
    """The period's first and last day under the chart (01/01 … 31/12), as the axes of a chart would."""
    start = datetime.fromtimestamp(view.period_start, UTC).astimezone(VIETNAM_TZ)
    end = datetime.fromtimestamp(view.period_end, UTC).astimezone(VIETNAM_TZ) - timedelta(seconds=1)
    painter.setFont(theme.font(px))
    painter.setPen(theme.MUTED)
    row = QRect(rect.left(), rect.bottom() - px - 2, rect.width(), px + 2)
    painter.drawText(row, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, start.strftime("%d/%m"))
    painter.drawText(row, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, end.strftime("%d/%m"))

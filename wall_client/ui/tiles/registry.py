"""Tile kind → widget class: the one table that decides how each kind of tile is drawn."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget

from wall_client.model.i18n import translate
from wall_client.model.wall_model import TileView
from wall_client.ui import text_fit, theme
from wall_client.ui.charts.chart_tile import ChartTile
from wall_client.ui.tiles.alerts import AlertsTile
from wall_client.ui.tiles.base import TileContext, TileWidget
from wall_client.ui.tiles.camera_grid import CameraGridTile
from wall_client.ui.tiles.clock import ClockTile
from wall_client.ui.tiles.image import ImageTile
from wall_client.ui.tiles.kpi import KpiTile
from wall_client.ui.tiles.ranking import RankingTile
from wall_client.ui.tiles.text import TextTile
from wall_client.ui.video.video_tile import VideoTile
from wall_protocol.entities import TileKind


class UnavailableTile(TileWidget):
    """A kind this client version cannot draw yet: said plainly on the wall, never a blank hole."""

    def paint_body(self, painter: QPainter, rect: QRect) -> None:
        painter.setPen(theme.MUTED)
        text = translate("TileRegistry", "Ô '{kind}' chưa được hỗ trợ ở phiên bản này").format(
            kind=self.view.tile.kind.value)
        text_fit.draw_wrapped(painter, rect, text, max(12, rect.height() // 10))


TILE_WIDGETS: dict[TileKind, type[TileWidget]] = {
    TileKind.VIDEO: VideoTile,
    TileKind.CHART: ChartTile,
    TileKind.KPI: KpiTile,
    TileKind.ALERTS: AlertsTile,
    TileKind.CLOCK: ClockTile,
    TileKind.TEXT: TextTile,
    TileKind.IMAGE: ImageTile,
    TileKind.CAMERA_GRID: CameraGridTile,
    TileKind.RANKING: RankingTile,
}


def create_tile(view: TileView, context: TileContext, parent: QWidget | None = None) -> TileWidget:
    return TILE_WIDGETS.get(view.tile.kind, UnavailableTile)(view, context, parent)

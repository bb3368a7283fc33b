"""The console's Qt style sheet, from the wall's colours (wall_client/ui/theme.py) so both look alike."""

from __future__ import annotations

from wall_client.ui import theme


def stylesheet() -> str:
    bg, tile, border = theme.BACKGROUND.name(), theme.TILE.name(), theme.TILE_BORDER.name()
    text, muted, accent = theme.TEXT.name(), theme.MUTED.name(), theme.ACCENT.name()
    return f"""
    QMainWindow, QWidget {{ background: {bg}; color: {text}; font-family: "{theme.FONT_FAMILY}"; font-size: 13px; }}
    QDockWidget {{ color: {muted}; font-weight: bold; }}
    QDockWidget::title {{ background: {tile}; padding: 6px; border-bottom: 1px solid {border}; }}
    QGroupBox {{ border: 1px solid {border}; border-radius: 4px; margin-top: 14px; padding: 10px 6px 6px 6px; }}
    QGroupBox::title {{ subcontrol-origin: margin; left: 10px; padding: 0 4px; color: {text}; }}
    QTreeWidget, QLineEdit {{ background: {tile}; border: 1px solid {border}; border-radius: 3px; }}
    QTreeWidget::item {{ padding: 3px 0; }}
    QTreeWidget::item:selected {{ background: {accent}; color: {bg}; }}
    QHeaderView::section {{ background: {bg}; color: {muted}; border: none; border-bottom: 1px solid {border};
                            padding: 4px; font-weight: bold; }}
    QLineEdit {{ padding: 5px; selection-background-color: {accent}; }}
    QPushButton {{ background: {tile}; border: 1px solid {accent}; border-radius: 3px; padding: 6px 12px; }}
    QPushButton:hover {{ background: {border}; }}
    QPushButton:disabled {{ color: {muted}; border-color: {border}; }}
    QMenu {{ background: {tile}; border: 1px solid {border}; }}
    QMenu::item {{ padding: 5px 24px; }}
    QMenu::item:selected {{ background: {accent}; color: {bg}; }}
    QMenu::item:disabled {{ color: {muted}; }}
    QStatusBar {{ background: {tile}; border-top: 1px solid {border}; }}
    QStatusBar QLabel {{ padding: 0 8px; }}
    QScrollArea {{ border: none; }}
    QToolTip {{ background: {tile}; color: {text}; border: 1px solid {border}; }}
    """

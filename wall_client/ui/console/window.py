"""The operator console's main window: camera tree (left), walls (centre), presets (right), alerts (bottom),
the briefing bar (top) and the status bar."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QWidget,
)

from wall_client.model.console_alerts import ResolvedLog
from wall_client.model.i18n import QT_TRANSLATE_NOOP, translate
from wall_client.model.screenshot import DEFAULT_FOLDER
from wall_client.ui import plain_text
from wall_client.ui.app import offscreen
from wall_client.ui.console.actions import ConsoleActions, view_only
from wall_client.ui.console.admin_dialog import AdminDialog
from wall_client.ui.console.alarm_bell import AlarmBell, Sounder
from wall_client.ui.console.alarm_sound_control import AlarmSoundControl, console_settings
from wall_client.ui.console.alerts_panel import AlertsPanel
from wall_client.ui.console.briefing_bar import BriefingBar
from wall_client.ui.console.briefing_editor import BriefingEditor
from wall_client.ui.console.camera_tree import CameraTree
from wall_client.ui.console.editor.editor_window import LayoutEditor
from wall_client.ui.console.event_browser import EventBrowser
from wall_client.ui.console.help_overlay import HelpOverlay
from wall_client.ui.console.presets_panel import PresetsPanel
from wall_client.ui.console.preview import CameraPreview
from wall_client.ui.console.screenshot import Screenshots
from wall_client.ui.console.style import stylesheet
from wall_client.ui.console.walls_panel import WallsPanel
from wall_client.ui.tiles.base import TileContext
from wall_protocol.common import utc_now

MESSAGE_SHOWN_MS = 20_000

SHORTCUTS: list[tuple[str, str]] = [  # the help overlay (F1) translates both, context "ConsoleWindow"
    ("Ctrl+F", QT_TRANSLATE_NOOP("ConsoleWindow", "Tìm camera (tên, mã, huyện; gõ không dấu cũng được)")),
    ("Enter", QT_TRANSLATE_NOOP("ConsoleWindow", "Đưa camera đang chọn lên ô đang chọn của tường")),
    ("Delete", QT_TRANSLATE_NOOP("ConsoleWindow", "Xoá ô đang chọn của tường")),
    ("Ctrl+P", QT_TRANSLATE_NOOP("ConsoleWindow", "Ghim / bỏ ghim ô đang chọn")),
    ("Ctrl+T", QT_TRANSLATE_NOOP("ConsoleWindow", "Tuần tra các camera đang chọn trên ô đang chọn")),
    ("Ctrl+K", QT_TRANSLATE_NOOP("ConsoleWindow", "Xác nhận cảnh báo đang chọn")),
    ("Ctrl+R", QT_TRANSLATE_NOOP("ConsoleWindow", "Đánh dấu đã xử lý cảnh báo đang chọn")),
    ("Ctrl+1 … Ctrl+9",
     QT_TRANSLATE_NOOP("ConsoleWindow", "Áp dụng cấu hình tường gán phím đó (xem bảng Cấu hình)")),
    ("Page Down / Page Up",
     QT_TRANSLATE_NOOP("ConsoleWindow", "Giao ban: bước sau / bước trước (áp dụng cấu hình của bước)")),
    ("F9", QT_TRANSLATE_NOOP("ConsoleWindow", "Dừng hình / bỏ dừng hình tường đang chọn (dữ liệu vẫn được ghi)")),
    (QT_TRANSLATE_NOOP("ConsoleWindow", "Kéo - thả"),
     QT_TRANSLATE_NOOP("ConsoleWindow", "Kéo camera từ cây thả vào một ô trên hình thu nhỏ")),
    (QT_TRANSLATE_NOOP("ConsoleWindow", "Chuột phải"),
     QT_TRANSLATE_NOOP("ConsoleWindow", "Menu của ô: camera, tuần tra, ghim, xoá, phóng to, chụp ảnh, bố cục")),
    ("Ctrl+E", QT_TRANSLATE_NOOP("ConsoleWindow", "Mở trình sửa bố cục (tạo, sửa, nhập / xuất tệp; quản trị viên "
                                                  "lưu lên máy chủ)")),
    ("Ctrl+B", QT_TRANSLATE_NOOP("ConsoleWindow", "Soạn kịch bản giao ban (thêm, đổi tên, sắp xếp bước, xoá)")),
    ("Ctrl+D", QT_TRANSLATE_NOOP("ConsoleWindow", "Xem sự kiện phát hiện (lọc theo camera, vùng, thời gian; ảnh)")),
    ("Ctrl+Shift+A",
     QT_TRANSLATE_NOOP("ConsoleWindow", "Quản trị: camera, mã truy cập, tài khoản, liên kết chia sẻ")),
    ("F1", QT_TRANSLATE_NOOP("ConsoleWindow", "Hiện / ẩn bảng phím tắt này")),
]


class ConsoleWindow(QMainWindow):
    def __init__(self, context: TileContext, actions: ConsoleActions, resolved: ResolvedLog,
                 sounder: Sounder | None = None, settings: QSettings | None = None) -> None:
        super().__init__()
        self.context = context
        self.console_actions = actions
        self.person = False  # logged in with a personal account (True) or with a token: the status bar says which
        self.setWindowTitle(translate("ConsoleWindow", "IOC Wall - Bảng điều khiển"))
        self.setStyleSheet(stylesheet())
        self.resize(1600, 960)

        self.cameras = CameraTree(context.store)
        self.preview = CameraPreview(context)
        self.cameras.current_camera.connect(self.preview.show_camera)
        self.screenshot_dir: Path | None = None  # where snapshots go; asked once (interactive) when not set
        self.screenshots = Screenshots(self.preview, actions, self._screenshot_folder, self)
        actions.selected_cameras = self.cameras.selected_cameras
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.cameras)
        left.addWidget(self.preview)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 1)
        self.camera_dock = self._dock("camera", translate("ConsoleWindow", "Camera"), left,
                                      Qt.DockWidgetArea.LeftDockWidgetArea)
        self.camera_dock.setMinimumWidth(320)

        self.bell = AlarmBell(context.store, sounder, self)  # before the miniatures: they read its flash phase
        self.walls = WallsPanel(actions, bell=self.bell)
        self.setCentralWidget(self.walls)

        self.presets = PresetsPanel(actions)
        self.presets_dock = self._dock("presets", translate("ConsoleWindow", "Cấu hình"), self.presets,
                                       Qt.DockWidgetArea.RightDockWidgetArea)
        self.presets_dock.setMinimumWidth(260)
        self.briefing = BriefingBar(actions, self.selected_wall, self)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.briefing)

        self.alerts = AlertsPanel(actions, resolved, bell=self.bell)
        self.alerts_dock = self._dock("alerts", translate("ConsoleWindow", "Cảnh báo"), self.alerts,
                                      Qt.DockWidgetArea.BottomDockWidgetArea)
        self.resizeDocks([self.alerts_dock], [260], Qt.Orientation.Vertical)

        self.connection_label = plain_text.label()  # it holds the reason a connection was lost
        self.alarm_sound = AlarmSoundControl(self.bell, settings or console_settings())
        self.statusBar().addPermanentWidget(self.alarm_sound)
        self.statusBar().addPermanentWidget(self.connection_label)
        self.statusBar().messageChanged.connect(self._message_cleared)
        actions.message.connect(self.show_message)
        actions.role_changed.connect(self._update_status)
        context.store.connection_changed.connect(lambda _up: self._update_status())
        context.store.reset.connect(self._update_status)

        self.layout_editor: LayoutEditor | None = None
        self.menuBar().addAction(translate("ConsoleWindow", "Sửa bố cục… (Ctrl+E)")).triggered.connect(
            self.open_layout_editor)
        self.briefing_editor: BriefingEditor | None = None
        self.menuBar().addAction(translate("ConsoleWindow", "Kịch bản giao ban… (Ctrl+B)")).triggered.connect(
            self.open_briefing_editor)
        self.event_browser: EventBrowser | None = None
        self.menuBar().addAction(translate("ConsoleWindow", "Sự kiện phát hiện… (Ctrl+D)")).triggered.connect(
            self.open_event_browser)
        self.admin_dialog: AdminDialog | None = None
        self.menuBar().addAction(translate("ConsoleWindow", "Quản trị… (Ctrl+Shift+A)")).triggered.connect(
            self.open_admin)
        self.help = HelpOverlay(SHORTCUTS, self)
        self._shortcuts()
        self._timer = QTimer(self)
        self._timer.timeout.connect(lambda: self.preview.tick(utc_now()))
        self._timer.start(1000)
        self._update_status()

    def _dock(self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)  # the same in every language (saved window states find it by name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        return dock

    # ------------------------------------------------------------------ keyboard

    def _shortcuts(self) -> None:
        bindings: dict[str, Callable[[], None]] = {
            "Ctrl+F": self.cameras.focus_search,
            "Return": self._enter,
            "Enter": self._enter,
            "Delete": self._delete,
            "Ctrl+P": self._toggle_pin,
            "Ctrl+T": self._tour,
            "Ctrl+K": self.alerts.acknowledge,
            "Ctrl+R": self.alerts.resolve,
            "F1": self.help.toggle,
            "Ctrl+E": self.open_layout_editor,
            "Ctrl+Shift+A": self.open_admin,
            "Ctrl+B": self.open_briefing_editor,
            "Ctrl+D": self.open_event_browser,
            "PgDown": self.briefing.forward,
            "PgUp": self.briefing.back,
            "F9": self.briefing.toggle_freeze,
        }
        for key in range(1, 10):
            bindings[f"Ctrl+{key}"] = lambda key=key: self.presets.apply_key(key)  # type: ignore[misc]
        for keys, handler in bindings.items():
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(handler)
        escape = QShortcut(QKeySequence("Escape"), self)
        escape.activated.connect(self.help.hide)

    def open_layout_editor(self) -> None:
        """Ctrl+E: the layout editor (`self.layout_editor`), one per console, in a window of its own."""
        if self.layout_editor is None:
            self.layout_editor = LayoutEditor(self.console_actions, self)
        self.layout_editor.show()
        self.layout_editor.raise_()
        self.layout_editor.activateWindow()

    def open_briefing_editor(self) -> None:
        """Ctrl+B: the briefing playlist editor (`self.briefing_editor`), one per console, in a window of its own."""
        if self.briefing_editor is None:
            self.briefing_editor = BriefingEditor(self.console_actions, self)
        _bring_up(self.briefing_editor)

    def open_event_browser(self) -> None:
        """Ctrl+D: the detection event browser (`self.event_browser`); it asks for the newest events at each opening."""
        if self.event_browser is None:
            self.event_browser = EventBrowser(self.console_actions, self.preview.show_camera, self)
        _bring_up(self.event_browser)
        self.event_browser.search()

    def open_admin(self) -> None:
        """Ctrl+Shift+A: cameras, tokens, accounts (`self.admin_dialog`), read again from the server at each opening."""
        if self.admin_dialog is None:
            self.admin_dialog = AdminDialog(self.console_actions, self, server_http=self.context.server_http)
        self.admin_dialog.show()
        self.admin_dialog.raise_()
        self.admin_dialog.activateWindow()
        self.admin_dialog.refresh()

    def selected_wall(self) -> str | None:
        """The wall of the selected miniature tile, else the first wall (most rooms have one)."""
        if self.console_actions.selected_tile is not None:
            return self.console_actions.selected_tile[0]
        walls = sorted(self.context.store.walls)
        return walls[0] if walls else None

    def _typing(self) -> QLineEdit | None:
        focus = QApplication.focusWidget()
        return focus if isinstance(focus, QLineEdit) else None

    def _editing_allowed(self) -> bool:
        if not self.console_actions.may_edit:
            self.show_message(view_only(), True)
        return self.console_actions.may_edit

    def _enter(self) -> None:
        typing = self._typing()
        if typing is self.cameras.search:
            self.cameras.tree.setFocus()  # Enter in the search box: go and pick from what it found
            return
        if typing is self.alerts.comment:
            self.alerts.acknowledge()
            return
        if self._editing_allowed():
            self.console_actions.send_selected_camera()

    def _delete(self) -> None:
        typing = self._typing()
        if typing is not None:
            typing.del_()  # the shortcut took Delete from the text box; do what it would have done
            return
        if self._editing_allowed():
            self.console_actions.clear_selected_tile()

    def _toggle_pin(self) -> None:
        selected = self.console_actions.selected_tile
        if selected is None:
            self.show_message(translate("ConsoleWindow", "Chọn một ô trên hình thu nhỏ của tường trước"), True)
        elif self._editing_allowed():
            wall, monitor, tile = selected
            mini = self.walls.miniature(wall, monitor).miniature
            current = mini.tile(tile) if mini else None
            self.console_actions.set_pinned(wall, monitor, tile, not (current and current.pinned))

    def _tour(self) -> None:
        selected = self.console_actions.selected_tile
        if selected is None:
            self.show_message(translate("ConsoleWindow", "Chọn một ô trên hình thu nhỏ của tường trước"), True)
        elif self._editing_allowed():
            self.console_actions.start_tour(*selected, self.cameras.selected_cameras())

    # ------------------------------------------------------------------ status bar

    def show_message(self, text: str, error: bool) -> None:
        colour = "#e74c3c" if error else "#e8eef9"
        self.statusBar().setStyleSheet(f"QStatusBar {{ color: {colour}; }}")
        self.statusBar().showMessage(text, MESSAGE_SHOWN_MS)

    def _message_cleared(self, text: str) -> None:
        if not text:
            self.statusBar().setStyleSheet("")

    def _update_status(self) -> None:
        store = self.context.store
        role = self.console_actions.role.value if self.console_actions.role else translate("ConsoleWindow", "chưa rõ")
        who = translate("ConsoleWindow", "Vai trò: {role}").format(role=role)
        name = self.console_actions.name
        if name:
            who = (translate("ConsoleWindow", "Người dùng: {name}") if self.person else
                   translate("ConsoleWindow", "Mã truy cập: {name}")).format(name=name) + "  ·  " + who
            self.setWindowTitle(translate("ConsoleWindow", "IOC Wall - Bảng điều khiển - {name}").format(name=name))
        if not self.console_actions.may_edit:
            who += translate("ConsoleWindow", " (chỉ xem)")
        if store.connected:
            link = translate("ConsoleWindow", "Đã kết nối máy chủ")
        elif store.connection_detail:
            link = translate("ConsoleWindow", "Mất kết nối: {reason}").format(reason=store.connection_detail)
        else:
            link = translate("ConsoleWindow", "Đang kết nối…")
        self.connection_label.setText(f"{who}  ·  {link}")

    def _screenshot_folder(self) -> Path | None:
        """The snapshot folder: the one set, else (offscreen) the default, else the operator's choice."""
        if self.screenshot_dir is None:
            if offscreen():
                return DEFAULT_FOLDER
            DEFAULT_FOLDER.mkdir(parents=True, exist_ok=True)
            chosen = QFileDialog.getExistingDirectory(self, translate("ConsoleWindow", "Thư mục lưu ảnh chụp camera"),
                                                      str(DEFAULT_FOLDER))
            if not chosen:
                return None
            self.screenshot_dir = Path(chosen)
        return self.screenshot_dir

    def closeEvent(self, event: QCloseEvent) -> None:
        self.bell.release()
        self.briefing.release()
        self._timer.stop()  # the app releases the preview's player when its loop ends
        super().closeEvent(event)


def _bring_up(window: QWidget) -> None:
    window.show()
    window.raise_()
    window.activateWindow()

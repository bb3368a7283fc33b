"""The detection event browser (Ctrl+D in the console): events by camera, zone and time, with their snapshots.

The server keeps the events (GET /api/v1/events) and each one's best picture (…/snapshot.jpg); this window asks
for one page at a time (model/event_browser.py), shows each event with a thumbnail and the chosen one large.
Choosing an event (a click, the arrow keys) plays its camera in the console's preview, as the camera tree
does; Enter, a double-click or the button sends it to the wall tile selected in the walls panel (operators),
and an event can be dragged onto a miniature tile like a camera from the tree.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QDate, QDateTime, QMimeData, QSize, Qt, QTime
from PySide6.QtGui import QIcon, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from wall_client.model import event_browser as model
from wall_client.model.camera_catalog import fold
from wall_client.model.i18n import translate
from wall_client.ui import plain_text, theme
from wall_client.ui.console.actions import ConsoleActions, view_only
from wall_client.ui.console.admin_common import row_of
from wall_client.ui.console.camera_tree import camera_mime
from wall_client.ui.console.editor.editor_window import EXTRA_STYLE
from wall_client.ui.console.style import stylesheet
from wall_protocol import ProtocolError
from wall_protocol.common import utc_now
from wall_protocol.detection import DetectionEvent
from wall_protocol.timezone import VIETNAM_TZ, to_vietnam

EVENT_ROLE = Qt.ItemDataRole.UserRole
THUMBNAIL = QSize(160, 90)
MAX_PICTURES = 3 * model.PAGE_SIZE
"""Snapshots kept in memory: this page and the two around it, so paging back and forth asks again rarely."""
MAX_ZONES = 200
"""Zones offered in the zone filter (those seen in events): bounded, however many events are browsed."""


class EventList(QListWidget):
    """The events, each dragged as its camera (a miniature tile takes it like a camera from the tree)."""

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:
        cameras = [event.camera for item in items if isinstance(event := item.data(EVENT_ROLE), DetectionEvent)]
        return camera_mime(cameras[:1])


class EventBrowser(QWidget):
    def __init__(self, actions: ConsoleActions, show_camera: Callable[[str], None],
                 parent: QWidget | None = None) -> None:
        """`show_camera`: the console's preview (what choosing a camera in the tree does)."""
        super().__init__(parent, Qt.WindowType.Window)
        self.console_actions = actions
        self.show_camera = show_camera
        self.pages = model.EventPages()
        self.events: list[DetectionEvent] = []
        self.pictures: OrderedDict[int, QPixmap] = OrderedDict()
        self.zones: dict[str, str] = {}  # zone name → its title, from the events seen
        self._asked = 0  # which page request is the latest: older answers are dropped
        self.loading = False
        self._quiet = False  # choosing the first row of a new page: show it, but leave the preview alone
        self.setWindowTitle(translate("EventBrowser", "Sự kiện phát hiện"))
        self.setStyleSheet(stylesheet() + EXTRA_STYLE)
        self.resize(1280, 760)

        self.camera_choice = QComboBox()
        self.camera_choice.setMinimumWidth(220)
        self.zone_choice = QComboBox()
        self.zone_choice.setEditable(True)  # a zone not yet seen in an event can be typed by its name
        self.zone_choice.setMinimumWidth(160)
        self.span_choice = QComboBox()
        for span in model.Span:
            self.span_choice.addItem(translate("EventBrowser", model.SPAN_NAMES[span]), span.value)
        self.span_choice.setCurrentIndex(self.span_choice.findData(model.Span.DAY.value))
        self.span_choice.currentIndexChanged.connect(lambda _i: self._span_chosen())
        now = to_vietnam(utc_now())
        self.from_edit = _time_edit(now.replace(hour=0, minute=0, second=0, microsecond=0))
        self.to_edit = _time_edit(now.replace(second=0, microsecond=0))
        self.search_button = self._button(translate("EventBrowser", "Tìm"), self.search)
        filters = row_of(QLabel(translate("EventBrowser", "Camera:")), self.camera_choice,
                         QLabel(translate("EventBrowser", "Vùng:")), self.zone_choice,
                         QLabel(translate("EventBrowser", "Thời gian:")), self.span_choice, self.from_edit,
                         QLabel("→"), self.to_edit, self.search_button, None)

        self.event_list = EventList()
        self.event_list.setIconSize(THUMBNAIL)
        self.event_list.setDragEnabled(True)
        self.event_list.setUniformItemSizes(True)
        self.event_list.currentItemChanged.connect(lambda _now, _before: self._chosen())
        self.event_list.itemClicked.connect(lambda _item: self.preview())
        self.event_list.itemDoubleClicked.connect(lambda _item: self.send_to_tile())
        self.newer_button = self._button(translate("EventBrowser", "◀ Mới hơn"), self.newer)
        self.older_button = self._button(translate("EventBrowser", "Cũ hơn ▶"), self.older)
        self.page_label = QLabel()
        listing = QWidget()
        column = QVBoxLayout(listing)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.event_list, 1)
        column.addLayout(row_of(self.newer_button, self.page_label, None, self.older_button))

        self.picture = QLabel(translate("EventBrowser", "Chọn một sự kiện để xem ảnh"))
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setMinimumSize(480, 270)
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.picture.setStyleSheet(f"background: {theme.TILE.name()}; border: 1px solid {theme.TILE_BORDER.name()};")
        self.details = plain_text.label()  # camera and zone names are an admin's
        self.details.setWordWrap(True)
        self.preview_button = self._button(translate("EventBrowser", "Xem trước camera"), self.preview)
        self.send_button = self._button(translate("EventBrowser", "Đưa lên ô đang chọn (Enter)"), self.send_to_tile)
        side = QWidget()
        side_column = QVBoxLayout(side)
        side_column.setContentsMargins(0, 0, 0, 0)
        side_column.addWidget(self.picture, 1)
        side_column.addWidget(self.details)
        side_column.addLayout(row_of(self.preview_button, self.send_button, None))

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(listing)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.message = plain_text.label()
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)
        for keys in ("Return", "Enter"):
            shortcut = QShortcut(QKeySequence(keys), self.event_list)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.send_to_tile)

        actions.store.camera_changed.connect(lambda _camera: self._cameras())
        actions.store.reset.connect(self._cameras)
        actions.role_changed.connect(self._enable)
        self._cameras()
        self._remember_zones([])  # "every zone" until events name some
        self._span_chosen()
        self._enable()

    def _button(self, text: str, clicked: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        button.clicked.connect(lambda _checked=False: clicked())
        return button

    # ------------------------------------------------------------------ filters

    def _cameras(self) -> None:
        cameras = sorted(self.console_actions.store.cameras.values(), key=lambda c: (fold(c.name), c.id))
        wanted = [None, *(c.id for c in cameras)]
        if [self.camera_choice.itemData(i) for i in range(self.camera_choice.count())] == wanted:
            return
        current = self.camera_choice.currentData()
        self.camera_choice.clear()
        self.camera_choice.addItem(translate("EventBrowser", "Mọi camera"), None)
        for camera in cameras:
            self.camera_choice.addItem(camera.name, camera.id)
        self.choose_camera(current)

    def choose_camera(self, camera: str | None) -> None:
        self.camera_choice.setCurrentIndex(max(0, self.camera_choice.findData(camera)))

    def choose_zone(self, zone: str | None) -> None:
        index = 0 if zone is None else self.zone_choice.findData(zone)
        if index >= 0:
            self.zone_choice.setCurrentIndex(index)
        else:
            self.zone_choice.setEditText(zone or "")

    def choose_span(self, span: model.Span, custom: tuple[datetime, datetime] | None = None) -> None:
        self.span_choice.setCurrentIndex(self.span_choice.findData(span.value))
        if custom is not None:
            self.from_edit.setDateTime(_qt_time(custom[0]))
            self.to_edit.setDateTime(_qt_time(custom[1]))

    def _span_chosen(self) -> None:
        custom = self.span_choice.currentData() == model.Span.CUSTOM.value
        self.from_edit.setEnabled(custom)
        self.to_edit.setEnabled(custom)

    def _zone(self) -> str | None:
        text = self.zone_choice.currentText().strip()
        index = self.zone_choice.findText(text)
        data = self.zone_choice.itemData(index) if index >= 0 else text  # a title shown, or a name typed
        return str(data) if data else None

    def _remember_zones(self, events: list[DetectionEvent]) -> None:
        for event in events:
            if event.zone not in self.zones and len(self.zones) < MAX_ZONES:
                self.zones[event.zone] = model.zone_name(event)
        typed = self.zone_choice.currentText()
        offered = [None, *sorted(self.zones, key=lambda z: fold(self.zones[z]))]
        if [self.zone_choice.itemData(i) for i in range(self.zone_choice.count())] != offered:
            self.zone_choice.blockSignals(True)
            self.zone_choice.clear()
            self.zone_choice.addItem(translate("EventBrowser", "Mọi vùng"), None)
            for zone in offered[1:]:
                self.zone_choice.addItem(self.zones[str(zone)], zone)
            if typed:
                self.choose_zone(self.zone_choice.itemData(self.zone_choice.findText(typed)) or typed)
            self.zone_choice.blockSignals(False)

    # ------------------------------------------------------------------ pages

    def search(self) -> None:
        """Ask for the newest page of what the filters say."""
        custom = (_python_time(self.from_edit), _python_time(self.to_edit))
        try:
            event_filter = model.EventFilter.of(self.camera_choice.currentData(), self._zone(),
                                                model.Span(self.span_choice.currentData()), utc_now(), custom)
        except model.FilterError as exc:
            self.say(str(exc), True)
            return
        self.pages.start(event_filter)
        self._ask()

    def older(self) -> None:
        if not self.loading and self.pages.older():
            self._ask()

    def newer(self) -> None:
        if not self.loading and self.pages.newer_page():
            self._ask()

    def _ask(self) -> None:
        self._asked += 1
        asked = self._asked
        self.loading = True
        self.say(translate("EventBrowser", "Đang tải sự kiện…"), False)
        self._enable()

        def refused(exc: ProtocolError) -> None:
            if asked == self._asked:
                self.loading = False
                self.say(translate("EventBrowser", "Máy chủ từ chối danh sách sự kiện: {reason}").format(
                    reason=exc.message), True)
                self._enable()

        self.console_actions.call_rest_refused("GET", self.pages.path(), None,
                                               lambda answer: self._answered(asked, answer), refused)

    def _answered(self, asked: int, answer: Any) -> None:
        if asked != self._asked:
            return  # a newer request is on its way: this page is no longer wanted
        self.loading = False
        try:
            events = [DetectionEvent.model_validate(e) for e in answer]
        except (ValidationError, TypeError) as exc:
            self.say(translate("EventBrowser", "Máy chủ trả lời không đúng dạng: {error}").format(error=exc), True)
            self._enable()
            return
        self.show_events(self.pages.received(events))

    def show_events(self, events: list[DetectionEvent]) -> None:
        self.events = events
        self._remember_zones(events)
        cameras = self.console_actions.store.cameras
        self._quiet = True  # clearing and filling move the current row: not a person's choice
        self.event_list.clear()
        for event in events:
            item = QListWidgetItem(model.event_line(event, cameras, two_lines=True))
            item.setData(EVENT_ROLE, event)
            item.setSizeHint(QSize(0, THUMBNAIL.height() + 8))
            item.setIcon(self._thumbnail(event))
            self.event_list.addItem(item)
            if event.has_snapshot and event.id not in self.pictures:
                self._fetch(event)
        self.say(translate("EventBrowser", "{n} sự kiện").format(n=len(events)) if events else
                 translate("EventBrowser", "Không có sự kiện nào khớp bộ lọc"), False)
        self.page_label.setText(translate("EventBrowser", "Trang {page}").format(page=self.pages.page + 1))
        if events:
            self.event_list.setCurrentRow(0)
        self._chosen()
        self._quiet = False
        self._enable()

    # ------------------------------------------------------------------ pictures

    def _fetch(self, event: DetectionEvent) -> None:
        path = model.snapshot_path(event)
        if path is None:
            return

        def arrived(jpeg: bytes) -> None:
            picture = QPixmap()
            if not picture.loadFromData(jpeg, "JPEG"):
                return
            self.pictures[event.id] = picture
            while len(self.pictures) > MAX_PICTURES:
                self.pictures.popitem(last=False)
            for row in range(self.event_list.count()):
                item = self.event_list.item(row)
                if item is not None and item.data(EVENT_ROLE) == event:
                    item.setIcon(self._thumbnail(event))
            if self.chosen() == event:
                self._show_picture(event)

        self.console_actions.call_fetch(path, arrived, lambda _exc: None)  # no picture: the grey placeholder stays

    def _thumbnail(self, event: DetectionEvent) -> QIcon:
        picture = self.pictures.get(event.id)
        if picture is None:
            picture = QPixmap(THUMBNAIL)
            picture.fill(theme.TILE_BORDER)
            return QIcon(picture)
        icon = QIcon()
        scaled = picture.scaled(THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio,
                                Qt.TransformationMode.SmoothTransformation)
        for mode in (QIcon.Mode.Normal, QIcon.Mode.Selected):  # a chosen row's picture keeps its colours, untinted
            icon.addPixmap(scaled, mode)
        return icon

    def _show_picture(self, event: DetectionEvent | None) -> None:
        picture = self.pictures.get(event.id) if event is not None else None
        if picture is None:
            self.picture.setPixmap(QPixmap())
            self.picture.setText(translate("EventBrowser", "Sự kiện này chưa có ảnh") if event is not None and
                                 not event.has_snapshot else translate("EventBrowser", "Đang tải ảnh…")
                                 if event is not None else translate("EventBrowser", "Chọn một sự kiện để xem ảnh"))
            return
        self.picture.setPixmap(picture.scaled(self.picture.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                              Qt.TransformationMode.SmoothTransformation))

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._show_picture(self.chosen())

    # ------------------------------------------------------------------ choosing and sending

    def chosen(self) -> DetectionEvent | None:
        item = self.event_list.currentItem()
        event = item.data(EVENT_ROLE) if item is not None else None
        return event if isinstance(event, DetectionEvent) else None

    def _chosen(self) -> None:
        event = self.chosen()
        self._show_picture(event)
        if event is None:
            self.details.setText("")
        else:
            self.details.setText(model.event_line(event, self.console_actions.store.cameras))
            if not self._quiet:  # a person chose it (click, arrow keys): its camera plays in the preview
                self.show_camera(event.camera)
        self._enable()

    def preview(self) -> None:
        event = self.chosen()
        if event is not None:
            self.show_camera(event.camera)

    def send_to_tile(self) -> None:
        """The chosen event's camera to the wall tile selected in the walls panel (as Enter in the camera tree)."""
        event = self.chosen()
        if event is None:
            return
        actions = self.console_actions
        if not actions.may_edit:
            self.say(view_only(), True)
            return
        if actions.selected_tile is None:
            self.say(translate("EventBrowser", "Chọn một ô trên hình thu nhỏ của tường trước"), True)
            return
        actions.set_camera(*actions.selected_tile, event.camera)

    def say(self, text: str, error: bool) -> None:
        self.message.setStyleSheet(f"color: {(theme.ALARM if error else theme.TEXT).name()};")
        self.message.setText(text)
        if error:
            self.console_actions.message.emit(text, error)

    def _enable(self) -> None:
        chosen = self.chosen() is not None
        self.newer_button.setEnabled(not self.loading and self.pages.page > 0)
        self.older_button.setEnabled(not self.loading and self.pages.has_older)
        self.preview_button.setEnabled(chosen)
        self.send_button.setEnabled(chosen and self.console_actions.may_edit)


def _time_edit(moment: datetime) -> QDateTimeEdit:
    edit = QDateTimeEdit(_qt_time(moment))
    edit.setDisplayFormat("dd/MM/yyyy HH:mm")
    edit.setCalendarPopup(True)
    return edit


def _qt_time(moment: datetime) -> QDateTime:
    """A moment as Vietnam's clock reads it (the console's times are the province's, whatever the PC's zone)."""
    local = to_vietnam(moment)
    return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute, local.second))


def _python_time(edit: QDateTimeEdit) -> datetime:
    date, time = edit.date(), edit.time()
    return datetime(date.year(), date.month(), date.day(), time.hour(), time.minute(), tzinfo=VIETNAM_TZ)

"""Open alerts with acknowledge / resolve (with a comment), and who did it and when."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wall_client.model import formatting, terms
from wall_client.model.alert_text import alert_body, alert_title
from wall_client.model.console_alerts import ResolvedLog, handled_text
from wall_client.model.i18n import QT_TRANSLATE_NOOP, translate
from wall_client.ui import plain_text, theme
from wall_client.ui.console.actions import ConsoleActions
from wall_client.ui.console.alarm_bell import AlarmBell
from wall_protocol.common import AlertState
from wall_protocol.entities import Alert

ALERT_ROLE = Qt.ItemDataRole.UserRole
COLUMNS = [QT_TRANSLATE_NOOP("AlertsPanel", "Mức độ"), QT_TRANSLATE_NOOP("AlertsPanel", "Cảnh báo"),
           QT_TRANSLATE_NOOP("AlertsPanel", "Khu vực"), QT_TRANSLATE_NOOP("AlertsPanel", "Lúc"),
           QT_TRANSLATE_NOOP("AlertsPanel", "Trạng thái"), QT_TRANSLATE_NOOP("AlertsPanel", "Xử lý")]


class AlertsPanel(QWidget):
    def __init__(self, actions: ConsoleActions, resolved: ResolvedLog, parent: QWidget | None = None,
                 bell: AlarmBell | None = None) -> None:
        super().__init__(parent)
        self.console_actions = actions
        self.resolved = resolved
        self.bell = bell
        self._rows: dict[int, QTreeWidgetItem] = {}
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels([translate("AlertsPanel", column) for column in COLUMNS])
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setAlternatingRowColors(False)
        for column, width in enumerate((150, 360, 150, 70, 110)):
            self.tree.setColumnWidth(column, width)
        self.tree.currentItemChanged.connect(lambda _cur, _prev: self._enable())
        self.comment = QLineEdit(self)
        self.comment.setPlaceholderText(translate("AlertsPanel", "Ghi chú khi xác nhận / xử lý (không bắt buộc)"))
        self.ack_button = QPushButton(translate("AlertsPanel", "Xác nhận (Ctrl+K)"), self)
        self.resolve_button = QPushButton(translate("AlertsPanel", "Đã xử lý (Ctrl+R)"), self)
        self.ack_button.clicked.connect(self.acknowledge)
        self.resolve_button.clicked.connect(self.resolve)
        row = QHBoxLayout()
        row.addWidget(self.comment, 1)
        row.addWidget(self.ack_button)
        row.addWidget(self.resolve_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tree, 1)
        layout.addLayout(row)
        actions.store.alerts_changed.connect(self.rebuild)
        actions.store.reset.connect(self.rebuild)
        actions.role_changed.connect(self._enable)
        resolved.changed.connect(self.rebuild)
        if bell is not None:
            bell.alarms_changed.connect(self.rebuild)
        self.rebuild()

    def rebuild(self) -> None:
        chosen = self.selected_alert()
        self.tree.clear()
        open_alerts = self.console_actions.store.open_alerts()
        open_group = QTreeWidgetItem([translate("AlertsPanel", "Đang mở ({count})").format(count=len(open_alerts))])
        done_group = QTreeWidgetItem([translate("AlertsPanel", "Vừa xử lý ({count})").format(
            count=len(self.resolved.alerts()))])
        for group in (open_group, done_group):
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            group.setForeground(0, theme.MUTED)
            self.tree.addTopLevelItem(group)
            group.setFirstColumnSpanned(True)  # a heading over the row, not squeezed in the severity column
        self._rows = {}
        for alert in self.resolved.alerts():
            done_group.addChild(self._item(alert))
        for alert in open_alerts:  # last: an alert both open and in the log (reopened) is found open
            open_group.addChild(self._item(alert))
        self.tree.setRootIsDecorated(True)
        open_group.setExpanded(True)
        done_group.setExpanded(True)
        if chosen is not None and chosen in self._rows:
            self.tree.setCurrentItem(self._rows[chosen])
        self._enable()

    def _item(self, alert: Alert) -> QTreeWidgetItem:
        item = QTreeWidgetItem([
            terms.severity(alert.severity), alert_title(alert), alert.area,
            formatting.local_time(alert.created_at, with_seconds=False), terms.alert_state(alert.state),
            handled_text(alert),
        ])
        item.setData(0, ALERT_ROLE, alert.id)
        self._rows[alert.id] = item
        item.setForeground(0, QBrush(theme.SEVERITY_COLOURS[alert.severity.value]))
        # A producer's body and an operator's comment: item texts are plain already, tooltips are not.
        item.setToolTip(1, plain_text.tooltip(alert_body(alert) or alert_title(alert)))
        item.setToolTip(5, plain_text.tooltip(handled_text(alert)))
        if alert.state is AlertState.NEW:
            font = theme.font(13, bold=True)
            for column in range(2):
                item.setFont(column, font)
        if self.in_alarm(alert.id):
            # Its camera is popped on a wall: the operator must find the row to acknowledge at a glance.
            for column in range(len(COLUMNS)):
                item.setBackground(column, QBrush(theme.ALARM_DIM))
            item.setToolTip(4, translate("AlertsPanel", "{alarm}: camera của cảnh báo đang hiện trên tường cho tới "
                                         "khi được xác nhận").format(alarm=terms.alarm().upper()))
        return item

    def in_alarm(self, alert_id: int) -> bool:
        return self.bell is not None and alert_id in self.bell.alarms

    def row_background(self, alert_id: int) -> str:
        """The colour name of an alert row's background ('' when it has none): what the operator sees."""
        item = self._rows.get(alert_id)
        brush = item.background(1) if item else None
        return brush.color().name() if brush is not None and brush.style() != Qt.BrushStyle.NoBrush else ""

    def selected_alert(self) -> int | None:
        item = self.tree.currentItem()
        value = item.data(0, ALERT_ROLE) if item else None
        return int(value) if value is not None and value in self.console_actions.store.alerts else None

    def select_alert(self, alert_id: int) -> None:
        if alert_id in self._rows:
            self.tree.setCurrentItem(self._rows[alert_id])

    def row_texts(self, alert_id: int) -> list[str]:
        """The texts of an alert's row as shown (empty when it is not listed)."""
        item = self._rows.get(alert_id)
        return [item.text(c) for c in range(len(COLUMNS))] if item else []

    def _enable(self) -> None:
        alert_id = self.selected_alert()
        alert = self.console_actions.store.alerts.get(alert_id) if alert_id is not None else None
        editable = self.console_actions.may_edit
        self.ack_button.setEnabled(editable and alert is not None and alert.state is AlertState.NEW)
        self.resolve_button.setEnabled(editable and alert is not None)
        tip = "" if editable else translate("AlertsPanel", "Chỉ xem: vai trò của token này không được xử lý cảnh báo")
        self.ack_button.setToolTip(tip)
        self.resolve_button.setToolTip(tip)

    def acknowledge(self) -> None:
        alert_id = self.selected_alert()
        if alert_id is None:
            self.console_actions.message.emit(translate("AlertsPanel", "Chọn một cảnh báo đang mở trước"), True)
            return
        self.console_actions.ack_alert(alert_id, self.comment.text().strip())
        self.comment.clear()

    def resolve(self) -> None:
        alert_id = self.selected_alert()
        if alert_id is None:
            self.console_actions.message.emit(translate("AlertsPanel", "Chọn một cảnh báo đang mở trước"), True)
            return
        self.console_actions.resolve_alert(alert_id, self.comment.text().strip())
        self.comment.clear()

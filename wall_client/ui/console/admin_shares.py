"""Quản trị → Liên kết chia sẻ: a link to one wall's view for someone without an account (operators and admins).

The server answers a new link's address once (it keeps only a hash of its code): the tab shows it with a
Copy button and forgets it when the dialog closes, as it does a new token's secret. Revoking a link ends
every session opened from it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from wall_client.model import account_admin, formatting
from wall_client.model.camera_admin import FormError
from wall_client.model.i18n import translate
from wall_client.model.wall_model import WallModel
from wall_client.ui.console.admin_common import (
    AdminCalls,
    ShownOnce,
    button,
    fill,
    row_of,
    rows,
    select_where,
    selected_key,
    selected_row,
    table,
)
from wall_protocol.common import utc_now


class SharesTab(QWidget):
    def __init__(self, calls: AdminCalls, store: WallModel, server_http: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.calls = calls
        self.store = store
        self.server_http = server_http

        self.wall_combo = QComboBox()
        self.label_edit = QLineEdit()
        self.label_edit.setPlaceholderText(translate("AdminDialog", "vd. Chủ tịch UBND tỉnh"))
        self.duration_spin = QSpinBox()
        self.duration_spin.setRange(1, account_admin.MAX_SHARE_HOURS)
        self.duration_spin.setValue(24)
        self.unit_combo = QComboBox()
        self.unit_combo.addItem(translate("AdminDialog", "giờ"), False)
        self.unit_combo.addItem(translate("AdminDialog", "ngày"), True)
        self.create_button = button(translate("AdminDialog", "Tạo liên kết"), self.create_link)
        create = row_of(QLabel(translate("AdminDialog", "Tường")), self.wall_combo,
                        QLabel(translate("AdminDialog", "Dành cho")), self.label_edit,
                        QLabel(translate("AdminDialog", "Thời hạn")), self.duration_spin, self.unit_combo,
                        self.create_button)
        create.setStretchFactor(self.label_edit, 1)

        self.link_box = ShownOnce(
            translate("AdminDialog", "Liên kết vừa tạo"),
            translate("AdminDialog", "Chỉ hiện MỘT LẦN: máy chủ chỉ lưu bản băm, đóng cửa sổ này là không xem lại "
                                     "được. Ai có liên kết đều xem được tường này đến khi hết hạn: gửi riêng cho "
                                     "người nhận."),
            lambda: self.calls.say(translate("AdminDialog", "Đã sao chép liên kết vào bộ nhớ tạm"), False))
        self.link_edit, self.copy_button = self.link_box.edit, self.link_box.copy_button

        self.table = table([translate("AdminDialog", "Dành cho"), translate("AdminDialog", "Tường"),
                            translate("AdminDialog", "Người tạo"), translate("AdminDialog", "Hết hạn"),
                            translate("AdminDialog", "Trạng thái")])
        self.refresh_button = button(translate("AdminDialog", "Làm mới"), self.reload)
        self.revoke_button = button(translate("AdminDialog", "Thu hồi liên kết đang chọn…"), self.revoke_link)
        column = QVBoxLayout(self)
        column.addLayout(create)
        column.addWidget(self.link_box)
        column.addLayout(row_of(self.refresh_button, None, self.revoke_button))
        column.addWidget(self.table, 1)
        store.reset.connect(self.show_walls)
        store.wall_changed.connect(lambda _wall: self.show_walls())
        self.show_walls()

    # ------------------------------------------------------------------ walls and the list

    def show_walls(self) -> None:
        """The walls the console knows, by title; the chosen one stays chosen."""
        walls = [(f"{wall.title} ({name})" if wall.title and wall.title != name else name, name)
                 for name, wall in sorted(self.store.walls.items())]
        shown = [(self.wall_combo.itemText(i), self.wall_combo.itemData(i)) for i in range(self.wall_combo.count())]
        if walls == shown:
            return  # a wall's tiles changed, not its name: leave the list (and an open drop-down) alone
        keep = self.wall_combo.currentData()
        self.wall_combo.clear()
        for text, name in walls:
            self.wall_combo.addItem(text, name)
        self.wall_combo.setCurrentIndex(max(0, self.wall_combo.findData(keep)))

    def reload(self) -> None:
        self.calls.call("GET", "/api/v1/share-links", None, self.show_links,
                        self.calls.refused(translate("AdminDialog", "đọc danh sách liên kết chia sẻ")))

    def show_links(self, answer: Any) -> None:
        """Fill the table from GET /api/v1/share-links (each row keeps its link's id)."""
        found = account_admin.share_links(answer)
        now = utc_now()
        fill(self.table, [[link.label, link.wall, link.created_by, formatting.local_date_time(link.expires_at),
                           account_admin.share_state(link, now)] for link in found], keys=[link.id for link in found])

    def link_rows(self) -> list[list[str]]:
        return rows(self.table)

    def select_link(self, label: str) -> None:
        select_where(self.table, 0, label)

    # ------------------------------------------------------------------ changing

    def create_link(self) -> None:
        """POST a new link; its address is shown once, here."""
        try:
            body = account_admin.share_request(self.wall_combo.currentData(), self.label_edit.text(),
                                               self.duration_spin.value(), bool(self.unit_combo.currentData()))
        except FormError as exc:
            self.calls.say(str(exc), True)
            return
        what = translate("AdminDialog", "tạo liên kết chia sẻ tường {wall} cho «{label}»").format(
            wall=body.wall, label=body.label)
        self.link_box.forget()

        def created(answer: Any) -> None:
            made = account_admin.new_share_link(answer)
            assert made.url is not None  # new_share_link refuses an answer without it
            self.link_box.show_secret(account_admin.share_url(self.server_http, made.url))
            self.label_edit.clear()
            self.calls.say(translate("AdminDialog", "Đã thực hiện: {what}. Sao chép liên kết ngay: nó không hiện "
                                                    "lại.").format(what=what), False)
            self.reload()

        self.calls.send("POST", "/api/v1/share-links", body, what, created)

    def revoke_link(self) -> None:
        """Revoke the selected link, once confirmed: the sessions opened from it end."""
        row, link = selected_row(self.table), selected_key(self.table)
        if row is None or link is None:
            self.calls.say(translate("AdminDialog", "Chọn một liên kết trong bảng trước"), True)
            return
        label = rows(self.table)[row][0]
        what = translate("AdminDialog", "thu hồi liên kết «{label}»").format(label=label)
        if not self.calls.confirm(translate("AdminDialog", "Thu hồi liên kết «{label}»? Ai đang xem tường qua liên "
                                                           "kết này sẽ bị ngắt.").format(label=label)):
            return

        def revoked(_answer: Any) -> None:
            self.calls.done(what)
            self.reload()

        self.calls.send("DELETE", f"/api/v1/share-links/{link}", None, what, revoked)


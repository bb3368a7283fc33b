"""The property form of the selected tile: id, kind, title, place, and the fields its kind reads.

The kind's fields come from `model/tile_props.FIELDS`; each edit is one draft operation (one undo
step). The form is refilled from the draft after every change, with its signals blocked, so what it
shows is always the draft (after an undo too).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from wall_client.model import terms
from wall_client.model.i18n import QT_TRANSLATE_NOOP, translate
from wall_client.model.layout_editor import DraftError, DraftTile, LayoutDraft
from wall_client.model.tile_props import (
    EDITABLE_KINDS,
    FIELDS,
    PropField,
    choice_text,
    parse_number,
    value_of,
    with_value,
)
from wall_client.model.wall_model import WallModel
from wall_client.ui import plain_text, theme
from wall_protocol.entities import MAX_GRID, TileKind

NO_VALUE = QT_TRANSLATE_NOOP("PropertyForm", "— không đặt —")
PLACE_WORDS = (QT_TRANSLATE_NOOP("PropertyForm", "cột"), QT_TRANSLATE_NOOP("PropertyForm", "hàng"),
               QT_TRANSLATE_NOOP("PropertyForm", "rộng"), QT_TRANSLATE_NOOP("PropertyForm", "cao"))


class PropertyForm(QWidget):
    def __init__(self, draft: LayoutDraft, store: WallModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draft = draft
        self.store = store
        self.tile_id: str | None = None
        self._built_for: tuple[str, TileKind] | None = None
        self._fillers: list[Callable[[DraftTile], None]] = []
        self.field_widgets: dict[str, QWidget] = {}

        # The heading holds the tile's id, as typed: plain text.
        self.heading = plain_text.label(translate("PropertyForm", "Chọn một ô trên lưới"))
        self.heading.setStyleSheet(f"font-size: 15px; font-weight: bold; color: {theme.TEXT.name()};")
        self.heading.setWordWrap(True)
        self.tile_box = QGroupBox(translate("PropertyForm", "Ô"))
        common = QFormLayout(self.tile_box)
        common.setHorizontalSpacing(12)
        self.id_edit = QLineEdit()
        self.id_edit.editingFinished.connect(self._rename)
        self.kind_combo = QComboBox()
        for kind in EDITABLE_KINDS:
            self.kind_combo.addItem(terms.tile_kind(kind), kind.value)
        self.kind_combo.currentIndexChanged.connect(self._kind_chosen)
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText(translate("PropertyForm", "trống: tên của chuỗi số liệu / camera"))
        self.title_edit.editingFinished.connect(self._retitle)
        self.place = [QSpinBox() for _ in range(4)]  # col, row, col_span, row_span
        rows = [QHBoxLayout(), QHBoxLayout()]
        for i, (spin, (low, label)) in enumerate(zip(self.place, zip((0, 0, 1, 1), PLACE_WORDS, strict=True),
                                                     strict=True)):
            spin.setRange(low, MAX_GRID - 1 + low)
            spin.setPrefix(translate("PropertyForm", label) + " ")
            spin.valueChanged.connect(self._moved)
            rows[i // 2].addWidget(spin)
        common.addRow(translate("PropertyForm", "Mã ô"), self.id_edit)
        common.addRow(translate("PropertyForm", "Loại"), self.kind_combo)
        common.addRow(translate("PropertyForm", "Tiêu đề"), self.title_edit)
        common.addRow(translate("PropertyForm", "Vị trí"), rows[0])
        common.addRow(translate("PropertyForm", "Kích thước"), rows[1])
        # A phone shows the tiles one under another (the leaders' view): this tile's place there.
        self.phone_order = QSpinBox()
        self.phone_order.setRange(-1, 999)
        self.phone_order.setSpecialValueText(translate("PropertyForm", "theo thứ tự ô"))
        self.phone_order.valueChanged.connect(self._phone_order_changed)
        common.addRow(translate("PropertyForm", "Thứ tự trên điện thoại"), self.phone_order)
        self.props_box = QGroupBox(translate("PropertyForm", "Thuộc tính"))
        self.props_form = QFormLayout(self.props_box)
        self.props_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.props_form.setHorizontalSpacing(12)
        self.problem = plain_text.label()  # it repeats what was typed
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {theme.ALARM.name()};")

        column = QVBoxLayout(self)
        column.addWidget(self.heading)
        column.addWidget(self.tile_box)
        column.addWidget(self.props_box)
        column.addWidget(self.problem)
        column.addStretch(1)
        self.show_tile(None)

    # ------------------------------------------------------------------ showing the draft

    def show_tile(self, tile_id: str | None) -> None:
        self.tile_id = tile_id
        self.refresh()

    def current(self) -> DraftTile | None:
        if self.tile_id is None:
            return None
        try:
            return self.draft.tile(self.tile_id)
        except DraftError:
            return None

    def refresh(self) -> None:
        tile = self.current()
        self.tile_box.setVisible(tile is not None)
        self.props_box.setVisible(tile is not None)
        if tile is None:
            self.heading.setText(translate("PropertyForm", "Chọn một ô trên lưới (kéo qua nhiều ô để gộp)"))
            self._built_for = None
            return
        self.heading.setText(translate("PropertyForm", "Ô {tile} · {kind}").format(
            tile=tile.id, kind=terms.tile_kind(tile.kind)))
        blockers = [QSignalBlocker(w) for w in (self.id_edit, self.kind_combo, self.title_edit, self.phone_order,
                                                *self.place)]
        self.id_edit.setText(tile.id)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(tile.kind.value)))
        self.title_edit.setText(tile.title)
        self.title_edit.setCursorPosition(0)  # a long title shows its beginning
        for spin, value in zip(self.place, (tile.col, tile.row, tile.col_span, tile.row_span), strict=True):
            spin.setValue(value)
        self.phone_order.setValue(-1 if tile.phone_order is None else tile.phone_order)
        del blockers
        if self._built_for != (tile.id, tile.kind):
            self._build_fields(tile)
        for fill in self._fillers:
            fill(tile)

    def _build_fields(self, tile: DraftTile) -> None:
        while self.props_form.rowCount():
            self.props_form.removeRow(0)
        self._fillers = []
        self.field_widgets = {}
        self._built_for = (tile.id, tile.kind)
        fields = FIELDS.get(tile.kind, ())
        if not fields:
            self.props_form.addRow(QLabel(translate("PropertyForm", "Loại ô này không có thuộc tính riêng.")))
        for field in fields:
            widget, fill = self._field_widget(tile.id, field)
            self.field_widgets[field.name] = widget
            self._fillers.append(fill)
            if field.type == "bool":
                self.props_form.addRow(widget)
            else:
                label = QLabel(_label(field))
                label.setWordWrap(True)
                self.props_form.addRow(label, widget)

    # ------------------------------------------------------------------ one widget per field type

    def _field_widget(self, tile_id: str, field: PropField) -> tuple[QWidget, Callable[[DraftTile], None]]:
        def commit(value: Any) -> None:
            self._set_prop(tile_id, field, value)

        if field.type == "bool":
            box = QCheckBox(_label(field))
            box.toggled.connect(commit)
            return box, lambda t: _quietly(box, lambda: box.setChecked(bool(value_of(t.props, field))))
        if field.type == "number" and field.bounded:
            return self._spin_box(field, commit)
        if field.type in ("camera", "series", "table", "choice"):
            combo = QComboBox()
            combo.currentIndexChanged.connect(lambda _i: commit(combo.currentData()))
            return combo, lambda t: _quietly(combo, lambda: self._fill_combo(combo, field, value_of(t.props, field)))
        if field.type in ("camera_list", "series_list", "choices", "area_list"):
            listing = QListWidget()
            listing.setMaximumHeight(150)
            listing.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            listing.setTextElideMode(Qt.TextElideMode.ElideRight)
            listing.itemChanged.connect(lambda _item: commit(_checked(listing, value_of(self._props(tile_id), field))))
            return listing, lambda t: _quietly(listing, lambda: self._fill_list(listing, field,
                                                                                 value_of(t.props, field)))
        edit = QLineEdit()
        if field.type == "number":
            edit.setPlaceholderText(translate("PropertyForm", "trống = không đặt"))

            def typed() -> None:
                try:
                    number = parse_number(edit.text())
                except ValueError:
                    self.problem.setText(translate("PropertyForm", "{field}: «{text}» không phải là một số").format(
                        field=_label(field), text=edit.text()))
                    return
                self.problem.setText("")
                commit(number)
            edit.editingFinished.connect(typed)
        elif field.type == "names":
            edit.setPlaceholderText(translate("PropertyForm", "mã, cách nhau bằng dấu phẩy"))
            edit.editingFinished.connect(lambda: commit([n.strip() for n in edit.text().split(",") if n.strip()]))
        else:
            edit.editingFinished.connect(lambda: commit(edit.text()))

        def fill(t: DraftTile) -> None:
            value = value_of(t.props, field)
            if field.type == "number" and isinstance(value, float):
                value = str(value).replace(".", ",")  # as it is typed here: a Vietnamese decimal comma
            elif field.type == "names" and isinstance(value, list):
                value = ", ".join(str(v) for v in value)
            _quietly(edit, lambda: edit.setText("" if value is None else str(value)))
        return edit, fill

    def _spin_box(self, field: PropField, commit: Callable[[Any], None]) -> tuple[QWidget, Callable[[DraftTile], None]]:
        """A bounded number: the model's bounds are the box's limits; an optional one has "not set" below them."""
        assert field.minimum is not None and field.maximum is not None
        spin: QSpinBox | QDoubleSpinBox = QSpinBox() if field.integer else QDoubleSpinBox()
        unset = field.minimum - 1 if field.optional else None
        low = unset if unset is not None else field.minimum
        if isinstance(spin, QSpinBox):
            spin.setRange(int(low), int(min(field.maximum, 2**31 - 1)))
        else:
            spin.setDecimals(0)  # the bounded decimals are seconds: whole ones are precise enough to type
            spin.setRange(low, field.maximum)
        if unset is not None:
            spin.setSpecialValueText(translate("PropertyForm", NO_VALUE))  # shown at the minimum, which stands for None

        def changed(value: float) -> None:
            if unset is not None and value <= unset:
                commit(None)
            else:
                commit(int(value) if field.integer else float(value))
        spin.valueChanged.connect(changed)

        def fill(t: DraftTile) -> None:
            value = value_of(t.props, field)
            number = value if isinstance(value, int | float) else unset if unset is not None else field.minimum
            _quietly(spin, lambda: spin.setValue(number))  # type: ignore[arg-type]
        return spin, fill

    def _options(self, field: PropField) -> list[tuple[str, str]]:
        if field.type in ("camera", "camera_list"):
            cameras = sorted(self.store.cameras.values(), key=lambda c: (c.area, c.name))
            return [(c.id, f"{c.name} · {c.area}" if c.area else c.name) for c in cameras]
        if field.type in ("series", "series_list"):
            series = sorted(self.store.series.values(), key=lambda s: s.info.name)
            return [(s.info.key, f"{s.info.name} ({s.info.unit})" if s.info.unit else s.info.name) for s in series]
        if field.type == "table":
            return [(t.key, t.name) for t in sorted(self.store.tables.values(), key=lambda t: t.name)]
        if field.type == "area_list":  # the areas the server knows, as its cameras, series and open alerts name them
            named = [c.area for c in self.store.cameras.values()] + [s.info.area for s in self.store.series.values()]
            return [(area, area) for area in sorted({a for a in [*named, *(a.area for a in self.store.alerts.values())]
                                                      if a})]
        return [(member.value, choice_text(member)) for member in field.choices]

    def _fill_combo(self, combo: QComboBox, field: PropField, value: Any) -> None:
        combo.clear()
        if field.type != "choice":
            combo.addItem(translate("PropertyForm", NO_VALUE), None)
        for key, label in self._options(field):
            combo.addItem(label, key)
        if value is not None and combo.findData(value) < 0:
            # Keep what the file says, visibly.
            combo.addItem(translate("PropertyForm", "{name} (không có trên máy chủ)").format(name=value), value)
        combo.setCurrentIndex(max(0, combo.findData(value)))

    def _fill_list(self, listing: QListWidget, field: PropField, value: Any) -> None:
        chosen = [str(v) for v in value] if isinstance(value, list) else []
        options = self._options(field)
        missing = translate("PropertyForm", "{name} (không có trên máy chủ)")
        options += [(v, missing.format(name=v)) for v in chosen if v not in {k for k, _ in options}]
        shown = [listing.item(i).data(Qt.ItemDataRole.UserRole) for i in range(listing.count())]
        if shown != [key for key, _ in options]:  # rebuilt only when the choices change: keeps scroll and focus
            listing.clear()
            for key, label in options:
                item = QListWidgetItem(label)
                item.setToolTip(plain_text.tooltip(label))  # a producer's series name
                item.setData(Qt.ItemDataRole.UserRole, key)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                listing.addItem(item)
        for i in range(listing.count()):
            item = listing.item(i)
            checked = item.data(Qt.ItemDataRole.UserRole) in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    # ------------------------------------------------------------------ edits → draft operations

    def _props(self, tile_id: str) -> dict[str, Any]:
        try:
            return self.draft.tile(tile_id).props
        except DraftError:
            return {}

    def _set_prop(self, tile_id: str, field: PropField, value: Any) -> None:
        try:
            tile = self.draft.tile(tile_id)
        except DraftError:
            return  # the tile went (undo) while its widget still had focus
        self.draft.set_props(tile_id, with_value(tile.props, field, value))  # no change: no undo step

    def _rename(self) -> None:
        tile = self.current()
        if tile is not None and self.id_edit.text().strip() != tile.id:
            self.tile_id = self.draft.rename_tile(tile.id, self.id_edit.text())
            self.refresh()

    def _retitle(self) -> None:
        tile = self.current()
        if tile is not None:
            self.draft.set_title(tile.id, self.title_edit.text())

    def _phone_order_changed(self, value: int) -> None:
        tile = self.current()
        if tile is not None:
            self.draft.set_phone_order(tile.id, None if value < 0 else value)

    def _kind_chosen(self, _index: int) -> None:
        tile = self.current()
        kind = self.kind_combo.currentData()
        if tile is not None and kind in TileKind.__members__.values():
            self.draft.set_kind(tile.id, TileKind(kind))

    def _moved(self, _value: int) -> None:
        tile = self.current()
        if tile is not None:
            col, row, col_span, row_span = (spin.value() for spin in self.place)
            self.draft.set_geometry(tile.id, col, row, col_span, row_span)


def _label(field: PropField) -> str:
    """The field's title (from its settings model), in the chosen language."""
    return translate("TileSettings", field.label)


def _quietly(widget: QWidget, change: Callable[[], None]) -> None:
    blocker = QSignalBlocker(widget)
    change()
    del blocker


def _checked(listing: QListWidget, before: Any) -> list[str]:
    """The checked keys: those already chosen keep their order (the chart's first series is its main one)."""
    checked = [str(listing.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(listing.count())
               if listing.item(i).checkState() is Qt.CheckState.Checked]
    earlier = [str(v) for v in before if str(v) in checked] if isinstance(before, list) else []
    return earlier + [k for k in checked if k not in earlier]

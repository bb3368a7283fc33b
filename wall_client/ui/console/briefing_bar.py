"""The briefing bar: choose a briefing, step forward/back (Page Down/Page Up), auto-advance, freeze (F9).

Each step is an ordinary `apply_preset`; the position is this console's (the briefing itself is on
the server, so any console can run it). Freeze is the server's wall state: every console and wall
PC sees it, and the button follows what the server says.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QToolBar, QWidget

from wall_client.model.briefing import BriefingRun
from wall_client.model.i18n import translate
from wall_client.ui import plain_text, theme
from wall_client.ui.console.actions import ConsoleActions, view_only

TICK_MS = 250


class BriefingBar(QToolBar):
    def __init__(self, actions: ConsoleActions, selected_wall: Callable[[], str | None],
                 parent: QWidget | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(translate("BriefingBar", "Giao ban"), parent)
        self.setObjectName("briefing-bar")
        self.setMovable(False)
        self.console_actions = actions
        self.selected_wall = selected_wall
        self.clock = clock
        self.run: BriefingRun | None = None
        self.addWidget(QLabel(" " + translate("BriefingBar", "Giao ban:") + " "))
        self.choice = QComboBox(self)
        self.choice.setMinimumWidth(220)
        self.choice.currentIndexChanged.connect(lambda _i: self._chosen())
        self.addWidget(self.choice)
        self.back_button = QPushButton(translate("BriefingBar", "◀ Trước (PgUp)"), self)
        self.start_button = QPushButton(translate("BriefingBar", "Bắt đầu"), self)
        self.forward_button = QPushButton(translate("BriefingBar", "Sau ▶ (PgDn)"), self)
        self.back_button.clicked.connect(self.back)
        self.start_button.clicked.connect(self.start)
        self.forward_button.clicked.connect(self.forward)
        for button in (self.back_button, self.start_button, self.forward_button):
            self.addWidget(button)
        self.step_label = plain_text.label(parent=self)  # it holds the briefing's and the presets' titles
        self.step_label.setFont(theme.font(13, bold=True))
        self.step_label.setMinimumWidth(320)
        self.addWidget(self.step_label)
        self.addSeparator()
        self.freeze_button = QPushButton(translate("BriefingBar", "Dừng hình (F9)"), self)
        self.freeze_button.setCheckable(True)
        self.freeze_button.clicked.connect(lambda _checked=False: self.toggle_freeze())
        self.addWidget(self.freeze_button)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.tick)
        self._timer.start(TICK_MS)
        store = actions.store
        store.automation_changed.connect(self._on_automation)
        store.reset.connect(self._briefings)
        store.wall_changed.connect(lambda _name: self.show_freeze())
        actions.selection_changed.connect(self.show_freeze)
        actions.role_changed.connect(self._enable)
        self._briefings()

    # ------------------------------------------------------------------ following the store

    def _on_automation(self, kind: str, name: str) -> None:
        if kind == "briefing":
            self._briefings()
        elif kind == "preset":
            self._show_step()

    def _briefings(self) -> None:
        briefings = sorted(self.console_actions.store.briefings.values(), key=lambda b: b.title)
        names = [b.name for b in briefings]
        shown = [(self.choice.itemData(i), self.choice.itemText(i)) for i in range(self.choice.count())]
        if shown != [(b.name, b.title) for b in briefings]:  # a renamed briefing (new title) is shown anew
            current = self.choice.currentData()
            self.choice.blockSignals(True)
            self.choice.clear()
            for briefing in briefings:
                self.choice.addItem(briefing.title, briefing.name)
            if current in names:
                self.choice.setCurrentIndex(names.index(current))
            self.choice.blockSignals(False)
            self._chosen()
        elif self.run is not None and self.run.briefing.name in self.console_actions.store.briefings:
            self.run.update(self.console_actions.store.briefings[self.run.briefing.name])
        self._show_step()
        self.show_freeze()

    def _chosen(self) -> None:
        briefing = self.console_actions.store.briefings.get(self.choice.currentData() or "")
        if briefing is None:
            self.run = None
        elif self.run is None or self.run.briefing.name != briefing.name:
            self.run = BriefingRun(briefing)
        self._show_step()

    def choose(self, name: str) -> None:
        index = self.choice.findData(name)
        if index >= 0:
            self.choice.setCurrentIndex(index)

    # ------------------------------------------------------------------ stepping

    def _apply(self, preset: str | None) -> None:
        if preset is not None:
            self.console_actions.apply_preset(preset)
        self._show_step()

    def start(self) -> None:
        if self._may_step():
            assert self.run is not None
            self._apply(self.run.start(self.clock()))

    def forward(self) -> None:
        if self._may_step():
            assert self.run is not None
            self._apply(self.run.start(self.clock()) if not self.run.started else self.run.forward(self.clock()))

    def back(self) -> None:
        if self._may_step():
            assert self.run is not None
            self._apply(self.run.back(self.clock()))

    def tick(self) -> None:
        if self.run is not None and self.console_actions.may_edit:
            preset = self.run.tick(self.clock())
            if preset is not None:
                self._apply(preset)

    def _may_step(self) -> bool:
        if self.run is None:
            self.console_actions.message.emit(translate("BriefingBar", "Chưa có kịch bản giao ban nào trên máy chủ"),
                                              True)
            return False
        if not self.console_actions.may_edit:
            self.console_actions.message.emit(view_only(), True)
            return False
        return True

    def _show_step(self) -> None:
        if self.run is None:
            self.step_label.setText("  " + translate("BriefingBar", "(chưa có kịch bản)"))
        else:
            advance = self.run.briefing.advance_s
            auto = translate("BriefingBar", " · tự chuyển sau {seconds} giây").format(seconds=f"{advance:g}") \
                if advance else ""
            self.step_label.setText(f"  {self.run.label(self.console_actions.store.presets)}{auto}")
        self._enable()

    def _enable(self) -> None:
        editable = self.console_actions.may_edit and self.run is not None
        self.start_button.setEnabled(editable)
        self.back_button.setEnabled(editable and self.run is not None and self.run.position > 0)
        self.forward_button.setEnabled(editable and self.run is not None and not self.run.at_end)
        self.freeze_button.setEnabled(self.console_actions.may_edit and self.selected_wall() is not None)

    # ------------------------------------------------------------------ freeze

    def show_freeze(self) -> None:
        wall = self.selected_wall()
        state = self.console_actions.store.walls.get(wall) if wall else None
        frozen = bool(state and state.frozen)
        self.freeze_button.setChecked(frozen)
        text = translate("BriefingBar", "Bỏ dừng hình {wall} (F9)") if frozen else \
            translate("BriefingBar", "Dừng hình {wall} (F9)")
        self.freeze_button.setText(text.format(wall=wall or ""))
        self.freeze_button.setStyleSheet(
            f"background: {theme.ALARM.name()}; color: white; font-weight: bold;" if frozen else "")
        self._enable()

    def toggle_freeze(self) -> None:
        wall = self.selected_wall()
        if wall is None:
            self.console_actions.message.emit(translate("BriefingBar", "Chưa có tường nào để dừng hình"), True)
            return
        if not self.console_actions.may_edit:
            self.console_actions.message.emit(view_only(), True)
            self.show_freeze()
            return
        state = self.console_actions.store.walls.get(wall)
        self.console_actions.freeze_wall(wall, not (state and state.frozen))
        self.show_freeze()  # the button shows the server's state until its wall delta comes back

    def release(self) -> None:
        self._timer.stop()

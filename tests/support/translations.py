"""Helpers of the translation tests: the catalogs (read, refreshed, built), the marks in the code, and clipped text.

A text is clipped when its widget has less room than the text needs: a label or button narrower than
its size hint, a group box or dock title wider than the box, a placeholder wider than its line edit,
a header wider than its column, a tool bar that had to hide widgets behind its » button.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractButton,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QStyle,
    QStyleOptionFrame,
    QToolBar,
    QToolButton,
    QTreeWidget,
    QWidget,
)

ROOT = Path(__file__).resolve().parents[2]
TS_DIR = ROOT / "resources" / "translations"
SOURCES = ("wall_client", "wall_protocol")
TOOLS = Path(sys.executable).parent
MARKS = ("translate", "QT_TRANSLATE_NOOP")
TOLERANCE_PX = 1


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    translation: str
    finished: bool


def read_ts(path: Path) -> list[Message]:
    """Every message of a .ts file (vanished and obsolete ones count as unfinished: lupdate no longer finds them)."""
    messages = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            element = message.find("translation")
            kind = element.get("type") if element is not None else "unfinished"
            text = "".join(element.itertext()) if element is not None else ""
            messages.append(Message(name, message.findtext("source") or "", text, kind is None and bool(text)))
    return messages


def refreshed(ts_name: str, folder: Path, *options: str) -> list[Message]:
    """The catalog as `make ts` would leave it: lupdate over the sources into a copy of it in `folder`."""
    copy = folder / ts_name
    shutil.copy(TS_DIR / ts_name, copy)
    subprocess.run([str(TOOLS / "pyside6-lupdate"), "-extensions", "py", "-locations", "none", "-no-obsolete",
                    *options, *SOURCES, "-ts", str(copy)], cwd=ROOT, check=True, capture_output=True, timeout=120)
    return read_ts(copy)


def build_catalogs(folder: Path) -> Path:
    """Every .ts of the project built into `folder` with pyside6-lrelease (what `make translations` does)."""
    for ts in sorted(TS_DIR.glob("*.ts")):
        subprocess.run([str(TOOLS / "pyside6-lrelease"), "-silent", str(ts), "-qm", str(folder / f"{ts.stem}.qm")],
                       check=True, timeout=120)
    return folder


@dataclass(frozen=True)
class Mark:
    """A `translate` or `QT_TRANSLATE_NOOP` call in the code: where, and its literal context and text (or None)."""

    where: str
    context: str | None
    text: str | None
    problem: str = ""


def marks_in_code() -> list[Mark]:
    """Every call lupdate should see. A problem is noted where lupdate would miss or misread the text: an
    f-string (lupdate keeps the braces, nothing fills them), keyword arguments (lupdate drops the whole call)
    or a context that is not a literal."""
    found = []
    for package in SOURCES:
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and _name(node.func) in MARKS and node.args:
                    found.append(_mark(f"{path.relative_to(ROOT)}:{node.lineno}", node))
    return found


def _name(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _mark(where: str, node: ast.Call) -> Mark:
    context, text = node.args[0], node.args[1] if len(node.args) > 1 else None
    literal_context = context.value if isinstance(context, ast.Constant) and isinstance(context.value, str) else None
    literal_text = text.value if isinstance(text, ast.Constant) and isinstance(text.value, str) else None
    problem = ""
    if node.keywords:
        problem = "keyword arguments (lupdate drops the call): pass them by position"
    elif literal_context is None and literal_text is not None:
        problem = "the context is not a literal (a text marked elsewhere may be translated so, not a literal)"
    elif isinstance(text, ast.JoinedStr):
        problem = "an f-string: translate the literal, then .format() it"
    elif literal_text is None and _name(node.func) == "QT_TRANSLATE_NOOP":
        problem = "QT_TRANSLATE_NOOP of something else than a literal"
    return Mark(where, literal_context, literal_text, problem)


def clipped_texts(root: QWidget) -> list[str]:
    """Each visible text under `root` (included) that its widget cuts, as "Class 'text': needs N px, has M"."""
    problems: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.isVisible():
            problems += _clipped(widget)
    return problems


def _too_narrow(widget: QWidget, text: str, needed: int, room: int) -> list[str]:
    if needed <= room + TOLERANCE_PX:
        return []
    return [f"{type(widget).__name__} {text!r}: needs {needed} px, has {room}"]


def _clipped(widget: QWidget) -> list[str]:
    if isinstance(widget, QLabel):
        if widget.wordWrap() or not widget.text() or not widget.pixmap().isNull():
            return []  # a wrapped label grows in height instead
        return _too_narrow(widget, widget.text(), widget.sizeHint().width(), widget.width())
    if isinstance(widget, QAbstractButton) and not isinstance(widget, QToolButton) and widget.text():
        return _too_narrow(widget, widget.text(), widget.sizeHint().width(), widget.width())
    if isinstance(widget, QGroupBox) and widget.title():
        # The console's style puts the title 10 px in, with 4 px of padding on each side (console/style.py).
        needed = QFontMetrics(widget.font()).horizontalAdvance(widget.title()) + 10 + 8
        return _too_narrow(widget, widget.title(), needed, widget.width())
    if isinstance(widget, QDockWidget):
        # Bold title with 6 px padding, and the float button beside it.
        font = widget.font()
        font.setBold(True)
        needed = QFontMetrics(font).horizontalAdvance(widget.windowTitle()) + 12 + 24
        return _too_narrow(widget, widget.windowTitle(), needed, widget.width())
    if isinstance(widget, QLineEdit) and widget.placeholderText() and not widget.text():
        option = QStyleOptionFrame()
        widget.initStyleOption(option)
        room = widget.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, widget).width() - 4
        needed = widget.fontMetrics().horizontalAdvance(widget.placeholderText())
        return _too_narrow(widget, widget.placeholderText(), needed, room)
    if isinstance(widget, QTreeWidget):
        return _clipped_tree(widget)
    if isinstance(widget, QToolBar):
        more = widget.findChild(QToolButton, "qt_toolbar_ext_button")
        return [f"QToolBar {widget.windowTitle()!r}: hides widgets behind »"] if more and more.isVisible() else []
    return []


def _clipped_tree(tree: QTreeWidget) -> list[str]:
    """Header labels against their columns (the last stretches), and group rows against the first column
    (or the whole row when they span it)."""
    problems: list[str] = []
    header = tree.header()
    if not tree.isHeaderHidden():
        font = header.font()
        font.setBold(True)
        metrics = QFontMetrics(font)
        for column in range(tree.columnCount() - 1):
            text = tree.headerItem().text(column)
            problems += _too_narrow(header, text, metrics.horizontalAdvance(text) + 8, header.sectionSize(column))
    for index in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(index)
        if item.childCount():
            font = item.font(0).resolve(tree.font())  # the style sheet's size unless the item sets its own
            needed = QFontMetrics(font).horizontalAdvance(item.text(0)) + tree.indentation() + 8
            room = tree.viewport().width() if item.isFirstColumnSpanned() else tree.columnWidth(0)
            problems += _too_narrow(tree, item.text(0), needed, room)
    return problems


# ---------------------------------------------------------------------------------------------- painted text

@dataclass(frozen=True)
class PaintedText:
    """One QPainter.drawText call of a tile: the text, the box it was given (or its start point), and its font."""

    text: str
    box: QRect | None
    at: QPoint | None
    flags: int
    font: QFont
    transformed: bool


@contextmanager
def painted_texts() -> Iterator[list[PaintedText]]:
    """Record every QPainter.drawText made from Python while the block runs (tiles paint their words that way)."""
    recorded: list[PaintedText] = []
    original = QPainter.drawText

    def recording(painter: QPainter, *args: Any) -> Any:
        transformed = not painter.transform().isIdentity()
        if len(args) == 3 and isinstance(args[0], QRect | QRectF) and isinstance(args[2], str):
            box = args[0].toRect() if isinstance(args[0], QRectF) else args[0]
            recorded.append(PaintedText(args[2], box, None, int(args[1]), QFont(painter.font()), transformed))
        elif len(args) == 2 and isinstance(args[0], QPoint | QPointF) and isinstance(args[1], str):
            point = args[0].toPoint() if isinstance(args[0], QPointF) else args[0]
            recorded.append(PaintedText(args[1], None, point, 0, QFont(painter.font()), transformed))
        return original(painter, *args)

    QPainter.drawText = recording  # type: ignore[method-assign]
    try:
        yield recorded
    finally:
        QPainter.drawText = original  # type: ignore[method-assign]


def overflowing(texts: list[PaintedText], bounds: QRect) -> list[str]:
    """The painted texts that are cut or leave `bounds` (the tile): wider than the box they were drawn in
    (word-wrapped boxes: taller), or laid out (as Qt lays the glyphs' lines out from box and flags) past the
    tile's edges, or running past the tile from their start point.

    Texts drawn under a transform (rotated axis labels, a chart's own items) are skipped.
    """
    problems = []
    for painted in texts:
        if painted.transformed or not painted.text.strip():
            continue
        metrics = QFontMetrics(painted.font)
        if painted.box is not None:
            laid_out = metrics.boundingRect(painted.box, painted.flags, painted.text)
            if not bounds.adjusted(-TOLERANCE_PX, -TOLERANCE_PX, TOLERANCE_PX, TOLERANCE_PX).contains(laid_out):
                problems.append(f"{painted.text!r} is laid out at {_xywh(laid_out)}, past the tile {_xywh(bounds)}")
                continue
            box = painted.box.intersected(bounds)
            if painted.flags & Qt.TextFlag.TextWordWrap.value:
                needed = metrics.boundingRect(box, painted.flags, painted.text).height()
                if needed > box.height() + TOLERANCE_PX:
                    problems.append(f"{painted.text!r} needs {needed} px of height, has {box.height()}")
                continue
            for line in painted.text.split("\n"):
                needed = metrics.horizontalAdvance(line)
                if needed > box.width() + TOLERANCE_PX:
                    problems.append(f"{line!r} needs {needed} px, has {box.width()}")
        elif painted.at is not None:
            needed = painted.at.x() + metrics.horizontalAdvance(painted.text)
            if painted.at.x() < bounds.left() or needed > bounds.right() + TOLERANCE_PX:
                problems.append(f"{painted.text!r} runs from x={painted.at.x()} to {needed}, past {bounds.right()}")
    return problems


def _xywh(rect: QRect) -> str:
    return f"({rect.x()}, {rect.y()}, {rect.width()}×{rect.height()})"

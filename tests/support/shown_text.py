"""What a person reads in a label, a tooltip or a message box: the text as written, or what Qt renders of it.

Qt renders a text as HTML when its format says so, or when the format is AutoText (the default of
labels, tooltips and message boxes) and Qt::mightBeRichText takes it for HTML. Then `<b>x</b>` reads
"x" (in bold), an `<img>` is a picture and `<a>` a link; these helpers return the words left.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QTextDocument
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QToolTip, QWidget

HOSTILE = '<b>Đậm</b><img src="file:///etc/passwd"><a href="http://x">link</a>'
"""Text a producer might send: bold, a local file as an image, a link. Shown as written, it reads just so."""
HOSTILE_SHORT = '<b>Đậm</b><a href="x">l</a>'
"""The same, within the 32 characters of a series unit."""


def rendered(text: str, text_format: Qt.TextFormat = Qt.TextFormat.AutoText) -> str:
    """The words a person reads of `text` shown in `text_format`."""
    rich = text_format == Qt.TextFormat.RichText or (
        text_format == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text))
    if not rich:
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def label_reads(label: QLabel) -> str:
    return rendered(label.text(), label.textFormat())


def box_reads(box: QMessageBox) -> str:
    return rendered(box.text(), box.textFormat())


def tooltip_reads(widget: QWidget, at: QPoint | None = None) -> str:
    """Hover `widget` at `at` (its middle by default) as the mouse does, and read the tooltip Qt shows ('' if none)."""
    QToolTip.hideText()
    point = at if at is not None else widget.rect().center()
    event = QHelpEvent(QEvent.Type.ToolTip, point, widget.mapToGlobal(point))
    QApplication.sendEvent(widget, event)
    shown = QToolTip.text()
    tips = [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QLabel) and w.objectName() == "qtooltip_label" and w.text() == shown]
    QToolTip.hideText()
    return label_reads(tips[0]) if shown and tips else ""

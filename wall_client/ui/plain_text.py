"""Text from outside the app, shown exactly as it was written.

Producers (any producer token), other systems and admins name alerts, areas, series, units, cameras
and layouts. Qt reads the text of a label, a tooltip or a message box as HTML when it looks like HTML
(Qt.AutoText, Qt::mightBeRichText), so `<img src=…>`, `<a href=…>` or `<font size=…>` in an alert's
body would become a picture, a link or a huge font in the console. QPainter.drawText and item texts
are plain already; this module covers the rest.
"""

from __future__ import annotations

import html

from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget


def plain(label: QLabel) -> QLabel:
    """`label`, set to show its text as plain text whatever it holds (its look is unchanged for plain text)."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A QLabel that shows its text as plain text."""
    return plain(QLabel(text, parent))


def tooltip(text: str) -> str:
    """`text` as a tooltip that shows it as written.

    A tooltip has no text format: Qt shows it as HTML when Qt::mightBeRichText says so. Then the text
    is escaped into HTML that shows every character, spaces and line breaks included; otherwise it is
    left as it is, so ordinary tooltips keep their look.
    """
    if not QtGui.Qt.mightBeRichText(text):
        return text
    return f"<p style='white-space:pre-wrap'>{html.escape(text, quote=False)}</p>"


def ask(parent: QWidget, title: str, question: str) -> bool:
    """QMessageBox.question, with `question` shown as plain text (it may hold a camera's or a token's name)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, question,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box.exec() == QMessageBox.StandardButton.Yes

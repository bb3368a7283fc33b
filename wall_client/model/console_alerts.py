"""Alerts as the console lists them: who handled them and when, and the ones resolved lately.

The store forgets an alert once it is resolved (walls show open alerts only); the console keeps
the last few so the operator sees that a resolve went through, by whom and when.
"""

from __future__ import annotations

from collections import deque

from wall_client.model import formatting
from wall_client.model.events import Event
from wall_protocol.common import AlertState
from wall_protocol.entities import Alert

RESOLVED_KEPT = 20
STATE_LABELS = {AlertState.NEW: "Mới", AlertState.ACKNOWLEDGED: "Đã xác nhận", AlertState.RESOLVED: "Đã xử lý"}
SEVERITY_LABELS = {"info": "Thông tin", "minor": "Nhẹ", "major": "Nghiêm trọng", "critical": "Khẩn cấp"}


def handled_text(alert: Alert) -> str:
    """'Đã xác nhận bởi an lúc 08:15:02 · an: đã cử CSGT': the latest step, who, when, and the newest comment."""
    if alert.state is AlertState.RESOLVED and alert.resolved_at is not None:
        text = f"Đã xử lý bởi {alert.resolved_by or '?'} lúc {formatting.local_time(alert.resolved_at)}"
    elif alert.state is AlertState.ACKNOWLEDGED and alert.acknowledged_at is not None:
        text = f"Đã xác nhận bởi {alert.acknowledged_by or '?'} lúc {formatting.local_time(alert.acknowledged_at)}"
    else:
        return "Chưa xử lý"
    # The server keeps every step's comment as a 'name: text' line; the newest says what was done last.
    lines = alert.comment.strip().splitlines()
    return f"{text} · {lines[-1]}" if lines else text


class ResolvedLog:
    """The alerts resolved since the console started, newest first."""

    def __init__(self, keep: int = RESOLVED_KEPT) -> None:
        self._alerts: deque[Alert] = deque(maxlen=keep)
        self.changed = Event[[]]()

    def add(self, alert: Alert) -> None:
        if alert.state is not AlertState.RESOLVED:
            return
        for old in [a for a in self._alerts if a.id == alert.id]:
            self._alerts.remove(old)
        self._alerts.appendleft(alert)
        self.changed.emit()

    def alerts(self) -> list[Alert]:
        return list(self._alerts)

"""Alerts as the console lists them: who handled them and when, and the ones resolved lately.

The store forgets an alert once it is resolved (walls show open alerts only); the console keeps
the last few so the operator sees that a resolve went through, by whom and when.
"""

from __future__ import annotations

from collections import deque

from wall_client.model import formatting, terms
from wall_client.model.alert_text import actor_name
from wall_client.model.events import Event
from wall_client.model.i18n import translate
from wall_protocol.common import AlertState
from wall_protocol.entities import Alert

RESOLVED_KEPT = 20
SEVERITY_LABELS = {str(severity): label for severity, label in terms.SEVERITIES.items()}
"""The Vietnamese source words by wire value, for the tile form (model/tile_props.py); terms.py translates."""


def handled_text(alert: Alert) -> str:
    """'Đã xác nhận bởi an lúc 08:15:02 · an: đã cử CSGT': the latest step, who, when, and the newest comment."""
    if alert.state is AlertState.RESOLVED and alert.resolved_at is not None:
        text = translate("ConsoleAlerts", "Đã xử lý bởi {who} lúc {time}").format(
            who=actor_name(alert.resolved_by) or "?", time=formatting.local_time(alert.resolved_at))
    elif alert.state is AlertState.ACKNOWLEDGED and alert.acknowledged_at is not None:
        text = translate("ConsoleAlerts", "Đã xác nhận bởi {who} lúc {time}").format(
            who=actor_name(alert.acknowledged_by) or "?", time=formatting.local_time(alert.acknowledged_at))
    else:
        return translate("ConsoleAlerts", "Chưa xử lý")
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

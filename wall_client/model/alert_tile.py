"""What an alert tile shows: its filters (severity, category, area), which alerts flash now, who may
acknowledge from the wall, and the ticker's items and crawl position. No Qt: the widgets draw this.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from wall_client.model import formatting, terms
from wall_client.model.alert_text import alert_title
from wall_protocol.common import AlertState, Role, Severity
from wall_protocol.entities import Alert
from wall_protocol.tile_settings import AlertsSettings, fold_area

SEVERITY_ORDER = [s.value for s in Severity]
ACK_ROLES = (Role.OPERATOR, Role.ADMIN)
FLASH_HZ = 2.0
"""Flashes a second: slow enough to read the text between them, far below the 3 Hz that can trigger seizures."""
MAX_TICKER_ITEMS = 40
"""The ticker's strip is one cached picture: it holds this many alerts at most (the newest)."""


def shown_alerts(alerts: Iterable[Alert], settings: AlertsSettings) -> list[Alert]:
    """The alerts the tile's settings let through, in the order given (the store's: newest first)."""
    floor = SEVERITY_ORDER.index(settings.min_severity.value)
    areas = {fold_area(a) for a in settings.areas}
    chosen = []
    for alert in alerts:
        if SEVERITY_ORDER.index(alert.severity.value) < floor:
            continue
        if settings.categories and alert.category not in settings.categories:
            continue
        if areas and fold_area(alert.area) not in areas:
            continue
        chosen.append(alert)
    return chosen


def flashing(alert: Alert, flash_s: int, now: datetime) -> bool:
    """Whether `alert` is in its flashing time: critical, not yet acknowledged, at most `flash_s` old.

    Its age counts from the server's `created_at`, so every wall and a restarted one agree; a wall
    whose clock is behind the server's sees a negative age, which still flashes."""
    if flash_s <= 0 or alert.severity is not Severity.CRITICAL or alert.state is not AlertState.NEW:
        return False
    return (now - alert.created_at).total_seconds() < flash_s


def flash_lit(now: datetime) -> bool:
    """The phase of every flash at `now`: on for half of each 1/FLASH_HZ period (all tiles flash together)."""
    return int(now.timestamp() * FLASH_HZ * 2) % 2 == 0


def may_acknowledge(role: Role | None) -> bool:
    """Whether the wall offers acknowledging from a tile: only to an operator's (or admin's) token."""
    return role in ACK_ROLES


@dataclass(frozen=True)
class TickerItem:
    """One alert as the ticker writes it: the time it came, its severity in words, its title and area."""

    alert_id: int
    severity: Severity
    time: str
    label: str
    text: str


def ticker_items(alerts: list[Alert]) -> list[TickerItem]:
    """The newest MAX_TICKER_ITEMS alerts as ticker items (the time of day, which does not age, not an age)."""
    items = []
    for alert in alerts[:MAX_TICKER_ITEMS]:
        text = alert_title(alert)
        if alert.area and alert.area not in text:
            text = f"{text} · {alert.area}"
        if alert.state is AlertState.ACKNOWLEDGED:
            text = f"{text} ({terms.alert_state(alert.state)})"
        items.append(TickerItem(alert.id, alert.severity, formatting.local_time(alert.created_at, with_seconds=False),
                                terms.severity(alert.severity.value).upper(), text))
    return items


def strip_lead(elapsed_s: float, speed_px_s: float, strip_w: int, view_w: int) -> float:
    """Where the strip's first copy starts, in pixels from the view's left edge, after `elapsed_s` of crawl.

    The strip enters at the right edge; once its start has crossed the view it repeats end to end
    (copies at lead, lead + strip_w, …), so a short strip never leaves the view empty."""
    travelled = elapsed_s * speed_px_s
    if travelled < view_w or strip_w <= 0:
        return view_w - travelled
    return -((travelled - view_w) % strip_w)

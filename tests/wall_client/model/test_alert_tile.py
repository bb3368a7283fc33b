"""The alert tile's rules without Qt: filters, the flashing time and phase, who may acknowledge, the crawl."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from wall_client.model.alert_tile import (
    MAX_TICKER_ITEMS,
    flash_lit,
    flashing,
    may_acknowledge,
    shown_alerts,
    strip_lead,
    ticker_items,
)
from wall_protocol.common import AlertCategory, AlertState, Role, Severity
from wall_protocol.entities import Alert
from wall_protocol.tile_settings import AlertsSettings

T0 = datetime(2026, 12, 6, 7, 0, tzinfo=UTC)


def _alert(id: int, severity: Severity = Severity.CRITICAL, area: str = "Cao Lộc",
           state: AlertState = AlertState.NEW) -> Alert:
    return Alert(id=id, category=AlertCategory.TRAFFIC, severity=severity, title=f"Tai nạn {id}", area=area,
                 state=state, created_at=T0)


def test_the_area_filter_ignores_letter_case_and_unicode_composition():
    """'Cao Lộc' precomposed matches 'CAO LỘC' and a decomposed 'Cao Lộc'; another area does not."""
    decomposed = "Cao Lo\u0323\u0302c"
    alerts = [_alert(1, area="CAO LỘC"), _alert(2, area=decomposed), _alert(3, area="Lộc Bình"), _alert(4, area="")]
    assert [a.id for a in shown_alerts(alerts, AlertsSettings(areas=("Cao Lộc",)))] == [1, 2]
    assert [a.id for a in shown_alerts(alerts, AlertsSettings())] == [1, 2, 3, 4]


def test_flashing_lasts_flash_s_from_the_servers_time_for_new_critical_alerts_only():
    """Critical and new: flashes until flash_s after created_at (also when the wall's clock is behind)."""
    alert = _alert(1)
    assert flashing(alert, 30, T0 - timedelta(seconds=2)) and flashing(alert, 30, T0 + timedelta(seconds=29.9))
    assert not flashing(alert, 30, T0 + timedelta(seconds=30))
    assert not flashing(alert, 0, T0)
    assert not flashing(_alert(2, Severity.MAJOR), 30, T0)
    assert not flashing(_alert(3, state=AlertState.ACKNOWLEDGED), 30, T0)


def test_the_flash_is_lit_half_of_each_half_second():
    """2 Hz: lit 250 ms, dark 250 ms, the same on every tile."""
    phases = [flash_lit(T0 + timedelta(milliseconds=ms)) for ms in (0, 100, 250, 400, 500)]
    assert phases == [True, True, False, False, True]


@pytest.mark.parametrize(("role", "may"), [(Role.OPERATOR, True), (Role.ADMIN, True), (Role.VIEWER, False),
                                           (Role.PRODUCER, False), (None, False)])
def test_only_operators_and_admins_acknowledge_from_the_wall(role, may):
    """An unknown role (not welcomed yet) offers nothing: the wall is public, unlike the console."""
    assert may_acknowledge(role) is may


def test_the_strip_enters_at_the_right_then_repeats_end_to_end():
    """Lead = view width at 0 s; after crossing the view the lead cycles through one strip width."""
    assert strip_lead(0, 100, 500, 1000) == 1000
    assert strip_lead(4, 100, 500, 1000) == 600
    assert strip_lead(10, 100, 500, 1000) == 0
    assert strip_lead(12, 100, 500, 1000) == -200
    assert strip_lead(15, 100, 500, 1000) == 0


def test_the_ticker_holds_at_most_its_item_limit():
    """Many open alerts: the newest MAX_TICKER_ITEMS are written; an area absent from the title is added."""
    items = ticker_items([_alert(i) for i in range(1, 100)])
    assert len(items) == MAX_TICKER_ITEMS and items[0].text == "Tai nạn 1 · Cao Lộc" and items[0].time == "14:00"

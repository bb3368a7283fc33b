"""The one term list: a word for every severity, alert state, category, tile kind and stream state."""

from __future__ import annotations

import pytest

from wall_client.model import terms
from wall_protocol.common import AlertCategory, AlertState, Severity
from wall_protocol.entities import StreamState, TileKind


@pytest.mark.parametrize(("values", "table"), [
    (Severity, terms.SEVERITIES), (AlertState, terms.ALERT_STATES), (AlertCategory, terms.CATEGORIES),
    (TileKind, terms.TILE_KINDS), (StreamState, terms.STREAM_STATES),
])
def test_every_value_of_the_protocol_has_its_word(values, table):
    """A value added to the protocol without a word here fails: the wall and the console would show its code."""
    assert sorted(str(v) for v in values) == sorted(str(k) for k in table)
    assert all(table.values()), "no empty word"


def test_the_acknowledged_state_has_one_name_everywhere():
    """The console's list and the wall's alert tile both read the term list ("Đã xác nhận"; the tile in capitals)."""
    assert terms.alert_state("acknowledged") == "Đã xác nhận"
    assert terms.alert_state(AlertState.ACKNOWLEDGED).upper() == "ĐÃ XÁC NHẬN"


def test_values_newer_than_the_client_are_shown_as_sent():
    """A category or tile kind this client does not know yet is shown by its code rather than failing."""
    assert terms.category("drones") == "drones"
    assert terms.tile_kind("weather") == "weather"
    assert terms.category("traffic") == "Giao thông"

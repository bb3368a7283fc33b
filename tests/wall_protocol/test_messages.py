"""Tests of wall_protocol.messages: the message table and the limits of individual messages."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from tests.wall_protocol.samples import POINT
from wall_protocol.common import AlertCategory, Severity
from wall_protocol.messages import (
    CLIENT_MESSAGE_MODELS,
    MAX_INGEST_ITEMS,
    PROTOCOL_VERSION,
    AckAlert,
    AlertIn,
    ApplyPreset,
    FreezeWall,
    Hello,
    Ingest,
    MaximizeTile,
    MediaLinks,
    Ping,
    ResolveAlert,
    SetLayout,
    SetTile,
    Welcome,
)


def test_client_message_table() -> None:
    """CLIENT_MESSAGE_MODELS maps each client type name to its model."""
    assert {
        "hello": Hello,
        "ping": Ping,
        "set_layout": SetLayout,
        "set_tile": SetTile,
        "ack_alert": AckAlert,
        "resolve_alert": ResolveAlert,
        "ingest": Ingest,
        "media_links": MediaLinks,
        "apply_preset": ApplyPreset,
        "freeze_wall": FreezeWall,
        "maximize_tile": MaximizeTile,
    } == CLIENT_MESSAGE_MODELS


def test_type_cannot_be_changed() -> None:
    """A model refuses a `type` other than its own literal."""
    with pytest.raises(ValidationError, match="type"):
        Ping.model_validate({"type": "pong"})


def test_ingest_item_limit() -> None:
    """An ingest holds at most MAX_INGEST_ITEMS metric samples."""
    assert len(Ingest(metrics=(POINT,) * MAX_INGEST_ITEMS).metrics) == MAX_INGEST_ITEMS
    with pytest.raises(ValidationError, match="metrics"):
        Ingest(metrics=(POINT,) * (MAX_INGEST_ITEMS + 1))


def test_alert_in_title_required_and_bounded() -> None:
    """An incoming alert needs a non-blank title of at most 200 characters."""
    for title in ("", "   ", "x" * 201):
        with pytest.raises(ValidationError, match="title"):
            AlertIn(category=AlertCategory.KPI, severity=Severity.INFO, title=title)
    assert AlertIn(category=AlertCategory.KPI, severity=Severity.INFO, title="x" * 200).title == "x" * 200


def test_welcome_defaults_to_current_protocol() -> None:
    """A welcome states the protocol version this package speaks."""
    welcome = Welcome.model_validate(
        {"server_version": "0.1.0", "role": "admin", "name": "n", "seq": 0, "resumed": False}
    )
    assert welcome.protocol == PROTOCOL_VERSION

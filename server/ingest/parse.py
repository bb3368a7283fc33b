"""Turning a poller's JSON or CSV document into alerts and samples; errors name the row and field."""

from __future__ import annotations

import csv
import io
from typing import Any, Literal

import orjson
from pydantic import BaseModel, ValidationError

from wall_protocol.entities import MetricPoint
from wall_protocol.errors import describe_validation_error
from wall_protocol.messages import AlertIn


class FeedError(Exception):
    """The document cannot be ingested; nothing from it is stored."""


def _records(text: str, fmt: Literal["json", "csv"], key: str) -> list[dict[str, Any]]:
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        # Empty cells mean "not given", so that optional fields keep their defaults.
        return [{k: v for k, v in row.items() if k is not None and v not in ("", None)} for row in rows]
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise FeedError(f"not valid JSON: {exc}") from None
    if isinstance(data, dict) and isinstance(data.get(key), list):
        data = data[key]
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise FeedError(f"expected a list of objects, or an object with a list under {key!r}")
    return data


def _validate(records: list[dict[str, Any]], model: type[BaseModel]) -> list[Any]:
    items = []
    for number, record in enumerate(records, start=1):
        try:
            items.append(model.model_validate(record))
        except ValidationError as exc:
            text, _ = describe_validation_error(exc, data=record)
            raise FeedError(f"record {number}: {text}") from None
    return items


def parse_samples(text: str, fmt: Literal["json", "csv"]) -> list[MetricPoint]:
    """Samples: objects or CSV rows with series, ts (ISO 8601 with zone) and value."""
    return _validate(_records(text, fmt, "samples"), MetricPoint)


def parse_alerts(text: str, fmt: Literal["json", "csv"]) -> list[AlertIn]:
    """Alerts: each needs an external_id, since a poller reads the same alerts again and again."""
    alerts: list[AlertIn] = _validate(_records(text, fmt, "alerts"), AlertIn)
    for number, alert in enumerate(alerts, start=1):
        if not alert.external_id:
            raise FeedError(f"record {number}: external_id is required for polled alerts (it prevents duplicates)")
    return alerts

"""Which instants a producer may send: not ahead of the server's clock, not a zero or default date.

Every timestamp is stored in UTC whatever zone it was sent in (wall_protocol.common.UtcDatetime; a naive
one is refused there). Two mistakes remain that a zone cannot catch, and both would stay on the wall:
- a producer whose clock (or zone) is wrong sends the future. A sample from 2100 would be its series'
  newest value until 2100 (the KPI tiles show the newest), an alert from tomorrow would sort above
  every real one. A little ahead is a clock drifting and is accepted: MAX_AHEAD.
- a producer that fills an empty date with its language's default sends 0001-01-01 (.NET), 1900-01-01
  (Excel, SQL Server) or 1970-01-01 (a Unix time of 0). No reading of this province predates EARLIEST.
Both are refused with the field, the value and the server's time, so the producer can fix its clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from wall_protocol.entities import MetricPoint
from wall_protocol.errors import ErrorCode, ProtocolError
from wall_protocol.messages import AlertIn
from wall_protocol.tables import TableSnapshot

MAX_AHEAD = timedelta(minutes=5)
"""How far ahead of the server's clock a sent instant may be (clocks drift; NTP may be minutes off)."""
EARLIEST = datetime(1980, 1, 1, tzinfo=UTC)
"""Instants before this are a default or zero date, not a reading (docs/protocol.md, 'Timestamps')."""


def check_instant(moment: datetime, field: str, what: str, now: datetime) -> None:
    """Refuse `moment` (the `field` of `what`, e.g. "sample 3 of 10") when it is too far ahead or too old."""
    shown = moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if moment > now + MAX_AHEAD:
        ahead = moment - now
        raise ProtocolError(
            ErrorCode.INVALID,
            f"{field} {shown} ({what}) is {_duration(ahead)} ahead of the server's clock "
            f"({now.isoformat(timespec='seconds').replace('+00:00', 'Z')}); at most "
            f"{int(MAX_AHEAD.total_seconds() // 60)} minutes ahead is accepted: check the producer's clock and "
            "time zone", field=field)
    if moment < EARLIEST:
        raise ProtocolError(
            ErrorCode.INVALID,
            f"{field} {shown} ({what}) is before {EARLIEST.year}: a default or zero date (0001-01-01, 1900-01-01, "
            "1970-01-01) rather than a reading; send the real time, or leave the field out where it is optional",
            field=field)


def check_ingest(alert_items: Sequence[AlertIn], points: Sequence[MetricPoint], now: datetime) -> None:
    """Every sent instant of an ingest, before anything of it is stored (it is stored whole or not at all)."""
    for number, item in enumerate(alert_items, start=1):
        if item.occurred_at is not None:
            check_instant(item.occurred_at, "occurred_at", f"alert {number} of {len(alert_items)}", now)
    for number, point in enumerate(points, start=1):
        check_instant(point.ts, "ts", f"sample {number} of {len(points)}, series {point.series!r}", now)


def check_table_snapshot(snapshot: TableSnapshot, now: datetime) -> None:
    check_instant(snapshot.ts, "ts", f"snapshot of table {snapshot.table!r}", now)


def _duration(span: timedelta) -> str:
    seconds = span.total_seconds()
    if seconds >= 2 * 365 * 86400:
        return f"{seconds / (365.25 * 86400):.0f} years"
    if seconds >= 2 * 86400:
        return f"{seconds / 86400:.0f} days"
    if seconds >= 2 * 3600:
        return f"{seconds / 3600:.0f} hours"
    return f"{seconds / 60:.0f} minutes"

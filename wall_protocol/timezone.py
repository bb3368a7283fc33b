"""Vietnam's time zone: the one local time of the whole system, server and clients alike.

Everything is stored and sent in UTC; local time matters where people meet it: a schedule's
"07:30", a target's calendar year, a day on a chart, the clock on the wall. All of them use
`VIETNAM_TZ`, the IANA zone Asia/Ho_Chi_Minh (read from the `tzdata` package where the system has
no zone files, as on Windows). It has been UTC+7 without daylight saving since 13 June 1975, so
recent dates give what a fixed +7 gave; older instants follow the zone's history (+8 before).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

VIETNAM_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def to_vietnam(moment: datetime) -> datetime:
    """`moment` as Vietnam's local time; a naive datetime is refused (its zone would be a guess)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment.isoformat()} refused: pass an aware (UTC) datetime")
    return moment.astimezone(VIETNAM_TZ)

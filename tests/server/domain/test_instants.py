"""What instants a producer may send: a little ahead is a drifting clock, far ahead or before 1980 is refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from server.domain.instants import check_ingest, check_instant, check_table_snapshot
from wall_protocol.common import AlertCategory, Severity
from wall_protocol.entities import MetricPoint
from wall_protocol.errors import ProtocolError
from wall_protocol.messages import AlertIn
from wall_protocol.tables import TableSnapshot

NOW = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize("moment", [NOW, NOW + timedelta(minutes=5), datetime(1980, 1, 1, tzinfo=UTC),
                                    datetime(2026, 12, 6, 17, 4, tzinfo=timezone(timedelta(hours=7)))])
def test_a_reading_up_to_five_minutes_ahead_and_since_1980_is_accepted(moment: datetime):
    """Now, 5 minutes ahead (a drifting clock), 1 January 1980, and 4 minutes ahead written at +07:00."""
    check_instant(moment, "ts", "sample 1 of 1", NOW)


@pytest.mark.parametrize(("moment", "words"), [
    (NOW + timedelta(minutes=6), "6 minutes ahead of the server's clock (2026-12-06T10:00:00Z)"),
    (datetime(2100, 1, 1, tzinfo=timezone(timedelta(hours=7))), "73 years ahead"),
    (datetime(1970, 1, 1, tzinfo=UTC), "1970-01-01T00:00:00Z (sample 1 of 1) is before 1980"),
    (datetime(1, 1, 1, tzinfo=UTC), "0001-01-01T00:00:00Z"),
])
def test_far_ahead_or_a_default_date_is_refused_naming_it(moment: datetime, words: str):
    """The error names the field, the value in UTC, how far ahead or that it is a default date."""
    with pytest.raises(ProtocolError) as refused:
        check_instant(moment, "ts", "sample 1 of 1", NOW)
    assert refused.value.code == "invalid" and refused.value.field == "ts" and words in refused.value.message


def test_an_ingest_is_checked_whole_and_names_the_item():
    """The second sample of three is the one named; an alert without occurred_at is not checked."""
    points = [MetricPoint(series="a", ts=NOW, value=1), MetricPoint(series="b", ts=NOW + timedelta(days=3), value=2),
              MetricPoint(series="c", ts=NOW, value=3)]
    alert = AlertIn(category=AlertCategory.TRAFFIC, severity=Severity.MINOR, title="t")
    with pytest.raises(ProtocolError, match=r"sample 2 of 3, series 'b'.*3 days ahead"):
        check_ingest([alert], points, NOW)
    with pytest.raises(ProtocolError, match="snapshot of table 'k'"):
        check_table_snapshot(TableSnapshot(table="k", ts=datetime(1900, 1, 1, tzinfo=UTC), rows=()), NOW)

"""Issue 15: schedules are in Vietnam's zone (wall_protocol/timezone.py); their utc_offset_min goes

A schedule stored with the usual 420 (UTC+7) keeps its time and days. One stored with another offset
is moved to the same instants in Vietnam time: 08:00 at UTC+8 on Monday becomes 07:00 on Monday,
01:00 at UTC+9 on Monday becomes 23:00 on Sunday.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 10:00:00.000000
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

VIETNAM_MIN = 7 * 60
DAY_MIN = 24 * 60
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def in_vietnam_time(body: dict[str, Any]) -> dict[str, Any]:
    """The body without utc_offset_min, its `at` and `days` moved to Vietnam time (UTC+7 since 1975)."""
    body = dict(body)
    offset = body.pop("utc_offset_min", VIETNAM_MIN)
    if offset == VIETNAM_MIN:
        return body
    hour, minute = (int(part) for part in body["at"].split(":"))
    shifted = hour * 60 + minute + VIETNAM_MIN - offset
    day_shift, local = divmod(shifted, DAY_MIN)
    body["at"] = f"{local // 60:02d}:{local % 60:02d}"
    days = body.get("days", WEEKDAYS[:5])  # stored bodies list them; the model's default otherwise
    body["days"] = [WEEKDAYS[(WEEKDAYS.index(day) + day_shift) % 7] for day in days]
    return body


def _rewrite(change: Any) -> None:
    schedules = sa.table('schedules', sa.column('name', sa.String), sa.column('body', sa.JSON))
    connection = op.get_bind()
    for name, body in connection.execute(sa.select(schedules.c.name, schedules.c.body)).all():
        new = change(body)
        if new != body:
            connection.execute(schedules.update().where(schedules.c.name == name).values(body=new))


def upgrade() -> None:
    _rewrite(in_vietnam_time)


def downgrade() -> None:
    _rewrite(lambda body: {**body, "utc_offset_min": VIETNAM_MIN})

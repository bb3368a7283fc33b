"""Issue 17: a frozen wall keeps the data it showed at the freeze (alerts, latest samples, tables, forecasts),
so a wall PC that reconnects during a briefing freeze is sent that, not live data

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 14:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('walls', schema=None) as batch_op:
        batch_op.add_column(sa.Column('frozen_data', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('walls', schema=None) as batch_op:
        batch_op.drop_column('frozen_data')

"""KPI forecasts: a series' forecast spec and each series' latest forecast with its warning state

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 14:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import server.store.types


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('metric_series', schema=None) as batch_op:
        batch_op.add_column(sa.Column('forecast', sa.JSON(), nullable=True))
    op.create_table('series_forecasts',
    sa.Column('series', sa.String(length=64), nullable=False),
    sa.Column('body', sa.JSON(), nullable=False),
    sa.Column('watch', sa.JSON(), nullable=False),
    sa.Column('alert_id', sa.Integer(), nullable=True),
    sa.Column('basis', sa.String(length=500), nullable=False),
    sa.Column('updated_at', server.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('series')
    )


def downgrade() -> None:
    op.drop_table('series_forecasts')
    with op.batch_alter_table('metric_series', schema=None) as batch_op:
        batch_op.drop_column('forecast')

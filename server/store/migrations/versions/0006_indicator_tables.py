"""tabular indicators: table definitions and their snapshots

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 19:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import server.store.types


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('indicator_tables',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('body', sa.JSON(), nullable=False),
    sa.Column('updated_at', server.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('indicator_snapshots',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('table_key', sa.String(length=64), nullable=False),
    sa.Column('ts', server.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('rows', sa.JSON(), nullable=False),
    sa.Column('created_at', server.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['table_key'], ['indicator_tables.key'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('table_key', 'ts', name='uq_indicator_snapshots_table_ts')
    )


def downgrade() -> None:
    op.drop_table('indicator_snapshots')
    op.drop_table('indicator_tables')

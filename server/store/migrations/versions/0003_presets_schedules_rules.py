"""presets, schedules and alert rules

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 15:50:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import server.store.types


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('presets',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('wall', sa.String(length=64), nullable=False),
    sa.Column('body', sa.JSON(), nullable=False),
    sa.Column('builtin', sa.Boolean(), nullable=False),
    sa.Column('updated_at', server.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    with op.batch_alter_table('presets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_presets_wall'), ['wall'], unique=False)

    op.create_table('schedules',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('body', sa.JSON(), nullable=False),
    sa.Column('builtin', sa.Boolean(), nullable=False),
    sa.Column('handled_until', server.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_run_at', server.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('updated_at', server.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('alert_rules',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('body', sa.JSON(), nullable=False),
    sa.Column('builtin', sa.Boolean(), nullable=False),
    sa.Column('updated_at', server.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )


def downgrade() -> None:
    op.drop_table('alert_rules')
    op.drop_table('schedules')
    with op.batch_alter_table('presets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_presets_wall'))

    op.drop_table('presets')

"""detection events and their snapshots

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 18:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import server.store.types


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('detection_events',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('camera', sa.String(length=64), nullable=False),
    sa.Column('zone', sa.String(length=64), nullable=False),
    sa.Column('zone_title', sa.String(length=200), nullable=False),
    sa.Column('label', sa.String(length=64), nullable=False),
    sa.Column('started_at', server.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', server.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', server.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('max_score', sa.Float(), nullable=False),
    sa.Column('max_objects', sa.Integer(), nullable=False),
    sa.Column('alert_id', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_detection_events_started', 'detection_events', ['started_at'], unique=False)
    op.create_index('ix_detection_events_open', 'detection_events', ['camera', 'zone', 'label', 'ended_at'],
                    unique=False)
    op.create_table('detection_snapshots',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('jpeg', sa.LargeBinary(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('taken_at', server.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['detection_events.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id')
    )


def downgrade() -> None:
    op.drop_table('detection_snapshots')
    op.drop_index('ix_detection_events_open', table_name='detection_events')
    op.drop_index('ix_detection_events_started', table_name='detection_events')
    op.drop_table('detection_events')

"""Issue 14: alerts de-duplicated per producer, series remember which producer made them, built-ins an
admin deleted stay deleted, detection snapshots know their size, and indexes for retention pruning

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 08:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import server.store.types


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('producer', sa.String(length=100), server_default='', nullable=False))
        batch_op.drop_constraint('uq_alerts_source_external_id', type_='unique')
        batch_op.create_unique_constraint('uq_alerts_producer_source_external_id',
                                          ['producer', 'source', 'external_id'])
        batch_op.create_index('ix_alerts_resolved_at', ['resolved_at'], unique=False)
    with op.batch_alter_table('metric_series', schema=None) as batch_op:
        batch_op.add_column(sa.Column('created_by', sa.String(length=100), nullable=True))
    with op.batch_alter_table('detection_snapshots', schema=None) as batch_op:
        batch_op.add_column(sa.Column('size', sa.Integer(), server_default='0', nullable=False))
    op.execute("UPDATE detection_snapshots SET size = length(jpeg)")
    with op.batch_alter_table('indicator_snapshots', schema=None) as batch_op:
        batch_op.create_index('ix_indicator_snapshots_created', ['created_at'], unique=False)
    op.create_table('deleted_builtins',
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('deleted_at', server.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'name')
    )


def downgrade() -> None:
    op.drop_table('deleted_builtins')
    with op.batch_alter_table('indicator_snapshots', schema=None) as batch_op:
        batch_op.drop_index('ix_indicator_snapshots_created')
    with op.batch_alter_table('detection_snapshots', schema=None) as batch_op:
        batch_op.drop_column('size')
    with op.batch_alter_table('metric_series', schema=None) as batch_op:
        batch_op.drop_column('created_by')
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.drop_index('ix_alerts_resolved_at')
        batch_op.drop_constraint('uq_alerts_producer_source_external_id', type_='unique')
        batch_op.create_unique_constraint('uq_alerts_source_external_id', ['source', 'external_id'])
        batch_op.drop_column('producer')

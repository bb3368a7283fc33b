"""Issue 15: the server's own alerts keep their title and body also as a text key and params (TextRef, JSON),
so each client shows them in its language; older alerts and other systems' alerts have none (NULL)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-10 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title_text', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('body_text', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.drop_column('body_text')
        batch_op.drop_column('title_text')

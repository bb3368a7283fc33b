"""Issue 16: personal accounts (users, argon2id) and their login sessions and share links, which are rows of
api_tokens with a kind, an owner, an expiry and (share links) a wall

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 12:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import server.store.types


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('users',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=100), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('created_at', server.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('password_changed_at', server.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('disabled_at', server.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', server.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=16), server_default='token', nullable=False))
        batch_op.add_column(sa.Column('user_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('expires_at', server.store.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('wall', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('parent_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('label', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('created_by', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('address', sa.String(length=64), nullable=True))
        batch_op.create_foreign_key('fk_api_tokens_user_id_users', 'users', ['user_id'], ['id'])
        batch_op.create_foreign_key('fk_api_tokens_parent_id_api_tokens', 'api_tokens', ['parent_id'], ['id'])
        batch_op.create_index('ix_api_tokens_kind_expires', ['kind', 'expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_api_tokens_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_api_tokens_parent_id'), ['parent_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_tokens_parent_id'))
        batch_op.drop_index(batch_op.f('ix_api_tokens_user_id'))
        batch_op.drop_index('ix_api_tokens_kind_expires')
        batch_op.drop_constraint('fk_api_tokens_parent_id_api_tokens', type_='foreignkey')
        batch_op.drop_constraint('fk_api_tokens_user_id_users', type_='foreignkey')
        for column in ('address', 'created_by', 'label', 'parent_id', 'wall', 'expires_at', 'user_id', 'kind'):
            batch_op.drop_column(column)
    op.drop_table('users')

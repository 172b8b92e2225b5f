"""A risk may be given in words alone: likelihood and impact become optional.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 05:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("risks", schema=None) as batch_op:
        batch_op.alter_column("likelihood", existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column("impact", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    unscored = op.get_bind().execute(
        sa.text("SELECT count(*) FROM risks WHERE likelihood IS NULL OR impact IS NULL")
    )
    if unscored.scalar_one():
        raise RuntimeError("some risks have no score; score them before downgrading")
    with op.batch_alter_table("risks", schema=None) as batch_op:
        batch_op.alter_column("likelihood", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("impact", existing_type=sa.Integer(), nullable=False)

"""Monitoring returns: versions of a council's returns for each period, and the returns in each.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 12:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

POUNDS = sa.Numeric(precision=16, scale=2, asdecimal=False)


def upgrade() -> None:
    op.create_table(
        "monitoring_sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.String(length=7), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["council_id"],
            ["councils.id"],
            name=op.f("fk_monitoring_sets_council_id_councils"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_monitoring_sets")),
        sa.UniqueConstraint("council_id", "period", "number", name="uq_monitoring_sets_number"),
    )
    with op.batch_alter_table("monitoring_sets", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_monitoring_sets_council_id"), ["council_id"], unique=False
        )

    op.create_table(
        "monitoring_returns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("identity_id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=200), nullable=False),
        sa.Column("delivered_to_date", POUNDS, nullable=False),
        sa.Column("forecast", POUNDS, nullable=False),
        sa.Column("rag", sa.String(length=10), nullable=False),
        sa.Column("commentary", sa.Text(), nullable=True),
        sa.Column("mitigations", sa.Text(), nullable=True),
        sa.Column("replacement", POUNDS, nullable=True),
        sa.Column("reported_by", sa.String(length=200), nullable=False),
        sa.Column("reported_on", sa.Date(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["identity_id"],
            ["proposal_identities.id"],
            name=op.f("fk_monitoring_returns_identity_id_proposal_identities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["set_id"],
            ["monitoring_sets.id"],
            name=op.f("fk_monitoring_returns_set_id_monitoring_sets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_monitoring_returns")),
        sa.UniqueConstraint("set_id", "identity_id", name="uq_monitoring_returns_set"),
    )
    with op.batch_alter_table("monitoring_returns", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_monitoring_returns_identity_id"), ["identity_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_monitoring_returns_set_id"), ["set_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("monitoring_returns", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_monitoring_returns_set_id"))
        batch_op.drop_index(batch_op.f("ix_monitoring_returns_identity_id"))
    op.drop_table("monitoring_returns")
    with op.batch_alter_table("monitoring_sets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_monitoring_sets_council_id"))
    op.drop_table("monitoring_sets")

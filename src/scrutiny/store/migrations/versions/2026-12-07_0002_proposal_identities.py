"""Proposals keep one id across versions of their council's file; runs remember what they read.

Each proposal gets a lasting identity per council and ref (`proposal_identities`); its id is
the id of the proposal's newest row, so the addresses of current proposals do not change.
Members' overrides and the proposals' audit entries move from a version's row to the identity.
Each run records the fingerprint of the file version it read; a run older than an edit of its
version gets none (it is out of date).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07 03:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "proposal_identities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["council_id"],
            ["councils.id"],
            name=op.f("fk_proposal_identities_council_id_councils"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal_identities")),
        sa.UniqueConstraint("council_id", "ref", name="uq_proposal_identities_ref"),
    )
    op.execute(
        "INSERT INTO proposal_identities (id, council_id, ref) "
        "SELECT MAX(p.id), fv.council_id, p.ref FROM proposals p "
        "JOIN file_versions fv ON fv.id = p.file_version_id GROUP BY fv.council_id, p.ref"
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "SELECT setval(pg_get_serial_sequence('proposal_identities', 'id'), "
            "COALESCE((SELECT MAX(id) FROM proposal_identities), 0) + 1, false)"
        )
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("identity_id", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE proposals SET identity_id = (SELECT i.id FROM proposal_identities i "
        "JOIN file_versions fv ON fv.council_id = i.council_id "
        "WHERE fv.id = proposals.file_version_id AND i.ref = proposals.ref)"
    )
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.alter_column("identity_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(batch_op.f("ix_proposals_identity_id"), ["identity_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_proposals_identity_id_proposal_identities"),
            "proposal_identities",
            ["identity_id"],
            ["id"],
            ondelete="CASCADE",
        )

    op.execute(
        "UPDATE overrides SET proposal_id = "
        "(SELECT p.identity_id FROM proposals p WHERE p.id = overrides.proposal_id)"
    )
    with op.batch_alter_table("overrides", schema=None) as batch_op:
        batch_op.drop_constraint("fk_overrides_proposal_id_proposals", type_="foreignkey")
        batch_op.create_foreign_key(
            batch_op.f("fk_overrides_proposal_id_proposal_identities"),
            "proposal_identities",
            ["proposal_id"],
            ["id"],
            ondelete="CASCADE",
        )
    op.execute(
        "UPDATE audit_log SET entity_id = "
        "(SELECT p.identity_id FROM proposals p WHERE p.id = audit_log.entity_id) "
        "WHERE entity = 'proposal' AND entity_id IN (SELECT id FROM proposals)"
    )

    with op.batch_alter_table("runs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("content_sha256", sa.String(length=64), nullable=True))
    op.execute(
        "UPDATE runs SET content_sha256 = "
        "(SELECT fv.sha256 FROM file_versions fv WHERE fv.id = runs.file_version_id) "
        "WHERE NOT EXISTS (SELECT 1 FROM proposals p WHERE p.file_version_id = "
        "runs.file_version_id AND p.updated_at > runs.created_at)"
    )


def downgrade() -> None:
    with op.batch_alter_table("runs", schema=None) as batch_op:
        batch_op.drop_column("content_sha256")
    # Back to the newest row of each proposal.
    newest = "(SELECT MAX(p.id) FROM proposals p WHERE p.identity_id = {})"
    op.execute(
        "UPDATE audit_log SET entity_id = " + newest.format("audit_log.entity_id") + " "
        "WHERE entity = 'proposal' AND entity_id IN (SELECT id FROM proposal_identities)"
    )
    op.execute("UPDATE overrides SET proposal_id = " + newest.format("overrides.proposal_id"))
    with op.batch_alter_table("overrides", schema=None) as batch_op:
        batch_op.drop_constraint("fk_overrides_proposal_id_proposal_identities", type_="foreignkey")
        batch_op.create_foreign_key(
            batch_op.f("fk_overrides_proposal_id_proposals"),
            "proposals",
            ["proposal_id"],
            ["id"],
            ondelete="CASCADE",
        )
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.drop_constraint("fk_proposals_identity_id_proposal_identities", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_proposals_identity_id"))
        batch_op.drop_column("identity_id")
    op.drop_table("proposal_identities")

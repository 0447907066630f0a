"""follow-up walks: walks.follows_walk_id and the marks on the earlier walk's findings

A walk planned as the follow-up walk (uppföljande vandring) of an earlier one links to it
(walks.follows_walk_id); its participants mark each of the earlier walk's findings kvar,
åtgärdad or förändrad (walk_revisits, one row per walk and finding: the PUT is idempotent).

walks.follows_walk_id is a plain ALTER TABLE on both databases, as 0026 does for
walks.commitment_id: a rebuild of walks on SQLite would drop the table, and with foreign keys on
that deletes its participants and invitations.

Revision ID: d5b3e4f6a7c8
Revises: c4a2d3e5f6b7
Create Date: 2026-12-07 17:15:00
"""

import sqlalchemy as sa
from alembic import op

revision = "d5b3e4f6a7c8"
down_revision = "c4a2d3e5f6b7"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE walks ADD COLUMN follows_walk_id INTEGER "
            "CONSTRAINT fk_walks_follows_walk_id_walks REFERENCES walks (id)"
        )
    else:
        op.add_column("walks", sa.Column("follows_walk_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            op.f("fk_walks_follows_walk_id_walks"), "walks", "walks", ["follows_walk_id"], ["id"]
        )
    op.create_index(op.f("ix_walks_follows_walk_id"), "walks", ["follows_walk_id"])

    op.create_table(
        "walk_revisits",
        sa.Column("walk_id", sa.Integer(), nullable=False),
        sa.Column("finding_id", sa.Uuid(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("marked_by_id", sa.Integer(), nullable=True),
        sa.Column("marked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["walk_id"],
            ["walks.id"],
            name=op.f("fk_walk_revisits_walk_id_walks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["finding_id"],
            ["findings.id"],
            name=op.f("fk_walk_revisits_finding_id_findings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["marked_by_id"],
            ["users.id"],
            name=op.f("fk_walk_revisits_marked_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("walk_id", "finding_id", name=op.f("pk_walk_revisits")),
    )
    op.create_index(op.f("ix_walk_revisits_finding_id"), "walk_revisits", ["finding_id"])


def downgrade():
    op.drop_table("walk_revisits")
    op.drop_index(op.f("ix_walks_follows_walk_id"), table_name="walks")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f("fk_walks_follows_walk_id_walks"), "walks", type_="foreignkey")
    op.drop_column("walks", "follows_walk_id")

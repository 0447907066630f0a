"""follow-up: pairs of nearby findings judged not to be duplicates

Revision ID: a7b6c9e1f3d5
Revises: f6a5b8d0e2a4
Create Date: 2026-11-23 12:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a7b6c9e1f3d5"
down_revision = "f6a5b8d0e2a4"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "distinct_pairs",
        sa.Column("first_id", sa.Uuid(), nullable=False),
        sa.Column("second_id", sa.Uuid(), nullable=False),
        sa.Column("judged_by_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["first_id"],
            ["findings.id"],
            name=op.f("fk_distinct_pairs_first_id_findings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["second_id"],
            ["findings.id"],
            name=op.f("fk_distinct_pairs_second_id_findings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["judged_by_id"],
            ["users.id"],
            name=op.f("fk_distinct_pairs_judged_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("first_id", "second_id", name=op.f("pk_distinct_pairs")),
    )
    op.create_index(op.f("ix_distinct_pairs_second_id"), "distinct_pairs", ["second_id"])


def downgrade():
    op.drop_index(op.f("ix_distinct_pairs_second_id"), table_name="distinct_pairs")
    op.drop_table("distinct_pairs")

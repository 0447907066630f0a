"""the actions decided at the weekly EST meeting (est_actions)

Who (an organisation) does what, where (an area, a position, a place in words), by when, in
the meeting's ISO week; and whether it was done (docs/est.md).

Revision ID: e5160c995b1f
Revises: 9e4b2d6f8a13
Create Date: 2026-12-07 15:34:16
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "e5160c995b1f"
down_revision = "9e4b2d6f8a13"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "est_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("week", sa.String(length=8), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("place", sa.String(length=300), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column(
            "evenings", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"],
            ["areas.id"],
            name=op.f("fk_est_actions_area_id_areas"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_est_actions_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_est_actions_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_est_actions")),
    )
    op.create_index(op.f("ix_est_actions_area_id"), "est_actions", ["area_id"])
    op.create_index("ix_est_actions_org_week", "est_actions", ["organisation_id", "week"])
    op.create_index("ix_est_actions_week", "est_actions", ["week"])


def downgrade():
    op.drop_table("est_actions")

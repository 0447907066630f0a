"""rounds (trygghetsrundor) logged at hot spots (est_rounds)

The phone chooses the id (the idempotent PUT); arrived, left, what was seen, "inga
avvikelser"; optionally the EST action it carries out (docs/est.md).

Revision ID: a13112511b92
Revises: e5160c995b1f
Create Date: 2026-12-07 15:38:50
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "a13112511b92"
down_revision = "e5160c995b1f"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "est_rounds",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("arrived_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("left_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seen", sa.Text(), nullable=False),
        sa.Column("no_deviations", sa.Boolean(), nullable=False),
        sa.Column("reporter_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "submitted", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["est_actions.id"],
            name=op.f("fk_est_rounds_action_id_est_actions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_est_rounds_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["reporter_id"], ["users.id"], name=op.f("fk_est_rounds_reporter_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_est_rounds")),
    )
    op.create_index(op.f("ix_est_rounds_action_id"), "est_rounds", ["action_id"])
    op.create_index("ix_est_rounds_arrived", "est_rounds", ["arrived_at"])
    op.create_index("ix_est_rounds_org_arrived", "est_rounds", ["organisation_id", "arrived_at"])
    op.create_index("ix_est_rounds_reporter_arrived", "est_rounds", ["reporter_id", "arrived_at"])


def downgrade():
    op.drop_table("est_rounds")

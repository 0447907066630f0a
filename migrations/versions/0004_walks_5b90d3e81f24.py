"""walks and their participants

Revision ID: 5b90d3e81f24
Revises: c52d7e0f4a63
Create Date: 2026-11-22 04:03:00
"""

import sqlalchemy as sa
from alembic import op

revision = "5b90d3e81f24"
down_revision = "c52d7e0f4a63"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "walks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=30), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=True),
        sa.Column("planned_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["area_id"], ["areas.id"], name=op.f("fk_walks_area_id_areas")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_walks_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_walks")),
    )
    op.create_index(op.f("ix_walks_area_id"), "walks", ["area_id"])
    op.create_index(op.f("ix_walks_updated_at"), "walks", ["updated_at"])
    op.create_table(
        "walk_participants",
        sa.Column("walk_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_walk_participants_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["walk_id"],
            ["walks.id"],
            name=op.f("fk_walk_participants_walk_id_walks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("walk_id", "user_id", name=op.f("pk_walk_participants")),
    )
    op.create_index(op.f("ix_walk_participants_user_id"), "walk_participants", ["user_id"])


def downgrade():
    op.drop_table("walk_participants")
    op.drop_table("walks")

"""walks: planning, invitations, protocol (issue 6)

Walks get their end time, meeting point, route (a GeoJSON LineString), the summary for the
follow-up meeting and the moments they started and closed. walk_invitations holds the
addresses invited, with or without an account. The outbox carries invitations too: a
notification is about a finding or about a walk, so finding_id becomes nullable and walk_id
is added. That one change rebuilds notifications on SQLite (it cannot drop NOT NULL in place);
no table refers to notifications, so the rebuild cannot cascade anywhere. Everything else is a
plain ALTER TABLE ... ADD COLUMN on both databases.

Revision ID: d4e3f6b8c0e2
Revises: c3d2e5a7b9d1
Create Date: 2026-11-23 09:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "d4e3f6b8c0e2"
down_revision = "c3d2e5a7b9d1"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade():
    op.add_column("walks", sa.Column("planned_end", sa.DateTime(timezone=True), nullable=True))
    op.add_column(
        "walks",
        sa.Column("meeting_point", sa.String(length=300), nullable=False, server_default=""),
    )
    op.add_column("walks", sa.Column("meeting_lat", sa.Float(), nullable=True))
    op.add_column("walks", sa.Column("meeting_lon", sa.Float(), nullable=True))
    op.add_column("walks", sa.Column("route", JSON, nullable=True))
    op.add_column("walks", sa.Column("summary", sa.Text(), nullable=False, server_default=""))
    op.add_column("walks", sa.Column("started_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("walks", sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))

    op.create_table(
        "walk_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("walk_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["walk_id"],
            ["walks.id"],
            name=op.f("fk_walk_invitations_walk_id_walks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_walk_invitations_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["invited_by_id"],
            ["users.id"],
            name=op.f("fk_walk_invitations_invited_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_walk_invitations")),
        sa.UniqueConstraint("walk_id", "email", name=op.f("uq_walk_invitations_walk_id")),
    )
    op.create_index(op.f("ix_walk_invitations_email"), "walk_invitations", ["email"])

    with op.batch_alter_table("notifications") as batch:
        batch.add_column(sa.Column("walk_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_notifications_walk_id_walks"),
            "walks",
            ["walk_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch.alter_column("finding_id", existing_type=sa.Uuid(), nullable=True)


def downgrade():
    op.execute("DELETE FROM notifications WHERE finding_id IS NULL")
    with op.batch_alter_table("notifications") as batch:
        batch.alter_column("finding_id", existing_type=sa.Uuid(), nullable=False)
        batch.drop_constraint(op.f("fk_notifications_walk_id_walks"), type_="foreignkey")
        batch.drop_column("walk_id")
    op.drop_table("walk_invitations")
    for column in (
        "closed_at",
        "started_at",
        "summary",
        "route",
        "meeting_lon",
        "meeting_lat",
        "meeting_point",
        "planned_end",
    ):
        op.drop_column("walks", column)

"""notifications: the comment an email is about

Comments shared between the coordinators and an owner are emailed to the other side through
the outbox; the email is built when it is sent, from the comment event it names. The foreign
key rebuilds notifications on SQLite; no table refers to notifications, so the rebuild cannot
cascade anywhere.

Revision ID: e1d9a3c5b7f2
Revises: b8c7d0f2a4e6
Create Date: 2026-12-06 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "e1d9a3c5b7f2"
down_revision = "b8c7d0f2a4e6"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("notifications") as batch:
        batch.add_column(sa.Column("event_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_notifications_event_id_finding_events"),
            "finding_events",
            ["event_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade():
    op.execute("DELETE FROM notifications WHERE event_id IS NOT NULL")
    with op.batch_alter_table("notifications") as batch:
        batch.drop_constraint(op.f("fk_notifications_event_id_finding_events"), type_="foreignkey")
        batch.drop_column("event_id")

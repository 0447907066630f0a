"""incident types managed by admins, with an alert flag; imported incidents; incident alerts

incident_types gains `alert` (coordinators are emailed when an incident of the type is recorded
in the app; false for every seeded type). incidents gain `imported` and `external_id` (the
partner's own id for a row of a CSV import). notifications gain `incident_id`, the incident an
alert is about: a plain ALTER TABLE on PostgreSQL, a rebuild of notifications on SQLite (which
cannot add a foreign key in place); no table refers to notifications.

Revision ID: c4a2d3e5f6b7
Revises: b3f1c2d4e5a6
Create Date: 2026-12-07 17:15:00
"""

import sqlalchemy as sa
from alembic import op

revision = "c4a2d3e5f6b7"
down_revision = "b3f1c2d4e5a6"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("incident_types") as batch:
        batch.add_column(
            sa.Column("alert", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("incidents") as batch:
        batch.add_column(
            sa.Column("imported", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("external_id", sa.String(length=100), nullable=True))
    with op.batch_alter_table("notifications") as batch:
        batch.add_column(sa.Column("incident_id", sa.Uuid(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_notifications_incident_id_incidents"),
            "incidents",
            ["incident_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade():
    op.execute("DELETE FROM notifications WHERE incident_id IS NOT NULL")
    with op.batch_alter_table("notifications") as batch:
        batch.drop_constraint(op.f("fk_notifications_incident_id_incidents"), type_="foreignkey")
        batch.drop_column("incident_id")
    with op.batch_alter_table("incidents") as batch:
        batch.drop_column("external_id")
        batch.drop_column("imported")
    with op.batch_alter_table("incident_types") as batch:
        batch.drop_column("alert")

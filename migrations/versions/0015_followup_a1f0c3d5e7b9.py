"""follow-up: comments, duplicates, reminders (issue 6)

Revision ID: a1f0c3d5e7b9
Revises: 934440d9997c
Create Date: 2026-11-23 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a1f0c3d5e7b9"
down_revision = "934440d9997c"
branch_labels = None
depends_on = None


# Plain ALTER TABLE on both databases: a rebuild of findings on SQLite would drop the table,
# and with foreign keys on that deletes its photos and events. SQLite cannot add a foreign key
# to an existing table through Alembic's add_column, but ALTER TABLE ADD COLUMN ... REFERENCES
# can, so the column is written out for it. Comments are history events (finding_events, kind
# 'comment'); reminders are outbox rows (notifications, kind 'reminder'): no tables of their own.


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE findings ADD COLUMN duplicate_of_id CHAR(32) "
            "CONSTRAINT fk_findings_duplicate_of_id_findings REFERENCES findings (id)"
        )
    else:
        op.add_column("findings", sa.Column("duplicate_of_id", sa.Uuid(), nullable=True))
        op.create_foreign_key(
            op.f("fk_findings_duplicate_of_id_findings"),
            "findings",
            "findings",
            ["duplicate_of_id"],
            ["id"],
        )
    op.create_index(op.f("ix_findings_duplicate_of_id"), "findings", ["duplicate_of_id"])
    op.add_column("findings", sa.Column("status_reason", sa.Text(), nullable=True))
    op.add_column("findings", sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index(op.f("ix_findings_due_date"), "findings", ["due_date"])


def downgrade():
    op.drop_index(op.f("ix_findings_due_date"), table_name="findings")
    op.drop_column("findings", "reminded_at")
    op.drop_column("findings", "status_reason")
    op.drop_index(op.f("ix_findings_duplicate_of_id"), table_name="findings")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(
            op.f("fk_findings_duplicate_of_id_findings"), "findings", type_="foreignkey"
        )
    op.drop_column("findings", "duplicate_of_id")

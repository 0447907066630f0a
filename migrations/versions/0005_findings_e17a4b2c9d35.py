"""findings and their history

Revision ID: e17a4b2c9d35
Revises: 5b90d3e81f24
Create Date: 2026-11-22 04:04:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "e17a4b2c9d35"
down_revision = "5b90d3e81f24"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "findings",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("walk_id", sa.Integer(), nullable=True),
        sa.Column("reporter_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("accuracy_m", sa.Float(), nullable=True),
        sa.Column("location_source", sa.String(length=20), nullable=True),
        sa.Column("captured_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("assigned_org_id", sa.Integer(), nullable=True),
        sa.Column("routing_reason", sa.Text(), nullable=True),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "submitted", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("photos_expected", sa.Integer(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assigned_org_id"],
            ["organisations.id"],
            name=op.f("fk_findings_assigned_org_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["category_id"], ["categories.id"], name=op.f("fk_findings_category_id_categories")
        ),
        sa.ForeignKeyConstraint(
            ["reporter_id"], ["users.id"], name=op.f("fk_findings_reporter_id_users")
        ),
        sa.ForeignKeyConstraint(["walk_id"], ["walks.id"], name=op.f("fk_findings_walk_id_walks")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_findings")),
    )
    op.create_index(op.f("ix_findings_category_id"), "findings", ["category_id"])
    op.create_index("ix_findings_lat_lon", "findings", ["lat", "lon"])
    op.create_index(
        "ix_findings_org_status", "findings", ["assigned_org_id", "status", "captured_at"]
    )
    op.create_index("ix_findings_status_captured", "findings", ["status", "captured_at"])
    op.create_index("ix_findings_reporter_updated", "findings", ["reporter_id", "updated_at"])
    op.create_index("ix_findings_walk_updated", "findings", ["walk_id", "updated_at"])
    op.create_index("ix_findings_updated", "findings", ["updated_at"])
    op.create_table(
        "finding_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("finding_id", sa.Uuid(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("from_value", sa.Text(), nullable=True),
        sa.Column("to_value", sa.Text(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_finding_events_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["finding_id"],
            ["findings.id"],
            name=op.f("fk_finding_events_finding_id_findings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finding_events")),
    )
    op.create_index(op.f("ix_finding_events_finding_id"), "finding_events", ["finding_id"])


def downgrade():
    op.drop_table("finding_events")
    op.drop_table("findings")

"""finding areas: which areas each finding lies in

Revision ID: df043c595998
Revises: 2c97294755ee
Create Date: 2026-11-23 09:04:00
"""

import sqlalchemy as sa
from alembic import op

revision = "df043c595998"
down_revision = "2c97294755ee"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "finding_areas",
        sa.Column("finding_id", sa.Uuid(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"],
            ["areas.id"],
            name=op.f("fk_finding_areas_area_id_areas"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["finding_id"],
            ["findings.id"],
            name=op.f("fk_finding_areas_finding_id_findings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("finding_id", "area_id", name=op.f("pk_finding_areas")),
    )
    op.create_index(op.f("ix_finding_areas_area_id"), "finding_areas", ["area_id"])


def downgrade():
    op.drop_table("finding_areas")

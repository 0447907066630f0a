"""places: areas and properties with owners

Revision ID: c52d7e0f4a63
Revises: 8a4e61c7d252
Create Date: 2026-11-22 04:02:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "c52d7e0f4a63"
down_revision = "8a4e61c7d252"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def bounding_box():
    return [
        sa.Column(name, sa.Float(), nullable=False)
        for name in ("min_lon", "min_lat", "max_lon", "max_lat")
    ]


def upgrade():
    op.create_table(
        "areas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("geometry", JSON, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        *bounding_box(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_areas")),
        sa.UniqueConstraint("name", name=op.f("uq_areas_name")),
    )
    op.create_table(
        "properties",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("designation", sa.String(length=200), nullable=False),
        sa.Column("owner_org_id", sa.Integer(), nullable=False),
        sa.Column("contact_emails", JSON, nullable=False),
        sa.Column("geometry", JSON, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        *bounding_box(),
        sa.ForeignKeyConstraint(
            ["owner_org_id"],
            ["organisations.id"],
            name=op.f("fk_properties_owner_org_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_properties")),
        sa.UniqueConstraint("designation", name=op.f("uq_properties_designation")),
    )
    op.create_index(op.f("ix_properties_owner_org_id"), "properties", ["owner_org_id"])
    op.create_index(
        "ix_properties_bbox", "properties", ["min_lon", "min_lat", "max_lon", "max_lat"]
    )


def downgrade():
    op.drop_table("properties")
    op.drop_table("areas")

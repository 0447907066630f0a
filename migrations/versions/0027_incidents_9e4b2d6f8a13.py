"""incidents (händelser) for the weekly EST lägesbild, and their types, seeded

The type codes are lower-case ASCII letters and "_" only ("stold_inbrott" for stöld/inbrott),
so that they are safe in URLs, query strings and CSV files as they are.

Revision ID: 9e4b2d6f8a13
Revises: 7c1e5a9b3d20
Create Date: 2026-12-07 15:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "9e4b2d6f8a13"
down_revision = "7c1e5a9b3d20"
branch_labels = None
depends_on = None

# code, Swedish, English: the types issue 14 asks for, in the order the app shows them.
TYPES = [
    ("skadegorelse", "Skadegörelse", "Vandalism"),
    ("brand", "Brand", "Fire"),
    ("ordningsstorning", "Ordningsstörning", "Public disorder"),
    ("narkotika", "Narkotika", "Drugs"),
    ("stold_inbrott", "Stöld/inbrott", "Theft or burglary"),
    ("trafik", "Trafik", "Traffic"),
    ("hot_vald", "Hot/våld", "Threats or violence"),
    ("annat", "Annat", "Other"),
]


def upgrade():
    types = op.create_table(
        "incident_types",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name_sv", sa.String(length=120), nullable=False),
        sa.Column("name_en", sa.String(length=120), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_types")),
        sa.UniqueConstraint("code", name=op.f("uq_incident_types_code")),
    )
    op.bulk_insert(
        types,
        [
            {"code": code, "name_sv": sv, "name_en": en, "active": True, "position": (i + 1) * 10}
            for i, (code, sv, en) in enumerate(TYPES)
        ],
    )
    op.create_table(
        "incidents",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("type_id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("reporter_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "submitted", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["type_id"], ["incident_types.id"], name=op.f("fk_incidents_type_id_incident_types")
        ),
        sa.ForeignKeyConstraint(
            ["reporter_id"], ["users.id"], name=op.f("fk_incidents_reporter_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_incidents_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incidents")),
    )
    op.create_index(op.f("ix_incidents_type_id"), "incidents", ["type_id"])
    op.create_index("ix_incidents_occurred", "incidents", ["occurred_at"])
    op.create_index("ix_incidents_org_occurred", "incidents", ["organisation_id", "occurred_at"])
    op.create_index("ix_incidents_reporter_occurred", "incidents", ["reporter_id", "occurred_at"])


def downgrade():
    op.drop_table("incidents")
    op.drop_table("incident_types")

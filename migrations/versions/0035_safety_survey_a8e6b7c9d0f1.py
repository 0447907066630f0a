"""safety survey: rating reasons (seeded), survey campaigns and safety ratings (issue 15)

rating_reasons is a managed list like incident_types, seeded with the eight reasons of the
brief. A safety rating holds no client address and no device id (docs/survey.md).

Revision ID: a8e6b7c9d0f1
Revises: f7d5a6b8c9e0
Create Date: 2026-12-07 20:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "a8e6b7c9d0f1"
down_revision = "f7d5a6b8c9e0"
branch_labels = None
depends_on = None

REASONS = (
    ("dalig_belysning", "Dålig belysning", "Poor lighting"),
    ("skymd_sikt", "Skymd sikt", "Blocked view"),
    ("nedskrapning", "Nedskräpning", "Litter"),
    ("klotter", "Klotter", "Graffiti"),
    ("folktomt", "Folktomt", "Deserted"),
    ("stokigt", "Stökigt", "Disorderly"),
    ("trafik", "Trafik", "Traffic"),
    ("annat", "Annat", "Other"),
)


def _json():
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade():
    reasons = op.create_table(
        "rating_reasons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name_sv", sa.String(length=120), nullable=False),
        sa.Column("name_en", sa.String(length=120), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rating_reasons")),
        sa.UniqueConstraint("code", name=op.f("uq_rating_reasons_code")),
    )
    op.create_table(
        "survey_campaigns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("intro_sv", sa.Text(), nullable=False),
        sa.Column("intro_en", sa.Text(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"],
            ["areas.id"],
            name=op.f("fk_survey_campaigns_area_id_areas"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_survey_campaigns_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_campaigns")),
        sa.UniqueConstraint("code", name=op.f("uq_survey_campaigns_code")),
    )
    op.create_index(op.f("ix_survey_campaigns_area_id"), "survey_campaigns", ["area_id"])
    op.create_table(
        "safety_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("score", sa.SmallInteger(), nullable=False),
        sa.Column("time_of_day", sa.String(length=5), nullable=False),
        sa.Column("reasons", _json(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["survey_campaigns.id"],
            name=op.f("fk_safety_ratings_campaign_id_survey_campaigns"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_ratings")),
    )
    op.create_index(op.f("ix_safety_ratings_campaign_id"), "safety_ratings", ["campaign_id"])
    op.create_index("ix_safety_ratings_created_at", "safety_ratings", ["created_at"])
    op.bulk_insert(
        reasons,
        [
            {"code": code, "name_sv": sv, "name_en": en, "active": True, "position": 10 * n}
            for n, (code, sv, en) in enumerate(REASONS, start=1)
        ],
    )


def downgrade():
    op.drop_table("safety_ratings")
    op.drop_table("survey_campaigns")
    op.drop_table("rating_reasons")

"""categories, seeded with the defaults of the walk method

Revision ID: 8a4e61c7d252
Revises: 3f1c2a9d0b11
Create Date: 2026-11-22 04:01:00
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "8a4e61c7d252"
down_revision = "3f1c2a9d0b11"
branch_labels = None
depends_on = None

# code, Swedish, English, icon, priority (1 high, 2 normal, 3 low), days to fix, radius (m)
DEFAULTS = [
    (
        "belysning",
        "Trasig/bristfällig belysning",
        "Broken or poor lighting",
        "lightbulb",
        1,
        10,
        25,
    ),
    (
        "vegetation",
        "Skymmande vegetation/sly",
        "Overgrown vegetation, blocked sight",
        "tree",
        2,
        30,
        50,
    ),
    ("klotter", "Klotter/otillåten affischering", "Graffiti or fly-posting", "spray", 2, 2, 30),
    ("nedskrapning", "Nedskräpning/dumpat avfall", "Litter or dumped waste", "trash", 2, 3, 30),
    (
        "atervinning",
        "Återvinningsstation/miljörum",
        "Recycling point or waste room",
        "recycle",
        2,
        3,
        50,
    ),
    (
        "skadegorelse",
        "Skadegörelse/glaskross",
        "Vandalism or broken glass",
        "broken-glass",
        1,
        5,
        30,
    ),
    ("brand", "Brand/brandskada", "Fire or fire damage", "flame", 1, 2, 50),
    ("gangvag", "Gångväg/framkomlighet/halka", "Path, accessibility or ice", "footpath", 2, 7, 50),
    ("tunnel", "Gångtunnel/passage", "Underpass or passage", "tunnel", 2, 10, 50),
    ("skyltning", "Skyltning/orienterbarhet", "Signage and wayfinding", "signpost", 3, 30, 50),
    ("ode_plats", "Ödslig/otrygg plats", "Deserted or unsafe place", "eye", 2, 60, 100),
    ("fordon", "Övergivet fordon/cykel", "Abandoned vehicle or bike", "bicycle", 3, 14, 20),
    ("ovrigt", "Övrigt", "Other", "dots", 3, 14, 50),
]
POSITIVE = ("trygg_plats", "Trygg plats", "A place that feels safe", "heart", 3, None, 50)


def upgrade():
    categories = op.create_table(
        "categories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name_sv", sa.String(length=120), nullable=False),
        sa.Column("name_en", sa.String(length=120), nullable=False),
        sa.Column("icon", sa.String(length=40), nullable=False),
        sa.Column("default_priority", sa.Integer(), nullable=False),
        sa.Column("target_days", sa.Integer(), nullable=True),
        sa.Column("nearby_radius_m", sa.Integer(), nullable=False),
        sa.Column("positive", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_categories")),
        sa.UniqueConstraint("code", name=op.f("uq_categories_code")),
    )
    now = datetime.now(UTC)
    rows = [*DEFAULTS, POSITIVE]
    op.bulk_insert(
        categories,
        [
            {
                "code": code,
                "name_sv": sv,
                "name_en": en,
                "icon": icon,
                "default_priority": priority,
                "target_days": days,
                "nearby_radius_m": radius,
                "positive": code == POSITIVE[0],
                "active": True,
                "sort_order": (order + 1) * 10,
                "updated_at": now,
            }
            for order, (code, sv, en, icon, priority, days, radius) in enumerate(rows)
        ],
    )


def downgrade():
    op.drop_table("categories")

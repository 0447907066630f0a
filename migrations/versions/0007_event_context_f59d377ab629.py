"""finding events: on whose behalf, through what, and structured values

Revision ID: f59d377ab629
Revises: 9c3f08a7b146
Create Date: 2026-11-23 09:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "f59d377ab629"
down_revision = "9c3f08a7b146"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade():
    # SQLite rebuilds finding_events for the foreign key; no other table refers to it, so the
    # rebuild cannot cascade anywhere.
    with op.batch_alter_table("finding_events") as batch:
        batch.add_column(sa.Column("actor_org_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("via", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("data", JSON, nullable=True))
        batch.create_foreign_key(
            op.f("fk_finding_events_actor_org_id_organisations"),
            "organisations",
            ["actor_org_id"],
            ["id"],
        )


def downgrade():
    with op.batch_alter_table("finding_events") as batch:
        batch.drop_constraint(
            op.f("fk_finding_events_actor_org_id_organisations"), type_="foreignkey"
        )
        batch.drop_column("data")
        batch.drop_column("via")
        batch.drop_column("actor_org_id")

"""owner actions: the planned date, and photos of the fix ('after')

Revision ID: 934440d9997c
Revises: 9cbe324052b4
Create Date: 2026-11-23 09:07:00
"""

import sqlalchemy as sa
from alembic import op

revision = "934440d9997c"
down_revision = "9cbe324052b4"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("findings", sa.Column("planned_for", sa.Date(), nullable=True))
    op.add_column(
        "photos",
        sa.Column("kind", sa.String(length=10), nullable=False, server_default="report"),
    )


def downgrade():
    op.drop_column("photos", "kind")
    op.drop_column("findings", "planned_for")

"""findings: the structured routing decision and whether the owner was told

Revision ID: 2c97294755ee
Revises: bbab57cf4627
Create Date: 2026-11-23 09:03:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "2c97294755ee"
down_revision = "bbab57cf4627"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade():
    # Plain ALTER TABLE on both databases. (A rebuild of findings on SQLite would drop the table,
    # and with foreign keys on that deletes its photos and events.)
    op.add_column("findings", sa.Column("routing", JSON, nullable=True))
    op.add_column("findings", sa.Column("delivery_state", sa.String(length=10), nullable=True))


def downgrade():
    op.drop_column("findings", "delivery_state")
    op.drop_column("findings", "routing")

"""photos: redaction and retention (issue 6)

Revision ID: c3d2e5a7b9d1
Revises: b2e1d4f6a8c0
Create Date: 2026-11-23 09:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "c3d2e5a7b9d1"
down_revision = "b2e1d4f6a8c0"
branch_labels = None
depends_on = None


JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade():
    # Plain ALTER TABLE on both databases: no table is rebuilt.
    op.add_column("photos", sa.Column("redacted_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("photos", sa.Column("redactions", JSON, nullable=True))
    op.add_column("photos", sa.Column("retention", sa.String(length=10), nullable=True))
    op.add_column("photos", sa.Column("retention_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    op.drop_column("photos", "retention_at")
    op.drop_column("photos", "retention")
    op.drop_column("photos", "redactions")
    op.drop_column("photos", "redacted_at")

"""notification preferences: immediate or a daily digest, for users and organisations

Revision ID: add988be57ec
Revises: df043c595998
Create Date: 2026-11-23 09:05:00
"""

import sqlalchemy as sa
from alembic import op

revision = "add988be57ec"
down_revision = "df043c595998"
branch_labels = None
depends_on = None


def upgrade():
    for table in ("organisations", "users"):
        op.add_column(
            table,
            sa.Column(
                "notify_mode", sa.String(length=10), nullable=False, server_default="immediate"
            ),
        )


def downgrade():
    for table in ("users", "organisations"):
        op.drop_column(table, "notify_mode")

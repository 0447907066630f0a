"""walks: a revision number, raised each time the time or place of a planned walk moves

Calendars match the updated invitation to the first by its UID and take the one with the
higher SEQUENCE (RFC 5545), which is this number.

Revision ID: b8c7d0f2a4e6
Revises: a7b6c9e1f3d5
Create Date: 2026-12-05 13:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "b8c7d0f2a4e6"
down_revision = "a7b6c9e1f3d5"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("walks", sa.Column("revision", sa.Integer(), nullable=False, server_default="0"))


def downgrade():
    with op.batch_alter_table("walks") as batch:
        batch.drop_column("revision")

"""routing modes: send at once, or a coordinator reviews first (per organisation and area)

Revision ID: bbab57cf4627
Revises: 8362e6d2dcdb
Create Date: 2026-11-23 09:02:00
"""

import sqlalchemy as sa
from alembic import op

revision = "bbab57cf4627"
down_revision = "8362e6d2dcdb"
branch_labels = None
depends_on = None


def upgrade():
    # Plain ALTER TABLE on both databases: no table is rebuilt.
    for table in ("organisations", "areas"):
        op.add_column(
            table,
            sa.Column("review_first", sa.Boolean(), nullable=False, server_default=sa.false()),
        )


def downgrade():
    for table in ("areas", "organisations"):
        op.drop_column(table, "review_first")

"""login_failures: an index on failed_at

Failures older than the sign-in window are deleted at every new failure; the index keeps that
from scanning every failure of the window, which an attack from many addresses makes long.
The keys the failures are counted under changed at the same time (server/accounts/limits.py);
rows under the old keys are never counted and leave with the window.

Revision ID: 4d7e9a1c3b5f
Revises: e1d9a3c5b7f2
Create Date: 2026-12-07 12:00:00
"""

from alembic import op

revision = "4d7e9a1c3b5f"
down_revision = "e1d9a3c5b7f2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_login_failures_failed_at", "login_failures", ["failed_at"])


def downgrade():
    op.drop_index("ix_login_failures_failed_at", table_name="login_failures")

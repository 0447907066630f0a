"""safety survey: rating reasons, campaigns and ratings (placeholder)

Revision ID: a8e6b7c9d0f1
Revises: f7d5a6b8c9e0
Create Date: 2026-12-07 20:00:00
"""

revision = "a8e6b7c9d0f1"
down_revision = "f7d5a6b8c9e0"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass

"""resident tips: findings from residents and their moderation (placeholder)

Revision ID: f7d5a6b8c9e0
Revises: e6c4f5a7b8d9
Create Date: 2026-12-07 20:00:00
"""

revision = "f7d5a6b8c9e0"
down_revision = "e6c4f5a7b8d9"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass

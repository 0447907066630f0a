"""incident types managed by admins

(placeholder: filled in by the change that needs it)

Revision ID: c4a2d3e5f6b7
Revises: b3f1c2d4e5a6
Create Date: 2026-12-07 17:15:00
"""

revision = "c4a2d3e5f6b7"
down_revision = "b3f1c2d4e5a6"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass

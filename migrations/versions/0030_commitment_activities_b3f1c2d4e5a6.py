"""activities counted toward commitments

(placeholder: filled in by the change that needs it)

Revision ID: b3f1c2d4e5a6
Revises: a13112511b92
Create Date: 2026-12-07 17:15:00
"""

revision = "b3f1c2d4e5a6"
down_revision = "a13112511b92"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass

"""walk tracks and 'samma sak': walk_tracks, findings.same_as_id (issue 16, items 6 and 7)

walk_tracks holds the track a walker recorded on a walk with their consent, one row per walk
and walker (the PUT is idempotent: it replaces the row), as a JSON list of points
(docs/followup-and-privacy.md says what is kept and for how long).

findings.same_as_id is the finding a reporter said theirs is the same as ('samma sak'), for the
triage queue. A plain ALTER TABLE on both databases, as 0032 does.

Revision ID: b9f7c8d0e1a2
Revises: a8e6b7c9d0f1
Create Date: 2026-12-07 20:45:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "b9f7c8d0e1a2"
down_revision = "a8e6b7c9d0f1"
branch_labels = None
depends_on = None


def _json():
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE findings ADD COLUMN same_as_id CHAR(32) "
            "CONSTRAINT fk_findings_same_as_id_findings REFERENCES findings (id)"
        )
    else:
        op.add_column("findings", sa.Column("same_as_id", sa.Uuid(), nullable=True))
        op.create_foreign_key(
            op.f("fk_findings_same_as_id_findings"),
            "findings",
            "findings",
            ["same_as_id"],
            ["id"],
        )

    op.create_table(
        "walk_tracks",
        sa.Column("walk_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("points", _json(), nullable=False),
        sa.Column("length_m", sa.Float(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["walk_id"], ["walks.id"], name=op.f("fk_walk_tracks_walk_id_walks"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_walk_tracks_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("walk_id", "user_id", name=op.f("pk_walk_tracks")),
    )
    op.create_index(op.f("ix_walk_tracks_user_id"), "walk_tracks", ["user_id"])


def downgrade():
    op.drop_index(op.f("ix_walk_tracks_user_id"), table_name="walk_tracks")
    op.drop_table("walk_tracks")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f("fk_findings_same_as_id_findings"), "findings", type_="foreignkey")
    op.drop_column("findings", "same_as_id")

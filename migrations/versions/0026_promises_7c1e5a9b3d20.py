"""promises: the medborgarlöfte, its parties, commitments, tertial comments and insatser;
walks.commitment_id (issue 14)

walks.commitment_id is a plain ALTER TABLE on both databases: a rebuild of walks on SQLite
would drop the table, and with foreign keys on that deletes its participants and invitations.
SQLite cannot add a foreign key through Alembic's add_column, so the column is written out for
it, as 0015 does for findings; without ON DELETE, which SQLAlchemy does not read back from an
inline constraint on SQLite (a commitment that walks were done for is not deleted).

Revision ID: 7c1e5a9b3d20
Revises: fdd4d06af60e
Create Date: 2026-12-07 15:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "7c1e5a9b3d20"
down_revision = "fdd4d06af60e"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _user_fk(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["users.id"], name=op.f(f"fk_{table}_{column}_users"), ondelete="SET NULL"
    )


def upgrade():
    op.create_table(
        "promises",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=True),
        sa.Column("focus_areas", JSON, nullable=False),
        sa.Column("public_token", sa.String(length=64), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"], ["areas.id"], name=op.f("fk_promises_area_id_areas"), ondelete="SET NULL"
        ),
        _user_fk("promises", "created_by_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_promises")),
        sa.UniqueConstraint("public_token", name=op.f("uq_promises_public_token")),
    )
    op.create_index(op.f("ix_promises_area_id"), "promises", ["area_id"])

    op.create_table(
        "promise_parties",
        sa.Column("promise_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["promise_id"],
            ["promises.id"],
            name=op.f("fk_promise_parties_promise_id_promises"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_promise_parties_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("promise_id", "organisation_id", name=op.f("pk_promise_parties")),
    )
    op.create_index(
        op.f("ix_promise_parties_organisation_id"), "promise_parties", ["organisation_id"]
    )

    op.create_table(
        "commitments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("promise_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("planned_per_tertial", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["promise_id"],
            ["promises.id"],
            name=op.f("fk_commitments_promise_id_promises"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitments")),
    )
    op.create_index(op.f("ix_commitments_promise_id"), "commitments", ["promise_id"])

    op.create_table(
        "commitment_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("tertial", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("written_by_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitments.id"],
            name=op.f("fk_commitment_comments_commitment_id_commitments"),
            ondelete="CASCADE",
        ),
        _user_fk("commitment_comments", "written_by_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitment_comments")),
        sa.UniqueConstraint(
            "commitment_id", "year", "tertial", name=op.f("uq_commitment_comments_commitment_id")
        ),
    )

    op.create_table(
        "insatser",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=300), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitments.id"],
            name=op.f("fk_insatser_commitment_id_commitments"),
            ondelete="CASCADE",
        ),
        _user_fk("insatser", "created_by_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_insatser")),
    )
    op.create_index(op.f("ix_insatser_commitment_id"), "insatser", ["commitment_id"])
    op.create_index(op.f("ix_insatser_date"), "insatser", ["date"])

    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE walks ADD COLUMN commitment_id INTEGER "
            "CONSTRAINT fk_walks_commitment_id_commitments REFERENCES commitments (id)"
        )
    else:
        op.add_column("walks", sa.Column("commitment_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            op.f("fk_walks_commitment_id_commitments"),
            "walks",
            "commitments",
            ["commitment_id"],
            ["id"],
        )
    op.create_index(op.f("ix_walks_commitment_id"), "walks", ["commitment_id"])


def downgrade():
    op.drop_index(op.f("ix_walks_commitment_id"), table_name="walks")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f("fk_walks_commitment_id_commitments"), "walks", type_="foreignkey")
    op.drop_column("walks", "commitment_id")
    op.drop_index(op.f("ix_insatser_date"), table_name="insatser")
    op.drop_index(op.f("ix_insatser_commitment_id"), table_name="insatser")
    op.drop_table("insatser")
    op.drop_table("commitment_comments")
    op.drop_index(op.f("ix_commitments_promise_id"), table_name="commitments")
    op.drop_table("commitments")
    op.drop_index(op.f("ix_promise_parties_organisation_id"), table_name="promise_parties")
    op.drop_table("promise_parties")
    op.drop_index(op.f("ix_promises_area_id"), table_name="promises")
    op.drop_table("promises")

"""commitment_activities: the ledger of what counts toward a commitment; est_actions and
est_rounds.commitment_id (issue 14)

One row per activity that counts toward a commitment of a medborgarlöfte, on the local day it
counts (server/promises/ledger.py): a closed walk, a round, an insats. Backfilled from the
closed walks planned for a commitment (on the local day they started, or were planned to) and
from the insatser; no round had a commitment before this revision.

The two commitment_id columns are plain ALTER TABLEs on both databases, as walks.commitment_id
in 0026: a rebuild on SQLite would drop the tables, and with foreign keys on that deletes the
rounds of the actions. Without ON DELETE, as there: a commitment something refers to is not
deleted (promises.service._in_use).

Revision ID: b3f1c2d4e5a6
Revises: a13112511b92
Create Date: 2026-12-07 17:15:00
"""

from datetime import UTC
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op
from flask import current_app, has_app_context

revision = "b3f1c2d4e5a6"
down_revision = "a13112511b92"
branch_labels = None
depends_on = None

COLUMNS = (("est_actions", "commitment_id"), ("est_rounds", "commitment_id"))

walks = sa.table(
    "walks",
    sa.column("id", sa.Integer()),
    sa.column("title", sa.String()),
    sa.column("status", sa.String()),
    sa.column("commitment_id", sa.Integer()),
    sa.column("started_at", sa.DateTime(timezone=True)),
    sa.column("planned_start", sa.DateTime(timezone=True)),
)
insatser = sa.table(
    "insatser",
    sa.column("id", sa.Integer()),
    sa.column("commitment_id", sa.Integer()),
    sa.column("date", sa.Date()),
    sa.column("place", sa.String()),
)


def upgrade():
    activities = op.create_table(
        "commitment_activities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("source_id", sa.String(length=36), nullable=False),
        sa.Column("counts_on", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitments.id"],
            name=op.f("fk_commitment_activities_commitment_id_commitments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitment_activities")),
        sa.UniqueConstraint("kind", "source_id", name="uq_commitment_activities_source"),
    )
    op.create_index(
        "ix_commitment_activities_commitment_on",
        "commitment_activities",
        ["commitment_id", "counts_on"],
    )
    for table, column in COLUMNS:
        _add_commitment_column(table, column)
    op.bulk_insert(activities, _closed_walks() + _insatser())


def _add_commitment_column(table: str, column: str) -> None:
    constraint = f"fk_{table}_{column}_commitments"
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN {column} INTEGER "
            f"CONSTRAINT {constraint} REFERENCES commitments (id)"
        )
    else:
        op.add_column(table, sa.Column(column, sa.Integer(), nullable=True))
        op.create_foreign_key(op.f(constraint), table, "commitments", [column], ["id"])
    op.create_index(op.f(f"ix_{table}_{column}"), table, [column])


def _zone() -> ZoneInfo:
    name = current_app.config["LYKTA_TIMEZONE"] if has_app_context() else "Europe/Stockholm"
    return ZoneInfo(name)


def _closed_walks() -> list[dict]:
    zone = _zone()
    rows = op.get_bind().execute(
        sa.select(
            walks.c.id,
            walks.c.title,
            walks.c.commitment_id,
            walks.c.started_at,
            walks.c.planned_start,
        ).where(walks.c.status == "avslutad", walks.c.commitment_id.is_not(None))
    )
    found = []
    for walk_id, title, commitment_id, started_at, planned_start in rows:
        began = started_at or planned_start
        if began.tzinfo is None:  # SQLite keeps UTC without its offset
            began = began.replace(tzinfo=UTC)
        found.append(
            {
                "commitment_id": commitment_id,
                "kind": "walk",
                "source_id": str(walk_id),
                "counts_on": began.astimezone(zone).date(),
                "title": (title or "")[:300],
            }
        )
    return found


def _insatser() -> list[dict]:
    rows = op.get_bind().execute(
        sa.select(insatser.c.id, insatser.c.commitment_id, insatser.c.date, insatser.c.place)
    )
    return [
        {
            "commitment_id": commitment_id,
            "kind": "insats",
            "source_id": str(insats_id),
            "counts_on": day,
            "title": (place or "")[:300],
        }
        for insats_id, commitment_id, day, place in rows
    ]


def downgrade():
    for table, column in reversed(COLUMNS):
        op.drop_index(op.f(f"ix_{table}_{column}"), table_name=table)
        if op.get_bind().dialect.name != "sqlite":
            constraint = op.f(f"fk_{table}_{column}_commitments")
            op.drop_constraint(constraint, table, type_="foreignkey")
        op.drop_column(table, column)
    op.drop_index("ix_commitment_activities_commitment_on", table_name="commitment_activities")
    op.drop_table("commitment_activities")

"""Migration 0030 fills the ledger from what was stored before it: the closed walks planned for
a commitment count on the local day they started (or were planned to start, when closed
without being started), the insatser on their date; walks not closed, or for no commitment,
count nothing. Downgraded again, the ledger goes and nothing else does."""

from datetime import UTC, date, datetime

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from server import create_app
from server.extensions import db
from tests.databases import DATABASES, forget_database, new_database_url

BEFORE = "a13112511b92"
LEDGER = "b3f1c2d4e5a6"
NOW = datetime(2026, 11, 20, 17, tzinfo=UTC)


@pytest.fixture(params=DATABASES)
def old_app(request, tmp_path):
    url = new_database_url(request.param, tmp_path)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "LYKTA_MEDIA_DIR": str(tmp_path / "m")})
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    forget_database(url)


def insert(connection, sql: str, **values) -> None:
    connection.execute(text(sql), {"now": NOW, **values})


def walk(connection, title: str, status: str, commitment, planned, started=None) -> None:
    insert(
        connection,
        "INSERT INTO walks (type, title, description, planned_start, status, created_at, "
        "updated_at, meeting_point, summary, revision, started_at, commitment_id) VALUES "
        "('trygghetsvandring', :title, '', :planned, :status, :now, :now, '', '', 0, :started, "
        ":commitment)",
        title=title,
        status=status,
        commitment=commitment,
        planned=planned,
        started=started,
    )


def store_the_old_data(connection) -> None:
    insert(
        connection,
        "INSERT INTO promises (title, starts_on, ends_on, focus_areas, public_token, "
        "created_at, updated_at) VALUES ('Medborgarlöfte Vaggeryd', :first, :last, '[]', 'k', "
        ":now, :now)",
        first=date(2026, 1, 1),
        last=date(2026, 12, 31),
    )
    for position, kind in enumerate(("trygghetsvandring", "insats")):
        insert(
            connection,
            "INSERT INTO commitments (promise_id, position, text, kind, planned_per_tertial) "
            "VALUES (1, :position, :text, :kind, 2)",
            position=position,
            text=kind.capitalize(),
            kind=kind,
        )
    # Started at 23:30 UTC on 30 April: 1 May in Stockholm.
    walk(
        connection,
        "Vandring i maj",
        "avslutad",
        1,
        datetime(2026, 4, 30, 16, tzinfo=UTC),
        datetime(2026, 4, 30, 22, 30, tzinfo=UTC),
    )
    # Closed without being started (before closing set started_at): its planned start counts.
    walk(connection, "Vandring i mars", "avslutad", 1, datetime(2026, 3, 12, 17, tzinfo=UTC))
    walk(connection, "Pågående", "pågår", 1, datetime(2026, 3, 13, 17, tzinfo=UTC))
    walk(connection, "Utan löfte", "avslutad", None, datetime(2026, 3, 14, 17, tzinfo=UTC))
    insert(
        connection,
        "INSERT INTO insatser (commitment_id, date, place, result, at) VALUES "
        "(2, :day, 'Storgatan', 'Hastighetskontroll', :now)",
        day=date(2026, 4, 30),
    )


def ledger(connection) -> list[tuple]:
    rows = connection.execute(
        text(
            "SELECT commitment_id, kind, source_id, counts_on, title FROM commitment_activities "
            "ORDER BY kind, source_id"
        )
    )
    return [(c, kind, source, str(day), title) for c, kind, source, day, title in rows]


def test_the_ledger_is_filled_from_the_closed_walks_and_the_insatser(old_app):
    with old_app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as connection:
            store_the_old_data(connection)
        upgrade(revision=LEDGER)
        with db.engine.connect() as connection:
            assert ledger(connection) == [
                (2, "insats", "1", "2026-04-30", "Storgatan"),
                (1, "walk", "1", "2026-05-01", "Vandring i maj"),
                (1, "walk", "2", "2026-03-12", "Vandring i mars"),
            ]
        downgrade(revision=BEFORE)
        with db.engine.connect() as connection:
            walks = connection.execute(text("SELECT count(*) FROM walks")).scalar()
            insatser = connection.execute(text("SELECT count(*) FROM insatser")).scalar()
            tables = db.inspect(connection).get_table_names()
        assert (walks, insatser) == (4, 1)
        assert "commitment_activities" not in tables
        db.session.remove()

"""The routing migrations keep what is already stored: a database with findings, photos and
their history from before routing is upgraded and downgraded again without losing a row.
(On SQLite a table rebuild with foreign keys on would delete the rows that refer to it.)"""

import uuid
from datetime import UTC, datetime

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from server import create_app
from server.extensions import db
from tests.databases import DATABASES, forget_database, new_database_url

BEFORE_ROUTING = "9c3f08a7b146"


@pytest.fixture(params=DATABASES)
def old_app(request, tmp_path):
    url = new_database_url(request.param, tmp_path)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "LYKTA_MEDIA_DIR": str(tmp_path / "m")})
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    forget_database(url)


def counts(connection) -> dict:
    return {
        table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()  # noqa: S608
        for table in ("findings", "finding_events", "photos", "users", "organisations")
    }


def test_stored_findings_photos_and_history_survive_the_routing_migrations(old_app):
    now = datetime(2026, 11, 20, 17, tzinfo=UTC)
    finding_id, photo_id = uuid.uuid4(), uuid.uuid4()
    with old_app.app_context():
        upgrade(revision=BEFORE_ROUTING)
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO organisations (name, kind, created_at) "
                    "VALUES ('AB Väsbyhem', 'bostadsbolag', :now)"
                ),
                {"now": now},
            )
            connection.execute(
                text(
                    "INSERT INTO users (email, name, organisation_id, role, active, locale, "
                    "created_at) VALUES ('a@b.se', 'A', 1, 'reporter', true, 'sv', :now)"
                ),
                {"now": now},
            )
            connection.execute(
                text(
                    "INSERT INTO findings (id, reporter_id, category_id, note, captured_at, "
                    "received_at, updated_at, status, priority, version, submitted, "
                    "photos_expected, complete) VALUES (:id, 1, 1, 'n', :now, :now, :now, 'ny', "
                    "2, 1, '{}', 1, true)"
                ),
                {"id": finding_id if old_app_is_pg() else finding_id.hex, "now": now},
            )
            connection.execute(
                text(
                    "INSERT INTO finding_events (finding_id, actor_id, at, kind, to_value) "
                    "VALUES (:id, 1, :now, 'created', 'ny')"
                ),
                {"id": finding_id if old_app_is_pg() else finding_id.hex, "now": now},
            )
            connection.execute(
                text(
                    "INSERT INTO photos (id, finding_id, sha256, upload_bytes, upload_type, "
                    "storage_key, thumbnail_key, width, height, thumbnail_width, "
                    "thumbnail_height, stored_bytes, created_at) VALUES (:p, :f, 'x', 1, "
                    "'image/jpeg', 'a/b/c.jpg', 'a/b/d.jpg', 1, 1, 1, 1, 1, :now)"
                ),
                {
                    "p": photo_id if old_app_is_pg() else photo_id.hex,
                    "f": finding_id if old_app_is_pg() else finding_id.hex,
                    "now": now,
                },
            )
            stored = counts(connection)
        upgrade()
        with db.engine.connect() as connection:
            assert counts(connection) == stored
            kind = connection.execute(text("SELECT kind FROM photos")).scalar()
            assert kind == "report"
        downgrade(revision=BEFORE_ROUTING)
        with db.engine.connect() as connection:
            assert counts(connection) == stored


def old_app_is_pg() -> bool:
    return db.engine.dialect.name == "postgresql"

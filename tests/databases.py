"""The test databases: SQLite in a temporary folder, or a fresh database on the PostgreSQL
server (one per run, dropped at the end). LYKTA_TEST_DATABASES=sqlite (or postgresql) runs
one of them only."""

import os
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from sqlalchemy import insert, text
from sqlalchemy.engine import make_url

from server.categories.models import Category
from server.extensions import db
from server.incidents.models import IncidentType
from server.survey.models import RatingReason

POSTGRES_ADMIN_URL = os.environ.get(
    "LYKTA_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test"
)
DATABASES = os.environ.get("LYKTA_TEST_DATABASES", "sqlite,postgresql").split(",")


@dataclass
class TestDatabase:
    kind: str
    url: str
    media_dir: Path
    categories: list[dict]  # as the migrations seeded them, restored after every test
    incident_types: list[dict] = field(default_factory=list)  # the same
    rating_reasons: list[dict] = field(default_factory=list)  # the same

    def config(self, **overrides) -> dict:
        return {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": self.url,
            "LYKTA_MEDIA_DIR": str(self.media_dir),
            "LYKTA_CHEAP_PASSWORD_HASH": True,
            "LYKTA_SECURE_COOKIES": False,
            "SECRET_KEY": "test-secret",
            # Tests empty the database between them: the routing index checks it every time.
            "LYKTA_ROUTING_REFRESH_SECONDS": 0,
            **overrides,
        }


def create_postgres_database(prefix: str = "lykta_test") -> str:
    """A new, empty database on the PostgreSQL server; the URL to reach it."""
    name = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    url = make_url(POSTGRES_ADMIN_URL).set(drivername="postgresql+psycopg", database=name)
    return url.render_as_string(hide_password=False)


def drop_postgres_database(url: str) -> None:
    name = make_url(url).database
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def new_database_url(kind: str, folder: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{folder / 'lykta.sqlite'}"
    if kind == "postgresql":
        return create_postgres_database()
    raise ValueError(f"unknown test database {kind!r}")


def forget_database(url: str) -> None:
    if url.startswith("postgresql"):
        drop_postgres_database(url)


def empty_database(test_database: TestDatabase) -> None:
    """Back to the state right after the migrations: no rows but the seeded categories,
    incident types and rating reasons."""
    tables = db.metadata.sorted_tables
    if test_database.kind == "postgresql":
        names = ", ".join(f'"{table.name}"' for table in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in reversed(tables):
            db.session.execute(table.delete())
    db.session.execute(insert(Category.__table__), test_database.categories)
    db.session.execute(insert(IncidentType.__table__), test_database.incident_types)
    db.session.execute(insert(RatingReason.__table__), test_database.rating_reasons)
    if test_database.kind == "postgresql":
        db.session.execute(
            text(
                "SELECT setval(pg_get_serial_sequence('categories', 'id'), max(id)) FROM categories"
            )
        )
        db.session.execute(
            text(
                "SELECT setval(pg_get_serial_sequence('incident_types', 'id'), max(id)) "
                "FROM incident_types"
            )
        )
        db.session.execute(
            text(
                "SELECT setval(pg_get_serial_sequence('rating_reasons', 'id'), max(id)) "
                "FROM rating_reasons"
            )
        )
    db.session.commit()
    shutil.rmtree(test_database.media_dir, ignore_errors=True)
    test_database.media_dir.mkdir()

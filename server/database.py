"""Column types and helpers shared by every resource's models."""

import uuid
from datetime import UTC, datetime

from sqlalchemy import JSON, DateTime, TypeDecorator, event
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Engine


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_uuid() -> uuid.UUID:
    return uuid.uuid4()


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes on every database (SQLite forgets the offset otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; give an offset")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def install_sqlite_tuning() -> None:
    """Make the embedded SQLite database behave under a threaded server.

    Every transaction starts with BEGIN IMMEDIATE: a deferred transaction that reads and then
    writes fails at once with 'database is locked' when another writer got in between, while an
    immediate one waits its turn (busy_timeout). Reads are serialised too, which is the price of
    the embedded default; PostgreSQL is the production database.
    """
    if not event.contains(Engine, "connect", _sqlite_connect):
        event.listen(Engine, "connect", _sqlite_connect)
        event.listen(Engine, "begin", _sqlite_begin)


def _is_sqlite(dbapi_connection) -> bool:
    return type(dbapi_connection).__module__ == "sqlite3"


def _sqlite_connect(dbapi_connection, connection_record):
    if not _is_sqlite(dbapi_connection):
        return
    dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself, see below
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection):
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def json_type():
    """JSON everywhere, stored as JSONB on PostgreSQL."""
    return JSON().with_variant(JSONB(), "postgresql")


# Indexes that only PostgreSQL has, made by migrations from expressions the models do not
# describe (a GiST index on point(lon, lat)); model-to-database comparisons leave them out.
POSTGRESQL_ONLY_INDEXES = frozenset({"ix_findings_location"})


def compared_by_alembic(object_, name, type_, reflected, compare_to) -> bool:
    return not (type_ == "index" and name in POSTGRESQL_ONLY_INDEXES)

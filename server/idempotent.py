"""The idempotent PUT that phones replay (findings, incidents, rounds at hot spots, a follow-up
walk's marks).

The phone chooses the row's id and may send the same PUT again hours or weeks later. The first
body is kept (`submitted`); the same body again is a replay, another body a conflict that says
which fields differ. The primary key makes two PUTs arriving at the same moment store one row.
"""

from collections.abc import Callable, Iterable
from typing import TypeVar

from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

from server.extensions import db

Row = TypeVar("Row")


def add_once(row: Row, replay: Callable[[Row], Row]) -> tuple[Row, bool]:
    """Store the new row; returns it and True. When the same PUT arrived twice at once and the
    other one won, this one is its replay: `replay(the stored row)` and False."""
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        key = tuple(inspect(type(row)).primary_key_from_instance(row))
        existing = db.session.get(type(row), key, populate_existing=True)
        if existing is None:
            raise
        return replay(existing), False
    return row, True


def differing_fields(stored: dict, submitted: dict, fields: Iterable[str]) -> list[str]:
    """The fields of a replayed body that differ from what was stored first."""
    return [field for field in fields if stored.get(field) != submitted[field]]

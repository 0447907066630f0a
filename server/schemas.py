"""What every schema that reads a request builds on: the base class and field helpers."""

from collections.abc import Mapping
from datetime import UTC

import marshmallow as ma


class InputSchema(ma.Schema):
    """Refuses text containing NUL characters: no field has a use for them, and PostgreSQL
    cannot store them, so they would otherwise end as a server error."""

    @ma.pre_load
    def refuse_nul_characters(self, data, **kwargs):
        if isinstance(data, Mapping):
            problems = {
                key: ["Text may not contain NUL characters."]
                for key, value in data.items()
                if _contains_nul(value)
            }
            if problems:
                raise ma.ValidationError(problems)
        return data


def _contains_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, Mapping):
        return any(_contains_nul(key) or _contains_nul(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(_contains_nul(item) for item in value)
    return False


MAX_ID = 2**31 - 1  # an INTEGER column on every database


def IdField(**kwargs) -> ma.fields.Integer:
    """The id of a stored object: a positive 32-bit integer, so that an absurd number is a 422
    rather than an error from the database."""
    return ma.fields.Integer(validate=ma.validate.Range(1, MAX_ID), **kwargs)


def MomentField(**kwargs) -> ma.fields.AwareDateTime:
    """A point in time with an offset, within the years any finding can be from; extreme values
    would otherwise overflow when turned into UTC."""
    return ma.fields.AwareDateTime(validate=_plausible_moment, **kwargs)


def _plausible_moment(value) -> None:
    try:
        year = value.astimezone(UTC).year
    except OverflowError:
        year = value.year
    if not 2000 <= year <= 2999:
        raise ma.ValidationError("The time is not plausible.")

"""What every schema that reads a request builds on: the base class and field helpers."""

import re
from collections.abc import Mapping
from datetime import UTC

import marshmallow as ma

# Halves of a UTF-16 surrogate pair: JSON can spell one alone ("\ud800"), but it is no
# character, and neither UTF-8 nor any database can store it.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


class InputSchema(ma.Schema):
    """Refuses text containing NUL characters or lone surrogates, anywhere in the input: no
    field has a use for them, and the databases cannot store them (PostgreSQL no NUL, neither
    a surrogate), so they would otherwise end as a server error."""

    @ma.pre_load
    def refuse_unstorable_text(self, data, **kwargs):
        if isinstance(data, Mapping):
            problems = {}
            for key, value in data.items():
                problem = unstorable(key) or unstorable(value)
                if problem:
                    problems[key] = [problem]
            if problems:
                raise ma.ValidationError(problems)
        return data


def unstorable(value) -> str | None:
    """What is wrong with the text in the value (keys included, at any depth), if anything.
    A loop rather than recursion: quicker on a large body, and no depth to run out of."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return "Text may not contain NUL characters."
            if _SURROGATE.search(item):
                return "Text may not contain a lone surrogate (\\ud800–\\udfff)."
        elif isinstance(item, Mapping):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list | tuple):
            pending.extend(item)
    return None


class JsonBoolean(ma.fields.Boolean):
    """JSON true or false, not 0, 1 or "yes" (the document says boolean)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


class OneLine(ma.validate.Validator):
    """Text that stays on one line: a title, a name, a meeting point. They end up in email
    subjects and calendar files, where a line break (of any of the kinds Python and mail
    programs know: CR, LF, VT, FF, NEL, U+2028...) would begin a new header or property; no
    control character has a use there either. `regex` also becomes the field's pattern in
    the OpenAPI document (\\u escapes, which both Python and JSON Schema read)."""

    regex = re.compile(r"^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]*$")
    error = "Write it on one line, without control characters."

    def __call__(self, value: str) -> str:
        if not self.regex.fullmatch(value):  # fullmatch: $ alone would let a final LF through
            raise ma.ValidationError(self.error)
        return value


def OneLineField(*, validate=(), **kwargs) -> ma.fields.String:
    """A string field for one line of text (see OneLine), with any further validators."""
    more = [validate] if callable(validate) else list(validate)
    return ma.fields.String(validate=[OneLine(), *more], **kwargs)


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

"""Opaque paging cursors: a little JSON, base64-encoded, checked on the way back in."""

import base64
import binascii
import json

import marshmallow as ma

from server import patterns
from server.errors import ValidationFailed


def parameter() -> ma.fields.String:
    """The `cursor` query parameter of a paged list, as the document describes it."""
    return ma.fields.String(
        validate=ma.validate.Length(max=500),
        metadata={
            "pattern": patterns.CURSOR,
            "description": "The next_cursor of the page before, as it was given (422 otherwise)",
        },
    )


def encode(value) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode()


def decode(cursor: str, parse):
    """parse(value) turns the decoded JSON into what the caller needs; any error in either
    step means the cursor was not one this server gave out."""
    try:
        return parse(json.loads(base64.urlsafe_b64decode(cursor.encode())))
    except (ValueError, TypeError, KeyError, IndexError, binascii.Error, UnicodeDecodeError):
        raise ValidationFailed(errors={"cursor": ["Not a cursor this server gave out."]}) from None

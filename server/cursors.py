"""Opaque paging cursors: a little JSON, base64-encoded, checked on the way back in."""

import base64
import binascii
import json

from server.errors import ValidationFailed


def encode(value) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode()


def decode(cursor: str, parse):
    """parse(value) turns the decoded JSON into what the caller needs; any error in either
    step means the cursor was not one this server gave out."""
    try:
        return parse(json.loads(base64.urlsafe_b64decode(cursor.encode())))
    except (ValueError, TypeError, KeyError, IndexError, binascii.Error, UnicodeDecodeError):
        raise ValidationFailed(errors={"cursor": ["Not a cursor this server gave out."]}) from None

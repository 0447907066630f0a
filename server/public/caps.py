"""The size cap on what anyone may send without an account.

A public JSON body (a tip, a rating) is a few hundred bytes; one over MAX_JSON_BYTES is refused
with 413 before anything reads it: werkzeug checks Content-Length against the request's
max_content_length as the body is first touched (and stops a chunked body at it), whichever
hook or view touches it first. Photos are raw bytes and stay under MAX_CONTENT_LENGTH
(LYKTA_MAX_UPLOAD_BYTES), as for staff.
"""

from flask import Request

# The routes anyone may send to without an account.
PREFIX = "/api/v1/public/"
MAX_JSON_BYTES = 64 * 1024


class CappedRequest(Request):
    """Flask's request, whose cap is MAX_JSON_BYTES for a JSON body sent to a public route."""

    @property
    def max_content_length(self) -> int | None:
        limit = Request.max_content_length.fget(self)
        if self.is_json and self.path.startswith(PREFIX):
            return MAX_JSON_BYTES if limit is None else min(limit, MAX_JSON_BYTES)
        return limit

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        Request.max_content_length.fset(self, value)

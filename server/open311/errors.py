"""GeoReport's own error shape, in one language.

GeoReport answers errors as an array of {code, description} (XML: <errors><error>), not the
API's {code, message}. Every description is an English template (the key of
server/translations/sv.json) filled in and translated by server/i18n.py: Swedish by default,
English with `Accept-Language: en` or when the key's user chose English. A value a client sent
is filled in after translation, so it never changes which text is chosen.
"""

from werkzeug.exceptions import HTTPException

from server.errors import HTTP_ERRORS, ApiError
from server.i18n import translate


class Open311Error(Exception):
    """An error in GeoReport's shape: the HTTP status and a template with {placeholders}."""

    def __init__(self, status: int, text: str, **values):
        super().__init__(text.format(**values) if values else text)
        self.status = status
        self.text = text
        self.values = values

    @property
    def description(self) -> str:
        return translate(self.text, **self.values)


def describe_api_error(error: ApiError) -> str:
    """The API's error (sign-in, permission, a field the request check refused) as one text."""
    description = translate(error.text, **error.values)
    if error.errors:
        details = "; ".join(
            f"{field}: {_problems(problems)}" for field, problems in error.errors.items()
        )
        description = f"{description} {details}"
    return description


def _problems(problems) -> str:
    if isinstance(problems, list):
        return " ".join(translate(str(problem)) for problem in problems)
    if isinstance(problems, dict):
        return " ".join(_problems(value) for value in problems.values())
    return translate(str(problems))


def describe_http_error(error: HTTPException) -> str:
    """Werkzeug's errors (a method not allowed, a body too large) in the same words as the
    API's, translated."""
    status = error.code or 500
    _, message = HTTP_ERRORS.get(status, (None, "The request failed ({status})."))
    return translate(message, status=status) if "{status}" in message else translate(message)

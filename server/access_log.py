"""The access log of `lykta serve`: one line a request, with no secret in it.

Secrets travel in URLs in three places: an Open311 client's `api_key` in the query string, an
owner's signed link (/owner/<finding>/<token>), which also comes back as the Referer of the
pages it opens, and Open311's signed photo links (/open311/v2/media/<token>.jpg). All are
replaced by [redacted] before the line is written, as are query parameters whose names say they
carry a secret.
"""

import logging
import re
import time
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlencode

SECRET_PARAMETERS = {"api_key", "key", "token", "access_token", "password", "secret", "sig"}
SIGNED_LINK = re.compile(r"(/owner/[^/?#]+/|/open311/v2/media/)[^/?#]+")
REDACTED = "[redacted]"

logger = logging.getLogger("gunicorn.access")  # gunicorn writes it where --access-logfile says


def redact(url: str) -> str:
    """The URL (a path with its query string, or a whole address) without its secrets."""
    path, separator, query = url.partition("?")
    path = SIGNED_LINK.sub(rf"\1{REDACTED}", path)
    if not separator:
        return path
    pairs = [
        (name, REDACTED if name.lower() in SECRET_PARAMETERS else value)
        for name, value in parse_qsl(query, keep_blank_values=True)
    ]
    return f"{path}?{urlencode(pairs, safe='[]/')}"


class AccessLog:
    """WSGI middleware: the client, the request, the status, the bytes and the time taken."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        started = time.monotonic()
        answer = {}

        def remember_status(status, headers, exc_info=None):
            answer["status"] = status.split(" ", 1)[0]
            return start_response(status, headers, exc_info)

        sent = 0
        try:
            for chunk in self.app(environ, remember_status):
                sent += len(chunk)
                yield chunk
        finally:
            logger.info(_line(environ, answer.get("status", "-"), sent, started))


def _line(environ: dict, status: str, sent: int, started: float) -> str:
    target = environ.get("PATH_INFO", "")
    if environ.get("QUERY_STRING"):
        target += "?" + environ["QUERY_STRING"]
    request = f"{environ.get('REQUEST_METHOD')} {redact(target)} {environ.get('SERVER_PROTOCOL')}"
    referer = redact(environ.get("HTTP_REFERER", "-"))
    agent = environ.get("HTTP_USER_AGENT", "-")
    request, referer, agent = (_printable(text) for text in (request, referer, agent))
    moment = datetime.now(UTC).strftime("%d/%b/%Y:%H:%M:%S %z")
    seconds = time.monotonic() - started
    return (
        f'{environ.get("REMOTE_ADDR", "-")} - - [{moment}] "{request}" {status} {sent} '
        f'"{referer}" "{agent}" {seconds:.3f}'
    )


def _printable(text: str) -> str:
    """Control characters and quotes escaped, so that no request can forge a line of the log."""
    return "".join(
        char if char.isprintable() and char != '"' else f"\\x{ord(char):02x}" for char in text
    )

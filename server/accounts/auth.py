"""Who is calling: a bearer token (scripts, other systems) or the PWA's session cookie.

Every request looks the credential up again, so that a disabled user or a revoked token stops
working at once. Writes made with the cookie must carry the session's CSRF token in a header,
which a page on another site cannot read or send.
"""

import hmac
from datetime import timedelta

from flask import current_app, g, request

from server.accounts.models import ApiToken, TokenKind, User
from server.accounts.service import find_token
from server.database import utcnow
from server.errors import ApiError, Unauthorized
from server.extensions import db

SESSION_COOKIE = "lykta_session"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Writing last_used_at on every request would turn every read into a write.
TOUCH_INTERVAL = timedelta(minutes=5)


class CsrfFailed(ApiError):
    status, code = 403, "csrf_failed"
    message = "The request lacks a valid CSRF token. Reload the page and try again."


def current_user() -> User | None:
    if "user" not in g:
        token = _token_from_request()
        g.token = token
        g.user = token.user if token else None
    return g.user


def current_token() -> ApiToken | None:
    current_user()
    return g.token


def _token_from_request() -> ApiToken | None:
    now = utcnow()
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise Unauthorized("Use 'Authorization: Bearer <token>'.")
        token = find_token(secret.strip(), TokenKind.API, now)
        if token is None:
            raise Unauthorized("The token is unknown, revoked or expired.")
    else:
        secret = request.cookies.get(SESSION_COOKIE)
        if not secret:
            return None
        token = find_token(secret, TokenKind.SESSION, now)
        if token is None:
            return None
        if request.method not in SAFE_METHODS:
            _check_csrf(token)
    _touch(token, now)
    return token


def _check_csrf(token: ApiToken) -> None:
    sent = request.headers.get(CSRF_HEADER, "")
    if not sent or not hmac.compare_digest(sent, token.csrf_token or ""):
        raise CsrfFailed()


def _touch(token: ApiToken, now) -> None:
    if token.last_used_at is not None and now - token.last_used_at < TOUCH_INTERVAL:
        return
    token.last_used_at = now
    if token.kind == TokenKind.SESSION:
        # A session lasts as long as it is used: weeks of walks without signing in again.
        token.expires_at = now + timedelta(days=current_app.config["LYKTA_SESSION_DAYS"])
        g.renew_session_cookie = True
    db.session.commit()

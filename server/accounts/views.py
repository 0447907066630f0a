from flask import after_this_request, current_app, g, request
from flask_smorest import Blueprint

from server.accounts import limits, service
from server.accounts.auth import SESSION_COOKIE, current_token, current_user
from server.accounts.models import TokenKind, User
from server.accounts.policy import public, require
from server.accounts.schemas import (
    CredentialsSchema,
    ProfileUpdateSchema,
    SessionSchema,
    TokenRequestSchema,
    TokenSchema,
)
from server.extensions import db

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="Sign-in and tokens")


@blp.post("/token")
@public
@blp.arguments(TokenRequestSchema)
@blp.response(201, TokenSchema)
def create_token(credentials):
    """Exchange email and password for a bearer token (for scripts and other systems)."""
    user = _check_credentials(credentials)
    _, secret = service.issue_token(user, TokenKind.API, credentials.get("label"))
    db.session.commit()
    return {"token": secret}


@blp.delete("/token")
@require("account:read")
@blp.response(204)
def revoke_token():
    """Revoke the token or session this request was made with."""
    service.revoke_token(current_token())
    db.session.commit()


@blp.post("/login")
@public
@blp.arguments(CredentialsSchema)
@blp.response(200, SessionSchema)
def login(credentials):
    """Sign in the PWA: sets an HttpOnly session cookie and returns the CSRF token."""
    user = _check_credentials(credentials)
    previous = request.cookies.get(SESSION_COOKIE)
    if previous:  # a new session at every sign-in: a planted cookie is worth nothing
        service.revoke_session(previous)
    days = current_app.config["LYKTA_SESSION_DAYS"]
    token, secret = service.issue_token(user, TokenKind.SESSION, request.user_agent.string, days)
    db.session.commit()
    after_this_request(lambda response: set_session_cookie(response, secret))
    return {"user": user, "csrf_token": token.csrf_token}


@blp.post("/logout")
@require("account:read")
@blp.response(204)
def logout():
    service.revoke_token(current_token())
    db.session.commit()
    after_this_request(_clear_session_cookie)


@blp.get("/me")
@require("account:read")
@blp.response(200, SessionSchema)
def me():
    token = current_token()
    return {"user": current_user(), "csrf_token": token.csrf_token}


@blp.patch("/me")
@require("account:read")
@blp.arguments(ProfileUpdateSchema)
@blp.response(200, SessionSchema)
def update_me(changes):
    user = current_user()
    for field, value in changes.items():
        setattr(user, field, value)
    db.session.commit()
    return {"user": user, "csrf_token": current_token().csrf_token}


def _check_credentials(credentials) -> User:
    """The user, and a device cookie for the browser (or script with a cookie jar), which keeps
    its sign-ins open while others guess this account (server/accounts/limits.py)."""
    user = service.check_password(
        credentials["email"],
        credentials["password"],
        request.remote_addr,  # the last X-Forwarded-For entry with LYKTA_TRUSTED_PROXIES=1
        request.cookies.get(limits.DEVICE_COOKIE),
    )
    cookie = limits.new_device_cookie(user.id)
    after_this_request(lambda response: _set_device_cookie(response, cookie))
    return user


def _set_device_cookie(response, cookie: str):
    response.set_cookie(
        limits.DEVICE_COOKIE,
        cookie,
        max_age=limits.DEVICE_DAYS * 86400,
        path=blp.url_prefix,  # sent to the sign-in only
        secure=current_app.config["LYKTA_SECURE_COOKIES"],
        httponly=True,
        samesite="Strict",
    )
    return response


def set_session_cookie(response, secret: str):
    response.set_cookie(
        SESSION_COOKIE,
        secret,
        max_age=current_app.config["LYKTA_SESSION_DAYS"] * 86400,
        path="/",
        secure=current_app.config["LYKTA_SECURE_COOKIES"],
        httponly=True,
        samesite="Lax",
    )
    return response


def _clear_session_cookie(response):
    response.delete_cookie(
        SESSION_COOKIE,
        path="/",
        secure=current_app.config["LYKTA_SECURE_COOKIES"],
        httponly=True,
        samesite="Lax",
    )
    return response


def renew_session_cookie(response):
    """After a request that extended the session, give the browser the new expiry too."""
    token = g.get("token")
    if g.get("renew_session_cookie") and token is not None and token.revoked_at is None:
        set_session_cookie(response, request.cookies[SESSION_COOKIE])
    return response

"""Organisations, users and the credentials they sign in with."""

import enum
import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.database import UTCDateTime, utcnow
from server.extensions import db


class OrganisationKind(enum.StrEnum):
    KOMMUN = "kommun"
    FORVALTNING = "förvaltning"
    POLIS = "polis"
    BID = "BID"
    BOSTADSBOLAG = "bostadsbolag"
    FASTIGHETSAGARE = "fastighetsägare"
    OVRIG = "övrig"


class Role(enum.StrEnum):
    REPORTER = "reporter"
    OWNER = "owner"
    COORDINATOR = "coordinator"
    ADMIN = "admin"


class NotifyMode(enum.StrEnum):
    """How a recipient gets findings: each at once, or one email a day (server.notify)."""

    IMMEDIATE = "immediate"
    DIGEST = "digest"
    OFF = "off"  # users only: an organisation's contact address cannot opt out


class Organisation(db.Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default=OrganisationKind.OVRIG.value)
    email: Mapped[str | None] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Findings routed here wait for a coordinator instead of being sent at once (server.routing).
    review_first: Mapped[bool] = mapped_column(default=False)
    # For the organisation's contact addresses (its email and its properties' addresses).
    notify_mode: Mapped[str] = mapped_column(String(10), default=NotifyMode.IMMEDIATE.value)

    users: Mapped[list["User"]] = relationship(back_populates="organisation")


class User(db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str] = mapped_column(String(5), default="sv")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    notify_mode: Mapped[str] = mapped_column(String(10), default=NotifyMode.IMMEDIATE.value)

    organisation: Mapped[Organisation] = relationship(back_populates="users")


class TokenKind(enum.StrEnum):
    API = "api"  # a bearer token for scripts, other systems and Open311
    SESSION = "session"  # the PWA's cookie, with a CSRF token beside it


class ApiToken(db.Model):
    """A credential. Only a SHA-256 of the secret is stored, so a database leak gives no logins."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[uuid.UUID] = mapped_column(unique=True, default=uuid.uuid4)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10), default=TokenKind.API.value)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    csrf_token: Mapped[str | None] = mapped_column(String(64))
    label: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class LoginFailure(db.Model):
    """One failed sign-in under one key (server/accounts/limits.py), kept for the rate limit
    window. In the database rather than in a worker's memory, so that every worker and every
    instance counts the same attempts."""

    __tablename__ = "login_failures"
    __table_args__ = (
        Index("ix_login_failures_key_at", "key", "failed_at"),
        # Failures older than the window are deleted at every new one: without this index, a
        # scan of every failure in the window, which an attack from many addresses makes long.
        Index("ix_login_failures_failed_at", "failed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(400))
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

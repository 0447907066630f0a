"""Settings from the environment, with defaults that are safe for a local run."""

import contextlib
import os
import secrets
from pathlib import Path


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def _count(name: str, default: int) -> int:
    """A non-negative whole number, or an error that names the setting."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not (value.isascii() and value.isdigit()):  # not "-1", "1.5", "yes"
        raise ValueError(f"{name} must be a whole number, 0 or more, not {value!r}")
    return int(value)


def from_environment(instance_path: str) -> dict:
    """Read the configuration once, when the app is created."""
    instance = Path(instance_path)
    debug = os.environ.get("FLASK_DEBUG") == "1"
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY") or _local_secret(instance),
        "SQLALCHEMY_DATABASE_URI": database_url(instance),
        "LYKTA_MEDIA_DIR": os.environ.get("LYKTA_MEDIA_DIR", str(instance / "media")),
        "LYKTA_BASE_URL": os.environ.get("LYKTA_BASE_URL", "http://127.0.0.1:8000"),
        "SMTP_URL": os.environ.get("SMTP_URL", "smtp://127.0.0.1:25"),
        "MAIL_FROM": os.environ.get("LYKTA_MAIL_FROM", "Lykta <lykta@localhost>"),
        "MAX_CONTENT_LENGTH": _int("LYKTA_MAX_UPLOAD_BYTES", 25 * 1024 * 1024),
        "LYKTA_MAX_PHOTOS_PER_FINDING": _int("LYKTA_MAX_PHOTOS_PER_FINDING", 10),
        "LYKTA_SESSION_DAYS": _int("LYKTA_SESSION_DAYS", 60),
        "LYKTA_LOGIN_MAX_FAILURES": _int("LYKTA_LOGIN_MAX_FAILURES", 10),
        "LYKTA_LOGIN_WINDOW_SECONDS": _int("LYKTA_LOGIN_WINDOW_SECONDS", 15 * 60),
        # Reverse proxies in front: with N, the client is the N-th X-Forwarded-For entry from
        # the end; with 0 the header is ignored (anyone can write it).
        "LYKTA_TRUSTED_PROXIES": _count("LYKTA_TRUSTED_PROXIES", 0),
        # What one client address may send without an account in an hour (server/public).
        "LYKTA_PUBLIC_TIPS_PER_HOUR": _count("LYKTA_PUBLIC_TIPS_PER_HOUR", 20),
        "LYKTA_PUBLIC_RATINGS_PER_HOUR": _count("LYKTA_PUBLIC_RATINGS_PER_HOUR", 60),
        # Open311 (server/open311): requests readable without a key (public fields only);
        # the jurisdiction_id clients send, by default the host name of LYKTA_BASE_URL.
        "LYKTA_PUBLIC_FINDINGS": _switch("LYKTA_PUBLIC_FINDINGS", True),
        # The public map page /karta (server/web/public_map.py); only with LYKTA_PUBLIC_FINDINGS.
        "LYKTA_PUBLIC_MAP": _switch("LYKTA_PUBLIC_MAP", True),
        "LYKTA_OPEN311_JURISDICTION": os.environ.get("LYKTA_OPEN311_JURISDICTION", "").strip()
        or None,
        "LYKTA_TILE_URL": os.environ.get(
            "LYKTA_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
        ),
        # The most map tiles the app keeps offline for one walk; 0: none (pwa/js/offline-map.js).
        "LYKTA_TILE_DOWNLOAD_MAX_TILES": _count("LYKTA_TILE_DOWNLOAD_MAX_TILES", 1500),
        "LYKTA_SECURE_COOKIES": not debug and os.environ.get("LYKTA_INSECURE_COOKIES") != "1",
        # `lykta serve` closes a connection whose request arrives slower than this.
        "LYKTA_REQUEST_HEADER_SECONDS": _float("LYKTA_REQUEST_HEADER_SECONDS", 20.0),
        "LYKTA_REQUEST_MIN_RATE": _int("LYKTA_REQUEST_MIN_RATE", 1000),
        **routing_and_notifications(),
        **followup_settings(),
        "API_TITLE": "Lykta",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api",
        "OPENAPI_JSON_PATH": "openapi.json",
        "JSON_SORT_KEYS": False,
    }


def _switch(name: str, default: bool) -> bool:
    """On unless "0", "false", "no" or "off" (any case); unset or empty: the default."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    return value not in ("0", "false", "no", "off")


def _float(name: str, default: float) -> float:
    value = os.environ.get(name)
    return float(value) if value else default


def routing_and_notifications() -> dict:
    """Routing (server/routing), the outbox and its worker (server/notify), signed links."""
    return {
        "LYKTA_ROUTING_NEAREST_M": _float("LYKTA_ROUTING_NEAREST_M", 15.0),
        "LYKTA_ROUTING_REFRESH_SECONDS": _float("LYKTA_ROUTING_REFRESH_SECONDS", 5.0),
        "LYKTA_TIMEZONE": os.environ.get("LYKTA_TIMEZONE", "Europe/Stockholm"),
        "LYKTA_LINK_DAYS": _int("LYKTA_LINK_DAYS", 30),
        "LYKTA_NOTIFY_MAX_ATTEMPTS": _int("LYKTA_NOTIFY_MAX_ATTEMPTS", 5),
        "LYKTA_NOTIFY_RETRY_SECONDS": _float("LYKTA_NOTIFY_RETRY_SECONDS", 300.0),
        "LYKTA_NOTIFY_PHOTO_WAIT_SECONDS": _float("LYKTA_NOTIFY_PHOTO_WAIT_SECONDS", 600.0),
        "LYKTA_DIGEST_HOUR": _int("LYKTA_DIGEST_HOUR", 7),
        "LYKTA_WORKER_INTERVAL": _float("LYKTA_WORKER_INTERVAL", 10.0),
        "LYKTA_SERVE_WORKER": os.environ.get("LYKTA_SERVE_WORKER") == "1",
        "LYKTA_SMTP_TIMEOUT": _float("LYKTA_SMTP_TIMEOUT", 30.0),
    }


def followup_settings() -> dict:
    """Reminders of overdue findings and the retention of photos (server/followup)."""
    hour = os.environ.get("LYKTA_REMINDER_HOUR", "8")
    return {
        "LYKTA_REMINDER_INTERVAL_DAYS": _float("LYKTA_REMINDER_INTERVAL_DAYS", 7.0),
        # The worker sends the day's reminders after this local hour; "off": only the command.
        "LYKTA_REMINDER_HOUR": None if hour.strip().lower() in ("", "off") else int(hour),
        "LYKTA_RETENTION_PHOTO_MONTHS": _int("LYKTA_RETENTION_PHOTO_MONTHS", 24),
        "LYKTA_RETENTION_PHOTO_MODE": os.environ.get("LYKTA_RETENTION_PHOTO_MODE", "delete"),
    }


def _local_secret(instance: Path) -> str:
    """A random key kept in the instance folder, so that every worker of a local run agrees on
    it without anyone having to set SECRET_KEY; production sets SECRET_KEY explicitly."""
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        draft = instance / f".secret_key.{os.getpid()}"
        draft.write_text(secrets.token_hex(32))
        draft.chmod(0o600)
        # link() fails when another worker won the race, so everyone ends up with one key.
        with contextlib.suppress(FileExistsError):
            os.link(draft, path)
        draft.unlink()
    return path.read_text().strip()


def database_url(instance: Path) -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{instance / 'lykta.sqlite'}"
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants the driver named.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url

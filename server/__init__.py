"""Lykta: field reporting for safety walks."""

import os
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from server import errors, health, models, openapi  # noqa: F401 - the complete metadata
from server.accounts import views as accounts_views
from server.audit import views as audit_views
from server.categories import views as categories_views
from server.config import from_environment
from server.database import install_sqlite_tuning
from server.est import views as est_views
from server.extensions import api, db, migrate
from server.findings import views as findings_views
from server.followup import views as followup_views
from server.incidents import views as incidents_views
from server.notify import pages as owner_pages
from server.notify import reactions as notify_reactions
from server.notify import views as notify_views
from server.open311 import views as open311_views
from server.photos import views as photos_views
from server.places import views as places_views
from server.promises import pages as promise_pages
from server.promises import reactions as promises_reactions
from server.promises import views as promises_views
from server.public.caps import CappedRequest
from server.reports import views as reports_views
from server.routing import reactions as routing_reactions
from server.routing import views as routing_views
from server.survey import views as survey_views
from server.sync import views as sync_views
from server.tips import pages as tip_pages
from server.tips import reactions as tips_reactions
from server.tips import views as tips_views
from server.walks import pages as walk_pages
from server.walks import reactions as walks_reactions
from server.walks import views as walks_views
from server.web import public_map
from server.web import views as web_views

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_path=os.environ.get("LYKTA_INSTANCE_DIR") or None)
    app.request_class = CappedRequest  # public JSON bodies: a small cap (server/public/caps.py)
    app.config.update(from_environment(app.instance_path))
    app.config.update(config or {})
    app.json.sort_keys = False

    install_sqlite_tuning()
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR))
    api.init_app(app)
    openapi.register(app, api)
    errors.register(app)
    _register_blueprints(app)
    _subscribe_to_events()
    _register_http_hooks(app)

    # With N proxies in front, the client is the N-th X-Forwarded-For entry from the end: the
    # one the nearest proxy appended. Entries before it are whatever the client sent.
    proxies = app.config["LYKTA_TRUSTED_PROXIES"]
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    return app


def _register_blueprints(app: Flask) -> None:
    blueprints = (
        accounts_views.blp,
        categories_views.blp,
        findings_views.blp,
        photos_views.blp,
        sync_views.blp,
        places_views.blp,
        routing_views.blp,
        notify_views.blp,
        followup_views.blp,
        audit_views.blp,
        walks_views.blp,
        reports_views.blp,
        promises_views.blp,
        incidents_views.blp,
        est_views.blp,
        tips_views.public_blp,
        tips_views.blp,
        survey_views.blp,
    )
    for blueprint in blueprints:
        api.register_blueprint(blueprint)
    app.register_blueprint(health.blp)
    app.register_blueprint(owner_pages.blp)
    app.register_blueprint(tip_pages.blp)
    app.register_blueprint(web_views.blp)
    app.register_blueprint(public_map.blp)
    app.register_blueprint(walk_pages.blp)
    app.register_blueprint(promise_pages.blp)
    app.register_blueprint(open311_views.blp)


def _subscribe_to_events() -> None:
    """Each domain's reactions to the others' events (server/events.py). Connecting again, for
    a second app in the same process, changes nothing."""
    for reactions in (
        routing_reactions,
        notify_reactions,
        walks_reactions,
        promises_reactions,
        tips_reactions,
    ):
        reactions.subscribe()


def _register_http_hooks(app: Flask) -> None:
    app.after_request(accounts_views.renew_session_cookie)
    app.after_request(_security_headers)


def _security_headers(response):
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if response.mimetype == "application/json":
        response.headers.setdefault("Cache-Control", "no-store")
    return response

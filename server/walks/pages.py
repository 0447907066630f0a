"""The walk protocol as a web page: server-rendered, Swedish, printable, no JavaScript.

Signed-in users open it with the app's session cookie (or a bearer token). Photos and the map
are embedded in the page (data: URIs), so a saved or printed page is complete by itself.
"""

import secrets

from flask import Blueprint, current_app, render_template, request
from markupsafe import escape

from server.accounts.auth import current_user
from server.accounts.policy import STAFF, require
from server.clock import local_now
from server.errors import ApiError
from server.extensions import db
from server.i18n import translate
from server.walks import protocol, service
from server.walks.views import protocol_view

blp = Blueprint("walk_pages", __name__, url_prefix="/walks", template_folder="templates")

DELIVERY_LABELS = {
    "pending": "väntar",
    "sending": "skickas",
    "sent": "skickad",
    "failed": "kunde inte levereras",
    "cancelled": "inte skickad",
}


@blp.get("/<int:walk_id>/protocol")
@require("walks:read")
def show(walk_id: int):
    user = current_user()
    walk = service.visible_walk(user, walk_id)
    asked = request.args.get("view")
    view = protocol_view(user, asked if asked in ("full", "public") else None)
    built = protocol.build(walk, user, view)
    nonce = secrets.token_urlsafe(16)
    generated = local_now()
    body = render_template(
        "walks/protocol.html",
        walk=walk,
        protocol=built,
        nonce=nonce,
        can_choose=user.role in STAFF,
        delivery_labels=DELIVERY_LABELS,
        generated=generated.strftime("%Y-%m-%d %H:%M"),
    )
    db.session.commit()
    return _page(body, 200, nonce)


@blp.errorhandler(ApiError)
def problem(error: ApiError):
    """Problems as a page, not JSON: this is opened in a browser."""
    nonce = secrets.token_urlsafe(16)
    message = translate(error.text, **error.values)
    sign_in = '<p><a href="/">Logga in i Lykta</a></p>' if error.status == 401 else ""
    body = (
        f'<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Lykta</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<style nonce="{nonce}">body{{font-family:system-ui,sans-serif;max-width:40rem;'
        f"margin:2rem auto;padding:0 1rem}}</style></head><body><main><h1>{escape(message)}"
        f"</h1>{sign_in}</main></body></html>"
    )
    return _page(body, error.status, nonce)


def _page(body: str, status: int, nonce: str):
    response = current_app.make_response((body, status))
    response.headers["Content-Security-Policy"] = (
        f"default-src 'none'; img-src data:; style-src 'nonce-{nonce}'; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"
    )
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response

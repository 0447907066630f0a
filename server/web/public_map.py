"""The public map page, /karta: findings in public categories with their status, for anyone.

The page (pwa/public/karta.html) reads the same keyless Open311 list as any GeoReport client
(server/open311/public.py: positions rounded, no notes, photos, people or findings waiting for
moderation), so it shows nothing that list does not. A municipality turns it off with
LYKTA_PUBLIC_MAP=0; it is off too when LYKTA_PUBLIC_FINDINGS is (the list it reads is then
closed). Off, /karta is a 404.
"""

from flask import Blueprint, abort, current_app

from server.accounts.policy import public
from server.web.views import _send, page_policy, pwa_dir

blp = Blueprint("public_map", __name__)


def enabled() -> bool:
    config = current_app.config
    return bool(config["LYKTA_PUBLIC_MAP"] and config["LYKTA_PUBLIC_FINDINGS"])


@blp.get("/karta")
@public
def map_page():
    """The public map of findings and their status, with a table of the same beside it."""
    if not enabled():
        abort(404)
    response = _send(pwa_dir() / "public" / "karta.html", "text/html")
    response.headers["Content-Security-Policy"] = page_policy()
    return response

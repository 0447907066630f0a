"""The public follow-up page of a medborgarlöfte, /lofte/<token>: no sign-in, Swedish,
printable, cacheable, for a municipality or the police to link from their website.

It shows what the parties promised and, per tertial so far, planned against done per
commitment with the coordinator's published comment. Nothing about a person, a finding's note
or photo, or a place finer than the promise's area: only counts and the promise's own texts."""

import secrets

from flask import Blueprint, current_app, render_template
from markupsafe import escape

from server.accounts.policy import public
from server.clock import local_now
from server.extensions import db
from server.promises import followup, indicators, service
from server.promises.documents import INDICATORS_SV
from server.promises.models import CommitmentKind

blp = Blueprint("promise_pages", __name__, url_prefix="/lofte", template_folder="templates")

KIND_LABELS = {
    CommitmentKind.TRYGGHETSVANDRING: "Trygghetsvandring",
    CommitmentKind.TRYGGHETSRUNDA: "Trygghetsrunda",
    CommitmentKind.OMRADESVANDRING: "Områdesvandring",
    CommitmentKind.INSATS: "Insats",
}
TERTIAL_MONTHS = {1: "januari–april", 2: "maj–augusti", 3: "september–december"}
MAX_AGE = 300


@blp.get("/<token>")
@public
def show(token: str):
    promise = service.promise_by_token(token)
    if promise is None:
        db.session.commit()
        return _not_found()
    tertials = []
    for year, number in reversed(followup.tertials_so_far(promise)):
        _, rows = followup.followup(promise, year, number)
        tertials.append(
            {
                "year": year,
                "number": number,
                "months": TERTIAL_MONTHS[number],
                "rows": [
                    {
                        "text": row.commitment.text,
                        "kind": KIND_LABELS.get(row.commitment.kind, row.commitment.kind),
                        "planned": row.planned,
                        "done": row.done,
                        "comment": (
                            row.comment.text
                            if row.comment is not None and row.comment.published
                            else ""
                        ),
                    }
                    for row in rows
                ],
                "indicators": _indicators(promise, year, number),
            }
        )
    nonce = secrets.token_urlsafe(16)
    body = render_template(
        "promises/public.html",
        promise=promise,
        parties=[party.organisation.name for party in promise.parties],
        tertials=tertials,
        kind_labels=KIND_LABELS,
        nonce=nonce,
        generated=local_now().strftime("%Y-%m-%d %H:%M"),
    )
    db.session.commit()
    response = _page(body, 200, nonce)
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response


def _indicators(promise, year: int, number: int) -> list[dict]:
    """The area's indicators as lines of text: counts only (docs/reports.md)."""

    def shown(value) -> str:
        return "–" if value is None else str(value).replace(".", ",")

    figures = indicators.indicators(promise, year, number)
    return [
        {
            "label": INDICATORS_SV[key],
            "current": shown(figures[key]["current"]),
            "previous": shown(figures[key]["previous"]),
        }
        for key in indicators.KEYS
    ]


def _not_found():
    nonce = secrets.token_urlsafe(16)
    body = (
        f'<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Lykta</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<style nonce="{nonce}">body{{font-family:system-ui,sans-serif;max-width:40rem;'
        f"margin:2rem auto;padding:0 1rem}}</style></head><body><main>"
        f"<h1>{escape('Sidan finns inte')}</h1><p>Länken till medborgarlöftet är fel eller "
        f"gammal.</p></main></body></html>"
    )
    response = _page(body, 404, nonce)
    response.headers["Cache-Control"] = "no-store"
    return response


def _page(body: str, status: int, nonce: str):
    response = current_app.make_response((body, status))
    response.headers["Content-Type"] = "text/html; charset=utf-8"
    response.headers["Content-Security-Policy"] = (
        f"default-src 'none'; style-src 'nonce-{nonce}'; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"
    )
    return response

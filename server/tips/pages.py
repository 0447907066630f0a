"""The page behind the two links of a resident's fixed email: "Är det åtgärdat?".

GET shows the question and two buttons (Ja, Nej) and changes nothing, so a mail scanner that
opens the links answers nothing; POST answers, once, with the form's token (the owner pages'
tokens, server/notify/links.py) and from this page's own origin. No account: the random token
in the link is the tip's (resident_tips.fixed_question_token). The page's language is the tip's,
with a link to the other.
"""

import secrets
from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, render_template, request

from server.accounts.policy import public
from server.clock import local
from server.extensions import db
from server.i18n import LOCALES, translate
from server.notify import links
from server.tips import residents
from server.tips.models import Answer
from server.tips.service import resident_account

blp = Blueprint("tip_answers", __name__, url_prefix="/tips", template_folder="templates")


@blp.get("/answer/<token>")
@public
def show(token: str):
    tip = residents.by_token(token)
    locale = _locale(tip.locale if tip else "sv")
    if tip is None:
        return _page(
            locale,
            token,
            None,
            status=404,
            title="The link does not work",
            error=True,
            message="This link is not valid. Copy the whole link from the email.",
        )
    if tip.fixed_answer is not None:
        return _page(locale, token, tip, title="Thank you", message=_answered(tip))
    chosen = request.args.get("answer")
    return _page(locale, token, tip, ask=True, chosen=chosen if chosen in set(Answer) else None)


@blp.post("/answer/<token>")
@public
def answer(token: str):
    tip = residents.by_token(token)
    locale = _locale(tip.locale if tip else "sv")
    if tip is None:
        return _page(
            locale,
            token,
            None,
            status=404,
            title="The link does not work",
            error=True,
            message="This link is not valid. Copy the whole link from the email.",
        )
    value = request.form.get("answer", "")
    sent_here = _same_origin(request.headers.get("Origin"))
    if not sent_here or not links.check_form_token(token, request.form.get("form_token")):
        return _page(
            locale,
            token,
            tip,
            ask=True,
            status=400,
            error=True,
            message="The form has expired. Press the button once more.",
        )
    if value not in set(Answer):
        return _page(
            locale, token, tip, ask=True, status=422, error=True, message="Choose yes or no."
        )
    if residents.answer(tip, value, resident_account()):
        db.session.commit()
    return redirect(f"{request.path}?done=1", code=303)


def _answered(tip) -> str:
    if tip.fixed_answer == Answer.NO:
        return "Thank you. We have sent it back to whoever is responsible."
    return "Thank you for your answer."


def _locale(default: str) -> str:
    chosen = request.args.get("lang")
    return chosen if chosen in LOCALES else (default if default in LOCALES else "sv")


def _same_origin(origin: str | None) -> bool:
    """A browser posting this page's own form says its origin; a client that sends none is let
    through (the form token still holds), one from another site is not."""
    if origin is None:
        return True
    allowed = {_origin(request.host_url), _origin(current_app.config["LYKTA_BASE_URL"])}
    return _origin(origin) in allowed


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _page(
    locale,
    token,
    tip,
    *,
    status=200,
    title="Is it fixed?",
    message=None,
    error=False,
    ask=False,
    chosen=None,
):
    def _(text, **values):
        return translate(text, locale, **values)

    nonce = secrets.token_urlsafe(16)
    finding = residents.asked_about(tip) if tip is not None else None
    other = "en" if locale == "sv" else "sv"
    body = render_template(
        "tips/answer.html",
        _=_,
        locale=locale,
        nonce=nonce,
        title=_(title),
        message=_(message) if message else None,
        error=error,
        ask=ask,
        chosen=chosen,
        finding=finding,
        category=finding.category.name(locale) if finding else None,
        captured=local(finding.captured_at).strftime("%Y-%m-%d") if finding else None,
        action=f"{request.path}?lang={locale}",
        form_token=links.form_token(token),
        other=other,
        other_url=f"{request.path}?lang={other}",
        other_name="English" if other == "en" else "Svenska",
    )
    response = current_app.make_response((body, status))
    response.headers["Content-Security-Policy"] = (
        f"default-src 'none'; img-src 'self'; style-src 'nonce-{nonce}'; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    )
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response

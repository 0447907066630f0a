"""The page behind the link in an owner's email: no account, no JavaScript, one finding.

GET shows the finding (category, description, photos, place, deadline, why it was sent there,
its history, the comments shared with the organisation) and the forms for what the owner may
do now: acknowledge it, plan it (a date), mark it fixed (a comment and a photo of the fix, both
optional), say it is not theirs (a reason), or write to the coordinators. GET changes nothing,
so mail scanners that open links do no harm. POST makes the move (or writes the comment)
through the same workflow as the API, recorded with the organisation as the actor, and
answers with a redirect to the page (so a reload does not post again).

Every problem with the link is a page of its own with a 4xx status: 404 for a link that is
tampered with, made with another key or names another finding; 410 for one that expired or
whose finding was sent elsewhere, or sent again, since (server/notify/links.py).
"""

import secrets
import uuid
from datetime import date
from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, render_template, request, send_file
from werkzeug.exceptions import RequestEntityTooLarge

from server.accounts.models import Organisation
from server.accounts.policy import public
from server.audit import service as audit
from server.clock import local, local_date
from server.database import utcnow
from server.errors import ApiError, ValidationFailed
from server.extensions import db
from server.findings import transitions, workflow
from server.findings.models import EventKind, Finding, Status
from server.findings.schemas import COMMENT_MAX
from server.followup import comments, visibility
from server.followup.visibility import Visibility
from server.i18n import LOCALES, translate
from server.notify import links
from server.photos import service as photos
from server.photos.models import Photo, PhotoKind
from server.photos.storage import MediaMissing, media_store
from server.routing.reasons import describe

blp = Blueprint("owner_links", __name__, url_prefix="/owner", template_folder="templates")

COMMENT = "comment"  # the page's other form: a comment to the coordinators
ACTIONS = {
    "acknowledge": Status.ACKNOWLEDGED,
    "plan": Status.PLANNED,
    "fix": Status.FIXED,
    "not_ours": Status.NOT_OURS,
}


class LinkProblem(Exception):
    def __init__(self, status: int, title: str, text: str):
        super().__init__(title)
        self.status, self.title, self.text = status, title, text


@blp.get("/<uuid:finding_id>/<token>")
@public
def show(finding_id: uuid.UUID, token: str):
    try:
        finding, organisation, claim = _resolve(finding_id, token)
    except LinkProblem as problem:
        return _problem_page(problem)
    done = request.args.get("done")
    known = done in ACTIONS or done == COMMENT
    return _page(finding, organisation, claim.locale, token, done=done if known else None)


@blp.post("/<uuid:finding_id>/<token>")
@public
def act(finding_id: uuid.UUID, token: str):
    try:
        claim = _claim(finding_id, token)
        _check_origin(claim.locale)
        # The form (a photo, maybe sent slowly) is read before any database work: on SQLite
        # the transaction that _resolve() begins holds the write lock (server/database.py).
        if not links.check_form_token(token, request.form.get("form_token")):
            raise LinkProblem(
                400,
                "The form has expired",
                "Open the link from the email again and send the form once more.",
            )
        finding, organisation, claim = _resolve(finding_id, token)
    except LinkProblem as problem:
        return _problem_page(problem)
    locale = claim.locale
    action = request.form.get("action", "")
    if action == COMMENT:
        return _comment(finding, organisation, locale, token)
    status = ACTIONS.get(action)
    if status is None or status not in transitions.moves(None, finding, organisation):
        return _page(
            finding, organisation, locale, token, error="This cannot be done now.", status=409
        )
    comment = (request.form.get("comment") or "").strip()[:2000] or None
    planned_for = None
    if status == Status.PLANNED:
        try:
            planned_for = date.fromisoformat(request.form.get("planned_for", ""))
        except ValueError:
            return _page(finding, organisation, locale, token, error="Give the planned date.")
    try:
        if status == Status.FIXED:
            _store_after_photo(finding, organisation)
            finding = db.session.get(Finding, finding_id, with_for_update=True)
        workflow.change_status(
            finding,
            None,
            status,
            comment=comment,
            planned_for=planned_for,
            link_org=organisation,
        )
    except (ApiError, RequestEntityTooLarge) as error:
        db.session.rollback()
        return _page(finding, organisation, locale, token, error=_error_text(error), status=422)
    db.session.commit()
    return redirect(f"{request.path}?done={action}", code=303)


def _comment(finding: Finding, organisation: Organisation, locale: str, token: str):
    """The organisation writes to the coordinators, as its users do in the app: the same
    comment event, recorded for the organisation (via link), and emailed to the coordinators."""
    body = request.form.get("comment") or ""
    try:
        if len(body) > COMMENT_MAX:  # what the API's schema refuses, this form refuses too
            message = "The comment is too long: at most {max} characters."
            raise ValidationFailed(errors={"comment": [message.format(max=COMMENT_MAX)]})
        comments.add_comment(finding, None, body, Visibility.OWNER, link_org=organisation)
    except ApiError as error:
        db.session.rollback()
        return _page(
            finding,
            organisation,
            locale,
            token,
            comment_error=_error_text(error),
            draft=body,
            status=422,
        )
    db.session.commit()
    return redirect(f"{request.path}?done={COMMENT}#comments", code=303)


@blp.get("/<uuid:finding_id>/<token>/photos/<uuid:photo_id>")
@public
def photo(finding_id: uuid.UUID, token: str, photo_id: uuid.UUID):
    """A photo of the finding, small: the page shows nothing larger."""
    try:
        finding, organisation, _ = _resolve(finding_id, token)
    except LinkProblem as problem:
        return _problem_page(problem)
    found = db.session.get(Photo, photo_id)
    if found is None or found.finding_id != finding.id or found.removed:
        return _problem_page(LinkProblem(404, "Not found", "There is no such photo."))
    audit.record_view(found, "link", organisation=organisation)
    db.session.commit()
    try:
        stream = media_store(current_app).open(found.thumbnail_key)
    except MediaMissing:
        return _problem_page(LinkProblem(404, "Not found", "There is no such photo."))
    response = send_file(stream, mimetype="image/jpeg", max_age=0)
    response.headers["Cache-Control"] = "private, max-age=3600"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


# --- the link ----------------------------------------------------------------------------------


def _claim(finding_id: uuid.UUID, token: str) -> links.LinkClaim:
    """What the link's signature says, checked without the database."""
    try:
        return links.read_token(finding_id, token)
    except links.LinkExpired:
        raise LinkProblem(
            410,
            "The link has expired",
            "Links in Lykta's emails work for a limited time. Ask the coordinator who sent it "
            "for a new one, or sign in to Lykta.",
        ) from None
    except links.LinkInvalid:
        raise LinkProblem(
            404,
            "The link does not work",
            "The link is not complete or has been changed. Open it again from the email, and "
            "copy all of it if you paste it.",
        ) from None


def _resolve(finding_id: uuid.UUID, token: str):
    claim = _claim(finding_id, token)
    finding = db.session.get(Finding, finding_id)
    organisation = db.session.get(Organisation, claim.organisation_id)
    if finding is None or organisation is None:
        raise LinkProblem(404, "Not found", "The finding no longer exists.")
    if finding.assigned_org_id != organisation.id:
        raise LinkProblem(
            410,
            "The finding is no longer with you",
            "A coordinator has sent this finding elsewhere, or it is back with the "
            "coordinators. The link no longer works.",
        )
    if not links.is_current(claim):
        raise LinkProblem(
            410,
            "The link has been replaced",
            "The finding has been sent to you again since this link was made. Open the link "
            "in the latest email about it.",
        )
    return finding, organisation, claim


def _check_origin(locale: str) -> None:
    """A form may be posted only from this site (on top of the form token). "null" is what a
    sandboxed frame, a data: URL or a page with Referrer-Policy no-referrer sends: a context
    that is not this page (ours says same-origin, so browsers send its origin). A client that
    sends no Origin at all (not a browser) still needs the form token."""
    origin = request.headers.get("Origin")
    if origin is None:
        return
    allowed = {_origin(request.host_url), _origin(current_app.config["LYKTA_BASE_URL"])}
    if _origin(origin) not in allowed:
        raise LinkProblem(403, "Not allowed", "The form was sent from another site.")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _store_after_photo(finding: Finding, organisation: Organisation) -> None:
    upload = request.files.get("photo")
    if upload is None or not upload.filename:
        return
    data = upload.read()
    if not data:
        return
    photos.put_after_photo_by_link(
        media_store(current_app), finding, organisation, uuid.uuid4(), data, upload.mimetype
    )


def _error_text(error) -> str:
    if isinstance(error, RequestEntityTooLarge):
        return "The upload is too large."
    if getattr(error, "errors", None):
        first = next(iter(error.errors.values()))
        return first[0] if isinstance(first, list) and first else str(first)
    return error.text.format(**error.values) if error.values else error.text


# --- pages -------------------------------------------------------------------------------------


def _page(
    finding,
    organisation,
    locale,
    token,
    *,
    done=None,
    error=None,
    comment_error=None,
    draft="",
    status=200,
):
    def _(text, **values):
        return translate(text, locale, **values)

    nonce = secrets.token_urlsafe(16)
    areas = finding.area_names
    place = finding.property_designation
    history = [
        {
            "at": local(event.at).strftime("%Y-%m-%d %H:%M"),
            "status": _(STATUS_LABELS.get(event.to_value, event.to_value or "")),
            "who": _who(event),
            "comment": event.comment,
        }
        for event in finding.events
        if event.kind in (EventKind.STATUS, EventKind.CREATED)
    ]
    context = {
        "_": _,
        "locale": locale,
        "nonce": nonce,
        "finding": finding,
        "organisation": organisation,
        "category": finding.category.name(locale),
        "status_label": _(STATUS_LABELS.get(finding.status, finding.status)),
        "place": place,
        "areas": areas,
        "captured": local(finding.captured_at).strftime("%Y-%m-%d %H:%M"),
        "reason": describe(finding.routing, locale),
        "photos": [
            {
                "url": f"{request.script_root}/owner/{finding.id}/{token}/photos/{p.id}",
                "after": p.kind == PhotoKind.AFTER,
            }
            for p in finding.photos
            if not p.removed
        ],
        "moves": transitions.moves(None, finding, organisation),
        "form_token": links.form_token(token),
        "today": local_date(utcnow()).isoformat(),
        "done": done,
        "error": _(error) if error else None,
        "history": history,
        "comments": [
            {
                "at": local(event.at).strftime("%Y-%m-%d %H:%M"),
                "who": visibility.comment_author(event, locale, organisation.id),
                "text": event.comment,
            }
            for event in finding.events
            if event.kind == EventKind.COMMENT and visibility.shared_with(event, organisation.id)
        ],
        "comment_error": _(comment_error) if comment_error else None,
        "draft": draft.strip(),
    }
    response = current_app.make_response((render_template("notify/owner.html", **context), status))
    _page_headers(response, nonce)
    return response


def _problem_page(problem: LinkProblem):
    locale = request.accept_languages.best_match(LOCALES, default="sv")

    def _(text, **values):
        return translate(text, locale, **values)

    nonce = secrets.token_urlsafe(16)
    body = render_template(
        "notify/owner_problem.html",
        _=_,
        locale=locale,
        nonce=nonce,
        title=_(problem.title),
        text=_(problem.text),
    )
    response = current_app.make_response((body, problem.status))
    _page_headers(response, nonce)
    return response


def _page_headers(response, nonce: str) -> None:
    response.headers["Content-Security-Policy"] = (
        f"default-src 'none'; img-src 'self'; style-src 'nonce-{nonce}'; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    )
    # The token is in the address: no other site gets it as the Referer. Not "no-referrer":
    # with it, browsers send "Origin: null" when the page posts its own forms.
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"


def _who(event) -> str | None:
    if event.actor_org is not None:
        return event.actor_org.name
    if event.actor is not None:
        return event.actor.organisation.name
    return None


STATUS_LABELS = {
    Status.NEW: "new",
    Status.TRIAGED: "triaged",
    Status.SENT: "sent to you",
    Status.ACKNOWLEDGED: "acknowledged",
    Status.PLANNED: "planned",
    Status.FIXED: "fixed",
    Status.VERIFIED: "verified",
    Status.REJECTED: "rejected",
    Status.NOT_OURS: "not our responsibility",
    Status.DUPLICATE: "duplicate",
}

import uuid

from flask import Response, current_app, request, send_file
from flask_smorest import Blueprint

from server.accounts.auth import current_user
from server.accounts.policy import STAFF, require
from server.audit import service as audit
from server.errors import NotFound
from server.extensions import db
from server.photos.storage import media_store, open_with_digest
from server.walks import presenters, protocol, revisits, service, tracks
from server.walks.schemas import (
    CancelSchema,
    CloseSchema,
    InviteSchema,
    ProtocolArgsSchema,
    RevisitPutSchema,
    RevisitSchema,
    TrackPutSchema,
    TrackSchema,
    WalkCreateSchema,
    WalkDetailSchema,
    WalkListArgsSchema,
    WalkUpdateSchema,
)

blp = Blueprint(
    "walks",
    __name__,
    url_prefix="/api/v1/walks",
    description="Walks: plan, invite, run, close; the protocol",
)


def _detail(walk):
    user = current_user()
    return presenters.present(walk, user, staff=user.role in STAFF)


@blp.get("")
@require("walks:read")
@blp.arguments(WalkListArgsSchema, location="query")
@blp.response(200, WalkDetailSchema(many=True))
def list_walks(args):
    """Walks, latest first: every walk for coordinators, the ones you take part in for others."""
    user = current_user()
    return [presenters.present(w, user, user.role in STAFF) for w in service.list_walks(user, args)]


@blp.post("")
@require("walks:manage")
@blp.arguments(WalkCreateSchema)
@blp.response(201, WalkDetailSchema)
def create_walk(data):
    """Plan a walk; everyone in `invite` gets an email (those with an account take part at
    once, the others when they get one)."""
    walk = service.create_walk(current_user(), data)
    db.session.commit()
    return _detail(walk)


@blp.get("/<int:walk_id>")
@require("walks:read")
@blp.response(200, WalkDetailSchema)
def get_walk(walk_id: int):
    return _detail(service.visible_walk(current_user(), walk_id))


@blp.patch("/<int:walk_id>")
@require("walks:manage")
@blp.arguments(WalkUpdateSchema)
@blp.response(200, WalkDetailSchema)
def update_walk(data, walk_id: int):
    """Change the plan (time, place, route...) or, after the walk, the summary. Moving the
    time or place of a planned walk emails everyone invited, with the calendar event updated."""
    walk = service.visible_walk(current_user(), walk_id)
    service.update_walk(walk, data, current_user())
    db.session.commit()
    return _detail(walk)


@blp.post("/<int:walk_id>/invitations")
@require("walks:manage")
@blp.arguments(InviteSchema)
@blp.response(200, WalkDetailSchema)
def invite(data, walk_id: int):
    """Invite more people by email; an address already invited is not emailed again."""
    walk = service.visible_walk(current_user(), walk_id)
    service.invite(walk, data["emails"], current_user())
    db.session.commit()
    return _detail(walk)


@blp.delete("/<int:walk_id>/invitations/<int:invitation_id>")
@require("walks:manage")
@blp.response(200, WalkDetailSchema)
def withdraw(walk_id: int, invitation_id: int):
    """Take back an invitation: the person no longer takes part (their phone forgets the walk
    at its next sync) and no email still waiting is sent. Only while the walk is planned and
    they have reported nothing on it (409 otherwise)."""
    walk = service.visible_walk(current_user(), walk_id)
    service.withdraw(walk, invitation_id, current_user())
    db.session.commit()
    return _detail(walk)


@blp.post("/<int:walk_id>/start")
@require("walks:manage")
@blp.response(200, WalkDetailSchema)
def start(walk_id: int):
    """The walk begins (status 'pågår'); starting it again changes nothing."""
    walk = service.visible_walk(current_user(), walk_id)
    service.start(walk)
    db.session.commit()
    return _detail(walk)


@blp.post("/<int:walk_id>/close")
@require("walks:manage")
@blp.arguments(CloseSchema)
@blp.response(200, WalkDetailSchema)
def close(data, walk_id: int):
    """The walk is over (status 'avslutad'), with the summary for the follow-up meeting;
    closing it again only changes the summary."""
    walk = service.visible_walk(current_user(), walk_id)
    service.close(walk, data["summary"])
    db.session.commit()
    return _detail(walk)


@blp.post("/<int:walk_id>/cancel")
@require("walks:manage")
@blp.arguments(CancelSchema)
@blp.response(200, WalkDetailSchema)
def cancel(data, walk_id: int):
    """Call off a planned walk (status 'inställd'), with the reason if given. Everyone who had
    the invitation is emailed, with a calendar event that removes the walk. Only while the walk
    is planned (409 once it has begun); calling it off again changes nothing."""
    walk = service.visible_walk(current_user(), walk_id)
    service.cancel(walk, data["reason"], current_user())
    db.session.commit()
    return _detail(walk)


@blp.get("/<int:walk_id>/revisits")
@require("walks:read")
@blp.response(200, RevisitSchema(many=True))
def list_revisits(walk_id: int):
    """A follow-up walk's list of the earlier walk's findings (deviations, no duplicates),
    numbered as in its protocol, each with its status now and this walk's mark if given.
    Whoever reads the follow-up walk reads the list, thumbnails included (404 otherwise, and
    for a walk that follows up none)."""
    walk = service.visible_walk(current_user(), walk_id)
    if walk.follows_walk_id is None:
        raise NotFound("This walk follows up no earlier walk.")
    return presenters.present_revisits(walk)


@blp.put("/<int:walk_id>/revisits/<uuid:finding_id>")
@require("walks:read")
@blp.arguments(RevisitPutSchema)
@blp.response(201, RevisitSchema, description="The first mark")
@blp.alt_response(200, schema=RevisitSchema, description="The same mark again, or a new one")
def mark_revisit(data, walk_id: int, finding_id: uuid.UUID):
    """Mark one of the earlier walk's findings: kvar, åtgärdad or förändrad, with an optional
    note. Participants, coordinators and admins (403 for others), while the walk is planned or
    going (409 once it is closed or called off). Safe to repeat. The finding's status does not
    change: its owner's workflow decides."""
    user = current_user()
    walk = revisits.revisit_walk(user, walk_id)
    finding = revisits.followed_finding(walk, finding_id)
    created, _ = revisits.mark(walk, finding, user, data["state"], data["note"])
    db.session.commit()
    given = revisits.marks(walk).get(finding.id)
    number = next(n for n, f in revisits.earlier_findings(walk) if f.id == finding.id)
    return presenters.present_revisit(walk, number, finding, given), 201 if created else 200


@blp.put("/<int:walk_id>/track")
@require("walks:read")
@blp.arguments(TrackPutSchema)
@blp.response(201, TrackSchema, description="The first time")
@blp.alt_response(200, schema=TrackSchema, description="Again: the same points, or more")
def put_track(data, walk_id: int):
    """The walked route: the track your phone recorded on the walk, with your consent, sent
    whole each time (safe to repeat). Only the walk's participants (403 for others who see the
    walk, 404 for the rest). Seen by you and the coordinators only."""
    user = current_user()
    walk = service.visible_walk(user, walk_id)
    track, created = tracks.put_track(walk, user, data["points"])
    db.session.commit()
    return presenters.present_track(track), 201 if created else 200


@blp.delete("/<int:walk_id>/track")
@require("walks:read")
@blp.response(204)
def delete_track(walk_id: int):
    """Delete your track of the walk (404 if there is none)."""
    user = current_user()
    tracks.delete_track(service.visible_walk(user, walk_id), user)
    db.session.commit()


@blp.get("/<int:walk_id>/tracks")
@require("walks:read")
@blp.response(200, TrackSchema(many=True))
def list_tracks(walk_id: int):
    """The walked routes of the walk: every walker's for coordinators and admins, your own
    for everyone else."""
    user = current_user()
    walk = service.visible_walk(user, walk_id)
    return [presenters.present_track(track) for track in tracks.visible_tracks(walk, user)]


@blp.get("/<int:walk_id>/revisits/<uuid:finding_id>/thumbnail")
@require("walks:read")
@blp.doc(
    responses={
        "200": {
            "description": "The earlier finding's report photo, at most 400 px, as served",
            "content": {"image/jpeg": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
)
def revisit_thumbnail(walk_id: int, finding_id: uuid.UUID):
    """The thumbnail of an earlier walk's finding, for whoever reads the follow-up walk."""
    user = current_user()
    walk = service.visible_walk(user, walk_id)
    photo = revisits.report_photo(revisits.followed_finding(walk, finding_id))
    if photo is None:
        raise NotFound("No photo.")
    audit.record_view(photo, "thumbnail", viewer=user)
    db.session.commit()
    file, etag = open_with_digest(
        media_store(current_app), photo.thumbnail_key, photo.thumbnail_sha256
    )
    response = send_file(file, mimetype="image/jpeg", etag=etag, conditional=True, max_age=0)
    fresh = request.args.get("v") == photo.version_tag
    response.headers["Cache-Control"] = (
        "private, max-age=31536000, immutable" if fresh else "private, no-cache"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@blp.get("/<int:walk_id>/protocol.pdf")
@require("walks:read")
@blp.arguments(ProtocolArgsSchema, location="query")
@blp.doc(
    responses={
        "200": {
            "description": "The walk protocol as a PDF in Swedish",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
)
def protocol_pdf(args, walk_id: int):
    """The walk protocol: every finding with photo, map, owner, deadline and status, and the
    positive marks. `view=public` (the default for participants) leaves out addresses,
    reporters and routing, for sending to owners and publishing."""
    user = current_user()
    walk = service.visible_walk(user, walk_id)
    document = protocol.pdf(protocol.build(walk, user, protocol_view(user, args.get("view"))))
    db.session.commit()
    response = Response(document, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="protokoll-{walk.id}.pdf"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def protocol_view(user, asked: str | None) -> str:
    """Coordinators choose (full by default); everyone else gets the public view."""
    if user.role in STAFF:
        return asked or "full"
    return "public"

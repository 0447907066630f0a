"""Walked routes: the track a walker's phone recorded on a walk, with their consent.

One track per walk and walker. The phone PUTs the whole track (it is small: a point every 20 m
or 30 s), so the PUT is idempotent: the same points again change nothing, more points replace
the row. Only the walker and the coordinators see a track; the walker can delete theirs. What
is kept and for how long: docs/followup-and-privacy.md."""

from datetime import UTC, timedelta
from itertools import pairwise

from sqlalchemy import func, select

from server.accounts.models import User
from server.accounts.policy import STAFF
from server.clock import local
from server.database import utcnow
from server.errors import Forbidden, NotFound
from server.extensions import db
from server.geo import distance_m
from server.walks.models import Walk, WalkParticipant, WalkTrack

# A track is kept this long after its walk (closed, or else planned to start); then
# `lykta retention` deletes it. The walker may delete theirs at any time.
KEPT = timedelta(days=365)


def put_track(walk: Walk, user: User, points: list[dict]) -> tuple[WalkTrack, bool]:
    """Store the caller's track of the walk. Returns it and whether it was new."""
    if db.session.get(WalkParticipant, (walk.id, user.id)) is None:
        raise Forbidden("Only someone who takes part in the walk records a track of it.")
    ordered = sorted(points, key=lambda p: p["at"])
    stored = [
        [
            round(p["lat"], 6),
            round(p["lon"], 6),
            p["at"].astimezone(UTC).isoformat(),
            None if p.get("accuracy_m") is None else round(p["accuracy_m"], 1),
        ]
        for p in ordered
    ]
    track = db.session.get(WalkTrack, (walk.id, user.id))
    created = track is None
    if created:
        track = WalkTrack(walk_id=walk.id, user_id=user.id)
        db.session.add(track)
    elif track.points == stored:
        return track, False
    track.points = stored
    track.length_m = round(length(stored), 1)
    track.started_at = ordered[0]["at"].astimezone(UTC)
    track.ended_at = ordered[-1]["at"].astimezone(UTC)
    track.updated_at = utcnow()
    return track, created


def delete_track(walk: Walk, user: User) -> None:
    track = db.session.get(WalkTrack, (walk.id, user.id))
    if track is None:
        raise NotFound("You have no track of this walk.")
    db.session.delete(track)


def visible_tracks(walk: Walk, viewer: User, everyone: bool = True) -> list[WalkTrack]:
    """The tracks of the walk the viewer may see: all for coordinators (when everyone), their
    own for the walkers."""
    query = select(WalkTrack).where(WalkTrack.walk_id == walk.id).order_by(WalkTrack.user_id)
    if not (everyone and viewer.role in STAFF):
        query = query.where(WalkTrack.user_id == viewer.id)
    return list(db.session.scalars(query))


def length(points: list) -> float:
    return sum(distance_m(a[0], a[1], b[0], b[1]) for a, b in pairwise(points))


def describe(track: WalkTrack, named: bool) -> str:
    """The protocol's line for a walked track: whose (in the full view), how long, how many
    points, from when to when."""
    points = len(track.points)
    span = ""
    if track.started_at and track.ended_at:
        span = f", {local(track.started_at):%H.%M}–{local(track.ended_at):%H.%M}"
    who = f" ({track.user.name})" if named else ""
    km = f"{track.length_m / 1000:.2f}".replace(".", ",")
    return f"Gången väg{who}: {km} km, {points} {'punkt' if points == 1 else 'punkter'}{span}"


def remove_old(dry_run: bool = False) -> int:
    """Delete the tracks of walks that ended (or were to start) more than KEPT ago; how many."""
    ended = func.coalesce(Walk.closed_at, Walk.planned_start)
    old = list(
        db.session.scalars(
            select(WalkTrack)
            .join(Walk, Walk.id == WalkTrack.walk_id)
            .where(ended < utcnow() - KEPT)
        )
    )
    if not dry_run:
        for track in old:
            db.session.delete(track)
    return len(old)

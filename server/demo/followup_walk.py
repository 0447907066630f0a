"""The demo's follow-up walk (uppföljande vandring), as the trygghetsvandring method prescribes:
a week from now the centre's autumn walk is walked again. Its participants have the autumn
walk's findings with their status on their phones; the coordinator, checking the route in
advance, has marked two. Everything goes through the walks' own services; a second run finds
the walk and changes nothing."""

from datetime import timedelta

from server.extensions import db
from server.walks import revisits
from server.walks import service as walks
from server.walks.models import Walk, WalkStatus

TITLE = "Uppföljande trygghetsvandring Väsby centrum"
PARTICIPANTS = ("samordnare", "bid", "polis", "vandrare")
# The marks given before the walk, on the autumn walk's first findings, in protocol order.
MARKS = [
    ("kvar", "Fortfarande mörkt vid gångvägen när jag gick rundan i förväg."),
    ("förändrad", "Delvis åtgärdat: en av två armaturer lyser nu."),
]


def load(earlier: Walk, users) -> Walk:
    walk = walks.walk_by_title(TITLE)
    if walk is None:
        start = earlier.planned_start + timedelta(days=22)  # a week from today, same evening
        walk = Walk(
            type=earlier.type,
            title=TITLE,
            area=earlier.area,
            planned_start=start,
            planned_end=start + (earlier.planned_end - earlier.planned_start),
            status=WalkStatus.PLANNED,
            description="Vi går samma väg som i höstas och ser vad som har åtgärdats.",
            meeting_point=earlier.meeting_point,
            meeting_lat=earlier.meeting_lat,
            meeting_lon=earlier.meeting_lon,
            route=earlier.route,
            follows_walk_id=earlier.id,
            created_by_id=users["samordnare"].id,
        )
        db.session.add(walk)
        db.session.flush()
    for key in PARTICIPANTS:
        walks.add_participant(walk, users[key])
    for (_, finding), (state, note) in zip(revisits.earlier_findings(walk), MARKS, strict=False):
        revisits.mark(walk, finding, users["samordnare"], state, note)
    return walk

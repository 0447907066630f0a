"""What the medborgarlöfte does when something happens elsewhere (server/events.py): it refuses
a commitment that does not exist, and keeps the ledger of what counts toward each commitment
(server/promises/ledger.py) as walks close and rounds are logged."""

from server import events
from server.errors import ValidationFailed
from server.est.models import EstAction, EstRound
from server.promises import ledger, service
from server.walks.models import Walk, WalkStatus


def subscribe() -> None:
    events.walk_commitment_chosen.connect(walk_commitment_chosen)
    events.commitment_chosen.connect(check_commitment)
    events.walk_closed.connect(walk_closed)
    events.round_logged.connect(round_logged)
    events.action_commitment_changed.connect(action_commitment_changed)


def check_commitment(sender: object, commitment_id: int) -> None:
    """A walk, an EST action or a round may only be planned for a commitment that exists."""
    if not service.commitment_exists(commitment_id):
        raise ValidationFailed(errors={"commitment_id": ["No such commitment."]})


def walk_commitment_chosen(walk: Walk, commitment_id: int | None) -> None:
    """A walk planned for another commitment, or none: refused when it does not exist; a closed
    walk's count moves with it."""
    if commitment_id is not None:
        check_commitment(walk, commitment_id)
    if walk.status == WalkStatus.CLOSED:
        ledger.count_walk(walk, commitment_id)


def walk_closed(walk: Walk) -> None:
    if walk.commitment_id is not None:
        ledger.count_walk(walk, walk.commitment_id)


def round_logged(logged: EstRound, commitment_id: int | None) -> None:
    if commitment_id is not None:
        ledger.count_round(logged, commitment_id)


def action_commitment_changed(action: EstAction, rounds: list[EstRound]) -> None:
    """The rounds that count for the action's commitment count toward its new one, or none."""
    for logged in rounds:
        ledger.count_round(logged, action.commitment_id)

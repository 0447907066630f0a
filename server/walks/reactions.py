"""What walks do when something happens elsewhere (server/events.py)."""

from server import events
from server.accounts.models import User
from server.walks import service


def subscribe() -> None:
    events.user_created.connect(claim_invitations)


def claim_invitations(user: User) -> None:
    service.claim_invitations(user)  # invited to walks before the account existed

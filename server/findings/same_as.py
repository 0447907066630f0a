"""'Samma sak': a reporter who finds their finding already reported nearby either adds their
photo to it (when they may: may_add_photo) or marks their new finding as the same as it, for
the coordinator's triage queue.

The nearby list hides which finding it is from those who may not read it, so it names each one
by a ref: an HMAC of the finding's id under SECRET_KEY, which says nothing to the phone and
cannot be forged; the server finds the finding again among the open ones. A new finding's
`same_as` is such a ref, or the id of a finding the reporter may read."""

import hashlib
import hmac
import uuid

from flask import current_app
from sqlalchemy import select

from server.accounts.models import Role, User
from server.accounts.policy import finding_scope, moderated
from server.extensions import db
from server.findings.models import OPEN_STATUSES, Finding

SALT = b"lykta-same-as:"


def ref(finding: Finding) -> str:
    return _ref(finding.id)


def _ref(finding_id: uuid.UUID) -> str:
    secret = (current_app.secret_key or "").encode()
    # 40 hex digits: never read as a UUID.
    return hmac.new(secret, SALT + finding_id.bytes, hashlib.sha256).hexdigest()[:40]


def may_add_photo(user: User, finding: Finding, readable: bool | None = None) -> bool:
    """Who may add their photo of the same thing: anyone who may read the open finding, but an
    owner only to their own reports (theirs to add are the photos of the fix)."""
    if finding.status not in OPEN_STATUSES or finding.awaiting_moderation:
        return False
    if user.role == Role.OWNER and finding.reporter_id != user.id:
        return False
    return _readable(user, finding.id) if readable is None else readable


def resolve(user: User, value: str, category_id: int) -> uuid.UUID | None:
    """The finding a new one says it is the same as: a ref from the nearby list (a finding of
    its category), or the id of a finding the reporter may read. None for anything else: the
    mark is dropped, never the report (a phone may send it days later, offline-made)."""
    try:
        finding_id = uuid.UUID(value)
    except ValueError:
        return _by_ref(value, category_id)
    return finding_id if _readable(user, finding_id) else None


def _by_ref(value: str, category_id: int) -> uuid.UUID | None:
    for finding_id in db.session.scalars(
        select(Finding.id).where(Finding.category_id == category_id, moderated())
    ):
        if hmac.compare_digest(_ref(finding_id), value):
            return finding_id
    return None


def _readable(user: User, finding_id: uuid.UUID) -> bool:
    return (
        db.session.scalar(
            select(Finding.id).where(Finding.id == finding_id, finding_scope(user), moderated())
        )
        is not None
    )

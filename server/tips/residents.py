"""What the resident who left an email hears, and their one answer.

Emails go through the outbox (server/notify) as every email does, in the transaction of the
change that causes them: approved ("vi har tagit emot och skickat vidare"), rejected (with the
reason) and fixed, which asks once "Är det åtgärdat?" with two links, Ja and Nej, to a page
(server/tips/pages.py). The outbox row names the history line written on the tip's finding
(kind 'resident'), never the owner's delivery: the tip's own finding is not the one the owner's
emails are about when it was merged.

The address is deleted (NULL) as soon as no email is left to send: with the fixed email (the
answer page works by its token), with the rejection, and when the finding closes any other way.
A merged tip keeps it until the finding it was merged into is fixed, or closes. The worker
clears the address from the outbox row once it is sent (server/notify/worker.py).

"Nej" reopens the finding: back to its owner as skickad (the owner is told again), or to the
triage queue when it has none. "Ja" makes a fixed finding verifierad. Each is recorded in the
finding's history as said by the resident, and can be given once.
"""

import secrets

from sqlalchemy import select

from server.accounts.models import User
from server.database import utcnow
from server.extensions import db
from server.findings import service as findings
from server.findings.models import CLOSED_STATUSES, EventKind, Finding, FindingEvent, Status
from server.followup import moves as followup
from server.notify.models import Notification, NotificationKind
from server.tips.models import Answer, ResidentTip

NOT_FIXED = "Invånaren som tipsade svarade att det inte är åtgärdat."
CONFIRMED = "Invånaren som tipsade bekräftade att det är åtgärdat."


def tell(tip: ResidentTip, kind: str) -> Notification | None:
    """Queue one email to the resident about their tip, if they left an address."""
    if not tip.email:
        return None
    line = FindingEvent(kind=EventKind.RESIDENT, to_value=kind, via="worker", at=utcnow())
    tip.finding.events.append(line)
    row = Notification(
        kind=kind,
        finding_id=None,
        event=line,
        recipient=tip.email,
        locale=tip.locale if tip.locale in ("sv", "en") else "sv",
        digest=False,
        next_attempt_at=utcnow(),
    )
    db.session.add(row)
    return row


def tell_fixed(tip: ResidentTip) -> None:
    """The fix, with the one question; the address is not needed after this email."""
    if tip.email and tip.fixed_question_sent_at is None:
        tip.fixed_question_token = secrets.token_urlsafe(32)
        tip.fixed_question_sent_at = utcnow()
        tell(tip, NotificationKind.TIP_FIXED)
    tip.email = None


def status_changed(finding: Finding) -> None:
    """The finding moved (events.finding_status_changed): its own tip, and the tips merged into
    it, learn of a fix; when it closes otherwise, their addresses go."""
    tip = db.session.get(ResidentTip, finding.id)
    if tip is not None and not (finding.status == Status.DUPLICATE and finding.duplicate_of_id):
        _follow(tip, finding.status)
    merged = db.session.scalars(
        select(ResidentTip)
        .join(Finding, Finding.id == ResidentTip.finding_id)
        .where(Finding.duplicate_of_id == finding.id, ResidentTip.email.is_not(None))
    )
    for other in merged:
        _follow(other, finding.status)


def _follow(tip: ResidentTip, status: str) -> None:
    if tip.email is None:
        return
    if status == Status.FIXED:
        tell_fixed(tip)
    elif status in CLOSED_STATUSES:
        tip.email = None


def by_token(token: str) -> ResidentTip | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(ResidentTip).where(ResidentTip.fixed_question_token == token))


def asked_about(tip: ResidentTip) -> Finding:
    """The finding the question is about: the one it was merged into, or its own."""
    finding = tip.finding
    return finding.duplicate_of if finding.duplicate_of_id else finding


def answer(tip: ResidentTip, value: str, resident: User) -> bool:
    """Record the resident's answer; False when they had answered already (nothing changes)."""
    if tip.fixed_answer is not None:
        return False
    tip.fixed_answer = Answer(value).value
    tip.answered_at = utcnow()
    finding = db.session.get(Finding, asked_about(tip).id, with_for_update=True)
    fixed = finding.status in (Status.FIXED, Status.VERIFIED)
    if value == Answer.NO and fixed:
        target = Status.SENT if finding.assigned_org_id is not None else Status.TRIAGED
        followup.reopen(finding, resident, target, NOT_FIXED)
        followup.touch_duplicates(finding)
    elif value == Answer.YES and finding.status == Status.FIXED:
        findings.set_status(finding, resident, Status.VERIFIED, CONFIRMED, via="link")
        followup.touch_duplicates(finding)
    else:
        findings.record(
            finding,
            EventKind.RESIDENT,
            NOT_FIXED if value == Answer.NO else CONFIRMED,
            actor=resident,
            to_value=value,
            via="link",
        )
        finding.touch()
    return True

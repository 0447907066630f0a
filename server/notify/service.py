"""Writing to the outbox, in the transaction of the change that causes the email.

Who gets an email when a finding is sent to an organisation:
- its active users with the owner role, in their language, unless they turned emails off;
- its contact addresses: the property's addresses when the finding was routed by a property of
  this organisation and the import gave some, else the organisation's email address. These get
  a signed link (server/notify/links.py), in Swedish, immediately or in the organisation's
  daily digest.
An address that is both a user's and a contact address gets one email, the user's.

Comments shared across go the same ways (enqueue_comment): a coordinator's to those
addresses, an owner's to the coordinators' accounts.

Nothing is sent here: `lykta worker` (server/notify/worker.py) delivers what is due. An email
about a finding whose photos are still on their way waits for them, up to
LYKTA_NOTIFY_PHOTO_WAIT_SECONDS, so that it can show the photo.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import case, or_, select, update

from server import clock
from server.accounts.models import NotifyMode, Organisation, Role, User
from server.database import utcnow
from server.extensions import db
from server.findings import service as findings
from server.findings.models import EventKind, Finding, FindingEvent
from server.notify.models import Delivery, Notification, NotificationKind
from server.places.models import Property

NO_RECIPIENT = "The organisation has no email address and no users who get emails."


@dataclass(frozen=True)
class Recipient:
    address: str
    user_id: int | None
    locale: str
    digest: bool


def recipients(organisation: Organisation, prop: Property | None = None) -> list[Recipient]:
    found = _users_told(User.organisation_id == organisation.id, User.role == Role.OWNER)
    contacts = []
    if prop is not None and prop.owner_org_id == organisation.id:
        contacts = list(prop.contact_emails or [])
    if not contacts and organisation.email:
        contacts = [organisation.email]
    digest = organisation.notify_mode == NotifyMode.DIGEST
    for address in contacts:
        address = address.strip().lower()
        if address:
            found.setdefault(address, Recipient(address, None, "sv", digest))
    return list(found.values())


def coordinators() -> list[Recipient]:
    """The coordinators who get emails (an owner's comments): every active coordinator who has
    not turned emails off, in their language, at once or in their daily digest."""
    return list(_users_told(User.role == Role.COORDINATOR).values())


def _users_told(*which) -> dict[str, Recipient]:
    """Active users who have not turned emails off, by address."""
    users = db.session.scalars(
        select(User)
        .where(*which, User.active.is_(True), User.notify_mode != NotifyMode.OFF)
        .order_by(User.id)
    )
    found: dict[str, Recipient] = {}
    for user in users:
        address = user.email.lower()
        found.setdefault(
            address,
            Recipient(address, user.id, user.locale, user.notify_mode == NotifyMode.DIGEST),
        )
    return found


def routed_property(finding: Finding, organisation: Organisation) -> Property | None:
    """The property that routed the finding to this organisation, if one did."""
    if finding.property_id:
        prop = db.session.get(Property, finding.property_id)
        if prop is not None and prop.owner_org_id == organisation.id:
            return prop
    return None


def supersede(finding: Finding) -> None:
    """The finding is routed anew: earlier emails no longer tell whether its owner knows, and
    those not yet sent are cancelled."""
    pending = Notification.status == Delivery.PENDING
    db.session.execute(
        update(Notification)
        .where(
            Notification.finding_id == finding.id,
            # An owner's comment is for the coordinators, wherever the finding goes next.
            Notification.kind != NotificationKind.OWNER_COMMENT,
            or_(Notification.current.is_(True), pending),
        )
        .values(
            current=False,
            status=case((pending, Delivery.CANCELLED.value), else_=Notification.status),
        ),
        execution_options={"synchronize_session": False},
    )
    finding.delivery_state = None


def enqueue_assignment(finding: Finding, organisation: Organisation) -> list[Notification]:
    """Queue the emails that tell an organisation about a finding sent to it."""
    supersede(finding)
    now = utcnow()
    config = current_app.config
    targets = recipients(organisation, routed_property(finding, organisation))
    if not targets:
        row = Notification(
            kind=NotificationKind.ASSIGNED,
            finding_id=finding.id,
            organisation_id=organisation.id,
            recipient=None,
            status=Delivery.FAILED,
            last_error=NO_RECIPIENT,
            next_attempt_at=now,
            failed_at=now,
        )
        db.session.add(row)
        finding.delivery_state = Delivery.FAILED
        findings.record(
            finding,
            EventKind.DELIVERY,
            f"Ingen att mejla hos {organisation.name}: ingen e-postadress och inga användare.",
            via="router",
            data={"problem": "no_recipient", "organisation": organisation.name},
        )
        return [row]
    wait = 0 if finding.complete else config["LYKTA_NOTIFY_PHOTO_WAIT_SECONDS"]
    rows = []
    for target in targets:
        due = next_digest(now) if target.digest else now + timedelta(seconds=wait)
        rows.append(
            Notification(
                kind=NotificationKind.ASSIGNED,
                finding_id=finding.id,
                organisation_id=organisation.id,
                user_id=target.user_id,
                recipient=target.address,
                locale=target.locale,
                digest=target.digest,
                next_attempt_at=due,
            )
        )
    db.session.add_all(rows)
    finding.delivery_state = Delivery.PENDING
    return rows


def enqueue_comment(finding: Finding, event: FindingEvent, *, to_coordinators: bool) -> None:
    """Queue the emails that tell the other side about a shared comment: an owner's to the
    coordinators, a coordinator's to the organisation the finding is sent to (the addresses its
    other emails go to: its users into the app, its contact addresses with a signed link).
    Sent at once, or in the recipient's daily digest."""
    if to_coordinators:
        kind, targets = NotificationKind.OWNER_COMMENT, coordinators()
        organisation_id = (event.data or {}).get("organisation_id")
    else:
        organisation = finding.assigned_org
        kind = NotificationKind.COORDINATOR_COMMENT
        targets = recipients(organisation, routed_property(finding, organisation))
        organisation_id = organisation.id
    now = utcnow()
    db.session.add_all(
        Notification(
            kind=kind,
            finding_id=finding.id,
            event_id=event.id,
            organisation_id=organisation_id,
            user_id=target.user_id,
            recipient=target.address,
            locale=target.locale,
            digest=target.digest,
            next_attempt_at=next_digest(now) if target.digest else now,
        )
        for target in targets
    )


def photos_arrived(finding: Finding) -> None:
    """The finding's last photo is in: its emails need not wait any longer."""
    db.session.execute(
        update(Notification)
        .where(
            Notification.finding_id == finding.id,
            Notification.status == Delivery.PENDING,
            Notification.digest.is_(False),
            Notification.attempts == 0,
        )
        .values(next_attempt_at=utcnow())
    )


def next_digest(now: datetime) -> datetime:
    """The next LYKTA_DIGEST_HOUR o'clock, local time, after now."""
    local = clock.local(now)
    moment = local.replace(
        hour=current_app.config["LYKTA_DIGEST_HOUR"], minute=0, second=0, microsecond=0
    )
    if moment <= local:
        moment = (moment + timedelta(days=1)).replace(hour=current_app.config["LYKTA_DIGEST_HOUR"])
    return moment.astimezone(utcnow().tzinfo)


def refresh_delivery_state(finding: Finding) -> None:
    """sent when anyone got the current email, failed when every attempt gave up, else
    pending; None when nothing is current (in triage)."""
    statuses = set(
        db.session.scalars(
            select(Notification.status).where(
                Notification.finding_id == finding.id,
                Notification.current.is_(True),
                Notification.status != Delivery.CANCELLED,
                Notification.kind == NotificationKind.ASSIGNED,  # reminders are not the delivery
            )
        )
    )
    if not statuses:
        state = None
    elif Delivery.SENT in statuses:
        state = Delivery.SENT
    elif statuses == {Delivery.FAILED}:
        state = Delivery.FAILED
    else:
        state = Delivery.PENDING
    if finding.delivery_state != state:
        finding.delivery_state = state
        finding.touch()

"""`lykta worker`: delivers the outbox over SMTP.

Each round claims what is due in a short transaction (status 'sending', claimed_by this worker,
claimed_until a lease), then builds and sends each email with no transaction open, then
records the result in another short transaction. Several workers can run at once without
sending anything twice:
- PostgreSQL: the claim selects with FOR UPDATE SKIP LOCKED, so concurrent workers take
  different rows; digests are claimed per recipient under a transaction-level advisory lock, so
  one recipient's day is never split between two workers;
- SQLite: every transaction begins with BEGIN IMMEDIATE (server/database.py), so claims are
  serialised.
A worker that dies after claiming leaves its rows to be claimed again when the lease ends;
one that dies between the SMTP server's "250 OK" and recording it sends that email again
when the lease ends (at least once: the one case that cannot be closed without the mail
server's help, and the reason the lease is long).

Failures: a reply about the recipient or the message (5xx) fails the row at once; anything
else (connection, 4xx) is tried again after LYKTA_NOTIFY_RETRY_SECONDS x 6^(attempt-1), ±10%
(5 min, 30 min, 3 h, 18 h by default), and gives up after LYKTA_NOTIFY_MAX_ATTEMPTS (5: about
a day). A failed row is shown to coordinators (GET /api/v1/notifications?status=failed), in
the finding's history and as its `delivery` 'failed'. When the mail server cannot be reached
at all, the round stops and the rest waits, uncounted, for the next round.
"""

import logging
import os
import random
import signal
import socket
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import Flask
from sqlalchemy import and_, func, or_, select, update

from server.database import utcnow
from server.extensions import db
from server.findings import service as findings
from server.findings.models import EventKind, Finding, Status
from server.followup import reminders
from server.notify import emails
from server.notify import service as notify
from server.notify.mailer import DeliveryError, SmtpMailer, TemporaryFailure
from server.notify.models import TIP_KINDS, Delivery, Notification, NotificationKind

log = logging.getLogger("lykta.worker")
BACKOFF_FACTOR = 6
DIGEST_LOCK = 0x4C796B74  # "Lykt": the advisory lock that serialises claiming digests
MAX_ROUNDS = 1000


@dataclass
class Stats:
    sent: int = 0  # emails (a digest is one)
    retried: int = 0
    failed: int = 0
    cancelled: int = 0
    rows: list[int] = field(default_factory=list)  # sent
    tried: set[int] = field(default_factory=set)  # failed and to be tried again


class Worker:
    def __init__(self, app: Flask, *, name: str | None = None, mailer_factory=None, batch=50):
        self.app = app
        self.name = name or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.batch = batch
        self.mailer_factory = mailer_factory or (
            lambda: SmtpMailer(app.config["SMTP_URL"], app.config["LYKTA_SMTP_TIMEOUT"])
        )

    # --- running -------------------------------------------------------------------------------

    def run_once(self, now: datetime | None = None) -> Stats:
        """Deliver everything due now, then return."""
        stats = Stats()
        with self.app.app_context():
            try:
                with self.mailer_factory() as mailer:
                    for _ in range(MAX_ROUNDS):
                        moment = now or utcnow()
                        # Rows this run already tried are not tried again in it, even when
                        # their next attempt is due at once (a retry delay of 0).
                        groups = self._claim(moment, stats.tried)
                        if not groups:
                            break
                        if not self._deliver_all(groups, mailer, moment, stats):
                            break
            finally:
                db.session.remove()
        return stats

    def run_forever(self, stop: threading.Event, interval: float, parent_pid: int | None = None):
        """Rounds every `interval` seconds until stop is set (SIGTERM, SIGINT) or, when started
        by `lykta serve`, until the server that started it is gone."""
        log.info("Worker %s started", self.name)
        while not stop.is_set():
            try:
                reminders.daily_reminders(self.app, self)  # after LYKTA_REMINDER_HOUR, once a day
                stats = self.run_once()
                if stats.sent or stats.failed or stats.retried:
                    log.info(
                        "Sent %d, to retry %d, failed %d", stats.sent, stats.retried, stats.failed
                    )
            except Exception:
                log.exception("The worker's round failed; trying again")
            if parent_pid is not None and os.getppid() != parent_pid:
                break
            stop.wait(interval)
        log.info("Worker %s stopped", self.name)

    # --- claiming ------------------------------------------------------------------------------

    def _claim(self, now: datetime, skip: set[int]) -> list[list[int]]:
        lease = timedelta(seconds=self.app.config.get("LYKTA_NOTIFY_LEASE_SECONDS", 600))
        due = or_(
            and_(Notification.status == Delivery.PENDING, Notification.next_attempt_at <= now),
            and_(Notification.status == Delivery.SENDING, Notification.claimed_until < now),
        )
        not_seen = Notification.id.not_in(skip) if skip else True
        singles = list(
            db.session.scalars(
                select(Notification.id)
                .where(due, Notification.digest.is_(False), not_seen)
                .order_by(Notification.next_attempt_at, Notification.id)
                .limit(self.batch)
                .with_for_update(skip_locked=True)
            )
        )
        groups = [[row_id] for row_id in singles]
        if self._may_claim_digests():
            # One email per recipient and kind: the day's new findings, or the reminders.
            recipients = db.session.execute(
                select(Notification.recipient, Notification.kind)
                .where(due, Notification.digest.is_(True), not_seen)
                .group_by(Notification.recipient, Notification.kind)
                .order_by(func.min(Notification.next_attempt_at))
                .limit(max(1, self.batch // 5))
            ).all()
            for recipient, kind in recipients:
                ids = list(
                    db.session.scalars(
                        select(Notification.id)
                        .where(
                            due,
                            Notification.digest.is_(True),
                            Notification.recipient == recipient,
                            Notification.kind == kind,
                            not_seen,
                        )
                        .order_by(Notification.id)
                        .with_for_update()
                    )
                )
                if ids:
                    groups.append(ids)
        claimed = [row_id for group in groups for row_id in group]
        if claimed:
            db.session.execute(
                update(Notification)
                .where(Notification.id.in_(claimed))
                .values(status=Delivery.SENDING, claimed_by=self.name, claimed_until=now + lease)
            )
        db.session.commit()
        return groups

    def _may_claim_digests(self) -> bool:
        if db.engine.dialect.name != "postgresql":
            return True  # SQLite: this transaction already holds the write lock
        return bool(db.session.scalar(select(func.pg_try_advisory_xact_lock(DIGEST_LOCK))))

    # --- delivering ----------------------------------------------------------------------------

    def _deliver_all(self, groups, mailer, now: datetime, stats: Stats) -> bool:
        for position, group in enumerate(groups):
            try:
                self._deliver(group, mailer, now, stats)
            except TemporaryFailure as failure:
                if failure.connection:
                    # The mail server is out of reach: the rest waits for the next round,
                    # without counting an attempt against it.
                    self._release([row for rest in groups[position + 1 :] for row in rest])
                    return False
        return True

    def _deliver(self, ids: list[int], mailer, now: datetime, stats: Stats) -> None:
        db.session.expire_all()  # a long run: read findings as they are now, not as they were
        rows = list(
            db.session.scalars(
                select(Notification)
                .where(
                    Notification.id.in_(ids),
                    Notification.claimed_by == self.name,
                    Notification.status == Delivery.SENDING,
                )
                .order_by(Notification.id)
            )
        )
        live, moot = [], set()
        for row in rows:
            if row.finding is None:  # about a walk (an invitation), not a finding
                if emails.still_relevant(row):
                    live.append(row)
                else:
                    row.status, row.claimed_by = Delivery.CANCELLED, None
                    stats.cancelled += 1
                continue
            if _has_nothing_to_say(row):
                row.status, row.claimed_by = Delivery.CANCELLED, None
                moot.add(row.finding)
                stats.cancelled += 1
            else:
                live.append(row)
        for finding in moot:
            notify.refresh_delivery_state(finding)
        if not live:
            db.session.commit()
            return
        live_ids = [row.id for row in live]
        try:
            message = emails.build(live)
        except Exception as error:  # a bug in a template must not stop the outbox
            log.exception("Could not build the email for notifications %s", live_ids)
            db.session.rollback()
            self._record_failure(live_ids, TemporaryFailure(f"{type(error).__name__}"), now, stats)
            return
        message_id = message["Message-ID"]
        db.session.commit()  # nothing is held while we talk to the mail server
        try:
            mailer.send(message)
        except DeliveryError as error:
            self._record_failure(live_ids, error, now, stats)
            if isinstance(error, TemporaryFailure) and error.connection:
                raise
            return
        self._record_sent(live_ids, message_id, stats)

    def _record_sent(self, ids: list[int], message_id: str, stats: Stats) -> None:
        rows = self._mine(ids)
        for row in rows:
            row.status = Delivery.SENT
            row.sent_at = utcnow()
            row.message_id = message_id
            row.claimed_by = row.claimed_until = None
            row.last_error = None
            if row.kind in TIP_KINDS:
                row.recipient = None  # a resident's address is kept no longer than needed
        for finding in {row.finding for row in rows} - {None}:
            notify.refresh_delivery_state(finding)
        db.session.commit()
        stats.sent += 1
        stats.rows.extend(row.id for row in rows)

    def _record_failure(self, ids, error: DeliveryError, now: datetime, stats: Stats) -> None:
        config = self.app.config
        text = str(error)[:2000]
        rows = self._mine(ids)
        for row in rows:
            row.attempts += 1
            row.last_error = text
            row.claimed_by = row.claimed_until = None
            if error.permanent or row.attempts >= config["LYKTA_NOTIFY_MAX_ATTEMPTS"]:
                row.status = Delivery.FAILED
                row.failed_at = utcnow()
                if row.kind in TIP_KINDS:
                    row.recipient = None
                if row.finding is not None:  # None: a walk invitation
                    self._tell_coordinators(row.finding, row, text)
            else:
                row.status = Delivery.PENDING
                stats.tried.add(row.id)
                delay = config["LYKTA_NOTIFY_RETRY_SECONDS"] * BACKOFF_FACTOR ** (row.attempts - 1)
                row.next_attempt_at = now + timedelta(seconds=delay * random.uniform(0.9, 1.1))  # noqa: S311
        for finding in {row.finding for row in rows} - {None}:
            notify.refresh_delivery_state(finding)
        db.session.commit()
        if rows and rows[0].status == Delivery.FAILED:
            stats.failed += 1
        elif rows:
            stats.retried += 1

    def _tell_coordinators(self, finding: Finding, row: Notification, text: str) -> None:
        findings.record(
            finding,
            EventKind.DELIVERY,
            f"E-post till {row.recipient} kunde inte levereras efter {row.attempts} försök: {text}",
            via="worker",
            data={"recipient": row.recipient, "attempts": row.attempts, "error": text},
        )
        finding.touch()

    def _release(self, ids: list[int]) -> None:
        if ids:
            db.session.execute(
                update(Notification)
                .where(
                    Notification.id.in_(ids),
                    Notification.claimed_by == self.name,
                    Notification.status == Delivery.SENDING,
                )
                .values(status=Delivery.PENDING, claimed_by=None, claimed_until=None)
            )
        db.session.commit()

    def _mine(self, ids: list[int]) -> list[Notification]:
        return list(
            db.session.scalars(
                select(Notification).where(
                    Notification.id.in_(ids),
                    Notification.claimed_by == self.name,
                    Notification.status == Delivery.SENDING,
                )
            )
        )


def _has_nothing_to_say(row: Notification) -> bool:
    """An email about a finding that is moot by the time it goes: the finding was sent
    elsewhere (its owner's link and screens no longer open it), or the owner has already
    answered (or it is closed; a reminder: fixed or sent back). An owner's comment is for the
    coordinators whatever happened since."""
    finding = row.finding
    if row.kind == NotificationKind.OWNER_COMMENT:
        return False
    if finding.assigned_org_id != row.organisation_id or not row.current:
        return True
    if row.kind == NotificationKind.COORDINATOR_COMMENT:
        return False
    if row.kind == NotificationKind.REMINDER:
        return finding.status not in reminders.WITH_OWNER
    return finding.status != Status.SENT


def install_signal_handlers(stop: threading.Event) -> None:
    def handle(signum, frame):
        stop.set()

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)

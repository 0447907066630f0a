"""A resident's tip (invånartips): a finding sent without an account, and its moderation.

The finding itself is an ordinary Finding (server/findings) reported by the one system account
"Invånare", with `awaiting_moderation` set until a coordinator approves it; this table keeps
what only the tip has: the resident's email address (NULL once it is no longer needed), the
moderation's state and who decided it, and the one question asked after the fix. Nothing that
identifies the sender's device or network is stored here or anywhere with the tip.
"""

import enum
import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.accounts.models import User
from server.database import UTCDateTime
from server.extensions import db
from server.findings.models import Finding


class TipState(enum.StrEnum):
    WAITING = "väntar"
    APPROVED = "godkänd"
    REJECTED = "avvisad"
    MERGED = "sammanslagen"


class Answer(enum.StrEnum):
    YES = "ja"
    NO = "nej"


class ResidentTip(db.Model):
    __tablename__ = "resident_tips"

    finding_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("findings.id", ondelete="CASCADE"), primary_key=True
    )
    # For the resident's updates only; set to NULL as soon as no email is left to send.
    email: Mapped[str | None] = mapped_column(String(320))
    locale: Mapped[str] = mapped_column(String(5), default="sv")  # the page's language
    state: Mapped[str] = mapped_column(String(20), default=TipState.WAITING.value, index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reason: Mapped[str | None] = mapped_column(Text)  # a rejection's reason, told the resident
    # "Är det åtgärdat?": the random token of the answer page's link, asked once.
    fixed_question_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    fixed_question_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    fixed_answer: Mapped[str | None] = mapped_column(String(5))  # ja | nej
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    finding: Mapped[Finding] = relationship()
    decided_by: Mapped[User | None] = relationship()

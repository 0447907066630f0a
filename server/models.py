"""Every model of every resource, so that the metadata Alembic compares against is complete."""

from server.accounts.models import ApiToken, LoginFailure, Organisation, User
from server.audit.models import AuditEntry
from server.categories.models import Category
from server.est.models import EstAction, EstRound
from server.findings.models import Finding, FindingEvent
from server.followup.models import DistinctPair
from server.incidents.models import Incident, IncidentType
from server.notify.models import Notification
from server.photos.models import Photo
from server.places.models import Area, FindingArea, Property
from server.promises.models import (
    Commitment,
    CommitmentActivity,
    CommitmentComment,
    Insats,
    Promise,
    PromiseParty,
)
from server.public.models import PublicSubmission
from server.routing.models import RoutingRule
from server.survey.models import RatingReason, SafetyRating, SurveyCampaign
from server.tips.models import ResidentTip
from server.walks.models import Walk, WalkInvitation, WalkParticipant

__all__ = [
    "ApiToken",
    "Area",
    "AuditEntry",
    "Category",
    "Commitment",
    "CommitmentActivity",
    "CommitmentComment",
    "DistinctPair",
    "EstAction",
    "EstRound",
    "Finding",
    "FindingArea",
    "FindingEvent",
    "Incident",
    "IncidentType",
    "Insats",
    "LoginFailure",
    "Notification",
    "Organisation",
    "Photo",
    "Promise",
    "PromiseParty",
    "Property",
    "PublicSubmission",
    "RatingReason",
    "ResidentTip",
    "RoutingRule",
    "SafetyRating",
    "SurveyCampaign",
    "User",
    "Walk",
    "WalkInvitation",
    "WalkParticipant",
]

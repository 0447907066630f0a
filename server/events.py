"""Domain events: what happened in one domain, for the other domains to react to.

A domain announces a fact where it happens, `events.finding_located.send(finding)`, and does
not know who listens. A domain that cares subscribes in its package's `reactions.py`, whose
`subscribe()` create_app() calls (server/__init__.py), so the domain that announces never
imports the one that reacts: the findings do not import routing, the photos do not import the
outbox, accounts do not import walks. This keeps the import graph without cycles
(tests/test_architecture.py) — the model is indico's `signals`.

Receivers run at once, in the announcer's transaction, in the order they subscribed: what
they change is committed, or rolled back, with what announced it; if one raises, the request
fails as a whole. The sender is the object the event is about; further facts go as keywords.
"""

from blinker import Namespace

_events = Namespace()

user_created = _events.signal(
    "user-created",
    doc="""An account was created; sender: the User, flushed (it has its id).
    walks: invitations sent to its address before it existed make it a participant.""",
)

finding_located = _events.signal(
    "finding-located",
    doc="""A finding got its position: at creation, or later from its photo's GPS (a photo
    picked from the gallery); sender: the Finding.
    routing: a finding nobody has handled yet is routed (sent, or proposed for review).""",
)

finding_recategorised = _events.signal(
    "finding-recategorised",
    doc="""The reporter corrected the category of a finding still in triage; sender: the
    Finding, with its new category.
    routing: the proposal was for the old category, so the router is asked again.""",
)

walk_commitment_chosen = _events.signal(
    "walk-commitment-chosen",
    doc="""A walk is planned for a commitment of a medborgarlöfte (at creation or when its plan
    changes), before it is stored; sender: the Walk, with commitment_id, the id asked for (None
    when a walk planned for one no longer is).
    promises: refuses a commitment that does not exist (422); a closed walk's count moves.""",
)

walk_closed = _events.signal(
    "walk-closed",
    doc="""A walk became avslutad (closed), the first time; sender: the Walk, with its
    started_at set (its planned start when it was closed without being started).
    promises: a walk planned for a commitment counts toward it (the ledger).""",
)

commitment_chosen = _events.signal(
    "commitment-chosen",
    doc="""An EST action or a round is planned for a commitment of a medborgarlöfte (at creation
    or when it changes), before it is stored; sender: the EstAction or EstRound, with
    commitment_id, the id asked for.
    promises: refuses a commitment that does not exist (422).""",
)

round_logged = _events.signal(
    "round-logged",
    doc="""A round (trygghetsrunda) at a hot spot was stored the first time (not a replay);
    sender: the EstRound, flushed, with commitment_id: its own or its action's, or None.
    promises: a round for a commitment counts toward it (the ledger).""",
)

action_commitment_changed = _events.signal(
    "action-commitment-changed",
    doc="""The commitment an EST action is for changed after it was stored; sender: the
    EstAction, with rounds: its rounds that count for the action's commitment (those without
    one of their own).
    promises: those rounds now count toward the new commitment, or none.""",
)

finding_photos_complete = _events.signal(
    "finding-photos-complete",
    doc="""The last photo announced with a finding arrived; sender: the Finding.
    notify: emails held back until the photos were in are released.""",
)

incident_recorded = _events.signal(
    "incident-recorded",
    doc="""An incident was stored the first time (by its PUT or by a CSV import; not on a
    replay); sender: the Incident, flushed, with imported: True when it came from a file.
    notify: an incident of a type marked alert, recorded in the app, is emailed to the
    coordinators (imported ones never: a week's backlog would flood them).""",
)

finding_status_changed = _events.signal(
    "finding-status-changed",
    doc="""A finding moved along the transition table (server/findings/workflow.py: a person's or
    an owner's link's move, not the router's); sender: the Finding, with its new status, with
    before: the status it had, and actor: the User who moved it (None: an owner's link).
    tips: a waiting tip merged (dubblett) or rejected is decided; a resident who left an email
    is told of the fix and asked once whether it is fixed; the address is deleted when the
    finding closes.""",
)

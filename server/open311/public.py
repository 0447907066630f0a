"""What Open311 shows without a key: which findings, and which of their fields.

A GET of service requests without `api_key` (and without a sign-in) answers with the public
findings in public fields only, so that the common GeoReport clients, which send no key when
they read, work. `LYKTA_PUBLIC_FINDINGS=0` turns this off: a keyless GET is then a 401.

Public fields leave out everything that can point at a person:
- `description` (free text: names, door codes, "the drunk in number 4") and `media_url` (a
  photo of a house, a face, a number plate) are null;
- `status_notes` carries only the owner's planned date, never a rejection's reason (free text);
- `address` is the names of the areas the finding lies in, never the property designation: a
  fastighetsbeteckning of a detached house names one household;
- `agency_responsible` is the organisation only when it is an organisation by kind (kommun,
  förvaltning, polis, BID, bostadsbolag); a fastighetsägare or an "övrig" can be one person;
- `lat`/`long` are rounded to 3 decimals: 0.001° is 111 m north-south and about 56 m east-west
  in central Sweden, so a point says which block, not which door or window.
"""

from flask import current_app
from sqlalchemy import and_, select

from server.accounts.models import OrganisationKind
from server.accounts.policy import moderated
from server.categories.models import Category
from server.findings.models import Finding, Status
from server.open311.presenters import present_request

DECIMALS = 3
NAMED_KINDS = {
    kind.value
    for kind in (
        OrganisationKind.KOMMUN,
        OrganisationKind.FORVALTNING,
        OrganisationKind.POLIS,
        OrganisationKind.BID,
        OrganisationKind.BOSTADSBOLAG,
    )
}


def enabled() -> bool:
    return bool(current_app.config["LYKTA_PUBLIC_FINDINGS"])


def public_findings():
    """A SQL condition on findings: the ones anybody may see through Open311 without a key.

    Every deviation (not the positive mark 'trygg plats', which requests nothing) past
    moderation: a resident's tip that waits for a coordinator, or was rejected, never."""
    deviations = select(Category.id).where(Category.positive.is_(False))
    return and_(Finding.category_id.in_(deviations), moderated())


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, DECIMALS)


def present_public_request(finding: Finding) -> dict:
    """A request with the public fields only (see the top of this module)."""
    answer = present_request(finding, None)
    organisation = finding.assigned_org
    planned = finding.status == Status.PLANNED and finding.planned_for
    answer.update(
        {
            "status_notes": answer["status_notes"] if planned else None,
            "description": None,
            "agency_responsible": (
                organisation.name
                if organisation is not None and organisation.kind in NAMED_KINDS
                else None
            ),
            "address": ", ".join(finding.area_names) or None,
            "lat": _rounded(finding.lat),
            "long": _rounded(finding.lon),
            "media_url": None,
        }
    )
    return answer

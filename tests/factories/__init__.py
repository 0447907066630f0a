"""What the tests build their data from: places around Väsby centrum, findings, photos, the
owner's signed link, dates in Stockholm. Plain functions, imported by any test folder;
the fixtures that need an app (make_user, make_property...) are in tests/conftest.py."""

from tests.factories.accounts import PASSWORD
from tests.factories.dates import STOCKHOLM, stockholm_today
from tests.factories.findings import add_finding, finding_body, local, sent, update_finding
from tests.factories.owner_links import form_token, link
from tests.factories.photos import MANIFEST, MANIFEST_BY_NAME, PHOTOS, photo
from tests.factories.places import CENTRE, at, collection, feature, multi, rectangle

__all__ = [
    "CENTRE",
    "MANIFEST",
    "MANIFEST_BY_NAME",
    "PASSWORD",
    "PHOTOS",
    "STOCKHOLM",
    "add_finding",
    "at",
    "collection",
    "feature",
    "finding_body",
    "form_token",
    "link",
    "local",
    "multi",
    "photo",
    "rectangle",
    "sent",
    "stockholm_today",
    "update_finding",
]

"""The Open311 tests' world: two properties of two owners in one area, a finding with a
photo and a note on the first, one on the second, and one from 100 days ago."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import at, photo, rectangle


def recent(days=1) -> str:
    return (datetime.now(UTC) - timedelta(days=days)).isoformat()


@pytest.fixture
def world(api, make_user, make_org, make_property, make_finding, make_area):
    vasbyhem = make_org("AB Väsbyhem", "bostadsbolag")
    other = make_org("Brf Messingen")
    make_property("Upplands Väsby Dragonen 1:12", vasbyhem, rectangle(0, 0, 60, 60))
    make_property("Messingen 2:3", other, rectangle(100, 0, 160, 60))
    make_area("Centrum", rectangle(-300, -300, 300, 300))
    users = {
        "reporter": make_user("reporter"),
        "owner": make_user("owner", vasbyhem),
        "other_owner": make_user("owner", other),
        "coordinator": make_user("coordinator"),
    }
    lat, lon = at(10, 10)
    photo_id = str(uuid.uuid4())
    lamp = make_finding(
        users["reporter"],
        lat=lat,
        lon=lon,
        captured_at=recent(),
        photos=[photo_id],
        note="Lampan vid porten är trasig",
    )
    api(users["reporter"]).put(
        f"/api/v1/findings/{lamp['id']}/photos/{photo_id}",
        data=photo("jolla_phone.jpg"),
        content_type="image/jpeg",
    )
    lat, lon = at(130, 10)
    graffiti = make_finding(
        users["reporter"], category="klotter", lat=lat, lon=lon, captured_at=recent(2)
    )
    lat, lon = at(-200, -200)
    old = make_finding(
        users["reporter"], category="klotter", lat=lat, lon=lon, captured_at=recent(100)
    )
    return {
        "users": users,
        "lamp": lamp,
        "graffiti": graffiti,
        "old": old,
        "orgs": {"vasbyhem": vasbyhem, "other": other},
    }

"""Two Open311 client libraries from PyPI, written by others for other cities' servers, against
`lykta serve`: they list services and requests without a key, read one request, and (three,
which can send a key on a read) fetch the photo of a keyed request through its signed link.

- georeport (0.3.1, Python 3): sends no api_key on a read at all (its key is for creating,
  which this version does not do), so it reads what the public may read.
- three (0.8.0, 2013): Python 2 code; it imports itertools.ifilter, which Python 3 calls filter,
  so the test sets that name before importing it. With the format json it works as it is (its
  XML reader takes dict keys apart the Python 2 way). Extra arguments become query parameters,
  which is how it sends api_key on a read.
"""

import itertools

import pytest
import requests
from georeport import GeoReport

itertools.ifilter = filter  # three is Python 2 code: this is the one name it misses
import three  # noqa: E402 - needs the line above

pytestmark = pytest.mark.live

JPEG_START = b"\xff\xd8\xff"


def open311(live_server) -> str:
    return f"{live_server.url}/open311/v2"


def test_georeport_reads_without_a_key(live_server, world):
    client = GeoReport(open311(live_server), jurisdiction="127.0.0.1")
    services = client.get_service_list()
    assert "klotter" in [s["service_code"] for s in services]
    assert client.get_service_definition("klotter") == {"service_code": "klotter", "attributes": []}
    found = client.get_service_requests()
    assert [r["service_request_id"] for r in found] == [
        world["lamp"]["id"],
        world["graffiti"]["id"],
    ]
    lamp = client.get_service_request(world["lamp"]["id"])
    assert lamp["service_code"] == "belysning" and lamp["status"] == "open"
    assert lamp["description"] is None and lamp["media_url"] is None  # the public fields
    assert lamp["address"] == "Centrum"
    assert len(client.get_service_requests(status="open,closed")) == 2
    only_graffiti = client.get_service_requests(service_code="klotter")
    assert [r["service_request_id"] for r in only_graffiti] == [world["graffiti"]["id"]]
    as_xml = GeoReport(open311(live_server), jurisdiction="127.0.0.1", output_format="xml")
    listed = as_xml.get_service_requests()
    assert [r["service_request_id"] for r in listed] == [r["service_request_id"] for r in found]
    assert as_xml.get_service_request(world["graffiti"]["id"])["address"] == "Centrum"


def test_georeport_learns_of_another_jurisdiction(live_server, world):
    client = GeoReport(open311(live_server), jurisdiction="sfgov.org")
    with pytest.raises(requests.HTTPError) as refused:
        client.get_service_requests()
    assert refused.value.response.status_code == 404


def test_three_reads_without_a_key_and_with_one(live_server, world):
    client = three.Three(open311(live_server), jurisdiction="127.0.0.1")
    services = client.services()
    assert "belysning" in [s["service_code"] for s in services]
    public = client.requests()
    assert [r["service_request_id"] for r in public] == [
        world["lamp"]["id"],
        world["graffiti"]["id"],
    ]
    assert client.requests("klotter")[0]["service_request_id"] == world["graffiti"]["id"]
    [lamp] = client.request(world["lamp"]["id"])
    assert lamp["media_url"] is None and lamp["lat"] == round(world["lamp"]["lat"], 3)
    owner = world["users"]["owner"]
    [keyed] = client.request(world["lamp"]["id"], api_key=owner.token)
    assert keyed["description"] == "Lampan vid porten är trasig"
    photo = requests.get(keyed["media_url"], timeout=30)  # as the client app shows it
    assert photo.status_code == 200
    assert photo.headers["Content-Type"] == "image/jpeg"
    assert photo.content.startswith(JPEG_START)

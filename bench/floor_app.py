"""The floors of bench/sync.py: a WSGI app that only writes each request body to disk, as
durably as Lykta writes photos (temporary file, fsync, rename), and answers 201 with JSON.
Served by the same gunicorn settings as `lykta serve`, it is what the HTTP stack and the disk
alone cost. With FLOOR_PIPELINE=1, image bodies first go through Lykta's photo pipeline and
both of its outputs are written: the floor of any server that must re-encode photos."""

import json
import os
import tempfile
import uuid

from server.photos import pipeline

ROOT = os.environ.get("FLOOR_DIR") or tempfile.mkdtemp(prefix="lykta-floor-")
PIPELINE = os.environ.get("FLOOR_PIPELINE") == "1"


def write(data: bytes) -> None:
    name = os.path.join(ROOT, uuid.uuid4().hex)
    with open(name + ".tmp", "wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())
    os.replace(name + ".tmp", name)


def app(environ, start_response):
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length)
    if PIPELINE and environ.get("CONTENT_TYPE", "").startswith("image/"):
        processed = pipeline.process(body)
        outputs = [processed.display, processed.thumbnail]
    else:
        outputs = [body]
    for data in outputs:
        write(data)
    answer = json.dumps({"stored": sum(map(len, outputs))}).encode()
    start_response(
        "201 Created", [("Content-Type", "application/json"), ("Content-Length", str(len(answer)))]
    )
    return [answer]

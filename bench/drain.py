"""The outbox's drain over a slow uplink: a walk captured offline, then sent through one bar.

Run with `.venv/bin/python bench/drain.py [--findings 12] [--kbit 1600] [--rtt-ms 150]`.
Results go to bench/results/drain.json. A bench prints figures; it asserts nothing.

- `lykta serve` on a temporary SQLite database (bench/pwa_budget.py's Server), and in front of
  it an asyncio TCP proxy: the phone's link. Every byte from the phone to the server crosses
  one shared uplink paced at --kbit (1.6 Mbit/s) and delivered half a round trip later; the
  answers come back unpaced, half a round trip later too. Browser throttling does not reach
  the service worker (it sends with Background Sync), the proxy does.
- Debian's Chromium (Playwright) signs in through the proxy, goes offline, captures --findings
  findings with two photos each from ../shared/testdata/photos (shrunk on the phone as always),
  then goes online: the drain runs until the outbox is empty.
- Reported: the drain time (online → outbox empty) against the floor, the bytes the phone sent
  meanwhile ÷ the bandwidth (and that plus one round trip per request); the uplink's busy
  share (time spent sending bytes ÷ the drain time); the idle time after the link returns
  (online → the first byte on the uplink); what reached the server (each once).
"""

import argparse
import asyncio
import json
import sqlite3
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import contextlib

from pwa_budget import CHROME_FLAGS, CHROMIUM, EMAIL, PASSWORD, Server, free_port

from tests.browser.phone import VASBY, Phone

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results" / "drain.json"
# Photos Chromium decodes, from real cameras and phones: two per finding, in turn.
PHOTO_NAMES = [
    "orientation_1.jpg",
    "jolla_phone.jpg",
    "orientation_3.jpg",
    "sony_cybershot.jpg",
    "orientation_5.jpg",
    "nikon_p6000_gps1.jpg",
    "orientation_6.jpg",
    "pentax_k10d.jpg",
    "orientation_8.jpg",
    "canon_sx60hs_orient6.jpg",
    "orientation_2.jpg",
    "nikon_d70s_gps.jpg",
]
CHUNK = 16 * 1024
BUFFER_S = 0.05  # how far ahead of the link a sender may queue bytes (the phone's buffers)


class Link:
    """One uplink shared by every connection, paced at `rate` bytes/s, and a latency each way."""

    def __init__(self, rate: float, one_way_s: float):
        self.rate = rate
        self.one_way = one_way_s
        self.free_at = 0.0  # when the uplink has sent what it was given
        self.busy_s = 0.0
        self.bytes_up = 0
        self.requests = 0
        self.log = []  # (start, end) of each chunk on the uplink
        self.counting = False

    async def up(self, chunk: bytes) -> float:
        """The moment the chunk arrives at the server."""
        loop = asyncio.get_running_loop()
        while self.free_at - loop.time() > BUFFER_S:
            await asyncio.sleep(self.free_at - loop.time() - BUFFER_S)
        start = max(loop.time(), self.free_at)
        duration = len(chunk) / self.rate
        self.free_at = start + duration
        if self.counting:
            self.busy_s += duration
            self.bytes_up += len(chunk)
            self.requests += chunk.count(b" HTTP/1.1\r\n")
            self.log.append((start, self.free_at))
        return self.free_at + self.one_way


async def pipe(reader, writer, link: Link, upstream: bool):
    """Copy one direction in order, each chunk delivered at its moment."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue = asyncio.Queue()

    async def deliver():
        while (item := await queue.get()) is not None:
            at, chunk = item
            await asyncio.sleep(max(0.0, at - loop.time()))
            writer.write(chunk)
            await writer.drain()
        writer.close()

    delivering = asyncio.create_task(deliver())
    try:
        while chunk := await reader.read(CHUNK):
            at = await link.up(chunk) if upstream else loop.time() + link.one_way
            await queue.put((at, chunk))
    except ConnectionError:
        pass
    await queue.put(None)
    with contextlib.suppress(ConnectionError):
        await delivering


class Proxy:
    """The phone's link in a thread of its own: 127.0.0.1:port → the server."""

    def __init__(self, target_port: int, link: Link):
        self.port = free_port()
        self.target = target_port
        self.link = link
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        threading.Thread(target=self.run, daemon=True).start()
        self.ready.wait()

    def run(self):
        asyncio.set_event_loop(self.loop)
        self.loop.run_until_complete(self.serve())

    async def serve(self):
        server = await asyncio.start_server(self.connect, "127.0.0.1", self.port)
        self.ready.set()
        async with server:
            await server.serve_forever()

    async def connect(self, client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1", self.target)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(
            pipe(client_reader, server_writer, self.link, upstream=True),
            pipe(server_reader, client_writer, self.link, upstream=False),
        )

    def now(self) -> float:
        return self.loop.time()  # asyncio's clock: time.monotonic()


def walk(options, proxy: Proxy, link: Link) -> dict:
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROME_FLAGS)
        context = browser.new_context(
            base_url=f"http://127.0.0.1:{proxy.port}",
            service_workers="allow",
            geolocation=VASBY,
            permissions=["geolocation"],
            locale="sv-SE",
            viewport={"width": 412, "height": 860},
            has_touch=True,
        )
        context.grant_permissions(
            ["geolocation", "background-sync"], origin=f"http://127.0.0.1:{proxy.port}"
        )
        context.set_default_timeout(120_000)
        expect.set_options(timeout=120_000)
        page = context.new_page()
        phone = Phone(page)
        phone.open("/")
        page.fill("#signin-email", EMAIL)
        page.fill("#signin-password", PASSWORD)
        page.click("#signin-submit")
        expect(page.locator("body")).to_have_attribute("data-screen", "home")
        phone.wait_for_service_worker()

        context.set_offline(True)
        for index in range(options.findings):
            names = [PHOTO_NAMES[(2 * index + k) % len(PHOTO_NAMES)] for k in range(2)]
            phone.capture(category="belysning", photos=names, note=f"Bänk {index + 1}")
        phone.pending(options.findings)
        queued = page.evaluate(
            """async () => (await self.LyktaStore.outboxItems())
                 .flatMap((item) => item.photos.map((photo) => photo.size))"""
        )

        link.counting = True
        back = proxy.now()
        context.set_offline(False)
        page.wait_for_selector('body[data-outbox-pending="0"]', timeout=600_000)
        drained = proxy.now()
        link.counting = False
        browser.close()
    return {"back": back, "drained": drained, "photo_bytes": sum(queued), "photos": len(queued)}


def stored(server: Server) -> dict:
    database = sqlite3.connect(server.folder / "bench.sqlite")
    findings = database.execute("SELECT count(*) FROM findings").fetchone()[0]
    photos = database.execute("SELECT count(*) FROM photos").fetchone()[0]
    database.close()
    return {"findings": findings, "photos": photos}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=12)
    parser.add_argument("--kbit", type=float, default=1600)
    parser.add_argument("--rtt-ms", type=float, default=150)
    options = parser.parse_args()
    rate = options.kbit * 1000 / 8
    link = Link(rate, options.rtt_ms / 2000)
    with tempfile.TemporaryDirectory() as folder:
        server = Server(Path(folder))
        proxy = Proxy(server.port, link)
        server.env["LYKTA_BASE_URL"] = f"http://127.0.0.1:{proxy.port}"  # the phone's origin
        with server:
            times = walk(options, proxy, link)
            reached = stored(server)
    drain = times["drained"] - times["back"]
    floor = link.bytes_up / rate
    rtt = options.rtt_ms / 1000
    first = link.log[0][0] - times["back"] if link.log else None
    result = {
        "findings": options.findings,
        "photos": times["photos"],
        "photo_bytes": times["photo_bytes"],
        "uplink_kbit_s": options.kbit,
        "rtt_ms": options.rtt_ms,
        "bytes_up": link.bytes_up,
        "requests": link.requests,
        "drain_s": round(drain, 2),
        "floor_s": round(floor, 2),
        "floor_plus_rtt_per_request_s": round(floor + link.requests * rtt, 2),
        "drain_over_floor": round(drain / floor, 3),
        "uplink_busy_share": round(link.busy_s / drain, 3),
        "idle_after_link_returns_s": round(first, 2) if first is not None else None,
        "stored": reached,
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    for key, value in result.items():
        print(f"  {key:32} {value}")
    print(f"Written to {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    main()

"""A map tile server on the loopback for the browser tests: a generated 256 px PNG for every
/<z>/<x>/<y>.png (its colour from the tile's numbers), with CORS as a real tile server sends it,
and a count of the requests it answered, so that a test can tell a cached tile from a fetched
one. `LYKTA_TILE_URL` of a live server points at `TileServer.template`."""

import io
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from PIL import Image


class TileServer:
    def __init__(self):
        self.requests = Counter()  # path → times asked
        self.refused_zooms: set[int] = set()  # answered 503, as a tile server under load does
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self.template = f"{self.url}/{{z}}/{{x}}/{{y}}.png"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> "TileServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def count(self) -> int:
        with self._lock:
            return sum(self.requests.values())

    def tiles(self) -> set[str]:
        with self._lock:
            return set(self.requests)

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()

    def _handler(self):
        tile_server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                parts = self.path.split("?")[0].strip("/").removesuffix(".png").split("/")
                if len(parts) != 3 or not all(part.isdigit() for part in parts):
                    self.send_error(404)
                    return
                with tile_server._lock:
                    tile_server.requests[self.path] += 1
                if int(parts[0]) in tile_server.refused_zooms:
                    self.send_error(503)
                    return
                body = tile_png(*map(int, parts))
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Access-Control-Allow-Origin", "*")
                self.send_header("Cache-Control", "no-store")  # the browser's cache proves nothing
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        return Handler


def tile_png(z: int, x: int, y: int) -> bytes:
    colour = ((x * 37) % 200 + 40, (y * 53) % 200 + 40, (z * 29) % 200 + 40)
    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), colour).save(buffer, "PNG")
    return buffer.getvalue()

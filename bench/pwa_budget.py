"""The field app's budget: its own JS + CSS gzipped against 60 KB, and Lighthouse's scores.

Run with `.venv/bin/python bench/pwa_budget.py` (add `--no-lighthouse` for the sizes only).
Results go to bench/results/pwa_budget.json. A bench prints figures; it asserts nothing.

1. Size: every file of ours the app loads (pwa/js/**, pwa/css, pwa/sw.js), gzipped (level 9)
   one by one, as a server or CDN would send them. Libraries (Leaflet) are excluded from the
   budget and shown for reference, as are the HTML, the manifest and the catalogues.
2. Lighthouse (pinned LIGHTHOUSE below; 12.x is the last line that runs on Node 20), mobile
   form factor with simulated throttling (Lighthouse's default profile: a mid-range phone on
   slow 4G), Debian's Chromium, against a `lykta serve` started here on a temporary SQLite
   database with a reporter, an owner and no demo data. Three runs:
   - first visit: a fresh profile opens the app (the sign-in screen);
   - returning: a profile in which the reporter signed in before (with Playwright), so the
     service worker serves the shell and the home screen is drawn from IndexedDB. Lighthouse is
     told not to reset storage for this run (nor the next);
   - owner's list: the owner, signed in before likewise, opens #/tasks with FINDINGS findings
     routed to the organisation (the lazily loaded owner's module, a phone's list).
   Targets: performance >= 90, accessibility >= 95, best practices >= 95.
"""

import argparse
import gzip
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

from xstatic.pkg import leaflet

REPO = Path(__file__).resolve().parents[1]
PWA = REPO / "pwa"
RESULTS = REPO / "bench" / "results" / "pwa_budget.json"
BUDGET_BYTES = 60 * 1024
# The budget is the initial load: every file of our own but the modules loaded lazily, only by
# those who use them (owners' and coordinators' screens, and the field screens every role
# may open: `LAZY` in sw.js, never precached),
# which are shown apart, each with its size.
LIGHTHOUSE = "lighthouse@12.8.2"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TARGETS = {"performance": 90, "accessibility": 95, "best-practices": 95}
EMAIL = "bench@example.se"
OWNER_EMAIL = "agare@example.se"
OWNER_ORG = "Bänkens bostadsbolag"
PASSWORD = "bench-lösenord-som-är-långt"  # noqa: S105 - a throwaway user on a throwaway database
FINDINGS = 40  # routed to the owner: the list the owner's run opens


def gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def lazy_modules() -> list[str]:
    """The modules sw.js caches only when first used (its `LAZY` list), as paths under pwa/."""
    source = (PWA / "sw.js").read_text("utf-8")
    listed = re.search(r"const LAZY = \[(.*?)\];", source, re.S).group(1)
    return [url.lstrip("/") for url in re.findall(r'"([^"]+)"', listed)]


def sizes() -> dict:
    own = sorted([*PWA.glob("js/**/*.js"), *PWA.glob("css/*.css"), PWA / "sw.js"])
    files = {str(path.relative_to(PWA)): (path.stat().st_size, gzipped(path)) for path in own}
    total_raw = sum(raw for raw, _ in files.values())
    total_gz = sum(gz for _, gz in files.values())
    others = [PWA / "index.html", PWA / "manifest.webmanifest", *sorted(PWA.glob("i18n/*.json"))]
    vendor = [Path(leaflet.BASE_DIR) / "leaflet.js", Path(leaflet.BASE_DIR) / "leaflet.css"]
    print("Own JS + CSS (gzip -9, file by file)")
    for name, (raw, gz) in files.items():
        print(f"  {name:32} {raw / 1024:7.1f} KB  {gz / 1024:6.1f} KB gz")
    print(f"  {'total':32} {total_raw / 1024:7.1f} KB  {total_gz / 1024:6.1f} KB gz")
    lazy = lazy_modules()
    lazy_gz = sum(gz for name, (_, gz) in files.items() if name in lazy)
    initial_gz = total_gz - lazy_gz
    print(
        f"  loaded lazily, by those who open them: {lazy_gz / 1024:.1f} KB gz "
        f"({', '.join(f'{name} {files[name][1] / 1024:.1f} KB' for name in lazy)})"
    )
    print(
        f"  initial load (every device, before any screen loaded lazily): "
        f"{initial_gz / 1024:.1f} KB gz; budget {BUDGET_BYTES / 1024:.0f} KB gz: "
        f"{initial_gz / BUDGET_BYTES:.0%} used "
        f"({'within' if initial_gz <= BUDGET_BYTES else 'OVER'})"
    )
    print("Not counted: shell and catalogues / libraries")
    for path in [*others, *vendor]:
        label = str(path.relative_to(PWA)) if path.is_relative_to(PWA) else f"leaflet/{path.name}"
        raw, gz = path.stat().st_size / 1024, gzipped(path) / 1024
        print(f"  {label:32} {raw:7.1f} KB  {gz:6.1f} KB gz")
    return {
        "budget_bytes": BUDGET_BYTES,
        "own_gzip_bytes": total_gz,
        "own_raw_bytes": total_raw,
        "within_budget": initial_gz <= BUDGET_BYTES,
        "initial_gzip_bytes": initial_gz,
        "lazy_gzip_bytes": {name: files[name][1] for name in lazy},
        "reporter_gzip_bytes": initial_gz,
        "files": {name: {"raw": raw, "gzip": gz} for name, (raw, gz) in files.items()},
        "not_counted_gzip": {path.name: gzipped(path) for path in [*others, *vendor]},
    }


# --- A server of our own --------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """`lykta serve` on a temporary SQLite database with one reporter and one owner, whose
    organisation owns the property around Väsby centrum where the reporter's findings lie."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.lykta = str(Path(sys.executable).with_name("lykta"))
        self.env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite'}",
            "LYKTA_INSTANCE_DIR": str(folder / "instance"),
            "LYKTA_MEDIA_DIR": str(folder / "media"),
            "SECRET_KEY": "bench",
            "LYKTA_INSECURE_COOKIES": "1",
            "LYKTA_BASE_URL": self.url,
        }

    def __enter__(self):
        quiet = {"env": self.env, "check": True, "capture_output": True}
        subprocess.run([self.lykta, "db", "upgrade"], **quiet)
        user = ["--email", EMAIL, "--name", "Bänk Rapportör", "--role", "reporter"]
        user += ["--org", "Bänkens kommun", "--password", PASSWORD]
        subprocess.run([self.lykta, "users", "create", *user], **quiet)
        owner = ["--email", OWNER_EMAIL, "--name", "Bänk Ägare", "--role", "owner"]
        owner += ["--org", OWNER_ORG, "--password", PASSWORD]
        subprocess.run([self.lykta, "users", "create", *owner], **quiet)
        ring = [[17.90, 59.51], [17.93, 59.51], [17.93, 59.53], [17.90, 59.53], [17.90, 59.51]]
        places = self.folder / "places.geojson"
        places.write_text(
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [
                        {
                            "type": "Feature",
                            "properties": {"designation": "Bänken 1:1", "owner": OWNER_ORG},
                            "geometry": {"type": "Polygon", "coordinates": [ring]},
                        }
                    ],
                }
            )
        )
        subprocess.run([self.lykta, "properties", "import", str(places)], **quiet)
        tokens = subprocess.run([self.lykta, "tokens", "create", "--email", EMAIL], **quiet)
        self.token = tokens.stdout.decode().strip().splitlines()[-1]
        self.log = open(self.folder / "serve.log", "wb")  # closed in __exit__
        self.process = subprocess.Popen(
            [self.lykta, "serve", "--port", str(self.port)],
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1):  # noqa: S310
                    return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("lykta serve did not start")

    def report_findings(self, count: int) -> None:
        """The reporter's findings, spread over the owner's property: the owner's list."""
        categories = ["belysning", "klotter", "nedskrapning", "skadegorelse", "vegetation"]
        for index in range(count):
            body = {
                "category": categories[index % len(categories)],
                "note": f"Iakttagelse {index + 1} vid bänken",
                "lat": 59.512 + (index % 8) * 0.002,
                "lon": 17.902 + (index // 8) * 0.005,
                "accuracy_m": 8,
                "captured_at": f"2026-11-{1 + index % 20:02d}T18:42:10+01:00",
                "photos": [],
            }
            request = urllib.request.Request(  # noqa: S310 - our own server
                f"{self.url}/api/v1/findings/{uuid.uuid4()}",
                data=json.dumps(body).encode(),
                method="PUT",
                headers={
                    "Authorization": f"Bearer {self.token}",
                    "Content-Type": "application/json",
                },
            )
            with urllib.request.urlopen(request, timeout=30):  # noqa: S310 - raises unless 2xx
                pass

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=20)
        self.log.close()


# --- Lighthouse -------------------------------------------------------------------------------


def sign_in_profile(url: str, profile: Path, email: str = EMAIL) -> None:
    """Sign in once in a Chromium profile, as a user would; the service worker installs."""
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as driver:
        context = driver.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            args=[flag for flag in CHROME_FLAGS if flag != "--headless=new"],
            headless=True,
        )
        page = context.new_page()
        page.goto(url)
        expect(page.locator("body")).to_have_attribute("data-app-state", "ready")
        page.fill("#signin-email", email)
        page.fill("#signin-password", PASSWORD)
        page.click("#signin-submit")
        expect(page.locator("#home-last-sync")).not_to_have_text("Inte synkad ännu.")
        expect(page.locator("body")).to_have_attribute("data-sw", "controlled")
        context.close()


def lighthouse(url: str, report: Path, profile: Path | None = None) -> dict:
    flags = list(CHROME_FLAGS)
    if profile:
        flags.append(f"--user-data-dir={profile}")
    command = [
        "npx",
        "--yes",
        LIGHTHOUSE,
        url,
        "--only-categories=performance,accessibility,best-practices",
        "--form-factor=mobile",
        "--throttling-method=simulate",
        f"--chrome-path={CHROMIUM}",
        f"--chrome-flags={' '.join(flags)}",
        "--output=json",
        f"--output-path={report}",
        "--quiet",
    ]
    if profile:
        command.append("--disable-storage-reset")
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    if done.returncode != 0 or not report.exists():
        raise RuntimeError(f"lighthouse failed ({done.returncode}): {done.stderr[-2000:]}")
    data = json.loads(report.read_text())
    scores = {name: round(c["score"] * 100) for name, c in data["categories"].items()}
    audits = data["audits"]
    metrics = {
        key: audits[key]["displayValue"]
        for key in (
            "first-contentful-paint",
            "largest-contentful-paint",
            "total-blocking-time",
            "cumulative-layout-shift",
            "speed-index",
        )
    }
    missed = sorted(
        f"{ref['id']} ({category})"
        for category, c in data["categories"].items()
        if category != "performance"
        for ref in c["auditRefs"]
        if ref["weight"] and (audits[ref["id"]]["score"] is not None)
        if audits[ref["id"]]["score"] < 1
    )
    return {"scores": scores, "metrics": metrics, "missed": missed, "url": url}


def print_run(title: str, result: dict) -> None:
    print(title)
    for name, target in TARGETS.items():
        score = result["scores"].get(name)
        verdict = "meets" if score is not None and score >= target else "BELOW"
        print(f"  {name:15} {score:>4}  (target >= {target}: {verdict})")
    print("  " + ", ".join(f"{k.replace('-', ' ')} {v}" for k, v in result["metrics"].items()))
    if result["missed"]:
        print("  audits not passed: " + ", ".join(result["missed"]))


def run_lighthouse() -> dict:
    if not shutil.which("npx"):
        return {"error": "npx (Node.js) is not installed"}
    if not Path(CHROMIUM).exists():
        return {"error": f"{CHROMIUM} is missing (make chromium)"}
    results = {}
    with tempfile.TemporaryDirectory(prefix="lykta-bench-") as temp, Server(Path(temp)) as server:
        print(f"\nLighthouse {LIGHTHOUSE}, mobile, simulated throttling, against {server.url}")
        try:
            first = lighthouse(server.url + "/", Path(temp) / "first.json")
            print_run("First visit (sign-in screen, empty profile)", first)
            results["first_visit"] = first
        except (RuntimeError, subprocess.TimeoutExpired) as error:
            print(f"  first visit: {error}")
            results["first_visit"] = {"error": str(error)}
        try:
            profile = Path(temp) / "profile"
            sign_in_profile(server.url + "/", profile)
            returning = lighthouse(server.url + "/", Path(temp) / "returning.json", profile)
            print_run("Returning (signed in, service worker, home screen)", returning)
            results["returning"] = returning
        except Exception as error:  # a bench reports what went wrong and goes on
            print(f"  returning visit: {error}")
            results["returning"] = {"error": str(error)}
        try:
            server.report_findings(FINDINGS)
            profile = Path(temp) / "owner-profile"
            sign_in_profile(server.url + "/", profile, OWNER_EMAIL)
            owner = lighthouse(server.url + "/#/tasks", Path(temp) / "owner.json", profile)
            print_run(f"Owner's list (signed in, {FINDINGS} findings, #/tasks)", owner)
            results["owner_list"] = owner
        except Exception as error:  # a bench reports what went wrong and goes on
            print(f"  owner's list: {error}")
            results["owner_list"] = {"error": str(error)}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-lighthouse", action="store_true", help="sizes only")
    args = parser.parse_args()
    results = {"sizes": sizes()}
    if not args.no_lighthouse:
        results["lighthouse"] = run_lighthouse()
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"\nWritten to {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    main()

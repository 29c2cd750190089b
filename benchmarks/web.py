"""How fast the web UI's pages answer with 10,000 applications, and how heavy they are.

Loads 10,000 applications over two years into a temporary home, with their stage
changes, messages in and out, rejections, feedback, contacts and planned actions,
then asks each page many times in process and prints the server time (the
Server-Timing header the app adds) at the 50th and 95th percentile, and the page's
size. Target: p95 under 100 ms on a 2-core machine, and no page over 200 kB of HTML.

Every page of the navigation is measured (read from the app, so a new page is measured
without a change here), plus the board, an application's page, a contact's page, the
digest and the spreadsheet import's preview; each twice: viewed again (repeat), and as
the first view after logging a rejection (first), the view a user sees after every change.

Run: python -m benchmarks.web [--applications N] [--requests N] [--pages WORD ...]
(--pages measures only the pages whose name holds one of the words, for a quicker run)
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.synthetic import load

from doorajar.config import resolve
from doorajar.model import Outcome, RejectionKind, Stage
from doorajar.service import Tracker

LIMIT_MS, LIMIT_BYTES = 100.0, 200_000
SHEET = "Company,Job Title,Date Applied,Status\n" + "".join(
    f"Import Co {i},Analyst {i},2026-0{1 + i % 9}-1{i % 10},Applied\n" for i in range(50)
)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by nearest rank."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def timed(
    ask: Callable[[], Any], n: int, before: Callable[[], None] | None = None
) -> tuple[float, float, int]:
    """Ask for a page n times (after 3 warm-ups), calling `before` ahead of each request
    if given: p50 and p95 server time, and the page's size."""
    times = []
    size = 0
    for i in range(n + 3):
        if before is not None:
            before()
        r = ask()
        assert r.status_code == 200, (r.url, r.status_code)
        m = re.search(r"app;dur=([\d.]+)", r.headers["server-timing"])
        assert m is not None
        if i >= 3:  # the first few warm caches
            times.append(float(m.group(1)))
        size = len(r.content)
    return statistics.median(times), percentile(times, 95), size


def rejections(tracker: Tracker) -> Iterator[None]:
    """Each step turns down one more open application, as `ajar reject` does (and logs a
    new one to turn down once every open one has been)."""
    open_ids = [a.id for a in tracker.applications(outcome=Outcome.ACTIVE)]
    for n in itertools.count(1):
        if not open_ids:
            open_ids.append(tracker.apply(f"Bench Co {n}", "Analyst").application.id)
        app_id = open_ids.pop()
        tracker.reject(str(app_id), kind=RejectionKind.FORM)
        yield


def main() -> None:
    """Load the data, time each page, print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument(
        "--pages", nargs="+", metavar="WORD", help="only the pages whose name holds a word"
    )
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    from doorajar.web import WebSettings, create_app

    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory(prefix="ajar-bench-") as tmp:
        location = resolve(Path(tmp))
        tracker = Tracker.open(location)
        started = time.perf_counter()
        counts = load(tracker, args.applications, now)
        print(
            f"loaded in {time.perf_counter() - started:.1f} s: "
            + ", ".join(f"{v:,} {k}" for k, v in counts.items())
        )
        busiest = max(
            tracker.overview.applications(
                outcome=Outcome.REJECTED, stage=Stage.FINAL_ROUND, per_page=1
            ).items,
            key=lambda a: a.id,
        ).id
        person = tracker.contacts()[0].id
        app = create_app(WebSettings(location, port=8765, sweep_every_seconds=None))
        worst, heaviest = 0.0, 0
        change = rejections(tracker)
        with TestClient(app, base_url="http://127.0.0.1:8765") as client:
            found = re.search(r'name="csrf-token" content="([^"]*)"', client.get("/login").text)
            token = found.group(1) if found else ""

            def get(path: str) -> Callable[[], Any]:
                return lambda: client.get(path)

            def preview() -> Any:
                files = {"file": ("sheet.csv", SHEET.encode(), "text/csv")}
                return client.post(f"/data/import?csrf={token}", files=files)

            pages: dict[str, Callable[[], Any]] = {
                item.label: get(item.path) for item in app.state.nav
            }
            pages |= {
                "applications, sorted by company, page 100": get(
                    "/applications?sort=company&dir=asc&page=100"
                ),
                "applications, search + filter": get(
                    "/applications?q=data&outcome=rejected&source=linkedin"
                ),
                "board": get("/applications/board"),
                "revisit, page 20": get("/revisit?page=20"),
                "an application": get(f"/applications/{busiest}"),
                "a contact": get(f"/contacts/{person}"),
                "digest": get("/digest"),
                "import preview (50 rows)": preview,
            }
            if args.pages:
                words = [w.lower() for w in args.pages]
                pages = {k: v for k, v in pages.items() if any(w in k.lower() for w in words)}
            print(f"\n{'page':45} {'view':6} {'p50 ms':>8} {'p95 ms':>8}  {'bytes':>8}")
            for name, ask in pages.items():
                for view, n, before in (
                    ("repeat", args.requests, None),
                    ("first", max(5, args.requests // 4), lambda: next(change)),
                ):
                    p50, p95, size = timed(ask, n, before)
                    worst, heaviest = max(worst, p95), max(heaviest, size)
                    flag = " <" if p95 >= LIMIT_MS or size > LIMIT_BYTES else ""
                    print(f"{name:45} {view:6} {p50:8.1f} {p95:8.1f}  {size:8,}{flag}")
        tracker.close()
        verdict = "under" if worst < LIMIT_MS else "OVER"
        print(f"\nworst p95: {worst:.1f} ms ({verdict} the {LIMIT_MS:.0f} ms target)")
        verdict = "under" if heaviest <= LIMIT_BYTES else "OVER"
        print(f"heaviest page: {heaviest:,} bytes ({verdict} the {LIMIT_BYTES:,} byte limit)")
        print("< marks a page over a target")
        load1, load5, _ = os.getloadavg()
        print(f"load average while measuring: {load1:.2f} (1 min), {load5:.2f} (5 min)")


if __name__ == "__main__":
    main()

"""How fast the web UI's main pages answer with 10,000 applications.

Loads 10,000 applications over two years into a temporary home, with their stage
changes, messages in and out, rejections, feedback, contacts and planned actions,
then asks each main page many times in process and prints the server time (the
Server-Timing header the app adds) at the 50th and 95th percentile. Target: p95
under 100 ms on a 2-core machine. Revisit and patterns keep what they worked out until
the data changes, so they are timed twice: viewed again, and right after a change (cold).

Run: python -m benchmarks.web [--applications N] [--requests N]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.synthetic import load

from doorajar.config import resolve
from doorajar.model import Direction, Outcome, Stage
from doorajar.service import Tracker


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by nearest rank."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def timed(
    client: Any, path: str, n: int, before: Callable[[], None] | None = None
) -> tuple[float, float, int]:
    """Ask for a page n times (after 3 warm-ups), calling `before` ahead of each request
    if given: p50 and p95 server time, and the page's size."""
    times = []
    size = 0
    for i in range(n + 3):
        if before is not None:
            before()
        r = client.get(path)
        assert r.status_code == 200, (path, r.status_code)
        m = re.search(r"app;dur=([\d.]+)", r.headers["server-timing"])
        assert m is not None
        if i >= 3:  # the first few warm caches
            times.append(float(m.group(1)))
        size = len(r.content)
    return statistics.median(times), percentile(times, 95), size


def main() -> None:
    """Load the data, time each page, print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=40)
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
        app = create_app(WebSettings(location, port=8765, sweep_every_seconds=None))
        pages = {
            "today": "/",
            "applications (table)": "/applications",
            "applications, sorted by company, page 100": "/applications?sort=company&dir=asc&page=100",
            "applications, search + filter": "/applications?q=data&outcome=rejected&source=linkedin",
            "board": "/applications/board",
            "application": f"/applications/{busiest}",
            "contacts": "/contacts",
            "settings": "/settings",
            "goals & journal": "/goals",
        }
        # Views over the whole search. Revisit keeps its order, patterns its reading (and
        # each chart) until the data changes: the repeat views are served from them, the
        # first views after a change are timed apart (a message logged between requests
        # changes the data).
        whole = {
            "revisit": "/revisit",
            "revisit, page 20": "/revisit?page=20",
            "patterns (repeat view)": "/patterns",
            "patterns chart (repeat view)": "/patterns/charts/weekly.svg",
        }
        first = {
            "revisit (first view after a change)": "/revisit",
            "patterns (first view after a change)": "/patterns",
            "patterns chart (first view after a change)": "/patterns/charts/times.svg",
        }
        print(f"\n{'page':45} {'p50 ms':>8} {'p95 ms':>8}  {'bytes':>8}")
        worst = 0.0
        with TestClient(app, base_url="http://127.0.0.1:8765") as client:
            for name, path in {**pages, **whole}.items():
                p50, p95, size = timed(client, path, args.requests)
                worst = max(worst, p95)
                print(f"{name:45} {p50:8.1f} {p95:8.1f}  {size:8,}")
            print("after a change (not counted in the worst p95 below):")
            for name, path in first.items():

                def change() -> None:
                    tracker.log_touch(str(busiest), direction=Direction.IN, subject="News")

                p50, p95, size = timed(client, path, max(3, args.requests // 8), before=change)
                print(f"{name:45} {p50:8.1f} {p95:8.1f}  {size:8,}")
        tracker.close()
        verdict = "under" if worst < 100 else "OVER"
        print(f"\nworst p95 of the main pages: {worst:.1f} ms ({verdict} the 100 ms target)")
        load1, load5, _ = os.getloadavg()
        print(f"load average while measuring: {load1:.2f} (1 min), {load5:.2f} (5 min)")


if __name__ == "__main__":
    main()

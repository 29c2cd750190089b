"""Time the patterns area on the demo search: analysis, theme tagging and the HTML report.

Run from the repository root: python -m benchmarks.patterns_report
Prints one line per step, measured in this run.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from doorajar import demo
from doorajar.config import resolve
from doorajar.service import Tracker


def main() -> None:
    """Load the demo into a temporary home and time each step once (the report twice)."""
    with tempfile.TemporaryDirectory() as folder:
        t = Tracker.open(resolve(Path(folder)))
        try:
            start = time.perf_counter()
            n = demo.load(t)
            loaded = time.perf_counter() - start

            start = time.perf_counter()
            found = t.patterns.analyse()
            analysed = time.perf_counter() - start

            start = time.perf_counter()
            report = t.patterns.themes()
            tagged = time.perf_counter() - start

            start = time.perf_counter()
            html = t.patterns.report_html()
            first = time.perf_counter() - start
            start = time.perf_counter()
            t.patterns.report_html()
            second = time.perf_counter() - start
        finally:
            t.close()
    print(f"demo load ({n} applications): {loaded:.2f} s")
    print(
        f"patterns analysis ({found.applications} applications in period): {analysed * 1000:.0f} ms"
    )
    print(f"theme tagging ({len(report.tagged)} pieces of feedback): {tagged * 1000:.0f} ms")
    print(f"HTML report, first (imports matplotlib): {first:.2f} s; second: {second:.2f} s")
    print(
        f"HTML report size: {len(html.encode()) / 1024:.0f} KB, {html.count('<svg')} inline SVG charts"
    )


if __name__ == "__main__":
    main()

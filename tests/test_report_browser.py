"""The HTML report of the demo search opens in a real headless Chromium without errors."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.demo_home import demo_db, demo_home  # noqa: F401 (fixtures)
from tests.helpers import Cli
from tests.servers import unavailable

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.mark.browser
@pytest.mark.usefixtures("demo_home")
def test_report_opens_in_chromium_without_console_errors(cli: Cli, tmp_path: Path) -> None:
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        unavailable("Debian's chromium is not installed (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright Python package is not installed")
    cli.ok("goal", "add", "Write 6 STAR stories", "--by", "2026-12-04", "--theme", "answers")
    report = tmp_path / "report.html"
    cli.ok("report", "--out", str(report))

    problems: list[str] = []
    requests: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 900})
            page.on(
                "console",
                lambda m: (
                    problems.append(f"{m.type}: {m.text}")
                    if m.type in ("error", "warning")
                    else None
                ),
            )
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(report.as_uri(), wait_until="load")
            assert page.title().startswith("doorajar report")
            assert page.locator("svg.chart").count() == 4
            for svg in page.locator("svg.chart").all():
                box = svg.bounding_box()
                assert box is not None
                assert box["width"] > 300
                assert box["height"] > 100
            verdict = page.locator(".verdict").inner_text()
            assert "final round" in verdict
            assert "Write 6 STAR stories" in page.locator("#goals").inner_text()
            page.emulate_media(media="print")
            assert page.locator("svg.chart").first.is_visible()
            shot = os.environ.get("AJAR_REPORT_SCREENSHOT")
            if shot:
                page.emulate_media(media="screen")
                page.screenshot(path=shot, full_page=True)
        finally:
            browser.close()
    assert problems == []
    assert [u for u in requests if not u.startswith("file:")] == []

"""The web's Today and `ajar today` show the same thing for the same data.

Both read the one agenda service; this compares them on the demo search, part by part
(overdue, today, coming), action by action, in order.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from fastapi.testclient import TestClient

from doorajar.config import resolve
from doorajar.web import WebSettings, create_app
from tests.helpers import Cli

PART = re.compile(r'<section aria-labelledby="(overdue|today|coming)-h".*?</section>', re.S)
ACTION = re.compile(r'<li class="action" id="action-(\d+)">')


def test_web_today_equals_cli_today_on_the_demo(cli: Cli, home: Path) -> None:
    cli.ok("demo")
    cli_today = json.loads(cli.ok("today", "--json"))
    from_cli = {part: [i["action"]["id"] for i in cli_today[part]] for part in PART_NAMES}
    assert sum(len(v) for v in from_cli.values()) >= 5  # the demo has a busy Today

    app = create_app(WebSettings(resolve(home), port=8765, sweep_every_seconds=None))
    with TestClient(app, base_url="http://127.0.0.1:8765") as client:
        page = client.get("/?all=overdue")
        assert page.status_code == 200
        html = page.text
    from_web: dict[str, list[int]] = {part: [] for part in PART_NAMES}
    for m in PART.finditer(html):
        from_web[m.group(1)] = [int(i) for i in ACTION.findall(m.group(0))]
    assert from_web == from_cli
    nudges = [
        i for p in PART_NAMES for i in cli_today[p] if i["action"]["kind"] == "next_application"
    ]
    assert len(nudges) <= 1, "one 'send the next application' row, on both faces"


PART_NAMES = ("overdue", "today", "coming")

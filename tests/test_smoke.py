"""The core path a new user takes on day one."""

from __future__ import annotations

import json

from tests.helpers import Cli


def test_apply_reject_show(cli: Cli) -> None:
    cli.ok(
        "apply",
        "Acme Robotics",
        "Senior Data Engineer",
        "--source",
        "linkedin",
        "--date",
        "2026-10-20",
    )
    cli.ok("stage", "acme", "final_round", "--date", "2026-11-10")
    cli.ok("reject", "acme", "--kind", "personal", "--date", "2026-11-22 14:00")
    doc = json.loads(cli.ok("show", "acme", "--json"))
    kinds = [a["kind"] for a in doc["actions"]]
    assert {"reply", "feedback_request", "linkedin_connect", "revisit"} <= set(kinds)
    assert doc["application"]["outcome"] == "rejected"

"""The demo, loaded on a fixed clock, exports to exactly the committed golden file.

The golden file was written before the core was reorganised; any change to what the
demo records (a plan, a due date, a reason) shows up here as a reviewed diff.
Rewrite it on purpose with AJAR_UPDATE_SNAPSHOTS=1.
"""

from __future__ import annotations

import os
from pathlib import Path

from tests.helpers import Cli

GOLDEN = Path(__file__).parent / "data" / "golden" / "demo_export.json"


def test_demo_export_matches_the_golden_file(cli: Cli) -> None:
    cli.ok("demo")
    cli.ok("today")  # the sweep and the agenda run as a user's first look would run them
    exported = cli.ok("export", "--json")
    if os.environ.get("AJAR_UPDATE_SNAPSHOTS") == "1":
        GOLDEN.write_text(exported, encoding="utf-8")
    assert exported == GOLDEN.read_text(encoding="utf-8")

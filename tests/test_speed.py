"""The revisit list and the patterns reading stay the same while they got faster, and
the cached patterns reading follows every change in the data.

The snapshots were written by the per-application code these replace; set
AJAR_UPDATE_SNAPSHOTS=1 to rewrite them after a deliberate change, then review the diff.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from doorajar.config import DB_FILENAME, resolve
from doorajar.model import ActionStatus, Answers, Outcome
from doorajar.patterns import report
from doorajar.service import Tracker
from doorajar.web import WebSettings, create_app
from tests.demo_home import demo_db, demo_home  # noqa: F401
from tests.helpers import NOW, Cli, Clock, final_round
from tests.synthetic import load
from tests.web_helpers import BASE, Web, text_of

SNAPSHOTS = Path(__file__).parent / "snapshots" / "speed"
COMMANDS = {
    "revisit": ("revisit", "--json"),
    "patterns": ("patterns", "--json"),
    "patterns-year": ("patterns", "--days", "365", "--json"),
    "themes": ("feedback-themes", "--json"),
}


def _same_as_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / f"{name}.json"
    if os.environ.get("AJAR_UPDATE_SNAPSHOTS") == "1":
        path.write_text(text, encoding="utf-8")
    assert json.loads(text) == json.loads(path.read_text(encoding="utf-8")), name


@pytest.mark.usefixtures("demo_home")
@pytest.mark.parametrize("what", sorted(COMMANDS))
def test_the_demo_reads_as_before(cli: Cli, what: str) -> None:
    _same_as_snapshot(f"demo-{what}", cli.ok(*COMMANDS[what]))


@pytest.fixture
def busy(tracker: Tracker) -> Tracker:
    """Four hundred generated applications, with a few doors decided."""
    load(tracker, 400, NOW, seed=3)
    rejected = [e.application_id for e in tracker.relations.revisit()]
    tracker.relations.set_door(str(rejected[0]), override="close")
    tracker.relations.set_door(str(rejected[1]), answers=Answers(True, False, True, None))
    tracker.relations.set_door(str(rejected[2]), answers=Answers(None, None, False, None))
    tracker.relations.set_door(str(rejected[3]), override="keep")
    return tracker


@pytest.mark.usefixtures("busy")
@pytest.mark.parametrize("what", sorted(COMMANDS))
def test_a_busy_search_reads_as_before(cli: Cli, what: str) -> None:
    _same_as_snapshot(f"busy-{what}", cli.ok(*COMMANDS[what]))


# --- the revisit list, a page at a time --------------------------------------------------


def test_a_revisit_page_is_its_slice_of_the_whole_list(busy: Tracker) -> None:
    whole = busy.relations.revisit()
    second = busy.relations.revisit_page(2, 10)
    assert (second.total, second.page, second.pages) == (len(whole), 2, -(-len(whole) // 10))
    assert second.entries == whole[10:20]
    past = busy.relations.revisit_page(999, 10)
    assert past.page == past.pages
    assert past.entries == whole[(past.pages - 1) * 10 :]


# --- the patterns reading is kept until the data changes --------------------------------


@pytest.fixture
def web(busy: Tracker, home: Path) -> Iterator[Web]:
    app = create_app(WebSettings(resolve(home), port=8765, sweep_every_seconds=None))
    with TestClient(app, base_url=BASE) as client:
        yield Web(client)


def _applications(web: Web) -> str:
    m = re.search(r"The funnel \((\d+) applications?\)", text_of(web.page("/patterns")))
    assert m is not None
    return m.group(1)


def test_the_patterns_page_follows_a_new_application(web: Web, cli: Cli) -> None:
    before = _applications(web)
    assert _applications(web) == before
    cli.ok("apply", "Zephyr Analytics", "Data Engineer")
    assert _applications(web) == str(int(before) + 1)


def test_the_patterns_page_follows_a_change_made_by_another_program(
    web: Web, home: Path, busy: Tracker
) -> None:
    before = _applications(web)
    newest = busy.applications()[0]
    # another program writes straight into the database, unseen by this process
    with sqlite3.connect(home / DB_FILENAME) as db:
        db.execute(
            "INSERT INTO applications (company, role, applied_at, stage, outcome, created_at,"
            " updated_at) SELECT 'Yonder', 'Data Engineer', applied_at, 'applied', 'active',"
            f" created_at, updated_at FROM applications WHERE id = {newest.id}"
        )
    assert _applications(web) == str(int(before) + 1)


def test_an_edit_in_place_is_seen_at_once(busy: Tracker) -> None:
    first = busy.patterns.analyse()
    assert busy.patterns.analyse() is first  # kept while nothing changed
    rejected = next(e for e in busy.relations.revisit() if e.door == "open by default")
    busy.set_outcome(str(rejected.application_id), Outcome.ACTIVE)
    again = busy.patterns.analyse()
    assert again is not first
    assert sum(r.rejected for r in again.funnel) <= sum(r.rejected for r in first.funnel)


def test_a_kept_reading_is_made_again_after_a_minute(busy: Tracker, clock: Clock) -> None:
    first = busy.patterns.analyse()
    clock.advance(seconds=59)
    assert busy.patterns.analyse() is first
    clock.advance(seconds=2)
    assert busy.patterns.analyse().now == first.now + timedelta(seconds=61)


def test_themes_follow_new_feedback(busy: Tracker) -> None:
    before = busy.patterns.themes()
    assert busy.patterns.themes() is before
    app = busy.relations.revisit()[5].application_id
    busy.add_feedback(str(app), "Your system design answers lacked depth on scaling.")
    after = busy.patterns.themes()
    assert len(after.tagged) == len(before.tagged) + 1


def test_a_chart_draws_only_itself_once_per_reading(
    web: Web, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[str] = []
    real = report._svg

    def counting(draw: Any, prefix: str, title: str, size: Any) -> Any:
        drawn.append(title)
        return real(draw, prefix, title, size)

    monkeypatch.setattr(report, "_svg", counting)
    first = web.get("/patterns/charts/weekly.svg")
    assert first.status_code == 200
    assert first.headers["content-type"].startswith("image/svg+xml")
    assert 'aria-label="Weekly activity"' in first.text
    assert web.get("/patterns/charts/weekly.svg").text == first.text
    assert drawn == ["Weekly activity"]
    cli.ok("apply", "Zephyr Analytics", "Data Engineer")
    assert web.get("/patterns/charts/weekly.svg").status_code == 200
    assert drawn == ["Weekly activity"] * 2


def _statuses(tracker: Tracker) -> list[str]:
    (entry,) = tracker.relations.revisit()
    return [d.status for d in entry.revisits]


def test_the_revisit_list_follows_its_actions_wherever_they_change(
    cli: Cli, tracker: Tracker, home: Path
) -> None:
    final_round(cli)
    assert _statuses(tracker) == ["pending", "pending"]
    (entry,) = tracker.relations.revisit()
    first, second = (d.action_id for d in entry.revisits)
    assert first is not None
    assert second is not None
    tracker.act(first, ActionStatus.DONE)
    assert _statuses(tracker) == ["done", "pending"]
    # another program edits the action in place, unseen by this process
    with sqlite3.connect(home / DB_FILENAME) as db:
        db.execute(f"UPDATE actions SET status = 'skipped' WHERE id = {second}")
    assert _statuses(tracker) == ["done", "skipped"]


def test_edits_made_in_the_same_instant_are_each_seen(busy: Tracker) -> None:
    # the clock stands still: the second edit leaves every count, id and date as it was
    first, second = (e.application_id for e in busy.relations.revisit()[4:6])
    busy.set_outcome(str(first), Outcome.ACTIVE)
    before = busy.patterns.analyse()
    busy.set_outcome(str(second), Outcome.ACTIVE)
    assert busy.patterns.analyse() is not before

"""Old news stays old: a rejection recorded long after it happened plans only what is timely."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from doorajar.service import Tracker
from doorajar.store import repo
from tests.helpers import NOW, Cli, Clock
from tests.scan_helpers import PERSONAL_REJECTION, eml, mbox, show

TIMELY = {
    "reply",
    "feedback_request",
    "feedback_follow_up",
    "thank_for_feedback",
    "next_application",
    "reflect",
    "check_in",
}

YEAR_OLD = """Company,Role,Applied,Status,Rejected On
Acme Robotics,Data Engineer,2025-09-01,Rejected after final round,2025-10-20
Beta Labs,Analyst,2025-10-01,Ghosted,
Gamma Systems,Platform Engineer,2025-10-03,Rejected after phone screen,2025-10-30
Delta Foods,SRE,2025-11-02,Rejected,2025-11-20
"""


def _today(cli: Cli) -> dict[str, Any]:
    return dict(json.loads(cli.ok("today", "--json")))


def _due(item: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(item["due"])


def test_year_old_spreadsheet_leaves_no_stale_reply_in_today(
    cli: Cli, home: Path, tracker: Tracker
) -> None:
    sheet = home / "last-year.csv"
    sheet.write_text(YEAR_OLD, encoding="utf-8")
    r = cli("import", str(sheet), "--yes")
    assert r.exit_code == 0, r.stderr
    assert "Added 4 applications" in r.stdout
    # one line says what was left out and why
    lines = [ln for ln in r.stderr.splitlines() if ln.startswith("Left out")]
    assert len(lines) == 1, r.stderr
    assert "already more than 14 days overdue when recorded" in lines[0]
    assert "Revisits and keep-in-touch dates still count" in lines[0]
    assert "2 reply" in lines[0]
    assert "of 4 applications" in lines[0]

    today = _today(cli)
    shown = today["overdue"] + today["today"] + today["coming"]
    limit = NOW - timedelta(days=14)
    stale = [i for i in shown if i["action"]["kind"] in TIMELY and _due(i) < limit]
    assert stale == []
    # the revisits of the final-round rejection still count
    assert {i["action"]["kind"] for i in shown} >= {"revisit"}

    acme = json.loads(cli.ok("show", "acme", "--json"))
    by_kind = {a["kind"]: a for a in acme["actions"]}
    assert by_kind["reply"]["status"] == "missed"
    assert by_kind["reply"]["reason"].startswith("Missed: it was due")
    assert "stale_after_days" in by_kind["reply"]["reason"]
    assert by_kind["reflect"]["status"] == "missed"
    assert by_kind["revisit"]["status"] == "pending"
    assert by_kind["linkedin_connect"]["status"] == "pending"
    shown_text = cli.ok("show", "acme")
    assert "(missed)" in shown_text

    # the database agrees: nothing timely and stale is open
    with tracker.tx() as s:
        open_stale = [
            a for a in repo.actions(s, open_only=True) if a.kind.value in TIMELY and a.due < limit
        ]
        missed = [a for a in repo.actions(s) if a.status.value == "missed"]
    assert open_stale == []
    assert {a.kind.value for a in missed} <= TIMELY
    assert len(missed) >= 4

    # the calendar leaves them out too
    ics = cli.ok("calendar", "--days", "60")
    assert "Send a short thank-you" not in ics

    # importing it again changes nothing and says nothing about old news
    again = cli("import", str(sheet), "--yes")
    assert again.exit_code == 0
    assert "Left out" not in again.stderr


def test_reject_dated_far_back_marks_the_stale_ones_missed(cli: Cli) -> None:
    cli.ok("apply", "Acme Robotics", "Data Engineer", "--date", "2026-06-01")
    r = cli("reject", "acme", "--stage", "final_round", "--date", "2026-07-01")
    assert r.exit_code == 0
    assert "Left out 4 actions of 1 application" in r.stderr
    acts = json.loads(cli.ok("show", "acme", "--json"))["actions"]
    status = {a["kind"]: a["status"] for a in acts}
    assert status["reply"] == "missed"
    assert status["feedback_request"] == "missed"
    assert status["next_application"] == "missed"
    assert status["revisit"] == "pending"
    # feedback arriving now is fresh news: its thank-you is planned as usual
    cli.ok("feedback", "acme", "Strong on SQL; we wanted more Spark.")
    acts = json.loads(cli.ok("show", "acme", "--json"))["actions"]
    status = {a["kind"]: a["status"] for a in acts}
    assert status["thank_for_feedback"] == "pending"


def test_recent_rejection_and_one_left_to_lapse_stay_in_today(
    cli: Cli, tracker: Tracker, clock: Clock
) -> None:
    cli.ok("apply", "Acme Robotics", "Data Engineer", "--date", "2026-11-01")
    r = cli("reject", "acme", "--stage", "final_round", "--date", "2026-11-12")
    assert "Left out" not in r.stderr  # ten days late is still timely
    kinds = {i["action"]["kind"] for i in _today(cli)["overdue"]}
    assert "reply" in kinds
    # a reply recorded in time stays overdue however long it waits: it was not old news
    clock.advance(days=60)
    cli.ok("note", "acme", "still thinking about it")
    with tracker.tx() as s:
        reply = [a for a in repo.actions(s) if a.kind.value == "reply"]
    assert [a.status.value for a in reply] == ["pending"]


def test_stale_after_days_is_a_checked_setting(cli: Cli) -> None:
    bad = cli("config", "stale_after_days", "0")
    assert bad.exit_code == 1
    assert "from 1 to 3650" in bad.stderr
    cli.ok("config", "stale_after_days", "400")
    cli.ok("apply", "Acme Robotics", "Data Engineer", "--date", "2026-06-01")
    r = cli("reject", "acme", "--stage", "final_round", "--date", "2026-07-01")
    assert "Left out" not in r.stderr
    acts = json.loads(cli.ok("show", "acme", "--json"))["actions"]
    assert "missed" not in {a["status"] for a in acts}


def test_a_scan_of_an_old_mailbox_plans_only_what_is_timely(cli: Cli, home: Path) -> None:
    cli.ok("apply", "Acme Robotics", "Data Engineer", "--date", str((NOW - timedelta(120)).date()))
    cli.ok("stage", "acme", "hiring_manager", "--date", str((NOW - timedelta(100)).date()))
    box = mbox(home / "old.mbox", eml(*PERSONAL_REJECTION, days_ago=90, mid="old-no"))
    r = cli("scan", str(box))
    assert r.exit_code == 0, r.stderr
    assert "Left out" in r.stderr
    acts = {a["kind"]: a["status"] for a in show(cli, "acme")["actions"]}
    assert acts["reply"] == "missed"
    assert acts["revisit"] == "pending"
    today = _today(cli)
    kinds = {i["action"]["kind"] for i in today["overdue"] + today["today"]}
    assert not kinds & TIMELY

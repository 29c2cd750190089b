"""`ajar demo`: a believable search a newcomer can explore, and the agenda it gives."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from doorajar import demo
from doorajar.model import ActionKind, Outcome, RejectionKind, Stage
from doorajar.service import Tracker
from tests.helpers import Cli


@pytest.fixture
def demo_cli(cli: Cli) -> Cli:
    out = cli.ok("demo")
    assert f"Loaded a sample search of {len(demo.STORIES)} applications" in out
    return cli


def test_demo_today_shows_a_sensible_agenda(demo_cli: Cli) -> None:
    out = demo_cli.ok("today")
    sections = re.split(r"^(Overdue|Today|Coming up.*)$", out, flags=re.M)
    by_title = {sections[i]: sections[i + 1] for i in range(1, len(sections) - 1, 2)}
    assert "Overdue" in by_title
    assert "Coming up (next 7 days)" in by_title
    count = {t: len(re.findall(r"^  #\d+ ", body, flags=re.M)) for t, body in by_title.items()}
    # a newcomer sees a few things slipping, not a wall of red
    assert 1 <= count["Overdue"] <= 4
    assert count["Coming up (next 7 days)"] >= 3
    assert out.startswith("Momentum: ")
    assert "Send the next application today after the no from Acme Robotics" in out
    assert re.search(
        r"#\d+ Send a short thank-you \(in 2 days, .*\)\n      for Senior Data "
        r"Engineer at Acme Robotics",
        out,
    )
    assert "(5 days overdue" in out  # Quill & Ledger's one follow-up
    # each item says why and how
    assert out.count("      why ") == sum(count.values())
    assert out.count("      do  ajar ") == sum(count.values())


def test_demo_agenda_json_matches_the_text(demo_cli: Cli) -> None:
    ag = json.loads(demo_cli.ok("today", "--json"))
    kinds = Counter(
        i["action"]["kind"] for part in ("overdue", "today", "coming") for i in ag[part]
    )
    assert kinds["reply"] == 1
    assert kinds["feedback_follow_up"] == 1
    assert kinds["check_in"] == 1
    for part in ("overdue", "today", "coming"):
        for i in ag[part]:
            assert i["why"]
            assert i["action"]["status"] in ("pending", "snoozed")


def test_show_acme_lists_the_final_round_plan(demo_cli: Cli) -> None:
    out = demo_cli.ok("show", "acme")
    assert "personal rejection at final round" in out
    assert "personal: you reached the final round stage" in out
    expected = [
        ("Send a short thank-you", "Tue 24 Nov 2026", "within 48 hours"),
        ("Ask for one piece of feedback", "Fri 27 Nov 2026", "one specific thing"),
        ("Connect on LinkedIn with a personal note", "Tue 24 Nov 2026", "Connect with Dana Li"),
        ("Revisit: look for new roles there", "Mon 22 Feb 2027", "3 months on"),
        ("Revisit: look for new roles there", "Sat 22 May 2027", "6 months on"),
    ]
    lines = out.splitlines()
    for label, date, why in expected:
        [i] = [n for n, line in enumerate(lines) if label in line and date in line]
        assert why in lines[i + 1], (label, lines[i + 1])
    doc = json.loads(demo_cli.ok("show", "acme", "--json"))
    kinds = [a["kind"] for a in doc["actions"]]
    assert Counter(kinds)["revisit"] == 2
    assert {"reply", "feedback_request", "linkedin_connect", "next_application"} <= set(kinds)


def test_demo_covers_every_stage_outcome_and_kind(tracker: Tracker) -> None:
    n = demo.load(tracker)
    apps = tracker.applications()
    assert n == len(apps) >= 38
    assert {a.outcome for a in apps} >= {
        Outcome.ACTIVE,
        Outcome.REJECTED,
        Outcome.WITHDRAWN,
        Outcome.OFFER_DECLINED,
    }
    assert {a.stage for a in apps} == set(Stage)
    kinds = Counter(
        d.rejection.kind for d in (tracker.show(str(a.id)) for a in apps) if d.rejection is not None
    )
    assert set(kinds) == set(RejectionKind)
    assert kinds[RejectionKind.FORM] >= 10
    assert len(tracker.contacts()) >= 10
    assert len(tracker.feedback()) >= 5
    # silent applications were noticed on the day they went quiet, and checked in on
    aurora = tracker.show("aurora")
    assert aurora.rejection is not None
    assert aurora.rejection.kind is RejectionKind.SILENT
    assert [a.status.value for a in aurora.actions if a.kind is ActionKind.CHECK_IN] == ["done"]


def test_demo_refuses_a_home_with_data(demo_cli: Cli) -> None:
    before = demo_cli.ok("export", "--json")
    r = demo_cli("demo")
    assert r.exit_code == 1
    assert "already has data" in r.stderr
    assert "--home" in r.stderr
    quiet = demo_cli("demo", "--if-empty")
    assert quiet.exit_code == 0
    assert "not loaded" in quiet.stdout
    assert demo_cli.ok("export", "--json") == before


def test_demo_if_empty_loads_into_an_empty_home(cli: Cli) -> None:
    assert "Loaded a sample search" in cli.ok("demo", "--if-empty")
    assert "Acme Robotics" in cli.ok("list")


def test_a_failing_demo_leaves_the_home_empty(
    tracker: Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = 0

    def flaky(*a: object, **k: object) -> object:
        nonlocal calls
        calls += 1
        raise RuntimeError("power cut")

    monkeypatch.setattr(tracker, "add_feedback", flaky)
    with pytest.raises(RuntimeError, match="power cut"):
        demo.load(tracker)
    assert calls == 1
    assert tracker.is_empty()

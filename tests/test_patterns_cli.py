"""`ajar patterns`, `feedback-themes` and `report` as a user runs them, on real homes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from doorajar.service import Tracker
from tests.demo_home import demo_db, demo_home  # noqa: F401 (fixtures)
from tests.helpers import Cli


@pytest.mark.usefixtures("demo_home")
def test_patterns_on_the_demo_names_the_evidence(cli: Cli) -> None:
    doc = json.loads(cli.ok("patterns", "--json"))
    d = doc["diagnosis"]
    # the demo has final-round rejections, but too few to be more than a leaning
    assert d["verdict"] == "leaning"
    assert d["stage"] == "final_round"
    final = next(e for e in d["evidence"] if e["stage"] == "final_round")
    applied = next(e for e in d["evidence"] if e["stage"] == "applied")
    assert final["rate"]["low"] <= applied["rate"]["high"]  # overlapping: no clear verdict
    assert d["total_rejections"] == sum(e["rejected"] for e in d["evidence"])
    assert [f["stage"] for f in doc["funnel"]] == [
        "applied",
        "recruiter_screen",
        "hiring_manager",
        "final_round",
        "offer",
    ]
    assert {g["group"] for g in doc["by_source"]} >= {"referral", "linkedin", "job_board"}

    out = cli.ok("patterns")
    k, n = final["rejected"], final["decided"]
    assert f"Rejections lean toward the final round ({k} of {n} decided there" in out
    share = d["final_round_share"]
    assert f"{share['k']} of {share['n']} rejections" in out
    assert "often not you" in out
    by_kind = doc["funnel"][0]["rejections_by_kind"]
    assert re.search(
        rf"before the recruiter screen\s+{applied['rejected']}\s+\({by_kind['form']} form", out
    )
    assert "Time to first response" in out


def test_patterns_with_no_data_says_too_few(cli: Cli) -> None:
    out = cli.ok("patterns")
    assert "0 rejections so far: too few to say where the search gets stuck." in out


@pytest.mark.usefixtures("demo_home")
def test_period_options(cli: Cli) -> None:
    short = json.loads(cli.ok("patterns", "--days", "14", "--json"))
    assert short["applications"] < 15
    assert short["diagnosis"]["verdict"] == "too_few"
    since = json.loads(cli.ok("patterns", "--since", "2026-11-01", "--json"))
    assert since["period"]["start"].startswith("2026-11-01")
    both = cli("patterns", "--since", "2026-11-01", "--days", "3")
    assert both.exit_code == 1
    assert both.stderr.strip() == "ajar: Give either --since or --days, not both."


@pytest.mark.usefixtures("demo_home")
def test_thresholds_are_settings(cli: Cli) -> None:
    total = json.loads(cli.ok("patterns", "--json"))["diagnosis"]["total_rejections"]
    cli.ok("config", "patterns_min_rejections", str(total + 1))
    assert f"{total} rejections so far: too few to say" in cli.ok("patterns")


@pytest.mark.usefixtures("demo_home")
def test_feedback_themes_on_the_demo(cli: Cli) -> None:
    out = cli.ok("feedback-themes")
    assert "Communication (communication) · repeated at 2 companies" in out
    assert "from Tidewater Labs, Blue Heron Health" in out
    assert "“hard to follow”" in out
    doc = json.loads(cli.ok("feedback-themes", "--json"))
    assert {t["theme"] for t in doc["themes"]} >= {"experience", "technical", "answers"}


def test_report_is_self_contained_and_escapes_user_text(
    cli: Cli, tracker: Tracker, tmp_path: Path
) -> None:
    tracker.apply("<script>alert(1)</script> Corp", "Data Engineer")
    tracker.reject("Corp", feedback="Your answers were <img src=x onerror=alert(2)> too vague.")
    tracker.patterns.add_goal(
        "Write 6 STAR stories <b>now</b>", tracker.now().replace(day=28), "answers"
    )
    out = tmp_path / "report.html"
    said = cli("report", "--out", str(out))
    assert (said.exit_code, said.stdout) == (0, "")
    assert said.stderr.startswith(f"Wrote {out}")
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Corp" in html
    assert "<img" not in html
    assert "&lt;b&gt;now&lt;/b&gt;" in html
    assert html.count("<svg") == 4
    # nothing fetched from anywhere: no external URLs in src/href, no @import, no url(http)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "@import" not in html
    assert not re.search(r"url\(\s*['\"]?https?:", html)
    assert "@media print" in html
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "SVG ids collide between charts"


def test_report_to_a_bad_place_is_one_clear_line(cli: Cli, tmp_path: Path) -> None:
    r = cli("report", "--out", str(tmp_path / "missing" / "r.html"))
    assert r.exit_code == 1
    assert r.stderr.startswith("ajar: No folder")


def test_goals_travel_with_export_and_import(cli: Cli, tracker: Tracker, tmp_path: Path) -> None:
    g = tracker.patterns.add_goal(
        "Do 4 mock interviews with a friend", tracker.now().replace(day=30), "nerves"
    ).goal
    tracker.patterns.progress(g.id, "first one done", amount=1)
    dump = tmp_path / "dump.json"
    dump.write_text(cli.ok("export", "--json"), encoding="utf-8")
    doc = json.loads(dump.read_text(encoding="utf-8"))
    assert doc["tables"]["goals"][0]["text"] == "Do 4 mock interviews with a friend"
    assert doc["tables"]["goal_progress"][0]["amount"] == 1
    other = tmp_path / "other"
    cli.ok("--home", str(other), "import", str(dump))
    assert cli.ok("--home", str(other), "export", "--json") == dump.read_text(encoding="utf-8")
    listing = cli.ok("--home", str(other), "goal", "list")
    assert "1 of 4 so far" in listing


def test_every_new_command_has_help_with_an_example(cli: Cli) -> None:
    for args in (
        ["patterns"],
        ["report"],
        ["feedback-themes"],
        ["goal"],
        ["goal", "add"],
        ["goal", "list"],
        ["goal", "progress"],
        ["goal", "done"],
        ["reflect"],
        ["journal"],
    ):
        out = cli.ok(*args, "--help")
        assert "Example:" in out, args


def test_report_of_an_empty_home_says_it_is_too_early(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "empty.html"
    cli.ok("report", "--out", str(out))
    html = out.read_text(encoding="utf-8")
    assert "0 rejections so far: too few to say where the search gets stuck." in html
    assert "no responses yet" in html.lower()
    assert html.count('<svg role="img"') == 4

"""SMART checks per criterion, goals on the agenda, progress, and the reflection journal."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect

from doorajar.model import ActionKind, ActionStatus, GoalStatus, NoteKind, RejectionKind, Stage
from doorajar.patterns.goals import check_goal, reflection_prompts
from doorajar.service import Tracker
from tests.helpers import Cli, Clock

NOW = datetime(2026, 11, 22, 15, 0, tzinfo=UTC)
GOOD = "Add 5 quantified achievements to my résumé; two colleagues review it"


def parts(text: str, days: float | None = 7, theme: str | None = "quantified") -> dict[str, bool]:
    deadline = NOW + timedelta(days=days) if days is not None else None
    return {p.name: p.ok for p in check_goal(text, deadline, NOW, theme).parts}


def test_a_smart_goal_passes_all_five() -> None:
    check = check_goal(GOOD, NOW + timedelta(days=5), NOW, "quantified")
    assert check.ok
    assert check.missing == ()
    assert check.better is None
    assert check.target == 5


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        (GOOD, True),
        ("Get better at interviews", False),  # a direction, not a thing
        ("Improve", False),  # too short
        ("Work on the things they said last week", False),  # nothing concrete
        ("Practise 3 system design questions with a mentor", True),
    ],
)
def test_specific(text: str, ok: bool) -> None:
    assert parts(text)["specific"] is ok


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("Rewrite my résumé summary; done when a recruiter friend signs off", True),
        ("Do three mock interviews with a friend", True),
        ("Rewrite my résumé summary so it sounds nicer", False),
    ],
)
def test_measurable(text: str, ok: bool) -> None:
    assert parts(text)["measurable"] is ok


def test_achievable_sizes_the_count_against_the_deadline() -> None:
    assert (
        parts("Do 10 mock interviews with friends", days=1, theme="nerves")["achievable"] is False
    )
    assert parts("Do 10 mock interviews with friends", days=21, theme="nerves")["achievable"]
    assert (
        parts("Finish 3 online courses on Spark", days=7, theme="technical")["achievable"] is False
    )
    assert parts("Send 20 tailored applications", days=7, theme="application")["achievable"]
    check = check_goal("Do 10 mock interviews with friends", NOW + timedelta(days=2), NOW, "nerves")
    achievable = next(p for p in check.parts if p.name == "achievable")
    assert "faster than one a day" in achievable.why
    # the better wording does not repeat the impossible deadline
    assert check.better is not None
    assert "Sun 06 Dec" in check.better


def test_achievable_refuses_a_deadline_too_far_away() -> None:
    assert parts(GOOD, days=400)["achievable"] is False


def test_relevant_needs_a_link_given_or_recognised() -> None:
    assert parts("Do 4 mock interviews with a friend", theme=None)["relevant"] is False
    linked = check_goal(
        "Do 4 mock interviews with a friend", NOW + timedelta(days=9), NOW, "nerves"
    )
    assert linked.ok
    guessed = check_goal(
        "Add 3 numbers to my résumé achievements and measure the impact",
        NOW + timedelta(days=9),
        NOW,
        None,
    )
    relevant = next(p for p in guessed.parts if p.name == "relevant")
    assert relevant.ok
    assert "--theme quantified" in relevant.why


def test_time_bound_needs_a_future_deadline() -> None:
    assert parts(GOOD, days=None)["time-bound"] is False
    assert parts(GOOD, days=-1)["time-bound"] is False
    assert parts(GOOD, days=3)["time-bound"]


def test_missing_parts_come_with_a_better_wording() -> None:
    check = check_goal("Get better at interviews", NOW + timedelta(days=5), NOW, None)
    assert set(check.missing) == {"specific", "measurable", "relevant"}
    assert check.better is not None
    assert "Fri 27 Nov" in check.better
    assert "done when" in check.better


def test_reflection_prompts_cover_the_interview_only_after_one() -> None:
    before = {p.key for p in reflection_prompts(False)}
    after = {p.key for p in reflection_prompts(True)}
    assert {"tailored", "errors", "numbers", "went_well", "improve"} <= before
    assert not before & {"answers", "questions", "presence"}
    assert {"answers", "questions", "presence"} <= after


# --- through the tracker and the CLI ----------------------------------------------------


def test_goal_shows_in_the_agenda_as_its_deadline_nears(tracker: Tracker, clock: Clock) -> None:
    added = tracker.patterns.add_goal(GOOD, NOW + timedelta(days=20), "quantified")
    assert added.action.key == f"goal-{added.goal.id}"
    assert added.action.goal_id == added.goal.id
    assert added.action.kind is ActionKind.GOAL
    soon = [i.action.id for i in tracker.agenda(days=7, sweep=False).coming]
    assert added.action.id not in soon
    clock.advance(days=15)
    coming = tracker.agenda(days=7, sweep=False).coming
    item = next(i for i in coming if i.action.id == added.action.id)
    assert GOOD in item.why
    assert item.command.startswith(f"ajar goal progress {added.goal.id}")
    clock.advance(days=6)
    assert added.action.id in [i.action.id for i in tracker.agenda(sweep=False).overdue]


def test_progress_and_done_update_the_goal_and_its_agenda_entry(tracker: Tracker) -> None:
    g = tracker.patterns.add_goal(GOOD, NOW + timedelta(days=5), "quantified").goal
    tracker.patterns.progress(g.id, "rewrote the Acme bullet", amount=2)
    g2 = tracker.patterns.progress(g.id, "rewrote two more", amount=1)
    assert g2.progress_text == "3 of 5 so far"
    item = tracker.agenda(sweep=False).coming[0]
    assert "3 of 5 so far" in item.why
    done = tracker.patterns.finish(g.id)
    assert done.status is GoalStatus.DONE
    assert tracker.agenda(sweep=False).empty


def test_marking_the_agenda_entry_done_completes_the_goal(tracker: Tracker) -> None:
    added = tracker.patterns.add_goal(GOOD, NOW + timedelta(days=5), "quantified")
    tracker.act(added.action.id, ActionStatus.DONE)
    assert tracker.patterns.goal(added.goal.id).status is GoalStatus.DONE


def test_goal_cli_warns_but_keeps_a_vague_goal(cli: Cli) -> None:
    r = cli("goal", "add", "Get better at interviews", "--by", "2026-11-27")
    assert r.exit_code == 0
    assert "✗ measurable" in r.stdout
    assert "Missing: specific, measurable, relevant" in r.stderr
    assert "Goal #1 added" in r.stdout
    listing = cli.ok("goal", "list")
    assert "#1 Get better at interviews" in listing
    assert "by Fri 27 Nov 2026" in listing


def test_goal_cli_progress_done_and_errors(cli: Cli) -> None:
    cli.ok("goal", "add", GOOD, "--by", "2026-11-27", "--theme", "quantified")
    out = cli.ok("goal", "progress", "1", "two bullets rewritten", "--amount", "2")
    assert out.strip() == "Logged on goal #1: 2 of 5 so far."
    assert "Goal #1 done" in cli.ok("goal", "done", "1")
    again = cli("goal", "done", "1")
    assert again.exit_code == 1
    assert again.stderr.strip() == "ajar: Goal #1 is already done."
    missing = cli("goal", "progress", "9", "x")
    assert missing.stderr.strip() == "ajar: No goal #9; `ajar goal list` shows them."
    bad = cli("goal", "add", GOOD, "--by", "2026-11-27", "--theme", "vibes")
    assert bad.exit_code == 1
    assert "Unknown theme 'vibes'" in bad.stderr
    doc = json.loads(cli.ok("goal", "list", "--json"))
    assert doc[0]["status"] == "done"
    assert doc[0]["progress"][0]["amount"] == 2


def _rejected(tracker: Tracker) -> int:
    app = tracker.apply("Acme Robotics", "Data Engineer", at=NOW - timedelta(days=20)).application
    tracker.advance(str(app.id), Stage.HIRING_MANAGER, at=NOW - timedelta(days=10))
    tracker.reject(str(app.id), kind=RejectionKind.PERSONAL, at=NOW - timedelta(hours=2))
    return app.id


def test_reflection_is_a_private_journal_note_and_completes_the_reflect_action(
    tracker: Tracker,
) -> None:
    app_id = _rejected(tracker)
    _app, prompts = tracker.patterns.prompts(str(app_id))
    assert "presence" in {p.key for p in prompts}
    done = tracker.patterns.reflect(
        "acme", {"went_well": "the design discussion", "improve": "a shorter intro"}, mood=3
    )
    note = done.entry.note
    assert note.kind is NoteKind.JOURNAL
    assert note.application_id == app_id
    assert note.mood == 3
    assert "the design discussion" in note.body
    assert done.completed is not None
    assert done.completed.kind is ActionKind.REFLECT
    reflect = [a for a in tracker.show("acme").actions if a.kind is ActionKind.REFLECT]
    assert [a.status for a in reflect] == [ActionStatus.DONE]


def test_reflect_cli_non_interactive_and_interactive(cli: Cli, tracker: Tracker) -> None:
    _rejected(tracker)
    out = cli.ok(
        "reflect", "acme", "--answers", '{"improve": "ask better questions"}', "--mood", "2"
    )
    assert "Kept in your journal" in out
    assert "Done: #" in out
    assert "A low day is allowed" in out
    bad = cli("reflect", "acme", "--answers", '{"mood": "great"}')
    assert bad.exit_code == 1
    assert "Unknown prompt mood" in bad.stderr
    # interactive: eight prompts (application, interview, closing) and the mood
    answers = "\n".join(["yes", "", "", "clear", "", "", "the panel", "slow down", "4"]) + "\n"
    out = cli.ok("reflect", "acme", input=answers)
    assert "A few quiet questions" in out
    entries = tracker.patterns.journal("acme")
    assert len(entries) == 2
    assert entries[-1].note.mood == 4
    assert "slow down" in entries[-1].note.body
    assert "body language" not in entries[-1].note.body  # unanswered prompts are left out


def test_journal_add_and_list(cli: Cli, tracker: Tracker) -> None:
    _rejected(tracker)
    cli.ok("journal", "add", "I can't believe they did this, so unfair", "--mood", "1")
    cli.ok("journal", "add", "acme", "Looking back, the final call went fine.")
    everything = cli.ok("journal")
    assert "so unfair" in everything
    assert "mood 1 (very low)" in everything
    just_acme = cli.ok("journal", "acme")
    assert "the final call went fine" in just_acme
    assert "so unfair" not in just_acme
    bad = cli("journal", "add", "acme", "x", "--mood", "9")
    assert bad.exit_code == 2  # out of range: a usage error
    empty = cli("journal", "add", "  ")
    assert empty.exit_code == 1
    assert empty.stderr.strip() == "ajar: The note is empty."


def test_held_drafts_show_in_the_journal(cli: Cli, tracker: Tracker) -> None:
    _rejected(tracker)
    tracker.add_note("acme", "This is so unfair, you will regret it.", kind=NoteKind.HELD)
    out = cli.ok("journal", "acme")
    assert "a draft held back, not sent" in " ".join(out.split())
    assert "you will regret it" in out


def test_the_migration_builds_the_goal_tables_as_declared(home: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from doorajar.config import sqlite_url
    from doorajar.store.db import Store
    from doorajar.store.schema import metadata

    store = Store(sqlite_url(home))
    try:
        with store.engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(ctx, metadata)
            tables = set(inspect(conn).get_table_names())
    finally:
        store.close()
    assert {"goals", "goal_progress"} <= tables
    assert [d for d in diff if "goal" in str(d)] == []


def test_the_agenda_sends_a_reflect_action_to_ajar_reflect(tracker: Tracker) -> None:
    app_id = _rejected(tracker)
    items = tracker.agenda(days=7, sweep=False)
    reflect = [i for i in items.coming + items.today if i.action.kind is ActionKind.REFLECT]
    assert [i.command for i in reflect] == [f"ajar reflect {app_id}"]


@pytest.mark.postgres
def test_goals_patterns_and_journal_on_postgresql(
    pg_url: str, tmp_path: Path, clock: Clock
) -> None:
    from doorajar.config import resolve

    (tmp_path / "pg").mkdir()
    t = Tracker.open(resolve(tmp_path / "pg", pg_url))
    try:
        _rejected(t)
        g = t.patterns.add_goal(GOOD, NOW + timedelta(days=5), "quantified").goal
        assert t.patterns.progress(g.id, "two done", amount=2).progress_text == "2 of 5 so far"
        assert t.patterns.reflect("acme", {"improve": "slower"}, mood=2).completed is not None
        assert t.patterns.analyse().diagnosis.statement.startswith("1 rejection so far")
        assert t.patterns.finish(g.id).status is GoalStatus.DONE
        assert len(t.patterns.journal()) == 1
    finally:
        t.close()

"""Overviews: the paged Today agrees with the agenda, momentum counts weeks right."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from doorajar import demo
from doorajar.agenda.rules import AgendaItem, Momentum
from doorajar.agenda.service import streak, week_starts
from doorajar.model import ActionStatus, Outcome, RejectionKind, Stage
from doorajar.service import Tracker
from tests.helpers import Clock

BERLIN = ZoneInfo("Europe/Berlin")


def ids(items: tuple[AgendaItem, ...]) -> list[int]:
    return [i.action.id for i in items]


def _momentum(tracker: Tracker) -> Momentum:
    """Today's momentum, which the Tracker's agenda always carries."""
    momentum = tracker.agenda(sweep=False).momentum
    assert momentum is not None
    return momentum


def test_paged_today_matches_the_agenda(tracker: Tracker, clock: Clock) -> None:
    demo.load(tracker)
    some = next(a for a in tracker.agenda(days=7, sweep=False).overdue)
    tracker.act(some.action.id, ActionStatus.SNOOZED, until=clock.now + timedelta(days=2))
    full = tracker.agenda(days=7, sweep=False)
    view = tracker.planner.today(days=7, limit=500)
    assert view.agenda.momentum == full.momentum
    assert [i.command for i in view.agenda.overdue] == [i.command for i in full.overdue]
    assert ids(view.agenda.overdue) == ids(full.overdue)
    assert ids(view.agenda.today) == ids(full.today)
    assert ids(view.agenda.coming) == ids(full.coming)
    assert some.action.id in ids(view.agenda.coming)
    assert view.agenda.overdue[0].who == full.overdue[0].who
    assert view.totals == {
        "overdue": len(full.overdue),
        "today": len(full.today),
        "coming": len(full.coming),
    }


def test_paged_today_reads_only_a_page_but_counts_all(tracker: Tracker) -> None:
    demo.load(tracker)
    full = tracker.agenda(days=7, sweep=False)
    part = max(("overdue", "today", "coming"), key=lambda p: len(getattr(full, p)))
    every = ids(getattr(full, part))
    assert len(every) > 3
    view = tracker.planner.today(limit=3)
    assert ids(getattr(view.agenda, part)) == every[:3]
    assert view.totals[part] == len(every)
    expanded = tracker.planner.today(limit=3, expand=part)
    assert ids(getattr(expanded.agenda, part)) == every


def test_weeks_start_on_local_mondays() -> None:
    now = datetime(2026, 11, 22, 22, 30, tzinfo=UTC)  # already Monday 23rd in Tokyo
    assert week_starts(now, BERLIN, 2) == [
        datetime(2026, 11, 16, tzinfo=BERLIN),
        datetime(2026, 11, 9, tzinfo=BERLIN),
    ]
    tokyo = ZoneInfo("Asia/Tokyo")
    assert week_starts(now, tokyo, 1) == [datetime(2026, 11, 23, tzinfo=tokyo)]


def test_streak_counts_weeks_with_an_application() -> None:
    assert streak([2, 5, 0, 4]) == 2
    assert streak([0, 1, 1, 0, 3]) == 2  # this week is not over yet
    assert streak([0, 0, 3]) == 0
    assert streak([1]) == 1
    assert streak([]) == 0


def test_momentum_matches_the_agenda(tracker: Tracker, clock: Clock) -> None:
    now = clock.now  # Sunday 22 Nov 2026
    for days in (0, 1, 2, 3, 4, 7, 8, 9, 10, 11, 20, 35, 36):
        tracker.apply(f"Company {days}", "Engineer", at=now - timedelta(days=days))
    app = tracker.apply("Acme", "Engineer", at=now - timedelta(days=50)).application
    tracker.advance(str(app.id), Stage.FINAL_ROUND, at=now - timedelta(days=40))
    clock.advance(hours=3)
    tracker.reject(str(app.id), kind=RejectionKind.PERSONAL)
    clock.advance(hours=1)
    m = tracker.planner.momentum()
    assert m.this_week == 5  # Monday 16th to Sunday 22nd
    assert m.streak_weeks == 3
    assert m.nudge is not None
    assert "Acme" in m.nudge
    assert m == tracker.agenda(sweep=False).momentum


def test_momentum_with_no_applications(tracker: Tracker) -> None:
    m = tracker.planner.momentum()
    assert (m.today, m.this_week, m.streak_weeks, m.last_applied) == (0, 0, 0, None)
    assert m == tracker.agenda(sweep=False).momentum


def test_table_and_board_from_the_store(tracker: Tracker, clock: Clock) -> None:
    for i in range(7):
        app = tracker.apply(f"Co {i}", "Engineer" if i % 2 else "Analyst", source="referral")
        clock.advance(hours=1)
        if i < 2:
            tracker.advance(str(app.application.id), Stage.HIRING_MANAGER)
        if i == 0:
            tracker.reject(str(app.application.id), kind=RejectionKind.FORM)
    page = tracker.overview.applications(sort="company", descending=False, per_page=3, page=2)
    assert [a.company for a in page.items] == ["Co 3", "Co 4", "Co 5"]
    assert (page.total, page.pages) == (7, 3)
    assert page.sources == ("referral",)
    stage_first = tracker.overview.applications(sort="stage", descending=True, per_page=2)
    assert {a.stage for a in stage_first.items} == {Stage.HIRING_MANAGER}
    board = tracker.overview.board(per_stage=2)
    counts = {c.stage: c.count for c in board.columns}
    assert counts[Stage.APPLIED] == 5
    assert counts[Stage.HIRING_MANAGER] == 1  # the rejected one is closed
    assert [a.company for a in board.columns[0].items] == ["Co 6", "Co 5"]
    everything = tracker.overview.board(outcome=None)
    assert {c.stage: c.count for c in everything.columns}[Stage.HIRING_MANAGER] == 2
    assert tracker.overview.applications(outcome=Outcome.REJECTED).total == 1


def test_a_long_streak_is_followed_back_a_year(tracker: Tracker, clock: Clock) -> None:
    from doorajar.store import repo

    with tracker.tx() as s:
        for week in range(60):
            at = clock.now - timedelta(weeks=week)
            repo.add_application(s, company=f"Co {week}", role="Engineer", applied_at=at, now=at)
    assert _momentum(tracker).streak_weeks == 60
    assert tracker.planner.momentum().streak_weeks == 52

"""Overviews: the paged Today agrees with the agenda, momentum counts weeks right."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from doorajar import demo
from doorajar.model import ActionStatus, Outcome, RejectionKind, Stage
from doorajar.overview import momentum, week_starts
from doorajar.service import Tracker
from tests.conftest import Clock

BERLIN = ZoneInfo("Europe/Berlin")


def ids(items: tuple[object, ...]) -> list[int]:
    return [i.action.id for i in items]  # type: ignore[attr-defined]


def test_paged_today_matches_the_agenda(tracker: Tracker, clock: Clock) -> None:
    demo.load(tracker)
    some = next(a for a in tracker.agenda(days=7, sweep=False).overdue)
    tracker.act(some.action.id, ActionStatus.SNOOZED, until=clock.now + timedelta(days=2))
    full = tracker.agenda(days=7, sweep=False)
    view = tracker.overview.today(days=7, limit=500)
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
    assert len(full.overdue) > 3
    view = tracker.overview.today(limit=3)
    assert ids(view.agenda.overdue) == ids(full.overdue)[:3]
    assert view.totals["overdue"] == len(full.overdue)
    expanded = tracker.overview.today(limit=3, expand="overdue")
    assert ids(expanded.agenda.overdue) == ids(full.overdue)


def test_weeks_start_on_local_mondays() -> None:
    now = datetime(2026, 11, 22, 22, 30, tzinfo=UTC)  # already Monday 23rd in Tokyo
    assert week_starts(now, BERLIN, 2) == [
        datetime(2026, 11, 16, tzinfo=BERLIN),
        datetime(2026, 11, 9, tzinfo=BERLIN),
    ]
    tokyo = ZoneInfo("Asia/Tokyo")
    assert week_starts(now, tokyo, 1) == [datetime(2026, 11, 23, tzinfo=tokyo)]


def test_momentum_streak_and_the_nudge_after_a_rejection() -> None:
    now = datetime(2026, 11, 22, 15, tzinfo=UTC)
    m = momentum([2, 5, 6, 4, 9], now=now, tz=UTC, target=5)
    assert (m.this_week, m.streak_weeks, m.on_track) == (2, 2, False)
    m = momentum([5, 5, 1], now=now, tz=UTC, target=5)
    assert m.streak_weeks == 2
    assert m.on_track
    last = now - timedelta(days=3)
    m = momentum([1], now=now, tz=UTC, target=5, last_applied=last, last_rejection=now)
    assert m.send_next_today
    assert m.days_since_last == 3
    m = momentum([1], now=now, tz=UTC, target=5, last_applied=now, last_rejection=last)
    assert not m.send_next_today
    assert momentum([], now=now, tz=UTC, target=0).streak_weeks == 0


def test_momentum_from_the_store(tracker: Tracker, clock: Clock) -> None:
    now = clock.now  # Sunday 22 Nov 2026
    for days in (0, 1, 2, 3, 4, 7, 8, 9, 10, 11, 20):
        tracker.apply(f"Company {days}", "Engineer", at=now - timedelta(days=days))
    tracker.apply("Later", "Engineer", at=now + timedelta(minutes=1))  # in the future: ignored
    m = tracker.overview.momentum()
    assert m.this_week == 5  # Monday 16th to Sunday 22nd
    assert m.streak_weeks == 2
    assert m.days_since_last == 0


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

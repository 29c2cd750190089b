"""Reading changes nothing: every read of the agenda, people, patterns and lists leaves the
database exactly as it was, a month later too (when the sweep would have work to do)."""

from __future__ import annotations

from doorajar import demo
from doorajar.service import Tracker
from tests.helpers import Clock


def test_every_read_leaves_the_database_unchanged(tracker: Tracker, clock: Clock) -> None:
    demo.load(tracker)
    clock.advance(days=40)  # silence and touches are now due: only the sweep may write them
    before = tracker.export_json()
    t = tracker
    t.planner.agenda(30)
    t.planner.today(days=7, limit=5)
    t.planner.momentum()
    t.planner.calendar(30)
    t.planner.digest(7)
    t.relations.contacts()
    t.relations.contacts(due_within_days=30)
    for c in t.contacts()[:3]:
        t.relations.contact(str(c.id))
    t.relations.revisit_page(1, 5)
    for app in t.applications()[:5]:
        t.show(str(app.id))
    t.overview.applications(page=1, per_page=10)
    t.overview.board()
    t.overview.contacts()
    t.agenda(sweep=False)
    t.patterns.analyse()
    t.patterns.themes()
    t.patterns.goals()
    t.patterns.journal()
    t.patterns.report()
    t.mail.review_items()
    assert t.export_json() == before
    # and the sweep is what does write: the silence that built up is recorded
    assert t.sweep() != []
    assert t.export_json() != before


def test_the_sweep_leaves_one_check_in_per_silent_application(
    tracker: Tracker, clock: Clock
) -> None:
    tracker.apply("Quietly", "Analyst")
    clock.advance(days=22)
    for _ in range(3):
        tracker.sweep()
        clock.advance(hours=1)
    actions = tracker.show("Quietly").actions
    assert [a.kind.value for a in actions].count("check_in") == 1

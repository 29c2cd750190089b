"""The patterns reading and the revisit list, kept up to date change by change, equal
those made from scratch."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from doorajar.config import DB_FILENAME, resolve
from doorajar.model import ActionStatus, Channel, Direction, Outcome, RejectionKind, Stage
from doorajar.patterns import funnel
from doorajar.people.service import RevisitPage
from doorajar.service import Tracker
from doorajar.store import bulk
from tests.helpers import NOW, Clock


def from_scratch(t: Tracker) -> tuple[funnel.Patterns, RevisitPage]:
    """The reading and the revisit list a tracker that never saw the data before makes:
    every record read."""
    assert t.location is not None
    fresh = Tracker.open(t.location)
    try:
        return fresh.patterns.analyse(), fresh.relations.revisit_page()
    finally:
        fresh.close()


def planned_revisit(t: Tracker) -> int:
    """The first planned look at a company of the revisit list."""
    return next(
        d.action_id
        for e in t.relations.revisit_page().entries
        for d in e.revisits
        if d.action_id is not None and d.status == "pending"
    )


def now_held(t: Tracker) -> tuple[funnel.Patterns, RevisitPage]:
    """The reading and the revisit list of a tracker that has seen every change."""
    return t.patterns.analyse(), t.relations.revisit_page()


def search(t: Tracker) -> None:
    """Thirty applications over two months, through the same calls the commands make."""
    for i in range(30):
        at = NOW - timedelta(days=2 * i + 1)
        a = t.apply(f"Company {i:02}", "Data Analyst" if i % 2 else "Backend Developer", at=at,
                    source=("referral", "linkedin", "job_board")[i % 3]).application  # fmt: skip
        if i % 3 == 0:
            t.advance(str(a.id), Stage.HIRING_MANAGER, at=at + timedelta(days=3))
        if i % 4 == 0:
            kind = RejectionKind.PERSONAL if i % 3 == 0 else RejectionKind.FORM
            t.reject(str(a.id), kind=kind, at=at + timedelta(days=5))
        elif i % 5 == 0:
            t.log_touch(str(a.id), direction=Direction.IN, at=at + timedelta(days=2))


def test_incremental_reading_equals_a_fresh_one_after_each_change(
    db_url: str, home: Path, clock: Clock
) -> None:
    t = Tracker.open(resolve(home, db_url))
    try:
        search(t)
        held = t.patterns._held
        assert now_held(t) == from_scratch(t)
        assert t.relations.revisit_page().total > 0
        # the newest open applications, inside the period the reading looks at
        newest = sorted(t.applications(outcome=Outcome.ACTIVE), key=lambda a: a.applied_at)
        open_ids = [a.id for a in reversed(newest)]
        steps: dict[str, Callable[[], object]] = {
            "log": lambda: t.apply("Kestrel Analytics", "Data Analyst"),
            "reject": lambda: t.reject(str(open_ids[0]), kind=RejectionKind.PERSONAL),
            "stage": lambda: t.advance(str(open_ids[1]), Stage.HIRING_MANAGER),
            "message in": lambda: t.log_touch(
                str(open_ids[2]), direction=Direction.IN, channel=Channel.EMAIL
            ),
            "edit": lambda: t.edit(str(open_ids[3]), source="referral", role="Data Engineer"),
            "move back": lambda: t.move_back(str(open_ids[1]), Stage.RECRUITER_SCREEN),
            "interview, then no": lambda: (
                t.advance(str(open_ids[8]), Stage.FINAL_ROUND),
                t.reject(str(open_ids[8]), kind=RejectionKind.PERSONAL),
            ),
            "door closed": lambda: t.relations.set_door(str(open_ids[8]), override="close"),
            "door open": lambda: t.relations.set_door(str(open_ids[8]), override="keep"),
            "revisit done": lambda: t.act(planned_revisit(t), ActionStatus.DONE),
            "merge": lambda: t.merge(str(open_ids[4]), str(open_ids[5])),
            "delete": lambda: t.delete(str(open_ids[6])),
            "restore": lambda: t.restore(str(t.trash()[0].op_id)),
            "delete again": lambda: t.delete(str(open_ids[6])),
            "undo": lambda: t.undo(),
            "reject again": lambda: t.reject(str(open_ids[7]), kind=RejectionKind.FORM),
        }
        partial, revisit_partial = [], []
        for name, change in steps.items():
            clock.advance(hours=1)
            before, _ = now_held(t)
            change()
            after, listed = now_held(t)
            assert (after, listed) == from_scratch(t), name
            if held.last == "partial":
                partial.append(name)
            if t.relations.revisit_read == "partial":
                revisit_partial.append(name)
            if name in ("log", "reject", "stage"):
                assert after != before, name  # the change shows in the reading
        # the everyday changes read only what changed; taking one back reads everything
        assert {"log", "reject", "stage", "message in", "edit", "delete", "restore"} <= set(partial)
        assert "undo" not in partial
        revisit_steps = {"reject", "interview, then no", "door closed", "door open", "revisit done"}
        assert revisit_steps <= set(revisit_partial)
        assert "undo" not in revisit_partial
    finally:
        t.close()


def test_a_change_made_without_the_log_is_noticed(home: Path, clock: Clock) -> None:
    t = Tracker.open(resolve(home))
    try:
        search(t)
        first = t.patterns.analyse()
        # another program deletes an application's rejections behind doorajar's back
        with t.tx() as s:
            rejected = bulk.search_data(s).rejections[-1]
        with contextlib.closing(sqlite3.connect(home / DB_FILENAME)) as db, db:
            db.execute(
                "DELETE FROM rejections WHERE application_id = ?", (rejected.application_id,)
            )
        clock.advance(minutes=5)
        again = t.patterns.analyse()
        assert again == from_scratch(t)[0]
        assert sum(r.rejected for r in again.funnel) == sum(r.rejected for r in first.funnel) - 1
        assert t.patterns._held.last == "full"
    finally:
        t.close()

"""The patterns analysis's per-application facts, kept between readings and brought up to
date from the change log, so the first reading after a change costs about what a repeat
one does.

Every write doorajar makes is recorded in the operation log (`store/journal.py`), row by
row. Before each reading the held facts are compared with the store's mark
(`bulk.search_mark`): when only the log moved, the applications it names are read again
and the rest is kept; when something was taken back (undo is not logged), the log was
cut, or the records changed without the log (another program), everything is read again.
After a partial update the held records must match the store's counts, or everything is
read again too, so the held facts are always those `bulk.search_data` would give.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from doorajar.model import Application, Rejection, SearchData, StageChange, Touch
from doorajar.patterns import funnel
from doorajar.store import bulk


@dataclass(frozen=True)
class _Facts:
    """One application and what the analysis reads of it."""

    application: Application
    changes: tuple[StageChange, ...]
    rejections: tuple[Rejection, ...]
    touches: tuple[Touch, ...]
    track: funnel.Track


class HeldSearch:
    """The Tracks of every application, kept up to date; `version` grows with each change."""

    def __init__(self) -> None:
        self._facts: dict[int, _Facts] = {}
        self._mark: bulk.SearchMark | None = None
        self._ordered: list[funnel.Track] | None = None
        self.version = 0
        # how the last update was made: "kept", "partial" or "full" (for tests and benchmarks)
        self.last = "full"

    def tracks(self) -> list[funnel.Track]:
        """Every application's Track, oldest first, as of the last `sync`."""
        if self._ordered is None:
            self._ordered = sorted(
                (f.track for f in self._facts.values()),
                key=lambda t: funnel.oldest_first(t.application),
            )
        return self._ordered

    def sync(self, s: Session) -> int:
        """Bring the held facts up to date; the version they are at."""
        mark = bulk.search_mark(s)
        held = self._mark
        if held == mark:
            self.last = "kept"
            return self.version
        if held is None or mark.undone != held.undone or mark.logged <= held.logged:
            self._read(s, None)
        else:
            self._read(s, bulk.changed_since(s, held.logged))
            if self._counts() != mark.counts:
                self._read(s, None)
        self._mark = mark
        return self.version

    def _read(self, s: Session, ids: Collection[int] | None) -> None:
        data = bulk.search_data(s, ids)
        if ids is None:
            self._facts = {}
        else:
            for i in ids:
                self._facts.pop(i, None)
        changes: dict[int, list[StageChange]] = defaultdict(list)
        for c in data.stage_changes:
            changes[c.application_id].append(c)
        rejections: dict[int, list[Rejection]] = defaultdict(list)
        for r in data.rejections:
            rejections[r.application_id].append(r)
        touches: dict[int, list[Touch]] = defaultdict(list)
        for t in data.touches:
            if t.application_id is not None:
                touches[t.application_id].append(t)
        for app in data.applications:
            mine = rejections.get(app.id, [])
            last = max(mine, key=lambda r: (r.received_at, r.id)) if mine else None
            ins: list[datetime] = [t.at for t in touches.get(app.id, ())]
            self._facts[app.id] = _Facts(
                app,
                tuple(changes.get(app.id, ())),
                tuple(mine),
                tuple(touches.get(app.id, ())),
                funnel.track(app, changes.get(app.id, ()), last, ins),
            )
        self._ordered = None
        self.version += 1
        self.last = "full" if ids is None else "partial"

    def _counts(self) -> tuple[Any, ...]:
        facts = self._facts.values()
        return bulk.held_mark(
            SearchData(
                tuple(f.application for f in facts),
                tuple(c for f in facts for c in f.changes),
                tuple(r for f in facts for r in f.rejections),
                tuple(t for f in facts for t in f.touches),
            )
        )

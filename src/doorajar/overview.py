"""Overviews of the search: paged application lists, the board by stage, momentum.

What the web UI's list pages show. `momentum()` is pure; `Overview` reads through
the Tracker, one transaction per call, and never loads more than a page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from doorajar.errors import InvalidInput
from doorajar.model import Application, Contact, Outcome, Stage
from doorajar.store import listing, repo
from doorajar.timeutil import local_tz

if TYPE_CHECKING:
    from doorajar.service import Tracker

SORTS = listing.SORTS
MAX_PER_PAGE = 200


@dataclass(frozen=True)
class ApplicationPage:
    """One page of a sorted, filtered list of applications."""

    items: tuple[Application, ...]
    total: int
    page: int
    per_page: int
    sort: str
    descending: bool
    sources: tuple[str, ...]

    @property
    def pages(self) -> int:
        """How many pages there are (at least one)."""
        return max(1, math.ceil(self.total / self.per_page))


@dataclass(frozen=True)
class BoardColumn:
    """The applications at one stage: how many, and the newest few."""

    stage: Stage
    count: int
    items: tuple[Application, ...]


@dataclass(frozen=True)
class Board:
    """Applications by stage, as columns."""

    columns: tuple[BoardColumn, ...]
    outcome: Outcome | None


@dataclass(frozen=True)
class ContactPage:
    """One page of contacts."""

    items: tuple[Contact, ...]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        """How many pages there are (at least one)."""
        return max(1, math.ceil(self.total / self.per_page))


@dataclass(frozen=True)
class Momentum:
    """How the search is moving (PLAYBOOK.md §6)."""

    this_week: int
    target: int
    streak_weeks: int
    days_since_last: int | None
    send_next_today: bool

    @property
    def on_track(self) -> bool:
        """True when this week's target is met."""
        return self.this_week >= self.target


def _week_start(moment: datetime, tz: tzinfo) -> datetime:
    local = moment.astimezone(tz)
    day = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return day - timedelta(days=local.weekday())


def momentum(
    applied: list[datetime],
    *,
    now: datetime,
    tz: tzinfo,
    target: int,
    last_rejection: datetime | None = None,
) -> Momentum:
    """This week's applications against the target, the run of full weeks before it,
    and whether a rejection since the last application calls for the next one today."""
    start = _week_start(now, tz)
    weeks: dict[int, int] = {}
    for at in applied:
        if at > now:
            continue
        index = (start - _week_start(at, tz)).days // 7
        weeks[index] = weeks.get(index, 0) + 1
    streak = 0
    if target > 0:
        while weeks.get(streak + 1, 0) >= target:
            streak += 1
        if weeks.get(0, 0) >= target:
            streak += 1
    latest = max((a for a in applied if a <= now), default=None)
    days_since = (now.astimezone(tz).date() - latest.astimezone(tz).date()).days if latest else None
    send_next = last_rejection is not None and (latest is None or latest < last_rejection)
    return Momentum(weeks.get(0, 0), target, streak, days_since, send_next)


class Overview:
    """Read-only views over many applications at once."""

    def __init__(self, tracker: Tracker) -> None:
        self.tracker = tracker

    def applications(
        self,
        *,
        search: str | None = None,
        stage: Stage | None = None,
        outcome: Outcome | None = None,
        source: str | None = None,
        sort: str = "applied",
        descending: bool = True,
        page: int = 1,
        per_page: int = 50,
    ) -> ApplicationPage:
        """One page of applications, sorted and filtered."""
        if sort not in SORTS:
            raise InvalidInput(f"Cannot sort by '{sort}'; use one of: {', '.join(SORTS)}.")
        per_page = min(max(per_page, 1), MAX_PER_PAGE)
        page = max(page, 1)
        with self.tracker.tx() as s:
            items, total = listing.application_page(
                s,
                search=search,
                stage=stage,
                outcome=outcome,
                source=source,
                sort=sort,
                descending=descending,
                limit=per_page,
                offset=(page - 1) * per_page,
            )
            known = listing.sources(s)
        return ApplicationPage(tuple(items), total, page, per_page, sort, descending, tuple(known))

    def board(self, *, outcome: Outcome | None = Outcome.ACTIVE, per_stage: int = 12) -> Board:
        """Applications by stage: each column's count and its newest few."""
        with self.tracker.tx() as s:
            counts = listing.stage_counts(s, outcome=outcome)
            columns = tuple(
                BoardColumn(
                    stage,
                    counts.get(stage, 0),
                    tuple(listing.newest_at_stage(s, stage, outcome=outcome, limit=per_stage))
                    if counts.get(stage)
                    else (),
                )
                for stage in Stage
            )
        return Board(columns, outcome)

    def contacts(
        self, *, search: str | None = None, page: int = 1, per_page: int = 100
    ) -> ContactPage:
        """One page of contacts by name."""
        per_page = min(max(per_page, 1), MAX_PER_PAGE)
        page = max(page, 1)
        with self.tracker.tx() as s:
            items, total = listing.contact_page(
                s, search=search, limit=per_page, offset=(page - 1) * per_page
            )
        return ContactPage(tuple(items), total, page, per_page)

    def momentum(self) -> Momentum:
        """This week's applications, the streak, and whether to send the next one today."""
        now = self.tracker.now()
        with self.tracker.tx() as s:
            settings = repo.load_settings(s)
            applied = listing.applied_since(s, now - timedelta(weeks=60))
            last_rejection = listing.last_rejection_at(s)
            last_applied = listing.last_applied_at(s)
        if last_applied is not None and last_applied < now - timedelta(weeks=60):
            applied.append(last_applied)
        return momentum(
            applied,
            now=now,
            tz=local_tz(settings.timezone),
            target=settings.weekly_target,
            last_rejection=last_rejection,
        )

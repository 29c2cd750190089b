"""Overviews of the search: paged application lists, the board by stage, momentum.

What the web UI's list pages show. `momentum()` is pure; `Overview` reads through
the Tracker, one transaction per call, and never loads more than a page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING

from doorajar.errors import InvalidInput
from doorajar.model import Action, Application, Contact, Outcome, Stage
from doorajar.schedule import Agenda, item
from doorajar.store import listing, repo
from doorajar.timeutil import local_tz

if TYPE_CHECKING:
    from doorajar.service import Tracker

SORTS = listing.SORTS
MAX_PER_PAGE = 200
EXPANDED = 500  # a part of Today shown in full still stops somewhere
WEEKS = 26  # how far back a streak is counted: half a year is "a long run" enough


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
class TodayView:
    """The agenda, at most a page of each part, with how many each part holds in all."""

    agenda: Agenda
    totals: dict[str, int]


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


def week_starts(now: datetime, tz: tzinfo, weeks: int = WEEKS) -> list[datetime]:
    """Local midnight on the Monday of this week and of each week before it, newest first."""
    today = now.astimezone(tz).date()
    monday = today - timedelta(days=today.weekday())
    return [
        datetime.combine(monday - timedelta(weeks=k), time.min, tzinfo=tz) for k in range(weeks)
    ]


def momentum(
    weekly: list[int],
    *,
    now: datetime,
    tz: tzinfo,
    target: int,
    last_applied: datetime | None = None,
    last_rejection: datetime | None = None,
) -> Momentum:
    """From the applications sent each week (this week first): this week against the
    target, the run of weeks on target, and whether a rejection since the last
    application calls for the next one today."""
    streak = 0
    if target > 0:
        while streak + 1 < len(weekly) and weekly[streak + 1] >= target:
            streak += 1
        if weekly and weekly[0] >= target:
            streak += 1
    days_since = None
    if last_applied is not None:
        days_since = (now.astimezone(tz).date() - last_applied.astimezone(tz).date()).days
    send_next = last_rejection is not None and (
        last_applied is None or last_applied < last_rejection
    )
    return Momentum(weekly[0] if weekly else 0, target, streak, days_since, send_next)


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
            tz = local_tz(settings.timezone)
            weekly = listing.weekly_counts(s, week_starts(now, tz), now)
            last_applied = listing.last_applied_at(s, before=now)
            last_rejection = listing.last_rejection_at(s, before=now)
        return momentum(
            weekly,
            now=now,
            tz=tz,
            target=settings.weekly_target,
            last_applied=last_applied,
            last_rejection=last_rejection,
        )

    def today(self, *, days: int = 7, limit: int = 25, expand: str | None = None) -> TodayView:
        """Overdue, today and coming actions (as `Tracker.agenda`), reading at most `limit`
        of each part (more for the part named by `expand`) however busy the search is."""
        now = self.tracker.now()
        with self.tracker.tx() as s:
            tz = local_tz(repo.load_settings(s).timezone)
            start = now.astimezone(tz).replace(hour=0, minute=0, second=0, microsecond=0)
            spans = {
                "overdue": (None, start),
                "today": (start, start + timedelta(days=1)),
                "coming": (start + timedelta(days=1), start + timedelta(days=days + 1)),
            }
            parts: dict[str, list[Action]] = {}
            totals: dict[str, int] = {}
            for name, (lo, hi) in spans.items():
                n = EXPANDED if name == expand else limit
                parts[name], totals[name] = listing.open_actions_between(s, lo, hi, limit=n)
            acts = [a for part in parts.values() for a in part]
            apps = listing.applications_by_id(s, {a.application_id for a in acts})
            people = listing.contacts_by_id(s, {a.contact_id for a in acts})
        overdue, today, coming = (
            tuple(item(a, apps, people) for a in parts[k]) for k in ("overdue", "today", "coming")
        )
        return TodayView(Agenda(overdue, today, coming, now, days), totals)

"""Overviews of the search: paged application lists, the board by stage, Today.

What the web UI's list pages show. `Overview` reads through the Tracker, one
transaction per call, and never loads more than a page: Today and its momentum are
the same as `Tracker.agenda` gives, read with indexed queries instead of every row.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING

from doorajar.errors import InvalidInput
from doorajar.model import Action, ActionKind, Application, Contact, Outcome, Stage
from doorajar.relations import latest_application
from doorajar.schedule import Agenda, Momentum, item
from doorajar.store import listing, repo
from doorajar.timeutil import local_tz

if TYPE_CHECKING:
    from doorajar.service import Tracker

SORTS = listing.SORTS
MAX_PER_PAGE = 200
EXPANDED = 500  # a part of Today shown in full still stops somewhere
WEEKS = 26  # weeks counted per query when following a streak back
STREAK_WEEKS = 52  # a streak is followed back a year at most: "a year or more" after that


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


def _midnight(now: datetime, tz: tzinfo) -> datetime:
    return now.astimezone(tz).replace(hour=0, minute=0, second=0, microsecond=0)


def week_starts(now: datetime, tz: tzinfo, weeks: int = WEEKS) -> list[datetime]:
    """Local midnight on the Monday of this week and of each week before it, newest first."""
    today = now.astimezone(tz).date()
    monday = today - timedelta(days=today.weekday())
    return [
        datetime.combine(monday - timedelta(weeks=k), time.min, tzinfo=tz) for k in range(weeks)
    ]


def streak(weekly: list[int]) -> int:
    """Weeks in a row with an application, from counts per week (this week first); this
    week joins once it has one, and while it has none the run before it still stands
    (as `schedule.momentum` counts it)."""
    k = 0 if weekly and weekly[0] else 1
    run = 0
    while k < len(weekly) and weekly[k]:
        run, k = run + 1, k + 1
    return run


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
        """Applications today and this week, the weekly streak and the nudge to send the next
        one, as `Tracker.agenda` reports them, read with a few indexed queries."""
        now = self.tracker.now()
        with self.tracker.tx() as s:
            settings = repo.load_settings(s)
            tz = local_tz(settings.timezone)
            start = _midnight(now, tz)
            end_today = start + timedelta(days=1)
            today = listing.count_between(s, start, end_today)
            weekly: list[int] = []
            starts = week_starts(now, tz, STREAK_WEEKS)
            for k in range(0, len(starts), WEEKS):  # a few months at a time, until a gap
                chunk = starts[k : k + WEEKS]
                weekly += listing.weekly_counts(s, chunk, starts[k - 1] if k else end_today)
                if 0 in weekly[1:]:
                    break
            nudges = [
                a
                for a in listing.open_actions_of_kind(s, ActionKind.NEXT_APPLICATION)
                if a.effective_due() <= now
            ]
            apps = listing.applications_by_id(s, {a.application_id for a in nudges})
            last = listing.last_applied_at(s)
        return Momentum(
            today=today,
            this_week=weekly[0],
            weekly_target=settings.weekly_target,
            streak_weeks=streak(weekly),
            last_applied=last,
            next_application=tuple(
                sorted((item(a, apps, {}) for a in nudges), key=lambda i: (i.due, i.action.id))
            ),
        )

    def today(self, *, days: int = 7, limit: int = 25, expand: str | None = None) -> TodayView:
        """Overdue, today and coming actions (as `Tracker.agenda`), reading at most `limit`
        of each part (more for the part named by `expand`) however busy the search is."""
        now = self.tracker.now()
        with self.tracker.tx() as s:
            tz = local_tz(repo.load_settings(s).timezone)
            start = _midnight(now, tz)
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
            links = {
                a.contact_id: via
                for a in acts
                if a.contact_id and a.application_id is None
                if (via := latest_application(s, a.contact_id)) is not None
            }
        overdue, today, coming = (
            tuple(item(a, apps, people, links) for a in parts[k])
            for k in ("overdue", "today", "coming")
        )
        agenda = Agenda(overdue, today, coming, now, days, self.momentum())
        return TodayView(agenda, totals)

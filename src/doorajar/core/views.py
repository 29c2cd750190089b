"""Views over many records at once: paged application and contact lists, the board by stage.

What the web UI's list pages show. `Overview` reads, one transaction per call, and never
loads more than a page. Today lives with the agenda (`doorajar.agenda.service`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from doorajar.core.applications import close_names
from doorajar.core.unit import Unit
from doorajar.errors import InvalidInput
from doorajar.model import Application, Contact, Outcome, Stage
from doorajar.store import listing

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


class Overview:
    """Read-only views over many applications at once."""

    def __init__(self, unit: Unit) -> None:
        self.unit = unit

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
        with self.unit.tx() as s:
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

    def near_misses(self, search: str) -> tuple[str, ...]:
        """Up to three company names (else roles) close to a search that found nothing."""
        if not search.strip():
            return ()
        with self.unit.tx() as s:
            companies, roles = listing.names(s)
        return tuple(close_names(search.strip(), companies) or close_names(search.strip(), roles))

    def board(self, *, outcome: Outcome | None = Outcome.ACTIVE, per_stage: int = 12) -> Board:
        """Applications by stage: each column's count and its newest few."""
        with self.unit.tx() as s:
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
        with self.unit.tx() as s:
            items, total = listing.contact_page(
                s, search=search, limit=per_page, offset=(page - 1) * per_page
            )
        return ContactPage(tuple(items), total, page, per_page)

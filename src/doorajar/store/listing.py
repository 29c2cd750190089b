"""Repository functions for overviews: paged, sorted, filtered lists and counts.

They read the core tables only, and never load more rows than a page shows, so a
search with thousands of applications stays fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from doorajar.model import Application, Contact, Outcome, Stage
from doorajar.store import repo
from doorajar.store.repo import to_application, to_contact
from doorajar.store.tables import ApplicationRow, ContactRow, RejectionRow

SORTS = ("applied", "company", "role", "stage", "outcome", "source", "id")

_STAGE_RANK = case({s.value: s.rank for s in Stage}, value=ApplicationRow.stage, else_=-1)


def application_page(
    s: Session,
    *,
    search: str | None = None,
    stage: Stage | None = None,
    outcome: Outcome | None = None,
    source: str | None = None,
    sort: str = "applied",
    descending: bool = True,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[Application], int]:
    """One page of applications and how many match in all."""
    where: dict[str, Any] = {
        "search": search,
        "stage": stage,
        "outcome": outcome,
        "source": source,
    }
    total = int(
        s.scalar(repo.filter_applications(select(func.count(ApplicationRow.id)), **where)) or 0
    )
    column: Any = {
        "applied": ApplicationRow.applied_at,
        "company": func.lower(ApplicationRow.company),
        "role": func.lower(ApplicationRow.role),
        "stage": _STAGE_RANK,
        "outcome": ApplicationRow.outcome,
        "source": ApplicationRow.source,
        "id": ApplicationRow.id,
    }[sort]
    order = [column.desc() if descending else column.asc()]
    order.append(ApplicationRow.id.desc() if descending else ApplicationRow.id.asc())
    q = (
        repo.filter_applications(select(ApplicationRow), **where)
        .order_by(*order)
        .limit(limit)
        .offset(offset)
    )
    return [to_application(r) for r in s.scalars(q)], total


def stage_counts(s: Session, *, outcome: Outcome | None) -> dict[Stage, int]:
    """How many applications sit at each stage."""
    q = select(ApplicationRow.stage, func.count(ApplicationRow.id)).group_by(ApplicationRow.stage)
    if outcome is not None:
        q = q.where(ApplicationRow.outcome == outcome.value)
    return {Stage(st): int(n) for st, n in s.execute(q)}


def newest_at_stage(
    s: Session, stage: Stage, *, outcome: Outcome | None, limit: int
) -> list[Application]:
    """The most recent applications at a stage."""
    q = select(ApplicationRow).where(ApplicationRow.stage == stage.value)
    if outcome is not None:
        q = q.where(ApplicationRow.outcome == outcome.value)
    q = q.order_by(ApplicationRow.applied_at.desc(), ApplicationRow.id.desc()).limit(limit)
    return [to_application(r) for r in s.scalars(q)]


def sources(s: Session) -> list[str]:
    """Every source the user has recorded, alphabetically."""
    q = (
        select(ApplicationRow.source)
        .where(ApplicationRow.source.is_not(None))
        .distinct()
        .order_by(ApplicationRow.source)
    )
    return [str(v) for v in s.scalars(q)]


def applied_since(s: Session, since: datetime) -> list[datetime]:
    """When each application since a moment was sent."""
    q = select(ApplicationRow.applied_at).where(ApplicationRow.applied_at >= since)
    return list(s.scalars(q))


def last_rejection_at(s: Session) -> datetime | None:
    """When the latest non-silent rejection arrived."""
    q = select(RejectionRow).where(RejectionRow.kind != "silent")
    q = q.order_by(RejectionRow.received_at.desc()).limit(1)
    row = s.scalar(q)
    return row.received_at if row else None


def last_applied_at(s: Session) -> datetime | None:
    """When the latest application was sent."""
    q = select(ApplicationRow).order_by(ApplicationRow.applied_at.desc()).limit(1)
    row = s.scalar(q)
    return row.applied_at if row else None


def contact_page(
    s: Session, *, search: str | None = None, limit: int = 100, offset: int = 0
) -> tuple[list[Contact], int]:
    """One page of contacts by name, and how many match in all."""
    cond: Sequence[Any] = ()
    if search:
        like = f"%{search.strip().lower()}%"
        cond = (
            or_(
                func.lower(ContactRow.name).like(like),
                func.lower(ContactRow.company).like(like),
                func.lower(ContactRow.email).like(like),
            ),
        )
    total = int(s.scalar(select(func.count(ContactRow.id)).where(*cond)) or 0)
    q = select(ContactRow).where(*cond).order_by(ContactRow.name, ContactRow.id)
    rows = s.scalars(q.limit(limit).offset(offset))
    return [to_contact(r) for r in rows], total

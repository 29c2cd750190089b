"""Repository functions for overviews: paged, sorted, filtered lists and counts.

They read the core tables only, and never load more rows than a page shows, so a
search with thousands of applications stays fast.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, case, func, or_, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from doorajar.model import Action, ActionKind, ActionStatus, Application, Contact, Outcome, Stage
from doorajar.store import repo
from doorajar.store.repo import to_action, to_application, to_contact
from doorajar.store.tables import ActionRow, ApplicationRow, ContactRow

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


def names(s: Session) -> tuple[list[str], list[str]]:
    """Every company and every role the user has recorded, each once, alphabetically."""
    companies = select(ApplicationRow.company).distinct().order_by(ApplicationRow.company)
    roles = select(ApplicationRow.role).distinct().order_by(ApplicationRow.role)
    return [str(v) for v in s.scalars(companies)], [str(v) for v in s.scalars(roles)]


def weekly_counts(s: Session, starts: Sequence[datetime], end: datetime) -> list[int]:
    """Applications sent in each week, given the weeks' starts (newest first) and when the
    newest ends: one grouped query over the date index."""
    col = ApplicationRow.applied_at
    week = case(*[(col >= start, k) for k, start in enumerate(starts)], else_=-1)
    q = select(week, func.count()).where(col >= starts[-1], col < end).group_by(week)
    counts = {int(k): int(n) for k, n in s.execute(q)}
    return [counts.get(k, 0) for k in range(len(starts))]


def count_between(s: Session, start: datetime, end: datetime) -> int:
    """How many applications were sent in [start, end)."""
    col = ApplicationRow.applied_at
    return int(s.scalar(select(func.count()).where(col >= start, col < end)) or 0)


def last_applied_at(s: Session) -> datetime | None:
    """When the latest application was sent."""
    return _aware(s.scalar(select(func.max(ApplicationRow.applied_at))))


def open_actions_of_kind(s: Session, kind: ActionKind) -> list[Action]:
    """Open actions of one kind, by due date."""
    q = select(ActionRow).where(
        ActionRow.kind == kind.value,
        ActionRow.status.in_([ActionStatus.PENDING.value, ActionStatus.SNOOZED.value]),
    )
    return [to_action(r) for r in s.scalars(q.order_by(ActionRow.due, ActionRow.id))]


def _aware(value: Any) -> datetime | None:
    # aggregates lose the column type, so the stored naive UTC comes back as it is
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    assert isinstance(value, datetime)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


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


def _open_due() -> Any:
    """When an open action is due, taking a snooze into account (as Action.effective_due)."""
    return case(
        (
            and_(
                ActionRow.status == ActionStatus.SNOOZED.value,
                ActionRow.snoozed_until.is_not(None),
            ),
            ActionRow.snoozed_until,
        ),
        else_=ActionRow.due,
    )


def open_actions_between(
    s: Session, start: datetime | None, end: datetime, *, limit: int, nudge: int | None = None
) -> tuple[list[Action], int]:
    """Open actions due in [start, end) (no lower bound when start is None), soonest first:
    at most `limit` of them, and how many there are in all. With `nudge`, the one
    "send the next application" action kept is that one (the agenda shows a single one)."""
    due = type_coerce(_open_due(), ActionRow.due.type)
    cond: list[ColumnElement[bool]] = [
        ActionRow.status.in_([ActionStatus.PENDING.value, ActionStatus.SNOOZED.value])
    ]
    if nudge is not None:
        cond.append(or_(ActionRow.kind != ActionKind.NEXT_APPLICATION.value, ActionRow.id == nudge))
    cond.append(due < end)
    if start is not None:
        cond.append(due >= start)
    total = int(s.scalar(select(func.count(ActionRow.id)).where(*cond)) or 0)
    q = select(ActionRow).where(*cond).order_by(due, ActionRow.id).limit(limit)
    return [to_action(r) for r in s.scalars(q)], total


def _by_id(s: Session, row: Any, ids: Iterable[int | None], convert: Any) -> dict[int, Any]:
    wanted = sorted({i for i in ids if i is not None})
    out: dict[int, Any] = {}
    for start in range(0, len(wanted), 500):  # stay under every database's parameter limit
        q = select(row).where(row.id.in_(wanted[start : start + 500]))
        out.update((r.id, convert(r)) for r in s.scalars(q))
    return out


def applications_by_id(s: Session, ids: Iterable[int | None]) -> dict[int, Application]:
    """The named applications, by id."""
    return _by_id(s, ApplicationRow, ids, to_application)


def contacts_by_id(s: Session, ids: Iterable[int | None]) -> dict[int, Contact]:
    """The named contacts, by id."""
    return _by_id(s, ContactRow, ids, to_contact)

"""Goals and the progress logged toward them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from doorajar.errors import Conflict, NotFound
from doorajar.model import ActionStatus, Goal, GoalStatus, Progress
from doorajar.store.tables import ActionRow
from doorajar.store.tables_patterns import GoalProgressRow, GoalRow


def add(
    s: Session,
    *,
    text: str,
    link: str | None,
    deadline: datetime,
    target: int | None,
    now: datetime,
) -> Goal:
    """Store a new open goal."""
    row = GoalRow(
        text=text,
        link=link,
        deadline=deadline,
        target=target,
        status=GoalStatus.OPEN.value,
        created_at=now,
    )
    s.add(row)
    s.flush()
    return _goal(s, row)


def goals(s: Session) -> list[Goal]:
    """Every goal, by deadline."""
    rows = s.scalars(select(GoalRow).order_by(GoalRow.deadline, GoalRow.id)).all()
    return [_goal(s, r) for r in rows]


def get(s: Session, goal_id: int) -> Goal:
    """One goal."""
    return _goal(s, _goal_row(s, goal_id))


def add_progress(s: Session, goal_id: int, *, now: datetime, note: str, amount: int | None) -> Goal:
    """Log a step toward a goal."""
    row = _goal_row(s, goal_id)
    s.add(GoalProgressRow(goal_id=row.id, at=now, note=note, amount=amount))
    s.flush()
    return _goal(s, row)


def finish(s: Session, goal_id: int, status: GoalStatus, *, now: datetime) -> Goal:
    """Close an open goal as done or dropped."""
    row = _goal_row(s, goal_id)
    if row.status != GoalStatus.OPEN.value:
        raise Conflict(f"Goal #{goal_id} is already {row.status}.")
    row.status = status.value
    row.done_at = now if status is GoalStatus.DONE else None
    s.flush()
    return _goal(s, row)


def _goal_row(s: Session, goal_id: int) -> GoalRow:
    row = s.get(GoalRow, goal_id)
    if row is None:
        raise NotFound(f"No goal #{goal_id}; `ajar goal list` shows them.")
    return row


def _goal(s: Session, row: GoalRow) -> Goal:
    steps = s.scalars(
        select(GoalProgressRow)
        .where(GoalProgressRow.goal_id == row.id)
        .order_by(GoalProgressRow.at, GoalProgressRow.id)
    ).all()
    status = GoalStatus(row.status)
    done_at = row.done_at
    if status is GoalStatus.OPEN:
        action = s.scalar(select(ActionRow).where(ActionRow.key == f"goal-{row.id}"))
        if action is not None and action.status == ActionStatus.DONE.value:
            status, done_at = GoalStatus.DONE, action.done_at
    return Goal(
        id=row.id,
        text=row.text,
        link=row.link,
        deadline=row.deadline,
        target=row.target,
        status=status,
        created_at=row.created_at,
        done_at=done_at,
        progress=tuple(Progress(p.id, p.at, p.note, p.amount) for p in steps),
    )

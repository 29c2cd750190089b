"""The agenda: open actions sorted into overdue, due today and coming up. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from doorajar.model import Action, ActionKind, Application, Contact


@dataclass(frozen=True)
class AgendaItem:
    """One open action with what the user needs to act on it."""

    action: Action
    due: datetime
    what: str
    who: str | None
    why: str
    command: str
    application_id: int | None


@dataclass(frozen=True)
class Agenda:
    """Open actions by when they are due, in the user's local days."""

    overdue: tuple[AgendaItem, ...]
    today: tuple[AgendaItem, ...]
    coming: tuple[AgendaItem, ...]
    now: datetime
    days: int

    @property
    def empty(self) -> bool:
        """True when nothing is open in the window."""
        return not (self.overdue or self.today or self.coming)


def command_for(action: Action) -> str:
    """The command that does an action (or marks it done)."""
    if action.kind is ActionKind.NEXT_APPLICATION:
        return 'ajar apply "COMPANY" "ROLE"'
    if action.kind is ActionKind.REFLECT and action.application_id is not None:
        return f"ajar reflect {action.application_id}"
    if action.kind is ActionKind.GOAL and action.goal_id is not None:
        return f'ajar goal progress {action.goal_id} "WHAT YOU DID"  (or: ajar goal done {action.goal_id})'
    return f"ajar done {action.id}"


def item(
    action: Action, apps: Mapping[int, Application], contacts: Mapping[int, Contact]
) -> AgendaItem:
    """Describe one action for the agenda."""
    app = apps.get(action.application_id) if action.application_id else None
    person = contacts.get(action.contact_id) if action.contact_id else None
    who_parts = [p for p in (person.name if person else None, app.title if app else None) if p]
    return AgendaItem(
        action=action,
        due=action.effective_due(),
        what=action.kind.label,
        who=" · ".join(who_parts) or None,
        why=action.reason,
        command=command_for(action),
        application_id=action.application_id,
    )


def agenda(
    actions: Iterable[Action],
    apps: Mapping[int, Application],
    contacts: Mapping[int, Contact],
    *,
    now: datetime,
    tz: tzinfo,
    days: int = 7,
) -> Agenda:
    """Sort open actions into overdue (before today), today, and the next `days` days."""
    local_now = now.astimezone(tz)
    start_today = local_now.replace(hour=0, minute=0, second=0, microsecond=0)
    end_today = start_today + timedelta(days=1)
    horizon = start_today + timedelta(days=days + 1)
    overdue, today, coming = [], [], []
    for a in actions:
        if not a.open:
            continue
        it = item(a, apps, contacts)
        due = it.due.astimezone(tz)
        if due < start_today:
            overdue.append(it)
        elif due < end_today:
            today.append(it)
        elif due < horizon:
            coming.append(it)

    def key(i: AgendaItem) -> tuple[datetime, int]:
        return (i.due, i.action.id)

    return Agenda(
        tuple(sorted(overdue, key=key)),
        tuple(sorted(today, key=key)),
        tuple(sorted(coming, key=key)),
        now,
        days,
    )

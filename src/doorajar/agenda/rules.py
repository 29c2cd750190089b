"""The agenda, momentum and the daily digest: open actions sorted by when they are due. Pure.

Nothing here reads a clock or a database: the service passes `now`, the user's
time zone and the stored actions, and gets frozen dataclasses (or plain text) back.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from doorajar.model import (
    MESSAGE_KINDS,
    Action,
    ActionKind,
    Application,
    Contact,
    PlannedAction,
)

WIDTH = 80
# a space textwrap does not break at, so "(3 days overdue, Sun 01 Nov)" stays whole
_KEEP = "\u00a0"


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
    commands: tuple[str, ...] = ()


@dataclass(frozen=True)
class Momentum:
    """Applications sent lately against the weekly target, and the streak.

    The streak counts consecutive calendar weeks (Monday to Sunday, in the user's
    time zone) with at least one application. The current week joins the streak
    once it has an application; while it has none, the streak still stands on the
    weeks before it, because the week is not over yet.
    """

    today: int
    this_week: int
    weekly_target: int
    streak_weeks: int
    last_applied: datetime | None
    # open "send the next application" actions: rejections not yet answered by one
    next_application: tuple[AgendaItem, ...] = ()

    @property
    def target_met(self) -> bool:
        """True once this week's applications reach the target."""
        return self.weekly_target > 0 and self.this_week >= self.weekly_target

    @property
    def nudge(self) -> str | None:
        """'Send the next application today', while a rejection waits for one."""
        if not self.next_application:
            return None
        names = [i.who.rsplit(" at ", 1)[-1] for i in self.next_application if i.who]
        after = f" after the no from {_names(names)}" if names else ""
        return f"Send the next application today{after}. It need not be perfect."


@dataclass(frozen=True)
class Agenda:
    """Open actions by when they are due, in the user's local days."""

    overdue: tuple[AgendaItem, ...]
    today: tuple[AgendaItem, ...]
    coming: tuple[AgendaItem, ...]
    now: datetime
    days: int
    momentum: Momentum | None = field(default=None)

    @property
    def empty(self) -> bool:
        """True when nothing is open in the window."""
        return not (self.overdue or self.today or self.coming)

    @property
    def items(self) -> tuple[AgendaItem, ...]:
        """Every item, overdue first."""
        return self.overdue + self.today + self.coming


def command_for(action: Action, app_id: int | None = None) -> str:
    """The command that does an action: a draft for messages, else marking it done.

    `app_id` is the application to draft from when the action has none of its own
    (a touch to a contact is drafted from their latest application).
    """
    app_id = action.application_id or app_id
    if action.kind is ActionKind.NEXT_APPLICATION:
        return 'ajar apply "COMPANY" "ROLE"'
    if action.kind in MESSAGE_KINDS and app_id is not None:
        return f"ajar draft {app_id} --kind {action.kind.value}"
    if action.kind is ActionKind.REFLECT and action.application_id is not None:
        return f"ajar reflect {action.application_id}"
    if action.kind is ActionKind.GOAL and action.goal_id is not None:
        return f'ajar goal progress {action.goal_id} "WHAT YOU DID"  (or: ajar goal done {action.goal_id})'
    return f"ajar done {action.id}"


def commands_for(action: Action, app_id: int | None = None) -> tuple[str, ...]:
    """The command that does it, then how to mark it done, skip it or put it off."""
    first = command_for(action, app_id)
    rest = (
        f"ajar done {action.id}",
        f'ajar skip {action.id} --reason "WHY"',
        f"ajar snooze {action.id} --days 3",
    )
    return (first, *(c for c in rest if c != first))


def item(
    action: Action,
    apps: Mapping[int, Application],
    contacts: Mapping[int, Contact],
    links: Mapping[int, int] | None = None,
) -> AgendaItem:
    """Describe one action for the agenda; `links` maps a contact to their latest application."""
    app = apps.get(action.application_id) if action.application_id else None
    person = contacts.get(action.contact_id) if action.contact_id else None
    via = (links or {}).get(action.contact_id) if action.contact_id else None
    if app is None and person is not None and person.company:
        who_parts = [person.name, person.company]
    else:
        who_parts = [p for p in (person.name if person else None, app.title if app else None) if p]
    return AgendaItem(
        action=action,
        due=action.effective_due(),
        what=action.kind.label,
        who=" · ".join(who_parts) or None,
        why=action.reason,
        command=command_for(action, via),
        application_id=action.application_id,
        commands=commands_for(action, via),
    )


def agenda(
    actions: Iterable[Action],
    apps: Mapping[int, Application],
    contacts: Mapping[int, Contact],
    *,
    now: datetime,
    tz: tzinfo,
    days: int = 7,
    links: Mapping[int, int] | None = None,
    momentum: Momentum | None = None,
) -> Agenda:
    """Sort open actions into overdue (before today), today, and the next `days` days."""
    local_now = now.astimezone(tz)
    start_today = local_now.replace(hour=0, minute=0, second=0, microsecond=0)
    end_today = start_today + timedelta(days=1)
    horizon = start_today + timedelta(days=days + 1)
    overdue, today, coming = [], [], []
    for a in one_nudge(actions):
        if not a.open:
            continue
        it = item(a, apps, contacts, links)
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
        momentum,
    )


def one_nudge(actions: Iterable[Action]) -> list[Action]:
    """The actions with one "send the next application" left: the latest rejection's.

    Several rejections in a row each plan their own, but one new application answers
    them all, so the agenda, its JSON and the calendar show a single nudge.
    """
    acts = list(actions)
    nudges = [a for a in acts if a.open and a.kind is ActionKind.NEXT_APPLICATION]
    if len(nudges) < 2:
        return acts
    latest = max(nudges, key=lambda a: (a.due, a.id))
    return [a for a in acts if a.kind is not ActionKind.NEXT_APPLICATION or a is latest]


def left_out_line(
    late: Sequence[tuple[Application, PlannedAction]], stale_after_days: int
) -> str | None:
    """One line on the actions a plan marked missed because they were old news, or None."""
    if not late:
        return None
    kinds: dict[str, int] = {}
    for _, p in late:
        word = p.kind.value.replace("_", " ")
        kinds[word] = kinds.get(word, 0) + 1
    apps = len({a.id for a, _ in late})
    n = len(late)
    what = ", ".join(f"{k} {w}" for w, k in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))
    return (
        f"Left out {n} action{'s' if n != 1 else ''} of {apps} application"
        f"{'s' if apps != 1 else ''} ({what}): already more than {stale_after_days} days "
        "overdue when recorded, so marked missed, not put in Today. Revisits and "
        "keep-in-touch dates still count (setting stale_after_days)."
    )


# --- momentum ---------------------------------------------------------------------------


def _week(day: date) -> date:
    """The Monday of a day's week."""
    return day - timedelta(days=day.weekday())


def momentum(
    applied: Iterable[datetime],
    *,
    now: datetime,
    tz: tzinfo,
    weekly_target: int,
    next_application: Sequence[AgendaItem] = (),
) -> Momentum:
    """Applications today and this week, the weekly streak, and the open nudge (see Momentum)."""
    applied = list(applied)  # read twice below: a generator would be empty the second time
    today = now.astimezone(tz).date()
    days = sorted(d for d in (a.astimezone(tz).date() for a in applied) if d <= today)
    weeks = {_week(d) for d in days}
    this_week = _week(today)
    week = this_week if this_week in weeks else this_week - timedelta(days=7)
    streak = 0
    while week in weeks:
        streak += 1
        week -= timedelta(days=7)
    return Momentum(
        today=sum(1 for d in days if d == today),
        this_week=sum(1 for d in days if _week(d) == this_week),
        weekly_target=weekly_target,
        streak_weeks=streak,
        last_applied=max(applied, default=None),
        next_application=tuple(next_application),
    )


def momentum_lines(m: Momentum) -> list[str]:
    """Momentum as one or two calm sentences."""
    plural = "s" if m.today != 1 else ""
    line = f"Momentum: {m.today} application{plural} today, {m.this_week} this week"
    if m.weekly_target:
        line += f" (target {m.weekly_target}{', met' if m.target_met else ''})"
    if m.streak_weeks:
        line += f"; streak: {m.streak_weeks} week{'s' if m.streak_weeks != 1 else ''}"
    lines = [line + "."]
    if m.nudge:
        lines.append(m.nudge + ' Log it with: ajar apply "COMPANY" "ROLE"')
    return lines


def _names(names: Sequence[str]) -> str:
    unique = list(dict.fromkeys(names))
    if len(unique) > 3:
        return f"{', '.join(unique[:2])} and {len(unique) - 2} more"
    if len(unique) > 1:
        return f"{', '.join(unique[:-1])} and {unique[-1]}"
    return unique[0]


# --- text -------------------------------------------------------------------------------


def relative(moment: datetime, now: datetime, tz: tzinfo) -> str:
    """'today', 'tomorrow', 'in 5 days', '3 days overdue'."""
    days = (moment.astimezone(tz).date() - now.astimezone(tz).date()).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "1 day overdue"
    if days < 0:
        return f"{-days} days overdue"
    if days < 60:
        return f"in {days} days"
    return f"in {round(days / 30.4)} months"


def item_lines(it: AgendaItem, now: datetime, tz: tzinfo, *, width: int = WIDTH) -> list[str]:
    """One agenda item as lines of at most `width` characters: what, for whom, why, do."""
    due = it.due.astimezone(tz)
    when = f"({relative(it.due, now, tz)}, {due:%a %d %b})".replace(" ", _KEEP)
    head = f"#{it.action.id} {it.what} {when}"
    lines = [
        line.replace(_KEEP, " ")
        for line in textwrap.wrap(head, width, initial_indent="  ", subsequent_indent="      ")
    ]
    if it.who:
        lines += textwrap.wrap(
            f"for {it.who}", width, initial_indent="      ", subsequent_indent="        "
        )
    lines += textwrap.wrap(
        f"why {it.why}", width, initial_indent="      ", subsequent_indent="          "
    )
    lines += textwrap.wrap(
        f"do  {it.command}", width, initial_indent="      ", subsequent_indent="          "
    )
    return lines


def agenda_lines(ag: Agenda, tz: tzinfo, *, width: int = WIDTH) -> list[str]:
    """The whole agenda as plain text lines (the momentum nudge stands for its actions)."""
    out: list[str] = []
    if ag.momentum is not None:
        for line in momentum_lines(ag.momentum):
            out += textwrap.wrap(line, width)
        out.append("")
    shown = ag.momentum is not None
    sections = (
        ("Overdue", ag.overdue),
        ("Today", ag.today),
        (f"Coming up (next {ag.days} days)", ag.coming),
    )
    any_item = False
    for title, items in sections:
        rows = [i for i in items if not (shown and i.action.kind is ActionKind.NEXT_APPLICATION)]
        if not rows:
            continue
        any_item = True
        out.append(title)
        for it in rows:
            out += item_lines(it, ag.now, tz, width=width)
        out.append("")
    if not any_item:
        out.append(f"Nothing due in the next {ag.days} days.")
        out.append("")
    else:
        out += textwrap.wrap(
            'Then: ajar done N · ajar skip N --reason "WHY" · ajar snooze N --days D',
            width,
        )
    return out


def digest_text(
    ag: Agenda,
    tz: tzinfo,
    *,
    width: int = 72,
) -> str:
    """The daily digest: today's actions and the week's momentum, as plain text for mail."""
    day = ag.now.astimezone(tz)
    out = [f"doorajar digest for {day:%A %d %B %Y}", ""]
    if ag.momentum is not None:
        for line in momentum_lines(ag.momentum):
            out += textwrap.wrap(line, width)
        out.append("")
    due_now = [
        i
        for i in ag.overdue + ag.today
        if not (ag.momentum is not None and i.action.kind is ActionKind.NEXT_APPLICATION)
    ]
    if due_now:
        out.append(f"Due today or overdue ({len(due_now)}):")
        for it in due_now:
            out += item_lines(it, ag.now, tz, width=width)
    else:
        out.append("Nothing is due today.")
    out.append("")
    if ag.coming:
        out.append(f"Coming in the next {ag.days} days: {len(ag.coming)}")
        for it in ag.coming:
            who = f" - {it.who}" if it.who else ""
            line = f"{it.due.astimezone(tz):%a %d %b}  {it.what}{who}"
            out += textwrap.wrap(line, width, initial_indent="  ", subsequent_indent="      ")
        out.append("")
    out.append("Open the full list with: ajar today")
    return "\n".join(out) + "\n"

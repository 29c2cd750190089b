"""The agenda as an iCalendar feed (RFC 5545). Pure: items and `now` in, bytes out.

One all-day VEVENT per open action, on the local day it is due:
- VEVENT rather than VTODO because calendar apps that subscribe to a feed URL
  (Google Calendar, Outlook, Apple Calendar) show events but ignore or hide to-dos;
  the feed's job is to be seen. Marking done stays in doorajar (`ajar done N`).
- All-day (DATE values, TRANSP:TRANSPARENT) because a due date is a day, not an
  appointment: it must not block time. The day is computed in the user's time zone,
  so there is no time zone left to get wrong; the exact local due time is in the
  description.
- Overdue actions sit on today, so they do not vanish into the past.
- The UID is derived from the action's stable key, so a re-export (or a calendar
  app re-reading the feed) updates the event instead of adding a second one.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, tzinfo

from icalendar import Calendar, Event

from doorajar.agenda.rules import AgendaItem

PRODID = "-//doorajar//ajar agenda//EN"
UID_DOMAIN = "doorajar.invalid"


def uid(item: AgendaItem) -> str:
    """A globally unique, stable id for the action behind an item."""
    return f"{item.action.key}@{UID_DOMAIN}"


def description(item: AgendaItem, now: datetime, tz: tzinfo) -> str:
    """What, for whom, why, and the commands that do it."""
    due = item.due.astimezone(tz)
    lines = [item.what + (f" - {item.who}" if item.who else "")]
    when = f"Due {due:%a %d %b %Y %H:%M} ({_zone_name(tz, due)})"
    if due.date() < now.astimezone(tz).date():
        when += ", overdue"
    lines += [when, "", "Why: " + item.why, ""]
    lines += ["Do: " + item.command]
    if item.commands[1:]:
        lines += ["Then: " + " or ".join(item.commands[1:])]
    return "\n".join(lines)


def _zone_name(tz: tzinfo, moment: datetime) -> str:
    return str(getattr(tz, "key", None) or tz.tzname(moment) or "local time")


def ics(
    items: Sequence[AgendaItem],
    *,
    now: datetime,
    tz: tzinfo,
    name: str = "doorajar",
) -> bytes:
    """The feed for these items. Same items and `now` give the same bytes."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    today = now.astimezone(tz).date()
    stamp = now.astimezone(UTC).replace(microsecond=0)
    for it in sorted(items, key=lambda i: (i.due, i.action.id)):
        day = max(it.due.astimezone(tz).date(), today)
        ev = Event()
        ev.add("uid", uid(it))
        ev.add("dtstamp", stamp)
        ev.add("dtstart", day)
        ev.add("dtend", day + timedelta(days=1))
        ev.add("summary", _summary(it))
        ev.add("description", description(it, now, tz))
        ev.add("categories", [it.action.kind.value])
        ev.add("transp", "TRANSPARENT")
        ev.add("status", "CONFIRMED")
        cal.add_component(ev)
    return bytes(cal.to_ical())


def _summary(it: AgendaItem) -> str:
    who = it.who.rsplit(" · ", 1)[-1] if it.who else ""
    text = f"{it.what}: {who}" if who else it.what
    return textwrap.shorten(text, 120, placeholder="...")

"""What the watch says about openings, in words: Today's line and the revisit note. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from doorajar.model import Opening, WatchBoard


def posted_ago(at: datetime, now: datetime) -> str:
    """'posted today', 'posted yesterday', 'posted 2 days ago', 'posted 3 weeks ago'."""
    days = (now - at).days
    if days <= 0:
        return "posted today"
    if days == 1:
        return "posted yesterday"
    if days < 14:
        return f"posted {days} days ago"
    if days < 70:
        return f"posted {days // 7} weeks ago"
    return f"posted {days // 30} months ago"


def opening_line(company: str, o: Opening, now: datetime) -> str:
    """'New at Acme Robotics: Staff Data Engineer (posted 2 days ago).'"""
    when = posted_ago(o.posted_at, now) if o.posted_at else "first seen today"
    where = f", {o.location}" if o.location else ""
    return f"New at {company}: {o.title}{where} ({when}; fit {o.fit}: {o.fit_reason})."


def seen_so_far(
    company: str,
    board: WatchBoard | None,
    openings: Sequence[Opening],
    *,
    threshold: int,
    enabled: bool,
) -> str:
    """One or two sentences for a 3- or 6-month revisit: what the watch has seen; empty
    while the watch is off (it has seen nothing, and the plan's words stand alone)."""
    if not enabled:
        return ""
    if board is None or board.spec is None:
        return f"The watch knows no job board for {company} yet."
    if board.checked_at is None:
        return f"The watch has not read {company}'s board ({board.spec}) yet."
    listed = [o for o in openings if o.open]
    fits = [o for o in listed if o.fit >= threshold]
    text = (
        f"The watch has seen {len(openings)} opening{'s' if len(openings) != 1 else ''} "
        f"on {board.spec}; {len(listed)} listed now"
    )
    if fits:
        best = ", ".join(f"{o.title} (fit {o.fit})" for o in fits[:3])
        text += f", {len(fits)} that fit{'s' if len(fits) == 1 else ''}: {best}."
    else:
        text += ", none that fits yet."
    if board.error:
        text += f" The last check failed: {board.error}"
    return text

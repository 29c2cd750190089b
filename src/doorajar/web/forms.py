"""Reading form fields: dates the user typed, choices from select boxes, numbers."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TypeVar

from doorajar.errors import InvalidInput
from doorajar.model import Stage, stage_named
from doorajar.service import Tracker
from doorajar.timeutil import parse_when

E = TypeVar("E", bound=StrEnum)


def text(raw: str | None) -> str | None:
    """Trimmed text, or None when blank."""
    return raw.strip() if raw and raw.strip() else None


def pick(enum: type[E], raw: str | None, what: str) -> E | None:
    """The member a select box named, None when left blank."""
    if not raw:
        return None
    try:
        return enum(raw)
    except ValueError:
        raise InvalidInput(f"'{raw}' is not a {what}.") from None


def stage(raw: str | None) -> Stage | None:
    """The stage a select box or a typed field named (synonyms such as 'onsite' too); None
    when left blank."""
    if not raw or not raw.strip():
        return None
    found = stage_named(raw)
    if found is None:
        raise InvalidInput(f"'{raw}' is not a stage.")
    return found


def moment(t: Tracker, raw: str | None, *, future: bool = False) -> datetime | None:
    """A date or date and time the user typed, in their zone; None when blank."""
    value = text(raw)
    if value is None:
        return None
    return parse_when(value, now=t.now(), tz=t.tz(), allow_future=future)


def page_number(raw: str | None) -> int:
    """A page number from the query string; 1 when missing or odd."""
    try:
        return max(1, int(raw or "1"))
    except ValueError:
        return 1

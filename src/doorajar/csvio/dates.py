"""Dates as spreadsheets write them: ISO, US, European, month names, Excel serial numbers.

Pure. Numeric day/month dates are read in the order the whole file proves (a 25/03 settles
day-first, a 03/25 month-first); a date that could be either, in a file that does not say,
is reported, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

# Excel counts days from 1899-12-30 (its 1900 leap-year bug included); 20000..80000 is 1954..2119.
_EXCEL_EPOCH = date(1899, 12, 30)
_ISO = re.compile(
    r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$"
)
_NUMERIC = re.compile(
    r"^(\d{1,2})([/.\-])(\d{1,2})\2(\d{2}|\d{4})(?:[ T](\d{1,2}):(\d{2})(?::\d{2})?)?$"
)
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")


class DateOrder(StrEnum):
    """How to read 03/04/2026."""

    DMY = "dmy"
    MDY = "mdy"


class DateProblem(ValueError):
    """A cell that is not a usable date, with the reason in words."""


@dataclass(frozen=True)
class Parsed:
    """A calendar date, with the time of day when the cell had one."""

    day: date
    hour: int | None = None
    minute: int = 0
    offset_minutes: int | None = None  # set when the cell named its zone ('Z', '+02:00')


def infer_order(values: Iterable[str]) -> DateOrder | None:
    """The day/month order the file's slash or dash dates prove, or None if they do not."""
    dmy = mdy = False
    for v in values:
        m = _NUMERIC.match(v.strip())
        if not m or m.group(2) == ".":
            continue
        a, b = int(m.group(1)), int(m.group(3))
        if a > 12 >= b:
            dmy = True
        elif b > 12 >= a:
            mdy = True
    if dmy == mdy:
        return None
    return DateOrder.DMY if dmy else DateOrder.MDY


def parse_date(raw: str, order: DateOrder | None) -> Parsed:
    """One cell as a date, or `DateProblem` saying why not."""
    v = raw.strip()
    if m := _ISO.match(v):
        p = _build(int(m.group(1)), int(m.group(2)), int(m.group(3)), v, m.group(4), m.group(5))
        zone = m.group(6)
        if zone and p.hour is not None:
            sign = -1 if zone.startswith("-") else 1
            digits = zone.lstrip("+-").replace(":", "")
            offset = 0 if zone == "Z" else sign * (int(digits[:2]) * 60 + int(digits[2:]))
            return Parsed(p.day, p.hour, p.minute, offset)
        return p
    if m := _NUMERIC.match(v):
        a, sep, b, y = int(m.group(1)), m.group(2), int(m.group(3)), int(m.group(4))
        if y < 100:
            y += 2000
        if sep == ".":
            day, month = a, b  # dotted dates are European everywhere
        elif a > 12:
            day, month = a, b
        elif b > 12:
            day, month = b, a
        elif a == b or order is DateOrder.DMY:
            day, month = a, b
        elif order is DateOrder.MDY:
            day, month = b, a
        else:
            raise DateProblem(
                f"'{v}' could be {_words(a, b, y)} or {_words(b, a, y)}; nothing else in the "
                "file settles the order, so use --dates dmy or --dates mdy (or write YYYY-MM-DD)"
            )
        return _build(y, month, day, v, m.group(5), m.group(6))
    if _SERIAL.match(v):
        serial = float(v)
        if not 20000 <= serial <= 80000:
            raise DateProblem(f"'{v}' is a number, not a date")
        moment = datetime.combine(_EXCEL_EPOCH, datetime.min.time()) + timedelta(days=serial)
        has_time = serial != int(serial)
        return Parsed(moment.date(), moment.hour if has_time else None, moment.minute)
    if re.search(r"[A-Za-zÀ-ÿ]", v):
        return _named(v)
    raise DateProblem(f"'{v}' is not a date doorajar can read (try YYYY-MM-DD)")


def _build(y: int, mo: int, d: int, raw: str, hh: str | None, mm: str | None) -> Parsed:
    try:
        day = date(y, mo, d)
    except ValueError:
        raise DateProblem(f"'{raw}' is not a real calendar date") from None
    return Parsed(day, int(hh) if hh else None, int(mm) if mm else 0)


_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _words(day: int, month: int, year: int) -> str:
    if not 1 <= month <= 12:
        return "?"
    return f"{day} {_MONTHS[month - 1]} {year}"


def _named(v: str) -> Parsed:
    """'Mar 3, 2026', '3 March 2026', '3. März 2026', '3 mars 2026', '3 de marzo de 2026'."""
    # lazy: dateparser takes a while to import; only free-text dates need it
    import dateparser

    if not re.search(r"\d{4}", v):
        raise DateProblem(f"'{v}' has no year")
    try:
        parsed = dateparser.parse(
            v,
            languages=["en", "de", "fr", "es"],
            settings={"STRICT_PARSING": True, "RETURN_AS_TIMEZONE_AWARE": False},
        )
    except Exception:  # dateparser raises assorted errors on odd input
        parsed = None
    if parsed is None:
        raise DateProblem(f"'{v}' is not a date doorajar can read (try YYYY-MM-DD)")
    has_time = bool(re.search(r"\d:\d", v))
    return Parsed(parsed.date(), parsed.hour if has_time else None, parsed.minute)

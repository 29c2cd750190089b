"""Time: parse what users type, and move between UTC (stored) and local (shown)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.relativedelta import relativedelta

from doorajar.errors import InvalidInput

# A moment may be a little ahead of `now` (clock skew, a date typed as today).
_FUTURE_SLACK = timedelta(minutes=5)


def utcnow() -> datetime:
    """The current moment, timezone-aware UTC. The one place the clock is read."""
    return datetime.now(UTC)


def local_tz(name: str = "") -> tzinfo:
    """The user's time zone: the named one, else the system's."""
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidInput(f"Unknown time zone '{name}' (try e.g. Europe/Berlin).") from None
    tz = datetime.now().astimezone().tzinfo
    assert tz is not None
    return tz


def to_local(moment: datetime, tz: tzinfo) -> datetime:
    """A stored UTC moment in the user's zone."""
    return moment.astimezone(tz)


def local_day_bounds(day: date, tz: tzinfo) -> tuple[datetime, datetime]:
    """Start and end (exclusive) of a local calendar day, in UTC."""
    start = datetime.combine(day, time.min, tzinfo=tz)
    return start.astimezone(UTC), (start + timedelta(days=1)).astimezone(UTC)


_AGO = re.compile(r"^\s*(\d+)\s*(minute|hour|day|week|month)s?\s+ago\s*$", re.I)


# nothing in a job search happened before this; an earlier date is a typo in the year
_EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)


def parse_when(text: str, *, now: datetime, tz: tzinfo, allow_future: bool = False) -> datetime:
    """Parse a moment the user typed: ISO ('2026-11-20', '2026-11-20 14:30') or natural
    ('today', 'yesterday', '3 days ago', 'last monday'). A bare date means midday local time,
    or now when it is today. Returns aware UTC; refuses the future unless allowed."""
    raw = text.strip()
    if not raw:
        raise InvalidInput("Empty date; use e.g. 2026-11-20, 'yesterday' or '3 days ago'.")
    local_now = now.astimezone(tz)
    result: datetime | None = None
    low = raw.lower()
    if low in ("now", "today"):
        result = now
    elif low == "yesterday":
        result = _on_day((local_now - timedelta(days=1)).date(), local_now, tz)
    elif m := _AGO.match(raw):
        n, unit = int(m.group(1)), m.group(2).lower()
        try:
            if unit == "month":
                result = now - relativedelta(months=n)
            else:
                result = now - timedelta(**{unit + "s": n})
        except (OverflowError, ValueError):
            raise InvalidInput(f"The date '{text}' is too long ago; check the number.") from None
    else:
        result = _iso(raw, local_now, tz)
        if result is None:
            result = _natural(raw, local_now, tz)
    if result is None:
        raise InvalidInput(
            f"Cannot read the date '{text}'; use e.g. 2026-11-20, 'yesterday' or '3 days ago'."
        )
    result = result.astimezone(UTC)
    if result < _EARLIEST:
        raise InvalidInput(f"The date '{text}' is too long ago; check the year.")
    if not allow_future and result > now + _FUTURE_SLACK:
        raise InvalidInput(
            f"The date '{text}' is in the future; record things once they have happened."
        )
    return result


def _on_day(day: date, local_now: datetime, tz: tzinfo) -> datetime:
    if day == local_now.date():
        return local_now
    return datetime.combine(day, time(12, 0), tzinfo=tz)


def _iso(raw: str, local_now: datetime, tz: tzinfo) -> datetime | None:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        try:
            return _on_day(date.fromisoformat(raw), local_now, tz)
        except ValueError:
            raise InvalidInput(f"'{raw}' is not a real calendar date.") from None
    if not re.match(r"^\d{4}-\d{2}-\d{2}[T ]", raw):
        return None
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(f"Cannot read the date and time '{raw}'.") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=tz)


def _natural(raw: str, local_now: datetime, tz: tzinfo) -> datetime | None:
    # lazy: dateparser takes a while to import; only free-text dates need it
    import dateparser

    settings = {
        "PREFER_DATES_FROM": "past",
        "RELATIVE_BASE": local_now.replace(tzinfo=None),
        "RETURN_AS_TIMEZONE_AWARE": False,
        "STRICT_PARSING": False,
        "DATE_ORDER": "YMD",
    }
    try:
        parsed = dateparser.parse(raw, languages=["en"], settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    if parsed is None:
        return None
    if re.search(r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}", raw):
        raise InvalidInput(f"'{raw}' could be day/month or month/day; write it as YYYY-MM-DD.")
    if parsed.time() == time(0, 0) and not re.search(r"\d:\d", raw):
        return _on_day(parsed.date(), local_now, tz)
    return parsed.replace(tzinfo=tz)

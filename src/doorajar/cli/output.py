"""Formatting: Rich for people, JSON for scripts. Commands pick one by swapping the formatter."""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Callable
from datetime import date, datetime, tzinfo
from enum import Enum
from typing import Any

from rich.console import Console

from doorajar.model import ApplicationDetail

# On a terminal Rich wraps to its width; in a pipe or a file lines stay whole (for grep)
# and tables take their natural width instead of squeezing into 80 columns.
_TTY = sys.stdout.isatty()
console = Console(highlight=False, soft_wrap=not _TTY, width=None if _TTY else 200)
err = Console(stderr=True, highlight=False)


def jsonable(value: Any) -> Any:
    """Dataclasses, enums and datetimes as plain JSON values (ISO 8601 for times)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
        for name in ("title",):
            if hasattr(type(value), name) and isinstance(getattr(type(value), name), property):
                out[name] = getattr(value, name)
        return out
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    return value


def detail_json(d: ApplicationDetail) -> dict[str, Any]:
    """The `show --json` document (DESIGN.md): application, rejections, actions, and more."""
    out = jsonable(d)
    out.pop("extra", None)
    for r in out["rejections"]:
        texts = [f.text for f in d.feedback if f.rejection_id == r["id"]]
        r["feedback"] = "\n".join(texts) if texts else None
    out["triage"] = jsonable(d.triage) if d.triage else None
    out.update(jsonable(d.extra))
    return dict(out)


def emit(data: Any, render: Callable[[], None], as_json: bool) -> None:
    """Print `data` as JSON, or call the human renderer."""
    if as_json:
        print(json.dumps(jsonable(data), ensure_ascii=False, indent=2))
    else:
        render()


def when(moment: datetime | None, tz: tzinfo, *, with_time: bool = False) -> str:
    """A stored moment as the user reads it: local, short."""
    if moment is None:
        return "-"
    local = moment.astimezone(tz)
    return local.strftime("%a %d %b %Y %H:%M" if with_time else "%a %d %b %Y")


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

"""A career centre's cohort in figures an advisor may see: funnel, where rejections cluster,
time to first response, replies by source and the companies that ghost many seekers. Pure.

The input is one `SearchData` per seeker (what the store hands the patterns for one
person), keyed by an opaque seeker key that never appears in the result.

Suppression
-----------
- Every figure counts the distinct seekers behind it. A figure over 1 to 4 seekers
  (fewer than ``min_seekers``) is *suppressed*: it is None with the reason
  `Reason.FEW_SEEKERS`. A zero is shown: it says no seeker of the cohort is in that cell.
- When fewer than ``min_seekers`` seekers have any application at all, every figure is
  suppressed (`Reason.SMALL_COHORT`), zeros included.
- The tables (funnel, replies by source) are additive: their rows, columns and totals add
  up. A suppressed cell alone in a row or column could be worked out by subtracting the
  shown cells from the shown total, so more cells are suppressed (`Reason.COMPLEMENTARY`)
  until every suppressed cell lies on a cycle of suppressed cells, rows and columns
  alternating. Then no combination of the table's row, column and total equations fixes a
  suppressed cell: each can be moved up and down along its cycle with every shown figure
  unchanged. Complements are the smallest non-zero cells that close such a cycle.
- The grand total (all applications) is in both tables; it is never chosen as a
  complement, so it is shown in both or hidden in both.
- Time to first response (median and quartiles) is shown only when at least
  ``min_seekers`` seekers had a response. A company is named among the ghosting ones only
  when at least ``min_seekers`` seekers were ghosted by it; its "answered" and "applied"
  seekers are hidden together when the answered ones are 1 to 4.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from doorajar.core.matching import norm_company
from doorajar.model import Outcome, RejectionKind, SearchData
from doorajar.patterns.funnel import FUNNEL, SOURCES, Track, response_times, source_of, tracks

MIN_SEEKERS = 5
GHOST_DAYS = 21  # the playbook's silence threshold: no answer this long is a silent "no"


class Reason(StrEnum):
    """Why a figure is not shown."""

    FEW_SEEKERS = "fewer than 5 seekers"
    COMPLEMENTARY = "hidden so that another hidden figure cannot be worked out"
    SMALL_COHORT = "fewer than 5 seekers in the cohort"


@dataclass(frozen=True)
class Cell:
    """One figure: its value, or None and why it is hidden."""

    value: int | float | None
    reason: Reason | None = None

    @property
    def shown(self) -> bool:
        """True when the value may be read."""
        return self.reason is None

    def text(self) -> str:
        """The value, or '·' for a hidden one."""
        if self.value is None:
            return "·"
        return f"{self.value:.1f}" if isinstance(self.value, float) else str(self.value)

    def as_json(self) -> dict[str, Any]:
        """{"value": …} or {"value": null, "suppressed": reason}."""
        if self.reason is None:
            return {"value": self.value}
        return {"value": None, "suppressed": self.reason.value}


@dataclass(frozen=True)
class Table:
    """An additive table: `cells[i][j]`, with row totals in the last column and column
    totals in the last row (the grand total is `cells[-1][-1]`)."""

    name: str
    rows: tuple[str, ...]  # the row labels, "total" last
    columns: tuple[str, ...]  # the column labels, "total" last
    cells: tuple[tuple[Cell, ...], ...]

    def cell(self, row: str, column: str) -> Cell:
        """The cell at a row and column label."""
        return self.cells[self.rows.index(row)][self.columns.index(column)]

    def as_json(self) -> dict[str, Any]:
        """Labels and cells, row by row."""
        return {
            "rows": list(self.rows),
            "columns": list(self.columns),
            "cells": [[c.as_json() for c in row] for row in self.cells],
        }


@dataclass(frozen=True)
class CohortResponseTimes:
    """Days from applying to the first response, over the cohort's answered applications."""

    median: Cell
    q1: Cell
    q3: Cell


@dataclass(frozen=True)
class Ghosting:
    """A company that ghosted at least `min_seekers` seekers: never answered an
    application of theirs (a silent rejection, or no sign of life for 21 days)."""

    company: str
    ghosted: Cell  # seekers ghosted by it
    answered: Cell  # seekers who applied there and were never ghosted
    applied: Cell  # seekers who applied there


@dataclass(frozen=True)
class Cohort:
    """Everything an advisor sees of a cohort."""

    now: datetime
    seekers: int
    active_seekers: int  # seekers with at least one application
    min_seekers: int
    funnel: Table
    sources: Table
    response_times: CohortResponseTimes
    ghosting: tuple[Ghosting, ...]
    unnamed_companies: Cell  # companies that ghosted someone, but fewer than min_seekers

    def as_json(self) -> dict[str, Any]:
        """The whole result as JSON-ready data."""
        rt = self.response_times
        return {
            "now": self.now.isoformat(),
            "seekers": self.seekers,
            "min_seekers": self.min_seekers,
            "funnel": self.funnel.as_json(),
            "sources": self.sources.as_json(),
            "response_days": {
                "median": rt.median.as_json(),
                "q1": rt.q1.as_json(),
                "q3": rt.q3.as_json(),
            },
            "ghosting": [
                {
                    "company": g.company,
                    "ghosted": g.ghosted.as_json(),
                    "answered": g.answered.as_json(),
                    "applied": g.applied.as_json(),
                }
                for g in self.ghosting
            ],
            "unnamed_ghosting_companies": self.unnamed_companies.as_json(),
        }


# --- the tables -------------------------------------------------------------------------

FUNNEL_COLUMNS = ("silent", "form", "personal", "open", "ended otherwise")
SOURCE_COLUMNS = ("answered", "unanswered", "waiting")
TOTAL = "total"


@dataclass(frozen=True)
class _Fact:
    seeker: str
    track: Track


def _funnel_column(t: Track) -> str:
    if t.rejection is not None:
        return str(t.rejection.kind)
    if t.application.outcome is Outcome.ACTIVE:
        return "open"
    return "ended otherwise"


def _answered(t: Track, now: datetime, window_days: int) -> str:
    if t.responded:
        return "answered"
    if now - t.application.applied_at >= timedelta(days=window_days):
        return "unanswered"
    return "waiting"


def _ghosted(t: Track, now: datetime, window_days: int) -> bool:
    if t.rejection is not None and t.rejection.kind is RejectionKind.SILENT:
        return True
    return _answered(t, now, window_days) == "unanswered"


Counts = list[list[tuple[int, int]]]  # (value, distinct seekers) per cell, margins included


def _count(
    facts: Sequence[_Fact],
    rows: Sequence[str],
    columns: Sequence[str],
    row_of: Callable[[Track], str],
    column_of: Callable[[Track], str],
) -> Counts:
    n, m = len(rows), len(columns)
    values = [[0] * (m + 1) for _ in range(n + 1)]
    who: list[list[set[str]]] = [[set() for _ in range(m + 1)] for _ in range(n + 1)]
    for f in facts:
        i, j = rows.index(row_of(f.track)), columns.index(column_of(f.track))
        for a in (i, n):
            for b in (j, m):
                values[a][b] += 1
                who[a][b].add(f.seeker)
    return [[(values[a][b], len(who[a][b])) for b in range(m + 1)] for a in range(n + 1)]


def _table(
    name: str, rows: Sequence[str], columns: Sequence[str], counts: Counts, min_seekers: int
) -> Table:
    n, m = len(rows) + 1, len(columns) + 1
    grand = counts[-1][-1]
    if grand[1] < min_seekers:
        hidden = {(i, j): Reason.SMALL_COHORT for i in range(n) for j in range(m)}
    else:
        primary = {(i, j) for i in range(n) for j in range(m) if 0 < counts[i][j][1] < min_seekers}
        values = [[v for v, _ in row] for row in counts]
        hidden = dict.fromkeys(primary, Reason.FEW_SEEKERS)
        for c in protect(values, primary, frozen={(n - 1, m - 1)}):
            hidden.setdefault(c, Reason.COMPLEMENTARY)
    cells = tuple(
        tuple(
            Cell(None, hidden[(i, j)]) if (i, j) in hidden else Cell(counts[i][j][0])
            for j in range(m)
        )
        for i in range(n)
    )
    return Table(name, (*rows, TOTAL), (*columns, TOTAL), cells)


# --- complementary suppression ----------------------------------------------------------


def protect(
    values: Sequence[Sequence[int]],
    hidden: Iterable[tuple[int, int]],
    frozen: Iterable[tuple[int, int]] = (),
) -> set[tuple[int, int]]:
    """The cells to hide so that none of `hidden` can be worked out from the rest.

    `values` is a table with its row totals as the last column and column totals as the
    last row. Each cell is in one row equation and one column equation, so the hidden
    cells are the edges of a graph between rows and columns; a hidden cell is fixed by
    the equations exactly when its edge lies on no cycle (a bridge). Complements are added
    until no hidden edge is a bridge: first in any row or column with a single hidden cell,
    then as a rectangle closing a cycle through a remaining bridge. `frozen` cells are
    never chosen as complements. Returns every hidden cell, the given ones included."""
    n, m = len(values), len(values[0])
    out = set(hidden)
    ban = set(frozen)

    def cost(c: tuple[int, int]) -> tuple[bool, int]:
        v = values[c[0]][c[1]]
        return (v == 0, v)  # the smallest non-zero first; a zero only when nothing else

    while True:
        single = _lone_line(out, n, m)
        if single is not None:
            kind, k = single
            line = [(k, j) for j in range(m)] if kind == "row" else [(i, k) for i in range(n)]
            options = [c for c in line if c not in out and c not in ban]
            if not options:
                raise ValueError(f"cannot protect {kind} {k}: every other cell is frozen")
            out.add(min(options, key=cost))
            continue
        bridge = next((e for e in sorted(out) if _is_bridge(e, out)), None)
        if bridge is None:
            return out
        r, c = bridge
        best: tuple[tuple[bool, int], list[tuple[int, int]]] | None = None
        for r2 in range(n):
            for c2 in range(m):
                if r2 == r or c2 == c:
                    continue
                extra = [x for x in ((r2, c), (r2, c2), (r, c2)) if x not in out]
                if any(x in ban for x in extra):
                    continue
                score = (any(cost(x)[0] for x in extra), sum(cost(x)[1] for x in extra))
                if best is None or score < best[0]:
                    best = (score, extra)
        if best is None:
            raise ValueError(f"cannot close a cycle through cell {bridge}")
        out.update(best[1])


def _lone_line(cells: set[tuple[int, int]], n: int, m: int) -> tuple[str, int] | None:
    for i in range(n):
        if sum(1 for r, _ in cells if r == i) == 1:
            return "row", i
    for j in range(m):
        if sum(1 for _, c in cells if c == j) == 1:
            return "column", j
    return None


def _is_bridge(edge: tuple[int, int], cells: set[tuple[int, int]]) -> bool:
    """True when row edge[0] and column edge[1] are joined only through this cell."""
    start, goal = ("r", edge[0]), ("c", edge[1])
    seen = {start}
    todo = [start]
    while todo:
        side, k = todo.pop()
        for r, c in cells:
            if (r, c) == edge:
                continue
            if side == "r" and r == k:
                nxt = ("c", c)
            elif side == "c" and c == k:
                nxt = ("r", r)
            else:
                continue
            if nxt == goal:
                return False
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return True


# --- response times and ghosting --------------------------------------------------------


def _response_times(facts: Sequence[_Fact], min_seekers: int, small: bool) -> CohortResponseTimes:
    seekers = len({f.seeker for f in facts if f.track.responded})
    times = response_times([f.track for f in facts])
    if small or seekers < min_seekers or times.median is None or times.quartiles is None:
        why = Reason.SMALL_COHORT if small else Reason.FEW_SEEKERS
        return CohortResponseTimes(Cell(None, why), Cell(None, why), Cell(None, why))
    q1, q3 = times.quartiles
    return CohortResponseTimes(Cell(round(times.median, 1)), Cell(round(q1, 1)), Cell(round(q3, 1)))


def _ghosting(
    facts: Sequence[_Fact], now: datetime, window_days: int, min_seekers: int, small: bool
) -> tuple[tuple[Ghosting, ...], Cell]:
    names: dict[str, dict[str, int]] = {}
    applied: dict[str, set[str]] = {}
    ghosted: dict[str, set[str]] = {}
    for f in facts:
        key = norm_company(f.track.application.company)
        if not key:
            continue
        spelling = names.setdefault(key, {})
        spelling[f.track.application.company] = spelling.get(f.track.application.company, 0) + 1
        applied.setdefault(key, set()).add(f.seeker)
        if _ghosted(f.track, now, window_days):
            ghosted.setdefault(key, set()).add(f.seeker)
    if small:
        return (), Cell(None, Reason.SMALL_COHORT)
    shown = []
    for key, who in ghosted.items():
        if len(who) < min_seekers:
            continue
        answered = len(applied[key] - who)
        company = min(names[key].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        if 0 < answered < min_seekers:
            pair = Cell(None, Reason.FEW_SEEKERS), Cell(None, Reason.COMPLEMENTARY)
        else:
            pair = Cell(answered), Cell(len(applied[key]))
        shown.append(Ghosting(company, Cell(len(who)), *pair))
    shown.sort(key=lambda g: (-(g.ghosted.value or 0), g.company.casefold()))
    few = [key for key, who in ghosted.items() if len(who) < min_seekers]
    behind = set().union(*(ghosted[k] for k in few)) if few else set()
    unnamed = (
        Cell(len(few))
        if not behind or len(behind) >= min_seekers
        else Cell(None, Reason.FEW_SEEKERS)
    )
    return tuple(shown), unnamed


# --- everything together ----------------------------------------------------------------


def cohort(
    seekers: Mapping[str, SearchData],
    now: datetime,
    *,
    min_seekers: int = MIN_SEEKERS,
    window_days: int = GHOST_DAYS,
) -> Cohort:
    """The cohort's figures, with every figure over fewer than `min_seekers` seekers
    hidden, and enough others hidden that none of those can be worked out."""
    if min_seekers < 2:
        raise ValueError("min_seekers must be at least 2")
    facts = [_Fact(key, t) for key, data in seekers.items() for t in tracks(data)]
    active = len({f.seeker for f in facts})
    small = active < min_seekers
    stages = tuple(str(s) for s in FUNNEL)
    funnel_counts = _count(facts, stages, FUNNEL_COLUMNS, lambda t: str(t.reached), _funnel_column)
    source_counts = _count(
        facts,
        SOURCES,
        SOURCE_COLUMNS,
        lambda t: source_of(t.application),
        lambda t: _answered(t, now, window_days),
    )
    ghosts, unnamed = _ghosting(facts, now, window_days, min_seekers, small)
    return Cohort(
        now=now,
        seekers=len(seekers),
        active_seekers=active,
        min_seekers=min_seekers,
        funnel=_table("funnel", stages, FUNNEL_COLUMNS, funnel_counts, min_seekers),
        sources=_table("sources", SOURCES, SOURCE_COLUMNS, source_counts, min_seekers),
        response_times=_response_times(facts, min_seekers, small),
        ghosting=ghosts,
        unnamed_companies=unnamed,
    )


# --- text -------------------------------------------------------------------------------

_TITLES = {
    "funnel": "Applications by the furthest stage reached, and how they ended",
    "sources": "Answers by source",
}


def _table_text(t: Table) -> list[str]:
    width = max(len(r) for r in t.rows)
    cols = [max(len(c), 5) for c in t.columns]
    out = [_TITLES.get(t.name, t.name)]
    out.append(
        " " * width + "  " + "  ".join(c.rjust(w) for c, w in zip(t.columns, cols, strict=True))
    )
    for label, row in zip(t.rows, t.cells, strict=True):
        texts = (c.text().rjust(w) for c, w in zip(row, cols, strict=True))
        out.append(label.replace("_", " ").ljust(width) + "  " + "  ".join(texts))
    return out


def render_text(c: Cohort) -> str:
    """The cohort as plain text; '·' marks a hidden figure."""
    lines = [
        f"Cohort of {c.seekers} seekers (figures over fewer than {c.min_seekers} seekers are "
        "hidden, shown as ·, with as many others as it takes to keep them hidden)",
        "",
        *_table_text(c.funnel),
        "",
        *_table_text(c.sources),
        "",
    ]
    rt = c.response_times
    lines.append(
        f"Days to the first response: median {rt.median.text()}, "
        f"middle half {rt.q1.text()} to {rt.q3.text()}"
    )
    lines.append("")
    lines.append(f"Companies that ghosted at least {c.min_seekers} seekers")
    if not c.ghosting:
        lines.append("  none")
    for g in c.ghosting:
        lines.append(
            f"  {g.company}: ghosted {g.ghosted.text()} seekers "
            f"(answered {g.answered.text()}, applied {g.applied.text()})"
        )
    lines.append(f"  companies that ghosted fewer seekers: {c.unnamed_companies.text()}")
    hidden = {
        cell.reason
        for t in (c.funnel, c.sources)
        for row in t.cells
        for cell in row
        if cell.reason is not None
    }
    if hidden:
        lines.append("")
        lines.append("· hidden: " + "; ".join(sorted(r.value for r in hidden)))
    return "\n".join(lines) + "\n"

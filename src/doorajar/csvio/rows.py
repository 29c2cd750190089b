"""Turn a sheet's rows into applications as they will land, with every problem by line.

Pure: takes `now` and the user's time zone; never touches the database.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

from doorajar.core.matching import norm_company, norm_role
from doorajar.csvio.dates import DateOrder, DateProblem, Parsed, infer_order, parse_date
from doorajar.csvio.mapping import (
    ALIASES,
    Column,
    Field,
    Profile,
    combine,
    norm,
    read_kind,
    read_status,
)
from doorajar.csvio.read import Sheet
from doorajar.model import Outcome, RejectionKind, Stage

# A date typed as "today" may be a few minutes ahead of the clock.
_FUTURE_SLACK = timedelta(minutes=5)


@dataclass(frozen=True)
class Candidate:
    """One row as it will land: an application with its stage, outcome and notes."""

    line: int
    company: str
    role: str
    applied_at: datetime
    applied_day: date
    stage: Stage = Stage.APPLIED
    outcome: Outcome = Outcome.ACTIVE
    kind: RejectionKind | None = None
    rejected_at: datetime | None = None
    source: str | None = None
    url: str | None = None
    contacts: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    status_text: str = ""

    @property
    def key(self) -> tuple[str, str, date]:
        """Company, role and applied day, case-insensitive: what makes two rows the same."""
        return match_key(self.company, self.role, self.applied_day)

    @property
    def note_text(self) -> str:
        """The notes as one block of lines."""
        return "\n".join(self.notes)


def match_key(company: str, role: str, day: date) -> tuple[str, str, date]:
    """The identity of an application for imports: the same company and role as
    `doorajar.core.matching` compares them, applied on the same day."""
    return (norm_company(company), norm_role(role), day)


@dataclass(frozen=True)
class Problem:
    """A row that will not be imported, or a warning about one that will."""

    line: int
    message: str


@dataclass(frozen=True)
class Reading:
    """Everything the file says, before the database is consulted."""

    sheet: Sheet
    profile: Profile
    columns: tuple[Column, ...]
    candidates: tuple[Candidate, ...]
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    duplicates: tuple[tuple[int, tuple[int, ...]], ...]
    statuses: tuple[tuple[str, str], ...]
    order: DateOrder | None


def read_rows(
    sheet: Sheet,
    profile: Profile,
    columns: Sequence[Column],
    *,
    now: datetime,
    tz: tzinfo,
    order: DateOrder | None = None,
) -> Reading:
    """Every row as a candidate application or a problem with its line number."""
    by_field: dict[Field, list[Column]] = {}
    for c in columns:
        if c.field is not None:
            by_field.setdefault(c.field, []).append(c)
    date_cols = by_field.get(Field.APPLIED, []) + by_field.get(Field.REJECTED, [])
    if order is None:
        order = infer_order(
            r.cells[c.index] for r in sheet.rows for c in date_cols if c.index < len(r.cells)
        )
    candidates: list[Candidate] = []
    problems: list[Problem] = []
    warnings: list[Problem] = []
    statuses: dict[str, str] = {}
    seen: dict[tuple[str, str, date], int] = {}
    repeats: dict[int, list[int]] = {}
    for row in sheet.rows:
        cells = list(row.cells) + [""] * (len(columns) - len(row.cells))

        def first(f: Field, cells: list[str] = cells) -> str:
            for c in by_field.get(f, []):
                if cells[c.index]:
                    return cells[c.index]
            return ""

        try:
            cand = _candidate(row.line, cells, columns, first, profile, order, now, tz, statuses)
        except _RowError as exc:
            problems.append(Problem(row.line, str(exc)))
            continue
        found, notes = cand
        if found.key in seen:
            repeats.setdefault(seen[found.key], []).append(row.line)
            continue
        warnings.extend(Problem(row.line, msg) for msg in notes)
        seen[found.key] = row.line
        candidates.append(found)
    return Reading(
        sheet=sheet,
        profile=profile,
        columns=tuple(columns),
        candidates=tuple(candidates),
        problems=tuple(problems),
        warnings=tuple(warnings),
        duplicates=tuple((k, tuple(v)) for k, v in sorted(repeats.items())),
        statuses=tuple(sorted(statuses.items(), key=lambda kv: kv[0].lower())),
        order=order,
    )


class _RowError(ValueError):
    """A row that cannot be imported; its message says why."""


def _candidate(
    line: int,
    cells: list[str],
    columns: Sequence[Column],
    get: Callable[[Field], str],
    profile: Profile,
    order: DateOrder | None,
    now: datetime,
    tz: tzinfo,
    statuses: dict[str, str],
) -> tuple[Candidate, list[str]]:
    warnings: list[str] = []
    company, role = get(Field.COMPANY), get(Field.ROLE)
    if not company and not role:
        raise _RowError("no company and no role")
    if not company:
        raise _RowError(f"no company for the role '{role}'")
    if not role:
        raise _RowError(f"no role at {company}")
    status_text, stage_text = get(Field.STATUS), get(Field.STAGE)
    status = combine(read_status(status_text, profile), read_status(stage_text, profile))
    for text in (status_text, stage_text):
        if text:
            statuses[text] = read_status(text, profile).describe()
    notes: list[str] = []
    if not status.applied:
        raise _RowError(f"'{status_text or stage_text}' means not applied yet; skipped")
    raw_applied = get(Field.APPLIED)
    if not raw_applied:
        raise _RowError(f"no date applied for {role} at {company}")
    applied_local = _moment(raw_applied, order, now, tz, "date applied")
    if not status.known:
        shown = "; ".join(t for t in (status_text, stage_text) if t)
        warnings.append(f"status '{shown}' not understood; imported as applied, kept in the notes")
    kind = status.kind
    kind_text = get(Field.REJECTION_KIND)
    if kind_text and status.outcome is Outcome.REJECTED:
        kind = read_kind(kind_text) or kind
    rejected_at: datetime | None = None
    raw_rejected = get(Field.REJECTED)
    if raw_rejected and status.outcome is Outcome.REJECTED:
        rejected_at = _moment(raw_rejected, order, now, tz, "rejection date")
        if rejected_at < applied_local:
            raise _RowError(f"rejected on {raw_rejected}, before the date applied")
    contacts: list[str] = []
    free: list[str] = []  # the notes column itself goes first, without a label
    for c in columns:
        value = cells[c.index] if c.index < len(cells) else ""
        if not value or c.field in (
            Field.COMPANY,
            Field.ROLE,
            Field.APPLIED,
            Field.IGNORE,
            Field.SOURCE,
            Field.URL,
        ):
            continue
        if c.field in (Field.STATUS, Field.STAGE):
            if not status.known:
                notes.append(f"{c.name}: {value}")
            continue
        if c.field in (Field.REJECTION_KIND, Field.REJECTED):
            if status.outcome is not Outcome.REJECTED:
                notes.append(f"{c.name}: {value}")
            continue
        if c.field is Field.NOTES and norm(c.name) in ALIASES[Field.NOTES]:
            free.append(value)
        elif c.field is Field.NOTES:
            notes.append(f"{c.name}: {value}")
        elif c.field is Field.CONTACT:
            for name in (p.strip() for p in value.replace("\n", ";").split(";")):
                if name and "@" not in name and len(name) <= 80:
                    contacts.append(name)
                elif name:
                    notes.append(f"{c.name}: {name}")
        else:
            notes.append(f"{c.name}: {value}")
    for extra in cells[len(columns) :]:
        if extra:
            notes.append(f"(cell without a header): {extra}")
    source, url = get(Field.SOURCE), get(Field.URL)
    cand = Candidate(
        line=line,
        company=company,
        role=role,
        applied_at=applied_local.astimezone(UTC),
        applied_day=applied_local.date(),
        stage=status.stage or Stage.APPLIED,
        outcome=status.outcome or Outcome.ACTIVE,
        kind=kind,
        rejected_at=rejected_at.astimezone(UTC) if rejected_at else None,
        source=source or None,
        url=url or None,
        contacts=tuple(dict.fromkeys(contacts)),
        notes=tuple(free + notes),
        status_text="; ".join(t for t in (status_text, stage_text) if t),
    )
    return cand, warnings


def _moment(raw: str, order: DateOrder | None, now: datetime, tz: tzinfo, what: str) -> datetime:
    try:
        p = parse_date(raw, order)
    except DateProblem as exc:
        raise _RowError(f"{what}: {exc}") from None
    moment = local_moment(p, now, tz)
    if moment > now + _FUTURE_SLACK:
        raise _RowError(f"{what} {raw} is in the future")
    return moment


def local_moment(p: Parsed, now: datetime, tz: tzinfo) -> datetime:
    """A parsed cell as a local moment: its own time, else midday (or now, for today)."""
    local_now = now.astimezone(tz)
    if p.hour is not None and p.offset_minutes is not None:
        zone = timezone(timedelta(minutes=p.offset_minutes))
        return datetime.combine(p.day, time(p.hour, p.minute), tzinfo=zone).astimezone(tz)
    if p.hour is not None:
        return datetime.combine(p.day, time(p.hour, p.minute), tzinfo=tz)
    if p.day == local_now.date():
        return local_now
    return datetime.combine(p.day, time(12, 0), tzinfo=tz)

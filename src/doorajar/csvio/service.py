"""CsvService: read a spreadsheet into the tracker in one transaction, and write one out.

Rows land through the same paths as `ajar apply`, `ajar stage` and `ajar reject`, so an
imported rejection is triaged and gets its plan exactly like one typed by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from sqlalchemy.orm import Session

from doorajar.core import contacts, rejections
from doorajar.core.applications import detail, norm_source
from doorajar.core.plan import replan
from doorajar.core.unit import Unit
from doorajar.csvio.dates import DateOrder
from doorajar.csvio.mapping import (
    Field,
    detect_profile,
    map_columns,
    parse_maps,
    profile_named,
)
from doorajar.csvio.read import read_table
from doorajar.csvio.rows import Candidate, Reading, match_key, read_rows
from doorajar.errors import ImportFailed, InvalidInput
from doorajar.model import (
    Application,
    Direction,
    NoteKind,
    Outcome,
    RejectionKind,
    Stage,
)
from doorajar.settings import Settings
from doorajar.store import journal, repo


class Verdict(StrEnum):
    """What importing a row does."""

    ADD = "add"
    UPDATE = "update"
    SAME = "unchanged"
    DIFFERS = "differs"


@dataclass(frozen=True)
class Entry:
    """A candidate row and what it does to the database."""

    candidate: Candidate
    verdict: Verdict
    application_id: int | None = None
    changes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outcomes:
    """The import, row by row, after (or instead of) writing it."""

    reading: Reading
    entries: tuple[Entry, ...]
    written: bool

    def count(self, verdict: Verdict) -> int:
        """How many rows get this verdict."""
        return sum(1 for e in self.entries if e.verdict is verdict)


@dataclass(frozen=True)
class AppRow:
    """One application as the table export writes it."""

    id: int
    company: str
    role: str
    stage: str
    outcome: str
    applied: date
    source: str
    url: str
    last_update: date | None
    rejection: str
    rejected_on: date | None
    contacts: str
    notes: str


@dataclass(frozen=True)
class Event:
    """One dated thing that happened in the search, for `export --history`."""

    day: date
    company: str
    role: str
    what: str
    details: str
    application_id: int


APP_HEADER = (
    "ID",
    "Company",
    "Role",
    "Stage",
    "Outcome",
    "Applied",
    "Source",
    "URL",
    "Last Update",
    "Rejection",
    "Rejected On",
    "Contacts",
    "Notes",
)
HISTORY_HEADER = ("Date", "Company", "Role", "What happened", "Details", "Application")


class CsvService:
    """Spreadsheet import and export over a Tracker."""

    def __init__(self, unit: Unit) -> None:
        self.unit = unit

    # --- import -------------------------------------------------------------------------

    def read(
        self,
        data: bytes,
        *,
        suffix: str = "",
        profile: str | None = None,
        maps: Sequence[str] = (),
        dates: str | None = None,
    ) -> Reading:
        """Decode, map and read a file; nothing is written."""
        sheet = read_table(data, suffix=suffix)
        prof = profile_named(profile) if profile else detect_profile(sheet.header)
        columns = map_columns(sheet.header, prof, parse_maps(maps))
        fields = {c.field for c in columns}
        missing = [
            name
            for f, name in (
                (Field.COMPANY, "the company"),
                (Field.ROLE, "the role"),
                (Field.APPLIED, "the date applied"),
            )
            if f not in fields
        ]
        if missing:
            raise ImportFailed(
                f"No column holds {' or '.join(missing)} (the columns are: "
                f"{', '.join(sheet.header)}); name it with --map 'COLUMN=field', e.g. "
                f"--map '{sheet.header[0]}=company'. Nothing was imported."
            )
        order: DateOrder | None = None
        if dates:
            try:
                order = DateOrder(dates.strip().lower())
            except ValueError:
                raise InvalidInput(f"--dates is dmy or mdy, not '{dates}'.") from None
        t = self.unit
        return read_rows(sheet, prof, columns, now=t.now(), tz=t.tz(), order=order)

    def preview(self, reading: Reading, *, update: bool = False) -> Outcomes:
        """What importing would do to each row, without writing."""
        with self.unit.tx() as s:
            entries = self._judge(s, reading, update)
        return Outcomes(reading, entries, written=False)

    def apply(self, reading: Reading, *, update: bool = False) -> Outcomes:
        """Import the rows in one transaction: all of them land, or none."""
        t = self.unit
        with t.tx() as s:
            entries = self._judge(s, reading, update)
            settings = repo.load_settings(s)
            work: list[tuple[Application, Candidate]] = []
            for e in entries:
                if e.verdict is Verdict.ADD:
                    work.append((self._add(s, e.candidate), e.candidate))
                elif e.verdict is Verdict.UPDATE and e.application_id is not None:
                    work.append((repo.get_application(s, e.application_id), e.candidate))
            # every application is stored before any rejection is planned, so each plan
            # already knows whether another application followed it
            rejected = {app.id for app, c in work if self._update(s, app, c, settings)}
            if work:
                # rejections from before this import may now be followed by a new application
                latest = max(c.applied_at for _, c in work)
                for app_id in {
                    r.application_id
                    for r in repo.rejections(s)
                    if r.received_at <= latest and r.application_id not in rejected
                }:
                    replan(t, s, app_id, settings)
            journal.describe(s, kind="import", summary=f"imported {len(work)} rows from a table")
        return Outcomes(reading, entries, written=True)

    def _judge(self, s: Session, reading: Reading, update: bool) -> tuple[Entry, ...]:
        tz = self.unit.tz()
        known: dict[tuple[str, str, date], Application] = {}
        for a in repo.applications(s):
            known.setdefault(match_key(a.company, a.role, a.applied_at.astimezone(tz).date()), a)
        out: list[Entry] = []
        for c in reading.candidates:
            app = known.get(c.key)
            if app is None:
                out.append(Entry(c, Verdict.ADD))
                continue
            changes = self._changes(s, app, c)
            if not changes:
                out.append(Entry(c, Verdict.SAME, app.id))
            else:
                out.append(Entry(c, Verdict.UPDATE if update else Verdict.DIFFERS, app.id, changes))
        return tuple(out)

    def _changes(self, s: Session, app: Application, c: Candidate) -> tuple[str, ...]:
        out: list[str] = []
        if c.url and c.url != app.url:
            out.append(f"url: {app.url or '-'} -> {c.url}")
        source = norm_source(c.source)
        if source and source != app.source:
            out.append(f"source: {app.source or '-'} -> {source}")
        if app.outcome is Outcome.ACTIVE:
            if c.stage.rank > app.stage.rank:
                out.append(f"stage: {app.stage.label} -> {c.stage.label}")
            if c.outcome is not Outcome.ACTIVE:
                out.append(f"outcome: active -> {c.outcome.value}")
        linked = {p.name.casefold() for p in repo.application_contacts(s, app.id)}
        out += [f"contact: + {n}" for n in c.contacts if n.casefold() not in linked]
        if c.notes and c.note_text not in {n.body for n in repo.notes(s, app_id=app.id)}:
            out.append("notes: + the row's notes")
        return tuple(out)

    def _add(self, s: Session, c: Candidate) -> Application:
        now = self.unit.now()
        return repo.add_application(
            s,
            company=c.company,
            role=c.role,
            applied_at=c.applied_at,
            now=now,
            url=c.url,
            source=norm_source(c.source),
        )

    def _update(self, s: Session, app: Application, c: Candidate, settings: Settings) -> bool:
        """Bring a stored application forward to what the row says (never backwards);
        True when that recorded a rejection."""
        t = self.unit
        now = t.now()
        fields: dict[str, object] = {}
        if c.url and c.url != app.url:
            fields["url"] = c.url
        source = norm_source(c.source)
        if source and source != app.source:
            fields["source"] = source
        if fields:
            app = repo.update_application(s, app.id, now, **fields)
        for name in c.contacts:
            contacts.find_or_add(s, name, app, now)
        if c.notes and c.note_text not in {n.body for n in repo.notes(s, app_id=app.id)}:
            repo.add_note(s, body=c.note_text, now=now, kind=NoteKind.NOTE, application_id=app.id)
        if app.outcome is not Outcome.ACTIVE:
            return False
        if c.outcome is Outcome.REJECTED:
            rejections.reject(
                t,
                s,
                app,
                kind=c.kind,
                stage=c.stage if c.stage.rank > app.stage.rank else app.stage,
                at=self._rejected_at(c, settings),
                reason=c.status_text or None,
                feedback=None,
                contact=None,
            )
            return True
        if c.stage.rank > app.stage.rank:
            # the file does not say when the stage was reached: the application date is
            # the only moment it vouches for
            repo.add_stage_change(s, app.id, c.stage, c.applied_at)
            app = repo.update_application(s, app.id, now, stage=c.stage)
        if c.outcome is not Outcome.ACTIVE:
            repo.update_application(s, app.id, now, outcome=c.outcome)
        return False

    def _rejected_at(self, c: Candidate, settings: Settings) -> datetime:
        if c.rejected_at is not None:
            return c.rejected_at
        now = self.unit.now()
        if c.kind is RejectionKind.SILENT:
            # the same moment the silence sweep would have called it
            return min(c.applied_at + timedelta(days=settings.silent_after_days), now)
        return c.applied_at

    # --- export -------------------------------------------------------------------------

    def application_rows(self) -> list[AppRow]:
        """One row per application, oldest first."""
        t = self.unit
        tz = t.tz()
        out: list[AppRow] = []
        with t.tx() as s:
            for app in sorted(repo.applications(s), key=lambda a: a.id):
                d = detail(s, app.id)
                r = d.rejection
                out.append(
                    AppRow(
                        id=app.id,
                        company=app.company,
                        role=app.role,
                        stage=app.stage.value,
                        outcome=app.outcome.value,
                        applied=app.applied_at.astimezone(tz).date(),
                        source=app.source or "",
                        url=app.url or "",
                        last_update=app.updated_at.astimezone(tz).date()
                        if app.updated_at
                        else None,
                        rejection=r.kind.value if r else "",
                        rejected_on=r.received_at.astimezone(tz).date() if r else None,
                        contacts="; ".join(p.name for p in d.contacts),
                        notes="\n".join(n.body for n in d.notes if n.kind is NoteKind.NOTE),
                    )
                )
        return out

    def history(self) -> list[Event]:
        """Every stage change, rejection, feedback and message, oldest first."""
        t = self.unit
        tz = t.tz()
        out: list[tuple[datetime, Event]] = []
        with t.tx() as s:
            for app in repo.applications(s):
                d = detail(s, app.id)

                def add(at: datetime, what: str, details: str = "", a: Application = app) -> None:
                    out.append(
                        (
                            at,
                            Event(at.astimezone(tz).date(), a.company, a.role, what, details, a.id),
                        )
                    )

                for sc in d.stages:
                    if sc.stage is Stage.APPLIED:
                        add(sc.at, "applied", " · ".join(x for x in (app.source, app.url) if x))
                    else:
                        add(sc.at, f"reached {sc.stage.label}")
                logged = set()
                for r in d.rejections:
                    add(
                        r.received_at,
                        f"{r.kind.value} rejection at {r.stage.label}",
                        r.reason or "",
                    )
                    logged.add(r.received_at)
                for f in d.feedback:
                    add(f.received_at, "feedback received", f.text)
                    logged.add(f.received_at)
                for m in d.touches:
                    if m.direction is Direction.IN:
                        if m.at in logged:
                            continue
                        add(m.at, f"message received ({m.channel.value})", m.subject or "")
                    else:
                        add(m.at, f"message sent ({m.channel.value})", m.subject or "")
        out.sort(key=lambda pair: (pair[0], pair[1].application_id))
        return [e for _, e in out]

"""The Tracker: the one object the CLI and the web UI call.

A thin facade. Each public method opens one transaction on the shared `Unit` and makes
one call into the core (`doorajar.core`); the features hang off it as facets
(`tracker.mail`, `.drafts`, `.planner`, `.relations`, `.watch`, `.patterns`, `.csv`,
`.overview`),
each built on the same `Unit`. `batch()` runs several calls as one transaction.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from doorajar.agenda.rules import Agenda, left_out_line
from doorajar.config import Location
from doorajar.core import actions, applications, contacts, editing, rejections, touches
from doorajar.core import history as oplog
from doorajar.core.applications import Added
from doorajar.core.plan import replan_all
from doorajar.core.unit import Unit
from doorajar.errors import ImportFailed, InvalidInput
from doorajar.model import (
    Action,
    ActionKind,
    ActionStatus,
    Application,
    ApplicationDetail,
    Channel,
    Contact,
    ContactRole,
    Direction,
    Feedback,
    Note,
    NoteKind,
    Outcome,
    RejectionKind,
    Stage,
)
from doorajar.settings import Settings, parse_value, spec, specs
from doorajar.store import backup, journal, repo
from doorajar.store.db import Store, head_revision

if TYPE_CHECKING:
    from doorajar.agenda.service import AgendaService
    from doorajar.core.views import Overview
    from doorajar.csvio.service import CsvService
    from doorajar.drafts.service import DraftService
    from doorajar.mail.accounts import AccountService
    from doorajar.mail.service import MailService
    from doorajar.patterns.service import Insights
    from doorajar.people.service import RelationService
    from doorajar.people.watch import WatchService

__all__ = ["SETUP_FIELDS", "SETUP_NEEDED", "Added", "Tracker"]

# What `ajar setup` and the web's setup page ask for: the settings drafts are written with.
SETUP_FIELDS = (
    "user_name",
    "user_email",
    "user_signature",
    "user_linkedin",
    "language",
    "weekly_target",
)
# Without these a draft carries placeholders: commands and pages point to setup.
SETUP_NEEDED = ("user_name", "user_email")


class Tracker:
    """The job search: applications, rejections, contacts, the plan and the settings."""

    def __init__(
        self,
        store: Store,
        location: Location | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.unit = Unit(store, location, clock)

    @classmethod
    def open(cls, location: Location) -> Tracker:
        """Open (and migrate) the database of a location."""
        return cls(Store(location.database_url), location)

    def close(self) -> None:
        """Release the database."""
        self.unit.store.close()

    @property
    def store(self) -> Store:
        """The database."""
        return self.unit.store

    @property
    def location(self) -> Location | None:
        """Where the data home is, when the tracker was opened on one."""
        return self.unit.location

    @property
    def clock(self) -> Callable[[], datetime]:
        """The clock every operation reads."""
        return self.unit.clock

    @clock.setter
    def clock(self, clock: Callable[[], datetime]) -> None:
        self.unit.clock = clock

    @contextmanager
    def tx(self) -> Iterator[Session]:
        """One transaction; inside `batch()` it joins the batch's transaction."""
        with self.unit.tx() as s:
            yield s

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Run several public methods as one transaction: all of them land, or none."""
        with self.unit.tx():
            yield

    def now(self) -> datetime:
        """The current moment (UTC)."""
        return self.unit.now()

    # --- settings -----------------------------------------------------------------------

    def settings(self) -> Settings:
        """The user's settings."""
        return self.unit.settings()

    def tz(self) -> tzinfo:
        """The user's time zone."""
        return self.unit.tz()

    def config(self) -> list[tuple[str, Any, Any, str, bool]]:
        """Each setting as (name, value, default, help, changed)."""
        with self.tx() as s:
            stored = repo.stored_settings(s)
            current = repo.load_settings(s)
        return [
            (sp.name, getattr(current, sp.name), sp.default, sp.help, sp.name in stored)
            for sp in specs()
        ]

    def set_config(self, name: str, raw: str | None) -> Any:
        """Set a setting from text, or reset it to its default when `raw` is None."""
        sp = spec(name)
        with self.tx() as s:
            if raw is None:
                repo.reset_setting(s, name)
                value = sp.default
            else:
                value = self._set(s, name, raw)
            replan_all(self.unit, s, repo.load_settings(s))
        return value

    def set_configs(self, values: dict[str, str]) -> dict[str, Any]:
        """Set several settings from text together: all of them, or none when one is
        wrong; the plan follows once."""
        with self.tx() as s:
            stored = {name: self._set(s, name, raw) for name, raw in values.items()}
            replan_all(self.unit, s, repo.load_settings(s))
        return stored

    def _set(self, s: Session, name: str, raw: str) -> Any:
        value = parse_value(name, raw)
        repo.set_setting(s, name, value)
        return value

    def setup(self, values: dict[str, str]) -> dict[str, Any]:
        """Set the fields drafts need (SETUP_FIELDS) together: all of them, or none when one
        is wrong. Returns what was stored."""
        unknown = set(values) - set(SETUP_FIELDS)
        if unknown:
            raise InvalidInput(f"Setup does not ask for {', '.join(sorted(unknown))}.")
        with self.tx() as s:
            stored = {name: self._set(s, name, raw.strip()) for name, raw in values.items()}
            replan_all(self.unit, s, repo.load_settings(s))
        return stored

    def missing_setup(self) -> list[str]:
        """Which of your name and email drafts still lack (the fields setup must have)."""
        settings = self.settings()
        return [name for name in SETUP_NEEDED if not str(getattr(settings, name)).strip()]

    # --- applications -------------------------------------------------------------------

    def resolve(self, query: str) -> Application:
        """An application by id ('12', '#12') or an unambiguous company/role match."""
        with self.tx() as s:
            return applications.resolve(s, query)

    def apply(
        self,
        company: str,
        role: str,
        *,
        at: datetime | None = None,
        url: str | None = None,
        source: str | None = None,
        careers_url: str | None = None,
        force: bool = False,
        own_source: bool = False,
    ) -> Added:
        """Log an application; refuse a likely duplicate unless forced, and a source that is
        not a known word unless `own_source`."""
        with self.tx() as s:
            return applications.apply(
                self.unit,
                s,
                company,
                role,
                at=at,
                url=url,
                source=source,
                careers_url=careers_url,
                force=force,
                own_source=own_source,
            )

    def advance(self, query: str, stage: Stage, *, at: datetime | None = None) -> Application:
        """Record that an application reached a stage (its current stage changes nothing)."""
        at = at or self.now()
        with self.tx() as s:
            return rejections.advance(self.unit, s, applications.resolve(s, query), stage, at)

    def set_outcome(self, query: str, outcome: Outcome) -> Application:
        """Close an application as accepted, offer_declined or withdrawn (or reopen: active)."""
        with self.tx() as s:
            return applications.set_outcome(self.unit, s, applications.resolve(s, query), outcome)

    def show(self, query: str) -> ApplicationDetail:
        """Everything about one application."""
        with self.tx() as s:
            return applications.detail(s, applications.resolve(s, query).id)

    def applications(
        self,
        *,
        stage: Stage | None = None,
        outcome: Outcome | None = None,
        search: str | None = None,
    ) -> list[Application]:
        """Applications, newest first."""
        with self.tx() as s:
            return repo.applications(s, stage=stage, outcome=outcome, search=search)

    def add_note(
        self,
        query: str | None,
        body: str,
        *,
        kind: NoteKind = NoteKind.NOTE,
        mood: int | None = None,
    ) -> Note:
        """Keep a note (or journal entry) on an application, or on its own."""
        with self.tx() as s:
            app = applications.resolve(s, query) if query else None
            return applications.add_note(self.unit, s, app, body, kind=kind, mood=mood)

    # --- rejections and feedback --------------------------------------------------------

    def reject(
        self,
        query: str,
        *,
        kind: RejectionKind | None = None,
        stage: Stage | None = None,
        at: datetime | None = None,
        reason: str | None = None,
        feedback: str | None = None,
        contact: str | None = None,
        message_id: str | None = None,
    ) -> ApplicationDetail:
        """Record a rejection, triage it, and plan what to do next."""
        at = at or self.now()
        with self.tx() as s:
            return rejections.reject(
                self.unit,
                s,
                applications.resolve(s, query),
                kind=kind,
                stage=stage,
                at=at,
                reason=reason,
                feedback=feedback,
                contact=contact,
                message_id=message_id,
            )

    def add_feedback(
        self, query: str, text: str, *, at: datetime | None = None, source: str = "manual"
    ) -> ApplicationDetail:
        """Record feedback that came in; the plan drops the follow-up and adds a thank-you."""
        if not text.strip():
            raise InvalidInput("The feedback text is empty.")
        at = at or self.now()
        with self.tx() as s:
            app = applications.resolve(s, query)
            if at < app.applied_at:
                raise InvalidInput("The feedback is dated before the application was sent.")
            return rejections.add_feedback(self.unit, s, app, text, at=at, source=source)

    def feedback(self) -> list[Feedback]:
        """All feedback received."""
        with self.tx() as s:
            return repo.feedback(s)

    def sweep_silence(self) -> list[Application]:
        """Turn applications with no reply for too long into silent rejections."""
        with self.unit.tx(automatic=True) as s:
            return rejections.sweep_silence(self.unit, s)

    def sweep(self) -> list[Application]:
        """The writes that time alone calls for, in one transaction: silent rejections, and
        every kept contact's next touch. Commands run it before they read the agenda; on a
        read-only home they show what is stored."""
        if self.store.read_only:
            return []
        with self.unit.tx(automatic=True) as s:
            silent = rejections.sweep_silence(self.unit, s)
            contacts.sync_touches(self.unit, s, repo.load_settings(s))
            return silent

    def log_touch(
        self,
        query: str,
        *,
        direction: Direction,
        at: datetime | None = None,
        channel: Channel = Channel.EMAIL,
        subject: str | None = None,
        summary: str | None = None,
        action_kind: ActionKind | None = None,
    ) -> ApplicationDetail:
        """Record a message in or out; a sent one marks the matching open action done."""
        at = at or self.now()
        with self.tx() as s:
            return touches.log_touch(
                self.unit,
                s,
                applications.resolve(s, query),
                direction=direction,
                at=at,
                channel=channel,
                subject=subject,
                summary=summary,
                action_kind=action_kind,
            )

    # --- contacts -----------------------------------------------------------------------

    def add_contact(
        self,
        name: str,
        *,
        company: str | None = None,
        role: ContactRole = ContactRole.OTHER,
        email: str | None = None,
        linkedin_url: str | None = None,
        connected: bool = False,
        how_met: str | None = None,
        application: str | None = None,
    ) -> Contact:
        """Add a person; tie them to an application (named, or the only one at their company)."""
        with self.tx() as s:
            targets = [applications.resolve(s, application)] if application else None
            return contacts.add(
                self.unit,
                s,
                name,
                company=company,
                role=role,
                email=email,
                linkedin_url=linkedin_url,
                connected=connected,
                how_met=how_met,
                targets=targets,
            )

    def contacts(self) -> list[Contact]:
        """Every contact."""
        with self.tx() as s:
            return repo.contacts(s)

    def find_contact(self, query: str) -> Contact:
        """A contact by id or an unambiguous name."""
        with self.tx() as s:
            return contacts.find(s, query)

    def set_connected(self, query: str, connected: bool = True) -> Contact:
        """Mark a contact as connected on LinkedIn; the plan drops the connect action."""
        with self.tx() as s:
            return contacts.set_connected(self.unit, s, contacts.find(s, query), connected)

    # --- corrections and the history ----------------------------------------------------

    def edit(
        self, query: str, *, force: bool = False, own_source: bool = False, **fields: Any
    ) -> editing.Edited:
        """Change an application's company, role, links, source or date applied."""
        with self.tx() as s:
            app = applications.resolve(s, query)
            return editing.edit(self.unit, s, app, force=force, own_source=own_source, **fields)

    def move_back(self, query: str, stage: Stage) -> Application:
        """Move an application back to an earlier stage."""
        with self.tx() as s:
            return editing.move_stage(self.unit, s, applications.resolve(s, query), stage)

    def delete(self, query: str) -> Application:
        """Move an application to the trash, with everything filed under it."""
        with self.tx() as s:
            app = applications.resolve(s, query)
            editing.delete(self.unit, s, app)
            return app

    def merge(self, keep: str, gone: str) -> Application:
        """Make two records of one application one; the first named is kept."""
        with self.tx() as s:
            a, b = applications.resolve(s, keep), applications.resolve(s, gone)
            return editing.merge(self.unit, s, a, b)

    def unreject(self, query: str) -> Application:
        """Take back a rejection that was not one; the application is open again."""
        with self.tx() as s:
            return editing.unreject(self.unit, s, applications.resolve(s, query))

    def edit_contact(self, query: str, **fields: Any) -> Contact:
        """Change a contact's name, email, company, role or LinkedIn profile."""
        with self.tx() as s:
            return editing.edit_contact(self.unit, s, contacts.find(s, query), **fields)

    def delete_contact(self, query: str) -> Contact:
        """Remove a contact, with the touches logged with them."""
        with self.tx() as s:
            c = contacts.find(s, query)
            editing.delete_contact(self.unit, s, c)
            return c

    def history(self, limit: int = 20, *, automatic: bool = False) -> list[oplog.Entry]:
        """The latest changes, newest first."""
        with self.unit.tx(record=False) as s:
            return oplog.history(s, limit=limit, automatic=automatic)

    def undo(self, *, kind: str | None = None, expect: int | None = None) -> oplog.Undone:
        """Take back the latest change (of `kind`, such as "scan", when given; only if it
        is entry `expect`, when given). A tidy's moves on the mail server are put back first."""
        self.accounts.before_undo(kind=kind, expect=expect)
        return oplog.undo(self.unit, kind=kind, expect=expect)

    def trash(self) -> list[oplog.Trashed]:
        """What was deleted and can still be restored, newest first."""
        with self.unit.tx(record=False) as s:
            return oplog.trash(s)

    def restore(self, query: str) -> oplog.Trashed:
        """Put back a deleted application or contact from the trash."""
        return oplog.restore(self.unit, query)

    def empty_trash(self) -> int:
        """Forget what the trash holds, for good."""
        return oplog.empty_trash(self.unit)

    # --- the plan -----------------------------------------------------------------------

    def act(
        self,
        action_id: int,
        status: ActionStatus,
        *,
        note: str | None = None,
        until: datetime | None = None,
        at: datetime | None = None,
    ) -> Action:
        """Mark an action done, skipped (with a reason) or snoozed (until a moment)."""
        with self.tx() as s:
            return actions.act(self.unit, s, action_id, status, note=note, until=until, at=at)

    def act_many(
        self,
        action_ids: list[int],
        status: ActionStatus,
        *,
        note: str | None = None,
        until: datetime | None = None,
    ) -> list[Action]:
        """Skip or snooze several actions in one transaction; returns those it changed."""
        with self.tx() as s:
            return actions.act_many(self.unit, s, action_ids, status, note=note, until=until)

    def act_on(
        self,
        status: ActionStatus,
        *,
        application: str | None = None,
        kind: ActionKind | None = None,
        overdue: bool = False,
        note: str | None = None,
        until: datetime | None = None,
    ) -> list[Action]:
        """Skip or snooze every open action of an application and/or a kind (only the
        overdue ones with `overdue`), in one transaction."""
        with self.tx() as s:
            app = applications.resolve(s, application) if application else None
            found = actions.select(
                self.unit, s, app_id=app.id if app else None, kind=kind, overdue=overdue
            )
            if not found:
                what = " ".join(
                    x
                    for x in (
                        "overdue" if overdue else "open",
                        kind.value if kind else None,
                        "actions",
                        f"for #{app.id} {app.title}" if app else None,
                    )
                    if x
                )
                raise InvalidInput(f"There are no {what}; nothing was changed.")
            return actions.act_many(
                self.unit, s, [a.id for a in found], status, note=note, until=until
            )

    def agenda(self, days: int = 7, *, sweep: bool = True) -> Agenda:
        """Overdue, today and coming actions; with `sweep`, `sweep()` runs first."""
        with self.tx():  # the sweep and the reading are one transaction
            if sweep:
                self.sweep()
            return self.planner.agenda(days)

    def left_out(self) -> str | None:
        """One line on the actions marked missed since the last call (old news), or None."""
        late = self.unit.take_left_out()
        return left_out_line(late, self.settings().stale_after_days) if late else None

    # --- whole database -----------------------------------------------------------------

    def export_json(self) -> str:
        """The whole database as one JSON document."""
        with self.tx() as s:
            doc = backup.export_all(s, head_revision())
        return json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=True)

    def import_json(
        self,
        text: str,
        *,
        replace: bool = False,
        on_rows: Callable[[int], None] | None = None,
    ) -> dict[str, int]:
        """Load an export; all or nothing. `on_rows(n)` follows the rows written so far."""
        try:
            doc = json.loads(text)
        except RecursionError:
            raise ImportFailed(
                "The file nests deeper than any doorajar backup; nothing was imported."
            ) from None
        except json.JSONDecodeError as exc:
            raise ImportFailed(
                f"The file is not valid JSON (line {exc.lineno}: {exc.msg}); it may be "
                "truncated. Nothing was imported."
            ) from None
        with self.tx() as s:
            journal.describe(s, kind="import", summary="restored a JSON backup")
            return backup.import_all(s, doc, replace=replace, on_rows=on_rows)

    def is_empty(self) -> bool:
        """True when the home has no applications, contacts or notes yet."""
        with self.tx() as s:
            return backup.is_empty(s)

    # --- the facets ---------------------------------------------------------------------

    @functools.cached_property
    def planner(self) -> AgendaService:
        """Today and the agenda with momentum, the calendar feed and the digest."""
        from doorajar.agenda.service import AgendaService  # lazy: not every command reads it

        return AgendaService(self.unit)

    @functools.cached_property
    def relations(self) -> RelationService:
        """Contacts and touches, keep-this-door-open decisions and the revisit list."""
        from doorajar.people.service import RelationService  # lazy: not every command reads it

        return RelationService(self.unit)

    @functools.cached_property
    def watch(self) -> WatchService:
        """The job-board watch: boards of the revisit list's companies, new openings."""
        from doorajar.people.watch import WatchService  # lazy: httpx, for the watch only

        return WatchService(self.unit)

    @functools.cached_property
    def mail(self) -> MailService:
        """Scanning mailboxes, filing what they say, and the review list."""
        from doorajar.mail.service import MailService  # lazy: the mail stack

        return MailService(self.unit)

    @functools.cached_property
    def accounts(self) -> AccountService:
        """Connected mail accounts: connect, sync, watch and tidy."""
        from doorajar.mail.accounts import AccountService  # lazy: the mail stack

        return AccountService(self.unit, self.mail)

    @functools.cached_property
    def overview(self) -> Overview:
        """Paged application and contact lists and the board by stage."""
        from doorajar.core.views import Overview  # lazy: the web's list pages only

        return Overview(self.unit)

    @functools.cached_property
    def csv(self) -> CsvService:
        """Spreadsheet import with previews, and CSV/.xlsx export."""
        from doorajar.csvio.service import CsvService  # lazy: openpyxl

        return CsvService(self.unit)

    @functools.cached_property
    def patterns(self) -> Insights:
        """Funnel, bottleneck, feedback themes, goals and the reflection journal."""
        from doorajar.patterns.service import Insights  # lazy: matplotlib for the report

        return Insights(self.unit)

    @functools.cached_property
    def drafts(self) -> DraftService:
        """Message drafts, the tone guard and the outbox."""
        from doorajar.drafts.service import DraftService  # lazy: templates, spelling lists

        return DraftService(self.unit)

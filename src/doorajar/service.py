"""The Tracker: the one object the CLI and the web UI call.

Each public method is one unit of work in one transaction: it lands whole or not
at all. The clock is read here (or passed in), never in the pure modules.
"""

from __future__ import annotations

import difflib
import functools
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from dateutil.relativedelta import relativedelta
from sqlalchemy.orm import Session

from doorajar import playbook, relations, timeutil
from doorajar.config import Location
from doorajar.errors import Ambiguous, Conflict, ImportFailed, InvalidInput, NotFound
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
    looks_like_email,
)
from doorajar.schedule import MESSAGE_KINDS, Agenda
from doorajar.settings import Settings, parse_value, spec, specs
from doorajar.store import backup, repo
from doorajar.store.db import Store, head_revision
from doorajar.timeutil import local_tz

if TYPE_CHECKING:
    from doorajar.csvio import CsvService
    from doorajar.drafts.service import DraftService
    from doorajar.insights import Insights
    from doorajar.mail.service import MailService
    from doorajar.overview import Overview
    from doorajar.planner import Planner
    from doorajar.relations import RelationService

T = TypeVar("T")


@dataclass(frozen=True)
class Added:
    """A new application, with any warnings about it."""

    application: Application
    warnings: tuple[str, ...] = ()


class Tracker:
    """The job search: applications, rejections, contacts, the plan and the settings."""

    def __init__(
        self,
        store: Store,
        location: Location | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.store = store
        self.location = location
        # read through the module so tests can move time with one monkeypatch
        self.clock: Callable[[], datetime] = clock or (lambda: timeutil.utcnow())
        self._local = threading.local()  # the open transaction of this thread, if any

    @classmethod
    def open(cls, location: Location) -> Tracker:
        """Open (and migrate) the database of a location."""
        return cls(Store(location.database_url), location)

    def close(self) -> None:
        """Release the database."""
        self.store.close()

    @contextmanager
    def tx(self) -> Iterator[Session]:
        """One transaction; for feature modules that extend the tracker.

        Inside `batch()` it joins the batch's transaction instead of opening its own.
        """
        current: Session | None = getattr(self._local, "session", None)
        if current is not None:
            yield current
            return
        with self.store.transaction() as s:
            self._local.session = s
            try:
                yield s
            finally:
                self._local.session = None

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Run several public methods as one transaction: all of them land, or none."""
        with self.tx():
            yield

    def now(self) -> datetime:
        """The current moment (UTC)."""
        return self.clock()

    # --- settings -----------------------------------------------------------------------

    def settings(self) -> Settings:
        """The user's settings."""
        with self.tx() as s:
            return repo.load_settings(s)

    def tz(self) -> Any:
        """The user's time zone."""
        return local_tz(self.settings().timezone)

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
                value = parse_value(name, raw)
                if name == "timezone" and value:
                    local_tz(value)
                if name == "user_email" and value and not looks_like_email(value):
                    raise InvalidInput(f"'{value}' is not an email address.")
                repo.set_setting(s, name, value)
            self._replan_all(s, repo.load_settings(s))
        return value

    # --- finding applications -----------------------------------------------------------

    def resolve(self, query: str) -> Application:
        """An application by id ('12', '#12') or an unambiguous company/role match."""
        with self.tx() as s:
            return self._resolve(s, query)

    def _resolve(self, s: Session, query: str) -> Application:
        q = query.strip().lstrip("#")
        if not q:
            raise InvalidInput("Name an application by its number or company.")
        if q.isdigit():
            return repo.get_application(s, int(q))
        apps = repo.applications(s)
        words = q.lower().split()
        hits = [a for a in apps if all(w in f"{a.company} {a.role}".lower() for w in words)]
        exact = [a for a in hits if a.company.lower() == q.lower()]
        if len(exact) == 1:
            return exact[0]
        if exact:
            hits = exact
        if len(hits) > 1:
            active = [a for a in hits if a.outcome is Outcome.ACTIVE]
            if len(active) == 1:
                return active[0]
            listing = "; ".join(f"#{a.id} {a.title}" for a in hits[:8])
            raise Ambiguous(
                f"'{query}' matches {len(hits)} applications: {listing}. Use the number."
            )
        if hits:
            return hits[0]
        close = _close_names(q, sorted({a.company for a in apps}))
        hint = f" Did you mean {', '.join(close)}?" if close else " `ajar list` shows them all."
        raise NotFound(f"No application matches '{query}'.{hint}")

    # --- recording ----------------------------------------------------------------------

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
    ) -> Added:
        """Log an application; refuse a likely duplicate unless forced, and warn on re-applying
        too soon after a rejection for the same role."""
        company, role = company.strip(), role.strip()
        if not company or not role:
            raise InvalidInput("An application needs a company and a role.")
        now = self.now()
        at = at or now
        with self.tx() as s:
            settings = repo.load_settings(s)
            warnings: list[str] = []
            for other in repo.applications(s, search=company):
                if not (_same(other.company, company) and _same(other.role, role)):
                    continue
                if abs(other.applied_at - at) <= timedelta(days=settings.duplicate_window_days):
                    if not force:
                        raise Conflict(
                            f"You logged {other.title} as #{other.id} on "
                            f"{other.applied_at.date()}; add --force if this is another one."
                        )
                    warnings.append(f"Possible duplicate of #{other.id}.")
                if other.outcome is Outcome.REJECTED:
                    rej = repo.rejections(s, other.id)
                    months = settings.reapply_guard_months
                    if rej and rej[-1].received_at <= at < rej[-1].received_at + relativedelta(
                        months=months
                    ):
                        warnings.append(
                            f"{company} turned you down for this role on "
                            f"{rej[-1].received_at.date()} (#{other.id}); a new application "
                            f"within {months} months rarely goes further unless something changed."
                        )
            app = repo.add_application(
                s,
                company=company,
                role=role,
                applied_at=at,
                now=now,
                url=url,
                source=_norm_source(source),
                careers_url=careers_url,
            )
            self._after_application(s, app, settings)
            return Added(app, tuple(warnings))

    def _after_application(self, s: Session, app: Application, settings: Settings) -> None:
        # a new application answers every open "send the next one" action before it;
        # only those plans can change, so only they are re-planned
        waiting = {
            a.application_id
            for a in repo.actions(s, open_only=True)
            if a.kind is ActionKind.NEXT_APPLICATION and a.application_id is not None
        }
        for other in repo.rejections(s):
            if other.application_id in waiting and other.received_at <= app.applied_at:
                self._replan(s, other.application_id, settings)

    def advance(self, query: str, stage: Stage, *, at: datetime | None = None) -> Application:
        """Record that an application reached a stage (its current stage changes nothing)."""
        now = self.now()
        at = at or now
        with self.tx() as s:
            app = self._lift_silence(s, self._resolve(s, query))
            if app.outcome is not Outcome.ACTIVE:
                raise Conflict(f"#{app.id} is closed ({app.outcome.value}); it cannot advance.")
            if stage.rank < app.stage.rank:
                raise InvalidInput(
                    f"#{app.id} is already at {app.stage.label}; stages only move forward."
                )
            if stage is app.stage:
                return app  # already there: nothing to record
            if at < app.applied_at:
                raise InvalidInput("That date is before the application was sent.")
            repo.add_stage_change(s, app.id, stage, at)
            return repo.update_application(s, app.id, now, stage=stage)

    def set_outcome(self, query: str, outcome: Outcome) -> Application:
        """Close an application as accepted, offer_declined or withdrawn (or reopen: active)."""
        if outcome is Outcome.REJECTED:
            raise InvalidInput("Use `ajar reject` to record a rejection.")
        with self.tx() as s:
            app = self._resolve(s, query)
            updated = repo.update_application(s, app.id, self.now(), outcome=outcome)
            self._replan(s, app.id, repo.load_settings(s))
            return updated

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
        now = self.now()
        at = at or now
        with self.tx() as s:
            app = self._resolve(s, query)
            return self._reject(
                s,
                app,
                kind=kind,
                stage=stage,
                at=at,
                reason=reason,
                feedback=feedback,
                contact=contact,
                message_id=message_id,
            )

    def _reject(
        self,
        s: Session,
        app: Application,
        *,
        kind: RejectionKind | None,
        stage: Stage | None,
        at: datetime,
        reason: str | None,
        feedback: str | None,
        contact: str | None,
        message_id: str | None = None,
        feedback_source: str = "manual",
        why: tuple[str, ...] = (),
    ) -> ApplicationDetail:
        """Record a rejection inside the caller's transaction; `why` replaces the triage's
        reasons when something else (the mail classifier) decided the kind."""
        now = self.now()
        if kind is not RejectionKind.SILENT:
            app = self._lift_silence(s, app)  # a real answer replaces the assumed one
        if app.outcome is Outcome.REJECTED:
            raise Conflict(f"#{app.id} {app.title} is already marked as rejected.")
        if at < app.applied_at:
            raise InvalidInput("The rejection is dated before the application was sent.")
        settings = repo.load_settings(s)
        stage = stage or app.stage
        if stage.rank > app.stage.rank:
            repo.add_stage_change(s, app.id, stage, min(at, now))
        person: Contact | None = None
        if contact:
            person = self._find_or_add_contact(s, contact, app, now)
        t = playbook.triage(
            stage=stage,
            kind=kind,
            has_feedback=bool(feedback),
            contact_name=person.name if person else None,
            settings=settings,
        )
        rej = repo.add_rejection(
            s,
            application_id=app.id,
            kind=t.kind,
            stage=stage,
            received_at=at,
            reason=reason,
            contact_id=person.id if person else None,
            message_id=message_id,
            triage_reasons=why or t.reasons,
        )
        if feedback:
            repo.add_feedback(
                s,
                application_id=app.id,
                text=feedback,
                received_at=at,
                rejection_id=rej.id,
                source=feedback_source,
            )
        repo.update_application(
            s,
            app.id,
            now,
            outcome=Outcome.REJECTED,
            stage=max(stage, app.stage, key=lambda st: st.rank),
        )
        if t.kind is not RejectionKind.SILENT:
            repo.add_touch(
                s,
                direction=Direction.IN,
                at=at,
                application_id=app.id,
                contact_id=person.id if person else None,
                subject="Rejection",
                summary=reason,
                message_id=message_id,
            )
        self._replan(s, app.id, settings)
        return self._detail(s, app.id)

    def _lift_silence(self, s: Session, app: Application) -> Application:
        """Reopen an application whose only answer so far was silence, because the company
        has now written (or the user records what it said): the silent rejection is
        removed and the plan made for it goes with it. Anything else is returned as is."""
        if app.outcome is not Outcome.REJECTED:
            return app
        rej = repo.rejections(s, app.id)
        if not rej or rej[-1].kind is not RejectionKind.SILENT:
            return app
        repo.delete_rejection(s, rej[-1].id)
        reopened = repo.update_application(s, app.id, self.now(), outcome=Outcome.ACTIVE)
        self._replan(s, app.id, repo.load_settings(s))
        return reopened

    def add_feedback(
        self, query: str, text: str, *, at: datetime | None = None, source: str = "manual"
    ) -> ApplicationDetail:
        """Record feedback that came in; the plan drops the follow-up and adds a thank-you."""
        if not text.strip():
            raise InvalidInput("The feedback text is empty.")
        now = self.now()
        at = at or now
        with self.tx() as s:
            app = self._resolve(s, query)
            if at < app.applied_at:
                raise InvalidInput("The feedback is dated before the application was sent.")
            return self._add_feedback(s, app, text, at=at, source=source)

    def _add_feedback(
        self,
        s: Session,
        app: Application,
        text: str,
        *,
        at: datetime,
        source: str = "manual",
        message_id: str | None = None,
    ) -> ApplicationDetail:
        rej = repo.rejections(s, app.id)
        repo.add_feedback(
            s,
            application_id=app.id,
            text=text.strip(),
            received_at=at,
            rejection_id=rej[-1].id if rej else None,
            source=source,
        )
        repo.add_touch(
            s,
            direction=Direction.IN,
            at=at,
            application_id=app.id,
            subject="Feedback",
            summary=text.strip()[:500],
            message_id=message_id,
        )
        self._replan(s, app.id, repo.load_settings(s))
        return self._detail(s, app.id)

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
        now = self.now()
        at = at or now
        with self.tx() as s:
            app = self._resolve(s, query)
            repo.add_touch(
                s,
                direction=direction,
                at=at,
                channel=channel,
                application_id=app.id,
                subject=subject,
                summary=summary,
                action_kind=action_kind,
            )
            if direction is Direction.OUT and action_kind is not None:
                for a in repo.actions(s, app_id=app.id, open_only=True):
                    if a.kind is action_kind:
                        repo.set_action(s, a.id, status=ActionStatus.DONE, done_at=at)
                        break
            self._replan(s, app.id, repo.load_settings(s))
            if direction is Direction.OUT and action_kind is ActionKind.TOUCH:
                self.relations._touched(s, app.id, at)
            return self._detail(s, app.id)

    def add_note(
        self,
        query: str | None,
        body: str,
        *,
        kind: NoteKind = NoteKind.NOTE,
        mood: int | None = None,
    ) -> Note:
        """Keep a note (or journal entry) on an application, or on its own."""
        if not body.strip():
            raise InvalidInput("The note is empty.")
        with self.tx() as s:
            app_id = self._resolve(s, query).id if query else None
            return repo.add_note(
                s, body=body.strip(), now=self.now(), kind=kind, application_id=app_id, mood=mood
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
        name = name.strip()
        if not name:
            raise InvalidInput("A contact needs a name.")
        if email and not looks_like_email(email):
            raise InvalidInput(f"'{email}' is not an email address.")
        with self.tx() as s:
            for c in repo.contacts(s):
                if (
                    c.name.lower() == name.lower()
                    and (c.company or "").lower() == (company or "").lower()
                ):
                    raise Conflict(
                        f"{c.name} at {c.company or 'no company'} is already contact #{c.id}."
                    )
            contact = repo.add_contact(
                s,
                name=name,
                now=self.now(),
                email=email,
                company=company,
                role=role,
                linkedin_url=linkedin_url,
                connected=connected,
                how_met=how_met,
            )
            targets: list[Application] = []
            if application:
                targets = [self._resolve(s, application)]
            elif company:
                targets = [
                    a
                    for a in repo.applications(s, search=company)
                    if a.company.lower() == company.lower()
                ]
            for app in targets:
                repo.link_contact(s, app.id, contact.id)
                self._replan(s, app.id, repo.load_settings(s))
            return contact

    def contacts(self) -> list[Contact]:
        """Every contact."""
        with self.tx() as s:
            return repo.contacts(s)

    def find_contact(self, query: str) -> Contact:
        """A contact by id or an unambiguous name."""
        with self.tx() as s:
            return self._find_contact(s, query)

    def _find_contact(self, s: Session, query: str) -> Contact:
        q = query.strip().lstrip("#")
        if not q:
            raise InvalidInput("Name a contact by its number or name.")
        if q.isdigit():
            c = repo.get_contact(s, int(q))
            if c is None:
                raise NotFound(f"No contact #{q}; `ajar contacts` lists them with their numbers.")
            return c
        people = repo.contacts(s)
        hits = [c for c in people if q.lower() in c.name.lower()]
        if len(hits) == 1:
            return hits[0]
        if hits:
            listing = "; ".join(f"#{c.id} {c.name}" for c in hits[:8])
            raise Ambiguous(f"'{query}' matches {len(hits)} contacts: {listing}. Use the number.")
        close = difflib.get_close_matches(q, [c.name for c in people], n=3)
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        raise NotFound(f"No contact matches '{query}'.{hint}")

    def _find_or_add_contact(
        self, s: Session, name: str, app: Application, now: datetime
    ) -> Contact:
        for c in repo.application_contacts(s, app.id) + repo.contacts(s, company=app.company):
            if c.name.lower() == name.strip().lower():
                repo.link_contact(s, app.id, c.id)
                return c
        c = repo.add_contact(s, name=name.strip(), now=now, company=app.company)
        repo.link_contact(s, app.id, c.id)
        return c

    def set_connected(self, query: str, connected: bool = True) -> Contact:
        """Mark a contact as connected on LinkedIn; the plan drops the connect action."""
        with self.tx() as s:
            c = self._find_contact(s, query)
            updated = repo.update_contact(s, c.id, connected=connected)
            settings = repo.load_settings(s)
            for app in repo.contact_applications(s, c.id):
                self._replan(s, app.id, settings)
            return updated

    # --- the plan -----------------------------------------------------------------------

    def _replan(self, s: Session, app_id: int, settings: Settings) -> None:
        app = repo.get_application(s, app_id)
        rejections = repo.rejections(s, app_id)
        if not rejections:
            repo.reconcile_plan(s, app_id, [], self.now())
            return
        rej = rejections[-1]
        door = relations.door_for(s, app, rej)
        history = playbook.History(
            done=repo.done_times(s, app_id),
            feedback=repo.feedback(s, app_id),
            contacts=repo.application_contacts(s, app_id),
            applied_after=repo.applied_since(s, rej.received_at, exclude=app_id),
            door_open=door.revisit if door.decided else None,
            door_reason=door.reason,
        )
        planned = playbook.plan(app, rej, history, settings)
        repo.reconcile_plan(s, app_id, planned, self.now())

    def _replan_all(self, s: Session, settings: Settings) -> None:
        for app_id in {r.application_id for r in repo.rejections(s)}:
            self._replan(s, app_id, settings)

    def sweep_silence(self) -> list[Application]:
        """Turn applications with no reply for too long into silent rejections."""
        now = self.now()
        out = []
        with self.tx() as s:
            settings = repo.load_settings(s)
            for app in repo.applications(s, outcome=Outcome.ACTIVE):
                stages = repo.stage_changes(s, app.id)
                last = max(
                    [
                        app.applied_at,
                        *(c.at for c in stages),
                        *(t for t in [repo.last_inbound(s, app.id)] if t),
                    ]
                )
                since = playbook.silent_since(app, last, settings, now)
                if since is None:
                    continue
                self._reject(
                    s,
                    app,
                    kind=RejectionKind.SILENT,
                    stage=app.stage,
                    at=since,
                    reason=f"No reply in {settings.silent_after_days} days",
                    feedback=None,
                    contact=None,
                )
                out.append(app)
        return out

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
        now = self.now()
        with self.tx() as s:
            action = repo.get_action(s, action_id)
            if status is ActionStatus.SNOOZED:
                if until is None or until <= now:
                    raise InvalidInput("Snooze until a moment in the future.")
                if not action.open:
                    raise Conflict(f"Action #{action_id} is already {action.status.value}.")
                self._same_for_earlier_nudges(s, action, status=status, snoozed_until=until)
                return repo.set_action(s, action_id, status=status, snoozed_until=until)
            if not action.open:
                raise Conflict(f"Action #{action_id} is already {action.status.value}.")
            if status is ActionStatus.SKIPPED and not (note or "").strip():
                raise InvalidInput(
                    "Say why you are skipping it, e.g. --reason 'they asked me not to follow up'."
                )
            when = at or now
            updated = repo.set_action(
                s,
                action_id,
                status=status,
                note=note,
                done_at=when if status is ActionStatus.DONE else None,
            )
            self._same_for_earlier_nudges(
                s,
                action,
                status=status,
                note=note,
                done_at=when if status is ActionStatus.DONE else None,
            )
            has_target = action.application_id or action.contact_id
            if status is ActionStatus.DONE and has_target and action.kind in _SENT:
                repo.add_touch(
                    s,
                    direction=Direction.OUT,
                    at=when,
                    channel=Channel.LINKEDIN
                    if action.kind is ActionKind.LINKEDIN_CONNECT
                    else Channel.EMAIL,
                    application_id=action.application_id,
                    contact_id=action.contact_id,
                    action_kind=action.kind,
                    subject=action.kind.label,
                )
                if action.kind is ActionKind.LINKEDIN_CONNECT and action.contact_id:
                    repo.update_contact(s, action.contact_id, connected=True)
            if action.application_id:
                self._replan(s, action.application_id, repo.load_settings(s))
            elif action.contact_id and action.kind is ActionKind.TOUCH:
                self.relations._sync(s, repo.load_settings(s), [action.contact_id])
            return updated

    def _same_for_earlier_nudges(self, s: Session, action: Action, **fields: Any) -> None:
        """The agenda shows one "send the next application" nudge for several rejections
        in a row (the latest); what the user does with it goes for the earlier ones too."""
        if action.kind is not ActionKind.NEXT_APPLICATION:
            return
        for other in repo.actions(s, open_only=True):
            if (
                other.kind is ActionKind.NEXT_APPLICATION
                and other.id != action.id
                and (other.due, other.id) < (action.due, action.id)
            ):
                repo.set_action(s, other.id, **fields)

    # --- reading ------------------------------------------------------------------------

    def show(self, query: str) -> ApplicationDetail:
        """Everything about one application."""
        with self.tx() as s:
            return self._detail(s, self._resolve(s, query).id)

    def _detail(self, s: Session, app_id: int) -> ApplicationDetail:
        app = repo.get_application(s, app_id)
        rejections = tuple(repo.rejections(s, app_id))
        fb = tuple(repo.feedback(s, app_id))
        people = tuple(repo.application_contacts(s, app_id))
        detail = ApplicationDetail(
            application=app,
            stages=tuple(repo.stage_changes(s, app_id)),
            rejections=rejections,
            feedback=fb,
            contacts=people,
            touches=tuple(repo.touches(s, app_id=app_id)),
            actions=tuple(repo.actions(s, app_id=app_id)),
            notes=tuple(repo.notes(s, app_id=app_id)),
        )
        if detail.rejection:
            r = detail.rejection
            settings = repo.load_settings(s)
            t = playbook.triage(stage=r.stage, kind=r.kind, settings=settings)
            detail = replace(detail, triage=replace(t, reasons=r.triage_reasons or t.reasons))
        return detail

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

    def agenda(self, days: int = 7, *, sweep: bool = True) -> Agenda:
        """Overdue, today and coming actions across the search (after noticing silence)."""
        with self.tx():  # the sweep, the touch sync and the reading are one transaction
            return self.planner.agenda(days, sweep=sweep)

    def feedback(self) -> list[Feedback]:
        """All feedback received."""
        with self.tx() as s:
            return repo.feedback(s)

    # --- schedule: agenda, calendar, digest, relationships, doors, revisits -------------

    @functools.cached_property
    def planner(self) -> Planner:
        """Agenda with momentum, calendar feed and digest."""
        from doorajar.planner import Planner

        return Planner(self)

    @functools.cached_property
    def relations(self) -> RelationService:
        """Contacts and touches, keep-this-door-open decisions and the revisit list."""
        from doorajar.relations import RelationService

        return RelationService(self)

    # --- whole database -----------------------------------------------------------------

    def export_json(self) -> str:
        """The whole database as one JSON document."""
        with self.tx() as s:
            doc = backup.export_all(s, head_revision())
        return json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=True)

    def import_json(self, text: str, *, replace: bool = False) -> dict[str, int]:
        """Load an export; all or nothing."""
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ImportFailed(
                f"The file is not valid JSON (line {exc.lineno}: {exc.msg}); it may be "
                "truncated. Nothing was imported."
            ) from None
        with self.tx() as s:
            return backup.import_all(s, doc, replace=replace)

    def is_empty(self) -> bool:
        """True when the home has no applications, contacts or notes yet."""
        with self.tx() as s:
            return backup.is_empty(s)

    # --- mail ---------------------------------------------------------------------------

    @functools.cached_property
    def mail(self) -> MailService:
        """Scanning mailboxes, filing what they say, and the review list."""
        from doorajar.mail.service import MailService

        return MailService(self)

    # --- web: overviews (paged lists, the board, momentum) -------------------------------

    @functools.cached_property
    def overview(self) -> Overview:
        """Paged application and contact lists, the board by stage, and momentum."""
        from doorajar.overview import Overview

        return Overview(self)

    # --- spreadsheets (CSV import and export) -------------------------------------------

    @functools.cached_property
    def csv(self) -> CsvService:
        """Spreadsheet import with previews, and CSV/.xlsx export."""
        from doorajar.csvio import CsvService

        return CsvService(self)

    # --- patterns -----------------------------------------------------------------------

    @functools.cached_property
    def patterns(self) -> Insights:
        """Funnel, bottleneck, feedback themes, goals and the reflection journal."""
        from doorajar.insights import Insights

        return Insights(self)

    # --- drafts -------------------------------------------------------------------------

    @functools.cached_property
    def drafts(self) -> DraftService:
        """Message drafts, the tone guard and the outbox."""
        from doorajar.drafts.service import DraftService

        return DraftService(self)


# messages to someone: marking one done logs it as sent (a revisit is a look, not a message)
_SENT = MESSAGE_KINDS - {ActionKind.REVISIT}

_SOURCES = {
    "linkedin": "linkedin",
    "li": "linkedin",
    "referral": "referral",
    "referred": "referral",
    "company": "company_site",
    "company_site": "company_site",
    "website": "company_site",
    "careers": "company_site",
    "job_board": "job_board",
    "board": "job_board",
    "indeed": "job_board",
    "glassdoor": "job_board",
    "stepstone": "job_board",
    "recruiter": "recruiter",
    "agency": "recruiter",
}


def _norm_source(source: str | None) -> str | None:
    if source is None or not source.strip():
        return None
    key = source.strip().lower().replace(" ", "_").replace("-", "_")
    return _SOURCES.get(key, key)


def _same(a: str, b: str) -> bool:
    """Same company or role name, forgiving case, spacing and punctuation."""

    def norm(text: str) -> str:
        return " ".join("".join(ch if ch.isalnum() else " " for ch in text.lower()).split())

    return norm(a) == norm(b)


def _close_names(query: str, names: list[str]) -> list[str]:
    """Up to three names close to a mistyped query: whole names, or any of their words."""
    q = query.lower()
    by_lower = {n.lower(): n for n in names}
    out = [by_lower[m] for m in difflib.get_close_matches(q, list(by_lower), n=3, cutoff=0.6)]
    by_word: dict[str, list[str]] = {}
    for n in names:
        for w in n.lower().split():
            by_word.setdefault(w, []).append(n)
    for w in difflib.get_close_matches(q, list(by_word), n=3, cutoff=0.75):
        out += by_word[w]
    out += [n for n in names if q in n.lower()]
    return list(dict.fromkeys(out))[:3]

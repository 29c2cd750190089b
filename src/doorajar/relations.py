"""Relationships: contacts and their history, touches to kept contacts, doors and revisits.

`RelationService` is exposed as `Tracker.relations`. The decisions themselves are
pure (`doorajar.doors`); this module reads and writes the store around them.

Who is "kept": a contact tied to an application that was turned down personally
(or at an interview stage) whose door is open — explicitly, by the answers to the
four questions, or by default while undecided. Each kept contact has one open
`touch` action (`contact-<id>-touch-<n>`, no application), due `touch_every_months`
after the last message that went out to them (a message on one of their
applications counts when it names no one else), or after the rejection if none has.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta
from sqlalchemy.orm import Session

from doorajar import doors
from doorajar.doors import Answers, Door
from doorajar.errors import Conflict
from doorajar.model import (
    Action,
    ActionKind,
    ActionStatus,
    Application,
    Contact,
    Direction,
    Outcome,
    Rejection,
    RejectionKind,
    Stage,
    Touch,
)
from doorajar.settings import Settings
from doorajar.store import repo
from doorajar.store.tables_schedule import DoorRow

if TYPE_CHECKING:
    from doorajar.service import Tracker

# The note the plan leaves on revisits it skipped because the door was closed.
_CLOSED_MARK = "skipped by the plan: You closed this door"
AUTO = "auto"


@dataclass(frozen=True)
class DoorView:
    """One rejected application's door: the answers, the decision and what it means."""

    application: Application
    rejection: Rejection
    answers: Answers | None
    override: str | None
    door: Door
    contacts: tuple[Contact, ...]


@dataclass(frozen=True)
class ContactView:
    """A contact with their applications, every touch in and out, and the next touch."""

    contact: Contact
    applications: tuple[Application, ...]
    touches: tuple[Touch, ...]
    kept: bool
    kept_reason: str
    next_touch: Action | None
    last_out: datetime | None


@dataclass(frozen=True)
class RevisitDue:
    """One planned look at the company's openings, months after the rejection."""

    months: int
    due: datetime
    status: str
    action_id: int | None


@dataclass(frozen=True)
class RevisitEntry:
    """A company that turned the user down at an interview stage, and when to look again."""

    application_id: int
    company: str
    role: str
    rejected_at: datetime
    stage: Stage
    kind: RejectionKind
    contacts: tuple[str, ...]
    feedback: tuple[str, ...]
    revisits: tuple[RevisitDue, ...]
    next_due: datetime | None
    door: str
    door_reason: str
    command: str
    careers_url: str | None


def _door_row(s: Session, app_id: int) -> DoorRow | None:
    return s.get(DoorRow, app_id)


def _answers(row: DoorRow | None) -> Answers | None:
    if row is None:
        return None
    return Answers(row.clear, row.fair, row.interest, row.learn)


def _keepable(rej: Rejection) -> bool:
    """A rejection after which a door can be kept open: someone there knew the candidate."""
    return rej.kind is RejectionKind.PERSONAL or (
        rej.kind is RejectionKind.FORM and rej.stage.interviewed
    )


def door_for(s: Session, app: Application, rej: Rejection) -> Door:
    """The door of an application after this rejection (the plan reads it when re-planning)."""
    row = _door_row(s, app.id)
    return doors.decide(
        _answers(row),
        row.override if row else None,
        company=app.company,
        default_open=_keepable(rej),
    )


class RelationService:
    """Contacts, touches, doors and the revisit list, over the Tracker's store."""

    def __init__(self, tracker: Tracker) -> None:
        self.tracker = tracker

    # --- doors --------------------------------------------------------------------------

    def door(self, query: str) -> DoorView:
        """The current door of a rejected application."""
        with self.tracker.tx() as s:
            return self._door_view(s, self.tracker._resolve(s, query))

    def set_door(
        self, query: str, *, answers: Answers | None = None, override: str | None = None
    ) -> DoorView:
        """Remember answers and/or an override (keep, close, or auto to let answers decide)."""
        t = self.tracker
        now = t.now()
        with t.tx() as s:
            app = t._resolve(s, query)
            view = self._door_view(s, app)
            row = _door_row(s, app.id)
            if row is None:
                row = DoorRow(application_id=app.id, updated_at=now)
                s.add(row)
            if answers is not None:
                row.clear, row.fair, row.interest, row.learn = answers.as_tuple()
            if override is not None:
                row.override = None if override == AUTO else override
            row.updated_at = now
            s.flush()
            settings = repo.load_settings(s)
            door = door_for(s, app, view.rejection)
            if door.revisit:
                for a in repo.actions(s, app_id=app.id):
                    if a.kind is ActionKind.REVISIT and (a.note or "").startswith(_CLOSED_MARK):
                        repo.set_action(s, a.id, status=ActionStatus.PENDING, note=None)
            t._replan(s, app.id, settings)
            self._sync(s, settings, [c.id for c in view.contacts])
            return self._door_view(s, app)

    def _door_view(self, s: Session, app: Application) -> DoorView:
        rejections = [r for r in repo.rejections(s, app.id) if _keepable(r)]
        if app.outcome is not Outcome.REJECTED or not rejections:
            raise Conflict(
                f"#{app.id} {app.title} was not turned down by someone who knew you; the "
                "keep-the-door-open questions follow a personal rejection."
            )
        rej = rejections[-1]
        row = _door_row(s, app.id)
        return DoorView(
            application=app,
            rejection=rej,
            answers=_answers(row),
            override=row.override if row else None,
            door=door_for(s, app, rej),
            contacts=tuple(repo.application_contacts(s, app.id)),
        )

    # --- touches ------------------------------------------------------------------------

    def sync(self, contact_ids: Sequence[int] | None = None) -> None:
        """Bring every kept contact's next touch up to date (and drop those no longer kept)."""
        with self.tracker.tx() as s:
            self._sync(s, repo.load_settings(s), contact_ids)

    def _sync(
        self, s: Session, settings: Settings, contact_ids: Iterable[int] | None = None
    ) -> None:
        now = self.tracker.now()
        wanted = set(contact_ids) if contact_ids is not None else None
        months = settings.touch_every_months
        for c in repo.contacts(s):
            if wanted is not None and c.id not in wanted:
                continue
            apps = repo.contact_applications(s, c.id)
            kept, since, why = self._kept(s, apps, c)
            acts = _touch_actions(s, c.id)
            closed = [a for a in acts if not a.open]
            key = doors.touch_key(c.id, len(closed))
            if kept and since is not None and months > 0:
                outs = [t.at for t in _outgoing(s, c, apps)]
                ends = [a.done_at or a.effective_due() for a in closed]
                base = max([since, *outs, *ends])
                repo.upsert_action(
                    s,
                    key=key,
                    kind=ActionKind.TOUCH,
                    due=doors.next_touch(base, months),
                    reason=doors.touch_reason(c, len(closed), months),
                    now=now,
                    contact_id=c.id,
                )
            for a in acts:
                if a.open and (not kept or a.key != key):
                    repo.set_action(
                        s, a.id, status=ActionStatus.SKIPPED, note=f"no longer needed: {why}"
                    )

    def _touched(self, s: Session, app_id: int, at: datetime) -> None:
        """A touch went out on an application: its people's open touches are done."""
        people = [c.id for c in repo.application_contacts(s, app_id)]
        for cid in people:
            for a in _touch_actions(s, cid):
                if a.open:
                    repo.set_action(s, a.id, status=ActionStatus.DONE, done_at=at, note="sent")
        self._sync(s, repo.load_settings(s), people)

    def _kept(
        self, s: Session, apps: Sequence[Application], contact: Contact
    ) -> tuple[bool, datetime | None, str]:
        """Whether a contact is kept, since when, and why (or why not). The contact's own
        switch (`ajar contact keep`) wins over their applications."""
        if contact.keep_in_touch is False:
            return False, None, "you stopped the touches"
        since: list[datetime] = []
        why = "not tied to a personal rejection"
        for app in apps:
            if app.outcome is not Outcome.REJECTED:
                continue
            rejections = [r for r in repo.rejections(s, app.id) if _keepable(r)]
            if not rejections:
                continue
            door = door_for(s, app, rejections[-1])
            if door.touches:
                since.append(rejections[-1].received_at)
                why = f"door open at {app.company}"
            else:
                why = f"door closed at {app.company}: {door.reason}"
        if contact.keep_in_touch:
            added = contact.created_at or self.tracker.now()
            return True, max([added, *since]), "you chose to keep in touch"
        if since:
            return True, max(since), why
        return False, None, why

    # --- contacts -----------------------------------------------------------------------

    def keep(self, query: str, keep: bool = True) -> ContactView:
        """Keep in touch with a contact whatever their applications say (or stop it)."""
        t = self.tracker
        with t.tx() as s:
            c = t._find_contact(s, query)
            c = repo.update_contact(s, c.id, keep_in_touch=keep)
            self._sync(s, repo.load_settings(s), [c.id])
            return self._view(s, c)

    def contacts(self, *, due_within_days: int | None = None) -> list[ContactView]:
        """Every contact with their next touch; only those due within N days if given,
        ordered by when the next touch is due."""
        t = self.tracker
        now = t.now()
        with t.tx() as s:
            settings = repo.load_settings(s)
            self._sync(s, settings)
            views = [self._view(s, c) for c in repo.contacts(s)]
        if due_within_days is None:
            return views
        horizon = now + relativedelta(days=due_within_days)
        due = [v for v in views if v.next_touch and v.next_touch.effective_due() <= horizon]
        return sorted(due, key=lambda v: v.next_touch.effective_due() if v.next_touch else now)

    def contact(self, query: str) -> ContactView:
        """One contact with their history and next touch."""
        t = self.tracker
        with t.tx() as s:
            c = t._find_contact(s, query)
            self._sync(s, repo.load_settings(s), [c.id])
            return self._view(s, c)

    def _view(self, s: Session, c: Contact) -> ContactView:
        apps = repo.contact_applications(s, c.id)
        kept, _since, why = self._kept(s, apps, c)
        own = {t.id: t for t in repo.touches(s, contact_id=c.id)}
        for app in apps:
            for tch in repo.touches(s, app_id=app.id):
                if tch.contact_id is None:
                    own[tch.id] = tch
        history = tuple(sorted(own.values(), key=lambda x: (x.at, x.id)))
        outs = [x.at for x in history if x.direction is Direction.OUT]
        nxt = next((a for a in _touch_actions(s, c.id) if a.open), None)
        return ContactView(
            contact=c,
            applications=tuple(apps),
            touches=history,
            kept=kept,
            kept_reason=why,
            next_touch=nxt,
            last_out=max(outs, default=None),
        )

    # --- revisit list -------------------------------------------------------------------

    def revisit(self) -> list[RevisitEntry]:
        """Companies that turned the user down at an interview stage, by when to look again;
        closed doors are left out."""
        with self.tracker.tx() as s:
            settings = repo.load_settings(s)
            out = []
            for app in repo.applications(s, outcome=Outcome.REJECTED):
                rejections = [
                    r
                    for r in repo.rejections(s, app.id)
                    if r.stage.interviewed and r.kind is not RejectionKind.SILENT
                ]
                if not rejections:
                    continue
                rej = rejections[-1]
                door = door_for(s, app, rej)
                if not door.revisit:
                    continue
                out.append(self._entry(s, app, rej, door, settings))
        far = datetime.max.replace(tzinfo=out[0].rejected_at.tzinfo) if out else None
        return sorted(out, key=lambda e: (e.next_due or far, e.rejected_at, e.application_id))

    def _entry(
        self, s: Session, app: Application, rej: Rejection, door: Door, settings: Settings
    ) -> RevisitEntry:
        acts = [a for a in repo.actions(s, app_id=app.id) if a.kind is ActionKind.REVISIT]
        dues = []
        months = (settings.revisit_first_months, settings.revisit_second_months)
        for seq, m in enumerate(months):
            stored = next((a for a in acts if a.key.endswith(f"-revisit-{seq}")), None)
            if stored is not None:
                dues.append(RevisitDue(m, stored.effective_due(), stored.status.value, stored.id))
            else:
                dues.append(
                    RevisitDue(m, rej.received_at + relativedelta(months=m), "pending", None)
                )
        open_dues = [d.due for d in dues if d.status in ("pending", "snoozed")]
        people = repo.application_contacts(s, app.id)
        return RevisitEntry(
            application_id=app.id,
            company=app.company,
            role=app.role,
            rejected_at=rej.received_at,
            stage=rej.stage,
            kind=rej.kind,
            contacts=tuple(f"{p.name} ({p.role.value.replace('_', ' ')})" for p in people),
            feedback=tuple(f.text for f in repo.feedback(s, app.id)),
            revisits=tuple(dues),
            next_due=min(open_dues, default=None),
            door=door.state,
            door_reason=door.reason,
            command=f"ajar draft {app.id} --kind revisit",
            careers_url=app.careers_url,
        )


def _touch_actions(s: Session, contact_id: int) -> list[Action]:
    return [
        a
        for a in repo.actions(s, contact_id=contact_id)
        if a.kind is ActionKind.TOUCH and a.application_id is None
    ]


def _outgoing(s: Session, c: Contact, apps: Sequence[Application]) -> list[Touch]:
    outs = [t for t in repo.touches(s, contact_id=c.id) if t.direction is Direction.OUT]
    for app in apps:
        outs += [
            t
            for t in repo.touches(s, app_id=app.id)
            if t.direction is Direction.OUT and t.contact_id is None
        ]
    return outs


def latest_application(s: Session, contact_id: int) -> int | None:
    """The newest application a contact is tied to (to draft a touch from)."""
    apps = repo.contact_applications(s, contact_id)
    return max(apps, key=lambda a: (a.applied_at, a.id)).id if apps else None

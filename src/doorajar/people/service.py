"""People: contacts and their history, the doors kept open, and the revisit list.

`RelationService` is exposed as `Tracker.relations`. The door decisions are pure
(`doorajar.doors`); who is kept and their next touch is the core's
(`doorajar.core.contacts`); this module answers the questions about them and records
the user's answers. Its reads never write: `Tracker.sweep()` brings the touches up to
date before a command reads them.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlalchemy.orm import Session

from doorajar import doors
from doorajar.core import applications, contacts
from doorajar.core.contacts import sync_touches
from doorajar.core.doors import door_for, keepable
from doorajar.core.plan import replan
from doorajar.core.unit import Unit
from doorajar.doors import Door
from doorajar.errors import Conflict
from doorajar.model import (
    Action,
    ActionKind,
    ActionStatus,
    Answers,
    Application,
    Contact,
    Direction,
    Outcome,
    Rejection,
    RejectionKind,
    Stage,
    Touch,
)
from doorajar.store import bulk, repo

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


# An entry of the revisit list before its contacts and feedback are read.
_Listed = tuple[bulk.RevisitCandidate, Door, tuple["RevisitDue", ...]]

# How long the revisit list's order is served again. Changes made through this process,
# new rows and changed action statuses show at once (see `bulk.revisit_version`); this
# bounds how long an edit another program makes in place (a new snooze date) can go unseen.
FRESH = timedelta(seconds=15)


@dataclass(frozen=True)
class RevisitPage:
    """A page of the revisit list, how long the whole list is, and the page numbers."""

    entries: list[RevisitEntry]
    total: int
    page: int
    pages: int


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


class RelationService:
    """Contacts, touches, doors and the revisit list."""

    def __init__(self, unit: Unit) -> None:
        self.unit = unit
        # the revisit list's order, kept while what it is made of is unchanged
        self._revisit_kept: tuple[Any, datetime, list[_Listed]] | None = None
        # every application's entry (those listed), and the change log's mark they are at
        self._revisit_held: dict[int, _Listed] = {}
        self._revisit_logged: tuple[int, int] | None = None
        self.revisit_read = "full"  # how the last order was made: "partial" or "full"

    # --- doors --------------------------------------------------------------------------

    def door(self, query: str) -> DoorView:
        """The current door of a rejected application."""
        with self.unit.tx() as s:
            return self._door_view(s, applications.resolve(s, query))

    def set_door(
        self, query: str, *, answers: Answers | None = None, override: str | None = None
    ) -> DoorView:
        """Remember answers and/or an override (keep, close, or auto to let answers decide)."""
        u = self.unit
        now = u.now()
        with u.tx() as s:
            app = applications.resolve(s, query)
            view = self._door_view(s, app)
            repo.set_door(
                s,
                app.id,
                now,
                answers=answers,
                override=None if override == AUTO else override,
                clear_override=override == AUTO,
            )
            settings = repo.load_settings(s)
            door = door_for(s, app, view.rejection)
            if door.revisit:
                for a in repo.actions(s, app_id=app.id):
                    if a.kind is ActionKind.REVISIT and (a.note or "").startswith(_CLOSED_MARK):
                        repo.set_action(s, a.id, status=ActionStatus.PENDING, note=None)
            replan(u, s, app.id, settings)
            sync_touches(u, s, settings, [c.id for c in view.contacts])
            return self._door_view(s, app)

    def _door_view(self, s: Session, app: Application) -> DoorView:
        rejections = [r for r in repo.rejections(s, app.id) if keepable(r.kind, r.stage)]
        if app.outcome is not Outcome.REJECTED or not rejections:
            raise Conflict(
                f"#{app.id} {app.title} was not turned down by someone who knew you; the "
                "keep-the-door-open questions follow a personal rejection."
            )
        rej = rejections[-1]
        answers, override = repo.door(s, app.id)
        return DoorView(
            application=app,
            rejection=rej,
            answers=answers,
            override=override,
            door=door_for(s, app, rej),
            contacts=tuple(repo.application_contacts(s, app.id)),
        )

    # --- contacts -----------------------------------------------------------------------

    def keep(self, query: str, keep: bool = True) -> ContactView:
        """Keep in touch with a contact whatever their applications say (or stop it)."""
        u = self.unit
        with u.tx() as s:
            c = contacts.set_keep(u, s, contacts.find(s, query), keep)
            return self._view(s, c)

    def contacts(self, *, due_within_days: int | None = None) -> list[ContactView]:
        """Every contact with their next touch; only those due within N days if given,
        ordered by when the next touch is due."""
        now = self.unit.now()
        with self.unit.tx() as s:
            views = [self._view(s, c) for c in repo.contacts(s)]
        if due_within_days is None:
            return views
        horizon = now + relativedelta(days=due_within_days)
        due = [v for v in views if v.next_touch and v.next_touch.effective_due() <= horizon]
        return sorted(due, key=lambda v: v.next_touch.effective_due() if v.next_touch else now)

    def contact(self, query: str) -> ContactView:
        """One contact with their history and next touch."""
        with self.unit.tx() as s:
            return self._view(s, contacts.find(s, query))

    def _view(self, s: Session, c: Contact) -> ContactView:
        apps = repo.contact_applications(s, c.id)
        kept, _since, why = contacts.kept(s, apps, c, self.unit.now())
        own = {t.id: t for t in repo.touches(s, contact_id=c.id)}
        for app in apps:
            for tch in repo.touches(s, app_id=app.id):
                if tch.contact_id is None:
                    own[tch.id] = tch
        history = tuple(sorted(own.values(), key=lambda x: (x.at, x.id)))
        outs = [x.at for x in history if x.direction is Direction.OUT]
        nxt = next((a for a in contacts.touch_actions(s, c.id) if a.open), None)
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
        return self.revisit_page().entries

    def _revisit_order(
        self, s: Session, months: tuple[int, int], *, partial: bool = False
    ) -> list[_Listed]:
        """Every entry of the revisit list in its order, without contacts and feedback.

        With `partial`, only the applications the change log names since the last order
        are read again (when nothing was taken back and the log moved on: a change made
        without it, by another program, has every entry read again)."""
        logged = bulk.log_mark(s)
        held = self._revisit_logged
        ids: set[int] | None = None
        if partial and held is not None and logged[1] == held[1] and logged[0] > held[0]:
            ids = bulk.changed_since(s, held[0], bulk.REVISIT_TABLES)
        stored = bulk.revisit_actions(s, ids)
        if ids is None:
            self._revisit_held = {}
        else:
            for i in ids:
                self._revisit_held.pop(i, None)
        for c in bulk.revisit_candidates(s, ids):
            door = doors.decide(
                c.answers,
                c.override,
                company=c.company,
                default_open=keepable(c.kind, c.stage),
            )
            if door.revisit:
                dues = _dues(c, stored.get(c.application_id, ()), months)
                self._revisit_held[c.application_id] = (c, door, dues)
        self._revisit_logged = logged
        self.revisit_read = "full" if ids is None else "partial"
        listed = list(self._revisit_held.values())
        if listed:
            far = datetime.max.replace(tzinfo=listed[0][0].received_at.tzinfo)
            listed.sort(
                key=lambda e: (_next_due(e[2]) or far, e[0].received_at, e[0].application_id)
            )
        return listed

    def revisit_page(self, page: int = 1, per_page: int | None = None) -> RevisitPage:
        """One page of the revisit list (the whole list without `per_page`); a page past
        the end shows the last one. A few set-based queries whatever the list's length:
        the order is worked out on light rows (and kept while the data it comes from is
        unchanged, up to `FRESH`; after a change only the applications it touched are read
        again), and only the entries shown get their contacts and feedback."""
        now = self.unit.now()
        with self.unit.tx() as s:
            settings = repo.load_settings(s)
            months = (settings.revisit_first_months, settings.revisit_second_months)
            version = (bulk.revisit_version(s), months)
            kept = self._revisit_kept
            fresh = kept is not None and timedelta(0) <= now - kept[1] < FRESH
            if kept is not None and kept[0] == version and fresh:
                listed = kept[2]
            else:
                same = kept is not None and kept[0][1] == months
                listed = self._revisit_order(s, months, partial=same)
                self._revisit_kept = (version, now, listed)
            total = len(listed)
            pages = max(1, -(-total // per_page)) if per_page else 1
            page = min(max(1, page), pages)
            if per_page:
                listed = listed[(page - 1) * per_page : page * per_page]
            ids = [c.application_id for c, _, _ in listed] if per_page else None
            people = bulk.contact_labels(s, ids)
            feedback = bulk.feedback_texts(s, ids)
        entries = [
            RevisitEntry(
                application_id=c.application_id,
                company=c.company,
                role=c.role,
                rejected_at=c.received_at,
                stage=c.stage,
                kind=c.kind,
                contacts=tuple(
                    f"{name} ({role.replace('_', ' ')})"
                    for name, role in people.get(c.application_id, ())
                ),
                feedback=tuple(feedback.get(c.application_id, ())),
                revisits=dues,
                next_due=_next_due(dues),
                door=door.state,
                door_reason=door.reason,
                command=f"ajar draft {c.application_id} --kind revisit",
                careers_url=c.careers_url,
            )
            for c, door, dues in listed
        ]
        return RevisitPage(entries, total, page, pages)


def _dues(
    c: bulk.RevisitCandidate, stored: Sequence[bulk.StoredRevisit], months: tuple[int, int]
) -> tuple[RevisitDue, ...]:
    """The 3- and 6-month looks: as planned when stored, else counted from the rejection."""
    dues = []
    for seq, m in enumerate(months):
        found = next((a for a in stored if a.key.endswith(f"-revisit-{seq}")), None)
        if found is not None:
            dues.append(RevisitDue(m, found.due, found.status.value, found.id))
        else:
            dues.append(RevisitDue(m, _months_after(c.received_at, m), "pending", None))
    return tuple(dues)


def _months_after(at: datetime, months: int) -> datetime:
    """`at + relativedelta(months=months)`, the same day clipped to the month's end,
    without its cost (the revisit list works it out for every entry)."""
    years, month = divmod(at.month - 1 + months, 12)
    year = at.year + years
    return at.replace(year=year, month=month + 1, day=min(at.day, monthrange(year, month + 1)[1]))


def _next_due(dues: Sequence[RevisitDue]) -> datetime | None:
    return min((d.due for d in dues if d.status in ("pending", "snoozed")), default=None)

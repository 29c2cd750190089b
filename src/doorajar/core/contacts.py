"""Contacts: finding and adding people, and the keep-in-touch touches the plan keeps for them.

Who is "kept": a contact tied to an application that was turned down personally (or at
an interview stage) whose door is open — explicitly, by the answers to the four
questions, or by default while undecided — or one the user chose to keep in touch
with. Each kept contact has one open `touch` action (`contact-<id>-touch-<n>`, no
application), due `touch_every_months` after the last message that went out to them (a
message on one of their applications counts when it names no one else), or after the
rejection if none has.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from doorajar import doors
from doorajar.core.doors import door_for, keepable
from doorajar.core.plan import replan
from doorajar.core.unit import Unit
from doorajar.errors import Ambiguous, Conflict, InvalidInput, NotFound
from doorajar.model import (
    Action,
    ActionKind,
    ActionStatus,
    Application,
    Contact,
    ContactRole,
    Direction,
    Outcome,
    Touch,
    looks_like_email,
)
from doorajar.settings import Settings
from doorajar.store import repo


def find(s: Session, query: str) -> Contact:
    """A contact by id or an unambiguous name."""
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


def find_or_add(s: Session, name: str, app: Application, now: datetime) -> Contact:
    """The person of this name on the application or at its company, else a new contact;
    either way tied to the application."""
    for c in repo.application_contacts(s, app.id) + repo.contacts(s, company=app.company):
        if c.name.lower() == name.strip().lower():
            repo.link_contact(s, app.id, c.id)
            return c
    c = repo.add_contact(s, name=name.strip(), now=now, company=app.company)
    repo.link_contact(s, app.id, c.id)
    return c


def add(
    u: Unit,
    s: Session,
    name: str,
    *,
    company: str | None = None,
    role: ContactRole = ContactRole.OTHER,
    email: str | None = None,
    linkedin_url: str | None = None,
    connected: bool = False,
    how_met: str | None = None,
    targets: Sequence[Application] | None = None,
) -> Contact:
    """Add a person; tie them to `targets`, or else to the applications at their company."""
    name = name.strip()
    if not name:
        raise InvalidInput("A contact needs a name.")
    if email and not looks_like_email(email):
        raise InvalidInput(f"'{email}' is not an email address.")
    for c in repo.contacts(s):
        if c.name.lower() == name.lower() and (c.company or "").lower() == (company or "").lower():
            raise Conflict(f"{c.name} at {c.company or 'no company'} is already contact #{c.id}.")
    contact = repo.add_contact(
        s,
        name=name,
        now=u.now(),
        email=email,
        company=company,
        role=role,
        linkedin_url=linkedin_url,
        connected=connected,
        how_met=how_met,
    )
    if targets is None:
        targets = (
            [
                a
                for a in repo.applications(s, search=company)
                if a.company.lower() == company.lower()
            ]
            if company
            else []
        )
    for app in targets:
        repo.link_contact(s, app.id, contact.id)
        replan(u, s, app.id, repo.load_settings(s))
    return contact


def set_connected(u: Unit, s: Session, contact: Contact, connected: bool = True) -> Contact:
    """Mark a contact as connected on LinkedIn; the plan drops the connect action."""
    updated = repo.update_contact(s, contact.id, connected=connected)
    settings = repo.load_settings(s)
    for app in repo.contact_applications(s, contact.id):
        replan(u, s, app.id, settings)
    return updated


def set_keep(u: Unit, s: Session, contact: Contact, keep: bool = True) -> Contact:
    """Keep in touch with a contact whatever their applications say (or stop it)."""
    updated = repo.update_contact(s, contact.id, keep_in_touch=keep)
    sync_touches(u, s, repo.load_settings(s), [contact.id])
    return updated


# --- keep-in-touch touches -------------------------------------------------------------------


def sync_touches(
    u: Unit, s: Session, settings: Settings, contact_ids: Iterable[int] | None = None
) -> None:
    """Bring every kept contact's next touch up to date (and drop those no longer kept)."""
    now = u.now()
    wanted = set(contact_ids) if contact_ids is not None else None
    months = settings.touch_every_months
    for c in repo.contacts(s):
        if wanted is not None and c.id not in wanted:
            continue
        apps = repo.contact_applications(s, c.id)
        is_kept, since, why = kept(s, apps, c, now)
        acts = touch_actions(s, c.id)
        closed = [a for a in acts if not a.open]
        key = doors.touch_key(c.id, len(closed))
        if is_kept and since is not None and months > 0:
            outs = [t.at for t in outgoing(s, c, apps)]
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
            if a.open and (not is_kept or a.key != key):
                repo.set_action(
                    s, a.id, status=ActionStatus.SKIPPED, note=f"no longer needed: {why}"
                )


def touched(u: Unit, s: Session, app_id: int, at: datetime) -> None:
    """A touch went out on an application: its people's open touches are done."""
    people = [c.id for c in repo.application_contacts(s, app_id)]
    for cid in people:
        for a in touch_actions(s, cid):
            if a.open:
                repo.set_action(s, a.id, status=ActionStatus.DONE, done_at=at, note="sent")
    sync_touches(u, s, repo.load_settings(s), people)


def kept(
    s: Session, apps: Sequence[Application], contact: Contact, now: datetime
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
        rejections = [r for r in repo.rejections(s, app.id) if keepable(r.kind, r.stage)]
        if not rejections:
            continue
        door = door_for(s, app, rejections[-1])
        if door.touches:
            since.append(rejections[-1].received_at)
            why = f"door open at {app.company}"
        else:
            why = f"door closed at {app.company}: {door.reason}"
    if contact.keep_in_touch:
        added = contact.created_at or now
        return True, max([added, *since]), "you chose to keep in touch"
    if since:
        return True, max(since), why
    return False, None, why


def touch_actions(s: Session, contact_id: int) -> list[Action]:
    """A contact's keep-in-touch actions, open and closed."""
    return [
        a
        for a in repo.actions(s, contact_id=contact_id)
        if a.kind is ActionKind.TOUCH and a.application_id is None
    ]


def outgoing(s: Session, c: Contact, apps: Sequence[Application]) -> list[Touch]:
    """Messages that went out to a contact, or on their applications naming no one else."""
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

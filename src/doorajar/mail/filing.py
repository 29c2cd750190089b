"""File one classified message: find its application and record what it says.

Runs inside the scan's transaction and records through the core's own operations
(`core.rejections.reject`, `add_feedback`), so a rejection found in mail plans exactly
what a manual `ajar reject` would. Which application a message is about is decided with
the one matcher of `doorajar.core.matching`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from doorajar.core import applications, rejections, touches
from doorajar.core.matching import company_score, role_score
from doorajar.core.plan import replan
from doorajar.core.unit import Unit
from doorajar.errors import DoorajarError
from doorajar.mail.message import Classification, ParsedMessage
from doorajar.mail.senders import who_wrote
from doorajar.model import (
    ActionKind,
    ActionStatus,
    Application,
    Category,
    Contact,
    ContactRole,
    Direction,
    Outcome,
    Stage,
)
from doorajar.store import repo, repo_edit, repo_mail

if TYPE_CHECKING:
    from doorajar.settings import Settings

FILED, REVIEW, IGNORED = "filed", "review", "ignored"
UNKNOWN_ROLE = "Role not stated"


def _domain_company(domain: str) -> str:
    """'mail.acme-robotics.example' -> 'acme robotics'."""
    parts = [p for p in domain.lower().split(".") if p]
    if len(parts) >= 2:
        parts = parts[:-1]
    skip = {"mail", "email", "jobs", "careers", "hr", "recruiting", "talent", "no-reply", "www"}
    core = [p for p in parts if p not in skip]
    return (core[-1] if core else "").replace("-", " ")


@dataclass(frozen=True)
class Match:
    """The application a message belongs to, or why there is none."""

    application: Application | None
    reason: str
    ambiguous: tuple[Application, ...] = ()


def match_application(
    s: Session,
    apps: Sequence[Application],
    msg: ParsedMessage,
    c: Classification,
    *,
    by_thread: bool = True,
) -> Match:
    """The application a message is about: by thread, sender, company and role (not by
    thread when the user named the company)."""
    # 1. a reply in a thread already filed
    ids = [i for i in (msg.in_reply_to, *msg.references) if i] if by_thread else []
    if ids:
        linked = repo_mail.thread_application(s, ids)
        if linked is not None:
            app = next((a for a in apps if a.id == linked), None)
            if app is not None:
                return Match(app, "same thread as a message already filed")
    by_id = {a.id: a for a in apps}
    score: dict[int, float] = {}
    why: dict[int, str] = {}
    # 2. the company named in the message, or the sender's domain
    dom = _domain_company(msg.sender_domain)
    for a in apps:
        named = company_score(c.company, a.company) if c.company else 0.0
        if named >= 0.85:
            score[a.id] = named
            why[a.id] = f"company '{c.company}' matches {a.company}"
        elif dom and company_score(dom, a.company) >= 0.9:
            score[a.id] = 0.85
            why[a.id] = f"sender domain {msg.sender_domain} matches {a.company}"
    # 3. the sender or the person who signed is a contact on the application
    people = _people(s, msg, c)
    for cid, how in people:
        for a in repo.contact_applications(s, cid):
            if a.id in by_id:
                score[a.id] = score.get(a.id, 0.85) + 0.5
                why[a.id] = how
    if not score:
        return Match(None, "no application matches the company")
    when = msg.date

    def total(a: Application) -> float:
        return score[a.id] + role_score(c.role, a.role)

    # a company can have several applications: role, people and timing decide
    ranked = sorted(
        (by_id[i] for i in score),
        key=lambda a: (
            round(total(a), 3),
            when is None or a.applied_at <= when,
            a.outcome is Outcome.ACTIVE,
            a.applied_at,
        ),
        reverse=True,
    )
    top = ranked[0]
    if len(ranked) > 1:
        second = ranked[1]
        if abs(total(top) - total(second)) < 0.05 and top.outcome is second.outcome:
            return Match(None, "several applications match", tuple(ranked[:3]))
    return Match(top, why[top.id])


def _people(s: Session, msg: ParsedMessage, c: Classification) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    if msg.from_addr:
        for person in repo.contacts_by(s, email=msg.from_addr):
            out.append((person.id, f"sender {msg.from_addr} is a contact"))
    name = c.contact_name or msg.from_name
    if name and not out:
        for person in repo.contacts_by(s, name=name.strip()):
            if person.email and msg.from_addr and person.email.lower() != msg.from_addr:
                continue  # someone else of the same name: the address says who wrote
            out.append((person.id, f"{person.name} is a contact"))
    return out


@dataclass(frozen=True)
class Filed:
    """What filing did with one message."""

    status: str
    application_id: int | None
    outcome: str
    contact_id: int | None = None  # the contact filing added: the person who wrote
    created: bool = False  # filing added the application


def file_message(
    u: Unit,
    s: Session,
    apps: list[Application],
    msg: ParsedMessage,
    c: Classification,
    settings: Settings,
    *,
    force: bool = False,
    by_thread: bool = True,
) -> Filed:
    """Record what one message says; low confidence goes to review instead."""
    if c.category is Category.OTHER:
        return Filed(IGNORED, None, "not about a job application")
    if not force and c.confidence * 100 < settings.review_threshold:
        return Filed(REVIEW, None, f"confidence {c.confidence:.2f} is below the review threshold")
    if c.category is Category.RECRUITER_OUTREACH:
        return Filed(FILED, None, "recruiter outreach noted")
    now = u.now()
    at = min(msg.date or now, now)
    m = match_application(s, apps, msg, c, by_thread=by_thread)
    app = m.application
    if app is None and m.ambiguous:
        listing = ", ".join(f"#{a.id} {a.title}" for a in m.ambiguous)
        return Filed(REVIEW, None, f"several applications match: {listing}")
    if (
        app is not None
        and c.category is Category.APPLICATION_RECEIVED
        and c.role
        and role_score(c.role, app.role) < 0.5
        and app.role != UNKNOWN_ROLE
    ):
        app = None  # another role at the same company: another application
    created = False
    if app is None:
        if not c.company:
            return Filed(REVIEW, None, "no company found to link it to")
        if c.category is Category.OFFER:
            return Filed(REVIEW, None, f"an offer from {c.company}, which has no application")
        app = repo.add_application(
            s,
            company=c.company,
            role=c.role or UNKNOWN_ROLE,
            applied_at=at,
            now=now,
            source="email",
            language=msg.language,
        )
        applications.after_application(u, s, app, settings)
        apps.append(app)
        created = True
    try:
        with s.begin_nested():
            person, added = contact_from_mail(u, s, app, msg, c, settings)
            outcome = _record(u, s, app, msg, c, at, person)
    except DoorajarError as exc:
        return Filed(REVIEW, app.id, f"could not file it on #{app.id}: {exc.message}")
    fresh = repo.get_application(s, app.id)
    apps[:] = [fresh if a.id == app.id else a for a in apps]
    prefix = f"new application #{app.id} {app.title}; " if created else ""
    contact_id = person.id if person is not None and added else None
    return Filed(FILED, app.id, prefix + outcome, contact_id, created)


def _record(
    u: Unit,
    s: Session,
    app: Application,
    msg: ParsedMessage,
    c: Classification,
    at: datetime,
    person: Contact | None,
) -> str:
    at = max(at, app.applied_at)
    app = rejections.lift_silence(
        u, s, app
    )  # the company wrote after all: silence was not the answer
    who = person.id if person else None
    if c.category is Category.REJECTION:
        if app.outcome is Outcome.REJECTED:
            _touch(s, app, msg, at, who)
            note = f"linked to #{app.id} (already rejected)"
            if c.feedback and not _has_feedback(s, app, c.feedback):
                rejections.add_feedback(u, s, app, c.feedback, at=at, source="email")
                note += "; feedback stored"
            return note
        if app.outcome is not Outcome.ACTIVE:
            _touch(s, app, msg, at, who)
            return f"linked to #{app.id} ({app.outcome.value})"
        stage = c.stage if c.stage and c.stage is not Stage.OFFER else None
        if stage is not None and stage.rank < app.stage.rank:
            stage = None
        detail = rejections.reject(
            u,
            s,
            app,
            kind=c.kind,
            stage=stage,
            at=at,
            reason=msg.subject or None,
            feedback=c.feedback,
            contact=person.name if person else c.contact_name,
            message_id=msg.message_id,
            feedback_source="email",
            why=(f"the email reads as a {c.kind.value} rejection", *c.reasons) if c.kind else (),
        )
        rej = detail.rejection
        kind = rej.kind.value if rej else "form"
        return f"rejection ({kind}) recorded on #{app.id}; plan updated"
    if c.feedback and not _has_feedback(s, app, c.feedback):
        rejections.add_feedback(
            u, s, app, c.feedback, at=at, source="email", message_id=msg.message_id
        )
        return f"feedback stored on #{app.id}"
    if c.category in (Category.INTERVIEW, Category.OFFER) and app.outcome is Outcome.ACTIVE:
        target = _next_stage(app, c)
        _touch(s, app, msg, at, who)
        if target is not None:
            repo.add_stage_change(s, app.id, target, at)
            repo.update_application(s, app.id, u.now(), stage=target)
            return f"#{app.id} advanced to {target.label}"
        return f"linked to #{app.id} (already at {app.stage.label})"
    _touch(s, app, msg, at, who)
    return f"linked to #{app.id}"


def _next_stage(app: Application, c: Classification) -> Stage | None:
    if c.category is Category.OFFER:
        return Stage.OFFER if app.stage is not Stage.OFFER else None
    if c.stage is not None and c.stage.rank > app.stage.rank and c.stage is not Stage.OFFER:
        return c.stage
    if c.stage is not None:
        return None
    order = [Stage.APPLIED, Stage.RECRUITER_SCREEN, Stage.HIRING_MANAGER, Stage.FINAL_ROUND]
    if app.stage in order[:-1]:
        return order[order.index(app.stage) + 1]
    return None


def _touch(
    s: Session, app: Application, msg: ParsedMessage, at: datetime, contact_id: int | None
) -> None:
    repo.add_touch(
        s,
        direction=Direction.IN,
        at=at,
        application_id=app.id,
        contact_id=contact_id,
        subject=msg.subject or None,
        summary=(msg.text[:300] or None),
        message_id=msg.message_id,
    )


def file_outgoing(u: Unit, s: Session, apps: Sequence[Application], msg: ParsedMessage) -> Filed:
    """Log a message the user sent (found in the Sent folder) as an outgoing touch on the
    application it answers: by its thread, else by a recipient who is a contact there. An
    open reply action on that application is marked done. Nothing else is read from it."""
    by_id = {a.id: a for a in apps}
    ids = [i for i in (msg.in_reply_to, *msg.references) if i]
    app_id = repo_mail.thread_application(s, ids) if ids else None
    contact_id: int | None = None
    if app_id is None:
        for addr in msg.to:
            for person in repo.contacts_by(s, email=addr.lower()):
                linked = [a.id for a in repo.contact_applications(s, person.id) if a.id in by_id]
                if linked:
                    app_id, contact_id = linked[-1], person.id
                    break
            if app_id is not None:
                break
    app = by_id.get(app_id) if app_id is not None else None
    if app is None:
        return Filed(IGNORED, None, "sent by you, about no application")
    now = u.now()
    at = max(min(msg.date or now, now), app.applied_at)
    replying = any(
        a.kind is ActionKind.REPLY for a in repo.actions(s, app_id=app.id, open_only=True)
    )
    touches.log_touch(
        u,
        s,
        app,
        direction=Direction.OUT,
        at=at,
        subject=msg.subject or None,
        summary=msg.text[:300] or None,
        action_kind=ActionKind.REPLY if replying else None,
        contact_id=contact_id,
        message_id=msg.message_id,
    )
    done = "; the reply is marked done" if replying else ""
    return Filed(IGNORED, app.id, f"your message logged on #{app.id} {app.title}{done}")


def _has_feedback(s: Session, app: Application, text: str) -> bool:
    return any(f.text.strip() == text.strip() for f in repo.feedback(s, app.id))


def contact_from_mail(
    u: Unit, s: Session, app: Application, msg: ParsedMessage, c: Classification, settings: Settings
) -> tuple[Contact | None, bool]:
    """The person who wrote, as a contact tied to the application: found by their address,
    else by their name there (someone of that name with another address is someone else),
    else added; their address and role are filled in when the message tells them. Returns
    the contact and whether it was added."""
    person = who_wrote(msg, c.contact_name, settings.user_email)
    if person is None:
        return None, False
    found: Contact | None = None
    if person.email:
        found = next(iter(repo.contacts_by(s, email=person.email)), None)
    if found is None:
        key = person.name.lower()
        for known in repo.application_contacts(s, app.id) + repo.contacts(s, company=app.company):
            if known.name.lower() != key:
                continue
            if person.email and known.email and known.email.lower() != person.email:
                continue  # the same name, another address: another person
            found = known
            break
    added = found is None
    if found is None:
        found = repo.add_contact(
            s,
            name=person.name[:200],
            now=u.now(),
            email=person.email,
            company=app.company,
            role=person.role or ContactRole.OTHER,
        )
    repo.link_contact(s, app.id, found.id)
    fields: dict[str, object] = {}
    if person.email and not found.email:
        fields["email"] = person.email
    if person.role and found.role is ContactRole.OTHER:
        fields["role"] = person.role
    if not found.company:
        fields["company"] = app.company
    return (repo.update_contact(s, found.id, **fields) if fields else found), added


def unfile(
    u: Unit,
    s: Session,
    row: repo_mail.StoredMessage,
    settings: Settings,
    *,
    keep_people: bool = False,
) -> list[str]:
    """Take back what filing one message did, as if it had never been read: its touch, its
    rejection with the feedback that came with it, the stages it moved the application to,
    the application itself when the message created it and nothing else is on it (the
    plans it answered are made again), and, unless `keep_people`, the contact it added
    when nothing else names them. Returns what went, in words."""
    if row.application_id is None:
        return []
    app = repo.get_application(s, row.application_id)
    scanned = row.scanned_at or u.now()
    at = max(min(row.date or scanned, scanned), app.applied_at)
    mine = [r for r in repo.rejections(s, app.id) if r.message_id == row.message_id]
    repo_edit.drop_message_rows(s, app.id, row.message_id)
    if row.feedback:
        repo_edit.drop_feedback(s, app.id, row.feedback, at)
    moved = repo_edit.drop_stages_at(s, app.id, at)
    removed: list[str] = []
    if mine:
        removed.append(f"its {mine[-1].kind.value} rejection")
    if moved:
        removed.append("the stage it recorded")
    created = row.created_application_id == app.id or (
        row.created_application_id is None
        and (row.outcome or "").startswith(f"new application #{app.id} ")
    )
    gone = created and not repo_edit.holds_more_than_its_start(s, app.id, but=row.id)
    if created and not gone:
        # the next message on it is the one that would have added it
        later = [i for i in repo_mail.filed_to(s, app.id) if i != row.id]
        if later:
            repo_mail.update_message(s, later[0], created_application_id=app.id)
            repo_mail.update_message(s, row.id, created_application_id=None)
    if gone:
        planned = sum(
            1
            for a in repo.actions(s, app_id=app.id)
            if a.status in (ActionStatus.PENDING, ActionStatus.SNOOZED)
        )
        repo_mail.update_message(s, row.id, application_id=None)
        repo_edit.delete_application(s, app.id)
        what = ", ".join([*removed, f"{planned} planned action{'s' if planned != 1 else ''}"])
        removed = [f"application #{app.id} {app.title} ({what})"]
    else:
        stages = [c.stage for c in repo.stage_changes(s, app.id)]
        stage = max(stages or [Stage.APPLIED], key=lambda st: st.rank)
        outcome = app.outcome
        if mine and outcome is Outcome.REJECTED and not repo.rejections(s, app.id):
            outcome = Outcome.ACTIVE
        if (stage, outcome) != (app.stage, app.outcome):
            repo.update_application(s, app.id, u.now(), stage=stage, outcome=outcome)
        replan(u, s, app.id, settings)
    if gone:
        _answered_again(u, s, app, scanned, settings)
    person = repo.get_contact(s, row.created_contact_id) if row.created_contact_id else None
    if (
        person is not None
        and not keep_people
        and repo_edit.contact_is_unused(s, person.id, None if gone else app.id)
    ):
        repo_edit.delete_contact(s, person.id)
        removed.append(f"contact {person.name}")
    return removed


def _answered_again(
    u: Unit, s: Session, gone: Application, since: datetime, settings: Settings
) -> None:
    """An application that never was no longer answers the "send the next one" actions of
    the rejections before it: those it closed are open again, as far as the plan says."""
    for rej in repo.rejections(s):
        if rej.received_at <= gone.applied_at and repo_edit.reopen_answered(
            s, rej.application_id, ActionKind.NEXT_APPLICATION.value, since
        ):
            replan(u, s, rej.application_id, settings)

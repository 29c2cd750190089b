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

from doorajar.core import applications, contacts, rejections
from doorajar.core.matching import company_score, role_score
from doorajar.core.unit import Unit
from doorajar.errors import DoorajarError
from doorajar.mail.message import Classification, ParsedMessage
from doorajar.model import Application, Category, Direction, Outcome, Stage
from doorajar.store import repo, repo_mail

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
    s: Session, apps: Sequence[Application], msg: ParsedMessage, c: Classification
) -> Match:
    """The application a message is about: by thread, sender, company and role."""
    # 1. a reply in a thread already filed
    ids = [i for i in (msg.in_reply_to, *msg.references) if i]
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


def file_message(
    u: Unit,
    s: Session,
    apps: list[Application],
    msg: ParsedMessage,
    c: Classification,
    settings: Settings,
    *,
    force: bool = False,
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
    m = match_application(s, apps, msg, c)
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
            outcome = _record(u, s, app, msg, c, at)
    except DoorajarError as exc:
        return Filed(REVIEW, app.id, f"could not file it on #{app.id}: {exc.message}")
    fresh = repo.get_application(s, app.id)
    apps[:] = [fresh if a.id == app.id else a for a in apps]
    prefix = f"new application #{app.id} {app.title}; " if created else ""
    return Filed(FILED, app.id, prefix + outcome)


def _record(
    u: Unit,
    s: Session,
    app: Application,
    msg: ParsedMessage,
    c: Classification,
    at: datetime,
) -> str:
    at = max(at, app.applied_at)
    app = rejections.lift_silence(
        u, s, app
    )  # the company wrote after all: silence was not the answer
    if c.category is Category.REJECTION:
        if app.outcome is Outcome.REJECTED:
            _touch(s, app, msg, at)
            note = f"linked to #{app.id} (already rejected)"
            if c.feedback and not _has_feedback(s, app, c.feedback):
                rejections.add_feedback(u, s, app, c.feedback, at=at, source="email")
                note += "; feedback stored"
            return note
        if app.outcome is not Outcome.ACTIVE:
            _touch(s, app, msg, at)
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
            contact=c.contact_name,
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
        _touch(s, app, msg, at)
        if c.contact_name:
            person = contacts.find_or_add(s, c.contact_name, app, u.now())
            if person.email is None and msg.from_addr and msg.from_name == c.contact_name:
                repo.update_contact(s, person.id, email=msg.from_addr)
        if target is not None:
            repo.add_stage_change(s, app.id, target, at)
            repo.update_application(s, app.id, u.now(), stage=target)
            return f"#{app.id} advanced to {target.label}"
        return f"linked to #{app.id} (already at {app.stage.label})"
    _touch(s, app, msg, at)
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


def _touch(s: Session, app: Application, msg: ParsedMessage, at: datetime) -> None:
    repo.add_touch(
        s,
        direction=Direction.IN,
        at=at,
        application_id=app.id,
        subject=msg.subject or None,
        summary=(msg.text[:300] or None),
        message_id=msg.message_id,
    )


def _has_feedback(s: Session, app: Application, text: str) -> bool:
    return any(f.text.strip() == text.strip() for f in repo.feedback(s, app.id))

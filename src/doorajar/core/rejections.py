"""Rejections: recording one (triage, feedback, the touch, the plan), silence, feedback, and
the stage moves (which lift an assumed silence first)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from doorajar import playbook
from doorajar.core import contacts
from doorajar.core.applications import detail
from doorajar.core.plan import replan
from doorajar.core.unit import Unit
from doorajar.errors import Conflict, InvalidInput
from doorajar.model import (
    Application,
    ApplicationDetail,
    Contact,
    Direction,
    Outcome,
    RejectionKind,
    Stage,
)
from doorajar.store import repo


def reject(
    u: Unit,
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
    """Record a rejection, triage it and plan what to do next. `why` replaces the triage's
    reasons when something else (the mail classifier) decided the kind."""
    now = u.now()
    if kind is not RejectionKind.SILENT:
        app = lift_silence(u, s, app)  # a real answer replaces the assumed one
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
        person = contacts.find_or_add(s, contact, app, now)
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
    replan(u, s, app.id, settings)
    return detail(s, app.id)


def lift_silence(u: Unit, s: Session, app: Application) -> Application:
    """Reopen an application whose only answer so far was silence, because the company has
    now written (or the user records what it said): the silent rejection is removed and
    the plan made for it goes with it. Anything else is returned as is."""
    if app.outcome is not Outcome.REJECTED:
        return app
    rej = repo.rejections(s, app.id)
    if not rej or rej[-1].kind is not RejectionKind.SILENT:
        return app
    repo.delete_rejection(s, rej[-1].id)
    reopened = repo.update_application(s, app.id, u.now(), outcome=Outcome.ACTIVE)
    replan(u, s, app.id, repo.load_settings(s))
    return reopened


def add_feedback(
    u: Unit,
    s: Session,
    app: Application,
    text: str,
    *,
    at: datetime,
    source: str = "manual",
    message_id: str | None = None,
) -> ApplicationDetail:
    """Record feedback that came in; the plan drops the follow-up and adds a thank-you."""
    if not text.strip():
        raise InvalidInput("The feedback text is empty.")
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
    replan(u, s, app.id, repo.load_settings(s))
    return detail(s, app.id)


def sweep_silence(u: Unit, s: Session) -> list[Application]:
    """Turn applications with no reply for too long into silent rejections."""
    now = u.now()
    out = []
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
        reject(
            u,
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


def advance(u: Unit, s: Session, app: Application, stage: Stage, at: datetime) -> Application:
    """Record that an application reached a stage (its current stage changes nothing)."""
    app = lift_silence(u, s, app)
    if app.outcome is not Outcome.ACTIVE:
        raise Conflict(f"#{app.id} is closed ({app.outcome.value}); it cannot advance.")
    if stage.rank < app.stage.rank:
        raise InvalidInput(f"#{app.id} is already at {app.stage.label}; stages only move forward.")
    if stage is app.stage:
        return app  # already there: nothing to record
    if at < app.applied_at:
        raise InvalidInput("That date is before the application was sent.")
    repo.add_stage_change(s, app.id, stage, at)
    return repo.update_application(s, app.id, u.now(), stage=stage)

"""One application: timeline, triage with its reasons, the plan, and forms to record
a rejection, feedback, a stage, a message sent, a note or the outcome."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from doorajar import doors
from doorajar.model import (
    ActionKind,
    Category,
    Channel,
    Direction,
    NoteKind,
    Outcome,
    RejectionKind,
    Stage,
)
from doorajar.web import forms, render, views
from doorajar.web.pages import reflection

router = APIRouter()


def _back(app_id: int) -> str:
    return f"/applications/{app_id}"


@router.get("/applications/{app_id:int}")
def show(request: Request, app_id: int) -> Response:
    """Everything about one application."""
    t = render.tracker(request)
    d = t.show(str(app_id))
    return render.page(
        request,
        "application.html",
        d=d,
        emails=t.mail.messages(app_id),
        timeline=views.timeline(d),
        stages=list(Stage),
        kinds=list(RejectionKind),
        categories=list(Category),
        outcomes=[o for o in Outcome if o is not Outcome.REJECTED],
        sent_kinds=[
            k
            for k in ActionKind
            if k
            not in (
                ActionKind.NEXT_APPLICATION,
                ActionKind.GOAL,
                ActionKind.REFLECT,
                ActionKind.REVISIT,
            )
        ],
        channels=list(Channel),
        door=reflection.door(t, app_id),
        door_questions=doors.QUESTIONS,
    )


@router.post("/applications/{app_id:int}/reject")
def reject(
    request: Request,
    app_id: int,
    kind: str | None = Form(None),
    stage: str | None = Form(None),
    reason: str | None = Form(None),
    feedback: str | None = Form(None),
    contact: str | None = Form(None),
    when: str | None = Form(None),
) -> Response:
    """Record a rejection; the playbook triages it and plans the next steps."""
    t = render.tracker(request)
    d = t.reject(
        str(app_id),
        kind=forms.pick(RejectionKind, kind, "kind of rejection"),
        stage=forms.stage(stage),
        at=forms.moment(t, when),
        reason=forms.text(reason),
        feedback=forms.text(feedback),
        contact=forms.text(contact),
    )
    kind_text = d.triage.kind.value if d.triage else "rejection"
    return render.redirect(
        _back(app_id), ("ok", f"Recorded a {kind_text} rejection; the plan is below.")
    )


@router.post("/applications/{app_id:int}/feedback")
def feedback(
    request: Request, app_id: int, text: str = Form(""), when: str | None = Form(None)
) -> Response:
    """Record feedback that came in."""
    t = render.tracker(request)
    t.add_feedback(str(app_id), text, at=forms.moment(t, when))
    return render.redirect(_back(app_id), ("ok", "Feedback recorded."))


@router.post("/applications/{app_id:int}/stage")
def stage(
    request: Request,
    app_id: int,
    stage: str = Form(""),
    when: str | None = Form(None),
    next: str | None = Form(None),
) -> Response:
    """Record that the application reached a stage (from its page, or the board)."""
    t = render.tracker(request)
    st = forms.stage(stage) or Stage.APPLIED
    a = t.advance(str(app_id), st, at=forms.moment(t, when))
    to = render.local_path(next) or _back(app_id)
    return render.redirect(to, ("ok", f"Now at {a.stage.label}."))


@router.post("/applications/{app_id:int}/outcome")
def outcome(request: Request, app_id: int, outcome: str = Form("")) -> Response:
    """Close the application (accepted, offer declined, withdrawn) or reopen it."""
    out = forms.pick(Outcome, outcome, "outcome") or Outcome.ACTIVE
    a = render.tracker(request).set_outcome(str(app_id), out)
    return render.redirect(_back(app_id), ("ok", f"Outcome: {a.outcome.value.replace('_', ' ')}."))


@router.post("/applications/{app_id:int}/notes")
def note(request: Request, app_id: int, body: str = Form("")) -> Response:
    """Keep a private note on the application."""
    render.tracker(request).add_note(str(app_id), body, kind=NoteKind.NOTE)
    return render.redirect(_back(app_id), ("ok", "Note kept."))


@router.post("/applications/{app_id:int}/sent")
def sent(
    request: Request,
    app_id: int,
    kind: str | None = Form(None),
    channel: str | None = Form(None),
    subject: str | None = Form(None),
    when: str | None = Form(None),
) -> Response:
    """Log a message sent outside doorajar; the matching action is marked done."""
    t = render.tracker(request)
    t.log_touch(
        str(app_id),
        direction=Direction.OUT,
        at=forms.moment(t, when),
        channel=forms.pick(Channel, channel, "channel") or Channel.EMAIL,
        subject=forms.text(subject),
        action_kind=forms.pick(ActionKind, kind, "kind of message"),
    )
    return render.redirect(_back(app_id), ("ok", "Message logged."))

"""Goals and the journal: SMART goals with their progress, and private reflections."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from doorajar.errors import InvalidInput
from doorajar.model import GoalStatus
from doorajar.web import forms, render
from doorajar.web.app import NavItem

NAV = NavItem("Goals & journal", "/goals", 50)
router = APIRouter()


@router.get("/goals")
def goals(request: Request) -> Response:
    """Goals by deadline, and the journal, newest first."""
    t = render.tracker(request)
    return render.page(
        request,
        "goals.html",
        goals=t.patterns.goals(),
        links=t.patterns.goal_links(),
        journal=list(reversed(t.patterns.journal())),
    )


@router.post("/goals")
def add(
    request: Request,
    text: str = Form(""),
    deadline: str = Form(""),
    link: str | None = Form(None),
) -> Response:
    """Set a goal; the agenda gets it by its deadline."""
    t = render.tracker(request)
    when = forms.moment(t, deadline, future=True)
    if when is None:
        raise InvalidInput("Give the goal a deadline.")
    added = t.patterns.add_goal(text, when, forms.text(link))
    better = [("warn", added.check.better)] if added.check.better else []
    return render.redirect("/goals", ("ok", f"Goal #{added.goal.id} set."), *better)


@router.post("/goals/{goal_id:int}/progress")
def progress(
    request: Request, goal_id: int, note: str = Form(""), amount: str | None = Form(None)
) -> Response:
    """Log a step toward a goal."""
    n = int(amount) if amount and amount.strip().isdigit() else None
    g = render.tracker(request).patterns.progress(goal_id, note, n)
    return render.redirect("/goals", ("ok", f"Progress logged: {g.progress_text}."))


@router.post("/goals/{goal_id:int}/done")
def done(request: Request, goal_id: int, status: str = Form("done")) -> Response:
    """Close a goal as done or dropped."""
    try:
        chosen = GoalStatus(status)
    except ValueError:
        raise InvalidInput(f"A goal ends as done or dropped, not '{status}'.") from None
    g = render.tracker(request).patterns.finish(goal_id, chosen)
    return render.redirect("/goals", ("ok", f"Goal #{g.id}: {g.status.value}."))


@router.post("/journal")
def journal(
    request: Request,
    text: str = Form(""),
    application: str | None = Form(None),
    mood: str | None = Form(None),
) -> Response:
    """Write a private journal entry."""
    m = int(mood) if mood and mood.isdigit() else None
    render.tracker(request).patterns.journal_add(forms.text(application), text, m)
    return render.redirect("/goals#journal", ("ok", "Written in your journal."))

"""After a rejection: the door questions on the application page, and the guided
reflection with its prompts and a mood check, kept in the private journal."""

from __future__ import annotations

from contextlib import suppress

from fastapi import APIRouter, Request
from starlette.responses import Response

from doorajar import doors
from doorajar.errors import Conflict, InvalidInput
from doorajar.model import Answers
from doorajar.people.service import AUTO, DoorView
from doorajar.service import Tracker
from doorajar.web import render

router = APIRouter()

ANSWER = {"yes": True, "no": False, "": None}


def door(t: Tracker, app_id: int) -> DoorView | None:
    """The application's door, or None when it has none (not turned down after talking)."""
    with suppress(Conflict):
        return t.relations.door(str(app_id))
    return None


@router.post("/applications/{app_id:int}/door")
async def set_door(request: Request, app_id: int) -> Response:
    """Remember the four answers (and a keep or close, if chosen); the plan follows."""
    form = await request.form()
    values = []
    for q in doors.QUESTIONS:
        raw = str(form.get(q.name) or "")
        if raw not in ANSWER:
            raise InvalidInput(f"Answer yes, no or leave it: not '{raw}'.")
        values.append(ANSWER[raw])
    choice = str(form.get("override") or AUTO)
    if choice not in (AUTO, doors.KEEP, doors.CLOSE):
        raise InvalidInput(f"'{choice}' is not a choice for the door.")
    with render.labelled(request, f"door #{app_id}"):
        view = render.tracker(request).relations.set_door(
            str(app_id), answers=Answers(*values), override=choice
        )
    return render.redirect(
        f"/applications/{app_id}#door-h",
        ("ok", f"The door is {view.door.state}: {view.door.reason}"),
    )


@router.get("/applications/{app_id:int}/reflect")
def reflect_form(request: Request, app_id: int) -> Response:
    """The reflection prompts that fit how far the application got, and the mood check."""
    app, prompts = render.tracker(request).patterns.prompts(str(app_id))
    # lazy: the analytics' words, loaded by the pages that show them
    from doorajar.patterns.goals import MOOD_WORDS

    return render.page(
        request,
        "reflect.html",
        app=app,
        prompts=prompts,
        moods=MOOD_WORDS,
        title=f"Reflect on {app.title}",
    )


@router.post("/applications/{app_id:int}/reflect")
async def reflect(request: Request, app_id: int) -> Response:
    """Keep the answers and the mood in the private journal; the reflect action is done."""
    form = await request.form()
    t = render.tracker(request)
    _, prompts = t.patterns.prompts(str(app_id))
    answers = {p.key: str(form.get(p.key) or "") for p in prompts}
    raw = str(form.get("mood") or "").strip()
    if raw and not raw.isdigit():
        raise InvalidInput("Mood is a number from 1 to 5.")
    mood = int(raw) if raw else None
    done = t.patterns.reflect(str(app_id), answers, mood)
    messages = [("ok", "Kept in your journal; only you see it.")]
    if done.completed:
        messages.append(("ok", f"Done: {done.completed.kind.label}."))
    if mood is not None and mood <= 2:
        messages.append(
            (
                "ok",
                "A low day is allowed. A walk or a call with a friend helps more than "
                "rereading the email; the next application can wait an hour.",
            )
        )
    return render.redirect(f"/applications/{app_id}", *messages)

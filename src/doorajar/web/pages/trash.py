"""Trash: what was deleted (or merged away) and can still be restored, and emptying it
for good after a confirmation."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from doorajar.core.history import Trashed
from doorajar.errors import NotFound
from doorajar.service import Tracker
from doorajar.web import render
from doorajar.web.app import NavItem
from doorajar.web.pages.history import undo_path

NAV = NavItem("Trash", "/trash", 94)
router = APIRouter()


def restore_path(t: Tracker, subject: str) -> str | None:
    """The form that restores the deletion of `subject` just made."""
    item = next((i for i in t.trash() if i.subject == subject), None)
    return f"/trash/{item.op_id}/restore" if item else None


def _item(t: Tracker, op_id: int) -> Trashed:
    item = next((i for i in t.trash() if i.op_id == op_id), None)
    if item is None:
        raise NotFound("That is no longer in the trash: it was restored, undone or emptied.")
    return item


@router.get("/trash")
def trash(request: Request) -> Response:
    """Everything that can still be restored, newest first."""
    return render.page(request, "trash.html", title="Trash", items=render.tracker(request).trash())


@router.post("/trash/{op_id:int}/restore")
def restore(request: Request, op_id: int, next: str | None = Form(None)) -> Response:
    """Put back one deletion, with everything that went with it."""
    t = render.tracker(request)
    item = _item(t, op_id)
    with render.labelled(request, f"restore {item.subject}"):
        done = t.restore(str(item.op_id))
    return render.redirect(
        render.back(request, "/trash", next), ("ok", f"Restored {done.subject}."), undo=undo_path(t)
    )


@router.get("/trash/empty")
def confirm_empty(request: Request) -> Response:
    """Ask before the trash is emptied for good."""
    items = render.tracker(request).trash()
    if not items:
        return render.redirect("/trash", ("ok", "The trash is already empty."))
    return render.confirm(
        request,
        title="Empty the trash?",
        question=f"Remove the {render.plural(len(items), 'deletion')} in the trash for good?",
        points=[
            "What they removed cannot be restored or undone afterwards.",
            "Nothing else changes: Today, the calendar and the patterns already leave them out.",
        ],
        action="/trash/empty",
        button="Empty the trash for good",
        cancel="/trash",
    )


@router.post("/trash/empty")
def empty(request: Request) -> Response:
    """Forget what the trash holds, for good."""
    n = render.tracker(request).empty_trash()
    if not n:
        return render.redirect("/trash", ("ok", "The trash is already empty."))
    return render.redirect(
        "/trash", ("ok", f"Emptied the trash: {render.plural(n, 'deletion')} removed for good.")
    )

"""Fixing what was recorded, from the application's and the contact's pages: edit in
place, move a stage back, "not a rejection", merge a duplicate, delete to the trash; and
the same for contacts. Every change is labelled for the history ("web: delete #5
Substack") and answers with an Undo button."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from doorajar.errors import DoorajarError, InvalidInput
from doorajar.model import Application, Contact, ContactRole, Stage
from doorajar.service import Tracker
from doorajar.web import forms, render
from doorajar.web.pages.history import undo_path
from doorajar.web.pages.trash import restore_path

router = APIRouter()

# the names the page gives the fields `Tracker.edit` changes
FIELD_NAMES = {
    "company": "company",
    "role": "role",
    "url": "posting",
    "source": "source",
    "careers_url": "careers page",
    "applied_at": "date applied",
}


def _here(app_id: int) -> str:
    return f"/applications/{app_id}"


def applied_day(t: Tracker, a: Application) -> str:
    """The date applied as the edit form shows it: the user's local date."""
    return a.applied_at.astimezone(t.tz()).date().isoformat()


# --- an application ----------------------------------------------------------------------


@router.post("/applications/{app_id:int}/edit")
def edit(
    request: Request,
    app_id: int,
    company: str = Form(""),
    role: str = Form(""),
    url: str = Form(""),
    source: str = Form(""),
    careers_url: str = Form(""),
    applied: str = Form(""),
    force: bool = Form(False),
) -> Response:
    """Correct the company, role, links, source or date applied; an empty link is removed."""
    t = render.tracker(request)
    a = t.resolve(str(app_id))
    fields: dict[str, Any] = {
        "company": company,
        "role": role,
        "url": url,
        "source": source,
        "careers_url": careers_url,
    }
    day = forms.text(applied)
    if day is not None and day != applied_day(t, a):  # the shown date, left as it was
        fields["applied_at"] = forms.moment(t, day)
    with render.labelled(request, f"edit #{a.id} {a.company}"):
        # the form shows the stored source, which may be the user's own words
        done = t.edit(str(a.id), force=force, own_source=True, **fields)
    if not done.changed:
        return render.redirect(_here(a.id), ("ok", "Nothing changed: the page already said that."))
    what = ", ".join(FIELD_NAMES.get(f, f) for f in done.changed)
    return render.redirect(
        _here(a.id),
        ("ok", f"Saved #{a.id} {done.application.title}: {what} changed; the plan follows."),
        undo=undo_path(t),
    )


@router.post("/applications/{app_id:int}/stage/back")
def stage_back(request: Request, app_id: int, stage: str = Form("")) -> Response:
    """Move the application back to an earlier stage; the stages above are forgotten."""
    t = render.tracker(request)
    st = forms.pick(Stage, stage, "stage")
    if st is None:
        raise InvalidInput("Pick the stage to go back to.")
    a = t.resolve(str(app_id))
    with render.labelled(request, f"stage back #{a.id} {a.company} to {st.label}"):
        moved = t.move_back(str(a.id), st)
    return render.redirect(
        _here(a.id),
        ("ok", f"Moved back from {a.stage.label} to {moved.stage.label}."),
        undo=undo_path(t),
    )


@router.post("/applications/{app_id:int}/unreject")
def unreject(request: Request, app_id: int) -> Response:
    """That was not a rejection: it goes, the application is open again, the plan follows."""
    t = render.tracker(request)
    a = t.resolve(str(app_id))
    with render.labelled(request, f"not a rejection #{a.id} {a.company}"):
        back = t.unreject(str(a.id))
    return render.redirect(
        _here(a.id),
        ("ok", f"Not a rejection: #{a.id} is open again ({back.stage.label})."),
        undo=undo_path(t),
    )


@router.get("/applications/{app_id:int}/delete")
def confirm_delete(request: Request, app_id: int) -> Response:
    """Ask before an application goes to the trash, saying what goes with it."""
    t = render.tracker(request)
    d = t.show(str(app_id))
    a = d.application
    open_actions = sum(1 for ac in d.actions if ac.open)
    points = [
        f"{render.plural(open_actions, 'open action')} leave Today and the calendar at once; "
        "the patterns stop counting it.",
        f"{render.plural(len(d.touches), 'message')} logged, "
        f"{render.plural(len(t.mail.messages(a.id)), 'email')} filed and "
        f"{render.plural(len(d.notes), 'note')} go with it.",
        "The people stay in your contacts.",
        "You can take it back with Undo, or restore it from the Trash until you empty it.",
    ]
    return render.confirm(
        request,
        title=f"Delete #{a.id}?",
        question=f"Move #{a.id} {a.title} to the trash?",
        points=points,
        action=f"/applications/{a.id}/delete",
        button="Move it to the trash",
        cancel=_here(a.id),
    )


@router.post("/applications/{app_id:int}/delete")
def delete(request: Request, app_id: int) -> Response:
    """Move an application to the trash with everything filed under it."""
    t = render.tracker(request)
    a = t.resolve(str(app_id))
    with render.labelled(request, f"delete #{a.id} {a.company}"):
        t.delete(str(a.id))
    return render.redirect(
        "/",
        ("ok", f"Moved #{a.id} {a.title} to the trash."),
        undo=restore_path(t, f"#{a.id} {a.title}"),
    )


@router.get("/applications/{app_id:int}/merge")
def choose_merge(request: Request, app_id: int) -> Response:
    """Find the duplicate of an application, then confirm merging it into this one."""
    t = render.tracker(request)
    keep = t.resolve(str(app_id))
    q = forms.text(request.query_params.get("q")) or keep.company
    other_raw = forms.text(request.query_params.get("other"))
    other: Application | None = None
    error: str | None = None
    if other_raw is not None:
        try:
            other = t.resolve(other_raw)
        except DoorajarError as exc:
            error = exc.message
        else:
            if other.id == keep.id:
                error = f"#{keep.id} is this application; pick its duplicate."
                other = None
    found = [a for a in t.overview.applications(search=q, per_page=20).items if a.id != keep.id]
    return render.page(
        request,
        "merge.html",
        title=f"Merge into #{keep.id}",
        keep=keep,
        other=other,
        error=error,
        q=q,
        found=found,
    )


@router.post("/applications/{app_id:int}/merge")
def merge(request: Request, app_id: int, other: str = Form("")) -> Response:
    """Make two records of one application one: this one is kept, the other's stages,
    messages, contacts, notes and rejection move to it, and the other goes to the trash."""
    t = render.tracker(request)
    if forms.text(other) is None:
        raise InvalidInput("Name the duplicate to merge into this one.")
    keep, gone = t.resolve(str(app_id)), t.resolve(other)
    with render.labelled(request, f"merge #{gone.id} into #{keep.id} {keep.company}"):
        merged = t.merge(str(keep.id), str(gone.id))
    return render.redirect(
        _here(merged.id),
        ("ok", f"Merged #{gone.id} into #{merged.id} {merged.title}; #{gone.id} is in the trash."),
        undo=undo_path(t),
    )


# --- a contact ---------------------------------------------------------------------------


@router.get("/contacts/{contact_id:int}/edit")
def contact_page(request: Request, contact_id: int) -> Response:
    """A contact's details, editable."""
    c = render.tracker(request).find_contact(str(contact_id))
    return render.page(
        request, "contact.html", title=f"Edit {c.name}", c=c, roles=list(ContactRole)
    )


def _contact_changes(c: Contact, **typed: object) -> dict[str, object]:
    return {k: v for k, v in typed.items() if v != (getattr(c, k) or "")}


@router.post("/contacts/{contact_id:int}/edit")
def contact_edit(
    request: Request,
    contact_id: int,
    name: str = Form(""),
    email: str = Form(""),
    company: str = Form(""),
    role: str = Form(""),
    linkedin: str = Form(""),
    next: str | None = Form(None),
) -> Response:
    """Change a contact's name, address, company, role or profile; empty fields are cleared
    (all but the name)."""
    t = render.tracker(request)
    c = t.find_contact(str(contact_id))
    fields = _contact_changes(
        c,
        name=name.strip(),
        email=email.strip(),
        company=company.strip(),
        linkedin_url=linkedin.strip(),
    )
    picked = forms.pick(ContactRole, role, "role")
    if picked is not None and picked is not c.role:
        fields["role"] = picked
    here = f"/contacts/{c.id}/edit"
    if not fields:
        return render.redirect(here, ("ok", "Nothing changed: the page already said that."))
    with render.labelled(request, f"contact edit #{c.id} {c.name}"):
        updated = t.edit_contact(str(c.id), **fields)
    return render.redirect(
        render.back(request, here, next), ("ok", f"Saved {updated.name}."), undo=undo_path(t)
    )


@router.get("/contacts/{contact_id:int}/delete")
def confirm_contact_delete(request: Request, contact_id: int) -> Response:
    """Ask before a contact goes to the trash."""
    c = render.tracker(request).find_contact(str(contact_id))
    return render.confirm(
        request,
        title=f"Delete {c.name}?",
        question=f"Move {c.name} to the trash?",
        points=[
            "The messages logged with them go too; the applications stay, and their plans "
            "are made again without them.",
            "You can take it back with Undo, or restore it from the Trash until you empty it.",
        ],
        action=f"/contacts/{c.id}/delete",
        button="Move them to the trash",
        cancel=f"/contacts/{c.id}/edit",
    )


@router.post("/contacts/{contact_id:int}/delete")
def contact_delete(request: Request, contact_id: int) -> Response:
    """Move a contact to the trash with the touches logged with them."""
    t = render.tracker(request)
    c = t.find_contact(str(contact_id))
    with render.labelled(request, f"contact delete #{c.id} {c.name}"):
        t.delete_contact(str(c.id))
    return render.redirect(
        "/contacts",
        ("ok", f"Moved {c.name} to the trash."),
        undo=restore_path(t, f"contact #{c.id} {c.name}"),
    )

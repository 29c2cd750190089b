"""Mail: scan a mailbox, review what doorajar was unsure about, confirming or correcting
each in one click, and fix any message it filed wrong (a fix is remembered for that sender
and template). The application page's "Fix this message" form posts here too."""

from __future__ import annotations

import contextlib
import hashlib
import re
from pathlib import Path

from fastapi import APIRouter, Form, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.responses import Response

from doorajar.errors import InvalidInput, NotFound
from doorajar.files import write_private
from doorajar.mail.demo_mailbox import FILENAME as DEMO_MAILBOX
from doorajar.model import Category, RejectionKind, Stage
from doorajar.web import forms, render
from doorajar.web.app import NavItem

NAV = NavItem("Review", "/review", 25)
router = APIRouter()


@router.get("/review")
def review(request: Request) -> Response:
    """The messages waiting for a decision, and the scan form."""
    t = render.tracker(request)
    items = t.mail.review_items(recent=20)
    home = request.app.state.settings.location.home
    demo = home / DEMO_MAILBOX
    return render.page(
        request,
        "review.html",
        items=[i for i in items if i.status in ("review", "quarantined")],
        filed=[i for i in items if i.status not in ("review", "quarantined")],
        scanned=t.mail.sources(),
        demo=str(demo) if demo.is_file() else None,
        categories=list(Category),
        kinds=list(RejectionKind),
        stages=list(Stage),
    )


@router.post("/scan")
def scan(request: Request, source: str = Form("")) -> Response:
    """Read a mailbox and file what is new."""
    spec = forms.text(source)
    if spec is None:
        raise InvalidInput("Name a mailbox: an mbox file, a Maildir, an .eml file or a folder.")
    return _scanned(request, _inside_home(spec, request.app.state.settings.location.home))


@router.post("/scan/upload")
async def scan_upload(request: Request) -> Response:
    """Keep an uploaded mbox or .eml file in the data home's mail folder, then scan it."""
    upload = (await request.form()).get("mailbox")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise InvalidInput("Choose a mailbox file to upload: an mbox or an .eml file.")
    await upload.seek(0)
    data = await upload.read()
    name = Path(upload.filename).name
    if not data.strip():
        raise InvalidInput(f"{name} is empty: no mail to read.")
    kept = _keep_upload(request.app.state.settings.location.home, name, data)
    return await run_in_threadpool(_scanned, request, str(kept))


def _scanned(request: Request, spec: str) -> Response:
    r = render.tracker(request).mail.scan(spec)
    if r.failed:
        raise InvalidInput(r.error or f"Could not read {spec}.")
    text = (
        f"Scanned {r.source}: nothing new."
        if r.unchanged
        else f"Scanned {r.source}: {r.read} read, {r.new} new, {r.filed} filed, "
        f"{r.review} to review, {r.ignored} not about your search."
    )
    notes = [("warn", r.error)] if r.error else []
    return render.redirect("/review", ("ok", text), *notes)


# Uploaded mailboxes are kept here, inside the data home, under a name made from their
# content: the same file uploaded again is recognised (a rescan reads nothing new), and a
# different file never takes over the resume point of another one of the same name.
MAIL_FOLDER = "mail"
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def _keep_upload(home: Path, name: str, data: bytes) -> Path:
    folder = home / MAIL_FOLDER
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise InvalidInput(f"{folder} is not a folder of the data home; nothing was read.")
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError as exc:
        raise InvalidInput(f"Cannot keep the upload in {folder}: {exc.strerror}.") from None
    stem = _SAFE_NAME.sub("-", Path(name).stem).strip("-.")[:60] or "mailbox"
    suffix = ".eml" if name.lower().endswith(".eml") else ".mbox"
    target = folder / f"{stem}-{hashlib.sha256(data).hexdigest()[:12]}{suffix}"
    if not target.is_file():
        write_private(target, data)
    return target


@router.post("/review/{item_id:int}/confirm")
def confirm(request: Request, item_id: int) -> Response:
    """File the message as doorajar read it."""
    sc = render.tracker(request).mail.confirm(item_id)
    return render.redirect("/review", ("ok", f"Filed: {sc.outcome}."))


@router.post("/review/{item_id:int}/correct")
def correct(
    request: Request,
    item_id: int,
    category: str = Form(""),
    company: str | None = Form(None),
    kind: str | None = Form(None),
    stage: str | None = Form(None),
    role: str | None = Form(None),
) -> Response:
    """File the message as you say; doorajar remembers it for that sender."""
    cat = forms.pick(Category, category, "category")
    if cat is None:
        raise InvalidInput("Say what the message is.")
    done = render.tracker(request).mail.fix(
        item_id,
        category=cat,
        company=forms.text(company),
        kind=forms.pick(RejectionKind, kind, "kind of rejection"),
        stage=forms.stage(stage),
        role=forms.text(role),
    )
    return render.redirect("/review", ("ok", f"Filed as you said: {done.scanned.outcome}."))


_BACK = re.compile(r"/applications/(\d{1,18})")


@router.post("/review/{item_id:int}/fix")
def fix(
    request: Request,
    item_id: int,
    not_job: str | None = Form(None),
    category: str | None = Form(None),
    company: str | None = Form(None),
    kind: str | None = Form(None),
    role: str | None = Form(None),
    back: str | None = Form(None),
) -> Response:
    """Fix a message read wrong: it is filed again as you say, or set aside as no job mail
    with what it created; back to the page the form was on (or Review, when the
    application it was on went with it)."""
    t = render.tracker(request)
    done = t.mail.fix(
        item_id,
        not_job=bool(not_job),
        category=forms.pick(Category, category, "category"),
        company=forms.text(company),
        kind=forms.pick(RejectionKind, kind, "kind of rejection"),
        role=forms.text(role),
    )
    c = done.scanned.classification
    what = "not job mail" if c.category is Category.OTHER else c.category.value.replace("_", " ")
    text = f"Fixed message {item_id} as {what}: {done.scanned.outcome}."
    if done.removed:
        text += " Removed " + ", ".join(done.removed) + "."
    to = "/review"
    m = _BACK.fullmatch(back or "")
    if m is not None:
        with contextlib.suppress(NotFound):  # the application is gone: back to Review
            t.show(m.group(1))
            to = m.group(0)
    return render.redirect(to, ("ok", text))


def _inside_home(spec: str, home: Path) -> str:
    """The web reads mailboxes inside the data home only (or an IMAP account, or an upload,
    kept in the home's mail folder): a page must never make the server read an arbitrary
    file, a FIFO or a device."""
    if spec.lower().startswith(("imap://", "imaps://")):
        return spec
    root = home.resolve()
    path = Path(spec).expanduser()
    if not path.is_absolute():
        path = root / path
    path = path.resolve()
    outside = InvalidInput(
        f"The web reads mailboxes inside your data home only ({root}); copy the mailbox "
        "there first."
    )
    if not path.is_relative_to(root):
        raise outside
    if path.exists() and not (path.is_file() or path.is_dir()):
        raise InvalidInput(f"{path} is not a file or a folder; nothing was read.")
    if path.is_dir():
        # a link inside the folder must not lead the scan out of the home either
        for entry in path.rglob("*"):
            if entry.is_symlink() and not entry.resolve().is_relative_to(root):
                raise outside
            if entry.exists() and not (entry.is_file() or entry.is_dir()):
                raise InvalidInput(f"{entry} is not a file or a folder; nothing was read.")
    return str(path)

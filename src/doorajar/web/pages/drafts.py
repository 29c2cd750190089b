"""The draft editor: the message for an action, its variants, your own words, the tone
guard running as you type, and export, Drafts folder or sending after a confirmation."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from doorajar.drafts.compose import Request as DraftRequest
from doorajar.errors import DoorajarError, InvalidInput
from doorajar.model import KINDS
from doorajar.web import forms, render, views

router = APIRouter()

# What each kind of action is drafted as (the template kind).
ACTION_KINDS = {a.value: k for k, a in reversed(KINDS.items())}


@router.post("/applications/{app_id:int}/draft")
def start(
    request: Request,
    app_id: int,
    kind: str | None = Form(None),
    variant: str | None = Form(None),
    appreciation: str | None = Form(None),
    detail: str | None = Form(None),
    to: str | None = Form(None),
    fresh: bool = Form(False),
) -> Response:
    """Open (or write afresh) the draft for an application's next message."""
    ask = DraftRequest(
        kind=ACTION_KINDS.get(kind or "", kind) if kind else None,
        variant=forms.text(variant),
        appreciation=forms.text(appreciation),
        detail=forms.text(detail),
        to=forms.text(to),
    )
    p = render.tracker(request).drafts.prepare(str(app_id), ask, fresh=fresh)
    return render.redirect(f"/drafts/{p.id}")


@router.get("/drafts/{draft_id:int}")
def editor(request: Request, draft_id: int) -> Response:
    """The editor for one draft."""
    t = render.tracker(request)
    p = t.drafts.get(draft_id)
    d = p.draft
    refusal = t.drafts.refusal(p, web=True)
    headers: list[tuple[str, str]] = []
    if refusal is None and not d.by_linkedin:
        try:
            headers = t.drafts.outgoing_headers(p)
        except DoorajarError as exc:  # a header that could not go out: say so before Go
            refusal = exc.message
    return render.page(
        request,
        "draft.html",
        headers=headers,
        p=p,
        d=d,
        app=t.show(str(p.application_id)).application,
        variants=t.drafts.templates().variants(d.lang, d.kind),
        pieces=views.marked(d.body, p.findings),
        held=t.drafts.held_until(p),
        refusal=refusal,
        ways=t.drafts.ways(),
        mailto=t.drafts.mailto_link(p),
    )


@router.post("/drafts/check")
def check(
    request: Request,
    body: str = Form(""),
    kind: str | None = Form(None),
    lang: str | None = Form(None),
    draft: int | None = Form(None),
) -> Response:
    """The tone guard on the text being typed: findings and where they are (a fragment).
    From a draft's editor it judges the text as that draft, as `ajar draft` does."""
    drafts = render.tracker(request).drafts
    if draft is not None:
        report = drafts.check_draft(draft, body)
    else:
        report = drafts.check(body, kind=forms.text(kind), lang=forms.text(lang))
    findings = list(report.findings)
    return render.fragment(
        request, "_findings.html", findings=findings, pieces=views.marked(body, findings)
    )


@router.post("/drafts/{draft_id:int}")
def save(
    request: Request, draft_id: int, subject: str = Form(""), body: str = Form("")
) -> Response:
    """Keep the edited text."""
    render.tracker(request).drafts.edit(draft_id, f"Subject: {subject.strip()}\n\n{body}")
    return render.redirect(f"/drafts/{draft_id}", ("ok", "Draft saved."))


@router.post("/drafts/{draft_id:int}/send")
def send(
    request: Request,
    draft_id: int,
    via: str = Form("eml"),
    confirm: bool = Form(False),
) -> Response:
    """Download as .eml (a draft, not logged as sent), put in the Drafts folder, or send: only
    a ready draft, after the cool-off, and (to send) after you confirm what goes out."""
    t = render.tracker(request)
    p = t.drafts.get(draft_id)
    until = t.drafts.held_until(p)
    if until is not None and not confirm:
        t.drafts.hold(p, until)
        local = render.day(until, t.tz(), with_time=True)
        raise InvalidInput(
            f"Let it settle first: it's kept as a private note. Hand it over after {local}, or "
            "tick “Hand it over now” to say you are sure."
        )
    if via in ("smtp", "drafts") and not confirm:
        raise InvalidInput("Read it through, then tick the box to confirm before it leaves.")
    if via not in t.drafts.ways():
        raise InvalidInput(
            "That way is not set up: add your mail server under Settings, or use another way."
        )
    if via == "eml":
        # a download is a draft for the user's mail program, not a sent message
        name, data = t.drafts.eml_download(p, web=True)
        return Response(
            data,
            media_type="message/rfc822",
            headers={"content-disposition": f'attachment; filename="{name}"'},
        )
    sent = t.drafts.deliver(p, via, web=True)
    return render.redirect(
        f"/applications/{p.application_id}", ("ok", f"Done: {sent.via} ({sent.where}).")
    )


@router.post("/drafts/{draft_id:int}/journal")
def journal(request: Request, draft_id: int) -> Response:
    """Keep the text as a private journal entry instead of sending it."""
    t = render.tracker(request)
    p = t.drafts.get(draft_id)
    t.drafts.keep_as_journal(p)
    return render.redirect(
        f"/applications/{p.application_id}", ("ok", "Kept as a private journal note.")
    )

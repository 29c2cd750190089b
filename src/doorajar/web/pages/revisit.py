"""The revisit list: companies that said no after an interview, and when to look again."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from doorajar.errors import InvalidInput
from doorajar.web import forms, render
from doorajar.web.app import NavItem
from doorajar.web.pages.history import undo_path

NAV = NavItem("Revisit", "/revisit", 35)
router = APIRouter()


PER_PAGE = 50


@router.get("/revisit")
def revisit(request: Request) -> Response:
    """Companies to look at again, soonest first, a page at a time."""
    found = render.tracker(request).relations.revisit_page(
        forms.page_number(request.query_params.get("page")), PER_PAGE
    )

    def link(page: int) -> str:
        return f"/revisit?page={page}"

    t = render.tracker(request)
    return render.page(
        request,
        "revisit.html",
        watched=t.watch.watched(),
        watch_on=t.settings().watch_enabled,
        entries=found.entries,
        total=found.total,
        page=found.page,
        pages=found.pages,
        link=link,
    )


# --- the job-board watch -------------------------------------------------------------------

HERE = "/revisit#watch-heading"
# a check's outcome per board, at most this many lines on top of the page
MAX_LINES = 4


@router.post("/revisit/watch/switch")
def switch(request: Request, on: str = Form("")) -> Response:
    """Let the watch read the public job boards, or stop it; what was seen stays."""
    t = render.tracker(request)
    wanted = on == "1"
    with render.labelled(request, "watch on" if wanted else "watch off"):
        t.watch.switch(wanted)
    said = (
        "The job-board watch is on: Check the boards now reads them."
        if wanted
        else "The job-board watch is off: no board will be read; what it saw stays."
    )
    return render.redirect(HERE, ("ok", said), undo=undo_path(t))


@router.post("/revisit/watch/check")
def check(request: Request) -> Response:
    """Read every due board of the watched companies now, as one more writer in line."""
    t = render.tracker(request)
    if not t.settings().watch_enabled:
        return render.redirect(
            HERE, ("error", "The job-board watch is off, so no board was read; switch it on first.")
        )
    before = undo_path(t)
    with render.labelled(request, "check the job boards"):
        results = t.watch.check()
    failed = [r for r in results if r.status in ("error", "gone")]
    missing = sum(1 for r in results if r.status == "no_board")
    waiting = sum(1 for r in results if r.status == "skipped")
    fits = sum(len(r.notified) for r in results)
    read = len(results) - missing - waiting
    summary = f"Read {render.plural(read, 'board')}: {render.plural(fits, 'new opening')} that fit"
    summary += "s, in Today." if fits == 1 else ", in Today."
    if waiting:
        summary += (
            f" {render.plural(waiting, 'board')} read in the last "
            f"{t.settings().watch_every_hours} hours, not asked again."
        )
    if missing:
        summary += f" No board known for {render.plural(missing, 'company', 'companies')}."
    shown = failed if len(failed) <= MAX_LINES else failed[: MAX_LINES - 1]
    lines = [("ok", summary)] + [("error", f"{r.company} ({r.board}): {r.message}") for r in shown]
    if len(failed) > len(shown):
        lines.append(
            ("error", f"{len(failed) - len(shown)} more boards failed; each says why below.")
        )
    after = undo_path(t)
    return render.redirect(HERE, *lines, undo=after if after != before else None)


@router.post("/revisit/watch/board")
def board(request: Request, company: str = Form(""), board: str = Form("")) -> Response:
    """Watch a company's board, or correct the one the watch guessed."""
    t = render.tracker(request)
    spec = forms.text(board)
    if spec is None:
        raise InvalidInput(
            "Give the board as vendor:token (e.g. greenhouse:acme) or a careers URL."
        )
    with render.labelled(request, f"watch board {company.strip()[:60]}"):
        w = t.watch.add(company, spec)
    return render.redirect(HERE, ("ok", f"Watching {w.company} on {w.spec}."), undo=undo_path(t))

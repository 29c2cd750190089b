"""The web UI end to end in a real headless Chromium (Debian's), as a person uses it.

Set AJAR_SCREENSHOTS=docs to refresh the screenshots in docs/ that the README shows.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from email import message_from_bytes
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from doorajar import demo
from doorajar.config import resolve
from doorajar.drafts.compose import Request as DraftRequest
from doorajar.mail.demo_mailbox import install
from doorajar.model import RejectionKind, Stage
from doorajar.service import Tracker
from doorajar.web import WebSettings, create_app
from doorajar.web.pages.calendar import token as calendar_token
from tests.helpers import body_text
from tests.scan_helpers import BULK, FORM_REJECTION, NEWSLETTER_QUOTING_A_REJECTION, eml, mbox
from tests.servers import unavailable

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "tests" / "data" / "axe" / "axe.min.js"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright Python package is missing")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tracker: Tracker, home: Path) -> Iterator[str]:
    """The web UI on a free loopback port, served by uvicorn in a thread."""
    port = _free_port()
    app = create_app(WebSettings(resolve(home), port=port, sweep_every_seconds=None))
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web server did not start")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    problems: list[str] = []
    pg.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: problems.append(str(e)))
    pg.problems = problems
    yield pg
    context.close()


def test_add_reject_write_and_see_today_update(
    page: Any, server: str, clock: Any, tracker: Tracker
) -> None:
    tracker.set_config("user_name", "Sam Rivera")
    tracker.set_config("user_email", "sam@example.com")
    page.goto(server + "/")
    assert "Nothing due" in page.locator("main").inner_text()

    # add an application with the quick-add form
    page.get_by_role("link", name="Applications", exact=True).click()
    page.get_by_label("Company").fill("Acme Robotics")
    page.get_by_label("Role", exact=True).fill("Senior Data Engineer")
    page.get_by_label("Where you found it").fill("linkedin")
    page.get_by_role("button", name="Log it").click()
    page.wait_for_url("**/applications/1")
    assert "Logged #1 Senior Data Engineer at Acme Robotics." in page.inner_text(".flashes")
    # the page changed through HTMX, not a reload: what this window remembers survives
    page.evaluate("window.stillHere = true")

    # a personal rejection after the final round, from someone who interviewed you
    page.get_by_label("Kind").select_option("personal")
    page.get_by_label("Last stage reached").select_option("final_round")
    page.get_by_label("From (a name)").fill("Dana Li")
    tracker.add_contact("Dana Li", company="Acme Robotics", email="dana@acme.example")
    page.get_by_label("Feedback that came with it").fill("Strong, but we needed more Spark.")
    page.get_by_role("button", name="Record the rejection").click()
    page.get_by_text("Triage: personal rejection").wait_for()
    assert page.evaluate("window.stillHere") is True
    plan = page.locator("#plan-h + ul").inner_text()
    assert "Send a short thank-you" in plan
    assert "Strong, but we needed more Spark." in page.locator(".timeline").inner_text()

    # an hour later, write the thank-you from Today
    clock.advance(hours=2)
    page.get_by_role("link", name="Today", exact=True).click()
    page.wait_for_url(server + "/")
    item = page.locator("li.action", has_text="Send a short thank-you")
    assert item.count() == 1
    item.get_by_role("button", name="Write it").click()
    page.wait_for_url("**/drafts/*")
    page.get_by_label("One specific thing you appreciated").fill("the design session on Spark")
    page.get_by_role("button", name="Write it again with these").click()
    page.get_by_text("the design session on Spark").first.wait_for()

    # an angry sentence: the tone guard speaks up while you type, and calms when it is fixed
    body = page.get_by_label("Message")
    body.press("Control+End")
    body.press_sequentially(" I demand an explanation!!!", delay=5)
    page.locator("#tone mark.error", has_text="I demand an explanation").wait_for()
    assert "demands reasons" in page.locator("#tone").inner_text()
    body.press("Control+End")
    for _ in range(len(" I demand an explanation!!!")):
        body.press("Backspace")
    page.locator("#tone mark.error").wait_for(state="detached")
    page.get_by_role("button", name="Save the draft").click()
    page.locator(".flash", has_text="Draft saved.").wait_for()

    # download the .eml: a draft for the mail program, so the thank-you is still to send
    with page.expect_download() as download:
        page.get_by_role("button", name="Download as .eml").click()
    eml = message_from_bytes(download.value.path().read_bytes(), policy=default)
    assert "dana@acme.example" in eml["To"]
    assert eml["X-Unsent"] == "1"
    assert "the design session on Spark" in body_text(eml)
    page.goto(server + "/")
    assert page.locator("li.action", has_text="Send a short thank-you").count() == 1

    # skip needs a reason; snooze moves it on
    connect = page.locator("li.action", has_text="Connect on LinkedIn")
    connect.locator("summary", has_text="Skip").click()
    connect.get_by_label("Why skip it?").fill("not on LinkedIn")
    connect.get_by_role("button", name="Skip", exact=True).click()
    page.locator(".flash", has_text="Skipped: Connect on LinkedIn").wait_for()

    # one click marks an action done, and Today updates in place
    page.evaluate("window.stillHere = true")
    reflect = page.locator("li.action", has_text="Reflect on what went well")
    assert reflect.count() == 1
    reflect.get_by_role("button", name="Done").click()
    page.locator(".flash", has_text="Done: Reflect on what went well").wait_for()
    assert page.locator("li.action", has_text="Reflect on what went well").count() == 0
    assert page.evaluate("window.stillHere") is True  # swapped in place, not reloaded
    assert page.problems == []


def test_delete_from_the_page_leaves_today_and_undo_brings_it_back(
    page: Any, server: str, tracker: Tracker
) -> None:
    now = tracker.now()
    app = tracker.apply("Substack", "Role not stated", at=now - timedelta(days=3)).application
    tracker.reject(str(app.id), kind=RejectionKind.PERSONAL, at=now - timedelta(hours=2))
    page.goto(server + "/")
    assert "Substack" in page.locator("#agenda").inner_text()

    page.locator("#agenda").get_by_role("link", name="Role not stated at Substack").first.click()
    page.wait_for_url(f"**/applications/{app.id}")
    page.get_by_role("link", name="Delete…").click()
    page.wait_for_url(f"**/applications/{app.id}/delete")
    assert "Move #1 Role not stated at Substack to the trash?" in page.inner_text("main")
    page.get_by_role("button", name="Move it to the trash").click()
    page.wait_for_url(server + "/")
    notice = page.locator(".flash", has_text="Moved #1 Role not stated at Substack to the trash.")
    notice.wait_for()
    assert "Substack" not in page.locator("#agenda").inner_text()
    assert tracker.applications() == []

    notice.get_by_role("button", name="Undo").click()
    page.locator(".flash", has_text="Restored #1 Role not stated at Substack.").wait_for()
    assert page.url == server + "/"
    assert "Substack" in page.locator("#agenda").inner_text()
    assert [a.id for a in tracker.applications()] == [app.id]
    assert page.problems == []


def test_scan_the_demo_mailbox_and_review(page: Any, server: str, sample: Tracker) -> None:
    page.goto(server + "/review")
    page.get_by_role("button", name="Scan it").click()
    flash = page.locator(".flash", has_text="21 read")
    flash.wait_for()
    assert "1 to review" in flash.inner_text()
    item = page.locator("li.review").first
    subject = item.locator("h3").inner_text()
    item.locator("summary", has_text="No, it is something else").click()
    item.get_by_label("It is").select_option("rejection")
    item.get_by_role("button", name="File it so").click()
    page.locator(".flash", has_text="Filed as you said").wait_for()
    assert page.locator("li.review", has_text=subject).count() == 0  # no longer held
    assert page.locator("li.filed", has_text=subject).count() == 1  # filed, and fixable
    assert page.problems == []


def test_the_editor_marks_an_insulting_sentence_and_lets_it_go_when_fixed(
    page: Any, server: str, sample: Tracker
) -> None:
    sample.set_config("user_name", "Sam Rivera")
    words = DraftRequest(kind="reply", appreciation="the design session with Marcus")
    draft = sample.drafts.prepare("Acme Robotics", words)
    page.goto(server + f"/drafts/{draft.id}")
    page.locator("#tone").wait_for()
    assert page.locator("#tone mark.error").count() == 0, page.locator("#tone").inner_text()
    body = page.get_by_label("Message")
    insult = "Honestly, your hiring team is a bunch of clueless amateurs."
    body.press("Control+End")
    body.press_sequentially("\n" + insult, delay=2)
    # the offending sentence is marked where it stands, named, and a rewrite is offered
    page.locator("#tone mark.error", has_text=insult).wait_for()
    tone_box = page.locator("#tone")
    assert "insult" in tone_box.locator("ol.errors").inner_text()
    assert insult in tone_box.locator("ol.errors q.sentence").inner_text()
    assert "Thank you for letting me know" in tone_box.locator(".suggestion").first.inner_text()
    # fixing it makes the flag go
    body.press("Control+End")
    for _ in range(len(insult) + 1):
        body.press("Backspace")
    page.locator("#tone mark.error").wait_for(state="detached")
    assert "nothing to fix" in page.locator("#tone").inner_text()
    assert page.problems == []


def test_keyboard_reaches_the_content_and_sees_focus(page: Any, server: str) -> None:
    page.goto(server + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the content"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


@pytest.fixture
def sample(tracker: Tracker, home: Path) -> Tracker:
    demo.load(tracker)
    install(home, tracker.now())
    tracker.drafts.prepare("Acme Robotics", DraftRequest(kind="reply"))
    tracker.patterns.journal_add("Acme Robotics", "The final round went well; Spark is the gap.", 3)
    return tracker


MAIN_PAGES = {
    "today": "/",
    "applications": "/applications",
    "board": "/applications/board?show=all",
    "application": "/applications/{acme}",
    "contacts": "/contacts",
    "settings": "/settings",
    "draft": "/drafts/1",
    "review": "/review",
    "revisit": "/revisit",
    "patterns": "/patterns",
    "goals": "/goals",
    "history": "/history",
    "trash": "/trash",
    "merge": "/applications/{acme}/merge",
    "contact": "/contacts/1/edit",
    "person": "/contacts/1",
    "data": "/data",
    "printable-history": "/data/history",
    "reflect": "/applications/{acme}/reflect",
    "digest": "/digest",
    "setup": "/setup",
}


def _acme(t: Tracker) -> int:
    return t.resolve("Acme Robotics").id


def _axe(pg: Any, source: str, server: str, sample: Tracker) -> dict[str, list[str]]:
    """Every page through axe: its violations of any impact, by page."""
    found: dict[str, list[str]] = {}
    for name, path in MAIN_PAGES.items():
        pg.goto(server + path.format(acme=_acme(sample)))
        pg.evaluate(source)
        result = pg.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        bad = [
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + json.dumps([n["target"] for n in v["nodes"][:3]])
            for v in result["violations"]
        ]
        if bad:
            found[name] = bad
    return found


@pytest.mark.parametrize(
    ("scheme", "width"), [("light", 1200), ("dark", 1200), ("light", 360), ("dark", 360)]
)
def test_every_page_passes_axe(
    browser: Any, server: str, sample: Tracker, scheme: str, width: int
) -> None:
    # axe is injected as a script, so this one context lets it past the page's CSP
    context = browser.new_context(
        bypass_csp=True, color_scheme=scheme, viewport={"width": width, "height": 800}
    )
    found = _axe(context.new_page(), AXE.read_text(encoding="utf-8"), server, sample)
    context.close()
    assert found == {}


# Controls smaller than a fingertip, and blocks that stick out of the screen, at phone
# width (a link inside a sentence is exempt, as WCAG's target-size rule allows).
_PHONE_PROBLEMS = """() => {
  const out = [];
  const tap = 'main a, main button, main select, main input:not([type=hidden]), main summary, header a, header button';
  for (const el of document.querySelectorAll(tap)) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height) continue;
    if (el.tagName === 'A' && !el.classList.contains('button') && el.closest('p, li, td, th, dd, small, h1, h2, h3, span')) continue;
    if (el.classList.contains('link') && el.closest('p, li, td, form.inline')) continue;
    if (el.type === 'checkbox' || el.type === 'radio') continue;
    if (r.height < 43.5) out.push('small: ' + el.outerHTML.slice(0, 90));
  }
  const blocks = [...document.querySelectorAll('main .card, main section, main li.action, main form, main .table-wrap')].filter(el => !el.parentElement.closest('.board, .table-wrap'));
  for (const el of blocks) {
    if (el.getBoundingClientRect().right > window.innerWidth + 0.5) out.push('outside: ' + el.outerHTML.slice(0, 90));
  }
  return out;
}"""


def test_phone_width_every_page_fits_with_big_enough_targets(
    browser: Any, server: str, sample: Tracker
) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 780}, is_mobile=True)
    pg = context.new_page()
    found: dict[str, Any] = {}
    for name, path in MAIN_PAGES.items():
        pg.goto(server + path.format(acme=_acme(sample)))
        overflow = pg.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        problems = pg.evaluate(_PHONE_PROBLEMS)
        if overflow > 0 or problems:
            found[name] = {"overflow": overflow, "problems": problems[:4]}
    context.close()
    assert found == {}


def test_today_has_no_dead_space_under_an_action_at_phone_width(
    browser: Any, server: str, sample: Tracker
) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 780}, is_mobile=True)
    pg = context.new_page()
    pg.goto(server + "/")
    gaps = pg.evaluate(
        """() => [...document.querySelectorAll('li.action .what')].map(what => {
      const last = [...what.children].pop();
      return what.getBoundingClientRect().bottom - last.getBoundingClientRect().bottom;
    })"""
    )
    context.close()
    assert gaps
    assert max(gaps) < 8, gaps


def test_pages_load_with_the_strict_csp_and_no_errors(
    page: Any, server: str, sample: Tracker
) -> None:
    for path in MAIN_PAGES.values():
        page.goto(server + path.format(acme=_acme(sample)))
    assert page.evaluate("typeof htmx") == "object"
    assert page.problems == []


def test_screenshots_of_the_main_pages(
    browser: Any, server: str, sample: Tracker, tmp_path: Path
) -> None:
    out = ROOT / "docs" if os.environ.get("AJAR_SCREENSHOTS") == "docs" else tmp_path
    out.mkdir(exist_ok=True)
    shots: list[Path] = []
    location = sample.location
    assert location is not None  # the tracker fixture opens the test's home
    sample.mail.scan(str(next(location.home.glob("*.mbox"))))
    every = tuple(n for n in MAIN_PAGES if n not in ("merge", "contact", "printable-history"))
    shots_of = (  # (scheme, width, pages, file suffix)
        ("light", 1200, every, ""),
        ("dark", 1200, ("today", "application", "patterns", "draft"), "-dark"),
        ("light", 390, ("today", "application", "patterns", "draft", "board"), "-phone"),
        ("dark", 390, ("today", "application"), "-phone-dark"),
    )
    for scheme, width, names, suffix in shots_of:
        context = browser.new_context(
            viewport={"width": width, "height": 900 if width > 500 else 844},
            color_scheme=scheme,
            is_mobile=width < 500,
        )
        pg = context.new_page()
        for name in names:
            pg.goto(server + MAIN_PAGES[name].format(acme=_acme(sample)), wait_until="networkidle")
            target = out / f"web-{name}{suffix}.png"
            pg.screenshot(path=str(target))
            shots.append(target)
        context.close()
    for shot in shots:
        assert shot.stat().st_size > 10_000, shot


def test_fix_a_newsletter_from_the_application_page_and_a_message_from_review(
    page: Any, server: str, tracker: Tracker, home: Path
) -> None:
    tracker.apply("Acme Robotics", "Data Engineer", at=tracker.now() - timedelta(days=12))
    work = mbox(home / "work.mbox", eml(*FORM_REJECTION, days_ago=2, mid="r1"))
    tracker.mail.scan(str(work))
    feed = f"{server}/calendar/{calendar_token(home)}.ics"

    def seen() -> dict[str, str]:
        out = {}
        for name, path in (("today", "/"), ("patterns", "/patterns"), ("list", "/applications")):
            page.goto(server + path)
            out[name] = page.locator("main").inner_text()
        out["calendar"] = page.request.get(feed).text()
        return out

    clean = seen()
    mbox(home / "news.mbox", eml(*NEWSLETTER_QUOTING_A_REJECTION, days_ago=1, mid="n1", extra=BULK))
    page.goto(server + "/review")
    page.get_by_label("Mailbox in your data home").fill("news.mbox")
    page.get_by_role("button", name="Scan it").click()
    page.locator(".flash", has_text="1 filed").wait_for()
    misread = seen()
    assert [k for k in clean if misread[k] != clean[k]] == ["today", "patterns", "list", "calendar"]
    assert "Career Notes" in misread["today"]

    # from the application page the newsletter created: not job mail
    page.goto(server + "/applications")
    page.get_by_role("link", name="Career Notes").first.click()
    page.wait_for_url("**/applications/2")
    email = page.locator("details.email", has_text=NEWSLETTER_QUOTING_A_REJECTION[1])
    email.locator("summary").first.click()
    email.locator("summary", has_text="Fix this message").click()
    email.get_by_label("Not job mail").check()
    email.get_by_role("button", name="Fix it").click()
    page.wait_for_url("**/review")  # the application went with it
    flash = page.locator(".flash", has_text="as not job mail").inner_text()
    assert "Removed application #2 Data Engineer at Career Notes" in flash
    assert seen() == clean

    # from Review: Acme's rejection was a personal one
    page.goto(server + "/review")
    item = page.locator("li.filed", has_text=FORM_REJECTION[1])
    item.locator("summary", has_text="Fix this message").click()
    item.get_by_label("Kind (for a rejection)").select_option("personal")
    item.get_by_role("button", name="Fix it").click()
    page.locator(".flash", has_text="Fixed message 1 as rejection").wait_for()
    assert [r.kind.value for r in tracker.show("Acme").rejections] == ["personal"]
    assert page.problems == []


def test_drag_a_card_to_another_stage_on_the_board(
    page: Any, server: str, tracker: Tracker
) -> None:
    app = tracker.apply("Acme Robotics", "Data Engineer", at=tracker.now() - timedelta(days=9))
    page.goto(server + "/applications/board")
    card = page.locator(f'li[data-app="{app.application.id}"]')
    card.drag_to(page.locator('[data-stage="recruiter_screen"]'))
    page.locator(".flash", has_text="Now at recruiter screen").wait_for()
    assert page.url == server + "/applications/board"
    column = page.locator('[data-stage="recruiter_screen"]')
    assert column.locator(f'li[data-app="{app.application.id}"]').count() == 1
    assert tracker.show(str(app.application.id)).application.stage.value == "recruiter_screen"
    assert page.problems == []


def _tab_to(page: Any, target: str | Any, limit: int = 150) -> None:
    """Press Tab until `target` (a CSS selector or a locator) has the focus, as a keyboard
    user does."""
    element = (page.locator(target) if isinstance(target, str) else target).first
    element.wait_for()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if element.evaluate("el => el === document.activeElement"):
            return
    pytest.fail(f"Tab never reached {target}")


def test_keyboard_only_reject_write_fix_and_mark_done(
    page: Any, server: str, clock: Any, tracker: Tracker
) -> None:
    tracker.set_config("user_name", "Sam Rivera")
    now = tracker.now()
    app = tracker.apply("Acme Robotics", "Data Engineer", at=now - timedelta(days=20)).application
    tracker.advance(str(app.id), Stage.FINAL_ROUND, at=now - timedelta(days=4))
    tracker.add_contact("Dana Li", company="Acme Robotics", email="dana@acme.example")
    page.goto(server + f"/applications/{app.id}")
    # log the rejection
    _tab_to(page, "#rej-kind")
    page.keyboard.press("End")  # the last kind: personal
    _tab_to(page, "#rej-from")
    page.keyboard.type("Dana Li")
    _tab_to(page, "form[action*='/reject?'] button[type=submit]")
    page.keyboard.press("Enter")
    page.get_by_text("Triage: personal rejection").wait_for()
    clock.advance(hours=2)
    page.goto(server + "/")
    # write the thank-you from Today
    thanks = page.locator("li.action", has_text="Send a short thank-you")
    _tab_to(page, thanks.locator("form[action*='/draft?'] button"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/drafts/*")
    _tab_to(page, "#w-appreciation")
    page.keyboard.type("the pairing session")
    page.keyboard.press("Enter")  # writes it again with these words
    page.get_by_text("the pairing session").first.wait_for()
    # an angry sentence is marked, and let go once it is fixed
    _tab_to(page, "#d-body")
    page.keyboard.press("Control+End")
    page.keyboard.type(" I demand an explanation!!!")
    angry = page.locator("#tone mark.error", has_text="I demand an explanation")
    angry.wait_for()
    for _ in range(len(" I demand an explanation!!!")):
        page.keyboard.press("Backspace")
    angry.wait_for(state="detached")
    _tab_to(page, "button:text-is('Save the draft')")
    page.keyboard.press("Enter")
    page.locator(".flash", has_text="Draft saved.").wait_for()
    # hand it over, then mark it done on Today
    _tab_to(page, "form[action*='/send?'] input[value=mailto] ~ button")
    page.keyboard.press("Enter")
    page.locator(".flash", has_text="Done").wait_for()
    reply = next(a for a in tracker.show(str(app.id)).actions if a.kind.value == "reply")
    assert reply.status.value == "done"
    page.goto(server + "/")
    reflect = page.locator("li.action", has_text="Reflect on what went well")
    _tab_to(page, reflect.locator("button.primary"))
    page.keyboard.press("Enter")
    page.locator(".flash", has_text="Done: Reflect on what went well").wait_for()
    assert page.problems == []


def test_upload_a_spreadsheet_and_download_a_backup(
    page: Any, server: str, tracker: Tracker, tmp_path: Path
) -> None:
    sheet = tmp_path / "jobs.csv"
    sheet.write_text("Company,Job Title,Date Applied\nBeta GmbH,Analyst,2026-10-05\n")
    page.goto(server + "/data")
    page.get_by_label("The file").set_input_files(str(sheet))
    page.get_by_role("button", name="Show the preview").click()
    page.locator(".summary", has_text="Will add 1 application").wait_for()
    assert tracker.applications() == []
    page.get_by_role("button", name="Import 1 row").click()
    page.locator(".flash", has_text="Added 1 application").wait_for()
    assert [a.company for a in tracker.applications()] == ["Beta GmbH"]
    page.goto(server + "/data")
    with page.expect_download() as download:
        page.get_by_role("link", name="A full backup (JSON)").click()
    backup = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert [a["company"] for a in backup["tables"]["applications"]] == ["Beta GmbH"]
    assert page.problems == []

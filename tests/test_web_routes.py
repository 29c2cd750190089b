"""The web UI in process: every page and action, and the safety rules around them."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from datetime import timedelta
from html import unescape
from pathlib import Path

import jinja2
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from doorajar.agenda.service import AgendaService
from doorajar.config import resolve
from doorajar.errors import InvalidInput
from doorajar.model import ActionKind, Outcome, RejectionKind, Stage
from doorajar.service import Tracker
from doorajar.settings import specs
from doorajar.store import repo
from doorajar.web import WebSettings, create_app, render
from doorajar.web.app import pages
from doorajar.web.pages.calendar import token
from doorajar.web.render import safe_html
from doorajar.web.security import hash_password, verify_password
from tests.helpers import Cli, Clock
from tests.web_helpers import BASE, XSS, Web, text_of


@pytest.fixture
def app(tracker: Tracker, home: Path) -> FastAPI:
    return create_app(WebSettings(resolve(home), port=8765, sweep_every_seconds=None))


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url=BASE) as c:
        yield c


@pytest.fixture
def web(client: TestClient) -> Web:
    return Web(client)


def final_round_rejection(tracker: Tracker) -> int:
    now = tracker.now()
    app = tracker.apply(
        "Acme Robotics", "Senior Data Engineer", at=now - timedelta(days=3)
    ).application
    tracker.advance(str(app.id), Stage.FINAL_ROUND, at=now - timedelta(days=1))
    tracker.reject(str(app.id), kind=RejectionKind.PERSONAL, contact="Dana Li")
    return app.id


# --- pages ------------------------------------------------------------------------------


def test_today_starts_empty_and_says_what_to_do(web: Web) -> None:
    text = text_of(web.page("/"))
    assert "Nothing due in the next 7 days" in text
    assert "0 of 5 applications this week" in text


def test_today_lists_the_plan_with_reasons_and_momentum(web: Web, tracker: Tracker) -> None:
    final_round_rejection(tracker)
    text = text_of(web.page("/"))
    assert "Send a short thank-you" in text
    assert "Senior Data Engineer at Acme Robotics" in text
    assert "Send the next application today after the no from Acme Robotics" in text
    assert "1 of 5 applications this week" in text


def test_every_menu_page_renders(web: Web, tracker: Tracker) -> None:
    app_id = final_round_rejection(tracker)
    html = web.page("/")
    for path in re.findall(r'<li><a href="(/[^"]*)"', html):
        web.page(path)
    assert {"/", "/applications", "/contacts", "/settings"} <= set(
        re.findall(r'<li><a href="(/[^"]*)"', html)
    )
    web.page("/applications/board")
    web.page(f"/applications/{app_id}")


def test_serving_notices_silence_at_start(tracker: Tracker, home: Path, clock: Clock) -> None:
    tracker.apply("Quiet Co", "Engineer", at=clock.now - timedelta(days=40))
    app = create_app(WebSettings(resolve(home), port=8765, sweep_every_seconds=3600))
    with TestClient(app, base_url=BASE) as c:
        html = c.get("/applications").text
    assert '<span class="badge rejected">rejected</span>' in html
    assert tracker.show("Quiet Co").rejection is not None


def test_unknown_application_and_page_are_404(web: Web) -> None:
    r = web.get("/applications/999")
    assert r.status_code == 404
    assert "No application #999" in text_of(r.text)
    assert web.get("/no/such/page").status_code == 404


def test_quick_add_logs_an_application_and_opens_it(web: Web) -> None:
    html = web.submit(
        "/applications",
        {
            "company": "Helio Grid",
            "role": "Analytics Engineer",
            "source": "referral",
            "applied": "2026-11-20",
        },
    )
    text = text_of(html)
    assert "Logged #1 Analytics Engineer at Helio Grid." in text
    assert "Fri 20 Nov 2026" in text
    assert "referral" in text


def test_quick_add_refuses_a_duplicate_unless_forced(web: Web) -> None:
    web.submit("/applications", {"company": "Helio Grid", "role": "Analytics Engineer"})
    r = web.post(
        "/applications",
        {"company": "Helio Grid", "role": "Analytics Engineer"},
        headers={"referer": f"{BASE}/applications"},
    )
    assert r.headers["location"] == "/applications"
    text = text_of(web.page("/applications"))
    assert "You logged Analytics Engineer at Helio Grid as #1" in text
    html = web.submit(
        "/applications", {"company": "Helio Grid", "role": "Analytics Engineer", "force": "true"}
    )
    assert "Logged #2" in text_of(html)


def test_empty_quick_add_is_refused_with_a_message(web: Web) -> None:
    r = web.post("/applications", {"company": " ", "role": ""})
    assert r.status_code == 303
    assert "An application needs a company and a role." in text_of(web.page(r.headers["location"]))


def test_application_page_shows_triage_plan_timeline_and_people(web: Web, tracker: Tracker) -> None:
    app_id = final_round_rejection(tracker)
    text = text_of(web.page(f"/applications/{app_id}"))
    assert "Triage: personal rejection" in text
    assert "you marked it as a personal rejection" in text
    assert "Ask for one piece of feedback" in text
    assert "Reached final round" in text
    assert "Personal rejection from Dana Li" in text
    assert "Dana Li" in text


def test_log_a_personal_rejection_from_the_page(web: Web, tracker: Tracker) -> None:
    app = tracker.apply("Northwind", "Data Platform Engineer").application
    text = text_of(
        web.submit(
            f"/applications/{app.id}/reject",
            {
                "kind": "",
                "stage": "hiring_manager",
                "contact": "Priya Raman",
                "reason": "another candidate had more Kafka",
                "feedback": "",
                "when": "",
            },
        )
    )
    assert "Recorded a personal rejection" in text
    assert "Triage: personal rejection" in text
    assert "Send a short thank-you" in text
    assert tracker.show(str(app.id)).application.outcome.value == "rejected"


def test_feedback_stage_note_sent_and_outcome_forms(web: Web, tracker: Tracker) -> None:
    app = tracker.apply("Kestrel", "Data Engineer II").application
    here = f"/applications/{app.id}"
    assert "Now at recruiter screen." in text_of(
        web.submit(f"{here}/stage", {"stage": "recruiter_screen", "when": ""})
    )
    assert "Note kept." in text_of(web.submit(f"{here}/notes", {"body": "Team grows in spring"}))
    web.submit(f"{here}/reject", {"kind": "personal"})
    text = text_of(web.submit(f"{here}/feedback", {"text": "More dbt, please.", "when": ""}))
    assert "Feedback recorded." in text
    assert "More dbt, please." in text
    assert "Thank them for the feedback" in text
    text = text_of(
        web.submit(f"{here}/sent", {"kind": "reply", "channel": "email", "subject": "Thanks"})
    )
    assert "Message logged." in text
    assert "Sent (email): Thanks" in text
    d = tracker.show(str(app.id))
    assert any(a.kind.value == "reply" and a.status.value == "done" for a in d.actions)
    other = tracker.apply("Quill", "Analyst").application
    text = text_of(web.submit(f"/applications/{other.id}/outcome", {"outcome": "withdrawn"}))
    assert "Outcome: withdrawn." in text


def test_a_stage_backwards_is_refused_with_the_reason(web: Web, tracker: Tracker) -> None:
    app = tracker.apply("Kestrel", "Data Engineer II").application
    tracker.advance(str(app.id), Stage.FINAL_ROUND)
    here = f"/applications/{app.id}"
    r = web.post(f"{here}/stage", {"stage": "recruiter_screen", "next": here})
    assert r.headers["location"] == here
    assert "stages only move forward" in text_of(web.page(here))


def test_done_skip_and_snooze_update_today(web: Web, tracker: Tracker, clock: Clock) -> None:
    app_id = final_round_rejection(tracker)
    clock.advance(hours=2)
    actions = {a.kind.value: a for a in tracker.show(str(app_id)).actions if a.open}
    reply, connect = actions["reply"], actions["linkedin_connect"]
    text = text_of(web.submit(f"/actions/{reply.id}/done", {"next": "/"}))
    assert "Done: Send a short thank-you." in text
    assert not re.search(rf'id="action-{reply.id}"', web.page("/"))

    r = web.post(f"/actions/{connect.id}/skip", {"reason": " ", "next": "/"})
    assert "Say why you are skipping it" in text_of(web.page(r.headers["location"]))
    text = text_of(
        web.submit(f"/actions/{connect.id}/skip", {"reason": "not on LinkedIn", "next": "/"})
    )
    assert "Skipped: Connect on LinkedIn" in text
    skipped = next(a for a in tracker.show(str(app_id)).actions if a.id == connect.id)
    assert skipped.note == "not on LinkedIn"

    reflect = next(a for a in tracker.show(str(app_id)).actions if a.open)
    text = text_of(web.submit(f"/actions/{reflect.id}/snooze", {"days": "3", "next": "/"}))
    assert "Snoozed" in text
    snoozed = next(a for a in tracker.show(str(app_id)).actions if a.id == reflect.id)
    assert snoozed.status.value == "snoozed"


def test_acting_twice_on_an_action_says_why_not(web: Web, tracker: Tracker) -> None:
    app_id = final_round_rejection(tracker)
    action = next(a for a in tracker.show(str(app_id)).actions if a.open)
    web.submit(f"/actions/{action.id}/done", {"next": "/"})
    r = web.post(f"/actions/{action.id}/done", {"next": "/"})
    assert "is already done" in text_of(web.page(r.headers["location"]))


def test_a_bad_number_in_a_form_is_a_message_not_a_crash(web: Web, tracker: Tracker) -> None:
    app_id = final_round_rejection(tracker)
    action = next(a for a in tracker.show(str(app_id)).actions if a.open)
    r = web.post(f"/actions/{action.id}/snooze", {"days": "soon", "next": "/"})
    assert r.status_code == 303
    assert "Some fields could not be read: days." in text_of(web.page("/"))


# --- the list, the board ----------------------------------------------------------------


@pytest.fixture
def many(tracker: Tracker, clock: Clock) -> None:
    """120 applications over four months, every tenth rejected (stored in one go)."""
    with tracker.tx() as s:
        for i in range(120):
            at = clock.now + timedelta(hours=20 * i)
            app = repo.add_application(
                s,
                company=f"Company {i:03d}",
                role="Engineer" if i % 2 else "Analyst",
                applied_at=at,
                now=at,
                source="linkedin" if i % 3 else "referral",
                outcome=Outcome.REJECTED if i % 10 == 0 else Outcome.ACTIVE,
            )
            assert app.id == i + 1


@pytest.mark.usefixtures("many")
def test_table_pages_and_never_renders_everything(web: Web) -> None:
    html = web.page("/applications")
    assert html.count("<tr>") == 1 + 50
    text = text_of(html)
    assert "120 applications, showing 1–50." in text
    assert "Page 1 of 3" in text
    assert "Company 119" in text  # newest first
    text = text_of(web.page("/applications?page=3"))
    assert "showing 101–120" in text
    assert "Company 000" in text


@pytest.mark.usefixtures("many")
def test_table_sorts_filters_and_searches(web: Web) -> None:
    html = web.page("/applications?sort=company&dir=asc")
    rows = re.findall(r'<td><a href="/applications/\d+">([^<]+)</a></td>', html)
    assert rows[:2] == ["Company 000", "Company 001"]
    assert 'aria-sort="ascending"' in html
    text = text_of(web.page("/applications?outcome=rejected"))
    assert "12 applications." in text
    text = text_of(web.page("/applications?source=referral&q=analyst"))
    assert "20 applications." in text
    text = text_of(web.page("/applications?q=company+007"))
    assert "1 application." in text
    text = text_of(web.page("/applications?q=nobody"))
    assert "No applications match these filters." in text
    # nonsense in the query string falls back to the defaults
    web.page("/applications?sort=evil&dir=sideways&page=-4&stage=nope")


@pytest.mark.usefixtures("many")
def test_board_counts_every_stage_and_shows_only_the_newest(web: Web) -> None:
    html = web.page("/applications/board")
    text = text_of(html)
    assert "Applied 108" in text
    assert html.count('<li class="card" draggable="true"') == 12
    assert "All 108 in the table" in text
    assert "Applied 120" in text_of(web.page("/applications/board?show=all"))


# --- contacts and settings --------------------------------------------------------------


def test_contacts_add_search_and_connect(web: Web, tracker: Tracker) -> None:
    tracker.apply("Acme Robotics", "Data Engineer")
    text = text_of(
        web.submit(
            "/contacts",
            {
                "name": "Dana Li",
                "company": "Acme Robotics",
                "role": "recruiter",
                "email": "dana@acme.example",
                "linkedin": "https://www.linkedin.com/in/dana",
            },
        )
    )
    assert "Added Dana Li." in text
    assert "dana@acme.example" in text
    assert "1 contact." in text
    c = tracker.find_contact("Dana")
    text = text_of(
        web.submit(f"/contacts/{c.id}/connected", {"value": "true", "next": "/contacts"})
    )
    assert "Dana Li: connected." in text
    assert tracker.find_contact("Dana").connected
    assert "No contact matches." in text_of(web.page("/contacts?q=zed"))
    r = web.post("/contacts", {"name": "Sam", "email": "not-an-address"})
    assert "is not an email address" in text_of(web.page(r.headers["location"]))


def test_settings_show_every_setting_with_default_and_help(web: Web) -> None:
    html = web.page("/settings")
    text = text_of(html)
    for sp in specs():
        assert f'id="set-{sp.name}"' in html
        assert unescape(sp.help) in text


def test_settings_change_and_reset(web: Web, tracker: Tracker) -> None:
    text = text_of(web.submit("/settings/weekly_target", {"value": "8"}))
    assert "weekly_target is now 8." in text
    assert tracker.settings().weekly_target == 8
    web.submit("/settings/reply_to_form", {"value": "true"})
    assert tracker.settings().reply_to_form is True
    r = web.post(
        "/settings/weekly_target", {"value": "-3"}, headers={"referer": f"{BASE}/settings"}
    )
    assert "cannot be negative" in text_of(web.page(r.headers["location"]))
    text = text_of(web.submit("/settings/weekly_target/reset"))
    assert "back to its default, 5" in text
    assert tracker.settings().weekly_target == 5
    r = web.post("/settings/no_such_thing", {"value": "1"})
    assert "Unknown setting 'no_such_thing'" in text_of(web.page(r.headers["location"]))


# --- safety -----------------------------------------------------------------------------


def test_foreign_host_headers_are_refused(client: TestClient) -> None:
    for host in ("evil.example", "evil.example:8765", "127.0.0.1:9999", ""):
        r = client.get("/", headers={"host": host})
        assert r.status_code == 421, host
    for host in ("127.0.0.1:8765", "localhost:8765"):
        assert client.get("/", headers={"host": host}).status_code == 200


def test_every_change_needs_the_csrf_token(web: Web, client: TestClient, tracker: Tracker) -> None:
    app_id = final_round_rejection(tracker)
    web.token()
    posts = [
        getattr(r, "path", "").replace("{app_id:int}", str(app_id)).replace("{action_id}", "1")
        for module in pages()
        for r in module.router.routes
        if "POST" in (getattr(r, "methods", None) or ())
    ]
    assert len(posts) >= 12
    for path in posts:
        path = re.sub(r"\{[a-z_]+(:int)?\}", "1", path)
        r = client.post(path, data={"value": "1"}, follow_redirects=False)
        assert r.status_code == 403, path
        r = client.post(f"{path}?csrf=forged", data={"value": "1"}, follow_redirects=False)
        assert r.status_code == 403, path
    assert tracker.show(str(app_id)).actions == tracker.show(str(app_id)).actions
    assert tracker.settings().weekly_target == 5


def test_csrf_token_may_come_as_a_header_but_not_from_another_origin(
    web: Web, client: TestClient, tracker: Tracker
) -> None:
    token = web.token()
    r = client.post(
        "/settings/weekly_target",
        data={"value": "7"},
        headers={"x-csrf-token": token, "hx-request": "true"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert tracker.settings().weekly_target == 7
    r = client.post(
        f"/settings/weekly_target?csrf={token}",
        data={"value": "9"},
        headers={"origin": "http://evil.example"},
        follow_redirects=False,
    )
    assert r.status_code == 403
    assert tracker.settings().weekly_target == 7
    r = client.post(
        f"/settings/weekly_target?csrf={token}",
        data={"value": "9"},
        headers={"origin": "null"},  # a sandboxed page, or a bounce through a redirect
        follow_redirects=False,
    )
    assert r.status_code == 403
    assert tracker.settings().weekly_target == 7


def test_a_cookie_planted_from_another_port_gives_no_usable_token(
    web: Web, client: TestClient, tracker: Tracker
) -> None:
    # a page on another 127.0.0.1 port can set cookies for this one (ports share cookies):
    # it plants a CSRF cookie it knows and sends that value as the token
    client.cookies.set("ajar_csrf", "planted-by-the-other-port")
    r = client.post(
        "/settings/weekly_target?csrf=planted-by-the-other-port",
        data={"value": "9"},
        follow_redirects=False,
    )
    assert r.status_code == 403
    assert tracker.settings().weekly_target == 5
    # the page's own token, bound to that cookie, still works
    web.submit("/settings/weekly_target", {"value": "6"})
    assert tracker.settings().weekly_target == 6


def _raw_post(
    app: FastAPI,
    headers: dict[str, str],
    body: bytes,
    query: str = "",
    path: str = "/settings/weekly_target",
) -> tuple[int, int, dict[str, str]]:
    """POST straight into the ASGI app; returns the status, how many times the app asked
    for the body, and the answer's headers."""
    read = 0
    answer: dict[str, object] = {}

    async def receive() -> dict[str, object]:
        nonlocal read
        read += 1
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, object]) -> None:
        if message["type"] == "http.response.start":
            answer.update(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "headers": [(k.encode(), v.encode()) for k, v in headers.items()],
        "scheme": "http",
        "server": ("127.0.0.1", 8765),
        "client": ("127.0.0.1", 50000),
        "http_version": "1.1",
        "root_path": "",
    }
    asyncio.run(app(scope, receive, send))  # type: ignore[arg-type]
    got = {k.decode(): v.decode() for k, v in answer["headers"]}  # type: ignore[attr-defined]
    return int(answer["status"]), read, got  # type: ignore[call-overload]


def test_a_forged_post_is_refused_before_its_body_is_read(app: FastAPI, tracker: Tracker) -> None:
    good = app.state.signer.csrf("x")  # the token the pages of a visitor with cookie x carry
    body = f"value=9&csrf_token={good}".encode()
    base = {
        "host": "127.0.0.1:8765",
        "content-type": "application/x-www-form-urlencoded",
        "content-length": str(len(body)),
    }
    forged = [
        ({**base}, f"csrf={good}"),  # no cookie: not from a page of ours
        ({**base, "cookie": "ajar_csrf=x", "origin": "http://127.0.0.1:9999"}, f"csrf={good}"),
        ({**base, "cookie": "ajar_csrf=x", "origin": "null"}, f"csrf={good}"),
        ({**base, "cookie": "ajar_csrf=x", "sec-fetch-site": "same-site"}, f"csrf={good}"),
        ({**base, "cookie": "ajar_csrf=x", "x-csrf-token": "forged"}, f"csrf={good}"),
        ({**base, "cookie": "ajar_csrf=x"}, "csrf=forged"),
        ({**base, "cookie": "ajar_csrf=y"}, f"csrf={good}"),  # another visitor's token
        # the right token in the body only: the body is not where it is looked for
        ({**base, "cookie": "ajar_csrf=x"}, ""),
    ]
    for headers, query in forged:
        status, reads, answer = _raw_post(app, headers, body, query)
        assert (status, reads) == (403, 0), (headers, query)
        assert answer["x-frame-options"] == "DENY"
    assert tracker.settings().weekly_target == 5
    # the token in the address, as the page's form sends it: read once, and changed
    status, reads, _ = _raw_post(app, {**base, "cookie": "ajar_csrf=x"}, body, f"csrf={good}")
    assert (status, reads) == (303, 1)
    assert tracker.settings().weekly_target == 9


def test_every_post_form_carries_its_token_in_the_address(web: Web, tracker: Tracker) -> None:
    app_id = final_round_rejection(tracker)
    token = web.token()
    forms = 0
    for path in ("/", "/applications", f"/applications/{app_id}", "/settings", "/review", "/data"):
        for tag in re.findall(r"<form\b[^>]*>", web.page(path)):
            if 'method="post"' not in tag:
                continue
            forms += 1
            action = unescape(re.search(r'action="([^"]*)"', tag).group(1))  # type: ignore[union-attr]
            assert re.search(rf"[?&]csrf={token}(&|$)", action), (path, tag)
    assert forms >= 15
    # a template with a POST form that names no address cannot be built
    env = render.environment()
    with pytest.raises(jinja2.TemplateSyntaxError, match="needs an action"):
        env.from_string('<p>x</p>\n<form method="post" class="x"><button>Go</button></form>')
    shown = env.from_string(
        '<form method="post" action="/a?b=1#c"></form><form method="get" action="/s"></form>'
    ).render(csrf_token="t0k")
    assert shown == (
        '<form method="post" action="/a?b=1&amp;csrf=t0k#c"></form><form method="get" action="/s"></form>'
    )


def test_a_large_body_is_refused_first_with_413(
    app: FastAPI, web: Web, client: TestClient, tracker: Tracker
) -> None:
    huge = b"value=9&note=" + b"x" * 2_000_000
    # its size is refused before anything else, forged or not, without reading it
    status, reads, answer = _raw_post(
        app, {"host": "127.0.0.1:8765", "content-length": str(len(huge))}, huge
    )
    assert (status, reads) == (413, 0)
    assert answer["content-security-policy"].startswith("default-src 'self'")
    # an uploaded mailbox may be larger, up to its own limit, refused as early past it
    cookie = {"cookie": "ajar_csrf=x"}
    for size, expected in ((2_000_000, 403), (30_000_000, 413)):  # 403: no token
        status, reads, _ = _raw_post(
            app, {"host": "127.0.0.1:8765", "content-length": str(size), **cookie}, b"",
            path="/scan/upload",
        )  # fmt: skip
        assert (status, reads) == (expected, 0), size
    token = web.token()
    r = client.post(
        f"/settings/weekly_target?csrf={token}",
        content=huge,
        headers={"content-type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )
    assert r.status_code == 413
    assert r.headers["x-content-type-options"] == "nosniff"

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        yield b"value=9&note="
        for _ in range(40):
            yield b"x" * 50_000

    r = client.post(
        "/settings/weekly_target",
        content=chunks(),
        headers={"content-type": "application/x-www-form-urlencoded", "x-csrf-token": token},
        follow_redirects=False,
    )
    assert r.status_code == 413
    assert tracker.settings().weekly_target == 5


def test_security_headers_on_every_answer(web: Web) -> None:
    for path in ("/", "/settings", "/no/such/page", "/static/app.css", "/login"):
        r = web.get(path)
        csp = r.headers["content-security-policy"]
        assert "default-src 'self'" in csp
        assert "script-src 'self';" in csp
        assert "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "same-origin"
    cookie = web.get("/", headers={"cookie": ""}).headers.get("set-cookie", "")
    assert "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie


def test_pages_have_no_inline_script_or_style(web: Web, tracker: Tracker) -> None:
    app_id = final_round_rejection(tracker)
    for path in (
        "/",
        "/applications",
        "/applications/board",
        f"/applications/{app_id}",
        "/contacts",
        "/settings",
    ):
        html = web.page(path)
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), path
        assert " style=" not in html, path
        assert "<style" not in html, path
        assert re.search(r"\son[a-z]+=", html) is None, path


def test_assets_are_vendored_and_served(web: Web) -> None:
    for asset in ("htmx.min.js", "app.js", "app.css", "favicon.svg", "htmx.LICENSE"):
        r = web.get(f"/static/{asset}")
        assert r.status_code == 200, asset
    assert "htmx" in web.get("/static/htmx.min.js").text
    assert "https://" not in web.page("/login").replace('placeholder="https://', "")


def test_untrusted_text_renders_inert(web: Web, tracker: Tracker) -> None:
    app = tracker.apply(
        f"Evil {XSS}", f"Role {XSS}", url="javascript:alert(4)", source=XSS, own_source=True
    ).application
    tracker.add_note(str(app.id), f"note {XSS}")
    tracker.add_contact(
        f"Mallory {XSS}", company=app.company, email=None, linkedin_url="javascript:alert(5)"
    )
    tracker.reject(
        str(app.id), kind=RejectionKind.PERSONAL, reason=f"reason {XSS}", feedback=f"feedback {XSS}"
    )
    for path in (
        "/",
        "/applications",
        "/applications/board?show=all",
        f"/applications/{app.id}",
        "/contacts",
        "/applications?source=" + XSS,
    ):
        html = web.page(path)
        assert "<script>alert" not in html, path
        assert "<img src=x" not in html, path
        assert 'href="javascript:' not in html, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html or path == "/", path
    text = text_of(web.page(f"/applications/{app.id}"))
    assert "feedback <script>alert(1)</script>" in text  # shown as text, not run
    assert "javascript:alert(4)" in text  # shown, never linked


def test_email_html_is_sanitised() -> None:
    html = (
        '<p onclick="x()">Hi <b>there</b></p><script>alert(1)</script>'
        '<img src="https://tracker.example/p.gif"><a href="javascript:alert(2)">click</a>'
        '<a href="https://acme.example/jobs">jobs</a><style>body{}</style><iframe src="x"></iframe>'
    )
    clean = str(safe_html(html))
    assert "<b>there</b>" in clean
    assert "script" not in clean
    assert "alert" not in clean
    assert "onclick" not in clean
    assert "<img" not in clean
    assert "iframe" not in clean
    assert "<style" not in clean
    assert 'href="https://acme.example/jobs"' in clean
    assert 'rel="noopener noreferrer nofollow"' in clean


# --- the password -----------------------------------------------------------------------


def test_password_hash_is_salted_and_checks(tmp_path: Path) -> None:
    a, b = hash_password("correct horse"), hash_password("correct horse")
    assert a != b
    assert a.startswith("scrypt$")
    assert "correct horse" not in a
    assert verify_password("correct horse", a)
    assert not verify_password("wrong horse!", a)
    assert not verify_password("x", "garbage")
    with pytest.raises(InvalidInput):
        hash_password("short")


def test_other_addresses_need_a_password(home: Path) -> None:
    with pytest.raises(InvalidInput, match="set-password"):
        create_app(WebSettings(resolve(home), host="0.0.0.0"))


@pytest.fixture
def guarded(tracker: Tracker, home: Path) -> Iterator[Web]:
    settings = WebSettings(
        resolve(home),
        host="0.0.0.0",
        password_hash=hash_password("open sesame"),
        sweep_every_seconds=None,
    )
    with TestClient(create_app(settings), base_url="http://192.0.2.10:8765") as c:
        yield Web(c)


def test_password_mode_asks_for_a_login(guarded: Web, tracker: Tracker) -> None:
    r = guarded.get("/settings", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/login?next=%2Fsettings"
    r = guarded.post("/settings/weekly_target", {"value": "9"})
    assert r.status_code == 403
    assert tracker.settings().weekly_target == 5
    r = guarded.post("/login", {"password": "nope", "next": "/settings"})
    assert r.status_code == 401
    assert "That password is not right." in text_of(r.text)
    r = guarded.post("/login", {"password": "open sesame", "next": "/settings"})
    assert r.status_code == 303
    assert r.headers["location"] == "/settings"
    cookie = r.headers["set-cookie"]
    assert "ajar_session=" in cookie
    assert "HttpOnly" in cookie
    assert "samesite=strict" in cookie.lower()
    assert "Log out" in guarded.page("/settings")
    guarded.submit("/settings/weekly_target", {"value": "9"})
    assert tracker.settings().weekly_target == 9
    r = guarded.post("/logout")
    assert r.headers["location"] == "/login"
    assert guarded.get("/", follow_redirects=False).status_code == 303


def test_the_csrf_token_is_bound_to_the_session_and_changes_at_sign_in(
    guarded: Web, tracker: Tracker
) -> None:
    before = guarded.token()
    assert guarded.post("/login", {"password": "open sesame"}).status_code == 303
    after = guarded.token()
    assert after != before
    # the token from before the sign-in no longer changes anything
    r = guarded.client.post(
        f"/settings/weekly_target?csrf={before}", data={"value": "9"}, follow_redirects=False
    )
    assert r.status_code == 403
    assert tracker.settings().weekly_target == 5
    guarded.submit("/settings/weekly_target", {"value": "8"})
    assert tracker.settings().weekly_target == 8
    # a second session gets a token of its own, and the first session's is refused in it
    guarded.post("/logout")
    guarded.post("/login", {"password": "open sesame"})
    assert guarded.token() not in (before, after)
    for old in (before, after):
        r = guarded.client.post(
            f"/settings/weekly_target?csrf={old}", data={"value": "7"}, follow_redirects=False
        )
        assert r.status_code == 403
    assert tracker.settings().weekly_target == 8


def test_login_never_sends_you_to_another_site(guarded: Web) -> None:
    r = guarded.post("/login", {"password": "open sesame", "next": "https://evil.example/"})
    assert r.headers["location"] == "/"
    r = guarded.post("/login", {"password": "open sesame", "next": "//evil.example/"})
    assert r.headers["location"] == "/"


def test_a_forged_session_cookie_is_refused(guarded: Web) -> None:
    guarded.client.cookies.set("ajar_session", "abc.9999999999.deadbeef")
    assert guarded.get("/", follow_redirects=False).status_code == 303


def test_guessing_is_slowed_down(guarded: Web) -> None:
    for _ in range(10):
        assert guarded.post("/login", {"password": "guess"}).status_code == 401
    assert guarded.post("/login", {"password": "open sesame"}).status_code == 429


# --- the command ------------------------------------------------------------------------


def test_serve_set_password_stores_only_a_hash(cli: Cli, home: Path) -> None:
    out = cli.ok("serve", "--set-password", input="hunter2hunter2\nhunter2hunter2\n")
    assert "Password set" in out
    stored = (home / "web-password").read_text()
    assert "hunter2" not in stored
    assert verify_password("hunter2hunter2", stored.strip())
    assert (home / "web-password").stat().st_mode & 0o077 == 0


def test_serve_beyond_loopback_without_a_password_is_refused(cli: Cli) -> None:
    r = cli("serve", "--host", "0.0.0.0")
    assert r.exit_code == 1
    assert "set a password first" in r.stderr


def test_serve_help_has_an_example(cli: Cli) -> None:
    out = cli.ok("serve", "--help")
    assert "Example: ajar serve" in out
    assert "--set-password" in out


def test_today_shows_a_page_of_each_part_and_a_way_to_see_all(
    web: Web, tracker: Tracker, clock: Clock
) -> None:
    app = tracker.apply("Busy Co", "Engineer", at=clock.now - timedelta(days=60)).application
    with tracker.tx() as s:
        for i in range(30):
            repo.upsert_action(
                s,
                key=f"test-{i}",
                kind=ActionKind.TOUCH,
                due=clock.now - timedelta(days=40 - i),
                reason=f"reason number {i}",
                now=clock.now,
                application_id=app.id,
            )
    html = web.page("/")
    assert html.count('class="action"') == 25
    assert "Show all 30 (5 more)" in text_of(html)
    assert "reason number 0" in html  # the most overdue first
    assert "reason number 29" not in html
    html = web.page("/?all=overdue")
    assert html.count('class="action"') == 30


def test_in_password_mode_the_feed_opens_but_renewing_it_needs_a_login(
    guarded: Web, home: Path
) -> None:
    secret = token(home)
    feed = guarded.get(f"/calendar/{secret}.ics", follow_redirects=False)
    assert feed.status_code == 200  # a calendar app has no session, only the secret
    r = guarded.post("/calendar/renew", {})
    assert r.status_code == 403
    assert token(home) == secret  # the old address still works: nothing was renewed


def test_logging_out_ends_the_session_on_the_server(guarded: Web, tracker: Tracker) -> None:
    r = guarded.post("/login", {"password": "open sesame", "next": "/"})
    session = r.cookies.get("ajar_session") or guarded.client.cookies.get("ajar_session")
    assert session
    guarded.post("/logout")
    guarded.client.cookies.set("ajar_session", session)  # an old copy of the cookie
    assert guarded.get("/settings", follow_redirects=False).status_code == 303
    r = guarded.post("/settings/weekly_target", {"value": "9"})
    assert r.status_code == 403
    assert tracker.settings().weekly_target == 5


def test_wrong_guesses_from_one_address_do_not_lock_out_another(home: Path) -> None:
    settings = WebSettings(
        resolve(home),
        host="0.0.0.0",
        password_hash=hash_password("open sesame"),
        sweep_every_seconds=None,
    )
    app = create_app(settings)
    base = "http://192.0.2.10:8765"
    with TestClient(app, base_url=base, client=("203.0.113.9", 5000)) as attacker:
        web = Web(attacker)
        for _ in range(12):
            web.post("/login", {"password": "guess", "next": "/"})
        assert web.post("/login", {"password": "open sesame", "next": "/"}).status_code == 429
    with TestClient(app, base_url=base, client=("198.51.100.4", 5000)) as owner:
        r = Web(owner).post("/login", {"password": "open sesame", "next": "/"})
        assert r.status_code == 303


def test_a_bug_still_answers_with_the_security_headers(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: AgendaService, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(AgendaService, "today", broken)
    with TestClient(app, base_url=BASE, raise_server_exceptions=False) as c:
        r = c.get("/")
    assert r.status_code == 500
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert (
        r.headers["x-frame-options"] == "DENY"
        or "frame-ancestors 'none'" in r.headers["content-security-policy"]
    )
    assert "a bug" not in r.text  # no traceback or message leaks to the page


def test_search_says_did_you_mean_for_a_near_miss(web: Web, tracker: Tracker) -> None:
    tracker.apply("Kestrel Analytics", "Data Analyst")
    tracker.apply("Heron Labs", "Platform Engineer")

    def said(path: str) -> str:
        return re.sub(r" ([?,])", r"\1", text_of(web.page(path)))

    html = web.page("/applications?q=Kestral")
    assert "No applications match these filters. Did you mean Kestrel Analytics?" in said(
        "/applications?q=Kestral"
    )
    assert '<a href="/applications?q=Kestrel+Analytics' in html
    # a role one letter off is offered when no company is close
    assert "Did you mean Platform Engineer?" in said("/applications?q=Platfrom")
    # nothing close: no suggestion
    assert "Did you mean" not in text_of(web.page("/applications?q=zzzz"))


def test_an_error_names_no_command_to_run(web: Web, tracker: Tracker) -> None:
    tracker.apply("Kestrel Analytics", "Data Analyst")
    r = web.post("/journal", {"text": "A hard week", "application": "Nobody Corp"})
    said = text_of(web.page(r.headers["location"]))
    assert "No application matches 'Nobody Corp'." in said
    assert "ajar list" not in said
    assert "`" not in said
    # with a near miss, the suggestion stays
    r = web.post("/journal", {"text": "A hard week", "application": "Kestral"})
    assert "Did you mean Kestrel Analytics?" in text_of(web.page(r.headers["location"]))
    assert tracker.patterns.journal() == []

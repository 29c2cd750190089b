"""Fixing what was recorded, from the web: edit in place, a stage back, "not a
rejection", merge, delete with Undo, contacts, the Trash and the History pages."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from doorajar.config import resolve
from doorajar.errors import NotFound
from doorajar.model import Outcome, RejectionKind, Stage
from doorajar.service import Tracker
from doorajar.web import WebSettings, create_app
from doorajar.web.pages.calendar import token
from tests.web_helpers import BASE, Web, text_of


@pytest.fixture
def client(tracker: Tracker, home: Path) -> Iterator[TestClient]:
    app = create_app(WebSettings(resolve(home), port=8765, sweep_every_seconds=None))
    with TestClient(app, base_url=BASE) as c:
        yield c


@pytest.fixture
def web(client: TestClient) -> Web:
    return Web(client)


def rejected(
    tracker: Tracker,
    company: str = "Substack",
    role: str = "Role not stated",
    stage: Stage | None = None,
) -> int:
    """A personal rejection three days after applying: a plan full of steps in Today."""
    now = tracker.now()
    app = tracker.apply(company, role, at=now - timedelta(days=3)).application
    if stage is not None:
        tracker.advance(str(app.id), stage, at=now - timedelta(days=1))
    tracker.reject(str(app.id), kind=RejectionKind.PERSONAL, at=now - timedelta(hours=2))
    return app.id


def undo_form(html: str) -> str:
    """The action of the Undo button in the notice on top of the page."""
    m = re.search(r'<div class="flash ok with-undo".*?action="([^"?]+)\?csrf=', html, re.S)
    assert m is not None, "no Undo button on the page"
    return m.group(1)


def flash_of(html: str) -> str:
    m = re.search(r'<div class="flashes">(.*?)</div>\s*(?:<h1|<p class="crumbs")', html, re.S)
    return text_of(m.group(1)) if m else ""


def agenda_of(html: str) -> str:
    m = re.search(r'<div id="agenda">(.*)</main>', html, re.S)
    assert m is not None
    return text_of(m.group(1))


# --- edit in place ----------------------------------------------------------------------


def test_edit_in_place_saves_the_fields_and_undo_takes_it_back(web: Web, tracker: Tracker) -> None:
    app = tracker.apply("Acme Robotics", "Data Engineer", source="linkedin").application
    before = tracker.export_json()
    here = f"/applications/{app.id}"
    html = web.page(here)
    assert 'action="/applications/1/edit?csrf=' in html
    assert 'name="company" required maxlength="200" value="Acme Robotics"' in html
    html = web.submit(
        f"{here}/edit",
        {
            "company": "Acme Robotics",
            "role": "Staff Data Engineer",
            "url": "https://jobs.acme.example/42",
            "source": "linkedin",
            "careers_url": "",
            "applied": "2026-11-10",
        },
    )
    assert (
        "Saved #1 Staff Data Engineer at Acme Robotics: role, posting, date applied changed"
        in flash_of(html)
    )
    a = tracker.show("1").application
    assert (a.role, a.url, a.source) == (
        "Staff Data Engineer",
        "https://jobs.acme.example/42",
        "linkedin",
    )
    assert a.applied_at.astimezone(tracker.tz()).date().isoformat() == "2026-11-10"
    # the history says where the change came from, and the notice takes it back exactly
    history = text_of(web.page("/history"))
    assert "web: edit #1 Acme Robotics" in history
    assert "edited Staff Data Engineer at Acme Robotics: role, url, applied_at" in history
    html = web.submit(undo_form(html), {"next": here})
    assert "Undid web: edit #1 Acme Robotics (changed 1 application" in flash_of(html)
    assert tracker.export_json() == before


def test_saving_the_form_unchanged_changes_nothing(web: Web, tracker: Tracker) -> None:
    tracker.apply("Acme Robotics", "Data Engineer", at=tracker.now() - timedelta(days=2))
    html = web.page("/applications/1")
    shown = re.search(r'name="applied" type="date" value="([0-9-]+)"', html)
    assert shown is not None
    before = tracker.export_json()
    history = tracker.history()
    html = web.submit(
        "/applications/1/edit",
        {"company": "Acme Robotics", "role": "Data Engineer", "applied": shown.group(1)},
    )
    assert "Nothing changed: the page already said that." in flash_of(html)
    assert tracker.export_json() == before
    assert tracker.history() == history


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"company": "", "role": "Data Engineer"}, "The company cannot be empty."),
        ({"company": "Acme Robotics", "role": "  "}, "The role cannot be empty."),
        (
            {"company": "Acme Robotics", "role": "Data Engineer", "applied": "2026-12-25"},
            "is in the future",
        ),
        (
            {"company": "Acme Robotics", "role": "Data Engineer", "applied": "the other day"},
            "the other day",
        ),
        (
            {"company": "Kestrel Logistics", "role": "Platform Engineer"},
            "#2 is already Platform Engineer at Kestrel Logistics",
        ),
    ],
)
def test_a_bad_edit_says_why_on_the_page_and_changes_nothing(
    web: Web, tracker: Tracker, fields: dict[str, str], message: str
) -> None:
    tracker.apply("Acme Robotics", "Data Engineer")
    tracker.apply("Kestrel Logistics", "Platform Engineer")
    before = tracker.export_json()
    here = "/applications/1"
    r = web.post(f"{here}/edit", {**fields, "next": here})
    assert r.status_code == 303
    assert r.headers["location"] == here
    page = web.page(here)
    assert message in flash_of(page)
    assert 'class="flash error"' in page
    assert tracker.export_json() == before


def test_a_name_clash_is_kept_when_asked(web: Web, tracker: Tracker) -> None:
    tracker.apply("Acme Robotics", "Data Engineer")
    tracker.apply("Kestrel Logistics", "Platform Engineer")
    web.submit(
        "/applications/1/edit",
        {"company": "Kestrel Logistics", "role": "Platform Engineer", "force": "true"},
    )
    assert tracker.show("1").application.company == "Kestrel Logistics"


# --- a stage back, not a rejection ------------------------------------------------------


def test_a_stage_moves_back_and_the_history_says_so(web: Web, tracker: Tracker) -> None:
    app = tracker.apply("Kestrel", "Data Engineer II").application
    tracker.advance(str(app.id), Stage.FINAL_ROUND)
    here = f"/applications/{app.id}"
    html = web.page(here)
    assert 'action="/applications/1/stage/back?csrf=' in html
    html = web.submit(f"{here}/stage/back", {"stage": "recruiter_screen"})
    assert "Moved back from final round to recruiter screen." in flash_of(html)
    assert tracker.show("1").application.stage is Stage.RECRUITER_SCREEN
    assert "web: stage back #1 Kestrel to recruiter screen" in text_of(web.page("/history"))
    # forward is not "back", and a stage that does not exist is named
    for stage, message in (
        ("final_round", "earlier stage only"),
        ("warp", "'warp' is not a stage"),
    ):
        r = web.post(f"{here}/stage/back", {"stage": stage, "next": here})
        assert message in flash_of(web.page(r.headers["location"]))
    assert tracker.show("1").application.stage is Stage.RECRUITER_SCREEN


def test_not_a_rejection_reopens_and_its_plan_leaves_today(web: Web, tracker: Tracker) -> None:
    app_id = rejected(tracker, "Acme Robotics", "Data Engineer")
    assert "Acme Robotics" in agenda_of(web.page("/"))
    here = f"/applications/{app_id}"
    assert "Not a rejection" in text_of(web.page(here))
    html = web.submit(f"{here}/unreject")
    assert "Not a rejection: #1 is open again (applied)." in flash_of(html)
    d = tracker.show(str(app_id))
    assert d.application.outcome is Outcome.ACTIVE
    assert d.rejection is None
    assert not [a for a in d.actions if a.open]
    assert "Acme Robotics" not in agenda_of(web.page("/"))
    assert "Not a rejection" not in text_of(web.page(here))
    r = web.post(f"{here}/unreject", {"next": here})
    assert "is not marked as rejected" in flash_of(web.page(r.headers["location"]))


# --- delete, the trash ------------------------------------------------------------------


def test_delete_asks_first_then_leaves_today_the_calendar_the_patterns_and_revisit(
    web: Web, tracker: Tracker, home: Path
) -> None:
    app_id = rejected(tracker, stage=Stage.FINAL_ROUND)
    feed = f"/calendar/{token(home)}.ics"
    assert "Substack" in agenda_of(web.page("/"))
    assert "Substack" in text_of(web.page("/revisit"))
    assert "Substack" in web.get(feed).text
    assert "The funnel (1 application)" in text_of(web.page("/patterns"))
    before = tracker.export_json()

    # the button opens a question; only the answer changes anything
    html = web.page(f"/applications/{app_id}/delete")
    text = text_of(html)
    assert "Move #1 Role not stated at Substack to the trash?" in text
    n = sum(1 for a in tracker.show(str(app_id)).actions if a.open)
    assert n > 1
    assert f"{n} open actions leave Today and the calendar at once" in text
    assert 'action="/applications/1/delete?csrf=' in html
    assert tracker.export_json() == before

    r = web.post(f"/applications/{app_id}/delete")
    assert r.headers["location"] == "/"
    html = web.page("/")
    assert "Moved #1 Role not stated at Substack to the trash." in flash_of(html)
    assert "Substack" not in agenda_of(html)
    assert "Substack" not in web.get(feed).text
    assert "The funnel (0 applications)" in text_of(web.page("/patterns"))
    assert "Substack" not in text_of(web.page("/revisit"))
    assert "Substack" not in text_of(web.page("/applications"))
    assert web.get(f"/applications/{app_id}").status_code == 404
    with pytest.raises(NotFound):
        tracker.show(str(app_id))
    trash = text_of(web.page("/trash"))
    assert "#1 Role not stated at Substack web: delete #1 Substack" in trash

    # Undo restores this deletion, wherever the notice was shown
    undo = undo_form(html)
    assert re.fullmatch(r"/trash/\d+/restore", undo)
    html = web.submit(undo, {"next": "/"})
    assert "Restored #1 Role not stated at Substack." in flash_of(html)
    assert "Substack" in agenda_of(html)
    assert "Substack" in web.get(feed).text
    assert "The trash is empty." in text_of(web.page("/trash"))
    assert [a.id for a in tracker.applications()] == [app_id]


def test_deleting_needs_the_csrf_token(web: Web, client: TestClient, tracker: Tracker) -> None:
    app_id = rejected(tracker)
    web.token()
    for path in (f"/applications/{app_id}/delete", "/trash/empty", "/history/1/undo"):
        r = client.post(path, follow_redirects=False)
        assert r.status_code == 403, path
        r = client.post(f"{path}?csrf=forged", follow_redirects=False)
        assert r.status_code == 403, path
    r = client.post(
        web.signed(f"/applications/{app_id}/delete"),
        headers={"origin": "http://evil.example"},
        follow_redirects=False,
    )
    assert r.status_code == 403
    assert tracker.show(str(app_id)).application.company == "Substack"


def test_the_trash_restores_and_empties_after_a_question(web: Web, tracker: Tracker) -> None:
    rejected(tracker)
    tracker.apply("Kestrel Logistics", "Data Engineer")
    web.post("/applications/1/delete")
    web.post("/applications/2/delete")
    html = web.page("/trash")
    text = text_of(html)
    assert text.index("#2 Data Engineer at Kestrel Logistics") < text.index("#1 Role not stated")
    ops = [i.op_id for i in tracker.trash()]
    assert len(ops) == 2
    for op in ops:
        assert f'action="/trash/{op}/restore?csrf=' in html
    html = web.submit(f"/trash/{ops[0]}/restore", {"next": "/trash"})
    assert "Restored #2 Data Engineer at Kestrel Logistics." in flash_of(html)
    assert [a.company for a in tracker.applications()] == ["Kestrel Logistics"]

    text = text_of(web.page("/trash/empty"))
    assert "Remove the 1 deletion in the trash for good?" in text
    assert len(tracker.trash()) == 1
    html = web.submit("/trash/empty")
    assert "Emptied the trash: 1 deletion removed for good." in flash_of(html)
    assert "The trash is empty." in text_of(html)
    assert tracker.trash() == []
    # gone for good: it cannot be restored, and the page says so
    r = web.post(f"/trash/{ops[1]}/restore", {"next": "/trash"})
    assert "no longer in the trash" in flash_of(web.page(r.headers["location"]))
    assert [a.company for a in tracker.applications()] == ["Kestrel Logistics"]
    html = web.submit("/trash/empty")
    assert "The trash is already empty." in flash_of(html)


def test_restoring_into_a_name_now_taken_says_why(web: Web, tracker: Tracker) -> None:
    tracker.apply("Substack", "Writer")
    r = web.post("/applications/1/delete")
    undo = undo_form(web.page(r.headers["location"]))
    tracker.apply("Substack", "Writer")
    before = tracker.export_json()
    r = web.post(undo, {"next": "/trash"})
    assert "now has that name" in flash_of(web.page(r.headers["location"]))
    assert tracker.export_json() == before


# --- merge ------------------------------------------------------------------------------


def test_merge_picks_the_duplicate_confirms_and_undo_splits_them(
    web: Web, tracker: Tracker
) -> None:
    now = tracker.now()
    tracker.apply("Acme Robotics", "Data Engineer", at=now - timedelta(days=9))
    dupe = tracker.apply("ACME Robotics Inc", "Senior Data Engineer", at=now - timedelta(days=4))
    tracker.advance(str(dupe.application.id), Stage.RECRUITER_SCREEN, at=now - timedelta(days=1))
    tracker.apply("Kestrel Logistics", "Data Engineer")
    before = tracker.export_json()

    html = web.page("/applications/1")
    assert 'href="/applications/1/merge"' in html
    html = web.page("/applications/1/merge")
    assert 'href="/applications/1/merge?other=2"' in html  # found by the company's name
    assert "Kestrel" not in text_of(html)
    html = web.page("/applications/1/merge?q=kestrel")
    assert 'href="/applications/1/merge?other=3"' in html
    text = text_of(web.page("/applications/1/merge?other=2"))
    assert (
        "Merge #2 Senior Data Engineer at ACME Robotics Inc into #1 Data Engineer at "
        "Acme Robotics?" in text
    )
    assert tracker.export_json() == before  # asking changes nothing

    html = web.submit("/applications/1/merge", {"other": "2"})
    assert "Merged #2 into #1 Data Engineer at Acme Robotics; #2 is in the trash." in flash_of(html)
    assert tracker.show("1").application.stage is Stage.RECRUITER_SCREEN
    assert [a.id for a in tracker.applications()] == [3, 1]
    assert "#2 Senior Data Engineer at ACME Robotics Inc (merged into #1)" in text_of(
        web.page("/trash")
    )
    assert "web: merge #2 into #1 Acme Robotics" in text_of(web.page("/history"))
    web.submit(undo_form(html), {"next": "/applications/1"})
    assert tracker.export_json() == before


def test_merge_with_itself_or_nothing_says_why(web: Web, tracker: Tracker) -> None:
    tracker.apply("Acme Robotics", "Data Engineer")
    before = tracker.export_json()
    assert "#1 is this application; pick its duplicate." in text_of(
        web.page("/applications/1/merge?other=1")
    )
    assert "No application #99" in text_of(web.page("/applications/1/merge?other=99"))
    for other, message in (("1", "is the same application"), ("", "Name the duplicate")):
        r = web.post("/applications/1/merge", {"other": other, "next": "/applications/1"})
        assert message in flash_of(web.page(r.headers["location"]))
    assert tracker.export_json() == before


# --- contacts ---------------------------------------------------------------------------


def test_a_contact_is_edited_from_the_contacts_page(web: Web, tracker: Tracker) -> None:
    rejected(tracker, "Acme Robotics", "Data Engineer")
    tracker.add_contact("Dana Li", company="Acme Robotics", application="1")
    html = web.page("/contacts")
    assert 'href="/contacts/1/edit"' in html
    assert 'href="/contacts/1/delete"' in html
    assert 'href="/contacts/1/edit?next=/applications/1"' in web.page("/applications/1")
    html = web.page("/contacts/1/edit")
    assert 'value="Dana Li"' in html
    html = web.submit(
        "/contacts/1/edit",
        {
            "name": "Dana Li",
            "email": "dana@acme.example",
            "company": "Acme Robotics",
            "role": "recruiter",
            "next": "/applications/1",
        },
    )
    assert "Saved Dana Li." in flash_of(html)
    assert "dana@acme.example" in text_of(html)  # back on the application's page
    c = tracker.find_contact("1")
    assert (c.email, c.role.value) == ("dana@acme.example", "recruiter")
    assert "web: contact edit #1 Dana Li" in text_of(web.page("/history"))
    before = tracker.export_json()
    for fields, message in (
        (
            {"name": "Dana Li", "email": "not-an-address"},
            "'not-an-address' is not an email address",
        ),
        ({"name": " "}, "A contact's name cannot be empty."),
        ({"name": "Dana Li", "role": "boss"}, "'boss' is not a role"),
    ):
        r = web.post("/contacts/1/edit", {"company": "Acme Robotics", **fields})
        assert message in flash_of(web.page(r.headers["location"])), fields
    assert tracker.export_json() == before


def test_a_contact_is_deleted_after_a_question_and_comes_back(web: Web, tracker: Tracker) -> None:
    tracker.add_contact("Dana Li", company="Acme Robotics", email="dana@acme.example")
    before = tracker.export_json()
    assert "Move Dana Li to the trash?" in text_of(web.page("/contacts/1/delete"))
    r = web.post("/contacts/1/delete")
    assert r.headers["location"] == "/contacts"
    html = web.page("/contacts")
    assert "Moved Dana Li to the trash." in flash_of(html)
    assert "0 contacts." in text_of(html)
    assert "contact #1 Dana Li" in text_of(web.page("/trash"))
    web.submit(undo_form(html), {"next": "/contacts"})
    assert tracker.find_contact("1").email == "dana@acme.example"
    assert tracker.export_json() == before
    assert web.get("/contacts/9/edit").status_code == 404


# --- the history ------------------------------------------------------------------------


def test_history_offers_undo_for_the_newest_change_only(web: Web, tracker: Tracker) -> None:
    tracker.apply("Acme Robotics", "Data Engineer")
    first = tracker.export_json()
    web.submit("/applications/1/edit", {"company": "Acme Robotics", "role": "Staff Engineer"})
    second = tracker.export_json()
    web.post("/applications/1/delete")
    html = web.page("/history")
    forms = re.findall(r'action="/history/(\d+)/undo\?csrf=', html)
    assert len(forms) == 1
    text = text_of(html)
    assert text.index("web: delete #1 Acme Robotics") < text.index("web: edit #1 Acme Robotics")
    newest = [e for e in tracker.history() if not e.undone]
    assert forms == [str(newest[0].id)]
    older = newest[1].id

    # an Undo drawn before a newer change never takes back the newer one
    r = web.post(f"/history/{older}/undo", {"next": "/history"})
    assert "A newer change came after it (web: delete #1 Acme Robotics" in flash_of(
        web.page(r.headers["location"])
    )
    assert tracker.trash() != []
    html = web.submit(f"/history/{forms[0]}/undo", {"next": "/history"})
    assert "Undid web: delete #1 Acme Robotics" in flash_of(html)
    assert tracker.export_json() == second
    assert "undone" in text_of(html)
    r = web.post(f"/history/{forms[0]}/undo", {"next": "/history"})
    assert "That change is already undone." in flash_of(web.page(r.headers["location"]))
    web.submit(f"/history/{older}/undo", {"next": "/history"})
    assert tracker.export_json() == first


def test_nothing_to_undo_is_a_message(web: Web, tracker: Tracker) -> None:
    tracker.undo()  # the settings the test home starts with
    html = web.page("/history")
    assert "ajar added 1 setting undone" in text_of(html)
    assert "/undo" not in html
    r = web.post("/history/1/undo", {"next": "/history"})
    assert "Nothing to undo" in flash_of(web.page(r.headers["location"]))


def test_the_menu_leads_to_history_and_trash(web: Web) -> None:
    html = web.page("/")
    assert '<li><a href="/history">History</a></li>' in html
    assert '<li><a href="/trash">Trash</a></li>' in html


def test_a_notice_offers_only_its_own_undo_forms(web: Web, client: TestClient) -> None:
    """The notice's button posts only to an undo or a restore on this site, whatever the
    cookie carrying it says."""
    notes = [
        {"kind": "ok", "text": "one", "undo": "https://evil.example/steal"},
        {"kind": "ok", "text": "two", "undo": "/settings/weekly_target/reset"},
        {"kind": "ok", "text": "three", "undo": "/trash/7/restore"},
    ]
    raw = base64.urlsafe_b64encode(json.dumps(notes).encode()).decode()
    client.cookies.set("ajar_flash", raw)
    html = web.page("/")
    client.cookies.delete("ajar_flash")
    assert re.findall(
        r'<form method="post" action="([^"?]+)\?csrf=[^"]*" class="inline">', html
    ) == ["/trash/7/restore"]
    assert "evil.example" not in html


def test_every_web_change_is_named_in_the_history(web: Web, tracker: Tracker) -> None:
    tracker.apply("Acme Robotics", "Data Engineer")
    web.submit("/applications/1/notes", {"body": "Ask about the on-call rota."})
    assert tracker.history(1)[0].command == "web"

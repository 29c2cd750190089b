"""The pages that give every CLI feature a place in the web UI: your data (downloads and
the spreadsheet import), the door questions, the guided reflection, a contact's page,
the digest, the draft's hand-off and the grouped settings."""

from __future__ import annotations

import io
import json
import re

from openpyxl import load_workbook

from doorajar.service import Tracker
from tests.web_helpers import Web, rejected_fixture, text_of, web_fixture  # noqa: F401

SHEET = (
    "Company,Job Title,Date Applied,Status,Recruiter note\n"
    "Beta GmbH,Analyst,2026-10-05,Applied,met at the fair\n"
    "Gamma Labs,Data Engineer,2026-10-09,Applied,\n"
)


def upload(web: Web, data: dict[str, str], content: str, name: str = "sheet.csv") -> str:
    r = web.client.post(
        web.signed("/data/import"),
        data=data,
        files={"file": (name, io.BytesIO(content.encode()), "text/csv")},
        follow_redirects=False,
    )
    assert r.status_code == 200, r.text[:500]
    return r.text


def test_downloads_carry_the_same_data_as_the_exports(
    web: Web, tracker: Tracker, rejected: int
) -> None:
    backup = web.get("/data/doorajar-backup.json")
    assert "attachment" in backup.headers["content-disposition"]
    assert json.loads(backup.text) == json.loads(tracker.export_json())
    csv = web.get("/data/applications.csv").content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("ID,Company,Role")
    assert "Acme Robotics" in csv
    book = load_workbook(io.BytesIO(web.get("/data/history.xlsx").content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Date", "Company", "Role", "What happened")
    assert any(r[1] == "Acme Robotics" for r in rows[1:])
    ics = web.get("/data/calendar.ics")
    assert ics.text.startswith("BEGIN:VCALENDAR")
    printable = text_of(web.page("/data/history"))
    assert f"#{rejected} Data Engineer at Acme Robotics" in printable
    assert web.get("/data/nothing.csv").status_code == 404


def test_import_shows_the_preview_and_writes_only_on_confirm(web: Web, tracker: Tracker) -> None:
    html = upload(web, {}, SHEET)
    text = text_of(html)
    assert "Will add 2 applications" in text
    assert "Beta GmbH" in text
    assert "Gamma Labs" in text
    assert tracker.applications() == []  # a preview writes nothing
    encoded = re.search(r'name="data" value="([^"]+)"', html)
    assert encoded is not None
    done = web.submit(
        "/data/import", {"data": encoded.group(1), "name": "sheet.csv", "confirm": "true"}
    )
    assert "Added 2 applications" in text_of(done)
    assert sorted(a.company for a in tracker.applications()) == ["Beta GmbH", "Gamma Labs"]


def test_import_asks_which_column_is_which_when_it_cannot_tell(web: Web, tracker: Tracker) -> None:
    odd = "Wer,Was,Wann\nBeta GmbH,Analyst,2026-10-05\n"
    text = text_of(upload(web, {}, odd))
    assert "No column holds" in text
    assert "Choose below which column is which" in text
    again = upload(web, {"map:Wer": "company", "map:Was": "role", "map:Wann": "applied"}, odd)
    assert "Will add 1 application" in text_of(again)
    assert tracker.applications() == []


def test_the_door_questions_decide_and_can_be_overruled(
    web: Web, tracker: Tracker, rejected: int
) -> None:
    page = text_of(web.page(f"/applications/{rejected}"))
    assert "Keep the door open?" in page
    assert "Would you still like to work there one day?" in page
    after = web.submit(
        f"/applications/{rejected}/door",
        {"clear": "yes", "fair": "no", "interest": "no", "learn": "", "override": "close"},
    )
    assert "The door is closed" in text_of(after)
    view = tracker.relations.door(str(rejected))
    assert view.door.state == "closed"
    assert view.answers is not None
    assert view.answers.as_tuple()[:3] == (True, False, False)


def test_reflection_keeps_the_answers_and_the_mood(
    web: Web, tracker: Tracker, rejected: int
) -> None:
    form = text_of(web.page(f"/applications/{rejected}/reflect"))
    assert "How do you feel right now?" in form
    after = web.submit(
        f"/applications/{rejected}/reflect", {"went_well": "the system design talk", "mood": "2"}
    )
    assert "Kept in your journal" in text_of(after)
    assert "A low day is allowed" in text_of(after)
    entry = tracker.patterns.journal(str(rejected))[0]
    assert "the system design talk" in entry.note.body
    assert entry.note.mood == 2


def test_a_contact_page_shows_the_messages_and_keeps_in_touch(
    web: Web, tracker: Tracker, rejected: int
) -> None:
    dana = tracker.find_contact("Dana Li")
    text = text_of(web.page(f"/contacts/{dana.id}"))
    assert "Messages in and out" in text
    assert "Acme Robotics" in text
    web.submit(f"/contacts/{dana.id}/keep", {"value": "true"})
    assert tracker.relations.contact(str(dana.id)).kept


def test_the_digest_preview_is_the_text_the_mail_carries(
    web: Web, tracker: Tracker, rejected: int
) -> None:
    html = web.page("/digest")
    first = tracker.planner.digest(7).text.splitlines()[0]
    assert first in text_of(html)
    assert "Send it to me now" not in html  # no mail server set up: no button that fails


def test_the_hand_off_offers_only_what_is_set_up(web: Web, tracker: Tracker, rejected: int) -> None:
    r = web.post(f"/applications/{rejected}/draft", {"kind": "reply", "appreciation": "the talk"})
    editor = web.page(r.headers["location"])
    assert "Put it in my Drafts folder" not in editor
    assert "Send it now" not in editor
    assert 'href="mailto:dana@acme.example?subject=' in editor
    assert "Copy the text" in editor
    tracker.set_config("smtp_host", "smtp.mail.example")
    editor = web.page(r.headers["location"])
    assert "Send it now" in editor
    assert "Put it in my Drafts folder" not in editor
    refused = web.post(
        r.headers["location"] + "/send", {"via": "drafts", "confirm": "true", "next": "/"}
    )
    assert "not set up" in text_of(web.page(refused.headers["location"]))


def test_settings_put_the_profile_first(web: Web) -> None:
    text = text_of(web.page("/settings"))
    order = ["Your profile", "user_name", "The numbers behind the plan", "cool_off_minutes",
             "Where drafts go", "smtp_host"]  # fmt: skip
    at = [text.index(words, text.index("Your profile")) for words in order]
    assert at == sorted(at)

"""The feature pages of the web UI: drafts with the tone guard, the calendar feed, the
revisit list, patterns, goals and the journal."""

from __future__ import annotations

import re
import tempfile
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pytest

from doorajar.service import Tracker
from tests.helpers import body_text
from tests.web_helpers import XSS, Web, rejected_fixture, text_of, web_fixture  # noqa: F401

ANGRY = "I demand an explanation for this decision!!!"


def open_draft(web: Web, app_id: int, **words: str) -> tuple[int, str]:
    r = web.post(f"/applications/{app_id}/draft", words)
    assert r.status_code == 303
    m = re.fullmatch(r"/drafts/(\d+)", r.headers["location"])
    assert m is not None
    return int(m.group(1)), web.page(r.headers["location"])


def test_today_offers_to_write_each_message(web: Web, rejected: int) -> None:
    html = web.page("/")
    assert f'action="/applications/{rejected}/draft?csrf=' in html
    assert "Write it" in text_of(html)


def test_draft_editor_shows_the_message_and_what_is_missing(web: Web, rejected: int) -> None:
    _, html = open_draft(web, rejected)
    text = text_of(html)
    assert "Draft: reply" in text
    assert "Dana Li <dana@acme.example>" in text
    assert "Still missing: appreciation" in text
    assert 'hx-post="/drafts/check"' in html
    assert 'hx-trigger="input changed delay:400ms"' in html
    # the page points at its own fields, not at command-line options
    assert "Fill it in in the fields beside the draft" in text
    assert "--appreciation" not in text
    # your own words write it again, without the gap
    _, html = open_draft(
        web, rejected, kind="reply", fresh="true", appreciation="the pairing session on Spark"
    )
    assert "the pairing session on Spark" in text_of(html)
    assert "Still missing" not in text_of(html)


def test_tone_guard_marks_findings_in_the_text(web: Web, rejected: int) -> None:
    r = web.post("/drafts/check", {"body": f"Hi Dana,\n\n{ANGRY}\n", "kind": "reply"})
    assert r.status_code == 200
    assert re.search(r'<mark class="error"[^>]*>I demand an explanation', r.text)
    assert "Tone check:" in text_of(r.text)
    calm = web.post(
        "/drafts/check", {"body": "Hi Dana,\n\nThank you for letting me know.\n", "kind": "reply"}
    )
    assert "I demand" not in calm.text
    assert '<mark class="error"' not in calm.text


def test_tone_guard_preview_is_inert(web: Web, rejected: int) -> None:
    r = web.post("/drafts/check", {"body": f"{XSS} {ANGRY}", "kind": "reply"})
    assert "<script>alert" not in r.text
    assert "<img src=x" not in r.text
    assert "&lt;script&gt;" in r.text


def test_save_edit_then_download_eml_as_an_unsent_draft(
    web: Web, tracker: Tracker, rejected: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    draft_id, _ = open_draft(
        web, rejected, kind="reply", fresh="true", appreciation="the pairing session on Spark"
    )
    html = web.submit(
        f"/drafts/{draft_id}",
        {"subject": "Thank you, Dana", "body": f"Hi Dana,\n\n{ANGRY}\n\nSam\n"},
    )
    assert "Draft saved." in text_of(html)
    assert '<mark class="error"' in html
    r = web.post(f"/drafts/{draft_id}/send", {"via": "eml", "next": f"/drafts/{draft_id}"})
    assert r.status_code == 303  # the tone check blocks it
    assert "block sending" in text_of(web.page(r.headers["location"]))

    good = (
        "Hi Dana,\n\nThank you for letting me know, and for the time you gave me. I especially "
        "appreciated the pairing session on Spark. I'd be glad to hear from you if a role "
        "that fits me better opens up.\n\nBest,\nSam Rivera\n"
    )
    # the page shows the headers as they will go out: encoded words decoded
    page = web.submit(
        f"/drafts/{draft_id}", {"subject": "=?utf-8?q?Danke_sch=C3=B6n?=", "body": good}
    )
    assert "Subject Danke schön" in text_of(page)
    assert "To Dana Li <dana@acme.example>" in text_of(page)
    web.submit(f"/drafts/{draft_id}", {"subject": "Thank you, Dana", "body": good})
    r = web.post(f"/drafts/{draft_id}/send", {"via": "eml", "confirm": "true"})
    assert r.status_code == 200, text_of(r.text)[:300]
    assert r.headers["content-type"].startswith("message/rfc822")
    assert "attachment" in r.headers["content-disposition"]
    msg = message_from_bytes(r.content, policy=default)
    assert msg["To"] == "Dana Li <dana@acme.example>"
    assert "pairing session on Spark" in body_text(msg)
    assert msg["X-Unsent"] == "1"  # a mail program opens it as a draft to send
    # downloading sent nothing: the reply is still to do, no message is logged, and no
    # temporary folder is left behind
    reply = next(a for a in tracker.show(str(rejected)).actions if a.kind.value == "reply")
    assert reply.status.value == "pending"
    assert not [t for t in tracker.show(str(rejected)).touches if t.direction.value == "out"]
    assert list(scratch.iterdir()) == []


def test_sending_waits_for_the_cool_off_and_a_confirmation(
    web: Web, tracker: Tracker, rejected: int
) -> None:
    draft_id, _ = open_draft(
        web, rejected, kind="reply", fresh="true", appreciation="the pairing session on Spark"
    )
    here = f"/drafts/{draft_id}"
    r = web.post(f"{here}/send", {"via": "smtp", "next": here})
    assert "tick the box to confirm" in text_of(web.page(r.headers["location"]))
    tracker.set_config("cool_off_minutes", "600")  # the rejection came 3 hours ago
    r = web.post(f"{here}/send", {"via": "smtp", "next": here})
    text = text_of(web.page(r.headers["location"]))
    assert "Let it settle first" in text
    assert "Cool-off until" in text
    reply = next(a for a in tracker.show(str(rejected)).actions if a.kind.value == "reply")
    assert reply.open


def test_keep_as_journal_instead_of_sending(web: Web, tracker: Tracker, rejected: int) -> None:
    draft_id, _ = open_draft(web, rejected)
    text = text_of(web.submit(f"/drafts/{draft_id}/journal"))
    assert "Kept as a private journal note." in text
    assert any(e.note.kind.value == "journal" for e in tracker.patterns.journal())


# --- calendar, revisit, patterns, goals -------------------------------------------------


def test_calendar_feed_at_a_secret_address(web: Web, rejected: int) -> None:
    html = web.page("/settings")
    m = re.search(r'value="http://127\.0\.0\.1:8765(/calendar/[\w-]+\.ics)"', html)
    assert m is not None
    r = web.get(m.group(1))
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VCALENDAR" in r.text
    assert "thank-you" in r.text
    assert web.get("/calendar/guess.ics").status_code == 404
    web.submit("/calendar/renew")
    assert web.get(m.group(1)).status_code == 404


def test_revisit_lists_interview_rejections(web: Web, rejected: int) -> None:
    text = text_of(web.page("/revisit"))
    assert "Acme Robotics" in text
    assert "Dana Li" in text


def test_patterns_page_and_charts(web: Web, rejected: int) -> None:
    text = text_of(web.page("/patterns"))
    assert "Where the search stalls" in text
    assert "The funnel (1 application)" in text
    r = web.get("/patterns/charts/funnel.svg")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("image/svg+xml")
    assert "<script" not in r.text
    assert "script-src" not in r.headers["content-security-policy"]
    assert r.headers["content-security-policy"].startswith("default-src 'none'")
    assert web.get("/patterns/charts/other.svg").status_code == 404


def test_goals_progress_done_and_journal(web: Web, tracker: Tracker, rejected: int) -> None:
    form = web.page("/goals")
    # the theme is picked from the known ones, each in words, not typed as a key
    picker = form.split('<select id="g-link"', 1)[1].split("</select>", 1)[0]
    assert '<option value="nerves">came across as nervous</option>' in picker
    assert '<option value="screen">' in picker
    text = text_of(
        web.submit(
            "/goals",
            {
                "text": "Practise 3 STAR stories about stakeholders",
                "deadline": "2026-12-04",
                "link": "nerves",
            },
        )
    )
    assert "Goal #1 set." in text
    assert "Tied to: came across as nervous" in text
    assert tracker.patterns.goal(1).link == "nerves"
    assert "Practise 3 STAR stories about stakeholders" in text
    text = text_of(web.submit("/goals/1/progress", {"note": "wrote the first one", "amount": "1"}))
    assert "Progress logged" in text
    assert "wrote the first one" in text
    assert "done" in text_of(web.submit("/goals/1/done", {"status": "done"}))
    r = web.post("/goals", {"text": "Something", "deadline": ""})
    assert "Give the goal a deadline." in text_of(web.page(r.headers["location"]))
    html = web.submit(
        "/journal", {"text": f"Felt flat today {XSS}", "application": str(rejected), "mood": "2"}
    )
    assert "Written in your journal." in text_of(html)
    assert "<script>alert" not in html
    assert "Felt flat today" in text_of(html)
    assert "mood 2/5" in text_of(html)

"""Mail in the web UI: scan a mailbox, review what doorajar was unsure about, read the
emails of an application, and hostile email rendered inert."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from doorajar import demo
from doorajar.config import resolve
from doorajar.mail.demo_mailbox import install
from doorajar.service import Tracker
from doorajar.web import WebSettings, create_app
from tests.web_helpers import BASE, Web, text_of


@pytest.fixture
def web(tracker: Tracker, home: Path) -> Iterator[Web]:
    app = create_app(WebSettings(resolve(home), port=8765, sweep_every_seconds=None))
    with TestClient(app, base_url=BASE) as client:
        yield Web(client)


def test_scan_the_demo_mailbox_then_review_it(web: Web, tracker: Tracker, home: Path) -> None:
    demo.load(tracker)
    mailbox = install(home, tracker.now())
    html = web.page("/review")
    assert f'value="{mailbox}"' in html  # the sample mailbox is offered
    text = text_of(web.submit("/scan", {"source": str(mailbox)}))
    assert re.search(r"Scanned .*demo-mailbox\.mbox: 21 read, 21 new, \d+ filed, 1 to review", text)
    items = tracker.mail.review_items(recent=0)
    assert len(items) == 1
    assert items[0].subject in text
    assert "Held because" in text
    again = text_of(web.submit("/scan", {"source": str(mailbox)}))
    assert "nothing new" in again
    text = text_of(
        web.submit(
            f"/review/{items[0].id}/correct",
            {"category": "rejection", "kind": "form", "company": items[0].company or "Acme"},
        )
    )
    assert "Filed as you said" in text
    assert tracker.mail.review_items(recent=0) == []


def test_a_scan_that_cannot_read_says_why(web: Web, home: Path) -> None:
    r = web.post("/scan", {"source": str(home / "nope.mbox"), "next": "/review"})
    assert r.headers["location"] == "/review"
    assert "nope.mbox" in text_of(web.page("/review"))
    r = web.post("/scan", {"source": " ", "next": "/review"})
    assert "Name a mailbox" in text_of(web.page(r.headers["location"]))


HOSTILE = """\
From: Dana Li <dana@acme-robotics.example>
To: sam@example.com
Subject: Your application <script>alert('subject')</script> at Acme Robotics
Date: {date}
Message-ID: <hostile-1@acme-robotics.example>
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

<html><body onload="alert('load')">
<p>Dear Sam,</p>
<p>Thank you for the interviews. Unfortunately we have decided not to move forward with
your application for the Senior Data Engineer role.</p>
<script>alert('body')</script>
<img src="https://tracker.example/pixel.gif" onerror="alert('img')">
<p><a href="javascript:alert('link')">See your feedback</a></p>
<p>Best wishes,<br>Dana</p>
</body></html>
"""


def test_hostile_email_renders_inert(web: Web, tracker: Tracker, home: Path) -> None:
    now = tracker.now()
    app = tracker.apply("Acme Robotics", "Senior Data Engineer", at=now - timedelta(days=20))
    tracker.set_config("keep_raw_mail", "true")
    eml = home / "hostile.eml"  # the web reads mailboxes inside the data home
    date = (now - timedelta(hours=1)).strftime("%a, %d %b %Y %H:%M:%S +0000")
    eml.write_text(HOSTILE.format(date=date), encoding="utf-8")
    web.submit("/scan", {"source": str(eml)})
    pages = ["/review", f"/applications/{app.application.id}", "/"]
    seen = ""
    for path in pages:
        html = web.page(path)
        seen += html
        assert "<script>alert" not in html, path
        assert "onload=" not in html, path
        assert "onerror=" not in html, path
        assert 'href="javascript:' not in html, path
        assert "tracker.example" not in html, path
        assert not re.search(r"<img[^>]*https?://", html), path
    # the subject and the body are there, as text
    assert "&lt;script&gt;alert(&#39;subject&#39;)&lt;/script&gt;" in seen
    assert "decided not to move forward" in text_of(seen)
    assert "See your feedback" in text_of(seen)


def test_the_web_scan_reads_only_inside_the_data_home(web: Web, home: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.mbox"
    outside.write_text("From a@b Mon Nov  2 10:00:00 2026\nFrom: a@b.example\nSubject: x\n\nhi\n")
    for spec in (str(outside), "/etc/passwd", str(home / ".." / "elsewhere.mbox")):
        r = web.post("/scan", {"source": spec, "next": "/review"})
        assert "inside your data home only" in text_of(web.page(r.headers["location"]))
    fifo = home / "pipe.mbox"
    os.mkfifo(fifo)
    r = web.post("/scan", {"source": str(fifo), "next": "/review"})
    assert "is not a file or a folder" in text_of(web.page(r.headers["location"]))
    # a folder inside the home holding a link out of it, or a FIFO, is refused as well
    folder = home / "mail"
    folder.mkdir()
    (folder / "leak.eml").symlink_to(outside)
    r = web.post("/scan", {"source": str(folder), "next": "/review"})
    page = text_of(web.page(r.headers["location"]))
    assert "inside your data home only" in page
    assert "ajar scan" not in page  # the web never sends the user to the command line
    (folder / "leak.eml").unlink()
    os.mkfifo(folder / "pipe.eml")
    r = web.post("/scan", {"source": str(folder), "next": "/review"})
    assert "is not a file or a folder" in text_of(web.page(r.headers["location"]))


def test_the_web_scans_an_uploaded_mailbox_kept_in_the_mail_folder(
    web: Web, tracker: Tracker, home: Path, tmp_path: Path
) -> None:
    demo.load(tracker)
    data = install(tmp_path, tracker.now()).read_bytes()  # a mailbox on the user's computer
    assert 'action="/scan/upload?csrf=' in web.page("/review")

    def upload(name: str, content: bytes) -> str:
        r = web.post("/scan/upload", files={"mailbox": (name, content, "application/mbox")})
        assert r.status_code == 303, r.text[:300]
        return text_of(web.page(r.headers["location"]))

    page = upload("../../inbox.mbox", data + b"\n" * 1_500_000)  # over the 1 MB of a form
    assert re.search(r"Scanned .*inbox-[0-9a-f]{12}\.mbox: 21 read, 21 new", page), page[:400]
    kept = list((home / "mail").iterdir())
    assert [k.name.startswith("inbox-") for k in kept] == [True]  # its name, not its path
    assert oct(kept[0].stat().st_mode & 0o777) == "0o600"
    assert "nothing new" in upload("../../inbox.mbox", data + b"\n" * 1_500_000)
    assert len(list((home / "mail").iterdir())) == 1
    assert "is empty: no mail to read" in upload("empty.mbox", b"  \n")
    r = web.post("/scan/upload", data={"mailbox": "/etc/passwd"})  # a path, not a file
    assert "Choose a mailbox file to upload" in text_of(web.page(r.headers["location"]))
    assert len(list((home / "mail").iterdir())) == 1


def test_fix_a_filed_message_from_its_application_page(
    web: Web, tracker: Tracker, home: Path
) -> None:
    demo.load(tracker)
    tracker.mail.scan(str(install(home, tracker.now())))
    filed = [i for i in tracker.mail.review_items(recent=None) if i.application_id]
    item = filed[0]
    app = item.application_id
    html = web.page(f"/applications/{app}")
    assert f'action="/review/{item.id}/fix?csrf=' in html
    assert "Fix this message" in html
    # a fix that keeps the application returns to it; `back` never leaves the site
    r = web.post(f"/review/{item.id}/fix", {"kind": "personal", "back": f"/applications/{app}"})
    assert r.headers["location"] == f"/applications/{app}"
    assert f"Fixed message {item.id} as " in text_of(web.page(r.headers["location"]))
    r = web.post(
        f"/review/{item.id}/fix", {"category": "interview", "back": "https://evil.example/"}
    )
    assert r.headers["location"] == "/review"
    # a message that does not exist: nothing changes, one line says so
    before = tracker.export_json()
    r = web.post("/review/99999/fix", {"not_job": "1"})
    assert r.status_code == 303
    # the web names no command to run: the page itself lists the messages
    said = web.page(r.headers["location"])
    assert "No message #99999." in said
    assert "ajar review" not in said
    assert tracker.export_json() == before

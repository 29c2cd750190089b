"""PostgreSQL takes what SQLite takes: mail with a NUL after decoding, Message-IDs and
names longer than their columns, text with a NUL from anywhere, and IN-lists longer than
the 65,535 bind parameters one PostgreSQL statement allows. Each test runs on both."""

from __future__ import annotations

import base64
from pathlib import Path

from doorajar.config import resolve
from doorajar.service import Tracker
from doorajar.store import bulk
from doorajar.store.db import Store
from tests.helpers import Cli
from tests.scan_helpers import eml, mbox

_REFUSED_BEFORE = [
    # a NUL that only appears once the body is decoded
    b"From: Acme Robotics <jobs@acme.example>\nSubject: Your application\n"
    b"Message-ID: <nul-b64@acme.example>\nContent-Transfer-Encoding: base64\n\n"
    + base64.b64encode(b"Thank you\x00 for applying to Acme Robotics.\x00")
    + b"\n",
    b"From: Acme Robotics <jobs@acme.example>\nSubject: Decision=00\n"
    b"Message-ID: <nul-qp@acme.example>\nContent-Transfer-Encoding: quoted-printable\n\n"
    b"We have decided=00 not to move forward.=00\n",
    # a Message-ID, a display name and an address longer than their columns
    eml(
        "A" * 400 + " <" + "b" * 400 + "@acme.example>",
        "Thanks",
        "Hello.",
        days_ago=2,
        mid="x" * 1500,
    ),
    eml("Acme <jobs@acme.example>", "Long one", "Hi.", days_ago=1, mid="y" * 997),
]


def test_mail_postgresql_used_to_refuse_is_scanned(db_url: str, cli: Cli, tmp_path: Path) -> None:
    box = mbox(tmp_path / "refused.mbox", *_REFUSED_BEFORE)
    r = cli("--database-url", db_url, "scan", str(box))
    assert r.exit_code == 0, r.stderr
    assert f"read {len(_REFUSED_BEFORE)}, new {len(_REFUSED_BEFORE)}" in r.stderr
    assert "quarantined" not in r.stderr
    again = cli("--database-url", db_url, "scan", str(box))
    assert again.exit_code == 0
    assert "unchanged since the last scan" in again.stderr


def test_text_with_a_nul_is_stored_without_it(db_url: str, home: Path) -> None:
    t = Tracker.open(resolve(home, db_url))
    try:
        t.apply("Acme\x00 Robotics", "Data\x00 Engineer")
        t.add_note("acme", "called\x00 back")
        detail = t.show("acme")
    finally:
        t.close()
    assert detail.application.company == "Acme Robotics"
    assert [n.body for n in detail.notes] == ["called back"]


def test_in_lists_longer_than_the_bind_parameter_limit(db_url: str) -> None:
    store = Store(db_url)
    try:
        with store.transaction() as s:
            ids = list(range(1, 70_001))
            assert bulk.contact_labels(s, ids) == {}
            assert bulk.feedback_texts(s, ids) == {}
    finally:
        store.close()

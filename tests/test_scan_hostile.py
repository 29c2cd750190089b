"""One hostile email never stops a scan: what the parser cannot take is quarantined, named
on stderr and in `ajar review`, and the scan goes on past it, this time and the next."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from doorajar.mail import parse as parse_module
from doorajar.mail import service as mail_service
from tests.helpers import Cli
from tests.scan_helpers import CONFIRMATION, FORM_REJECTION, eml, mbox

# shapes that used to raise inside the parser, each now read as far as it can be
TRIGGERS = {
    "undefined charset": b"From: a@b.example\nSubject: one\n"
    b"Content-Type: text/plain; charset=undefined\n\nhello \xe9\n",
    "a thousand colons in From": b"From: " + b":" * 1000 + b"\nSubject: two\n\nhi\n",
    "a 20-digit year": b"From: a@b.example\nSubject: three\n"
    b"Date: Mon, 2 Nov 99999999999999999999 10:00:00 +0000\n\nhi\n",
}


@pytest.mark.parametrize("shape", sorted(TRIGGERS))
def test_shapes_that_used_to_crash_the_parser_are_read(shape: str) -> None:
    msg = parse_module.parse(TRIGGERS[shape])
    assert msg.subject in ("one", "two", "three")


def test_a_message_the_parser_cannot_take_is_quarantined_and_the_scan_goes_on(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli.ok("apply", "Acme Robotics", "Data Engineer", "--date", "2026-10-01")
    box = mbox(
        tmp_path / "box.mbox",
        eml(*CONFIRMATION, days_ago=20, mid="c1"),
        b"From: x@y.example\nSubject: BOOM\n\nthis one breaks the parser\n",
        *TRIGGERS.values(),
        eml(*FORM_REJECTION, days_ago=3, mid="r1"),
    )
    real = parse_module.parse

    def fragile(raw: bytes) -> Any:
        if b"BOOM" in raw:
            raise RecursionError("maximum recursion depth exceeded")
        return real(raw)

    monkeypatch.setattr(mail_service, "parse", fragile)
    r = cli("scan", str(box))
    assert r.exit_code == 0, r.stderr
    quarantined = [line for line in r.stderr.splitlines() if "quarantined" in line]
    assert len(quarantined) == 1
    assert "RecursionError" in quarantined[0]
    # what came after the bad message was filed as usual
    assert "Zephyr Labs" in cli.ok("list")
    assert "rejected" in cli.ok("show", "acme")
    listed = cli.ok("review")
    assert "could not be read" in listed
    # the position moved past it: the next scan neither dies nor reads it again
    again = cli("scan", str(box))
    assert again.exit_code == 0
    assert "quarantined" not in again.stderr
    assert cli.ok("review").count("could not be read") == 1


def test_a_scan_that_reads_nothing_leaves_no_trace(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AJAR_IMAP_PASSWORD", "not-used")
    before = cli.ok("export", "--json")
    r = cli("scan", "imap://me@127.0.0.1:1/INBOX")  # nothing listens on port 1
    assert r.exit_code == 1
    assert r.stderr.count("\n") == 1
    assert cli.ok("export", "--json") == before


def test_two_message_ids_over_998_characters_stay_two_messages(cli: Cli, tmp_path: Path) -> None:
    long_a = "a" * 1200 + "1"
    long_b = "a" * 1200 + "2"
    box = mbox(
        tmp_path / "box.mbox",
        eml(*CONFIRMATION, days_ago=5, mid=long_a),
        eml(*FORM_REJECTION, days_ago=3, mid=long_b),
    )
    r = cli("scan", str(box))
    assert r.exit_code == 0, r.stderr
    assert "read 2, new 2" in r.stderr
    assert cli("scan", str(box)).exit_code == 0

"""Text from mail or the database never drives the terminal: escape sequences and control
characters are stripped before anything is printed, and Rich markup in it shows as text."""

from __future__ import annotations

from pathlib import Path

import pytest

from doorajar.cli.output import clean
from tests.helpers import Cli
from tests.scan_helpers import eml, mbox

ATTACKS = {
    "hidden hyperlink": "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",
    "clipboard write": "\x1b]52;c;ZWNobyBwd25lZA==\x07",
    "screen clear": "\x1b[2J\x1b[H",
    "cursor up and erase": "\x1b[1A\x1b[2K",
    "title change": "\x1b]0;owned\x07",
    "device control": "\x1bP+q544e\x1b\\",
    "8-bit CSI": "\x9b2J",
    "bell and backspace": "\x07\x08\x08",
    "carriage return overwrite": "fake\rreal",
    "right-to-left override": "abc\u202edef",
    "zero-width space": "a\u200bb",
}


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_clean_leaves_no_control_character(name: str) -> None:
    out = clean(f"before {ATTACKS[name]} after")
    assert out.startswith("before ")
    assert out.endswith(" after")
    assert all(ch in "\t\n" or (ch.isprintable() and ch != "\u202e") for ch in out), repr(out)


def test_scan_and_revisit_print_mail_text_without_escapes(cli: Cli, tmp_path: Path) -> None:
    cli.ok("apply", "Acme Robotics", "Data Engineer", "--date", "2026-10-01")
    cli.ok("stage", "acme", "hiring_manager")
    evil = "".join(ATTACKS.values())
    box = mbox(
        tmp_path / "box.mbox",
        eml(
            "Kim Park <kim.park@acme-robotics.example>",
            f"Data Engineer {evil}[bold red]decision[/]",
            "Hi,\n\nThank you for interviewing with us last week. Unfortunately we have "
            "decided not to move forward with your application.\n\nKim Park\nAcme Robotics",
            days_ago=2,
            mid="evil1",
        ),
    )
    shown = cli("scan", str(box))
    assert shown.exit_code == 0
    cli.ok("feedback", "acme", f"Your system design answers stayed general {evil}")
    for out in (shown.stdout + shown.stderr, cli.ok("revisit"), cli.ok("show", "acme")):
        for ch in ("\x1b", "\x9b", "\x07", "\r", "\u202e"):
            assert ch not in out, repr(out)
    assert "[bold red]decision[/]" in shown.stderr  # markup in mail shows as text

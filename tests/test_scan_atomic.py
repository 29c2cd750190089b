"""A scan batch lands whole or not at all: a crash in the middle of one leaves nothing of
it behind, and the next scan files every message exactly once."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from doorajar.mail import filing
from doorajar.mail import service as mail_service
from tests.helpers import Cli
from tests.scan_helpers import CONFIRMATION, FORM_REJECTION, eml, mbox


def _touches(home: Path) -> int:
    with sqlite3.connect(home / "ajar.db") as db:
        return int(db.execute("SELECT count(*) FROM touches").fetchone()[0])


def test_a_crash_mid_batch_leaves_nothing_and_the_rerun_files_once(
    cli: Cli, tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli.ok("apply", "Acme Robotics", "Data Engineer", "--date", "2026-10-01")
    box = mbox(
        tmp_path / "box.mbox",
        eml(*FORM_REJECTION, days_ago=3, mid="r1"),
        eml(*CONFIRMATION, days_ago=2, mid="c1"),
    )
    before = _touches(home)
    real = filing.file_message
    calls = {"n": 0}

    def crash_on_second(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # the user pressed Ctrl-C, or the process died
        return real(*args, **kwargs)

    monkeypatch.setattr(mail_service, "file_message", crash_on_second)
    assert cli("scan", str(box)).exit_code != 0  # Ctrl-C aborts the command
    assert _touches(home) == before, "the first message's touches outlived the batch"
    assert "Zephyr" not in cli.ok("list")
    assert "rejected" not in cli.ok("show", "acme")

    monkeypatch.setattr(mail_service, "file_message", real)
    cli.ok("scan", str(box))
    after = _touches(home)
    cli.ok("scan", str(box))
    assert _touches(home) == after
    listed = cli.ok("list")
    assert listed.count("Zephyr Labs") == 1
    assert "rejected" in cli.ok("show", "acme")

"""A silent rejection is an assumption: a real answer from the company replaces it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.helpers import Cli
from tests.scan_helpers import FORM_REJECTION, INTERVIEW, eml, mbox, show


def _silent(cli: Cli) -> dict[str, Any]:
    cli.ok("apply", "Acme Robotics", "Data Engineer", "--date", "2026-10-20")
    cli.ok("today")  # the sweep: 21 days without a word
    d = show(cli, "Acme")
    assert [r["kind"] for r in d["rejections"]] == ["silent"]
    assert any(a["kind"] == "check_in" and a["status"] == "pending" for a in d["actions"])
    return d


def _check_in_skipped(d: dict[str, Any]) -> None:
    [check] = [a for a in d["actions"] if a["kind"] == "check_in"]
    assert check["status"] == "skipped"
    assert "no longer needed" in check["note"]


def test_reject_after_silence_records_the_real_rejection(cli: Cli) -> None:
    _silent(cli)
    out = cli.ok(
        "reject", "Acme", "--kind", "personal", "--stage", "recruiter_screen",
        "--from", "Kim Park", "--feedback", "More SQL depth.", "--date", "2026-11-20",
    )  # fmt: skip
    assert "already" not in out
    d = show(cli, "Acme")
    [rej] = d["rejections"]
    assert (rej["kind"], rej["stage"], rej["received_at"][:10]) == (
        "personal",
        "recruiter_screen",
        "2026-11-20",
    )
    [kim] = [c for c in d["contacts"] if c["name"] == "Kim Park"]
    assert rej["contact_id"] == kim["id"]
    assert "More SQL depth." in rej["feedback"]
    _check_in_skipped(d)
    assert any(a["kind"] == "reply" for a in d["actions"] if a["status"] == "pending")


def test_stage_after_silence_reopens_the_application(cli: Cli) -> None:
    _silent(cli)
    cli.ok("stage", "Acme", "recruiter_screen", "--date", "2026-11-21")
    d = show(cli, "Acme")
    assert d["application"]["outcome"] == "active"
    assert d["rejections"] == []
    _check_in_skipped(d)
    cli.ok("today")  # the new activity restarts the silence clock
    assert show(cli, "Acme")["application"]["outcome"] == "active"


def test_scanned_rejection_after_silence_replaces_it(cli: Cli, tmp_path: Path) -> None:
    _silent(cli)
    box = mbox(tmp_path / "in.mbox", eml(*FORM_REJECTION, days_ago=2, mid="r1"))
    r = cli("scan", str(box))
    assert r.exit_code == 0, r.stderr
    d = show(cli, "Acme")
    [rej] = d["rejections"]
    assert rej["kind"] == "form"
    assert rej["message_id"] == "<r1@test.example>"
    assert rej["received_at"][:10] == "2026-11-20"
    _check_in_skipped(d)


def test_scanned_interview_after_silence_reopens_and_advances(cli: Cli, tmp_path: Path) -> None:
    _silent(cli)
    box = mbox(tmp_path / "in.mbox", eml(*INTERVIEW, days_ago=1, mid="i1"))
    cli.ok("scan", str(box))
    d = show(cli, "Acme")
    # the invitation is to an interview with the hiring manager, the stage it names
    assert (d["application"]["outcome"], d["application"]["stage"]) == (
        "active",
        "hiring_manager",
    )
    assert d["rejections"] == []
    _check_in_skipped(d)
    cli.ok("scan", str(box))  # a rescan changes nothing
    assert show(cli, "Acme")["application"]["stage"] == "hiring_manager"

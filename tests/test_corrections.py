"""Fixing what was recorded: edit, delete, trash, restore, merge, unreject, stage --back,
contact edit/delete, history and undo — what the user sees, and the database after."""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import NOW, Cli, Clock, Result, final_round
from tests.scan_helpers import CONFIRMATION, FORM_REJECTION, eml, mbox

DATA = Path(__file__).parent / "data"

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


class OnDatabase(Cli):
    """`ajar --database-url URL` for every command."""

    def __init__(self, extra: list[str]) -> None:
        super().__init__()
        self.extra = extra

    def __call__(self, *args: str, input: str | None = None) -> Result:
        return super().__call__(*self.extra, *args, input=input)


@pytest.fixture(params=BACKENDS)
def on_db(request: pytest.FixtureRequest, clock: Clock) -> Cli:
    """`ajar` on the test's home, on SQLite or on a fresh PostgreSQL database."""
    if request.param == "postgresql":
        return OnDatabase(["--database-url", str(request.getfixturevalue("pg_url"))])
    return Cli()


@pytest.fixture
def run(on_db: Cli) -> Callable[..., Any]:
    """`run(*args)` is the output of a command that must succeed; `ok=False` returns the
    whole result."""

    def call(*args: str, ok: bool = True) -> Any:
        return on_db.ok(*args) if ok else on_db(*args)

    return call


def _export(run: Callable[..., Any]) -> str:
    out = run("export", "--json")
    assert isinstance(out, str)
    return out


def _tables(run: Callable[..., Any]) -> dict[str, list[dict[str, Any]]]:
    doc = json.loads(_export(run))
    tables: dict[str, list[dict[str, Any]]] = doc["tables"]
    return tables


# every kind of change a command makes, each followed by an undo that must reproduce the
# export byte for byte
CHANGES: list[tuple[str, ...]] = [
    ("apply", "Umbra Analytics", "Platform Engineer", "--source", "linkedin"),
    ("reject", "Kestrel", "--kind", "personal", "--feedback", "More SQL depth."),
    ("stage", "Quill", "hiring_manager"),
    ("stage", "Northwind", "applied", "--back"),
    ("feedback", "Northwind", "Wanted more system design."),
    ("note", "Northwind", "Called about the team."),
    ("sent", "Acme", "--kind", "reply"),
    ("close", "Quill", "withdrawn"),
    ("contact", "add", "Priya Raman", "--company", "Kestrel Logistics", "--role", "recruiter"),
    ("contact", "edit", "Dana Li", "--email", "dana.li@acme.example", "--role", "recruiter"),
    ("contact", "delete", "Dana Li", "--yes"),
    ("edit", "Kestrel", "--role", "Senior Data Engineer", "--url", "https://jobs.example/1"),
    ("edit", "Kestrel", "--applied", "2026-10-01"),
    ("delete", "Northwind", "--yes"),
    ("merge", "Kestrel", "Quill", "--yes"),
    ("unreject", "Acme"),
    ("config", "reply_due_hours", "24"),
]


def _home(run: Callable[..., Any]) -> None:
    run("apply", "Kestrel Logistics", "Data Engineer", "--date", "2026-11-10")
    run("apply", "Quill Labs", "Analytics Engineer", "--date", "2026-11-12")
    run("apply", "Northwind Freight", "Data Engineer", "--date", "2026-11-05")
    run("stage", "Northwind", "final_round", "--date", "2026-11-15")
    run("contact", "add", "Dana Li", "--company", "Acme Robotics", "--role", "interviewer")
    run("apply", "Acme Robotics", "Data Engineer", "--date", "2026-11-01")
    run("reject", "Acme", "--kind", "personal", "--stage", "final_round", "--from", "Dana Li")


@pytest.mark.parametrize("change", CHANGES, ids=lambda c: " ".join(c[:2]))
def test_undo_of_every_kind_of_change_gives_back_the_same_export(
    run: Callable[..., Any], change: tuple[str, ...]
) -> None:
    _home(run)
    before = _export(run)
    run(*change)
    assert _export(run) != before, f"ajar {' '.join(change)} changed nothing"
    out = run("undo")
    assert out.startswith("Undid ajar ")
    assert _export(run) == before


def test_undo_walks_back_one_change_at_a_time_and_stops_when_none_is_left(
    run: Callable[..., Any],
) -> None:
    run("apply", "Kestrel Logistics", "Data Engineer")
    one = _export(run)
    run("apply", "Quill Labs", "Analytics Engineer")
    run("reject", "Quill", "--kind", "form")
    assert "ajar reject Quill --kind form" in run("undo")
    assert "ajar apply 'Quill Labs' 'Analytics Engineer'" in run("undo")
    assert _export(run) == one
    run("undo")
    r = run("undo", ok=False)
    assert r.exit_code == 1
    assert r.stderr.strip() == "ajar: Nothing to undo: no change is recorded yet."


def test_history_lists_each_change_with_its_command(run: Callable[..., Any]) -> None:
    run("apply", "Kestrel Logistics", "Data Engineer")
    run("edit", "Kestrel", "--role", "Senior Data Engineer")
    entries = json.loads(run("history", "--json"))
    assert [e["command"] for e in entries] == [
        "ajar edit Kestrel --role 'Senior Data Engineer'",
        "ajar apply 'Kestrel Logistics' 'Data Engineer'",
    ]
    assert entries[0]["summary"] == "edited Senior Data Engineer at Kestrel Logistics: role"
    assert entries[0]["changes"] == "changed 1 application"
    run("undo")
    assert json.loads(run("history", "--json"))[0]["undone"] is True


def test_a_deleted_rejection_leaves_today_and_the_calendar_and_comes_back_from_the_trash(
    run: Callable[..., Any], tmp_path: Path
) -> None:
    run("apply", "Substack", "Role not stated")
    run("reject", "Substack", "--kind", "personal")
    assert "Substack" in run("today")
    out = run("delete", "substack", "--yes")
    assert "to the trash" in out
    assert "Substack" not in run("today")
    run("calendar", "--out", str(tmp_path / "a.ics"))
    assert "Substack" not in (tmp_path / "a.ics").read_text(encoding="utf-8")
    assert "Substack" not in run("patterns")
    tables = _tables(run)
    assert tables["applications"] == []
    assert tables["actions"] == []
    assert tables["touches"] == []
    assert tables["rejections"] == []
    listing = json.loads(run("trash", "--json"))
    assert [i["subject"] for i in listing] == ["#1 Role not stated at Substack"]
    # something new takes the next number; the restored one keeps its own
    run("apply", "Kestrel Logistics", "Data Engineer")
    assert run("restore", "substack") == "Restored #1 Role not stated at Substack.\n"
    ids = sorted(a["id"] for a in _tables(run)["applications"])
    assert ids == [1, 2]
    assert "Substack" in run("today")
    assert run("trash") == "The trash is empty.\n"


def test_restore_refuses_a_name_now_taken_and_changes_nothing(run: Callable[..., Any]) -> None:
    run("apply", "Substack", "Writer")
    run("delete", "Substack", "--yes")
    run("apply", "Substack", "Writer")
    before = _export(run)
    r = run("restore", "substack", ok=False)
    assert r.exit_code == 1
    assert r.stderr.startswith("ajar: Cannot restore Substack — Writer: #2 Writer at Substack")
    assert _export(run) == before


def test_emptying_the_trash_is_for_good(run: Callable[..., Any]) -> None:
    run("apply", "Substack", "Writer")
    run("delete", "Substack", "--yes")
    assert "Emptied the trash (1 removed for good)." in run("trash", "--empty", "--yes")
    assert run("trash") == "The trash is empty.\n"
    r = run("undo", ok=False)
    assert r.exit_code == 1
    assert "emptied from the trash" in r.stderr
    r = run("restore", "substack", ok=False)
    assert r.stderr.strip() == "ajar: The trash is empty."


def test_merge_moves_everything_onto_the_first_and_undo_splits_them(
    run: Callable[..., Any],
) -> None:
    run("apply", "Acme Robotics", "Data Engineer", "--date", "2026-11-01")
    run("apply", "Acme Robotics Inc", "Data Engineer", "--date", "2026-11-02", "--force")
    run("stage", "2", "final_round", "--date", "2026-11-10")
    run("note", "2", "Onsite went well.")
    run("reject", "2", "--kind", "personal")
    before = _export(run)
    out = run("merge", "1", "2", "--yes")
    assert out == "Merged #2 into #1 Data Engineer at Acme Robotics (final round, rejected).\n"
    t = _tables(run)
    assert [a["id"] for a in t["applications"]] == [1]
    assert {r["application_id"] for r in t["rejections"]} == {1}
    assert {n["application_id"] for n in t["notes"]} == {1}
    assert {a["application_id"] for a in t["actions"] if a["application_id"]} == {1}
    assert any(a["kind"] == "reply" for a in t["actions"])
    run("undo")
    assert _export(run) == before


def test_unreject_reopens_and_the_plan_goes(run: Callable[..., Any]) -> None:
    run("apply", "Acme Robotics", "Data Engineer")
    run("reject", "Acme", "--kind", "form")
    out = run("unreject", "acme")
    assert out == "#1 Data Engineer at Acme Robotics is open again (applied).\n"
    t = _tables(run)
    assert t["applications"][0]["outcome"] == "active"
    assert t["rejections"] == []
    assert t["touches"] == []
    assert [a for a in t["actions"] if a["status"] == "open"] == []


def test_stage_back_forgets_the_stages_above(run: Callable[..., Any]) -> None:
    run("apply", "Acme Robotics", "Data Engineer", "--date", "2026-11-01")
    run("stage", "Acme", "final_round", "--date", "2026-11-10")
    out = run("stage", "Acme", "recruiter_screen", "--back")
    assert out == "#1 Data Engineer at Acme Robotics is back at recruiter screen.\n"
    t = _tables(run)
    assert t["applications"][0]["stage"] == "recruiter_screen"
    assert [c["stage"] for c in t["stage_changes"]] == ["applied"]
    assert "moved Data Engineer at Acme Robotics back from final round to recruiter screen" in (
        run("history")
    )


def test_contact_edit_gives_a_draft_its_recipient(run: Callable[..., Any], on_db: Cli) -> None:
    final_round(on_db)
    out = run("contact", "edit", "Dana Li", "--email", "dana@acme.example")
    assert out == "Edited contact #1 Dana Li.\n"
    assert _tables(run)["contacts"][0]["email"] == "dana@acme.example"
    assert "To: Dana Li <dana@acme.example>" in run("draft", "acme", "--kind", "reply")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("edit", "Acme", "--company", " "), "ajar: The company cannot be empty."),
        (("edit", "Acme", "--source", "linkdin"), "ajar: Unknown source 'linkdin'. Did you mean"),
        (("edit", "Acme"), "ajar: Nothing to change: give at least one of"),
        (("edit", "1", "--applied", "2026-11-20"), "ajar: #1 moved on or was answered on"),
        (("edit", "1", "--role", "Analyst"), "ajar: #2 is already Analyst at Acme Robotics"),
        (("stage", "Acme", "nowhere", "--back"), "ajar: Unknown stage 'nowhere'"),
        (("stage", "1", "offer", "--back"), "ajar: #1 is at final round; --back moves it"),
        (("merge", "1", "#1", "--yes"), "ajar: #1 is the same application"),
        (("unreject", "2"), "ajar: #2 Analyst at Acme Robotics is not marked as rejected."),
        (("delete", "1"), "ajar: Move #1 Data Engineer at Acme Robotics to the trash? Add --yes"),
        (("restore", "1"), "ajar: The trash is empty."),
        (("contact", "edit", "Dana Li", "--email", "nope"), "ajar: 'nope' is not an email"),
        (("contact", "delete", "Nobody", "--yes"), "ajar: No contact"),
    ],
)
def test_bad_corrections_are_one_line_and_change_nothing(
    run: Callable[..., Any], on_db: Cli, args: tuple[str, ...], message: str
) -> None:
    final_round(on_db, days_ago=5)
    run("apply", "Acme Robotics", "Analyst", "--date", str(NOW.date()))
    before = _export(run)
    r = run(*args, ok=False)
    assert r.exit_code == 1, r.stdout
    assert r.stderr.startswith(message), r.stderr
    assert r.stderr.count("\n") == 1
    assert _export(run) == before


def test_an_import_and_a_json_restore_are_each_one_change_undone_whole(
    run: Callable[..., Any], tmp_path: Path
) -> None:
    _home(run)
    before = _export(run)
    run("import", str(DATA / "csv" / "huntr_export.csv"), "--yes")
    assert len(_tables(run)["applications"]) > 4
    assert "imported" in json.loads(run("history", "--json"))[0]["summary"]
    run("undo")
    assert _export(run) == before
    backup = tmp_path / "backup.json"
    backup.write_text(before, encoding="utf-8")
    run("apply", "Umbra Analytics", "Platform Engineer")
    after_apply = _export(run)
    run("import", str(backup), "--replace")
    assert _export(run) == before
    run("undo")
    assert _export(run) == after_apply


def test_scan_undo_takes_back_every_batch_of_the_last_scan(
    run: Callable[..., Any], tmp_path: Path
) -> None:
    run("apply", "Acme Robotics", "Data Engineer", "--date", "2026-11-01")
    before = _export(run)
    box = mbox(
        tmp_path / "inbox.mbox",
        eml(*CONFIRMATION, days_ago=6, mid="c1"),
        eml(*FORM_REJECTION, days_ago=2, mid="r1"),
    )
    run("scan", str(box))
    assert _export(run) != before
    out = run("scan", "undo")
    assert out.startswith(f"Undid ajar scan {box} (")
    assert _export(run) == before
    r = run("scan", "undo", ok=False)
    assert r.exit_code == 1
    assert r.stderr.strip() == "ajar: Nothing to undo: no scan is recorded."


def test_scan_undo_refuses_when_other_changes_followed(
    run: Callable[..., Any], tmp_path: Path
) -> None:
    box = mbox(tmp_path / "inbox.mbox", eml(*CONFIRMATION, days_ago=6, mid="c1"))
    run("scan", str(box))
    run("apply", "Umbra Analytics", "Platform Engineer")
    before = _export(run)
    r = run("scan", "undo", ok=False)
    assert r.exit_code == 1
    assert "was followed by 1 other change; undo it first" in r.stderr
    assert _export(run) == before


FIXES = [
    ("--not-job",),
    ("--kind", "personal"),
    ("--category", "interview"),
    ("--company", "Kestrel Logistics"),
    ("--category", "application_received", "--role", "Staff Data Engineer"),
]


@pytest.mark.parametrize("fix", FIXES, ids=lambda f: " ".join(f))
def test_undo_of_a_message_fix_gives_back_the_same_export(
    run: Callable[..., Any], tmp_path: Path, fix: tuple[str, ...]
) -> None:
    run("apply", "Acme Robotics", "Data Engineer", "--date", "2026-11-01")
    run("apply", "Kestrel Logistics", "Data Engineer", "--date", "2026-11-02")
    box = mbox(tmp_path / "in.mbox", eml(*FORM_REJECTION, days_ago=1, mid="r1"))
    run("scan", str(box))
    before = _export(run)
    out = run("review", "fix", "1", *fix)
    assert out.startswith("Fixed #1 as ")
    assert _export(run) != before
    assert run("undo").startswith(f"Undid ajar review fix 1 {shlex.join(fix)} (")
    assert _export(run) == before

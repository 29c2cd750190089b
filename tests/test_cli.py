"""The CLI as a user meets it: help with examples, clear one-line errors, dates, JSON, exit codes.

Every bad-input case also checks that the database did not change, by comparing
`ajar export --json` before and after.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer

from doorajar.cli import app
from tests.helpers import Cli


def _commands(cmd: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every command path, walking groups and sub-apps (Typer ships its own click)."""
    yield path
    subs = getattr(cmd, "commands", None)
    if isinstance(subs, dict):
        for name, sub in sorted(subs.items()):
            yield from _commands(sub, (*path, name))


ALL_COMMANDS = list(_commands(typer.main.get_command(app)))


def test_the_command_tree_includes_sub_apps() -> None:
    assert ("contact", "add") in ALL_COMMANDS
    assert ("apply",) in ALL_COMMANDS
    assert len(ALL_COMMANDS) > 20


@pytest.mark.parametrize("path", ALL_COMMANDS, ids=lambda p: " ".join(p) or "ajar")
def test_every_command_has_help_with_an_example(cli: Cli, path: tuple[str, ...]) -> None:
    r = cli(*path, "--help")
    assert r.exit_code == 0
    assert "Example:" in r.stdout, f"`ajar {' '.join(path)} --help` has no Example: line"


# --- a home with something in it ---------------------------------------------------------


@pytest.fixture
def filled(cli: Cli) -> Cli:
    cli.ok("apply", "Acme Robotics", "Senior Data Engineer", "--date", "2026-10-20")
    cli.ok("apply", "Acme Robotics", "Platform Engineer", "--date", "2026-10-25")
    cli.ok("apply", "Globex Systems", "Data Engineer", "--date", "2026-11-01")
    cli.ok("stage", "globex", "recruiter_screen", "--date", "2026-11-05")
    cli.ok("contact", "add", "Dana Li", "--company", "Globex Systems", "--role", "recruiter")
    cli.ok("reject", "globex", "--kind", "personal", "--date", "2026-11-20")
    return cli


def export(cli: Cli) -> str:
    return cli.ok("export", "--json")


def fails_cleanly(cli: Cli, *args: str, match: str) -> str:
    """Run a command that must fail with exit 1, one line on stderr, and nothing changed."""
    before = export(cli)
    r = cli(*args)
    assert r.exit_code == 1, (r.exit_code, r.stdout, r.stderr)
    line = r.stderr.strip()
    assert "\n" not in line, f"more than one line: {r.stderr!r}"
    assert line.startswith("ajar: ")
    assert "Traceback" not in r.stderr
    assert match in line, line
    assert export(cli) == before, "the database changed"
    return line


# --- bad input -----------------------------------------------------------------------------


def test_unknown_stage_lists_the_valid_names(filled: Cli) -> None:
    line = fails_cleanly(filled, "stage", "acme robotics senior", "final-rund", match="stage")
    assert "applied, recruiter_screen, hiring_manager, final_round, offer" in line
    fails_cleanly(filled, "list", "--stage", "lunch", match="Unknown stage 'lunch'")
    fails_cleanly(
        filled, "reject", "acme robotics senior", "--stage", "coffee", match="Unknown stage"
    )


def test_stages_take_the_same_words_as_the_spreadsheet_import(filled: Cli) -> None:
    out = filled.ok("stage", "acme robotics senior", "onsite")
    assert out.strip().endswith("is now at final round.")
    assert (
        filled.ok("stage", "acme robotics senior", "On-site")
        .strip()
        .endswith("is already at final round.")
    )
    filled.ok("stage", "acme robotics platform", "Phone screen")
    filled.ok("reject", "acme robotics platform", "--stage", "technical interview")
    rows = {a["role"]: a for a in json.loads(filled.ok("list", "--json"))}
    assert rows["Senior Data Engineer"]["stage"] == "final_round"
    assert rows["Platform Engineer"]["stage"] == "hiring_manager"
    listed = json.loads(filled.ok("list", "--stage", "onsite", "--json"))
    assert [a["role"] for a in listed] == ["Senior Data Engineer"]


def test_a_mistyped_source_is_refused_with_the_close_match(filled: Cli) -> None:
    line = fails_cleanly(
        filled, "apply", "Initech", "Analyst", "--source", "linkdin", match="Unknown source"
    )
    assert "Did you mean linkedin?" in line
    assert "--other-source" in line
    fails_cleanly(
        filled,
        "apply",
        "Initech",
        "Analyst",
        "--source",
        "linkedin",
        "--other-source",
        "meetup",
        match="not both",
    )
    filled.ok("apply", "Initech", "Analyst", "--source", "LinkedIn")
    filled.ok("apply", "Hooli", "Analyst", "--other-source", "Meetup talk")
    filled.ok("apply", "Umbrella", "Analyst", "--source", "indeed")
    rows = {a["company"]: a for a in json.loads(filled.ok("list", "--json"))}
    assert rows["Initech"]["source"] == "linkedin"
    assert rows["Hooli"]["source"] == "meetup_talk"
    assert rows["Umbrella"]["source"] == "job_board"


def test_unknown_kind_lists_the_valid_names(filled: Cli) -> None:
    line = fails_cleanly(
        filled, "reject", "acme robotics senior", "--kind", "rude", match="Unknown kind 'rude'"
    )
    assert "silent, form, personal" in line
    fails_cleanly(filled, "list", "--outcome", "lost", match="Unknown outcome 'lost'")
    fails_cleanly(filled, "contact", "add", "Sam", "--role", "boss", match="Unknown contact role")


def test_rejection_for_a_missing_application_suggests_close_matches(filled: Cli) -> None:
    line = fails_cleanly(filled, "reject", "globexx", match="No application matches 'globexx'")
    assert "Did you mean Globex Systems?" in line
    line = fails_cleanly(filled, "reject", "acmee", match="No application matches")
    assert "Acme Robotics" in line
    line = fails_cleanly(filled, "reject", "zyxwv", match="No application matches 'zyxwv'")
    assert "ajar list" in line
    fails_cleanly(filled, "reject", "99", match="No application #99")


def test_an_ambiguous_name_lists_the_matches(filled: Cli) -> None:
    line = fails_cleanly(filled, "reject", "acme", match="'acme' matches 2 applications")
    assert "#1 Senior Data Engineer at Acme Robotics" in line
    assert "#2 Platform Engineer at Acme Robotics" in line
    # narrowing by role words works
    filled.ok("reject", "acme platform", "--date", "2026-11-21")


def test_dates_in_the_future_are_refused(filled: Cli) -> None:
    fails_cleanly(filled, "apply", "Initech", "Data Engineer", "--date", "tomorrow", match="future")
    fails_cleanly(
        filled, "reject", "acme platform", "--date", "2026-12-24", match="'2026-12-24' is in the"
    )
    fails_cleanly(
        filled, "stage", "acme platform", "hiring_manager", "--date", "in 3 days", match="future"
    )


def test_unreadable_dates_are_refused(filled: Cli) -> None:
    fails_cleanly(
        filled, "apply", "Initech", "Data Engineer", "--date", "blurgh", match="Cannot read"
    )
    fails_cleanly(
        filled, "apply", "Initech", "Data Engineer", "--date", "2026-02-30", match="not a real"
    )
    fails_cleanly(
        filled, "apply", "Initech", "Data Engineer", "--date", "03/04/2026", match="YYYY-MM-DD"
    )


def test_a_date_before_the_application_is_refused(filled: Cli) -> None:
    fails_cleanly(filled, "reject", "acme platform", "--date", "2026-10-01", match="before")
    fails_cleanly(filled, "feedback", "globex", "More SQL", "--date", "2026-10-01", match="before")


def test_duplicate_application_needs_force_and_then_warns(filled: Cli) -> None:
    line = fails_cleanly(
        filled, "apply", "acme robotics", "senior data engineer", "--date", "2026-11-10",
        match="add --force",
    )  # fmt: skip
    assert "#1" in line
    r = filled("apply", "Acme Robotics", "Senior Data Engineer", "--date", "2026-11-10", "--force")
    assert r.exit_code == 0
    assert "Logged #4" in r.stdout
    assert "Possible duplicate of #1" in r.stderr
    # outside the 30-day window it is a new application, no questions asked
    filled.ok("apply", "Globex Systems", "Platform Engineer", "--date", "2026-11-21")
    r = filled("apply", "Acme Robotics", "Platform Engineer")
    assert r.exit_code == 1  # 28 days after #2: still a duplicate


def test_reapplying_soon_after_a_rejection_warns(filled: Cli) -> None:
    r = filled("apply", "Globex Systems", "Data Engineer", "--force")
    assert r.exit_code == 0
    assert "turned you down for this role" in r.stderr


def test_import_of_a_file_that_is_not_ours_is_refused(filled: Cli, tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"accounts": [1, 2, 3]}))
    fails_cleanly(filled, "import", str(other), "--replace", match="not a doorajar export")
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)))
    fails_cleanly(
        filled, "import", str(binary), "--replace", match="neither a CSV/TSV spreadsheet nor"
    )
    # with CSV options too, it says what the file is not (not "a JSON export")
    random = tmp_path / "random.bin"
    random.write_bytes(bytes(range(256)) * 4)
    line = fails_cleanly(filled, "import", str(random), "--dry-run", match="random.bin")
    assert "neither a CSV/TSV spreadsheet nor a doorajar JSON export" in line
    assert "looks like" not in line
    fails_cleanly(filled, "import", str(tmp_path / "missing.json"), match="No such file")


def test_import_of_a_truncated_export_is_refused(filled: Cli, tmp_path: Path) -> None:
    doc = export(filled)
    cut = tmp_path / "cut.json"
    cut.write_text(doc[: len(doc) // 2])
    fails_cleanly(filled, "import", str(cut), "--replace", match="truncated")
    # valid JSON, but a row lacks a required field: refused whole
    broken = json.loads(doc)
    del broken["tables"]["applications"][0]["company"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(broken))
    fails_cleanly(filled, "import", str(bad), "--replace", match="lacks 'company'")


def test_import_into_a_home_with_data_needs_replace(filled: Cli, tmp_path: Path) -> None:
    f = tmp_path / "backup.json"
    f.write_text(export(filled))
    fails_cleanly(filled, "import", str(f), match="--replace")
    out = filled.ok("import", str(f), "--replace")
    assert "Imported" in out


def test_actions_on_missing_or_closed_things(filled: Cli) -> None:
    fails_cleanly(filled, "done", "999", match="No action #999")
    fails_cleanly(filled, "reject", "globex", match="already marked as rejected")
    fails_cleanly(filled, "contact", "connected", "Nobody", match="No contact matches")
    fails_cleanly(filled, "config", "reply_to_forms", "true", match="Did you mean: reply_to_form")
    fails_cleanly(filled, "config", "reply_to_form", "maybe", match="true or false")
    fails_cleanly(filled, "snooze", "1", match="--days N or --until")


# --- dates ---------------------------------------------------------------------------------


def test_natural_dates(cli: Cli) -> None:
    a = json.loads(
        cli.ok("apply", "Acme Robotics", "Data Engineer", "--date", "3 days ago", "--json")
    )
    assert a["application"]["applied_at"] == "2026-11-19T15:00:00+00:00"
    b = json.loads(cli.ok("apply", "Globex", "Data Engineer", "--date", "yesterday", "--json"))
    assert b["application"]["applied_at"] == "2026-11-21T12:00:00+00:00"
    c = json.loads(cli.ok("apply", "Initech", "Data Engineer", "--date", "2026-11-02", "--json"))
    assert c["application"]["applied_at"] == "2026-11-02T12:00:00+00:00"
    d = json.loads(
        cli.ok("apply", "Umbrella", "Data Engineer", "--date", "2026-11-10 09:30", "--json")
    )
    assert d["application"]["applied_at"] == "2026-11-10T09:30:00+00:00"
    e = json.loads(cli.ok("apply", "Hooli", "Data Engineer", "--date", "2 weeks ago", "--json"))
    assert e["application"]["applied_at"] == "2026-11-08T15:00:00+00:00"


def test_dates_are_read_in_the_users_time_zone(cli: Cli) -> None:
    cli.ok("config", "timezone", "Europe/Berlin")
    a = json.loads(
        cli.ok("apply", "Acme Robotics", "Data Engineer", "--date", "2026-11-10 09:30", "--json")
    )
    assert a["application"]["applied_at"] == "2026-11-10T08:30:00+00:00"
    fails_cleanly(cli, "config", "timezone", "Mars/Olympus", match="Unknown time zone")


# --- JSON ------------------------------------------------------------------------------------


def test_json_outputs_parse(filled: Cli) -> None:
    docs = {
        # before `today`, which turns week-old silence into rejections
        "stage": json.loads(filled.ok("stage", "acme senior", "hiring_manager", "--json")),
        "show": json.loads(filled.ok("show", "globex", "--json")),
        "list": json.loads(filled.ok("list", "--json")),
        "today": json.loads(filled.ok("today", "--json")),
        "agenda": json.loads(filled.ok("agenda", "--days", "30", "--json")),
        "contacts": json.loads(filled.ok("contacts", "--json")),
        "config": json.loads(filled.ok("config", "--json")),
        "path": json.loads(filled.ok("path", "--json")),
        "export": json.loads(filled.ok("export", "--json")),
        "feedback": json.loads(filled.ok("feedback", "globex", "More SQL depth.", "--json")),
        "sent": json.loads(filled.ok("sent", "globex", "--kind", "reply", "--json")),
        "contact add": json.loads(
            filled.ok("contact", "add", "Marcus Feld", "--company", "Acme Robotics", "--json")
        ),
        "close": json.loads(filled.ok("close", "acme platform", "withdrawn", "--json")),
    }
    show = docs["show"]
    assert set(show) >= {"application", "rejections", "actions", "triage"}
    assert show["application"]["outcome"] == "rejected"
    assert show["rejections"][0]["kind"] == "personal"
    assert show["rejections"][0]["stage"] == "recruiter_screen"
    for a in show["actions"]:
        assert set(a) >= {"kind", "due", "status", "reason"}
    assert [a["company"] for a in docs["list"]][:1] == ["Globex Systems"]
    assert {"overdue", "today", "coming"} <= set(docs["today"])
    assert {"overdue", "today", "coming"} <= set(docs["agenda"])
    later = json.loads(filled.ok("agenda", "--days", "400", "--json"))
    action_id = later["coming"][0]["action"]["id"]
    assert json.loads(filled.ok("snooze", str(action_id), "--days", "2", "--json"))["status"] == (
        "snoozed"
    )
    assert json.loads(filled.ok("done", str(action_id), "--json"))["status"] == "done"
    assert docs["export"]["format"] == "doorajar-export"
    assert docs["close"]["outcome"] == "withdrawn"
    assert docs["contact add"]["name"] == "Marcus Feld"


def test_reject_without_kind_explains_the_triage(cli: Cli) -> None:
    cli.ok("apply", "Globex Systems", "Data Engineer", "--date", "2026-11-01")
    doc = json.loads(cli.ok("reject", "globex", "--json"))
    assert doc["rejections"][0]["kind"] == "form"
    assert any("form email" in r for r in doc["triage"]["reasons"])
    assert [a["kind"] for a in doc["actions"]] == ["next_application"]


# --- exit codes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("apply",),  # missing arguments
        ("apply", "Acme"),
        ("list", "--bogus"),
        ("no-such-command",),
        ("agenda", "--days", "many"),
        ("contact", "add"),
    ],
    ids=lambda a: " ".join(a),
)
def test_usage_errors_exit_2(cli: Cli, args: tuple[str, ...]) -> None:
    before = export(cli)
    r = cli(*args)
    assert r.exit_code == 2, (r.exit_code, r.stderr)
    assert "Usage:" in r.stderr
    assert export(cli) == before


def test_home_and_database_url_options(cli: Cli, tmp_path: Path) -> None:
    other = tmp_path / "other-home"
    cli.ok("--home", str(other), "apply", "Acme Robotics", "Data Engineer")
    assert (other / "ajar.db").exists()
    assert "Acme Robotics" in cli.ok("--home", str(other), "list")
    assert "No applications yet" in cli.ok("list")
    url = f"sqlite:///{tmp_path / 'elsewhere.db'}"
    cli.ok("--database-url", url, "apply", "Globex", "Data Engineer")
    assert "Globex" in cli.ok("--database-url", url, "list")
    path = json.loads(cli.ok("--database-url", url, "path", "--json"))
    assert path["database_url"] == url


def test_config_shows_every_setting_and_a_change_replans(cli: Cli) -> None:
    from doorajar.settings import specs

    rows = json.loads(cli.ok("config", "--json"))
    assert [r["name"] for r in rows] == [s.name for s in specs()]
    assert all(r["help"] and r["value"] == r["default"] for r in rows)
    text = cli.ok("config")
    assert "reply_to_form" in text
    assert "silent_after_days" in text
    cli.ok("apply", "Globex Systems", "Data Engineer", "--date", "2026-11-01")
    cli.ok("reject", "globex", "--date", "2026-11-20")
    assert "Send a short thank-you" not in cli.ok("show", "globex")
    assert "reply_to_form = True" in cli.ok("config", "reply_to_form", "yes")
    show = cli.ok("show", "globex")
    assert "Send a short thank-you — Sun 22 Nov 2026" in show  # 48 h after the rejection
    [row] = json.loads(cli.ok("config", "reply_to_form", "--json"))
    assert row["changed"] is True
    cli.ok("config", "reply_to_form", "--reset")
    doc = json.loads(cli.ok("show", "globex", "--json"))
    assert [a["status"] for a in doc["actions"] if a["kind"] == "reply"] == ["skipped"]


def test_export_to_a_file_and_import_from_stdin(filled: Cli, tmp_path: Path) -> None:
    out = tmp_path / "backup.json"
    r = filled("export", "--out", str(out))
    assert (r.exit_code, r.stdout) == (0, "")
    assert r.stderr == f"Wrote the whole database to {out}.\n"
    doc = out.read_text()
    assert doc == export(filled)
    other = tmp_path / "other"
    assert "3 applications" in filled.ok("--home", str(other), "import", "-", input=doc)
    assert filled.ok("--home", str(other), "export", "--json") == doc


def test_an_unreachable_database_is_one_line(cli: Cli) -> None:
    from tests.servers import free_port

    url = f"postgresql+psycopg://nobody@127.0.0.1:{free_port()}/nothing"
    r = cli("--database-url", url, "list")
    assert r.exit_code == 1
    assert r.stderr.startswith("ajar: Cannot open the database:")
    assert r.stderr.count("\n") == 1
    r = cli("--database-url", "bogus", "list")
    assert r.exit_code == 1
    assert "Cannot use database URL 'bogus'" in r.stderr


# --- files to write: folders, missing folders, the same words everywhere --------------------


@pytest.mark.parametrize(
    "args",
    [
        ("export", "--json", "--out"),
        ("export", "--csv", "--out"),
        ("export", "--csv", "--history", "--format", "xlsx", "--out"),
        ("calendar", "--out"),
        ("report", "--out"),
    ],
    ids=lambda a: " ".join(a[:-1]),
)
def test_writing_into_a_folder_or_a_missing_folder_is_one_line(
    filled: Cli, tmp_path: Path, args: tuple[str, ...]
) -> None:
    filled.ok("today")  # the agenda's silence sweep settles first
    target = tmp_path / "out"
    target.mkdir()
    fails_cleanly(filled, *args, str(target), match=f"{target} is a folder; give a file name.")
    missing = target / "nowhere" / "out.file"
    fails_cleanly(filled, *args, str(missing), match=f"No folder {missing.parent} to write")
    assert list(target.iterdir()) == [], "a partial file was left behind"


def test_snoozing_for_ages_is_a_usage_error_not_a_crash(filled: Cli) -> None:
    before = export(filled)
    r = filled("snooze", "1", "--days", "100000000")
    assert r.exit_code == 2, r.stderr
    assert "Traceback" not in r.stderr
    assert export(filled) == before
    assert "Snoozed #1" in filled.ok("snooze", "1", "-n", "3")


def test_a_file_that_is_not_a_database_is_one_line(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "ajar.db").write_text("these are my notes, not a database\n")
    r = cli("--home", str(tmp_path), "list")
    assert r.exit_code == 1
    assert r.stderr.strip() == "ajar: Cannot open the database: file is not a database"


def test_skipping_needs_a_reason(filled: Cli) -> None:
    fails_cleanly(filled, "skip", "1", "--reason", "", match="Say why you are skipping")
    fails_cleanly(filled, "skip", "1", "--reason", "   ", match="Say why you are skipping")


def test_a_contact_is_named_not_left_blank(filled: Cli) -> None:
    fails_cleanly(filled, "contact", "show", "", match="Name a contact by its number or name.")
    fails_cleanly(filled, "contact", "connected", "  ", match="Name a contact")


def test_an_ambiguous_contact_lists_the_matches_like_an_application(filled: Cli) -> None:
    filled.ok("contact", "add", "Dana Park", "--company", "Acme Robotics")
    line = fails_cleanly(filled, "contact", "show", "dana", match="'dana' matches 2 contacts")
    assert line.endswith("Use the number.")


def test_config_change_speaks_json_and_reset_needs_a_name(cli: Cli) -> None:
    got = json.loads(cli.ok("config", "weekly_target", "6", "--json"))
    assert {k: got[k] for k in ("name", "value", "default", "changed")} == {
        "name": "weekly_target",
        "value": 6,
        "default": 5,
        "changed": True,
    }
    got = json.loads(cli.ok("config", "weekly_target", "--reset", "--json"))
    assert got["value"] == 5
    assert got["changed"] is False
    fails_cleanly(cli, "config", "--reset", match="Name the setting to reset")


def test_export_json_and_csv_together_is_refused(filled: Cli) -> None:
    fails_cleanly(filled, "export", "--json", "--csv", match="Choose one")


def test_importing_a_folder_says_it_is_a_folder(filled: Cli, tmp_path: Path) -> None:
    fails_cleanly(filled, "import", str(tmp_path), match=f"{tmp_path} is a folder")
    fails_cleanly(filled, "check", str(tmp_path), match=f"{tmp_path} is a folder")


@pytest.mark.parametrize("args", [("reflect", "globex"), ("door", "globex")], ids=lambda a: a[0])
def test_questions_on_a_closed_input_stop_in_one_line(filled: Cli, args: tuple[str, ...]) -> None:
    before = export(filled)
    r = filled(*args)
    assert r.exit_code == 1
    assert "Aborted" not in r.stderr
    assert r.stderr.strip().splitlines()[-1] == (
        "ajar: No answer: the input ended before the questions did. Nothing was changed."
    )
    assert export(filled) == before


def test_checking_an_empty_text_says_there_is_nothing_to_check(cli: Cli, tmp_path: Path) -> None:
    fails_cleanly(cli, "check", "-", match="Nothing to check: the text is empty.")
    blank = tmp_path / "blank.txt"
    blank.write_text("  \n\n")
    fails_cleanly(cli, "check", str(blank), "--json", match="Nothing to check")


def test_config_values_are_checked_before_they_are_kept(cli: Cli) -> None:
    fails_cleanly(cli, "config", "user_email", "sam at example", match="not an email address")
    fails_cleanly(cli, "config", "weekly_target", "9" * 30, match="takes a number up to")
    assert "user_email = 'sam@example.org'" in cli.ok("config", "user_email", "sam@example.org")
    assert "user_email = ''" in cli.ok("config", "user_email", "")


def test_help_starts_without_the_heavy_libraries() -> None:
    """`ajar --help` and the command list must not pay for the database or the templates."""
    import os
    import subprocess
    import sys

    import doorajar

    src = str(Path(doorajar.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": src}
    heavy = ("sqlalchemy", "alembic", "jinja2", "icalendar", "openpyxl", "matplotlib")
    code = (
        "import sys; sys.argv = ['ajar', '--help']\n"
        "from doorajar.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {heavy!r} if m in sys.modules))"
    )
    r = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert r.stdout.strip().splitlines()[-1] == "[]"


def test_written_files_are_announced_on_stderr_so_stdout_stays_clean(
    filled: Cli, tmp_path: Path
) -> None:
    deep = tmp_path / ("a-rather-long-folder-name-" * 4)
    deep.mkdir()
    for args in (("report",), ("calendar",), ("export", "--csv"), ("export",)):
        out = deep / f"{args[0]}.out"
        r = filled(*args, "--out", str(out))
        assert (r.exit_code, r.stdout) == (0, ""), args
        assert r.stderr.startswith("Wrote "), args
        assert str(out) in r.stderr, "a long path was broken over lines"
        assert r.stderr.count("\n") == 1, args


def test_every_days_option_has_the_short_form(filled: Cli) -> None:
    assert "Dana Li" in filled.ok("contacts", "--due", "-n", "3650")


def test_check_names_the_languages_it_knows(cli: Cli, tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("Thank you for letting me know.\n")
    fails_cleanly(cli, "check", str(note), "--lang", "xx", match="Unknown language 'xx'; use one")


def test_importing_nothing_says_so(filled: Cli, tmp_path: Path) -> None:
    fails_cleanly(filled, "import", "-", match="Nothing to import: the input is empty.")
    empty = tmp_path / "empty.csv"
    empty.write_text("\n")
    fails_cleanly(filled, "import", str(empty), match=f"Nothing to import: {empty} is empty.")


def test_tables_have_no_trailing_spaces(filled: Cli) -> None:
    for args in (("list",), ("config",), ("contacts",), ("patterns",)):
        out = filled.ok(*args)
        assert [line for line in out.splitlines() if line != line.rstrip()] == [], args


@pytest.mark.parametrize(
    ("when", "match"),
    [
        ("10000000 days ago", "too long ago; check the number"),
        ("99999999999999999999 weeks ago", "too long ago; check the number"),
        ("99999 months ago", "too long ago; check the number"),
        ("0026-11-20", "too long ago; check the year"),
    ],
)
def test_dates_far_in_the_past_are_refused_not_crashed_on(
    filled: Cli, when: str, match: str
) -> None:
    fails_cleanly(filled, "apply", "Initech", "Data Engineer", "--date", when, match=match)


def test_an_unknown_number_says_where_the_numbers_are(filled: Cli) -> None:
    fails_cleanly(filled, "show", "99", match="No application #99; `ajar list` shows them")
    fails_cleanly(filled, "contact", "show", "99", match="No contact #99; `ajar contacts` lists")
    fails_cleanly(filled, "done", "999", match="No action #999; `ajar today` lists them")


@pytest.mark.parametrize("command", ["patterns", "report"])
def test_a_future_since_is_explained_as_a_period(filled: Cli, command: str) -> None:
    line = fails_cleanly(
        filled, command, "--since", "tomorrow", match="--since must be in the past"
    )
    assert "record things" not in line


def test_text_longer_than_its_column_is_refused(filled: Cli) -> None:
    long = "Ä" * 201
    fails_cleanly(filled, "apply", long, "Data Engineer", match="company is too long: 201")
    fails_cleanly(filled, "apply", "Initech", "R" * 301, match="role is too long: 301")
    fails_cleanly(filled, "contact", "add", long, match="name is too long: 201 characters")
    assert "Logged" in filled.ok("apply", "Ä" * 200, "Data Engineer")


def test_stage_at_the_current_stage_changes_nothing(cli: Cli) -> None:
    cli.ok("apply", "Acme Robotics", "Data Engineer", "--date", "2026-11-10")
    cli.ok("stage", "Acme", "recruiter_screen", "--date", "2026-11-12")
    r = cli("stage", "Acme", "recruiter_screen")
    assert r.exit_code == 0
    assert "#1 Data Engineer at Acme Robotics is already at" in r.stdout
    stages = json.loads(cli.ok("show", "1", "--json"))["stages"]
    assert [st["stage"] for st in stages].count("recruiter_screen") == 1


def test_sources_read_as_words_and_stay_raw_in_json(cli: Cli) -> None:
    cli.ok("apply", "Acme Robotics", "Data Engineer", "--source", "indeed")
    assert "job board" in cli.ok("list")
    assert "source: job board" in cli.ok("show", "1")
    assert "job_board" not in cli.ok("list") + cli.ok("show", "1")
    assert json.loads(cli.ok("list", "--json"))[0]["source"] == "job_board"


# --- hostile input that used to end in a traceback ----------------------------------------

HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (("show", HUGE), f"No application #{HUGE}"),
        (("done", "9223372036854775808"), "No action #9223372036854775808"),
        (("contact", "show", HUGE), f"No contact #{HUGE}"),
    ],
    ids=["application id", "action id", "contact id"],
)
def test_ids_beyond_64_bits_name_nothing(filled: Cli, args: tuple[str, ...], match: str) -> None:
    fails_cleanly(filled, *args, match=match)


def test_deeply_nested_json_is_refused_in_one_line(filled: Cli, tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000)
    fails_cleanly(filled, "import", str(deep), match="nests deeper than any doorajar backup")


def test_a_csv_cell_over_the_size_limit_is_refused_in_one_line(filled: Cli, tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    big.write_text('Company,Role,Date\nAcme,"' + "x" * 200_000 + '",2026-10-01\n')
    fails_cleanly(filled, "import", str(big), "--yes", match="cannot be read as a table")

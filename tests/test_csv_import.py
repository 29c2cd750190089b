"""Importing real-world-shaped spreadsheets: what lands, what is reported, what is refused."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from doorajar.cli import data as data_cli
from doorajar.errors import StoreError
from doorajar.store import repo
from tests.helpers import Cli

DATA = Path(__file__).parent / "data" / "csv"


def apps(cli: Cli) -> dict[str, dict[str, Any]]:
    """Stored applications by company, read back as a user would."""
    return {a["company"]: a for a in json.loads(cli.ok("list", "--json"))}


def show(cli: Cli, query: str) -> dict[str, Any]:
    return dict(json.loads(cli.ok("show", query, "--json")))


def mapping(out: str) -> dict[str, str]:
    """The preview's column section as column -> what it becomes."""
    lines = out.splitlines()
    start = lines.index("Columns:") + 1
    result = {}
    for line in lines[start:]:
        if not line.startswith("  "):
            break
        name, _, target = line.strip().partition(" -> ")
        result[name.strip()] = target.strip()
    return result


def day(app: dict[str, Any]) -> str:
    return str(app["applied_at"])[:10]


def test_german_sheet_with_bom_semicolons_and_quoted_newline(cli: Cli) -> None:
    out = cli.ok("import", str(DATA / "german_bom_semicolon.csv"), "--yes")
    assert "UTF-8 with BOM, semicolon-separated" in out
    cols = mapping(out)
    assert cols["Firma"] == "company"
    assert cols["Beworben am"] == "applied"
    assert cols["Notizen"] == "notes"
    got = apps(cli)
    assert set(got) == {"Müller & Söhne GmbH", "Bäckerei Schmidt AG", "Zeiss", "Siemens"}
    assert day(got["Müller & Söhne GmbH"]) == "2026-09-02"
    assert day(got["Bäckerei Schmidt AG"]) == "2026-09-15"  # 15/09 read day-first
    assert got["Bäckerei Schmidt AG"]["stage"] == "recruiter_screen"
    assert got["Siemens"]["source"] == "empfehlung"
    mueller = show(cli, "Müller")
    assert mueller["application"]["outcome"] == "rejected"
    assert mueller["rejections"][0]["kind"] == "form"
    assert mueller["notes"][0]["body"] == ("Nettes Team.\nZweite Runde wäre in Hamburg gewesen.")
    zeiss = show(cli, "Zeiss")
    assert zeiss["rejections"][0]["kind"] == "silent"
    assert {a["kind"] for a in zeiss["actions"]} >= {"next_application"}


def test_windows1252_tab_file_with_excel_serial_dates(cli: Cli) -> None:
    out = cli.ok("import", str(DATA / "excel_windows1252.tsv"), "--yes")
    assert "Windows-1252, tab-separated" in out
    got = apps(cli)
    assert set(got) == {"Société Générale", "Nestlé", "Crédit Agricole"}
    assert got["Société Générale"]["role"] == "Quant Développeur"
    assert day(got["Société Générale"]) == "2026-09-01"  # serial 46266
    assert day(got["Nestlé"]) == "2026-09-15"
    assert got["Nestlé"]["stage"] == "final_round"  # "Onsite"
    assert str(got["Crédit Agricole"]["applied_at"]).startswith("2026-09-25T12:00")  # 46290.5
    notes = show(cli, "Société")["notes"]
    assert notes[0]["body"] == "Café chat with Zoë"


def test_messy_sheet_reports_every_problem_by_physical_line(cli: Cli) -> None:
    r = cli("import", str(DATA / "messy_sheet.csv"), "--yes")
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    # quoted newlines on lines 2-4 and 7-8 push the later rows down
    assert "line 6: no company for the role 'Orphan Role'" in out
    assert "line 9: date applied 2027-02-01 is in the future" in out
    assert "line 11: date applied: '2026-09-31' is not a real calendar date" in out
    assert "line 13: 'Wishlist' means not applied yet; skipped" in out
    assert "line 15: no date applied for Chemist at Soylent" in out
    assert "line 10: same application as line 2" in out
    assert "line 14: same application as line 7" in out
    assert out.count("same application as") == 2
    assert "line 12: status 'Maybe?' not understood" in out
    assert "Added 4 applications" in out
    got = apps(cli)
    assert set(got) == {"Acme Robotics", "Globex", "Initech", "Wayne Enterprises"}
    acme = show(cli, "Acme")
    assert acme["notes"][0]["body"] == (
        "Liked the team.\nAsked about Spark.\nLong call.\nFollow-up: call back in spring"
    )
    assert show(cli, "Wayne")["notes"][0]["body"] == "Status: Maybe?"
    assert got["Wayne Enterprises"]["outcome"] == "active"


def test_rejected_rows_go_through_the_rejection_path(cli: Cli) -> None:
    cli.ok("import", str(DATA / "messy_sheet.csv"), "--yes")
    acme = show(cli, "Acme")  # rejected after a phone screen: a person knows them
    assert acme["application"]["stage"] == "recruiter_screen"
    assert acme["rejections"][0]["kind"] == "personal"
    assert acme["rejections"][0]["stage"] == "recruiter_screen"
    kinds = {a["kind"] for a in acme["actions"]}
    assert {"reply", "feedback_request", "revisit"} <= kinds
    globex = show(cli, "Globex")  # no response: silent, dated when the silence set in
    rej = globex["rejections"][0]
    assert rej["kind"] == "silent"
    assert rej["received_at"].startswith("2026-09-24")  # applied 2026-09-03 + 21 days
    assert "reply" not in {a["kind"] for a in globex["actions"]}


@pytest.mark.parametrize(
    ("company", "stage", "outcome", "kind"),
    [
        ("A1", "applied", "active", None),
        ("A2", "applied", "rejected", "silent"),
        ("A3", "applied", "rejected", "silent"),
        ("A4", "recruiter_screen", "active", None),
        ("A5", "recruiter_screen", "active", None),
        ("A6", "final_round", "active", None),
        ("A7", "final_round", "active", None),
        ("A8", "offer", "active", None),
        ("A9", "offer", "accepted", None),
        ("A10", "applied", "withdrawn", None),
        ("A11", "applied", "rejected", "form"),
        ("A12", "offer", "offer_declined", None),
        ("A13", "applied", "rejected", "form"),
        ("A14", "final_round", "rejected", "personal"),
        ("A15", "hiring_manager", "active", None),
    ],
)
def test_free_text_statuses(
    cli: Cli, company: str, stage: str, outcome: str, kind: str | None
) -> None:
    cli.ok("import", str(DATA / "statuses.csv"), "--yes")
    doc = show(cli, company)
    assert doc["application"]["stage"] == stage
    assert doc["application"]["outcome"] == outcome
    assert (doc["rejections"][0]["kind"] if doc["rejections"] else None) == kind


def test_ambiguous_dates_are_reported_not_guessed(cli: Cli) -> None:
    out = cli.ok("import", str(DATA / "ambiguous_dates.csv"), "--yes")
    assert "line 2: date applied: '03/04/2026' could be 3 April 2026 or 4 March 2026" in out
    assert "line 3: date applied: '05/06/2026'" in out
    assert set(apps(cli)) == {"Gamma"}  # 07/07 reads the same either way
    out = cli.ok("import", str(DATA / "ambiguous_dates.csv"), "--yes", "--dates", "dmy")
    assert "Dates read day-first." in out
    got = apps(cli)
    assert day(got["Alpha"]) == "2026-04-03"
    assert day(got["Beta"]) == "2026-06-05"


def test_one_clear_date_settles_the_order_for_the_file(cli: Cli) -> None:
    out = cli.ok("import", str(DATA / "us_dates.csv"), "--yes")
    assert "Dates read month-first." in out
    got = apps(cli)
    assert day(got["Alpha"]) == "2026-03-04"
    assert day(got["Beta"]) == "2026-09-25"
    assert day(got["Gamma"]) == "2026-03-03"  # "Mar 3, 2026"
    assert got["Delta"]["outcome"] == "accepted"
    assert [c["name"] for c in show(cli, "Beta")["contacts"]] == ["Jane Roe"]


def test_missing_optional_columns_and_a_pipe_delimiter(cli: Cli) -> None:
    out = cli.ok("import", str(DATA / "missing_columns.txt"), "--yes")
    assert "pipe-separated" in out
    got = apps(cli)
    assert {k: (v["role"], v["stage"], v["source"]) for k, v in got.items()} == {
        "Alpha": ("Engineer", "applied", None),
        "Beta": ("Analyst", "applied", None),
    }


def test_no_date_column_is_refused_with_a_hint(cli: Cli) -> None:
    r = cli("import", str(DATA / "no_dates.csv"), "--yes")
    assert r.exit_code == 1
    assert "No column holds the date applied" in r.stderr
    assert "--map" in r.stderr
    assert apps(cli) == {}


def test_map_names_a_column_the_aliases_do_not_know(cli: Cli, tmp_path: Path) -> None:
    f = tmp_path / "mine.csv"
    f.write_text("Wer,Was,Wann,Gefühl\nAlpha,Engineer,2026-08-01,gut\n", encoding="utf-8")
    r = cli("import", str(f), "--yes")
    assert r.exit_code == 1
    assert "No column holds the company or the role or the date applied" in r.stderr
    out = cli.ok(
        "import", str(f), "--yes", "--map", "Wer=company", "--map", "was=role", "-m", "WANN=applied"
    )
    assert mapping(out)["Wer"] == "company  [--map]"
    assert mapping(out)["Gefühl"] == "notes (as 'Column: value')"
    assert show(cli, "Alpha")["notes"][0]["body"] == "Gefühl: gut"
    bad = cli("import", str(f), "--map", "Wer=employer")
    assert bad.exit_code == 1
    assert "unknown field 'employer'" in bad.stderr


def test_jobsync_export_is_recognised(cli: Cli) -> None:
    out = cli.ok("import", str(DATA / "jobsync_export.csv"), "--yes")
    assert "profile: jobsync" in out
    assert mapping(out)["JobTitle"] == "role  [jobsync]"
    assert mapping(out)["Description"] == "notes  [jobsync]"
    assert "line 5: 'draft' means not applied yet; skipped" in out
    got = apps(cli)
    assert set(got) == {"Acme Corp", "Globex", "Initech", "Hooli"}
    assert got["Acme Corp"]["url"] == "https://acme.example/fe"
    assert got["Acme Corp"]["source"] == "linkedin"
    assert day(got["Acme Corp"]) == "2026-10-01"
    assert got["Globex"]["stage"] == "recruiter_screen"
    assert got["Hooli"]["stage"] == "offer"
    assert show(cli, "Initech")["rejections"][0]["kind"] == "form"
    assert show(cli, "Acme")["notes"][0]["body"] == (
        "Location: Remote\nSalary: 70k-80k\nDescription: React role"
    )


def test_huntr_export_is_recognised_and_can_be_overridden(cli: Cli) -> None:
    out = cli.ok("import", str(DATA / "huntr_export.csv"), "--dry-run")
    assert "profile: huntr" in out
    assert mapping(out)["List"] == "status  [huntr]"
    assert mapping(out)["Date Created"] == "notes (as 'Column: value')"
    assert "line 5: 'Wishlist' means not applied yet; skipped" in out
    cli.ok("import", str(DATA / "huntr_export.csv"), "--yes")
    got = apps(cli)
    assert set(got) == {"Pied Piper", "Aviato", "Raviga", "Bachmanity"}
    assert day(got["Pied Piper"]) == "2026-09-02"  # Date Applied, not Date Created
    assert got["Aviato"]["stage"] == "recruiter_screen"
    assert got["Raviga"]["outcome"] == "rejected"
    assert show(cli, "Aviato")["notes"][0]["body"].startswith("Met Erlich\nBoard: Job Search 2026")
    generic = cli.ok("import", str(DATA / "huntr_export.csv"), "--dry-run", "--profile", "generic")
    assert mapping(generic)["List"] == "notes (as 'Column: value')"
    assert "profile: generic" in generic
    bad = cli("import", str(DATA / "huntr_export.csv"), "--dry-run", "--profile", "teal")
    assert bad.exit_code == 1
    assert "Unknown profile 'teal'" in bad.stderr


def test_preview_shows_mapping_statuses_and_first_rows(cli: Cli) -> None:
    out = cli.ok("import", str(DATA / "messy_sheet.csv"), "--dry-run")
    assert "messy_sheet.csv: 11 rows, UTF-8, comma-separated, profile: generic" in out
    assert mapping(out)["Company"] == "company"
    assert mapping(out)["Follow-up"] == "notes (as 'Column: value')"
    assert "  Rejected after phone screen -> rejection (kind by stage) at recruiter screen" in out
    assert "  No response                 -> silent rejection (no reply) at applied" in out
    assert "2 rejections have no date in the file: dated on the day applied" in out
    lines = out.splitlines()
    first = lines.index("First rows as they will land:")
    assert lines[first + 1].split()[:3] == ["line", "company", "role"]
    assert lines[first + 2].split()[:4] == ["2", "Acme", "Robotics", "Senior"]
    assert "rejected (personal)" in lines[first + 2]
    assert lines[first + 2].rstrip().endswith("add")
    assert "Will add 4 applications, update 0, 0 already there, 5 not imported, 2 repeated." in out


def test_dry_run_writes_nothing(cli: Cli) -> None:
    before = cli.ok("export", "--json")
    out = cli.ok("import", str(DATA / "german_bom_semicolon.csv"), "--dry-run")
    assert "Dry run: nothing was written." in out
    assert cli.ok("export", "--json") == before


def test_reimporting_changes_nothing(cli: Cli) -> None:
    cli.ok("import", str(DATA / "messy_sheet.csv"), "--yes")
    before = cli.ok("export", "--json")
    out = cli.ok("import", str(DATA / "messy_sheet.csv"), "--yes")
    assert "Will add 0 applications, update 0, 4 already there" in out
    assert "Nothing to import." in out
    assert cli.ok("export", "--json") == before


def test_matches_are_updated_only_with_update(cli: Cli, tmp_path: Path) -> None:
    cli.ok("apply", "ACME Robotics", "senior data engineer", "--date", "2026-09-01")
    f = tmp_path / "later.csv"
    f.write_text(
        "Company,Role,Applied,Status,URL\n"
        "Acme Robotics,Senior Data Engineer,2026-09-01,Final round,https://acme.example/1\n",
        encoding="utf-8",
    )
    out = cli.ok("import", str(f), "--yes")
    assert "line 2 (#1): url: - -> https://acme.example/1; stage: applied -> final round" in out
    assert "(left alone; --update applies it)" in out
    assert apps(cli)["ACME Robotics"]["stage"] == "applied"
    out = cli.ok("import", str(f), "--yes", "--update")
    assert "Updated 1" in out or "updated 1" in out
    got = apps(cli)
    assert len(got) == 1
    assert got["ACME Robotics"]["stage"] == "final_round"
    assert got["ACME Robotics"]["url"] == "https://acme.example/1"
    before = cli.ok("export", "--json")
    out = cli.ok("import", str(f), "--yes", "--update")
    assert "Nothing to import." in out
    assert cli.ok("export", "--json") == before
    f.write_text(
        "Company,Role,Applied,Status\nAcme Robotics,Senior Data Engineer,2026-09-01,Rejected\n",
        encoding="utf-8",
    )
    cli.ok("import", str(f), "--yes", "--update")
    doc = show(cli, "acme")
    assert doc["rejections"][0]["kind"] == "personal"  # rejected at the final round
    assert doc["rejections"][0]["stage"] == "final_round"


def test_a_failure_half_way_leaves_the_database_as_it_was(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli.ok("apply", "Existing", "Role", "--date", "2026-08-01")
    before = cli.ok("export", "--json")
    real = repo.add_note
    calls = {"n": 0}

    def flaky(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 2:
            raise StoreError("The database went away.")
        return real(*args, **kwargs)

    monkeypatch.setattr(repo, "add_note", flaky)
    r = cli("import", str(DATA / "messy_sheet.csv"), "--yes")
    assert r.exit_code == 1
    assert "The database went away." in r.stderr
    assert calls["n"] == 2  # the first row had landed inside the transaction
    assert cli.ok("export", "--json") == before


def test_without_a_terminal_it_asks_for_yes(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    r = cli("import", str(DATA / "missing_columns.txt"))
    assert r.exit_code == 1
    assert "Not a terminal" in r.stderr
    assert "--yes" in r.stderr
    assert "First rows as they will land:" in r.stdout
    assert apps(cli) == {}
    monkeypatch.setattr(data_cli, "_interactive", lambda: True)
    out = cli.ok("import", str(DATA / "missing_columns.txt"), input="n\n")
    assert "Nothing was imported." in out
    assert apps(cli) == {}
    out = cli.ok("import", str(DATA / "missing_columns.txt"), input="y\n")
    assert "Import 2 rows? [y/N]" in out
    assert set(apps(cli)) == {"Alpha", "Beta"}


def test_csv_from_stdin_and_json_summary(cli: Cli) -> None:
    text = (DATA / "missing_columns.txt").read_text(encoding="utf-8")
    r = cli("import", "-", "--yes", "--json", input=text)
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["written"] is True
    assert doc["counts"]["add"] == 2
    assert [row["line"] for row in doc["rows"]] == [2, 3]
    assert "First rows as they will land:" in r.stderr


def test_json_export_still_imports_the_old_way(cli: Cli, tmp_path: Path) -> None:
    cli.ok("apply", "Acme", "Engineer", "--date", "2026-10-01")
    backup = tmp_path / "backup.json"
    cli.ok("export", "--out", str(backup))
    other = tmp_path / "other"
    out = cli.ok("--home", str(other), "import", str(backup))
    assert out.startswith("Imported 1 application, ")
    assert json.loads(cli.ok("--home", str(other), "list", "--json"))[0]["company"] == "Acme"
    r = cli("--home", str(other), "import", str(backup), "--dry-run")
    assert r.exit_code == 1
    assert "are for CSV files" in r.stderr


def test_sniffs_csv_content_without_a_csv_name(cli: Cli, tmp_path: Path) -> None:
    f = tmp_path / "applications.export"
    shutil.copy(DATA / "german_bom_semicolon.csv", f)
    cli.ok("import", str(f), "--yes")
    assert len(apps(cli)) == 4


def test_utf16_tab_text_as_excel_saves_unicode_text(cli: Cli, tmp_path: Path) -> None:
    f = tmp_path / "unicode.txt"
    f.write_bytes("Company\tRole\tApplied\nŁódź Labs\tEngineer\t2026-08-01\n".encode("utf-16"))
    out = cli.ok("import", str(f), "--yes")
    assert "UTF-16, tab-separated" in out
    assert set(apps(cli)) == {"Łódź Labs"}


def test_times_with_a_zone_land_on_the_users_day(cli: Cli, tmp_path: Path) -> None:
    cli.ok("config", "timezone", "America/Los_Angeles")
    f = tmp_path / "zoned.csv"
    f.write_text("Company,Role,Applied\nAlpha,Engineer,2026-08-02T03:00:00Z\n", encoding="utf-8")
    cli.ok("import", str(f), "--yes")
    assert apps(cli)["Alpha"]["applied_at"].startswith("2026-08-02T03:00:00")
    out = cli.ok("import", str(f), "--yes")  # matched by the local day, 1 August
    assert "1 already there" in out


def test_a_json_backup_named_txt_still_imports_as_json(cli: Cli, tmp_path: Path) -> None:
    cli.ok("apply", "Acme", "Engineer", "--date", "2026-10-01")
    backup = tmp_path / "backup.txt"
    cli.ok("export", "--out", str(backup))
    out = cli.ok("--home", str(tmp_path / "other"), "import", str(backup))
    assert out.startswith("Imported 1 application, ")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2026-03-04", "2026-03-04"),
        ("2026/03/04", "2026-03-04"),
        ("04.03.2026", "2026-03-04"),
        ("25/03/2026", "2026-03-25"),
        ("03/25/2026", "2026-03-25"),
        ("3/25/26", "2026-03-25"),
        ("Mar 4, 2026", "2026-03-04"),
        ("4 March 2026", "2026-03-04"),
        ("4. März 2026", "2026-03-04"),
        ("4 mars 2026", "2026-03-04"),
        ("4 de marzo de 2026", "2026-03-04"),
        ("46085", "2026-03-04"),
    ],
)
def test_date_cells(cell: str, expected: str) -> None:
    from doorajar.csvio.dates import parse_date

    assert parse_date(cell, None).day.isoformat() == expected


@pytest.mark.parametrize("cell", ["03/04/2026", "12345", "next week", "2026-02-30"])
def test_date_cells_that_are_refused(cell: str) -> None:
    from doorajar.csvio.dates import DateProblem, parse_date

    with pytest.raises(DateProblem):
        parse_date(cell, None)


def test_a_company_name_longer_than_the_database_holds_stops_the_import(
    cli: Cli, tmp_path: Path
) -> None:
    sheet = tmp_path / "long.csv"
    sheet.write_text(
        f"Company,Role,Date Applied\nAcme,Data Engineer,2026-09-01\n{'X' * 201},Analyst,2026-09-02\n"
    )
    r = cli("import", str(sheet), "--yes")
    assert r.exit_code == 1
    assert r.stderr.strip() == "ajar: The company is too long: 201 characters, at most 200."
    assert "No applications yet" in cli.ok("list")


def test_an_unclosed_quote_names_its_line_and_imports_nothing(cli: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "quote.csv"
    sheet.write_text(
        "Company,Role,Applied,Status\n"
        "Acme,Data Engineer,2026-09-01,Rejected\n"
        'Beta,"Analyst,2026-10-01,Ghosted\n'
        "Gamma,Engineer,2026-10-03,Onsite\n"
        "Delta,SRE,2026-11-10,Applied\n"
        "Epsilon,SRE,2026-11-11,Applied\n",
        encoding="utf-8",
    )
    for extra in ((), ("--dry-run",)):
        r = cli("import", str(sheet), "--yes", *extra)
        assert r.exit_code == 1
        assert r.stderr.startswith("ajar: Line 3: a quote opened on this line is never closed")
        assert "Nothing was imported" in r.stderr
        assert r.stderr.count("\n") == 1
    assert apps(cli) == {}
    # a quote closed in the middle of a cell is refused the same way
    sheet.write_text(
        'Company,Role,Applied,Status\nAcme,"Data" Engineer,2026-09-01,Rejected\n',
        encoding="utf-8",
    )
    r = cli("import", str(sheet), "--yes")
    assert r.exit_code == 1
    assert "Line 2: a quoted cell" in r.stderr
    assert apps(cli) == {}

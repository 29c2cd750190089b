"""Exporting the search as a spreadsheet, and bringing it back."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from tests.helpers import Cli

KEYS = ("company", "role", "stage", "outcome", "applied_at", "source", "url")


def record_search(cli: Cli) -> None:
    """A small search typed by hand: an application at each point of the funnel."""
    cli.ok(
        "apply", "Acme Robotics", "Data Engineer", "--date", "2026-09-01",
        "--source", "linkedin", "--url", "https://acme.example/1",
    )  # fmt: skip
    cli.ok("stage", "acme", "final_round", "--date", "2026-10-01")
    cli.ok(
        "reject", "acme", "--date", "2026-10-10", "--from", "Dana Ortiz",
        "--feedback", "Strong, but another candidate knew Spark.",
    )  # fmt: skip
    cli.ok("sent", "acme", "--kind", "reply", "--date", "2026-10-11")
    cli.ok("apply", "Globex", "Analyst", "--date", "2026-10-05", "--source", "referral")
    cli.ok("reject", "globex", "--kind", "form", "--date", "2026-10-20")
    cli.ok("apply", "Société Générale", "Développeur", "--date", "2026-11-02")
    cli.ok("note", "société", "Café with Zoë;\nsecond line")
    cli.ok("apply", "Initech", "QA", "--date", "2026-11-03")
    cli.ok("close", "initech", "withdrawn")


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_one_row_per_application(cli: Cli) -> None:
    record_search(cli)
    got = {r["Company"]: r for r in rows(cli.ok("export", "--csv"))}
    assert list(next(iter(got.values()))) == [
        "ID", "Company", "Role", "Stage", "Outcome", "Applied", "Source", "URL",
        "Last Update", "Rejection", "Rejected On", "Contacts", "Notes",
    ]  # fmt: skip
    acme = got["Acme Robotics"]
    assert (acme["Stage"], acme["Outcome"], acme["Applied"]) == (
        "final_round",
        "rejected",
        "2026-09-01",
    )
    assert (acme["Rejection"], acme["Rejected On"]) == ("personal", "2026-10-10")
    assert acme["URL"] == "https://acme.example/1"
    assert acme["Contacts"] == "Dana Ortiz"
    assert got["Globex"]["Rejection"] == "form"
    assert got["Globex"]["Source"] == "referral"
    assert got["Société Générale"]["Notes"] == "Café with Zoë;\nsecond line"
    assert got["Initech"]["Outcome"] == "withdrawn"
    assert got["Initech"]["Rejected On"] == ""


def test_history_has_one_row_per_event(cli: Cli) -> None:
    record_search(cli)
    events = rows(cli.ok("export", "--csv", "--history"))
    assert list(events[0]) == ["Date", "Company", "Role", "What happened", "Details", "Application"]
    acme = [(e["Date"], e["What happened"]) for e in events if e["Company"] == "Acme Robotics"]
    assert acme == [
        ("2026-09-01", "applied"),
        ("2026-10-01", "reached final round"),
        ("2026-10-10", "personal rejection at final round"),
        ("2026-10-10", "feedback received"),
        ("2026-10-11", "message sent (email)"),
    ]
    feedback = next(e for e in events if e["What happened"] == "feedback received")
    assert feedback["Details"] == "Strong, but another candidate knew Spark."
    dates = [e["Date"] for e in events]
    assert dates == sorted(dates)
    assert ("2026-10-20", "Globex", "form rejection at applied") in {
        (e["Date"], e["Company"], e["What happened"]) for e in events
    }


def test_export_then_import_into_an_empty_home_round_trips(cli: Cli, tmp_path: Path) -> None:
    record_search(cli)
    sheet = tmp_path / "search.csv"
    cli.ok("export", "--csv", "--out", str(sheet))
    assert sheet.read_bytes().startswith(b"\xef\xbb\xbf")
    other = str(tmp_path / "other")
    out = cli.ok("--home", other, "import", str(sheet), "--yes")
    assert "profile: doorajar" in out
    before = {a["company"]: {k: a[k] for k in KEYS} for a in json.loads(cli.ok("list", "--json"))}
    after = {
        a["company"]: {k: a[k] for k in KEYS}
        for a in json.loads(cli.ok("--home", other, "list", "--json"))
    }
    # applied dates survive as days; times of day are not in the sheet
    for d in (before, after):
        for a in d.values():
            a["applied_at"] = a["applied_at"][:10]
    assert after == before
    a = json.loads(cli.ok("show", "acme", "--json"))
    b = json.loads(cli.ok("--home", other, "show", "acme", "--json"))
    assert [(r["kind"], r["stage"], r["received_at"][:10]) for r in b["rejections"]] == [
        (r["kind"], r["stage"], r["received_at"][:10]) for r in a["rejections"]
    ]
    assert [c["name"] for c in b["contacts"]] == ["Dana Ortiz"]

    def table(*home: str) -> list[dict[str, str]]:
        out = rows(cli.ok(*home, "export", "--csv"))
        for r in out:
            del r["ID"], r["Last Update"]
        return sorted(out, key=lambda r: r["Company"])

    assert table("--home", other) == table()
    # and a second round changes nothing
    again = cli.ok("--home", other, "import", str(sheet), "--yes")
    assert "Nothing to import." in again


def test_xlsx_has_a_header_widths_and_real_dates(cli: Cli, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    record_search(cli)
    book = tmp_path / "search.xlsx"
    r = cli("export", "--csv", "--format", "xlsx", "--out", str(book))
    assert r.exit_code == 0, r.stderr
    assert "Wrote 4 applications" in r.stderr
    ws = load_workbook(book).active
    header = [c.value for c in ws[1]]
    assert header[:6] == ["ID", "Company", "Role", "Stage", "Outcome", "Applied"]
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    table: list[dict[str, Any]] = [
        dict(zip(header, (c.value for c in row), strict=True)) for row in ws.iter_rows(min_row=2)
    ]
    acme = next(t for t in table if t["Company"] == "Acme Robotics")
    assert isinstance(acme["Applied"], datetime)
    assert acme["Applied"].date().isoformat() == "2026-09-01"
    assert acme["Rejected On"].date().isoformat() == "2026-10-10"
    assert ws.column_dimensions["B"].width >= len("Société Générale")
    history = tmp_path / "history.xlsx"
    cli.ok("export", "--history", "--format", "xlsx", "-o", str(history))
    hs = load_workbook(history).active
    assert hs.title == "History"
    assert [c.value for c in hs[1]][:4] == ["Date", "Company", "Role", "What happened"]
    assert hs.max_row == 1 + len(rows(cli.ok("export", "--csv", "--history")))


def test_xlsx_needs_a_file_and_json_stays_the_default(cli: Cli) -> None:
    record_search(cli)
    r = cli("export", "--format", "xlsx")
    assert r.exit_code == 1
    assert "--out" in r.stderr
    bad = cli("export", "--format", "ods")
    assert bad.exit_code == 1
    doc = json.loads(cli.ok("export"))
    assert doc["format"] == "doorajar-export"
    assert json.loads(cli.ok("export", "--json")) == doc


def test_formula_like_text_is_never_run_and_still_round_trips(cli: Cli, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    cli.ok("apply", "--date", "2026-10-01", "--", '=HYPERLINK("http://evil.example")', "-Analyst")
    text = cli.ok("export", "--csv")
    row = rows(text)[0]
    assert row["Company"] == '\'=HYPERLINK("http://evil.example")'
    assert row["Role"] == "'-Analyst"
    book = tmp_path / "x.xlsx"
    cli.ok("export", "--format", "xlsx", "--out", str(book))
    ws = load_workbook(book).active
    assert ws["B2"].data_type == "s"
    assert ws["B2"].value == '=HYPERLINK("http://evil.example")'
    sheet = tmp_path / "x.csv"
    sheet.write_text(text, encoding="utf-8")
    other = str(tmp_path / "other")
    cli.ok("--home", other, "import", str(sheet), "--yes")
    got = json.loads(cli.ok("--home", other, "list", "--json"))[0]
    assert (got["company"], got["role"]) == ('=HYPERLINK("http://evil.example")', "-Analyst")

"""Refused means unchanged: every command that exits non-zero on bad input leaves the
database as it was, row for row, the operation log included, and says why in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from doorajar.config import DB_FILENAME
from tests.demo_home import demo_db, demo_home  # noqa: F401 (fixtures)
from tests.helpers import Cli, db_rows

HUGE = "9223372036854775808"  # 2^63: one past the largest id a database keeps
LONG = "Ä" * 201


def _files(folder: Path) -> dict[str, Path]:
    """Hostile input files, by name."""
    files = {
        "odd.csv": b'Company,Role,Date\n"Acme"x,Data Engineer,2026-10-01\n',
        "cell.csv": b'Company,Role,Date\nAcme,"' + b"x" * 200_000 + b'",2026-10-01\n',
        "notours.json": b'{"not": "ours"}',
        "deep.json": b"[" * 100_000,
        "junk.bin": bytes(range(256)) * 20,
        "empty.csv": b"",
        "truncated.json": b'{"format": "doorajar", "tables": {"applications": [',
    }
    out = {}
    for name, data in files.items():
        (folder / name).write_bytes(data)
        out[name.split(".")[0]] = folder / name
    out["missing"] = folder / "missing" / "nothing.mbox"
    return out


# (command line, with {name} for a file above; words the one-line reason holds)
REFUSALS: list[tuple[tuple[str, ...], str]] = [
    (("apply", LONG, "Data Engineer"), "too long"),
    (("apply", "Initech", "R" * 301), "too long"),
    (("apply", "Initech", "Data Engineer", "--date", "tomorrow"), "future"),
    (("apply", "Initech", "Data Engineer", "--date", "the day after never"), ""),
    (("apply", "Initech", "Data Engineer", "--date", "1066-10-14"), ""),
    (("apply", "Acme Robotics", "Senior Data Engineer"), "--force"),
    (("stage", "1", "the moon"), "Unknown stage"),
    (("stage", HUGE, "final_round"), "No application"),
    (("reject", "99"), "No application #99"),
    (("reject", HUGE, "--kind", "form"), "No application"),
    (("reject", "Acme", "--kind", "form"), ""),
    (("reject", "40", "--kind", "personal", "--stage", "nowhere"), "Unknown stage"),
    (("reject", "40", "--kind", "form", "--date", "2020-01-01"), "before"),
    (("feedback", "99", "You were great"), "No application"),
    (("note", "99", "a note"), "No application"),
    (("note", "Zzyzx Unknown", "a note"), "No application"),
    (("close", "99"), "No application"),
    (("show", HUGE), "No application"),
    (("edit", "99", "--company", "Initech"), "No application"),
    (("edit", "40", "--company", LONG), "too long"),
    (("delete", "99"), "No application"),
    (("restore", "99999"), ""),
    (("merge", "40", "40"), ""),
    (("merge", "40", "99"), "No application"),
    (("unreject", "40"), ""),
    (("import", "{notours}"), ""),
    (("import", "{deep}"), "nests deeper"),
    (("import", "{junk}"), ""),
    (("import", "{truncated}"), ""),
    (("import", "{odd}", "--yes"), "quote"),
    (("import", "{cell}", "--yes"), "cannot be read as a table"),
    (("import", "{empty}", "--yes"), ""),
    (("import", "{missing}"), "No such file"),
    (("config", "review_threshold", "250"), "from 0 to 100"),
    (("config", "smtp_port", "70000"), "from 1 to 65535"),
    (("config", "no_such_setting", "1"), "Unknown setting"),
    (("config", "imap_url", "imap://me:hunter2@mail.example"), "no password"),
    (("config", "user_linkedin", "javascript:alert(1)"), "https://"),
    (("config", "user_email", "not-an-address"), "not an email address"),
    (("draft", "99"), "No application"),
    (("send", "99", "--eml", "{missing}"), "No application"),
    (("check", "{missing}"), ""),
    (("scan", "{missing}"), ""),
    (("scan", "imap://mail.example/INBOX"), ""),
    (("done", "99999"), "No action"),
    (("done", HUGE), "No action"),
    (("skip", "64"), "reason"),
    (("snooze", "99999", "3"), "No action"),
    (("door", "99"), "No application"),
    (("reflect", "99"), "No application"),
    (("goal", "done", "99999"), ""),
    (("goal", "progress", "99999", "1"), ""),
    (("contact", "add", LONG), "too long"),
    (("contact", "add", "Sam Example", "--email", "not-an-email"), "not an email address"),
    (("contact", "show", HUGE), "No contact"),
    (("contact", "edit", "99999", "--email", "a@b.example"), "No contact"),
    (("contact", "delete", "99999"), "No contact"),
    (("contact", "keep", "99999"), "No contact"),
    (("contact", "connected", "99999"), "No contact"),
    (("review", "confirm", "99999"), ""),
    (("patterns", "--since", "tomorrow"), "--since"),
    (("report", "--since", "tomorrow"), "--since"),
    (("export", "--json", "--csv"), ""),
    (("sent", "99", "--subject", "Hello"), "No application"),
]


def _ids(case: tuple[tuple[str, ...], str]) -> str:
    return " ".join(w[:24] for w in case[0][:3])


@pytest.mark.usefixtures("demo_home")
@pytest.mark.parametrize(("args", "says"), REFUSALS, ids=[_ids(c) for c in REFUSALS])
def test_a_refused_command_changes_no_row(
    home: Path, cli: Cli, tmp_path: Path, args: tuple[str, ...], says: str
) -> None:
    files = _files(tmp_path)
    argv = [a.format(**{k: str(v) for k, v in files.items()}) if "{" in a else a for a in args]
    db = home / DB_FILENAME
    before = db_rows(db)
    r = cli(*argv)
    assert r.exit_code != 0, r.stdout
    if r.exit_code == 1:
        line = r.stderr.strip()
        assert line.startswith("ajar: "), r.stderr
        assert "\n" not in line, r.stderr
        assert says in line
    assert "Traceback" not in r.stderr
    assert db_rows(db) == before, "a refused command wrote to the database"


@pytest.mark.usefixtures("demo_home")
def test_a_send_refused_as_not_ready_saves_no_draft(home: Path, cli: Cli, tmp_path: Path) -> None:
    db = home / DB_FILENAME
    before = db_rows(db)
    out = tmp_path / "reply.eml"
    r = cli("send", "acme", "--kind", "reply", "--eml", str(out))
    assert r.exit_code == 1
    assert "not ready" in r.stderr
    assert not out.exists()
    assert db_rows(db) == before

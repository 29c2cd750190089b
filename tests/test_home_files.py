"""The data home is the owner's alone, and a file that is not a doorajar database is never
taken for a new home."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from pathlib import Path

from tests.helpers import Cli


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_home_is_0700_and_its_database_0600(cli: Cli, tmp_path: Path) -> None:
    old = os.umask(0o022)  # the usual umask, which would leave both world-readable
    try:
        home = tmp_path / "fresh" / "home"
        cli.ok("--home", str(home), "apply", "Acme", "Data Engineer")
    finally:
        os.umask(old)
    assert _mode(home) == 0o700
    assert _mode(home / "ajar.db") == 0o600


def test_an_empty_database_file_is_refused_in_one_line(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "ajar.db").write_bytes(b"")
    r = cli("--home", str(tmp_path), "list")
    assert r.exit_code == 1
    assert r.stderr.count("\n") == 1
    assert "is empty, so it is not a doorajar database" in r.stderr
    assert (tmp_path / "ajar.db").read_bytes() == b""  # left exactly as it was


def test_another_programs_sqlite_file_is_refused_and_left_as_it_was(
    cli: Cli, tmp_path: Path
) -> None:
    folder = tmp_path / "photos"
    folder.mkdir()
    db = folder / "ajar.db"
    with contextlib.closing(sqlite3.connect(db)) as other:
        other.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
        other.execute("INSERT INTO photos (name) VALUES ('beach.jpg')")
        other.commit()
    before = db.read_bytes()
    for args in (["list"], ["apply", "Acme", "Data Engineer"], ["today"]):
        r = cli("--home", str(folder), *args)
        assert r.exit_code == 1, args
        assert r.stderr.count("\n") == 1, r.stderr
        assert "holds tables of another program (photos), not a doorajar database" in r.stderr
    assert db.read_bytes() == before  # not one byte written, its journal mode included
    assert sorted(p.name for p in folder.iterdir()) == ["ajar.db"]


# --- links inside the data home are never written through --------------------------------


def test_a_database_that_is_a_link_is_refused_and_its_target_untouched(
    cli: Cli, tmp_path: Path
) -> None:
    home = tmp_path / "linked"
    home.mkdir()
    victim = tmp_path / "elsewhere.txt"
    victim.write_text("not yours to change\n")
    for name in ("ajar.db", "ajar.db-wal", "ajar.db-journal"):
        (home / name).symlink_to(victim)
        r = cli("--home", str(home), "apply", "Acme", "Data Engineer")
        assert r.exit_code == 1
        assert r.stderr.count("\n") == 1
        assert f"{home / name} is a symbolic link" in r.stderr
        (home / name).unlink()
    assert victim.read_text() == "not yours to change\n"


def test_files_of_the_home_are_not_written_through_links(
    cli: Cli, home: Path, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    (home / "demo-mailbox.mbox").symlink_to(victim)
    before = cli.ok("export", "--json")
    r = cli("demo")
    assert r.exit_code == 1
    assert "is a symbolic link; doorajar writes no file of its data home through it" in r.stderr
    assert cli.ok("export", "--json") == before  # the demo was not loaded either
    (home / "web-password").symlink_to(victim)
    r = cli("serve", "--set-password", input="hunter2hunter2\nhunter2hunter2\n")
    assert r.exit_code == 1
    assert "is a symbolic link" in r.stderr
    assert victim.read_text() == "keep me\n"
    assert (home / "web-password").is_symlink()

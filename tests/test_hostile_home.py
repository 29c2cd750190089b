"""A home the user cannot write, a full disk, a damaged schema record and bytes that are
not text: each is one line on stderr with a non-zero exit, never a traceback, and the
database stays as it was. Reading a read-only home still works."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from doorajar.config import DB_FILENAME
from tests.demo_home import demo_db, demo_home  # noqa: F401 (fixtures)
from tests.helpers import Cli, db_rows

ROOT = os.geteuid() == 0


def _one_line(stderr: str) -> str:
    line = stderr.strip()
    assert "Traceback" not in stderr
    assert "\n" not in line, stderr
    assert line.startswith("ajar: "), stderr
    return line


@pytest.mark.usefixtures("demo_home")
def test_an_argument_that_is_not_utf8_is_one_line(home: Path) -> None:
    before = db_rows(home / DB_FILENAME)
    env = dict(os.environ, AJAR_HOME=str(home), LC_ALL="C.UTF-8")
    for args in ([b"apply", b"Caf\xe9 Labs", b"Data Engineer"], [b"note", b"1", b"\xff\xfe"]):
        r = subprocess.run(
            [sys.executable.encode(), b"-m", b"doorajar", *args],
            capture_output=True,
            env=env,
            check=False,
        )
        assert r.returncode == 1
        line = _one_line(r.stderr.decode())
        assert "not valid UTF-8" in line
    assert db_rows(home / DB_FILENAME) == before


@pytest.mark.usefixtures("demo_home")
def test_two_schema_versions_recorded_are_one_line(home: Path, cli: Cli) -> None:
    db = home / DB_FILENAME
    con = sqlite3.connect(db)
    con.execute("INSERT INTO alembic_version VALUES ('0099_from_elsewhere')")
    con.commit()
    con.close()
    before = db_rows(db)
    for args in (("today",), ("apply", "Initech", "Data Engineer")):
        r = cli(*args)
        assert r.exit_code == 1
        assert "records 2 schema versions" in _one_line(r.stderr)
    assert db_rows(db) == before


# --- a read-only home ---------------------------------------------------------------------


@pytest.fixture
def read_only_home(request: pytest.FixtureRequest) -> Iterator[Path]:
    """The demo home made read-only the way a user meets it: a read-only mount when running
    as root (which file permissions do not stop), else folder and file without write
    permission."""
    folder: Path = request.getfixturevalue("demo_home")
    if ROOT:
        subprocess.run(["mount", "--bind", str(folder), str(folder)], check=True)
        subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], check=True)
    else:
        (folder / DB_FILENAME).chmod(0o400)
        folder.chmod(0o500)
    try:
        yield folder
    finally:
        if ROOT:
            subprocess.run(["umount", str(folder)], check=True)
        else:
            folder.chmod(0o700)
            (folder / DB_FILENAME).chmod(0o600)


READING = [
    ("today",),
    ("list",),
    ("show", "1"),
    ("agenda",),
    ("contacts",),
    ("revisit",),
    ("patterns",),
    ("history",),
    ("export", "--json"),
]
WRITING = [
    ("apply", "Initech", "Data Engineer"),
    ("note", "1", "a note"),
    ("config", "review_threshold", "50"),
    ("reject", "40", "--kind", "form"),
    ("undo",),
]


def test_a_read_only_home_reads_and_refuses_writes_in_one_line(
    read_only_home: Path, cli: Cli
) -> None:
    db = read_only_home / DB_FILENAME
    with pytest.raises(OSError):  # the home really is read-only, for this user too
        (read_only_home / "probe").write_text("x")
    before = db_rows(db)
    for args in READING:
        r = cli(*args)
        assert r.exit_code == 0, (args, r.stderr)
        assert r.stdout.strip()
    assert "Wildflower Labs" in cli.ok("list")
    for args in WRITING:
        r = cli(*args)
        assert r.exit_code == 1, (args, r.stdout)
        assert "read-only" in _one_line(r.stderr)
    assert db_rows(db) == before
    assert sorted(p.name for p in read_only_home.iterdir()) == [DB_FILENAME]


# --- a full disk --------------------------------------------------------------------------


@pytest.fixture
def full_disk_home(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    """A home holding the demo on a small file system with almost no room left."""
    template: Path = request.getfixturevalue("demo_db")
    if not ROOT:
        if os.environ.get("CI") == "true":
            pytest.fail("CI runs as root: the full-disk test needs to mount a small tmpfs")
        pytest.skip("mounting a small file system needs root (as CI runs)")
    mount = tmp_path / "small"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)], check=True)
    try:
        home = mount / "home"
        home.mkdir()
        shutil.copy(template, home / DB_FILENAME)
        st = os.statvfs(mount)
        (mount / "filler").write_bytes(b"x" * max(st.f_bavail * st.f_frsize - 48_000, 0))
        yield home
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_a_full_disk_is_one_line_and_changes_nothing(
    full_disk_home: Path, cli: Cli, tmp_path: Path
) -> None:
    db = full_disk_home / DB_FILENAME
    sheet = tmp_path / "many.csv"
    sheet.write_text(
        "Company,Role,Date\n"
        + "".join(f"Company {i},Data Engineer {i},2026-10-01\n" for i in range(3000))
    )
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for eml in sorted((Path(__file__).parent / "data" / "emails").glob("*.eml"))[:40]:
        shutil.copy(eml, inbox / eml.name)
    before = db_rows(db)
    home = ("--home", str(full_disk_home))
    for args in (
        ("note", "1", "x" * 100_000),
        ("import", str(sheet), "--yes"),
        ("scan", str(inbox)),
    ):
        r = cli(*home, *args)
        assert r.exit_code == 1, (args, r.stdout)
        line = _one_line(r.stderr)
        assert "disk is full" in line or "could not be written" in line, line
        assert "nothing was changed" in line
    assert db_rows(db) == before
    assert "Wildflower Labs" in cli.ok(*home, "list")

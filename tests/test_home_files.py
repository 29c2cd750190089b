"""The data home is the owner's alone, and a file that is not a doorajar database is never
taken for a new home."""

from __future__ import annotations

import os
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

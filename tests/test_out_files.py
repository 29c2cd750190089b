"""`--out` writes a plain file: a link, a FIFO or a device at the path is refused unless
--force, and a refusal writes nothing anywhere."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import Cli

COMMANDS = [
    ("export", "--json", "--out"),
    ("export", "--csv", "--out"),
    ("calendar", "--out"),
    ("report", "--out"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_a_link_at_the_path_is_refused_and_its_target_untouched(
    cli: Cli, tmp_path: Path, command: tuple[str, ...]
) -> None:
    cli.ok("apply", "Acme", "Data Engineer")
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me\n")
    link = tmp_path / "out.file"
    link.symlink_to(precious)
    before = cli.ok("export", "--json")
    r = cli(*command, str(link))
    assert r.exit_code == 1
    assert "is a symbolic link, not a plain file" in r.stderr
    assert r.stderr.count("\n") == 1
    assert precious.read_text() == "keep me\n"
    assert link.is_symlink()
    assert cli.ok("export", "--json") == before


def test_a_fifo_is_refused_and_force_replaces_it(cli: Cli, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    r = cli("export", "--json", "--out", str(fifo))  # would block forever if opened
    assert r.exit_code == 1
    assert "is a FIFO" in r.stderr
    cli.ok("export", "--json", "--out", str(fifo), "--force")
    assert fifo.is_file()
    assert '"format"' in fifo.read_text()

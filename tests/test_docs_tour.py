"""The tour (docs/tour.md) and the README's transcript show what `ajar` really prints.

Every ```console block in those pages is a session: lines starting with `$ ajar` are
commands, the lines after each one are its exact output. The test runs the tour's commands
in order, in process, on a fresh data home with the clock frozen at the tests' NOW, and
compares what each prints (stdout and stderr, as a terminal shows them) with the page.
The README's transcript is the start of the same session: its commands must be the tour's
first ones, and their outputs the same run's.

The data home is written `~/ajar-home` in the pages. A command may read standard input
from a here-document (`<<'EOF'` at the end of the line, the text, then `EOF`).

Rewrite the outputs in both pages from a fresh run with AJAR_UPDATE_SNAPSHOTS=1.
"""

from __future__ import annotations

import difflib
import os
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from doorajar.cli import app

ROOT = Path(__file__).resolve().parent.parent
TOUR = ROOT / "docs" / "tour.md"
README = ROOT / "README.md"
HOME = "~/ajar-home"  # how the pages write the data home

_FENCE_OPEN = "```console"
_FENCE_CLOSE = "```"
_HEREDOC = re.compile(r"\s*<<-?\s*(['\"]?)(\w+)\1\s*$")


@dataclass
class Step:
    """One `$ ajar ...` line of a page, what it reads on stdin and what the page says it prints."""

    line: int  # 1-based line of the command in the page
    command: str  # the command as the page writes it, without the prompt
    stdin: str | None
    expected: str
    first: int  # index in the page's lines of the first output line
    end: int  # index just past the last output line


@dataclass
class Page:
    """A Markdown page and the console sessions in it."""

    path: Path
    lines: list[str]
    steps: list[Step]

    @classmethod
    def read(cls, path: Path) -> Page:
        lines = path.read_text(encoding="utf-8").split("\n")
        return cls(path, lines, _steps(path, lines))

    def with_outputs(self, outputs: list[str]) -> str:
        """The page with each step's output replaced by the given one."""
        out: list[str] = []
        done = 0
        for step, text in zip(self.steps, outputs, strict=True):
            out.extend(self.lines[done : step.first])
            out.extend(_as_lines(text))
            done = step.end
        out.extend(self.lines[done:])
        return "\n".join(out)


def _as_lines(output: str) -> list[str]:
    """An output as the lines a page shows; a command that prints nothing shows none."""
    if not output:
        return []
    assert output.endswith("\n"), f"a page can only show output that ends its line: {output!r}"
    lines = output[:-1].split("\n")
    clash = [line for line in lines if line.startswith(("$ ", _FENCE_CLOSE))]
    assert not clash, f"output lines a page would read as a command or a fence: {clash}"
    return lines


def _steps(path: Path, lines: list[str]) -> list[Step]:
    steps: list[Step] = []
    i = 0
    while i < len(lines):
        if lines[i].strip() != _FENCE_OPEN:
            i += 1
            continue
        i += 1
        while i < len(lines) and lines[i] != _FENCE_CLOSE:
            line = lines[i]
            assert line.startswith("$ ajar "), (
                f"{path.name}:{i + 1}: a console block starts with an `$ ajar` command, "
                f"not {line!r}"
            )
            number, command, stdin = i + 1, line[2:], None
            i += 1
            heredoc = _HEREDOC.search(command)
            if heredoc:
                command = command[: heredoc.start()]
                body: list[str] = []
                while lines[i] != heredoc.group(2):
                    body.append(lines[i])
                    i += 1
                i += 1
                stdin = "\n".join(body) + "\n"
            first = i
            while i < len(lines) and lines[i] != _FENCE_CLOSE and not lines[i].startswith("$ "):
                i += 1
            expected = "".join(f"{text}\n" for text in lines[first:i])
            steps.append(Step(number, command, stdin, expected, first, i))
        i += 1
    return steps


def _run(step: Step, home: Path) -> tuple[int, str]:
    """Run one step as `ajar` would; its exit code and what it printed, home normalised."""
    words = shlex.split(step.command)
    assert words[0] == "ajar"
    args = [str(home) + w[len(HOME) :] if w.startswith(HOME) else w for w in words[1:]]
    result = CliRunner().invoke(app, args, input=step.stdin, catch_exceptions=False)
    return result.exit_code, result.output.replace(str(home), HOME)


def _difference(page: Path, step: Step, actual: str) -> str:
    diff = difflib.unified_diff(
        step.expected.splitlines(), actual.splitlines(), "page", "ajar", lineterm=""
    )
    return f"{page.name}:{step.line}: $ {step.command}\n" + "\n".join(diff)


def test_the_tour_and_the_readme_show_real_output(
    home: Path, clock: Callable[[], datetime]
) -> None:
    # `clock` stops doorajar's clock at the tests' NOW for the whole session
    tour = Page.read(TOUR)
    readme = Page.read(README)
    assert len(tour.steps) >= 10, "the tour walks through at least ten commands"
    assert readme.steps, "the README shows a short transcript"
    assert [s.command for s in readme.steps] == [
        s.command for s in tour.steps[: len(readme.steps)]
    ], "the README's transcript is the start of the tour: the same commands in the same order"

    outputs: list[str] = []
    problems: list[str] = []
    for step in tour.steps:
        code, output = _run(step, home)
        outputs.append(output)
        # a command that fails says so in one `ajar: ...` line and exits with 1
        failed = output.startswith("ajar: ") or "\najar: " in output
        if code != (1 if failed else 0):
            problems.append(f"tour.md:{step.line}: $ {step.command} exited with {code}")

    if os.environ.get("AJAR_UPDATE_SNAPSHOTS") == "1":
        TOUR.write_text(tour.with_outputs(outputs), encoding="utf-8")
        README.write_text(readme.with_outputs(outputs[: len(readme.steps)]), encoding="utf-8")
        return

    for page in (tour, readme):
        for step, actual in zip(page.steps, outputs, strict=False):
            if step.expected != actual:
                problems.append(_difference(page.path, step, actual))
    if problems:
        pytest.fail("\n\n".join(problems), pytrace=False)

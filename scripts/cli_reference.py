"""The CLI reference in docs/cli.md, written from the commands' own help.

docs/cli.md calls `render()` from a cog block; regenerate the page with
`cog -r docs/cli.md`, check it with `cog --check docs/cli.md`.

Only the Typer app is imported from doorajar: the page is read from the command tree,
so it says whatever the commands say about themselves.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import typer
import typer.core

from doorajar.cli import app

# A fixed width, so the page is the same on every machine and in every terminal.
WIDTH = 100
PROG = "ajar"


def _context(command: Any, name: str, parent: typer.Context | None) -> typer.Context:
    """A context for `command` as a run would make it (its settings, such as `-h`), at the
    fixed width."""
    settings = {**command.context_settings, "terminal_width": WIDTH, "max_content_width": WIDTH}
    return typer.Context(command, info_name=name, parent=parent, **settings)


def _plain_help(command: Any, ctx: typer.Context) -> str:
    """The command's help as plain text: click's layout, no Rich panels, no colours."""
    mode = command.rich_markup_mode
    command.rich_markup_mode = None  # Typer formats like click when there is no markup mode
    try:
        text: str = command.get_help(ctx)
    finally:
        command.rich_markup_mode = mode
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines()) + "\n"


def _walk(command: Any, ctx: typer.Context, depth: int) -> Iterator[tuple[int, typer.Context]]:
    """Every visible command under `command`, depth first, in the order `--help` lists them."""
    yield depth, ctx
    if isinstance(command, typer.core.TyperGroup):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is None or sub.hidden:
                continue
            yield from _walk(sub, _context(sub, name, ctx), depth + 1)


def render() -> str:
    """The whole reference as Markdown: a heading and a help block for every command."""
    root = typer.main.get_command(app)
    parts: list[str] = []
    for depth, ctx in _walk(root, _context(root, PROG, None), 0):
        # `ajar` and its commands side by side; a group's own commands one level down
        heading = "##" if depth <= 1 else "###"
        help_text = _plain_help(ctx.command, ctx)
        parts.append(f"{heading} `{ctx.command_path}`\n\n```text\n{help_text}```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    print(render(), end="")

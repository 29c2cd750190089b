"""Write a file the user named: whole or not at all, and a one-line error when it cannot be."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from doorajar.errors import InvalidInput


def _kind(target: Path) -> str | None:
    """What stands at a path when it is not a plain file: 'a link', 'a FIFO', 'a device'..."""
    try:
        st = target.lstat()
    except FileNotFoundError:
        return None
    except OSError:
        return "something that cannot be checked"
    if stat.S_ISLNK(st.st_mode):
        return "a symbolic link"
    if stat.S_ISREG(st.st_mode):
        return None
    if stat.S_ISDIR(st.st_mode):
        return "a folder"
    if stat.S_ISFIFO(st.st_mode):
        return "a FIFO"
    if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode):
        return "a device"
    return "not a regular file"


def check_target(target: Path, *, force: bool = False) -> Path:
    """The path a file may be written to, or one line saying why not (checked before a
    command changes anything, so a refused write leaves everything as it was)."""
    target = target.expanduser()
    if target.is_dir() and not target.is_symlink():
        raise InvalidInput(f"{target} is a folder; give a file name.")
    kind = _kind(target)
    if kind is not None and not force:
        raise InvalidInput(
            f"{target} is {kind}, not a plain file; nothing was written (add --force to "
            "replace it with one)."
        )
    return target


def write_atomic(
    target: Path, data: bytes | str, *, encoding: str = "utf-8", force: bool = False
) -> Path:
    """Write `data` to `target` through a temporary file beside it, then a rename.

    A reader never sees half a file, and a failure leaves nothing behind. Only a plain
    file is replaced: a link, a FIFO or a device at the path is refused unless `force`.
    """
    target = check_target(target, force=force)
    if not target.parent.is_dir():
        raise InvalidInput(f"No folder {target.parent} to write {target.name} into.")
    raw = data.encode(encoding) if isinstance(data, str) else data
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise InvalidInput(f"Cannot write {target}: {exc.strerror}.") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InvalidInput(f"Cannot write {target}: {exc.strerror}.") from None
    return target


def write_private(target: Path, data: bytes | str) -> Path:
    """Write a file of doorajar's own inside the data home, readable by its owner only.

    A symbolic link (or anything but a plain file) at the path is refused, never followed:
    the write goes to a new temporary file beside it, then a rename."""
    kind = _kind(target)
    if kind is not None:
        raise InvalidInput(
            f"{target} is {kind}; doorajar writes no file of its data home through it. "
            "Remove it and try again."
        )
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise InvalidInput(f"Cannot write {target}: {exc.strerror}.") from None
    try:
        with os.fdopen(fd, "wb") as fh:  # mkstemp: created new, 0600, never through a link
            fh.write(raw)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InvalidInput(f"Cannot write {target}: {exc.strerror}.") from None
    return target


def read_bytes(source: Path) -> bytes:
    """The bytes of a file the user named, or one line saying why it cannot be read."""
    source = source.expanduser()
    if source.is_dir():
        raise InvalidInput(f"{source} is a folder; give a file.")
    if not source.exists():
        raise InvalidInput(f"No such file: {source}.")
    try:
        return source.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"Cannot read {source}: {exc.strerror}.") from None

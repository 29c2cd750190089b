"""Write a file the user named: whole or not at all, and a one-line error when it cannot be."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from doorajar.errors import InvalidInput


def write_atomic(target: Path, data: bytes | str, *, encoding: str = "utf-8") -> Path:
    """Write `data` to `target` through a temporary file beside it, then a rename.

    A reader never sees half a file, and a failure leaves nothing behind.
    """
    target = target.expanduser()
    if target.is_dir():
        raise InvalidInput(f"{target} is a folder; give a file name.")
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

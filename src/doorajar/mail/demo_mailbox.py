"""The sample mailbox that `ajar demo` puts in the home, dated relative to today."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from email.utils import format_datetime
from importlib import resources
from pathlib import Path

from doorajar.files import write_private

FILENAME = "demo-mailbox.mbox"
_TOKEN = re.compile(rb"@@(FROM|DATE):([0-9.]+)@@")


def render(now: datetime) -> bytes:
    """The packaged mailbox with its placeholders turned into dates before `now`."""
    template = (resources.files("doorajar") / "data" / FILENAME).read_bytes()

    def date(m: re.Match[bytes]) -> bytes:
        moment = (now - timedelta(days=float(m.group(2)))).replace(microsecond=0)
        if m.group(1) == b"FROM":
            return moment.strftime("%a %b %d %H:%M:%S %Y").encode()
        return format_datetime(moment).encode()

    return _TOKEN.sub(date, template)


def install(home: Path, now: datetime) -> Path:
    """Write the sample mailbox into the home; returns its path."""
    return write_private(home / FILENAME, render(now))

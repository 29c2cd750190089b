"""Recognising a company's job board from a careers URL or an address. Pure.

`board_from_url` knows the public board hosts of each vendor; `board_from_text` finds the
first such link in a message; `board_from_sender` reads an address at a board's host
(`jobs@acme.recruitee.com`). A guess that is wrong is corrected with `watch add --board`.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from doorajar.boards.postings import Board
from doorajar.errors import InvalidInput

_TOKEN = r"([A-Za-z0-9][A-Za-z0-9_.-]{0,99})"
# host -> vendor, for hosts whose first path segment is the board token
_PATH_HOSTS = {
    "boards.greenhouse.io": "greenhouse",
    "job-boards.greenhouse.io": "greenhouse",
    "job-boards.eu.greenhouse.io": "greenhouse",
    "boards.eu.greenhouse.io": "greenhouse",
    "jobs.lever.co": "lever",
    "jobs.eu.lever.co": "lever_eu",
    "jobs.ashbyhq.com": "ashby",
    "careers.smartrecruiters.com": "smartrecruiters",
    "jobs.smartrecruiters.com": "smartrecruiters",
    "apply.workable.com": "workable",
}
# path segments that are part of the site, never a board token
_NOT_TOKENS = frozenset({"embed", "api", "v1", "j", "jobs"})
_TOKEN_RE = re.compile(_TOKEN + r"$")
_URL_RE = re.compile(r"https?://[^\s<>\"')\]]+", re.IGNORECASE)


def board_from_url(url: str) -> Board | None:
    """The board a careers or posting URL belongs to, or None when it is not one we know."""
    text = url.strip()
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    if host.startswith("www."):
        host = host[4:]
    segments = [p for p in parts.path.split("/") if p]
    vendor = _PATH_HOSTS.get(host)
    if vendor is not None:
        if vendor == "greenhouse" and segments[:1] == ["embed"]:
            # boards.greenhouse.io/embed/job_board?for=acme
            for pair in parts.query.split("&"):
                key, _, value = pair.partition("=")
                if key == "for" and _TOKEN_RE.match(value):
                    return Board(vendor, value.lower())
            return None
        if segments and segments[0].lower() not in _NOT_TOKENS and _TOKEN_RE.match(segments[0]):
            return Board(vendor, segments[0].lower() if vendor == "greenhouse" else segments[0])
        return None
    if host.endswith(".recruitee.com"):
        org = host.removesuffix(".recruitee.com")
        if _TOKEN_RE.match(org) and "." not in org and org not in ("www", "app", "api"):
            return Board("recruitee", org)
    return None


def board_from_careers_url(url: str) -> Board:
    """The board of a careers URL the user typed, or one clear line when it is unknown."""
    found = board_from_url(url)
    if found is None:
        raise InvalidInput(
            f"'{url}' is not a job board doorajar recognises; give it as vendor:token "
            "(greenhouse, lever, ashby, smartrecruiters, workable, recruitee)."
        )
    return found


def board_from_text(text: str) -> Board | None:
    """The first board link in a message's text."""
    for m in _URL_RE.finditer(text):
        found = board_from_url(m.group(0).rstrip(".,;:"))
        if found is not None:
            return found
    return None


def board_from_sender(address: str) -> Board | None:
    """A board from a sender address at a board's own host ('jobs@acme.recruitee.com')."""
    _, at, domain = address.strip().rpartition("@")
    if not at or not domain:
        return None
    return board_from_url("https://" + domain.lower().rstrip(">"))

"""The vocabulary of the job boards: a board, one posting, one fetch. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from doorajar.errors import DoorajarError, InvalidInput

# Each vendor, its setting for the base URL, and that URL by default. Recruitee's host
# holds the organisation, so its URL is a template with `{org}`.
VENDORS: dict[str, str] = {
    "greenhouse": "https://boards-api.greenhouse.io",
    "lever": "https://api.lever.co",
    "lever_eu": "https://api.eu.lever.co",
    "ashby": "https://api.ashbyhq.com",
    "smartrecruiters": "https://api.smartrecruiters.com",
    "workable": "https://apply.workable.com",
    "recruitee": "https://{org}.recruitee.com",
}


class BoardError(DoorajarError):
    """A board could not be read this time: the last good openings are kept."""


class BoardGone(BoardError):
    """The board answers 404 or 410: a wrong token, or the board was taken down."""


@dataclass(frozen=True)
class Board:
    """One company's public board: the vendor and its token (site, slug, organisation)."""

    vendor: str
    token: str

    @property
    def spec(self) -> str:
        """'greenhouse:acmerobotics', as `ajar watch add --board` takes it."""
        return f"{self.vendor}:{self.token}"


@dataclass(frozen=True)
class Posting:
    """One opening as the board lists it."""

    external_id: str
    title: str
    location: str | None
    url: str | None
    posted_at: datetime | None
    department: str | None = None
    remote: bool | None = None


@dataclass(frozen=True)
class Listing:
    """What one check of a board brought: the postings, or 'not modified' (304)."""

    postings: tuple[Posting, ...]
    not_modified: bool = False
    etag: str | None = None
    last_modified: str | None = None
    requests: int = 1


_TOKEN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_.")


def parse_board(text: str) -> Board:
    """A board from 'vendor:token', or one clear line on what is wrong."""
    vendor, sep, token = text.strip().partition(":")
    vendor = vendor.strip().lower().replace("-", "_")
    token = token.strip()
    if not sep or not token:
        raise InvalidInput(f"A board is vendor:token, e.g. greenhouse:acmerobotics; not '{text}'.")
    if vendor not in VENDORS:
        raise InvalidInput(
            f"Unknown board type '{vendor}'; use one of: {', '.join(VENDORS)} "
            "(or give the careers URL)."
        )
    if not set(token.lower()) <= _TOKEN_CHARS or len(token) > 100:
        raise InvalidInput(
            f"The board token '{token}' holds characters a {vendor} board name never has."
        )
    return Board(vendor, token)

"""One small client per vendor's public posting API, behind one `fetch()`.

Each client builds the request from the base URL the settings give it and reads the
answer in the vendor's documented shape. Only the board's public endpoint is called, with
no data of the user's: a GET with `Accept`, `User-Agent` and, when a previous check saw
them, `If-None-Match` / `If-Modified-Since`. Timeouts, connection errors, 429 and 5xx
answers are retried with a growing pause; 404 and 410 mean the board is gone.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import httpx

from doorajar.boards.postings import Board, BoardError, BoardGone, Listing, Posting
from doorajar.netpolicy import GuardedTransport, NetPolicy, Refused

USER_AGENT = "doorajar job-board watch (public postings only)"
PAGE = 100  # SmartRecruiters' largest page
MAX_PAGES = 50  # a board of 5,000 openings is read whole; past that the rest waits
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_HEADERS = {"Accept": "application/json", "User-Agent": USER_AGENT}


@dataclass(frozen=True)
class FetchConfig:
    """Where each vendor lives and how patient to be."""

    base_urls: Mapping[str, str]
    timeout: float = 10.0
    retries: int = 2
    backoff: float = 0.5
    sleep: Callable[[float], None] = field(default=time.sleep)
    # server mode: base URLs from the admin's list only, and no internal address, checked
    # on every request and redirect (doorajar.netpolicy); None in local mode
    policy: NetPolicy | None = None
    # what sends the requests under the policy (a test hands in a stub); None for httpx's own
    transport: Callable[[], httpx.BaseTransport] | None = None


def endpoint(board: Board, base_urls: Mapping[str, str]) -> str:
    """The URL one check of the board starts with (SmartRecruiters adds its offset)."""
    base = base_urls[board.vendor]
    tok = quote(board.token, safe="")
    if board.vendor == "recruitee":
        return base.replace("{org}", tok).rstrip("/") + "/api/offers/"
    base = base.rstrip("/")
    paths = {
        "greenhouse": f"/v1/boards/{tok}/jobs",
        "lever": f"/v0/postings/{tok}?mode=json",
        "lever_eu": f"/v0/postings/{tok}?mode=json",
        "ashby": f"/posting-api/job-board/{tok}",
        "smartrecruiters": f"/v1/companies/{tok}/postings?limit={PAGE}&offset=0",
        "workable": f"/api/v1/widget/accounts/{tok}",
    }
    return base + paths[board.vendor]


def fetch(
    board: Board,
    config: FetchConfig,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
) -> Listing:
    """The board's current openings, or `not_modified` when the board says 304.

    Raises BoardGone for 404/410 and BoardError for anything else that went wrong,
    each with one line saying what."""
    headers = dict(_HEADERS)
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    url = endpoint(board, config.base_urls)
    transport: httpx.BaseTransport | None = None
    if config.policy is not None:
        try:
            config.policy.check_board_base(config.base_urls[board.vendor])
        except Refused as exc:
            raise BoardError(f"{board.spec}: {exc.message}") from None
        transport = GuardedTransport(config.policy, config.transport or httpx.HTTPTransport)
    with httpx.Client(timeout=config.timeout, follow_redirects=True, transport=transport) as client:
        first = _get(client, url, headers, config, board)
        if first.status_code == 304:
            return Listing((), not_modified=True, etag=etag, last_modified=last_modified)
        data = _json(first, board)
        requests = 1
        if board.vendor == "smartrecruiters":
            postings, requests = _smartrecruiters_pages(client, data, url, config, board)
        else:
            postings = list(_PARSERS[board.vendor](data, board))
    return Listing(
        tuple(postings),
        etag=first.headers.get("etag"),
        last_modified=first.headers.get("last-modified"),
        requests=requests,
    )


def _get(
    client: httpx.Client,
    url: str,
    headers: Mapping[str, str],
    config: FetchConfig,
    board: Board,
) -> httpx.Response:
    """One GET, retried on timeouts, connection errors, 429 and 5xx with a growing pause."""
    problem = ""
    for attempt in range(config.retries + 1):
        if attempt:
            config.sleep(config.backoff * 2 ** (attempt - 1))
        try:
            r = client.get(url, headers=dict(headers))
        except Refused as exc:
            raise BoardError(f"{board.spec}: {exc.message}") from None
        except httpx.TimeoutException:
            problem = f"no answer within {config.timeout:g} seconds"
            continue
        except httpx.TransportError as exc:
            problem = f"could not connect ({type(exc).__name__})"
            continue
        if r.status_code in RETRY_STATUS:
            problem = f"the board answered HTTP {r.status_code}"
            continue
        if r.status_code in (404, 410):
            raise BoardGone(
                f"{board.spec} answers {r.status_code}: the token may be wrong or the board "
                "was taken down."
            )
        if r.status_code != 304 and not 200 <= r.status_code < 300:
            raise BoardError(f"{board.spec}: the board answered HTTP {r.status_code}.")
        return r
    tries = config.retries + 1
    raise BoardError(f"{board.spec}: {problem} ({tries} tr{'ies' if tries > 1 else 'y'}).")


def _json(r: httpx.Response, board: Board) -> Any:
    try:
        return json.loads(r.content)
    except (ValueError, UnicodeDecodeError):
        raise BoardError(f"{board.spec}: the answer is not JSON.") from None


def _smartrecruiters_pages(
    client: httpx.Client, data: Any, url: str, config: FetchConfig, board: Board
) -> tuple[list[Posting], int]:
    """Follow `offset` until `totalFound` postings are read (or a page comes back empty)."""
    postings = list(_smartrecruiters(data, board))
    total = _field(data, "totalFound", board)
    if not isinstance(total, int):
        raise BoardError(f"{board.spec}: 'totalFound' is not a number.")
    requests = 1
    base = url.rsplit("&offset=", 1)[0]
    seen = len(_field(data, "content", board))
    while seen < total and requests < MAX_PAGES:
        r = _get(client, f"{base}&offset={seen}", _HEADERS, config, board)
        page = _json(r, board)
        requests += 1
        content = _field(page, "content", board)
        if not content:
            break
        seen += len(content)
        postings += _smartrecruiters(page, board)
    return postings, requests


# --- reading each vendor's answer -------------------------------------------------------


def _field(data: Any, name: str, board: Board) -> Any:
    if not isinstance(data, dict) or name not in data:
        raise BoardError(f"{board.spec}: the answer lacks '{name}'.")
    return data[name]


def _list(data: Any, name: str | None, board: Board) -> list[Any]:
    items = data if name is None else _field(data, name, board)
    if not isinstance(items, list):
        what = f"'{name}'" if name else "the answer"
        raise BoardError(f"{board.spec}: {what} is not a list of openings.")
    if not all(isinstance(item, dict) for item in items):
        raise BoardError(f"{board.spec}: an opening is not an object.")
    return items


def _text(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def _need(item: Any, name: str, board: Board) -> str:
    value = _text(_field(item, name, board))
    if value is None:
        raise BoardError(f"{board.spec}: an opening has an empty '{name}'.")
    return value


def when(value: Any) -> datetime | None:
    """A posting date in any of the vendors' forms (ISO 8601, a date, milliseconds since
    the epoch, '2026-11-20 10:00:00 UTC'), in UTC; None when it is none of them."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        try:
            return datetime.fromtimestamp(value / 1000, UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    text = value.strip().replace(" UTC", "+00:00").replace("Z", "+00:00")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _greenhouse(data: Any, board: Board) -> Iterator[Posting]:
    for job in _list(data, "jobs", board):
        loc = job.get("location")
        yield Posting(
            external_id=_need(job, "id", board),
            title=_need(job, "title", board),
            location=_text(loc.get("name")) if isinstance(loc, dict) else None,
            url=_text(job.get("absolute_url")),
            posted_at=when(job.get("first_published")) or when(job.get("updated_at")),
        )


def _lever(data: Any, board: Board) -> Iterator[Posting]:
    for job in _list(data, None, board):
        cats = job.get("categories")
        cats = cats if isinstance(cats, dict) else {}
        place = _text(job.get("workplaceType"))
        yield Posting(
            external_id=_need(job, "id", board),
            title=_need(job, "text", board),
            location=_text(cats.get("location")),
            url=_text(job.get("hostedUrl")) or _text(job.get("applyUrl")),
            posted_at=when(job.get("createdAt")),
            department=_text(cats.get("team")) or _text(cats.get("department")),
            remote=None if place in (None, "unspecified") else place == "remote",
        )


def _ashby(data: Any, board: Board) -> Iterator[Posting]:
    for job in _list(data, "jobs", board):
        if job.get("isListed") is False:
            continue
        url = _text(job.get("jobUrl"))
        ident = _text(job.get("id"))
        remote = job.get("isRemote")
        yield Posting(
            external_id=ident or url or _need(job, "id", board),
            title=_need(job, "title", board),
            location=_text(job.get("location")),
            url=url or _text(job.get("applyUrl")),
            posted_at=when(job.get("publishedAt")),
            department=_text(job.get("department")) or _text(job.get("team")),
            remote=remote if isinstance(remote, bool) else None,
        )


def _smartrecruiters(data: Any, board: Board) -> Iterator[Posting]:
    for job in _list(data, "content", board):
        loc = job.get("location")
        loc = loc if isinstance(loc, dict) else {}
        dept = job.get("department")
        ident = _need(job, "id", board)
        place = ", ".join(p for p in (_text(loc.get("city")), _text(loc.get("country"))) if p)
        remote = loc.get("remote")
        yield Posting(
            external_id=ident,
            title=_need(job, "name", board),
            location=place or None,
            url=f"https://jobs.smartrecruiters.com/{quote(board.token, safe='')}/{quote(ident)}",
            posted_at=when(job.get("releasedDate")),
            department=_text(dept.get("label")) if isinstance(dept, dict) else None,
            remote=remote if isinstance(remote, bool) else None,
        )


def _workable(data: Any, board: Board) -> Iterator[Posting]:
    for job in _list(data, "jobs", board):
        ident = _text(job.get("shortcode")) or _text(job.get("code")) or _text(job.get("url"))
        place = ", ".join(p for p in (_text(job.get("city")), _text(job.get("country"))) if p)
        remote = job.get("telecommuting")
        yield Posting(
            external_id=ident or _need(job, "shortcode", board),
            title=_need(job, "title", board),
            location=place or None,
            url=_text(job.get("url")) or _text(job.get("shortlink")),
            posted_at=when(job.get("published_on")) or when(job.get("created_at")),
            department=_text(job.get("department")),
            remote=remote if isinstance(remote, bool) else None,
        )


def _recruitee(data: Any, board: Board) -> Iterator[Posting]:
    for job in _list(data, "offers", board):
        remote = job.get("remote")
        yield Posting(
            external_id=_need(job, "id", board),
            title=_need(job, "title", board),
            location=_text(job.get("location")),
            url=_text(job.get("careers_url")),
            posted_at=when(job.get("published_at")) or when(job.get("created_at")),
            department=_text(job.get("department")),
            remote=remote if isinstance(remote, bool) else None,
        )


_PARSERS: dict[str, Callable[[Any, Board], Iterator[Posting]]] = {
    "greenhouse": _greenhouse,
    "lever": _lever,
    "lever_eu": _lever,
    "ashby": _ashby,
    "smartrecruiters": _smartrecruiters,
    "workable": _workable,
    "recruitee": _recruitee,
}

"""The job-board watch: boards watched, how each check went, and the openings seen."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from doorajar.model import Opening, WatchBoard
from doorajar.store.tables_watch import WatchBoardRow, WatchOpeningRow


def _board(r: WatchBoardRow) -> WatchBoard:
    return WatchBoard(
        id=r.id,
        company=r.company,
        company_key=r.company_key,
        vendor=r.vendor,
        token=r.token,
        origin=r.origin,
        added_at=r.added_at,
        application_id=r.application_id,
        checked_at=r.checked_at,
        etag=r.etag,
        last_modified=r.last_modified,
        error=r.error,
        error_at=r.error_at,
        gone=bool(r.gone),
        requests=r.requests or 0,
    )


def _opening(r: WatchOpeningRow) -> Opening:
    return Opening(
        id=r.id,
        board_id=r.board_id,
        external_id=r.external_id,
        title=r.title,
        location=r.location,
        url=r.url,
        posted_at=r.posted_at,
        first_seen_at=r.first_seen_at,
        last_seen_at=r.last_seen_at,
        fit=r.fit,
        fit_reason=r.fit_reason,
        department=r.department,
        remote=r.remote,
        removed_at=r.removed_at,
        repost_of=r.repost_of,
        notified=bool(r.notified),
    )


def boards(s: Session) -> list[WatchBoard]:
    """Every board watched (and every company noted as having none), by company."""
    rows = s.scalars(select(WatchBoardRow).order_by(WatchBoardRow.company, WatchBoardRow.id))
    return [_board(r) for r in rows]


def board_for(s: Session, company_key: str) -> WatchBoard | None:
    """The board of a company, by its compared name."""
    row = s.scalar(select(WatchBoardRow).where(WatchBoardRow.company_key == company_key))
    return _board(row) if row is not None else None


def put_board(
    s: Session,
    *,
    company: str,
    company_key: str,
    vendor: str | None,
    token: str | None,
    origin: str,
    application_id: int | None,
    now: datetime,
) -> WatchBoard:
    """Watch a company's board, or point it at another board: what was seen on the old
    one, and how it answered, is forgotten with it."""
    row = s.scalar(select(WatchBoardRow).where(WatchBoardRow.company_key == company_key))
    if row is None:
        row = WatchBoardRow(
            company=company,
            company_key=company_key,
            added_at=now,
            gone=False,
            requests=0,
            origin=origin,
        )
        s.add(row)
    elif (row.vendor, row.token) != (vendor, token):
        s.execute(delete(WatchOpeningRow).where(WatchOpeningRow.board_id == row.id))
        row.checked_at = row.etag = row.last_modified = row.error = row.error_at = None
        row.gone = False
    row.vendor, row.token, row.origin = vendor, token, origin
    if application_id is not None:
        row.application_id = application_id
    s.flush()
    return _board(row)


def record_check(
    s: Session,
    board_id: int,
    now: datetime,
    *,
    requests: int,
    etag: str | None = None,
    last_modified: str | None = None,
    error: str | None = None,
    gone: bool = False,
) -> None:
    """How a check went: a good answer clears the last error; a failed one keeps the
    validators and the openings of the last good answer."""
    row = s.get_one(WatchBoardRow, board_id)
    row.checked_at = now
    row.requests = (row.requests or 0) + requests
    if error is None:
        row.etag, row.last_modified = etag, last_modified
        row.error = row.error_at = None
        row.gone = False
    else:
        row.error, row.error_at, row.gone = error, now, gone
    s.flush()


def openings(
    s: Session, board_ids: Iterable[int] | None = None, *, open_only: bool = False
) -> list[Opening]:
    """Openings seen, best fit first, then the newest."""
    q = select(WatchOpeningRow)
    if board_ids is not None:
        q = q.where(WatchOpeningRow.board_id.in_(list(board_ids)))
    if open_only:
        q = q.where(WatchOpeningRow.removed_at.is_(None))
    q = q.order_by(
        WatchOpeningRow.fit.desc(), WatchOpeningRow.first_seen_at.desc(), WatchOpeningRow.id
    )
    return [_opening(r) for r in s.scalars(q)]


def add_opening(s: Session, board_id: int, now: datetime, **values: Any) -> Opening:
    """Remember an opening seen for the first time."""
    row = WatchOpeningRow(
        board_id=board_id, first_seen_at=now, last_seen_at=now, notified=False, **values
    )
    s.add(row)
    s.flush()
    return _opening(row)


def seen_again(s: Session, opening_id: int, now: datetime, **values: Any) -> None:
    """An opening still (or again) listed: its last sighting, and what changed in it."""
    row = s.get_one(WatchOpeningRow, opening_id)
    row.last_seen_at, row.removed_at = now, None
    for k, v in values.items():
        if getattr(row, k) != v:
            setattr(row, k, v)
    s.flush()


def mark_removed(s: Session, opening_ids: Sequence[int], now: datetime) -> None:
    """Openings the board no longer lists."""
    for row in s.scalars(select(WatchOpeningRow).where(WatchOpeningRow.id.in_(opening_ids))):
        row.removed_at = now
    s.flush()


def mark_notified(s: Session, opening_id: int) -> None:
    """An opening that has been put in Today once (and never will be again)."""
    s.get_one(WatchOpeningRow, opening_id).notified = True
    s.flush()


def newest_fit(s: Session, company_key: str, threshold: int) -> Opening | None:
    """The company's newest opening still listed that fits, for the revisit note."""
    q = (
        select(WatchOpeningRow)
        .join(WatchBoardRow, WatchBoardRow.id == WatchOpeningRow.board_id)
        .where(
            WatchBoardRow.company_key == company_key,
            WatchOpeningRow.removed_at.is_(None),
            WatchOpeningRow.fit >= threshold,
        )
        .order_by(
            WatchOpeningRow.first_seen_at.desc(), WatchOpeningRow.fit.desc(), WatchOpeningRow.id
        )
        .limit(1)
    )
    row = s.scalar(q)
    return _opening(row) if row is not None else None

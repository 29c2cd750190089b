"""Repository functions for saved drafts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from doorajar.errors import NotFound
from doorajar.model import Draft
from doorajar.store.tables_drafts import DraftRow


def to_draft(r: DraftRow) -> Draft:
    """The stored row as a Draft (what is missing is worked out again by the caller)."""
    return Draft(
        kind=r.kind,
        variant=r.variant,
        lang=r.lang,
        subject=r.subject,
        body=r.body,
        to_name=r.to_name,
        to_addr=r.to_addr,
        in_reply_to=r.in_reply_to,
        appreciation=r.appreciation,
        detail=r.detail,
    )


def get(s: Session, draft_id: int) -> DraftRow:
    """One stored draft, or a clear error."""
    row = s.get(DraftRow, draft_id)
    if row is None:
        raise NotFound(f"No draft #{draft_id}.")
    return row


def unsent(s: Session, app_id: int, kind: str) -> DraftRow | None:
    """The latest unsent draft of a kind for an application."""
    q = (
        select(DraftRow)
        .where(DraftRow.application_id == app_id, DraftRow.kind == kind)
        .where(DraftRow.sent_at.is_(None))
        .order_by(DraftRow.updated_at.desc(), DraftRow.id.desc())
    )
    return s.scalars(q).first()


def save(s: Session, app_id: int, draft: Draft, now: datetime, *, edited: bool = False) -> DraftRow:
    """Store a draft, replacing the unsent one of the same kind (its hold is kept)."""
    row = unsent(s, app_id, draft.kind)
    if row is None:
        row = DraftRow(application_id=app_id, kind=draft.kind, created_at=now, edited=False)
        s.add(row)
    row.variant = draft.variant
    row.lang = draft.lang
    row.to_name = draft.to_name
    row.to_addr = draft.to_addr
    row.subject = draft.subject
    row.body = draft.body
    row.appreciation = draft.appreciation
    row.detail = draft.detail
    row.in_reply_to = draft.in_reply_to
    row.edited = edited
    row.updated_at = now
    s.flush()
    return row


def update(s: Session, draft_id: int, now: datetime, **fields: Any) -> DraftRow:
    """Change fields of a stored draft."""
    row = get(s, draft_id)
    for k, v in fields.items():
        setattr(row, k, v)
    row.updated_at = now
    s.flush()
    return row


def of_application(s: Session, app_id: int) -> list[DraftRow]:
    """Every draft of an application, newest first."""
    q = (
        select(DraftRow)
        .where(DraftRow.application_id == app_id)
        .order_by(DraftRow.updated_at.desc(), DraftRow.id.desc())
    )
    return list(s.scalars(q))

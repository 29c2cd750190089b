"""Removing and moving rows: deleting an application or a contact, merging two applications.

Every change here is recorded by the operation log like any other, so each can be undone
or restored from the trash exactly.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from doorajar.store.tables import (
    ActionRow,
    ApplicationContactRow,
    ApplicationRow,
    ContactRow,
    FeedbackRow,
    NoteRow,
    RejectionRow,
    StageChangeRow,
    TouchRow,
)
from doorajar.store.tables_drafts import DraftRow
from doorajar.store.tables_mail import MailMessageRow
from doorajar.store.tables_schedule import DoorRow

# rows that belong to one application and follow it when two are merged
_MOVED = (StageChangeRow, RejectionRow, FeedbackRow, TouchRow, NoteRow, DraftRow, MailMessageRow)


def delete_application(s: Session, app_id: int) -> None:
    """Remove an application with everything filed under it, its messages included."""
    s.flush()
    s.execute(delete(MailMessageRow).where(MailMessageRow.application_id == app_id))
    s.execute(delete(ApplicationRow).where(ApplicationRow.id == app_id))
    s.expire_all()


def delete_contact(s: Session, contact_id: int) -> None:
    """Remove a contact with its touches; rejections and actions naming it lose the name."""
    s.flush()
    s.execute(delete(ContactRow).where(ContactRow.id == contact_id))
    s.expire_all()


def merge_into(s: Session, keep: int, gone: int) -> None:
    """Move every row of application `gone` onto `keep`; `gone` is then removed, and its
    planned actions with it (the caller plans `keep` again)."""
    s.flush()
    for row in _MOVED:
        s.execute(update(row).where(row.application_id == gone).values(application_id=keep))
    linked = set(
        s.scalars(
            select(ApplicationContactRow.contact_id).where(
                ApplicationContactRow.application_id == keep
            )
        )
    )
    for contact_id in s.scalars(
        select(ApplicationContactRow.contact_id).where(ApplicationContactRow.application_id == gone)
    ).all():
        if contact_id not in linked:
            s.add(ApplicationContactRow(application_id=keep, contact_id=contact_id))
    s.flush()
    if s.get(DoorRow, keep) is None and s.get(DoorRow, gone) is not None:
        door = s.get(DoorRow, gone)
        assert door is not None
        values = {c.name: getattr(door, c.name) for c in DoorRow.__table__.columns}
        s.delete(door)
        s.flush()
        s.add(DoorRow(**{**values, "application_id": keep}))
        s.flush()
    s.execute(delete(ActionRow).where(ActionRow.application_id == gone))
    s.execute(delete(ApplicationRow).where(ApplicationRow.id == gone))
    s.expire_all()


def drop_stages_above(s: Session, app_id: int, stages: tuple[str, ...]) -> None:
    """Forget that an application reached these stages (a stage moved back)."""
    s.flush()
    s.execute(
        delete(StageChangeRow).where(
            StageChangeRow.application_id == app_id, StageChangeRow.stage.in_(stages)
        )
    )
    s.expire_all()


def drop_rejection_touch(s: Session, app_id: int, message_id: str | None, at: datetime) -> None:
    """Remove the incoming touch a rejection recorded (it was not a rejection after all)."""
    s.flush()
    q = delete(TouchRow).where(TouchRow.application_id == app_id, TouchRow.direction == "in")
    if message_id:
        q = q.where(TouchRow.message_id == message_id)
    else:
        q = q.where(TouchRow.subject == "Rejection", TouchRow.at == at)
    s.execute(q)
    s.expire_all()


def set_applied_stage_date(s: Session, app_id: int, at: datetime) -> None:
    """Move the "applied" entry of an application's stage history to a new date."""
    s.flush()
    s.execute(
        update(StageChangeRow)
        .where(StageChangeRow.application_id == app_id, StageChangeRow.stage == "applied")
        .values(at=at)
    )
    s.expire_all()


def set_rejection_stage(s: Session, rejection_id: int, stage: str) -> None:
    """Record a rejection as coming at another stage (the stage was moved back)."""
    s.flush()
    s.execute(update(RejectionRow).where(RejectionRow.id == rejection_id).values(stage=stage))
    s.expire_all()


def dedupe_stage_changes(s: Session, app_id: int) -> None:
    """Keep the earliest entry of each stage in an application's history (after a merge)."""
    s.flush()
    seen: set[str] = set()
    rows = s.scalars(
        select(StageChangeRow)
        .where(StageChangeRow.application_id == app_id)
        .order_by(StageChangeRow.at, StageChangeRow.id)
    ).all()
    for row in rows:
        if row.stage in seen:
            s.delete(row)
        seen.add(row.stage)
    s.flush()

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


def drop_message_rows(s: Session, app_id: int, message_id: str) -> set[int]:
    """Remove what one message filed on an application: its touches and its rejection, with
    the feedback that came with that rejection. Returns the contacts those rows named."""
    s.flush()
    people: set[int] = set()
    touches = s.scalars(
        select(TouchRow).where(TouchRow.application_id == app_id, TouchRow.message_id == message_id)
    ).all()
    rejections = s.scalars(
        select(RejectionRow).where(
            RejectionRow.application_id == app_id, RejectionRow.message_id == message_id
        )
    ).all()
    people.update(t.contact_id for t in touches if t.contact_id is not None)
    people.update(r.contact_id for r in rejections if r.contact_id is not None)
    for rej in rejections:
        s.execute(delete(FeedbackRow).where(FeedbackRow.rejection_id == rej.id))
    for row in (*touches, *rejections):
        s.delete(row)
    s.flush()
    s.expire_all()
    return people


def drop_feedback(s: Session, app_id: int, text: str, at: datetime) -> None:
    """Remove feedback a message brought (the same text, received at the same moment)."""
    s.flush()
    s.execute(
        delete(FeedbackRow).where(
            FeedbackRow.application_id == app_id,
            FeedbackRow.text == text.strip(),
            FeedbackRow.received_at == at,
        )
    )
    s.expire_all()


def drop_stages_at(s: Session, app_id: int, at: datetime) -> int:
    """Forget the stages an application was moved to at one moment (by one message); the
    "applied" entry stays. Returns how many went."""
    s.flush()
    rows = s.scalars(
        select(StageChangeRow).where(
            StageChangeRow.application_id == app_id,
            StageChangeRow.at == at,
            StageChangeRow.stage != "applied",
        )
    ).all()
    for row in rows:
        s.delete(row)
    s.flush()
    s.expire_all()
    return len(rows)


def holds_more_than_its_start(s: Session, app_id: int, *, but: int) -> bool:
    """True when anything beyond its own "applied" entry and the message `but` is filed
    under an application."""
    s.flush()
    for row in (RejectionRow, FeedbackRow, TouchRow, NoteRow, DraftRow):
        if s.scalar(select(row.id).where(row.application_id == app_id).limit(1)) is not None:
            return True
    others = select(MailMessageRow.id).where(
        MailMessageRow.application_id == app_id, MailMessageRow.id != but
    )
    if s.scalar(others.limit(1)) is not None:
        return True
    later = select(StageChangeRow.id).where(
        StageChangeRow.application_id == app_id, StageChangeRow.stage != "applied"
    )
    return s.scalar(later.limit(1)) is not None


def contact_is_unused(s: Session, contact_id: int, app_id: int | None) -> bool:
    """True when nothing names a contact but its link to `app_id`: no touch, rejection, note
    or other application."""
    s.flush()
    for row, col in (
        (TouchRow, TouchRow.contact_id),
        (RejectionRow, RejectionRow.contact_id),
        (NoteRow, NoteRow.contact_id),
    ):
        if s.scalar(select(row.id).where(col == contact_id).limit(1)) is not None:
            return False
    links = s.scalars(
        select(ApplicationContactRow.application_id).where(
            ApplicationContactRow.contact_id == contact_id
        )
    ).all()
    return all(a == app_id for a in links)


def reopen_answered(s: Session, app_id: int, kind: str, since: datetime) -> int:
    """Open again the actions of one kind that the plan closed itself ("marked done for
    you") at or after `since`: what answered them is gone. Returns how many."""
    s.flush()
    rows = s.scalars(
        select(ActionRow).where(
            ActionRow.application_id == app_id,
            ActionRow.kind == kind,
            ActionRow.status == "done",
            ActionRow.note.like("marked done for you%"),
            ActionRow.done_at >= since,
        )
    ).all()
    for row in rows:
        row.status, row.done_at, row.note = "pending", None, None
    s.flush()
    s.expire_all()
    return len(rows)

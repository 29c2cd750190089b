"""Repository functions: the only code that reads and writes the core tables.

Each takes an open `Session` (one transaction, opened by the service) and speaks
in the model's frozen dataclasses, never in rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from doorajar.errors import InvalidInput, NotFound
from doorajar.model import (
    Action,
    ActionKind,
    ActionStatus,
    Answers,
    Application,
    Channel,
    Contact,
    ContactRole,
    Direction,
    Feedback,
    Note,
    NoteKind,
    Outcome,
    PlannedAction,
    Rejection,
    RejectionKind,
    Stage,
    StageChange,
    Touch,
)
from doorajar.settings import Settings, from_mapping
from doorajar.store.tables import (
    ActionRow,
    ApplicationContactRow,
    ApplicationRow,
    ContactRow,
    FeedbackRow,
    NoteRow,
    RejectionRow,
    SettingRow,
    StageChangeRow,
    TouchRow,
)
from doorajar.store.tables_schedule import DoorRow

# --- conversion -------------------------------------------------------------------------


def to_application(r: ApplicationRow) -> Application:
    """Row to model."""
    return Application(
        id=r.id,
        company=r.company,
        role=r.role,
        applied_at=r.applied_at,
        stage=Stage(r.stage),
        outcome=Outcome(r.outcome),
        url=r.url,
        source=r.source,
        careers_url=r.careers_url,
        language=r.language,
        created_at=r.created_at,
        updated_at=r.updated_at,
    )


def to_rejection(r: RejectionRow) -> Rejection:
    """Row to model."""
    return Rejection(
        id=r.id,
        application_id=r.application_id,
        kind=RejectionKind(r.kind),
        stage=Stage(r.stage),
        received_at=r.received_at,
        reason=r.reason,
        contact_id=r.contact_id,
        message_id=r.message_id,
        triage_reasons=tuple(r.triage_reasons or ()),
    )


def to_contact(r: ContactRow) -> Contact:
    """Row to model."""
    return Contact(
        id=r.id,
        name=r.name,
        email=r.email,
        company=r.company,
        role=ContactRole(r.role),
        linkedin_url=r.linkedin_url,
        connected=r.connected,
        how_met=r.how_met,
        created_at=r.created_at,
        keep_in_touch=r.keep_in_touch,
    )


def to_action(r: ActionRow) -> Action:
    """Row to model."""
    return Action(
        id=r.id,
        key=r.key,
        kind=ActionKind(r.kind),
        due=r.due,
        status=ActionStatus(r.status),
        reason=r.reason,
        application_id=r.application_id,
        contact_id=r.contact_id,
        goal_id=r.goal_id,
        snoozed_until=r.snoozed_until,
        done_at=r.done_at,
        note=r.note,
    )


def to_touch(r: TouchRow) -> Touch:
    """Row to model."""
    return Touch(
        id=r.id,
        direction=Direction(r.direction),
        channel=Channel(r.channel),
        at=r.at,
        application_id=r.application_id,
        contact_id=r.contact_id,
        subject=r.subject,
        summary=r.summary,
        action_kind=ActionKind(r.action_kind) if r.action_kind else None,
        message_id=r.message_id,
    )


def to_feedback(r: FeedbackRow) -> Feedback:
    """Row to model."""
    return Feedback(
        id=r.id,
        application_id=r.application_id,
        text=r.text,
        received_at=r.received_at,
        rejection_id=r.rejection_id,
        source=r.source,
    )


def to_note(r: NoteRow) -> Note:
    """Row to model."""
    return Note(
        id=r.id,
        body=r.body,
        created_at=r.created_at,
        kind=NoteKind(r.kind),
        application_id=r.application_id,
        contact_id=r.contact_id,
        mood=r.mood,
    )


# --- applications -----------------------------------------------------------------------


# The lengths of the columns that text from mail lands in (applications, contacts).
COMPANY_LENGTH = 200
ROLE_LENGTH = 300
NAME_LENGTH = 200


def fits(what: str, value: str | None, limit: int) -> None:
    """Refuse text longer than its column holds (PostgreSQL would fail mid-transaction)."""
    if value is not None and len(value) > limit:
        raise InvalidInput(f"The {what} is too long: {len(value)} characters, at most {limit}.")


def _set_fields(row: Any, fields: dict[str, Any]) -> None:
    """Set a row's fields, each text checked against its column's length first."""
    columns = row.__table__.c
    for name, value in fields.items():
        stored = value.value if hasattr(value, "value") else value
        limit = getattr(columns[name].type, "length", None) if name in columns else None
        if isinstance(stored, str) and limit:
            fits(name.replace("_", " "), stored, limit)
        setattr(row, name, stored)


def add_application(
    s: Session,
    *,
    company: str,
    role: str,
    applied_at: datetime,
    now: datetime,
    url: str | None = None,
    source: str | None = None,
    careers_url: str | None = None,
    language: str | None = None,
    stage: Stage = Stage.APPLIED,
    outcome: Outcome = Outcome.ACTIVE,
) -> Application:
    """Store a new application and its first stage."""
    fits("company", company, COMPANY_LENGTH)
    fits("role", role, ROLE_LENGTH)
    fits("source", source, 100)
    row = ApplicationRow(
        company=company,
        role=role,
        url=url,
        source=source,
        careers_url=careers_url,
        language=language,
        applied_at=applied_at,
        stage=stage.value,
        outcome=outcome.value,
        created_at=now,
        updated_at=now,
    )
    s.add(row)
    s.flush()
    s.add(StageChangeRow(application_id=row.id, stage=Stage.APPLIED.value, at=applied_at))
    return to_application(row)


# Ids are 64-bit in every database; a larger number names nothing.
_MAX_ID = 2**63 - 1


def _app_row(s: Session, app_id: int) -> ApplicationRow:
    row = s.get(ApplicationRow, app_id) if 0 < app_id <= _MAX_ID else None
    if row is None:
        raise NotFound(f"No application #{app_id}; `ajar list` shows them with their numbers.")
    return row


def get_application(s: Session, app_id: int) -> Application:
    """One application by id."""
    return to_application(_app_row(s, app_id))


def applications(
    s: Session,
    *,
    stage: Stage | None = None,
    outcome: Outcome | None = None,
    search: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[Application]:
    """Applications, newest first, optionally filtered."""
    q = filter_applications(select(ApplicationRow), stage=stage, outcome=outcome, search=search)
    q = q.order_by(ApplicationRow.applied_at.desc(), ApplicationRow.id.desc()).offset(offset)
    if limit is not None:
        q = q.limit(limit)
    return [to_application(r) for r in s.scalars(q)]


def filter_applications(
    q: Select[Any],
    *,
    stage: Stage | None = None,
    outcome: Outcome | None = None,
    search: str | None = None,
    source: str | None = None,
) -> Select[Any]:
    """Narrow a query on applications by stage, outcome, source and text in company or role."""
    if stage is not None:
        q = q.where(ApplicationRow.stage == stage.value)
    if outcome is not None:
        q = q.where(ApplicationRow.outcome == outcome.value)
    if source:
        q = q.where(ApplicationRow.source == source)
    if search:
        like = f"%{search.strip().lower()}%"
        q = q.where(
            or_(
                func.lower(ApplicationRow.company).like(like),
                func.lower(ApplicationRow.role).like(like),
            )
        )
    return q


def count_applications(s: Session) -> int:
    """How many applications are stored."""
    return int(s.scalar(select(func.count()).select_from(ApplicationRow)) or 0)


def applied_since(s: Session, at: datetime, *, exclude: int) -> bool:
    """True when another application was sent at or after a moment."""
    q = (
        select(ApplicationRow.id)
        .where(ApplicationRow.applied_at >= at, ApplicationRow.id != exclude)
        .limit(1)
    )
    return s.scalar(q) is not None


def update_application(s: Session, app_id: int, now: datetime, **fields: Any) -> Application:
    """Change stored fields of an application (enums are stored by value)."""
    row = _app_row(s, app_id)
    _set_fields(row, fields)
    row.updated_at = now
    s.flush()
    return to_application(row)


def add_stage_change(s: Session, app_id: int, stage: Stage, at: datetime) -> None:
    """Record that the application reached a stage."""
    s.add(StageChangeRow(application_id=app_id, stage=stage.value, at=at))


def stage_changes(s: Session, app_id: int) -> list[StageChange]:
    """An application's stage history, oldest first."""
    q = (
        select(StageChangeRow)
        .where(StageChangeRow.application_id == app_id)
        .order_by(StageChangeRow.at, StageChangeRow.id)
    )
    return [StageChange(r.id, r.application_id, Stage(r.stage), r.at) for r in s.scalars(q)]


# --- rejections and feedback ------------------------------------------------------------


def add_rejection(
    s: Session,
    *,
    application_id: int,
    kind: RejectionKind,
    stage: Stage,
    received_at: datetime,
    reason: str | None = None,
    contact_id: int | None = None,
    message_id: str | None = None,
    triage_reasons: Sequence[str] = (),
) -> Rejection:
    """Store a rejection."""
    row = RejectionRow(
        application_id=application_id,
        kind=kind.value,
        stage=stage.value,
        received_at=received_at,
        reason=reason,
        contact_id=contact_id,
        message_id=message_id,
        triage_reasons=list(triage_reasons),
    )
    s.add(row)
    s.flush()
    return to_rejection(row)


def rejections(s: Session, app_id: int | None = None) -> list[Rejection]:
    """Rejections, oldest first; of one application if given."""
    q = select(RejectionRow).order_by(RejectionRow.received_at, RejectionRow.id)
    if app_id is not None:
        q = q.where(RejectionRow.application_id == app_id)
    return [to_rejection(r) for r in s.scalars(q)]


def delete_rejection(s: Session, rejection_id: int) -> None:
    """Remove a rejection (feedback filed under it stays, unlinked)."""
    for fb in s.scalars(select(FeedbackRow).where(FeedbackRow.rejection_id == rejection_id)):
        fb.rejection_id = None
    row = s.get(RejectionRow, rejection_id)
    if row is not None:
        s.delete(row)
    s.flush()


def add_feedback(
    s: Session,
    *,
    application_id: int,
    text: str,
    received_at: datetime,
    rejection_id: int | None = None,
    source: str = "manual",
) -> Feedback:
    """Store a piece of feedback."""
    row = FeedbackRow(
        application_id=application_id,
        text=text,
        received_at=received_at,
        rejection_id=rejection_id,
        source=source,
    )
    s.add(row)
    s.flush()
    return to_feedback(row)


def feedback(s: Session, app_id: int | None = None) -> list[Feedback]:
    """Feedback, oldest first; of one application if given."""
    q = select(FeedbackRow).order_by(FeedbackRow.received_at, FeedbackRow.id)
    if app_id is not None:
        q = q.where(FeedbackRow.application_id == app_id)
    return [to_feedback(r) for r in s.scalars(q)]


# --- contacts ---------------------------------------------------------------------------


def add_contact(
    s: Session,
    *,
    name: str,
    now: datetime,
    email: str | None = None,
    company: str | None = None,
    role: ContactRole = ContactRole.OTHER,
    linkedin_url: str | None = None,
    connected: bool = False,
    how_met: str | None = None,
) -> Contact:
    """Store a contact."""
    fits("name", name, NAME_LENGTH)
    fits("company", company, COMPANY_LENGTH)
    fits("email address", email, 320)
    row = ContactRow(
        name=name,
        email=email,
        company=company,
        role=role.value,
        linkedin_url=linkedin_url,
        connected=connected,
        how_met=how_met,
        created_at=now,
    )
    s.add(row)
    s.flush()
    return to_contact(row)


def update_contact(s: Session, contact_id: int, **fields: Any) -> Contact:
    """Change stored fields of a contact."""
    row = s.get(ContactRow, contact_id)
    if row is None:
        raise NotFound(f"No contact #{contact_id}; `ajar contacts` lists them with their numbers.")
    _set_fields(row, fields)
    s.flush()
    return to_contact(row)


def contacts(s: Session, *, company: str | None = None) -> list[Contact]:
    """Contacts by name; of one company (case-insensitive) if given."""
    q = select(ContactRow).order_by(ContactRow.name, ContactRow.id)
    if company is not None:
        q = q.where(func.lower(ContactRow.company) == company.lower())
    return [to_contact(r) for r in s.scalars(q)]


def get_contact(s: Session, contact_id: int) -> Contact | None:
    """One contact by id, or None."""
    row = s.get(ContactRow, contact_id) if 0 < contact_id <= _MAX_ID else None
    return to_contact(row) if row else None


def link_contact(s: Session, app_id: int, contact_id: int) -> None:
    """Tie a contact to an application (idempotent)."""
    if s.get(ApplicationContactRow, (app_id, contact_id)) is None:
        s.add(ApplicationContactRow(application_id=app_id, contact_id=contact_id))
        s.flush()


def application_contacts(s: Session, app_id: int) -> list[Contact]:
    """The contacts tied to an application."""
    q = (
        select(ContactRow)
        .join(ApplicationContactRow, ApplicationContactRow.contact_id == ContactRow.id)
        .where(ApplicationContactRow.application_id == app_id)
        .order_by(ContactRow.id)
    )
    return [to_contact(r) for r in s.scalars(q)]


def contact_applications(s: Session, contact_id: int) -> list[Application]:
    """The applications a contact is tied to."""
    q = (
        select(ApplicationRow)
        .join(ApplicationContactRow, ApplicationContactRow.application_id == ApplicationRow.id)
        .where(ApplicationContactRow.contact_id == contact_id)
        .order_by(ApplicationRow.id)
    )
    return [to_application(r) for r in s.scalars(q)]


# --- touches ----------------------------------------------------------------------------


def add_touch(
    s: Session,
    *,
    direction: Direction,
    at: datetime,
    channel: Channel = Channel.EMAIL,
    application_id: int | None = None,
    contact_id: int | None = None,
    subject: str | None = None,
    summary: str | None = None,
    action_kind: ActionKind | None = None,
    message_id: str | None = None,
) -> Touch:
    """Store a message that came in or went out."""
    row = TouchRow(
        direction=direction.value,
        channel=channel.value,
        at=at,
        application_id=application_id,
        contact_id=contact_id,
        subject=subject,
        summary=summary,
        action_kind=action_kind.value if action_kind else None,
        message_id=message_id,
    )
    s.add(row)
    s.flush()
    return to_touch(row)


def touches(s: Session, *, app_id: int | None = None, contact_id: int | None = None) -> list[Touch]:
    """Touches, oldest first, of an application and/or a contact."""
    q = select(TouchRow).order_by(TouchRow.at, TouchRow.id)
    if app_id is not None:
        q = q.where(TouchRow.application_id == app_id)
    if contact_id is not None:
        q = q.where(TouchRow.contact_id == contact_id)
    return [to_touch(r) for r in s.scalars(q)]


def last_inbound(s: Session, app_id: int) -> datetime | None:
    """When the company last wrote about this application."""
    q = select(func.max(TouchRow.at)).where(
        TouchRow.application_id == app_id, TouchRow.direction == Direction.IN.value
    )
    return s.scalar(q)


# --- actions ----------------------------------------------------------------------------


def actions(
    s: Session,
    *,
    app_id: int | None = None,
    contact_id: int | None = None,
    open_only: bool = False,
    statuses: Iterable[ActionStatus] | None = None,
) -> list[Action]:
    """Actions ordered by due date."""
    q = select(ActionRow).order_by(ActionRow.due, ActionRow.id)
    if app_id is not None:
        q = q.where(ActionRow.application_id == app_id)
    if contact_id is not None:
        q = q.where(ActionRow.contact_id == contact_id)
    if open_only:
        statuses = (ActionStatus.PENDING, ActionStatus.SNOOZED)
    if statuses is not None:
        q = q.where(ActionRow.status.in_([st.value for st in statuses]))
    return [to_action(r) for r in s.scalars(q)]


def action_keys(s: Session, app_id: int) -> set[str]:
    """The keys of every action stored for an application, whatever their status."""
    return set(s.scalars(select(ActionRow.key).where(ActionRow.application_id == app_id)))


def get_action(s: Session, action_id: int) -> Action:
    """One action by id."""
    row = s.get(ActionRow, action_id) if 0 < action_id <= _MAX_ID else None
    if row is None:
        raise NotFound(f"No action #{action_id}; `ajar today` lists them with their numbers.")
    return to_action(row)


def set_action(s: Session, action_id: int, **fields: Any) -> Action:
    """Change an action's status, snooze, note or due date."""
    row = s.get(ActionRow, action_id)
    if row is None:
        raise NotFound(f"No action #{action_id}.")
    for name, value in fields.items():
        setattr(row, name, value.value if isinstance(value, ActionStatus) else value)
    s.flush()
    return to_action(row)


def upsert_action(
    s: Session,
    *,
    key: str,
    kind: ActionKind,
    due: datetime,
    reason: str,
    now: datetime,
    application_id: int | None = None,
    contact_id: int | None = None,
    goal_id: int | None = None,
    status: ActionStatus = ActionStatus.PENDING,
) -> Action:
    """Create an action, or refresh an open one with the same key. Closed ones keep their status."""
    row = s.scalar(select(ActionRow).where(ActionRow.key == key))
    if row is None:
        row = ActionRow(
            key=key,
            kind=kind.value,
            due=due,
            reason=reason,
            status=status.value,
            application_id=application_id,
            contact_id=contact_id,
            goal_id=goal_id,
            created_at=now,
            done_at=now if status is ActionStatus.DONE else None,
            note=_plan_note(status, reason)
            if status in (ActionStatus.SKIPPED, ActionStatus.MISSED)
            else None,
        )
        s.add(row)
    elif row.status in (ActionStatus.PENDING.value, ActionStatus.SNOOZED.value):
        row.due, row.reason = due, reason
        if contact_id is not None:
            row.contact_id = contact_id
        if status is not ActionStatus.PENDING:
            row.status = status.value
            row.done_at = now if status is ActionStatus.DONE else None
            row.note = _plan_note(status, reason)
    s.flush()
    return to_action(row)


def _plan_note(status: ActionStatus, reason: str) -> str | None:
    """Why the plan itself closed an action."""
    if status is ActionStatus.DONE:
        return "marked done for you: what it asked for has happened"
    if status is ActionStatus.SKIPPED:
        return f"skipped by the plan: {reason}"
    if status is ActionStatus.MISSED:
        return "left out: it was already old news when it was recorded"
    return None


def reconcile_plan(
    s: Session, app_id: int, planned: Sequence[PlannedAction], now: datetime
) -> list[Action]:
    """Make an application's stored actions match a fresh plan, keeping history.

    New actions are added, open ones updated; open actions the plan no longer calls
    for are skipped with a note. Done, skipped and missed actions are never touched.
    """
    keys = set()
    for p in planned:
        key = p.key(app_id)
        keys.add(key)
        upsert_action(
            s,
            key=key,
            kind=p.kind,
            due=p.due,
            reason=p.reason,
            now=now,
            application_id=app_id,
            contact_id=p.contact_id,
            status=p.status,
        )
    q = select(ActionRow).where(
        ActionRow.application_id == app_id,
        ActionRow.goal_id.is_(None),
        ActionRow.key.like(f"app-{app_id}-%"),
        ActionRow.status.in_([ActionStatus.PENDING.value, ActionStatus.SNOOZED.value]),
    )
    for row in s.scalars(q):
        if row.key not in keys:
            row.status = ActionStatus.SKIPPED.value
            row.note = "no longer needed: the plan changed"
    s.flush()
    return actions(s, app_id=app_id)


def done_times(s: Session, app_id: int) -> dict[ActionKind, datetime]:
    """When each kind of action for an application was first done."""
    out: dict[ActionKind, datetime] = {}
    q = select(ActionRow).where(
        ActionRow.application_id == app_id, ActionRow.status == ActionStatus.DONE.value
    )
    for row in s.scalars(q):
        kind = ActionKind(row.kind)
        at = row.done_at or row.due
        if kind not in out or at < out[kind]:
            out[kind] = at
    return out


# --- notes ------------------------------------------------------------------------------


def add_note(
    s: Session,
    *,
    body: str,
    now: datetime,
    kind: NoteKind = NoteKind.NOTE,
    application_id: int | None = None,
    contact_id: int | None = None,
    mood: int | None = None,
) -> Note:
    """Store a note, journal entry or held message."""
    row = NoteRow(
        kind=kind.value,
        body=body,
        mood=mood,
        application_id=application_id,
        contact_id=contact_id,
        created_at=now,
    )
    s.add(row)
    s.flush()
    return to_note(row)


def notes(s: Session, *, app_id: int | None = None, kind: NoteKind | None = None) -> list[Note]:
    """Notes, oldest first."""
    q = select(NoteRow).order_by(NoteRow.created_at, NoteRow.id)
    if app_id is not None:
        q = q.where(NoteRow.application_id == app_id)
    if kind is not None:
        q = q.where(NoteRow.kind == kind.value)
    return [to_note(r) for r in s.scalars(q)]


# --- settings ---------------------------------------------------------------------------


def load_settings(s: Session) -> Settings:
    """The user's settings: stored values over the defaults."""
    return from_mapping({r.key: r.value for r in s.scalars(select(SettingRow))})


def stored_settings(s: Session) -> dict[str, Any]:
    """Only the values the user has changed."""
    return {r.key: r.value for r in s.scalars(select(SettingRow))}


def set_setting(s: Session, key: str, value: Any) -> None:
    """Store one setting's value."""
    # by statement: the key is (owner, key) and the owner comes from the database
    changed = s.execute(update(SettingRow).where(SettingRow.key == key).values(value=value))
    if not changed.rowcount:  # type: ignore[attr-defined]
        s.execute(insert(SettingRow).values(key=key, value=value))
    s.flush()


def reset_setting(s: Session, key: str) -> None:
    """Forget a setting's value, so its default applies again."""
    s.execute(delete(SettingRow).where(SettingRow.key == key))


# --- doors ---------------------------------------------------------------------------------


def door(s: Session, app_id: int) -> tuple[Answers | None, str | None]:
    """The stored answers to the four questions and the override, if any."""
    row = s.get(DoorRow, app_id)
    if row is None:
        return None, None
    return Answers(row.clear, row.fair, row.interest, row.learn), row.override


def set_door(
    s: Session,
    app_id: int,
    now: datetime,
    *,
    answers: Answers | None = None,
    override: str | None = None,
    clear_override: bool = False,
) -> None:
    """Remember answers and/or an override (or clear the override) for an application."""
    row = s.get(DoorRow, app_id)
    if row is None:
        row = DoorRow(application_id=app_id, updated_at=now)
        s.add(row)
    if answers is not None:
        row.clear, row.fair, row.interest, row.learn = answers.as_tuple()
    if clear_override:
        row.override = None
    elif override is not None:
        row.override = override
    row.updated_at = now
    s.flush()


def contacts_by(s: Session, *, email: str | None = None, name: str | None = None) -> list[Contact]:
    """Contacts with exactly this address, or else exactly this name."""
    q = select(ContactRow).order_by(ContactRow.id)
    if email is not None:
        q = q.where(ContactRow.email == email)
    if name is not None:
        q = q.where(ContactRow.name == name)
    return [to_contact(r) for r in s.scalars(q)]

"""Set-based reads for the views over the whole search: the revisit list and patterns.

Each function is one query over a table (or a join), selecting only the columns the
view needs, so a search with thousands of applications costs a handful of queries
rather than several per application.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import case, event, func, select, true
from sqlalchemy.orm import ORMExecuteState, Session

from doorajar.model import (
    ActionKind,
    ActionStatus,
    Answers,
    Application,
    Channel,
    Direction,
    FeedbackItem,
    Outcome,
    Rejection,
    RejectionKind,
    SearchData,
    Stage,
    StageChange,
    Touch,
)
from doorajar.store.repo import to_application, to_rejection
from doorajar.store.tables import (
    ActionRow,
    ApplicationContactRow,
    ApplicationRow,
    ContactRow,
    FeedbackRow,
    RejectionRow,
    StageChangeRow,
    TouchRow,
)
from doorajar.store.tables_journal import ChangeRow, OperationRow
from doorajar.store.tables_schedule import DoorRow

_INTERVIEWED = [st.value for st in Stage if st.interviewed]


@dataclass(frozen=True)
class RevisitCandidate:
    """A rejected application's last interview-stage rejection that was not silence, with
    the door answers (None when never asked) and override."""

    application_id: int
    company: str
    role: str
    careers_url: str | None
    kind: RejectionKind
    stage: Stage
    received_at: datetime
    answers: Answers | None
    override: str | None


def revisit_candidates(s: Session, ids: Collection[int] | None = None) -> list[RevisitCandidate]:
    """Every rejected application turned down at an interview stage (not by silence),
    by its latest such rejection, in the order of the applications list (newest first);
    of the applications `ids` only, when given."""
    latest: dict[int, tuple[RevisitCandidate, datetime]] = {}
    for part in _parts(ids):
        _candidates(s, part, latest)
    ordered = sorted(latest.values(), key=lambda ca: (ca[1], ca[0].application_id), reverse=True)
    return [c for c, _ in ordered]


def _candidates(
    s: Session, part: list[int] | None, latest: dict[int, tuple[RevisitCandidate, datetime]]
) -> None:
    q = (
        select(
            RejectionRow.application_id,
            ApplicationRow.company,
            ApplicationRow.role,
            ApplicationRow.careers_url,
            RejectionRow.kind,
            RejectionRow.stage,
            RejectionRow.received_at,
            DoorRow.application_id,
            DoorRow.clear,
            DoorRow.fair,
            DoorRow.interest,
            DoorRow.learn,
            DoorRow.override,
            ApplicationRow.applied_at,
        )
        .join(ApplicationRow, ApplicationRow.id == RejectionRow.application_id)
        .outerjoin(DoorRow, DoorRow.application_id == RejectionRow.application_id)
        .where(
            ApplicationRow.outcome == Outcome.REJECTED.value,
            RejectionRow.stage.in_(_INTERVIEWED),
            RejectionRow.kind != RejectionKind.SILENT.value,
        )
        .order_by(RejectionRow.received_at, RejectionRow.id)
    )
    if part is not None:
        q = q.where(RejectionRow.application_id.in_(part))
    for (
        app_id,
        company,
        role,
        careers,
        kind,
        stage,
        at,
        door,
        *answers,
        override,
        applied,
    ) in s.execute(q):
        latest[app_id] = (
            RevisitCandidate(
                application_id=app_id,
                company=company,
                role=role,
                careers_url=careers,
                kind=RejectionKind(kind),
                stage=Stage(stage),
                received_at=at,
                answers=Answers(*answers) if door is not None else None,
                override=override if door is not None else None,
            ),
            applied,
        )


@dataclass(frozen=True)
class StoredRevisit:
    """A planned revisit action: its key, when it is due (snoozes counted) and status."""

    id: int
    key: str
    due: datetime
    status: ActionStatus


def revisit_actions(
    s: Session, ids: Collection[int] | None = None
) -> dict[int | None, list[StoredRevisit]]:
    """The revisit actions of every application (of `ids` only, when given), by
    application, ordered by due date."""
    out: dict[int | None, list[StoredRevisit]] = defaultdict(list)
    for part in _parts(ids):
        _revisit_actions(s, part, out)
    return out


def _revisit_actions(
    s: Session, part: list[int] | None, out: dict[int | None, list[StoredRevisit]]
) -> None:
    q = (
        select(
            ActionRow.id,
            ActionRow.application_id,
            ActionRow.key,
            ActionRow.due,
            ActionRow.status,
            ActionRow.snoozed_until,
        )
        .where(ActionRow.kind == ActionKind.REVISIT.value, ActionRow.application_id.is_not(None))
        .order_by(ActionRow.due, ActionRow.id)
    )
    if part is not None:
        q = q.where(ActionRow.application_id.in_(part))
    for action_id, app_id, key, due, status, snoozed_until in s.execute(q):
        st = ActionStatus(status)
        if st is ActionStatus.SNOOZED and snoozed_until is not None:
            due = snoozed_until
        out[app_id].append(StoredRevisit(action_id, key, due, st))


def contact_labels(s: Session, app_ids: Collection[int] | None) -> dict[int, list[tuple[str, str]]]:
    """(name, role) of the contacts tied to each application (all when `app_ids` is None)."""
    q = (
        select(ApplicationContactRow.application_id, ContactRow.name, ContactRow.role)
        .join(ContactRow, ContactRow.id == ApplicationContactRow.contact_id)
        .order_by(ApplicationContactRow.application_id, ContactRow.id)
    )
    out: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for part in _parts(app_ids):
        where = q if part is None else q.where(ApplicationContactRow.application_id.in_(part))
        for app_id, name, role in s.execute(where):
            out[app_id].append((name, role))
    return out


def feedback_texts(s: Session, app_ids: Collection[int] | None) -> dict[int, list[str]]:
    """The feedback texts of each application in the order received (all when None)."""
    q = select(FeedbackRow.application_id, FeedbackRow.text).order_by(
        FeedbackRow.received_at, FeedbackRow.id
    )
    out: dict[int, list[str]] = defaultdict(list)
    for part in _parts(app_ids):
        where = q if part is None else q.where(FeedbackRow.application_id.in_(part))
        for app_id, text in s.execute(where):
            out[app_id].append(text)
    return out


# An IN-list holds this many ids at most: far below the 65,535 bind parameters PostgreSQL
# takes in one statement.
IN_CHUNK = 500


def _parts(ids: Collection[int] | None) -> list[list[int] | None]:
    """`ids` in lists of at most IN_CHUNK (order kept), or [None] for 'all of them'."""
    if ids is None:
        return [None]
    wanted = list(ids)
    return [wanted[i : i + IN_CHUNK] for i in range(0, len(wanted), IN_CHUNK)]


# --- patterns ---------------------------------------------------------------------------

_writes = 0


def _wrote(session: Session, *_: Any) -> None:
    # objects set to the values they had are dirty but unchanged: reading pages does that
    if session.new or session.deleted or any(session.is_modified(o) for o in session.dirty):
        session.info["doorajar_wrote"] = True


def _committed(session: Session) -> None:
    global _writes
    if session.info.pop("doorajar_wrote", False):
        _writes += 1


def _bulk_write(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info["doorajar_wrote"] = True


# Every commit that changed something in this process counts (in-place edits included);
# `data_version` adds what the tables show, so other processes' changes count too.
event.listen(Session, "after_flush", _wrote)
event.listen(Session, "after_commit", _committed)
event.listen(Session, "do_orm_execute", _bulk_write)


def data_version(s: Session) -> tuple[Any, ...]:
    """A cheap fingerprint of what the patterns reading is made of, in one query: the
    commits with changes made by this process, and the row count and highest id of each
    table that feeds it (with the last edit of an application). Rows of those tables
    other than applications are only ever added, or replaced wholesale by an import."""
    cols: list[Any] = [select(func.max(ApplicationRow.updated_at)).scalar_subquery()]
    for table in (ApplicationRow, StageChangeRow, RejectionRow, TouchRow, FeedbackRow):
        cols.append(select(func.count()).select_from(table).scalar_subquery())
        cols.append(select(func.max(table.id)).scalar_subquery())
    return (_writes, *s.execute(select(*cols)).one())


_STATUS_CODE = case(
    {st.value: 1 << i for i, st in enumerate(ActionStatus)}, value=ActionRow.status, else_=0
)


def revisit_version(s: Session) -> tuple[Any, ...]:
    """A cheap fingerprint of what the revisit list is made of, in one query: this
    process's commits with changes, applications (count, highest id, last edit),
    rejections, door decisions, and the revisit actions (count, highest id, a checksum
    of their statuses and their latest dates)."""
    revisits = ActionRow.kind == ActionKind.REVISIT.value
    cols = [
        select(what).scalar_subquery()
        for what in (
            func.count(ApplicationRow.id),
            func.max(ApplicationRow.id),
            func.max(ApplicationRow.updated_at),
            func.count(RejectionRow.id),
            func.max(RejectionRow.id),
            func.count(DoorRow.application_id),
            func.max(DoorRow.updated_at),
        )
    ] + [
        select(what).where(revisits).scalar_subquery()
        for what in (
            func.count(ActionRow.id),
            func.max(ActionRow.id),
            func.sum(ActionRow.id * _STATUS_CODE),
            func.max(ActionRow.due),
            func.max(ActionRow.done_at),
            func.max(ActionRow.snoozed_until),
        )
    ]
    return (_writes, *s.execute(select(*cols)).one())


def search_data(s: Session, ids: Collection[int] | None = None) -> SearchData:
    """The records the patterns analysis reads: every application, stage change and
    rejection, and the messages that came in (the only ones it looks at); of the
    applications `ids` only, when given."""
    # plain Core rows on the session's connection convert like ORM objects, skipping the
    # ORM's result machinery: thousands of rows in a fraction of the time
    run = s.connection().execute
    a = ApplicationRow.__table__.c
    c = StageChangeRow.__table__.c
    r = RejectionRow.__table__.c
    t = TouchRow.__table__.c
    stages = {st.value: st for st in Stage}
    channels = {ch.value: ch for ch in Channel}
    apps: list[Application] = []
    changes: list[StageChange] = []
    rejections: list[Rejection] = []
    touches: list[Touch] = []
    for part in _parts(ids):
        q_apps = select(*a).order_by(a.applied_at.desc(), a.id.desc())
        q_changes = select(c.id, c.application_id, c.stage, c.at).order_by(c.at)
        q_rejections = select(*r).order_by(r.received_at, r.id)
        q_touches = (
            select(t.id, t.channel, t.at, t.application_id)
            .where(t.direction == Direction.IN.value, t.application_id.is_not(None))
            .order_by(t.at, t.id)
        )
        if part is not None:
            q_apps = q_apps.where(a.id.in_(part))
            q_changes = q_changes.where(c.application_id.in_(part))
            q_rejections = q_rejections.where(r.application_id.in_(part))
            q_touches = q_touches.where(t.application_id.in_(part))
        apps += (to_application(cast(ApplicationRow, row)) for row in run(q_apps))
        changes += (
            StageChange(i, app_id, stages[stage], at) for i, app_id, stage, at in run(q_changes)
        )
        rejections += (to_rejection(cast(RejectionRow, row)) for row in run(q_rejections))
        touches += (
            Touch(i, Direction.IN, channels[channel], at, application_id=app_id)
            for i, channel, at, app_id in run(q_touches)
        )
    return SearchData(tuple(apps), tuple(changes), tuple(rejections), tuple(touches))


# what the patterns analysis reads, by table name
_FED: dict[str, Any] = {
    "applications": ApplicationRow,
    "stage_changes": StageChangeRow,
    "rejections": RejectionRow,
    "touches": TouchRow,
}
# each table whose rows belong to an application, and the column naming it
_OF_APPLICATION: dict[str, Any] = {
    "applications": ApplicationRow.id,
    "stage_changes": StageChangeRow.application_id,
    "rejections": RejectionRow.application_id,
    "touches": TouchRow.application_id,
    "doors": DoorRow.application_id,
    "actions": ActionRow.application_id,
}
SEARCH_TABLES = tuple(_FED)
REVISIT_TABLES = ("applications", "rejections", "doors", "actions")


@dataclass(frozen=True)
class SearchMark:
    """Where the records of `search_data` stand: the change log's newest row, how many
    operations were taken back, and the count, highest id and last edit of what is read."""

    logged: int
    undone: int
    counts: tuple[Any, ...]


def search_mark(s: Session) -> SearchMark:
    """The mark of the records `search_data` reads, in one query."""
    inbound = (TouchRow.direction == Direction.IN.value) & TouchRow.application_id.is_not(None)
    cols: list[Any] = [
        select(func.coalesce(func.max(ChangeRow.id), 0)).scalar_subquery(),
        select(func.count(OperationRow.undone_at)).scalar_subquery(),
        select(func.max(ApplicationRow.updated_at)).scalar_subquery(),
    ]
    for table in _FED.values():
        where = inbound if table is TouchRow else true()
        cols.append(select(func.count(table.id)).where(where).scalar_subquery())
        cols.append(select(func.max(table.id)).where(where).scalar_subquery())
    logged, undone, *counts = s.execute(select(*cols)).one()
    return SearchMark(int(logged), int(undone), tuple(counts))


def log_mark(s: Session) -> tuple[int, int]:
    """Where the change log stands: its newest row, and how many operations were taken back."""
    newest = select(func.coalesce(func.max(ChangeRow.id), 0)).scalar_subquery()
    undone = select(func.count(OperationRow.undone_at)).scalar_subquery()
    logged, taken_back = s.execute(select(newest, undone)).one()
    return int(logged), int(taken_back)


def held_mark(data: SearchData) -> tuple[Any, ...]:
    """The `SearchMark.counts` that records held in memory must match."""
    out: list[Any] = [max((a.updated_at for a in data.applications if a.updated_at), default=None)]
    for rows in (data.applications, data.stage_changes, data.rejections, data.touches):
        out += [len(rows), max((x.id for x in rows), default=None)]
    return tuple(out)


def changed_since(s: Session, logged: int, tables: Collection[str] = SEARCH_TABLES) -> set[int]:
    """The applications whose rows in `tables` were changed by an operation after
    change-log row `logged` (taking an operation back is not logged: see `log_mark`)."""
    ids: set[int] = set()
    rows_of: dict[str, set[int]] = defaultdict(set)
    q = select(ChangeRow.tbl, ChangeRow.kind, ChangeRow.pk, ChangeRow.before).where(
        ChangeRow.id > logged, ChangeRow.tbl.in_(list(tables))
    )
    for tbl, kind, pk, before in s.execute(q):
        column = _OF_APPLICATION[tbl]
        keys = json.loads(pk)
        if column.key in keys:  # the row's key names the application
            ids.add(int(keys[column.key]))
            continue
        if kind != "D":
            rows_of[tbl].add(int(keys["id"]))
        old = json.loads(before).get(column.key) if before else None
        if old is not None:  # a row deleted, or moved to another application
            ids.add(int(old))
    for tbl, wanted in rows_of.items():
        column = _OF_APPLICATION[tbl]
        for part in _parts(wanted):
            q_ids = select(column).where(column.class_.id.in_(part))
            ids.update(int(i) for i in s.scalars(q_ids) if i is not None)
    return ids


def feedback_items(s: Session) -> list[FeedbackItem]:
    """Every piece of feedback, then every stated rejection reason, with the company."""
    items = [
        FeedbackItem(i, app_id, company, text, source)
        for i, app_id, company, text, source in s.execute(
            select(
                FeedbackRow.id,
                FeedbackRow.application_id,
                ApplicationRow.company,
                FeedbackRow.text,
                FeedbackRow.source,
            )
            .join(ApplicationRow, ApplicationRow.id == FeedbackRow.application_id)
            .order_by(FeedbackRow.received_at, FeedbackRow.id)
        )
    ]
    items += [
        FeedbackItem(-i, app_id, company, reason or "", "reason")
        for i, app_id, company, reason in s.execute(
            select(
                RejectionRow.id,
                RejectionRow.application_id,
                ApplicationRow.company,
                RejectionRow.reason,
            )
            .join(ApplicationRow, ApplicationRow.id == RejectionRow.application_id)
            .where(
                RejectionRow.reason.is_not(None),
                RejectionRow.reason != "",
                RejectionRow.kind != RejectionKind.SILENT.value,
            )
            .order_by(RejectionRow.received_at, RejectionRow.id)
        )
    ]
    return items

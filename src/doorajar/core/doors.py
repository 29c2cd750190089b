"""The door of a rejected application: the stored answers, decided by `doorajar.doors`."""

from __future__ import annotations

from sqlalchemy.orm import Session

from doorajar import doors
from doorajar.doors import Door
from doorajar.model import Application, Rejection, RejectionKind, Stage
from doorajar.store import repo


def keepable(kind: RejectionKind, stage: Stage) -> bool:
    """A rejection after which a door can be kept open: someone there knew the candidate."""
    return kind is RejectionKind.PERSONAL or (kind is RejectionKind.FORM and stage.interviewed)


def door_for(s: Session, app: Application, rej: Rejection) -> Door:
    """The door of an application after this rejection (the plan reads it when re-planning)."""
    answers, override = repo.door(s, app.id)
    return doors.decide(
        answers, override, company=app.company, default_open=keepable(rej.kind, rej.stage)
    )

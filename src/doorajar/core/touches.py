"""Messages in and out on an application, logged by hand or by the outbox."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from doorajar.core.applications import detail
from doorajar.core.contacts import touched
from doorajar.core.plan import replan
from doorajar.core.unit import Unit
from doorajar.model import (
    ActionKind,
    ActionStatus,
    Application,
    ApplicationDetail,
    Channel,
    Direction,
)
from doorajar.store import repo


def log_touch(
    u: Unit,
    s: Session,
    app: Application,
    *,
    direction: Direction,
    at: datetime,
    channel: Channel = Channel.EMAIL,
    subject: str | None = None,
    summary: str | None = None,
    action_kind: ActionKind | None = None,
    contact_id: int | None = None,
    message_id: str | None = None,
) -> ApplicationDetail:
    """Record a message in or out; a sent one marks the matching open action done."""
    repo.add_touch(
        s,
        direction=direction,
        at=at,
        channel=channel,
        application_id=app.id,
        contact_id=contact_id,
        subject=subject,
        summary=summary,
        action_kind=action_kind,
        message_id=message_id,
    )
    if direction is Direction.OUT and action_kind is not None:
        for a in repo.actions(s, app_id=app.id, open_only=True):
            if a.kind is action_kind:
                repo.set_action(s, a.id, status=ActionStatus.DONE, done_at=at)
                break
    replan(u, s, app.id, repo.load_settings(s))
    if direction is Direction.OUT and action_kind is ActionKind.TOUCH:
        touched(u, s, app.id, at)
    return detail(s, app.id)

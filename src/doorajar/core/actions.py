"""What the user does with a planned action: done, skipped with a reason, or snoozed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from doorajar.core.contacts import sync_touches
from doorajar.core.plan import replan
from doorajar.core.unit import Unit
from doorajar.errors import Conflict, InvalidInput
from doorajar.model import MESSAGE_KINDS, Action, ActionKind, ActionStatus, Channel, Direction
from doorajar.store import repo

# messages to someone: marking one done logs it as sent (a revisit is a look, not a message)
SENT = MESSAGE_KINDS - {ActionKind.REVISIT}


def act(
    u: Unit,
    s: Session,
    action_id: int,
    status: ActionStatus,
    *,
    note: str | None = None,
    until: datetime | None = None,
    at: datetime | None = None,
) -> Action:
    """Mark an action done, skipped (with a reason) or snoozed (until a moment)."""
    now = u.now()
    action = repo.get_action(s, action_id)
    if status is ActionStatus.SNOOZED:
        if until is None or until <= now:
            raise InvalidInput("Snooze until a moment in the future.")
        if not action.open:
            raise Conflict(f"Action #{action_id} is already {action.status.value}.")
        _same_for_earlier_nudges(s, action, status=status, snoozed_until=until)
        return repo.set_action(s, action_id, status=status, snoozed_until=until)
    if not action.open:
        raise Conflict(f"Action #{action_id} is already {action.status.value}.")
    if status is ActionStatus.SKIPPED and not (note or "").strip():
        raise InvalidInput(
            "Say why you are skipping it, e.g. --reason 'they asked me not to follow up'."
        )
    when = at or now
    done_at = when if status is ActionStatus.DONE else None
    updated = repo.set_action(s, action_id, status=status, note=note, done_at=done_at)
    _same_for_earlier_nudges(s, action, status=status, note=note, done_at=done_at)
    has_target = action.application_id or action.contact_id
    if status is ActionStatus.DONE and has_target and action.kind in SENT:
        repo.add_touch(
            s,
            direction=Direction.OUT,
            at=when,
            channel=Channel.LINKEDIN
            if action.kind is ActionKind.LINKEDIN_CONNECT
            else Channel.EMAIL,
            application_id=action.application_id,
            contact_id=action.contact_id,
            action_kind=action.kind,
            subject=action.kind.label,
        )
        if action.kind is ActionKind.LINKEDIN_CONNECT and action.contact_id:
            repo.update_contact(s, action.contact_id, connected=True)
    if action.application_id:
        replan(u, s, action.application_id, repo.load_settings(s))
    elif action.contact_id and action.kind is ActionKind.TOUCH:
        sync_touches(u, s, repo.load_settings(s), [action.contact_id])
    return updated


def _same_for_earlier_nudges(s: Session, action: Action, **fields: Any) -> None:
    """The agenda shows one "send the next application" nudge for several rejections in a
    row (the latest); what the user does with it goes for the earlier ones too."""
    if action.kind is not ActionKind.NEXT_APPLICATION:
        return
    for other in repo.actions(s, open_only=True):
        if (
            other.kind is ActionKind.NEXT_APPLICATION
            and other.id != action.id
            and (other.due, other.id) < (action.due, action.id)
        ):
            repo.set_action(s, other.id, **fields)

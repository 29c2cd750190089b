"""What the user does with a planned action: done, skipped with a reason, or snoozed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from doorajar import timeutil
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


def act_many(
    u: Unit,
    s: Session,
    action_ids: Sequence[int],
    status: ActionStatus,
    *,
    note: str | None = None,
    until: datetime | None = None,
) -> list[Action]:
    """Skip or snooze several actions at once, all or none; returns those it changed.

    An action that an earlier one in the list already closed (a "send the next application"
    nudge closes the ones before it) is passed over rather than refused, and so is one a
    snooze would bring forward (already due after `until`)."""
    if status not in (ActionStatus.SKIPPED, ActionStatus.SNOOZED):
        raise InvalidInput("Several actions at once can be skipped or snoozed.")
    if not action_ids:
        raise InvalidInput("No action matches; `ajar today` lists the open ones.")
    wanted = [repo.get_action(s, i) for i in dict.fromkeys(action_ids)]
    closed = [a for a in wanted if not a.open]
    if closed:
        a = closed[0]
        raise Conflict(f"Action #{a.id} is already {a.status.value}; nothing was changed.")
    if status is ActionStatus.SNOOZED and until is not None:
        # snoozing puts off: an action already due later is not brought forward
        wanted = [a for a in wanted if a.effective_due() < until]
    changed = []
    for a in wanted:
        if repo.get_action(s, a.id).open:
            changed.append(act(u, s, a.id, status, note=note, until=until))
    return changed


def select(
    u: Unit,
    s: Session,
    *,
    app_id: int | None = None,
    kind: ActionKind | None = None,
    overdue: bool = False,
) -> list[Action]:
    """Open actions of an application and/or of a kind; with `overdue`, only those due
    before today (in the user's time zone), as Today counts them."""
    found = repo.actions(s, app_id=app_id, open_only=True)
    if kind is not None:
        found = [a for a in found if a.kind is kind]
    if overdue:
        tz = timeutil.local_tz(repo.load_settings(s).timezone)
        start = u.now().astimezone(tz).replace(hour=0, minute=0, second=0, microsecond=0)
        found = [a for a in found if a.effective_due() < start]
    return found


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

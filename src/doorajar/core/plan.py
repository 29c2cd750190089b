"""The stored plan of one application, made again from the playbook after every change."""

from __future__ import annotations

from sqlalchemy.orm import Session

from doorajar import playbook
from doorajar.core.doors import door_for
from doorajar.core.unit import Unit
from doorajar.model import ActionStatus
from doorajar.settings import Settings
from doorajar.store import repo


def replan(u: Unit, s: Session, app_id: int, settings: Settings) -> None:
    """Reconcile an application's stored actions with what the playbook plans now."""
    app = repo.get_application(s, app_id)
    rejections = repo.rejections(s, app_id)
    if not rejections:
        repo.reconcile_plan(s, app_id, [], u.now())
        return
    rej = rejections[-1]
    door = door_for(s, app, rej)
    history = playbook.History(
        done=repo.done_times(s, app_id),
        feedback=repo.feedback(s, app_id),
        contacts=repo.application_contacts(s, app_id),
        applied_after=repo.applied_since(s, rej.received_at, exclude=app_id),
        door_open=door.revisit if door.decided else None,
        door_reason=door.reason,
    )
    now = u.now()
    stored = repo.action_keys(s, app_id)
    planned = playbook.plan(app, rej, history, settings)
    new = [p for p in planned if p.key(app_id) not in stored]
    late = {
        p.key(app_id): p
        for p in playbook.missed(new, recorded_at=now, settings=settings)
        if p.status is ActionStatus.MISSED
    }
    planned = [late.get(p.key(app_id), p) for p in planned]
    repo.reconcile_plan(s, app_id, planned, now)
    if late:
        u.left_out(app, list(late.values()))


def replan_all(u: Unit, s: Session, settings: Settings) -> None:
    """Re-plan every rejected application (after a setting changed)."""
    for app_id in {r.application_id for r in repo.rejections(s)}:
        replan(u, s, app_id, settings)

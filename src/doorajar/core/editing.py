"""Fixing what was recorded: edit, move a stage back, delete, merge, "not a rejection",
and the same for contacts.

Each is one operation of the log, so `ajar undo` takes it back exactly; a deletion or a
merge also waits in the trash (`core/history.py`). After every change the plan of each
application touched is made again, so Today, the calendar and the patterns follow at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from doorajar.core.applications import typed_source
from doorajar.core.matching import same_application
from doorajar.core.plan import replan
from doorajar.core.unit import Unit
from doorajar.errors import Conflict, InvalidInput
from doorajar.model import Application, Contact, ContactRole, Outcome, Stage, looks_like_email
from doorajar.store import journal, repo, repo_edit

# what `ajar edit` may change, and the column each is kept in
EDITABLE = ("company", "role", "url", "source", "careers_url", "applied_at")


@dataclass(frozen=True)
class Edited:
    """An application after an edit, and the fields that changed."""

    application: Application
    changed: tuple[str, ...]


def _clean(name: str, value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        if name in ("company", "role") and not value:
            raise InvalidInput(f"The {name} cannot be empty.")
        if not value:
            return None
    return value


def edit(
    u: Unit,
    s: Session,
    app: Application,
    *,
    force: bool = False,
    own_source: bool = False,
    **fields: Any,
) -> Edited:
    """Change an application's company, role, links, source or date applied; a source that
    is not one of the known words needs `own_source`, as `apply` does."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise InvalidInput(f"Cannot edit {', '.join(sorted(unknown))}.")
    values = {k: _clean(k, v) for k, v in fields.items() if v is not None}
    if not values:
        raise InvalidInput(
            "Nothing to change: give at least one of --company, --role, --url, "
            "--source, --careers-url, --applied."
        )
    if "source" in values:
        values["source"] = typed_source(values["source"], own=own_source)
    applied = values.get("applied_at")
    if isinstance(applied, datetime):
        if applied > u.now():
            raise InvalidInput("The date applied cannot be in the future.")
        firsts = [c.at for c in repo.stage_changes(s, app.id) if c.stage is not Stage.APPLIED]
        rejections = [r.received_at for r in repo.rejections(s, app.id)]
        later = min(firsts + rejections, default=None)
        if later is not None and applied > later:
            raise InvalidInput(
                f"#{app.id} moved on or was answered on {later.date()}; it cannot have been "
                "sent after that."
            )
    company = values.get("company", app.company)
    role = values.get("role", app.role)
    if not force and ("company" in values or "role" in values):
        for other in repo.applications(s):
            if other.id != app.id and same_application(other.company, other.role, company, role):
                raise Conflict(
                    f"#{other.id} is already {other.title}; `ajar merge {other.id} {app.id}` "
                    "makes them one, or add --force to keep both."
                )
    changed = tuple(k for k, v in values.items() if getattr(app, k) != v)
    if not changed:
        return Edited(app, ())
    updated = repo.update_application(s, app.id, u.now(), **{k: values[k] for k in changed})
    if "applied_at" in changed:
        repo_edit.set_applied_stage_date(s, app.id, values["applied_at"])
    replan(u, s, app.id, repo.load_settings(s))
    journal.describe(s, summary=f"edited {updated.title}: {', '.join(changed)}")
    return Edited(updated, changed)


def move_stage(u: Unit, s: Session, app: Application, stage: Stage) -> Application:
    """Move an application back to an earlier stage; the stages above are forgotten."""
    if stage.rank >= app.stage.rank:
        raise InvalidInput(
            f"#{app.id} is at {app.stage.label}; --back moves it to an earlier stage only."
        )
    above = tuple(st.value for st in Stage if st.rank > stage.rank)
    repo_edit.drop_stages_above(s, app.id, above)
    updated = repo.update_application(s, app.id, u.now(), stage=stage)
    for rej in repo.rejections(s, app.id):
        if rej.stage.rank > stage.rank:
            repo_edit.set_rejection_stage(s, rej.id, stage.value)
    replan(u, s, app.id, repo.load_settings(s))
    journal.describe(s, summary=f"moved {app.title} back from {app.stage.label} to {stage.label}")
    return updated


def delete(u: Unit, s: Session, app: Application) -> None:
    """Move an application to the trash with its actions, touches, notes and messages."""
    repo_edit.delete_application(s, app.id)
    journal.describe(s, kind="delete", subject=f"#{app.id} {app.title}")


def merge(u: Unit, s: Session, keep: Application, gone: Application) -> Application:
    """Make two records of one application one: `gone`'s rows move to `keep`."""
    if keep.id == gone.id:
        raise InvalidInput(f"#{keep.id} is the same application; name two different ones.")
    keep_rej, gone_rej = repo.rejections(s, keep.id), repo.rejections(s, gone.id)
    stage = max(keep.stage, gone.stage, key=lambda st: st.rank)
    applied = min(keep.applied_at, gone.applied_at)
    outcome = keep.outcome
    if keep.outcome is Outcome.ACTIVE and gone.outcome is not Outcome.ACTIVE:
        outcome = gone.outcome
    repo_edit.merge_into(s, keep.id, gone.id)
    if keep_rej and gone_rej:  # one application has one rejection: keep the latest
        older = sorted(keep_rej + gone_rej, key=lambda r: (r.received_at, r.id))[:-1]
        for rej in older:
            repo.delete_rejection(s, rej.id)
    repo.update_application(s, keep.id, u.now(), stage=stage, applied_at=applied, outcome=outcome)
    repo_edit.dedupe_stage_changes(s, keep.id)
    replan(u, s, keep.id, repo.load_settings(s))
    journal.describe(
        s,
        kind="merge",
        subject=f"#{gone.id} {gone.title} (merged into #{keep.id})",
        summary=f"merged #{gone.id} into #{keep.id} {keep.title}",
    )
    return repo.get_application(s, keep.id)


def unreject(u: Unit, s: Session, app: Application) -> Application:
    """ "That was not a rejection": the latest rejection goes, the application is open again
    and its plan follows."""
    rejections = repo.rejections(s, app.id)
    if app.outcome is not Outcome.REJECTED or not rejections:
        raise InvalidInput(f"#{app.id} {app.title} is not marked as rejected.")
    rej = rejections[-1]
    repo_edit.drop_rejection_touch(s, app.id, rej.message_id, rej.received_at)
    repo.delete_rejection(s, rej.id)
    updated = repo.update_application(s, app.id, u.now(), outcome=Outcome.ACTIVE)
    replan(u, s, app.id, repo.load_settings(s))
    journal.describe(s, summary=f"{app.title} is not rejected after all")
    return updated


def edit_contact(
    u: Unit,
    s: Session,
    contact: Contact,
    *,
    name: str | None = None,
    email: str | None = None,
    company: str | None = None,
    role: ContactRole | None = None,
    linkedin_url: str | None = None,
) -> Contact:
    """Change a contact's name, address, company, role or LinkedIn profile."""
    fields: dict[str, Any] = {}
    if name is not None:
        if not name.strip():
            raise InvalidInput("A contact's name cannot be empty.")
        fields["name"] = name.strip()
    if email is not None:
        email = email.strip()
        if email and not looks_like_email(email):
            raise InvalidInput(f"'{email}' is not an email address.")
        fields["email"] = email or None
    if company is not None:
        fields["company"] = company.strip() or None
    if role is not None:
        fields["role"] = role
    if linkedin_url is not None:
        fields["linkedin_url"] = linkedin_url.strip() or None
    if not fields:
        raise InvalidInput(
            "Nothing to change: give at least one of --name, --email, --company, --role, "
            "--linkedin."
        )
    for key, limit in (("name", 200), ("company", 200), ("email", 320)):
        repo.fits(key, fields.get(key), limit)
    updated = repo.update_contact(s, contact.id, **fields)
    settings = repo.load_settings(s)
    for app in repo.contact_applications(s, contact.id):
        replan(u, s, app.id, settings)
    journal.describe(s, summary=f"edited contact {updated.name}: {', '.join(fields)}")
    return updated


def delete_contact(u: Unit, s: Session, contact: Contact) -> None:
    """Remove a contact (to the trash) with the touches logged with them."""
    apps = repo.contact_applications(s, contact.id)
    repo_edit.delete_contact(s, contact.id)
    settings = repo.load_settings(s)
    for app in apps:
        replan(u, s, app.id, settings)
    journal.describe(s, kind="delete", subject=f"contact #{contact.id} {contact.name}")

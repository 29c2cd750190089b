"""Applications: finding one by what the user types, logging, closing, notes, the full detail."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy.orm import Session

from doorajar import playbook
from doorajar.core.matching import same_application
from doorajar.core.plan import replan
from doorajar.core.unit import Unit
from doorajar.errors import Ambiguous, Conflict, InvalidInput, NotFound
from doorajar.model import (
    ActionKind,
    Application,
    ApplicationDetail,
    Note,
    NoteKind,
    Outcome,
)
from doorajar.settings import Settings
from doorajar.store import repo


@dataclass(frozen=True)
class Added:
    """A new application, with any warnings about it."""

    application: Application
    warnings: tuple[str, ...] = ()


def resolve(s: Session, query: str) -> Application:
    """An application by id ('12', '#12') or an unambiguous company/role match."""
    q = query.strip().lstrip("#")
    if not q:
        raise InvalidInput("Name an application by its number or company.")
    if q.isdigit():
        return repo.get_application(s, int(q))
    apps = repo.applications(s)
    words = q.lower().split()
    hits = [a for a in apps if all(w in f"{a.company} {a.role}".lower() for w in words)]
    exact = [a for a in hits if a.company.lower() == q.lower()]
    if len(exact) == 1:
        return exact[0]
    if exact:
        hits = exact
    if len(hits) > 1:
        active = [a for a in hits if a.outcome is Outcome.ACTIVE]
        if len(active) == 1:
            return active[0]
        listing = "; ".join(f"#{a.id} {a.title}" for a in hits[:8])
        raise Ambiguous(f"'{query}' matches {len(hits)} applications: {listing}. Use the number.")
    if hits:
        return hits[0]
    close = close_names(q, sorted({a.company for a in apps}))
    hint = f" Did you mean {', '.join(close)}?" if close else " `ajar list` shows them all."
    raise NotFound(f"No application matches '{query}'.{hint}")


def close_names(query: str, names: list[str]) -> list[str]:
    """Up to three names close to a mistyped query: whole names, or any of their words."""
    q = query.lower()
    by_lower = {n.lower(): n for n in names}
    out = [by_lower[m] for m in difflib.get_close_matches(q, list(by_lower), n=3, cutoff=0.6)]
    by_word: dict[str, list[str]] = {}
    for n in names:
        for w in n.lower().split():
            by_word.setdefault(w, []).append(n)
    for w in difflib.get_close_matches(q, list(by_word), n=3, cutoff=0.75):
        out += by_word[w]
    out += [n for n in names if q in n.lower()]
    return list(dict.fromkeys(out))[:3]


def apply(
    u: Unit,
    s: Session,
    company: str,
    role: str,
    *,
    at: datetime | None = None,
    url: str | None = None,
    source: str | None = None,
    careers_url: str | None = None,
    force: bool = False,
    own_source: bool = False,
) -> Added:
    """Log an application; refuse a likely duplicate unless forced, and warn on re-applying
    too soon after a rejection for the same role. The source is one of the known words
    unless `own_source` says it is the user's own (see `typed_source`)."""
    source = typed_source(source, own=own_source)
    company, role = company.strip(), role.strip()
    if not company or not role:
        raise InvalidInput("An application needs a company and a role.")
    now = u.now()
    at = at or now
    settings = repo.load_settings(s)
    warnings: list[str] = []
    for other in repo.applications(s):
        if not same_application(other.company, other.role, company, role):
            continue
        if abs(other.applied_at - at) <= timedelta(days=settings.duplicate_window_days):
            if not force:
                raise Conflict(
                    f"You logged {other.title} as #{other.id} on "
                    f"{other.applied_at.date()}; add --force if this is another one."
                )
            warnings.append(f"Possible duplicate of #{other.id}.")
        if other.outcome is Outcome.REJECTED:
            rej = repo.rejections(s, other.id)
            months = settings.reapply_guard_months
            if rej and rej[-1].received_at <= at < rej[-1].received_at + relativedelta(
                months=months
            ):
                warnings.append(
                    f"{company} turned you down for this role on "
                    f"{rej[-1].received_at.date()} (#{other.id}); a new application "
                    f"within {months} months rarely goes further unless something changed."
                )
    app = repo.add_application(
        s,
        company=company,
        role=role,
        applied_at=at,
        now=now,
        url=url,
        source=norm_source(source),
        careers_url=careers_url,
    )
    after_application(u, s, app, settings)
    return Added(app, tuple(warnings))


def after_application(u: Unit, s: Session, app: Application, settings: Settings) -> None:
    """A new application answers every open "send the next one" action before it; only
    those plans can change, so only they are re-planned."""
    waiting = {
        a.application_id
        for a in repo.actions(s, open_only=True)
        if a.kind is ActionKind.NEXT_APPLICATION and a.application_id is not None
    }
    for other in repo.rejections(s):
        if other.application_id in waiting and other.received_at <= app.applied_at:
            replan(u, s, other.application_id, settings)


def set_outcome(u: Unit, s: Session, app: Application, outcome: Outcome) -> Application:
    """Close an application as accepted, offer_declined or withdrawn (or reopen: active)."""
    if outcome is Outcome.REJECTED:
        raise InvalidInput("Use `ajar reject` to record a rejection.")
    updated = repo.update_application(s, app.id, u.now(), outcome=outcome)
    replan(u, s, app.id, repo.load_settings(s))
    return updated


def add_note(
    u: Unit,
    s: Session,
    app: Application | None,
    body: str,
    *,
    kind: NoteKind = NoteKind.NOTE,
    mood: int | None = None,
) -> Note:
    """Keep a note (or journal entry) on an application, or on its own."""
    if not body.strip():
        raise InvalidInput("The note is empty.")
    return repo.add_note(
        s,
        body=body.strip(),
        now=u.now(),
        kind=kind,
        application_id=app.id if app else None,
        mood=mood,
    )


def detail(s: Session, app_id: int) -> ApplicationDetail:
    """Everything about one application."""
    app = repo.get_application(s, app_id)
    found = ApplicationDetail(
        application=app,
        stages=tuple(repo.stage_changes(s, app_id)),
        rejections=tuple(repo.rejections(s, app_id)),
        feedback=tuple(repo.feedback(s, app_id)),
        contacts=tuple(repo.application_contacts(s, app_id)),
        touches=tuple(repo.touches(s, app_id=app_id)),
        actions=tuple(repo.actions(s, app_id=app_id)),
        notes=tuple(repo.notes(s, app_id=app_id)),
    )
    if found.rejection:
        r = found.rejection
        t = playbook.triage(stage=r.stage, kind=r.kind, settings=repo.load_settings(s))
        found = replace(found, triage=replace(t, reasons=r.triage_reasons or t.reasons))
    return found


_SOURCES = {
    "linkedin": "linkedin",
    "li": "linkedin",
    "referral": "referral",
    "referred": "referral",
    "company": "company_site",
    "company_site": "company_site",
    "website": "company_site",
    "careers": "company_site",
    "job_board": "job_board",
    "board": "job_board",
    "indeed": "job_board",
    "glassdoor": "job_board",
    "stepstone": "job_board",
    "recruiter": "recruiter",
    "agency": "recruiter",
}


SOURCES = ("linkedin", "referral", "company_site", "job_board", "recruiter")


def typed_source(source: str | None, *, own: bool = False) -> str | None:
    """A source the user typed: a known word or alias ('LinkedIn', 'indeed'); another word
    only when `own` says it is meant, else an error naming the close match ('linkdin')."""
    found = norm_source(source)
    if found is None or found in SOURCES or own:
        return found
    close = difflib.get_close_matches(found, list(_SOURCES), n=1, cutoff=0.6)
    hint = f"Did you mean {_SOURCES[close[0]]}? " if close else ""
    raise InvalidInput(
        f"Unknown source '{source}'. {hint}Use one of {', '.join(SOURCES)}, or say it is your "
        "own word (--other-source)."
    )


def norm_source(source: str | None) -> str | None:
    """Where an application came from, as one of a few words ('LinkedIn' -> 'linkedin')."""
    if source is None or not source.strip():
        return None
    key = source.strip().lower().replace(" ", "_").replace("-", "_")
    return _SOURCES.get(key, key)

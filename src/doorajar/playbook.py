"""PLAYBOOK.md as code: triage a rejection and plan what to do about it.

Pure: no I/O, no clock. Everything that depends on time takes the moments it
needs as arguments, so the same inputs always give the same plan.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta

from doorajar.model import (
    ActionKind,
    ActionStatus,
    Application,
    Contact,
    ContactRole,
    Feedback,
    Outcome,
    PlannedAction,
    Rejection,
    RejectionKind,
    Stage,
    Triage,
)
from doorajar.settings import Settings

# Feedback that arrives within this window of the rejection came *with* it.
_WITH_REJECTION = timedelta(hours=1)


def triage(
    *,
    stage: Stage,
    kind: RejectionKind | None = None,
    has_feedback: bool = False,
    contact_name: str | None = None,
    settings: Settings | None = None,
) -> Triage:
    """Decide the kind of a rejection when the user does not say it, and explain why."""
    settings = settings or Settings()
    reasons: list[str] = []
    if kind is not None:
        reasons.append(f"you marked it as a {kind.value} rejection")
        if kind is RejectionKind.FORM and stage.interviewed:
            reasons.append(
                f"you reached the {stage.label} stage, so a personal reply may still be worth it"
            )
    elif stage.interviewed:
        kind = RejectionKind.PERSONAL
        reasons.append(f"you reached the {stage.label} stage: someone there knows you")
    elif has_feedback:
        kind = RejectionKind.PERSONAL
        reasons.append("it came with feedback written for you")
    elif contact_name:
        kind = RejectionKind.PERSONAL
        reasons.append(f"{contact_name} wrote it personally")
    else:
        kind = RejectionKind.FORM
        reasons.append("no interview yet, no feedback and no named person: a form email")
    return Triage(
        kind=kind,
        reasons=tuple(reasons),
        respond=_responds(kind, settings),
        advice=_ADVICE[kind](settings),
    )


def _responds(kind: RejectionKind, settings: Settings) -> bool:
    if kind is RejectionKind.FORM:
        return settings.reply_to_form
    return True


_ADVICE: dict[RejectionKind, Callable[[Settings], str]] = {
    RejectionKind.PERSONAL: lambda s: (
        f"A person who spoke with you wrote: reply within {s.reply_due_hours} hours with thanks, "
        "one specific appreciation and an open door, after an hour to let it settle."
    ),
    RejectionKind.FORM: lambda s: (
        "A form email: log it and move on; the next application matters more."
        if not s.reply_to_form
        else "A form email; you chose to reply to these: keep it to two lines."
    ),
    RejectionKind.SILENT: lambda s: (
        f"No reply in {s.silent_after_days} days: treat it as a no, send one polite "
        "check-in, then let it go."
    ),
}


def silent_since(
    application: Application, last_activity: datetime, settings: Settings, now: datetime
) -> datetime | None:
    """When an open application became a silent rejection, or None if it has not.

    `last_activity` is the latest of the application date, the last stage change
    and the last message that came in from the company.
    """
    if application.outcome is not Outcome.ACTIVE or application.stage is Stage.OFFER:
        return None
    at = last_activity + timedelta(days=settings.silent_after_days)
    return at if at <= now else None


@dataclass(frozen=True)
class History:
    """What has happened since the rejection, as far as the plan cares."""

    done: Mapping[ActionKind, datetime]
    feedback: Sequence[Feedback] = ()
    contacts: Sequence[Contact] = ()
    applied_after: bool = False
    # the user's keep-this-door-open decision: None undecided, False closed (with why)
    door_open: bool | None = None
    door_reason: str = ""


def plan(
    application: Application,
    rejection: Rejection,
    history: History,
    settings: Settings | None = None,
) -> list[PlannedAction]:
    """The actions the playbook calls for after this rejection, each with a due date and reason.

    Done actions may appear again; the caller keeps their stored status. Feedback and
    sent messages in `history` change the plan: no follow-up once feedback came,
    never a second follow-up.
    """
    settings = settings or Settings()
    kind = rejection.kind
    at = rejection.received_at
    out: list[PlannedAction] = []
    if kind is RejectionKind.PERSONAL:
        out.extend(_personal(application, rejection, history, settings))
    elif kind is RejectionKind.FORM and settings.reply_to_form:
        out.append(
            PlannedAction(
                ActionKind.REPLY,
                at + timedelta(hours=settings.reply_due_hours),
                "You chose to answer form rejections: two lines of thanks, nothing more.",
            )
        )
    elif kind is RejectionKind.SILENT:
        out.append(
            PlannedAction(
                ActionKind.CHECK_IN,
                at,
                f"{settings.silent_after_days} days without a word: one polite check-in, never "
                "more. If it stays quiet, let it go.",
            )
        )
    out.append(
        PlannedAction(
            ActionKind.NEXT_APPLICATION,
            at,
            "Momentum beats rejection: send the next application today. It need not be perfect; "
            "it needs to exist.",
            status=ActionStatus.DONE if history.applied_after else ActionStatus.PENDING,
        )
    )
    return out


def came_with(rejection: Rejection, feedback: Iterable[Feedback]) -> list[Feedback]:
    """The feedback that came with the rejection (within the hour): the reply thanks for it,
    where feedback that comes later gets a thank-you of its own."""
    return [f for f in feedback if f.received_at <= rejection.received_at + _WITH_REJECTION]


def _personal(
    application: Application, rejection: Rejection, history: History, settings: Settings
) -> Iterable[PlannedAction]:
    at = rejection.received_at
    reply_due = at + timedelta(hours=settings.reply_due_hours)
    came_with_it = came_with(rejection, history.feedback)
    came_later = [f for f in history.feedback if f.received_at > at + _WITH_REJECTION]
    cool = settings.cool_off_minutes
    reason = (
        f"They spoke with you, so answer: thanks, one specific appreciation and an open door, "
        f"within {settings.reply_due_hours} hours. Let it settle for about {cool} minutes first."
    )
    if came_with_it:
        reason += " Thank them for the feedback in the same note."
    elif settings.feedback_request == "with_reply":
        reason += " Add one line asking for one specific piece of feedback."
    yield PlannedAction(ActionKind.REPLY, reply_due, reason)

    asked_at: datetime | None = None
    if not history.feedback and settings.feedback_request == "separate":
        base = history.done.get(ActionKind.REPLY, reply_due)
        yield PlannedAction(
            ActionKind.FEEDBACK_REQUEST,
            base + timedelta(days=settings.feedback_request_delay_days),
            "Ask for one specific thing (the gap that mattered most), not 'why?'. A separate "
            "note a few days after the thank-you reads as curiosity, not protest.",
        )
    if settings.feedback_request == "separate":
        asked_at = history.done.get(ActionKind.FEEDBACK_REQUEST)
    elif settings.feedback_request == "with_reply":
        asked_at = history.done.get(ActionKind.REPLY)
    if (
        asked_at is not None
        and not came_with_it
        and not [f for f in history.feedback if f.received_at >= asked_at]
    ):
        yield PlannedAction(
            ActionKind.FEEDBACK_FOLLOW_UP,
            asked_at + timedelta(days=settings.feedback_follow_up_days),
            "No answer to the feedback request yet: one polite follow-up, and only one. After "
            "that, ask a mentor or peer instead.",
        )
    if came_later:
        first = min(came_later, key=lambda f: f.received_at)
        yield PlannedAction(
            ActionKind.THANK_FOR_FEEDBACK,
            first.received_at + timedelta(days=1),
            "Feedback came: a one-line thanks. Do not argue with it or explain yourself.",
        )

    if not any(c.connected for c in history.contacts):
        person = _best_contact(history.contacts)
        who = person.name if person else "the recruiter or hiring manager"
        yield PlannedAction(
            ActionKind.LINKEDIN_CONNECT,
            reply_due,
            f"Connect with {who} on LinkedIn and name your conversation in the note "
            f"(at most {settings.linkedin_note_limit} characters).",
            contact_id=person.id if person else None,
        )

    yield PlannedAction(
        ActionKind.REFLECT,
        at + timedelta(days=1),
        "While it is fresh, note what went well and one thing to improve, for the "
        "application and the interviews.",
    )

    if rejection.stage.interviewed:
        for seq, months in enumerate(
            (settings.revisit_first_months, settings.revisit_second_months)
        ):
            if history.door_open is False:
                yield PlannedAction(
                    ActionKind.REVISIT,
                    at + relativedelta(months=months),
                    f"You closed this door: {history.door_reason or 'no revisit'}",
                    seq=seq,
                    status=ActionStatus.SKIPPED,
                )
                continue
            yield PlannedAction(
                ActionKind.REVISIT,
                at + relativedelta(months=months),
                f"{months} months on, look at the openings at {application.company}: new roles "
                "post all the time, and a gracious finalist is often the first call.",
                seq=seq,
            )


# What is only worth doing while the news is fresh. Revisits, LinkedIn notes and
# keep-in-touch dates stay worth doing however late they are recorded.
TIMELY_KINDS = frozenset(
    {
        ActionKind.REPLY,
        ActionKind.FEEDBACK_REQUEST,
        ActionKind.FEEDBACK_FOLLOW_UP,
        ActionKind.THANK_FOR_FEEDBACK,
        ActionKind.NEXT_APPLICATION,
        ActionKind.REFLECT,
        ActionKind.CHECK_IN,
    }
)


def missed(
    planned: Iterable[PlannedAction], *, recorded_at: datetime, settings: Settings
) -> list[PlannedAction]:
    """The plan with each newly recorded action that is stale marked missed.

    Pass only actions being recorded now (not ones stored before): an action of a timely
    kind whose due date is more than `stale_after_days` before `recorded_at` is old news,
    so it is closed as missed, with why in its reason. Others are returned unchanged.
    """
    limit = recorded_at - timedelta(days=settings.stale_after_days)
    out = []
    for p in planned:
        if p.kind in TIMELY_KINDS and p.status is ActionStatus.PENDING and p.due < limit:
            days = (recorded_at - p.due).days
            p = replace(
                p,
                status=ActionStatus.MISSED,
                reason=f"Missed: it was due {days} days before it was recorded, more than "
                f"the {settings.stale_after_days} days (stale_after_days) it stays worth "
                f"doing. {p.reason}",
            )
        out.append(p)
    return out


def _best_contact(contacts: Sequence[Contact]) -> Contact | None:
    order = [ContactRole.RECRUITER, ContactRole.HIRING_MANAGER, ContactRole.INTERVIEWER]
    for role in order:
        for c in contacts:
            if c.role is role and not c.connected:
                return c
    return next((c for c in contacts if not c.connected), None)

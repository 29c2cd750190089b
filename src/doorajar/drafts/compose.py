"""Fill a message template from what the record knows; list what it does not.

Pure: takes the application's detail, the settings and `now`, returns a `Draft`.
Unknown values become visible placeholders such as `[their name]` and are listed
in `missing`; nothing is invented. Thank-you kinds need the user's own specific
appreciation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from doorajar import playbook
from doorajar.drafts.templates import Templates
from doorajar.errors import InvalidInput
from doorajar.model import (
    KINDS,
    MESSAGE_KINDS,
    Action,
    ActionKind,
    ApplicationDetail,
    Contact,
    ContactRole,
    Direction,
    Draft,
    RejectionKind,
    Stage,
)
from doorajar.settings import Settings

# Kinds that thank someone for their time: the specific appreciation is required.
THANK_KINDS = frozenset({"reply", "reply_feedback", "linkedin_connect"})

PLACEHOLDERS = {
    "recipient name": "[their name]",
    "appreciation": "[one specific thing you appreciated]",
    "your name": "[your name]",
    "feedback request date": "[the date you asked]",
    "interview season": "[when you interviewed]",
}
DETAIL_PLACEHOLDERS = {
    "touch": "[something useful to share: an article, a certification, a short update]",
    "revisit": "[the new role]",
}

_STAGE_WORDS = {
    Stage.APPLIED: "application",
    Stage.RECRUITER_SCREEN: "recruiter screen",
    Stage.HIRING_MANAGER: "interview with the hiring manager",
    Stage.FINAL_ROUND: "final round",
    Stage.OFFER: "final round",
}
_SEASONS = {
    12: "winter",
    1: "winter",
    2: "winter",
    3: "spring",
    4: "spring",
    5: "spring",
    6: "summer",
    7: "summer",
    8: "summer",
    9: "autumn",
    10: "autumn",
    11: "autumn",
}


@dataclass(frozen=True)
class Request:
    """What the user asked for: a kind, a variant, a language and their own words."""

    kind: str | None = None
    variant: str | None = None
    lang: str | None = None
    appreciation: str | None = None
    detail: str | None = None
    to: str | None = None


def season(moment: datetime) -> str:
    """'autumn 2026' for a moment (northern-hemisphere seasons)."""
    return f"{_SEASONS[moment.month]} {moment.year}"


def day(moment: datetime) -> str:
    """'3 November 2026'."""
    return f"{moment.day} {moment.strftime('%B %Y')}"


def default_kind(detail: ApplicationDetail, settings: Settings) -> tuple[str, Action | None]:
    """The template for the next open message action of an application."""
    open_msgs = sorted(
        (a for a in detail.actions if a.open and a.kind in MESSAGE_KINDS),
        key=lambda a: a.effective_due(),
    )
    if not open_msgs:
        raise InvalidInput(
            f"No message is planned for #{detail.application.id} right now; "
            f"choose one with --kind ({', '.join(KINDS)})."
        )
    action = open_msgs[0]
    return kind_for(action.kind, detail, settings), action


def kind_for(action: ActionKind, detail: ApplicationDetail, settings: Settings) -> str:
    """The template kind that carries out an action for this application."""
    if action is ActionKind.REPLY:
        rej = detail.rejection
        if rej is not None and rej.kind is RejectionKind.FORM:
            return "form_reply"
        if settings.feedback_request == "with_reply" and not detail.feedback:
            return "reply_feedback"
        return "reply"
    return action.value


def parse_kind(text: str) -> str:
    """A template kind from user text, or a clear error listing them."""
    key = text.strip().lower().replace("-", "_")
    if key not in KINDS:
        raise InvalidInput(f"Unknown message kind '{text}'; use one of: {', '.join(KINDS)}.")
    return key


def compose(
    detail: ApplicationDetail,
    settings: Settings,
    request: Request,
    templates: Templates,
) -> Draft:
    """Fill the requested (or next planned) message from the record."""
    action: Action | None = None
    if request.kind is None:
        kind, action = default_kind(detail, settings)
    else:
        kind = parse_kind(request.kind)
        want = KINDS[kind]
        action = next(
            (
                a
                for a in sorted(detail.actions, key=lambda a: a.effective_due())
                if a.open and a.kind is want
            ),
            None,
        )
    app = detail.application
    if request.lang is not None:
        have = {name.split("/", 1)[0] for name in templates.names()}
        if request.lang.lower() not in have:
            raise InvalidInput(
                f"No templates in '{request.lang}'; choose one of: {', '.join(sorted(have))}."
            )
    lang = (request.lang or app.language or settings.language or "en").lower()
    lang, variant = templates.pick(lang, kind, request.variant)
    person = recipient(detail, action)
    rej = detail.rejection
    values: dict[str, str | bool] = {
        "company": app.company,
        "role": app.role,
        "stage": _STAGE_WORDS[rej.stage if rej else app.stage],
        "applied_on": day(app.applied_at),
        "season": season(rej.received_at) if rej else PLACEHOLDERS["interview season"],
    }
    if person is not None:
        values["contact_name"] = person.name
        values["first_name"] = person.name.split()[0]
        values["greeting"] = f"Hi {values['first_name']},"
        values["formal_greeting"] = f"Dear {person.name},"
    else:
        values["contact_name"] = values["first_name"] = PLACEHOLDERS["recipient name"]
        values["greeting"] = "Hello,"
        values["formal_greeting"] = "Dear hiring team,"
    appreciation = _clean(request.appreciation)
    values["appreciation"] = appreciation or PLACEHOLDERS["appreciation"]
    # the plan's reply says "thank them for the feedback in the same note" when it came along
    values["with_feedback"] = bool(rej and playbook.came_with(rej, detail.feedback))
    detail_text = _clean(request.detail)
    values["detail"] = detail_text or DETAIL_PLACEHOLDERS.get(kind, "[detail]")
    asked = [
        t.at
        for t in detail.touches
        if t.direction is Direction.OUT and t.action_kind is ActionKind.FEEDBACK_REQUEST
    ]
    values["asked_on"] = day(max(asked)) if asked else PLACEHOLDERS["feedback request date"]
    name = settings.user_name.strip()
    values["user_name"] = name or PLACEHOLDERS["your name"]
    values["user_first_name"] = name.split()[0] if name else PLACEHOLDERS["your name"]
    values["signature"] = signature(settings)
    rendered = templates.render(lang, kind, variant, values)
    to_addr = request.to.strip() if request.to else (person.email if person else None)
    to_name = person.name if person and not request.to else None
    draft = Draft(
        kind=kind,
        variant=variant,
        lang=lang,
        subject=rendered.subject,
        body=rendered.body,
        to_name=to_name,
        to_addr=to_addr or None,
        in_reply_to=thread_id(detail),
        appreciation=appreciation,
        detail=detail_text,
        action_id=action.id if action else None,
    )
    return with_text(draft, draft.subject, draft.body)


def with_text(draft: Draft, subject: str, body: str) -> Draft:
    """The draft with new text; what is missing is worked out again from the text."""
    text = f"{subject}\n{body}"
    missing = [label for label, token in PLACEHOLDERS.items() if token in text]
    missing += ["detail" for token in DETAIL_PLACEHOLDERS.values() if token in text]
    if "[detail]" in text:
        missing.append("detail")
    if not draft.by_linkedin and not draft.to_addr:
        missing.append("recipient email")
    return Draft(
        kind=draft.kind,
        variant=draft.variant,
        lang=draft.lang,
        subject=subject.strip(),
        body=body,
        to_name=draft.to_name,
        to_addr=draft.to_addr,
        missing=tuple(dict.fromkeys(missing)),
        in_reply_to=draft.in_reply_to,
        appreciation=draft.appreciation,
        detail=draft.detail,
        action_id=draft.action_id,
    )


def parse_edited(text: str) -> tuple[str, str]:
    """Split text back from the editor into (subject, body)."""
    first, _, rest = text.lstrip("\n").partition("\n")
    if first.lower().startswith("subject:"):
        return first[len("subject:") :].strip(), rest.strip("\n").rstrip() + "\n"
    return "", text.strip("\n").rstrip() + "\n"


def recipient(detail: ApplicationDetail, action: Action | None) -> Contact | None:
    """The person the message goes to: the action's contact, the rejection's, else the best."""
    people = {c.id: c for c in detail.contacts}
    if action is not None and action.contact_id in people:
        return people[action.contact_id]
    rej = detail.rejection
    if rej is not None and rej.contact_id in people:
        return people[rej.contact_id]
    for role in (ContactRole.RECRUITER, ContactRole.HIRING_MANAGER, ContactRole.INTERVIEWER):
        for c in detail.contacts:
            if c.role is role:
                return c
    return detail.contacts[0] if detail.contacts else None


def thread_id(detail: ApplicationDetail) -> str | None:
    """The Message-ID of the company's message to answer, when known."""
    rej = detail.rejection
    if rej is not None and rej.message_id:
        return rej.message_id
    inbound = [t for t in detail.touches if t.direction is Direction.IN and t.message_id]
    return max(inbound, key=lambda t: t.at).message_id if inbound else None


def signature(settings: Settings) -> str:
    """The sign-off: the user's signature, else their name and contact lines."""
    if settings.user_signature.strip():
        return settings.user_signature.strip().replace("\\n", "\n")
    lines = [settings.user_name.strip() or PLACEHOLDERS["your name"]]
    lines += [v.strip() for v in (settings.user_email, settings.user_linkedin) if v.strip()]
    return "\n".join(lines)


def known_words(detail: ApplicationDetail, settings: Settings) -> frozenset[str]:
    """Names, companies and roles from the record, which the spell checker must not flag."""
    texts = [detail.application.company, detail.application.role, settings.user_name]
    texts += [c.name for c in detail.contacts]
    texts += [c.company or "" for c in detail.contacts]
    return frozenset(w.lower() for t in texts for w in re.findall(r"[^\W\d_]+", t))


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = " ".join(text.split()).rstrip(".!;, ")
    return text or None

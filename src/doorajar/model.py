"""The domain: enums and frozen dataclasses shared by every part of doorajar.

Pure: imports nothing from storage or the interfaces. Datetimes are
timezone-aware UTC.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parseaddr
from enum import StrEnum


class Stage(StrEnum):
    """How far an application got, in order (PLAYBOOK.md §2)."""

    APPLIED = "applied"
    RECRUITER_SCREEN = "recruiter_screen"
    HIRING_MANAGER = "hiring_manager"
    FINAL_ROUND = "final_round"
    OFFER = "offer"

    @property
    def rank(self) -> int:
        """Position in the funnel, 0 for applied."""
        return list(Stage).index(self)

    @property
    def label(self) -> str:
        """Human label, e.g. 'final round'."""
        return self.value.replace("_", " ")

    @property
    def interviewed(self) -> bool:
        """True once the candidate has spoken with someone at the company."""
        return self.rank >= Stage.RECRUITER_SCREEN.rank


# The one set of words for each stage, read the same by the CLI, the web, spreadsheet
# import and mail review: 'onsite' is the final round everywhere. Lower case, ASCII,
# words separated by single spaces (see `stage_words`).
# fmt: off
STAGE_SYNONYMS: dict[Stage, tuple[str, ...]] = {
    Stage.FINAL_ROUND: (
        "final", "final round", "final interview", "onsite", "on site", "last round",
        "finale", "endrunde", "ronda final",
    ),
    Stage.HIRING_MANAGER: (
        "hiring manager", "technical", "technical interview", "tech interview",
        "second interview", "2nd interview", "interview 2", "take home", "case study",
        "assessment", "panel", "zweites gesprach", "fachgesprach", "entretien technique",
        "segunda entrevista",
    ),
    Stage.RECRUITER_SCREEN: (
        "phone screen", "screen", "screening", "recruiter screen", "recruiter",
        "recruiter call", "hr interview", "first interview", "interview", "interviewing",
        "interviewed", "call", "phone", "gesprach", "vorstellungsgesprach", "telefoninterview",
        "interview scheduled", "entretien", "entrevista",
    ),
    Stage.OFFER: ("offer", "offer received", "angebot", "zusage", "offre", "oferta"),
    Stage.APPLIED: ("applied", "submitted", "application sent", "beworben", "postule"),
}
# fmt: on


def stage_words(text: str) -> str:
    """Text as the stage synonyms are written: ASCII, lower case, single spaces, padded
    with a space on each side so that a phrase can be found as `f" {p} " in words`."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " " + re.sub(r"[^a-z0-9]+", " ", plain.lower()).strip() + " "


def stage_named(text: str) -> Stage | None:
    """The stage a user typed: its name ('final_round', 'Final round') or one of its
    synonyms ('onsite', 'phone screen'); None when it is neither."""
    words = stage_words(text).strip()
    for st in Stage:
        if words in (st.value.replace("_", " "), *STAGE_SYNONYMS[st]):
            return st
    return None


class Outcome(StrEnum):
    """Where an application ended; `active` while it is still open."""

    ACTIVE = "active"
    REJECTED = "rejected"
    ACCEPTED = "accepted"
    OFFER_DECLINED = "offer_declined"
    WITHDRAWN = "withdrawn"


class RejectionKind(StrEnum):
    """The three kinds of rejection (PLAYBOOK.md §1)."""

    SILENT = "silent"
    FORM = "form"
    PERSONAL = "personal"


class Category(StrEnum):
    """What a job-search email is."""

    REJECTION = "rejection"
    APPLICATION_RECEIVED = "application_received"
    INTERVIEW = "interview"
    OFFER = "offer"
    RECRUITER_OUTREACH = "recruiter_outreach"
    OTHER = "other"


class ActionKind(StrEnum):
    """Things the playbook asks the user to do. Extend, never rename."""

    REPLY = "reply"
    FEEDBACK_REQUEST = "feedback_request"
    FEEDBACK_FOLLOW_UP = "feedback_follow_up"
    THANK_FOR_FEEDBACK = "thank_for_feedback"
    LINKEDIN_CONNECT = "linkedin_connect"
    CHECK_IN = "check_in"
    REVISIT = "revisit"
    TOUCH = "touch"
    NEXT_APPLICATION = "next_application"
    REFLECT = "reflect"
    GOAL = "goal"

    @property
    def label(self) -> str:
        """Human label for agendas."""
        return _ACTION_LABELS[self]


_ACTION_LABELS = {
    ActionKind.REPLY: "Send a short thank-you",
    ActionKind.FEEDBACK_REQUEST: "Ask for one piece of feedback",
    ActionKind.FEEDBACK_FOLLOW_UP: "Follow up once on the feedback request",
    ActionKind.THANK_FOR_FEEDBACK: "Thank them for the feedback",
    ActionKind.LINKEDIN_CONNECT: "Connect on LinkedIn with a personal note",
    ActionKind.CHECK_IN: "Send one polite check-in",
    ActionKind.REVISIT: "Revisit: look for new roles there",
    ActionKind.TOUCH: "Send a brief, useful touch",
    ActionKind.NEXT_APPLICATION: "Send the next application today",
    ActionKind.REFLECT: "Reflect on what went well and what to improve",
    ActionKind.GOAL: "Work on a goal",
}


class ActionStatus(StrEnum):
    """Lifecycle of a planned action."""

    PENDING = "pending"
    DONE = "done"
    SKIPPED = "skipped"
    SNOOZED = "snoozed"
    # recorded too late to be worth doing (a rejection logged long after it came): closed
    MISSED = "missed"


class Direction(StrEnum):
    """Whether a touch came in or went out."""

    IN = "in"
    OUT = "out"


class Channel(StrEnum):
    """How a touch travelled."""

    EMAIL = "email"
    LINKEDIN = "linkedin"
    PHONE = "phone"
    OTHER = "other"


class ContactRole(StrEnum):
    """What a contact is to the job seeker."""

    RECRUITER = "recruiter"
    HIRING_MANAGER = "hiring_manager"
    INTERVIEWER = "interviewer"
    REFERRER = "referrer"
    OTHER = "other"


class NoteKind(StrEnum):
    """Free text the user keeps: plain notes, journal entries, held messages."""

    NOTE = "note"
    JOURNAL = "journal"
    HELD = "held"


@dataclass(frozen=True)
class Application:
    """One job the user applied for."""

    id: int
    company: str
    role: str
    applied_at: datetime
    stage: Stage = Stage.APPLIED
    outcome: Outcome = Outcome.ACTIVE
    url: str | None = None
    source: str | None = None
    careers_url: str | None = None
    language: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def title(self) -> str:
        """'Role at Company'."""
        return f"{self.role} at {self.company}"


@dataclass(frozen=True)
class StageChange:
    """The application reached a stage at a moment."""

    id: int
    application_id: int
    stage: Stage
    at: datetime


@dataclass(frozen=True)
class Rejection:
    """A 'no', of one of the three kinds, with what came with it."""

    id: int
    application_id: int
    kind: RejectionKind
    stage: Stage
    received_at: datetime
    reason: str | None = None
    contact_id: int | None = None
    message_id: str | None = None
    triage_reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Feedback:
    """What the company said about the candidate, with when it came."""

    id: int
    application_id: int
    text: str
    received_at: datetime
    rejection_id: int | None = None
    source: str = "manual"


@dataclass(frozen=True)
class Contact:
    """A person met in the search: recruiter, hiring manager, interviewer, referrer."""

    id: int
    name: str
    email: str | None = None
    company: str | None = None
    role: ContactRole = ContactRole.OTHER
    linkedin_url: str | None = None
    connected: bool = False
    how_met: str | None = None
    created_at: datetime | None = None
    # `ajar contact keep`: True keeps in touch, False stops it, None lets applications decide
    keep_in_touch: bool | None = None


@dataclass(frozen=True)
class Touch:
    """A message in or out, on any channel."""

    id: int
    direction: Direction
    channel: Channel
    at: datetime
    application_id: int | None = None
    contact_id: int | None = None
    subject: str | None = None
    summary: str | None = None
    action_kind: ActionKind | None = None
    message_id: str | None = None


@dataclass(frozen=True)
class Action:
    """A thing to do, with its due date and the playbook's reason for it."""

    id: int
    key: str
    kind: ActionKind
    due: datetime
    status: ActionStatus
    reason: str
    application_id: int | None = None
    contact_id: int | None = None
    goal_id: int | None = None
    snoozed_until: datetime | None = None
    done_at: datetime | None = None
    note: str | None = None

    def effective_due(self) -> datetime:
        """When it is due, taking a snooze into account."""
        if self.status is ActionStatus.SNOOZED and self.snoozed_until is not None:
            return self.snoozed_until
        return self.due

    @property
    def open(self) -> bool:
        """Still to be done (pending or snoozed)."""
        return self.status in (ActionStatus.PENDING, ActionStatus.SNOOZED)


@dataclass(frozen=True)
class Note:
    """Free text tied to an application or contact."""

    id: int
    body: str
    created_at: datetime
    kind: NoteKind = NoteKind.NOTE
    application_id: int | None = None
    contact_id: int | None = None
    mood: int | None = None


@dataclass(frozen=True)
class Triage:
    """The playbook's reading of a rejection: its kind and why."""

    kind: RejectionKind
    reasons: tuple[str, ...]
    respond: bool
    advice: str


@dataclass(frozen=True)
class PlannedAction:
    """An action the playbook calls for, before it is stored."""

    kind: ActionKind
    due: datetime
    reason: str
    seq: int = 0
    contact_id: int | None = None
    status: ActionStatus = ActionStatus.PENDING

    def key(self, application_id: int) -> str:
        """Stable identity: the same planned action keeps its key across re-plans."""
        return f"app-{application_id}-{self.kind.value}-{self.seq}"


@dataclass(frozen=True)
class ApplicationDetail:
    """An application with everything known about it."""

    application: Application
    stages: tuple[StageChange, ...] = ()
    rejections: tuple[Rejection, ...] = ()
    feedback: tuple[Feedback, ...] = ()
    contacts: tuple[Contact, ...] = ()
    touches: tuple[Touch, ...] = ()
    actions: tuple[Action, ...] = ()
    notes: tuple[Note, ...] = ()
    triage: Triage | None = None
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def rejection(self) -> Rejection | None:
        """The latest rejection, if any."""
        return max(self.rejections, key=lambda r: r.received_at) if self.rejections else None


# Actions that are a message to someone: the drafting command writes them.
MESSAGE_KINDS = frozenset(
    {
        ActionKind.REPLY,
        ActionKind.FEEDBACK_REQUEST,
        ActionKind.FEEDBACK_FOLLOW_UP,
        ActionKind.THANK_FOR_FEEDBACK,
        ActionKind.LINKEDIN_CONNECT,
        ActionKind.CHECK_IN,
        ActionKind.TOUCH,
        ActionKind.REVISIT,
    }
)

# Template kind -> the planned action it carries out.
KINDS: dict[str, ActionKind] = {
    "reply": ActionKind.REPLY,
    "reply_feedback": ActionKind.REPLY,
    "form_reply": ActionKind.REPLY,
    "feedback_request": ActionKind.FEEDBACK_REQUEST,
    "feedback_follow_up": ActionKind.FEEDBACK_FOLLOW_UP,
    "thank_for_feedback": ActionKind.THANK_FOR_FEEDBACK,
    "linkedin_connect": ActionKind.LINKEDIN_CONNECT,
    "check_in": ActionKind.CHECK_IN,
    "touch": ActionKind.TOUCH,
    "revisit": ActionKind.REVISIT,
}
# Kinds that go by LinkedIn, not email.
LINKEDIN_KINDS = frozenset({"linkedin_connect"})


@dataclass(frozen=True)
class Answers:
    """The user's answers; None means skipped."""

    clear: bool | None = None
    fair: bool | None = None
    interest: bool | None = None
    learn: bool | None = None

    def as_tuple(self) -> tuple[bool | None, ...]:
        """In question order."""
        return (self.clear, self.fair, self.interest, self.learn)

    @property
    def any(self) -> bool:
        """True when at least one question was answered."""
        return any(a is not None for a in self.as_tuple())


@dataclass(frozen=True)
class SearchData:
    """Everything recorded about the search, as the store hands it over."""

    applications: tuple[Application, ...]
    stage_changes: tuple[StageChange, ...] = ()
    rejections: tuple[Rejection, ...] = ()
    touches: tuple[Touch, ...] = ()


@dataclass(frozen=True)
class FeedbackItem:
    """A piece of feedback to tag, with where it came from."""

    id: int
    application_id: int
    company: str
    text: str
    source: str = "manual"


@dataclass(frozen=True)
class Draft:
    """A filled message, with what is still missing from it."""

    kind: str
    variant: str
    lang: str
    subject: str
    body: str
    to_name: str | None = None
    to_addr: str | None = None
    missing: tuple[str, ...] = ()
    in_reply_to: str | None = None
    appreciation: str | None = None
    detail: str | None = None
    action_id: int | None = None

    @property
    def action_kind(self) -> ActionKind:
        """The planned action this message carries out."""
        return KINDS[self.kind]

    @property
    def to(self) -> str | None:
        """'Name <addr>', the bare address, or None; for a LinkedIn note, the name."""
        if self.by_linkedin:
            return self.to_name
        if self.to_addr and self.to_name:
            return f"{self.to_name} <{self.to_addr}>"
        return self.to_addr

    @property
    def by_linkedin(self) -> bool:
        """True for a LinkedIn note (no email recipient needed)."""
        return self.kind in LINKEDIN_KINDS

    @property
    def text(self) -> str:
        """Subject and body as one text, for the tone guard and the editor."""
        return f"Subject: {self.subject}\n\n{self.body}" if self.subject else self.body


class GoalStatus(StrEnum):
    """Where a goal stands."""

    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


@dataclass(frozen=True)
class Progress:
    """One step toward a goal."""

    id: int
    at: datetime
    note: str
    amount: int | None = None


@dataclass(frozen=True)
class Goal:
    """A SMART goal with its progress."""

    id: int
    text: str
    link: str | None
    deadline: datetime
    target: int | None
    status: GoalStatus
    created_at: datetime
    done_at: datetime | None = None
    progress: tuple[Progress, ...] = ()

    @property
    def amount(self) -> int:
        """The sum of the amounts logged so far."""
        return sum(p.amount or 0 for p in self.progress)

    @property
    def progress_text(self) -> str:
        """'3 of 5 so far', '2 entries' or 'no progress logged yet'."""
        if self.target and self.amount:
            return f"{self.amount} of {self.target} so far"
        if self.progress:
            n = len(self.progress)
            return f"{n} progress {'entry' if n == 1 else 'entries'}"
        return "no progress logged yet"


def looks_like_email(value: str) -> bool:
    """True for something that reads as one deliverable address ('Name <a@b.c>' or 'a@b.c')."""
    bare = parseaddr(value)[1]
    if not bare or bare != bare.strip() or " " in bare or bare.count("@") != 1:
        return False
    local, domain = bare.split("@")
    return bool(local) and "." in domain and not domain.startswith(".") and not domain.endswith(".")


@dataclass(frozen=True)
class WatchBoard:
    """A company whose public job board the watch reads, and how its last check went."""

    id: int
    company: str
    company_key: str
    vendor: str | None
    token: str | None
    origin: str  # manual, url, mail, or none (no board found; the user was asked)
    added_at: datetime
    application_id: int | None = None
    checked_at: datetime | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    error_at: datetime | None = None
    gone: bool = False
    requests: int = 0

    @property
    def spec(self) -> str | None:
        """'greenhouse:acmerobotics', or None when no board is known."""
        return f"{self.vendor}:{self.token}" if self.vendor and self.token else None


@dataclass(frozen=True)
class Opening:
    """An opening the watch saw on a board, with its fit and when it came and went."""

    id: int
    board_id: int
    external_id: str
    title: str
    location: str | None
    url: str | None
    posted_at: datetime | None
    first_seen_at: datetime
    last_seen_at: datetime
    fit: int
    fit_reason: str
    department: str | None = None
    remote: bool | None = None
    removed_at: datetime | None = None
    repost_of: int | None = None
    notified: bool = False

    @property
    def open(self) -> bool:
        """Still listed at the last check."""
        return self.removed_at is None


class Role(StrEnum):
    """What an account of a career centre's server may do."""

    SEEKER = "seeker"
    ADVISOR = "advisor"
    ADMIN = "admin"


@dataclass(frozen=True)
class User:
    """An account of a server (a personal home has one, the local owner)."""

    id: int
    email: str
    role: str

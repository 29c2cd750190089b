"""Keeping doors open (PLAYBOOK.md §5): the four questions, touches and revisits. Pure.

After a personal rejection the user may answer four questions; `decide` turns the
answers (any of them skipped) into two decisions, each with a stated reason:
whether the people there get a brief touch every few months, and whether the
company goes on the revisit list. An explicit keep/close always wins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from dateutil.relativedelta import relativedelta

from doorajar.errors import InvalidInput
from doorajar.model import Answers, Contact


@dataclass(frozen=True)
class Question:
    """One of the four questions, with the field its answer is kept in."""

    name: str
    text: str
    label: str


QUESTIONS: tuple[Question, ...] = (
    Question("clear", "Did they give you a clear answer, rather than silence?", "clear answer"),
    Question("fair", "Did the process feel fair to you?", "fair process"),
    Question("interest", "Would you still like to work there one day?", "long-term interest"),
    Question("learn", "Is there something to learn from what they told you?", "something to learn"),
)

KEEP, CLOSE = "keep", "close"


@dataclass(frozen=True)
class Door:
    """What to do with one door: touch the people, revisit the company, and why."""

    touches: bool
    revisit: bool
    reason: str
    decided: bool

    @property
    def state(self) -> str:
        """'open', 'ajar' (revisit only), 'closed', or 'open by default' when undecided."""
        if not self.decided:
            return "open by default"
        if self.touches and self.revisit:
            return "open"
        if self.revisit:
            return "ajar"
        return "closed"


_YES = {"y", "yes", "j", "ja", "oui", "si", "true", "1"}
_NO = {"n", "no", "nein", "non", "false", "0"}
_SKIP = {"", "-", "?", "s", "skip"}


def parse_answer(text: str) -> bool | None:
    """'y' / 'n' / '-' (skip) as True / False / None, or a clear error."""
    low = text.strip().lower()
    if low in _YES:
        return True
    if low in _NO:
        return False
    if low in _SKIP:
        return None
    raise InvalidInput(f"Answer y, n or - (skip), not '{text}'.")


def parse_answers(text: str) -> Answers:
    """'y,n,y,-' as Answers; fewer than four leaves the rest skipped."""
    parts = text.split(",")
    if len(parts) > len(QUESTIONS):
        raise InvalidInput(
            f"There are {len(QUESTIONS)} questions; got {len(parts)} answers in '{text}'."
        )
    values = [parse_answer(p) for p in parts] + [None] * (len(QUESTIONS) - len(parts))
    return Answers(*values)


def decide(
    answers: Answers | None, override: str | None, *, company: str, default_open: bool = True
) -> Door:
    """The door for one rejection, from an override or the answers, with the reason."""
    if override == KEEP:
        return Door(True, True, "You chose to keep this door open.", True)
    if override == CLOSE:
        return Door(False, False, "You chose to close this door.", True)
    if answers is None or not answers.any:
        if default_open:
            return Door(
                True,
                True,
                "Not decided yet: after a personal rejection the door stays open by default "
                "(answer the questions with `ajar door`).",
                False,
            )
        return Door(False, False, "Nothing here to keep open.", False)
    a = answers
    if a.interest is False:
        return Door(
            False,
            False,
            f"You have no long-term interest in {company}: no revisits, no touches.",
            True,
        )
    if a.clear is False and a.fair is False:
        return Door(
            False,
            False,
            "Silence and a process that felt unfair: let this one go and spend the energy "
            "elsewhere.",
            True,
        )
    good = [q.label for q, v in zip(QUESTIONS, a.as_tuple(), strict=True) if v]
    why = f"Yes to {_join(good)}" if good else "Nothing speaks against it"
    if a.fair is False:
        return Door(
            False,
            True,
            f"{why}, but the process felt unfair: revisit {company} for other teams, "
            "without keeping in touch with these people.",
            True,
        )
    return Door(
        True, True, f"{why}: keep in touch with the people and revisit {company} later.", True
    )


def _join(words: Sequence[str]) -> str:
    if len(words) > 1:
        return f"{', '.join(words[:-1])} and {words[-1]}"
    return words[0]


# --- touches ----------------------------------------------------------------------------

# Reasons to write that add something; rotated so consecutive touches differ.
TOUCH_IDEAS: tuple[str, ...] = (
    "share a short update: a project you shipped or a skill you added since you spoke",
    "send an article or talk relevant to their team's work, with one line on why",
    "mention a new certification or course you finished, and what it taught you",
    "congratulate them on news from {company} (a launch, a funding round, a milestone)",
    "ask one concrete question about their field that your recent work raised",
)


def touch_key(contact_id: int, n: int) -> str:
    """Stable key of a contact's n-th touch (0-based)."""
    return f"contact-{contact_id}-touch-{n}"


def touch_reason(contact: Contact, n: int, months: int) -> str:
    """Why to write now and what about; varies from one touch to the next."""
    idea = TOUCH_IDEAS[(contact.id + n) % len(TOUCH_IDEAS)]
    company = contact.company or "their company"
    first = contact.name.split()[0] if contact.name.split() else contact.name
    return (
        f"Keep the door open with {first} (every {months} months): "
        + idea.format(company=company)
        + ". Two or three sentences, nothing asked in return."
    )


def next_touch(base: datetime, months: int) -> datetime:
    """When the next touch is due: `months` after the last outgoing one (or the rejection)."""
    return base + relativedelta(months=months)

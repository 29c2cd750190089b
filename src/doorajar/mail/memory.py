"""What the user's corrections teach the mail reader: a local adaptation, no network.

Each correction is remembered twice. For its sender (the address, or "@domain" when the
user said so) in the sender rules, and as a labelled example: the message's template,
that is its subject and text with names, numbers, dates, addresses, links, the company
and the role masked, with what the user said the message is.

The next scan passes every classification through `Memory.adapt`:

1. A message whose template is close to a corrected one (word trigrams, Jaccard
   similarity at least `SIMILAR`) is read as that one was corrected, whoever sent it: a
   template the classifier misreads is learned from the user's own examples.
2. Otherwise what the user said about the sender applies when the classifier is unsure
   of its own reading, or, for "not job mail", when the message is bulk mail or comes
   from an automated address; a company the user named for the sender always applies.
   A sender's mail of another template, read with confidence, is left as it is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.orm import Session

from doorajar.mail.message import Classification, ParsedMessage
from doorajar.mail.senders import automated, bulk
from doorajar.model import Category, RejectionKind, Stage
from doorajar.settings import Settings
from doorajar.store import repo_mail

SIMILAR = 0.6  # how alike two templates must be for a correction to carry over
_TOKENS = 400  # templates are compared on their first words only: footers vary most

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_NUMBER = re.compile(r"\d+(?:[.,:/-]\d+)*(?:st|nd|rd|th)?", re.IGNORECASE)
_TOKEN = re.compile(r"<\w+>|[^\W\d_]+(?:['’][^\W\d_]+)?")
_SENTENCE_END = re.compile(r"[.!?:;\n]")
_DATES = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "today",
        "tomorrow",
        "yesterday",
    ]
)


def template(
    msg: ParsedMessage, *, company: str | None, role: str | None, names: Iterable[str] = ()
) -> str:
    """The message as a template: its subject and text with what differs from one
    recipient, sender or company to the next masked, lower-cased, as words."""
    text = f"{msg.subject}\n{msg.text}"
    text = _EMAIL.sub(" <email> ", text)
    text = _URL.sub(" <url> ", text)
    literals: list[tuple[str, str]] = []
    for value, mark in ((company, "<company>"), (role, "<role>")):
        if value and len(value.strip()) >= 2:
            literals.append((value.strip(), mark))
    people = [msg.from_name, *names]
    for name in people:
        for part in (name or "").replace(",", " ").split():
            if len(part) >= 2 and part[0].isupper():
                literals.append((part, "<name>"))
    for value, mark in sorted(literals, key=lambda p: len(p[0]), reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", f" {mark} ", text, flags=re.IGNORECASE)
    text = _NUMBER.sub(" <n> ", text)
    words: list[str] = []
    for sentence in _SENTENCE_END.split(text):
        for i, word in enumerate(_TOKEN.findall(sentence)):
            if word.startswith("<"):
                words.append(word)
            elif word.lower() in _DATES:
                words.append("<date>")
            elif i > 0 and word[0].isupper():
                words.append("<cap>")  # a name in mid-sentence: a person, a product, a city
            else:
                words.append(word.lower())
            if len(words) >= _TOKENS:
                return " ".join(words)
    return " ".join(words)


def _shingles(text: str) -> frozenset[tuple[str, ...]]:
    words = text.split()
    if len(words) < 3:
        return frozenset((w,) for w in words)
    return frozenset(tuple(words[i : i + 3]) for i in range(len(words) - 2))


def similarity(a: str, b: str) -> float:
    """How alike two templates are: the Jaccard similarity of their word trigrams."""
    sa, sb = _shingles(a), _shingles(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


@dataclass(frozen=True)
class _Learned:
    example: repo_mail.Example
    shingles: frozenset[tuple[str, ...]]


class Memory:
    """The corrections a scan reads with: the sender rules and the labelled examples."""

    def __init__(
        self, rules: dict[str, repo_mail.SenderRule], examples: Sequence[repo_mail.Example]
    ) -> None:
        self.rules = rules
        self.examples = [_Learned(e, _shingles(e.template)) for e in examples if e.template]

    @classmethod
    def load(cls, s: Session) -> Memory:
        """What the user has taught so far."""
        return cls(repo_mail.sender_rules(s), repo_mail.examples(s))

    def closest(self, text: str) -> tuple[repo_mail.Example, float] | None:
        """The corrected message most like this template, if one is alike enough."""
        mine = _shingles(text)
        best: tuple[repo_mail.Example, float] | None = None
        for learned in self.examples:
            union = len(mine | learned.shingles)
            score = len(mine & learned.shingles) / union if union else 0.0
            if score >= SIMILAR and (best is None or score >= best[1]):
                best = (learned.example, score)
        return best

    def adapt(self, c: Classification, msg: ParsedMessage, settings: Settings) -> Classification:
        """The classifier's reading, changed where the user's corrections say otherwise."""
        if self.examples:
            found = self.closest(template(msg, company=c.company, role=c.role))
            if found is not None:
                return _as_example(c, *found)
        return self._by_sender(c, msg, settings)

    def _by_sender(
        self, c: Classification, msg: ParsedMessage, settings: Settings
    ) -> Classification:
        if not self.rules or not msg.from_addr:
            return c
        rule = self.rules.get(msg.from_addr) or self.rules.get("@" + msg.sender_domain)
        if rule is None:
            return c
        why = f"you corrected mail from {rule.sender} before"
        company = rule.company or c.company
        unsure = c.confidence * 100 < settings.review_threshold
        not_job = rule.category == Category.OTHER.value
        if unsure or (not_job and (bulk(msg) or automated(msg))):
            category = Category(rule.category)
            kind = (
                RejectionKind(rule.kind) if rule.kind and category is Category.REJECTION else None
            )
            return replace(
                c,
                category=category,
                kind=kind,
                stage=None if not_job else c.stage,
                company=None if not_job else company,
                role=None if not_job else c.role,
                feedback=None if not_job else c.feedback,
                confidence=max(c.confidence, 0.9),
                reasons=(*c.reasons, why),
            )
        if company != c.company and not not_job:
            return replace(c, company=company, reasons=(*c.reasons, why))
        return c


def _as_example(c: Classification, ex: repo_mail.Example, score: float) -> Classification:
    category = Category(ex.category)
    kind = RejectionKind(ex.kind) if ex.kind and category is Category.REJECTION else None
    if category is Category.REJECTION and kind is None:
        kind = c.kind if c.category is Category.REJECTION else None
    stage = Stage(ex.stage) if ex.stage else (c.stage if category is c.category else None)
    why = f"reads like a message from {ex.sender} you corrected ({score:.0%} alike)"
    if category is c.category and kind == (c.kind if c.is_rejection else None):
        # read as the user would have it already: surer, and says why
        return replace(c, confidence=max(c.confidence, 0.9), reasons=(*c.reasons, why))
    other = category is Category.OTHER
    return replace(
        c,
        category=category,
        kind=kind,
        stage=None if other else stage,
        company=None if other else c.company,
        role=None if other else c.role,
        feedback=None if other else c.feedback,
        confidence=max(c.confidence, 0.9),
        reasons=(*c.reasons, why),
    )


def remember(
    s: Session,
    msg: ParsedMessage,
    c: Classification,
    *,
    sender: str,
    company: str | None,
    names: Iterable[str],
    now: datetime,
) -> None:
    """Keep a correction: for its sender (an address or "@domain"; `company` only when the
    user named one), and as a labelled example of its template."""
    if sender:
        rule = repo_mail.SenderRule(
            sender, c.category.value, c.kind.value if c.kind else None, company
        )
        repo_mail.remember_sender(s, rule, now)
    text = template(msg, company=c.company, role=c.role, names=names)
    if not text:
        return
    repo_mail.add_example(
        s,
        repo_mail.Example(
            id=0,
            message_id=msg.message_id,
            sender=msg.from_addr or sender,
            template=text,
            category=c.category.value,
            kind=c.kind.value if c.kind and c.category is Category.REJECTION else None,
            stage=c.stage.value if c.stage and c.category is not Category.OTHER else None,
        ),
        now,
    )

"""SMART goals and reflection prompts (PLAYBOOK.md §9). Pure.

`check_goal` reads a goal's wording and deadline and says which of the five SMART
parts are there, which are missing and why, with an example of a better wording. It
warns; it never refuses. The rules, one per letter:

- specific: at least four words and a concrete thing to work on (a résumé, a mock
  interview, a course, a named skill...), not only "get better at".
- measurable: a number ("5 achievements", "three talks") or a done-criterion
  ("done when...", "reviewed by", "finish", "submit", "publish").
- achievable: with a number and a deadline, the pace must fit the kind of work (e.g.
  at most one mock interview a day, a course takes a week or more), and the deadline
  should be within six months; with no number, anything from a day on is accepted.
- relevant: linked to a feedback theme or a bottleneck, given or recognised in the text.
- time-bound: a deadline in the future.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from doorajar.patterns.themes import GOAL_EXAMPLES, Theme, mentioned

# Bottleneck areas a goal can also be linked to, besides the themes.
FOCUSES: dict[str, str] = {
    "application": "the résumé and application (rejections before the recruiter screen)",
    "screen": "the recruiter screen: summary, salary, availability",
    "fit": "technical or scope fit (rejections after the hiring manager)",
}


def link_label(link: str | None) -> str | None:
    """What a goal's link means, in words."""
    if link is None:
        return None
    if link in FOCUSES:
        return FOCUSES[link]
    try:
        return Theme(link).label
    except ValueError:
        return link


@dataclass(frozen=True)
class Part:
    """One letter of SMART: met or not, and why."""

    name: str
    ok: bool
    why: str


@dataclass(frozen=True)
class SmartCheck:
    """The SMART reading of a goal."""

    parts: tuple[Part, ...]
    link: str | None
    target: int | None
    better: str | None

    @property
    def ok(self) -> bool:
        """True when all five parts are there."""
        return all(p.ok for p in self.parts)

    @property
    def missing(self) -> tuple[str, ...]:
        """Names of the parts that are missing."""
        return tuple(p.name for p in self.parts if not p.ok)


_CONCRETE = re.compile(
    r"\b(?:r[ée]sum[ée]s?|cv|cover letters?|linkedin|profile|portfolio|achievements?|bullets?|"
    r"stories|story|star|mock interviews?|interviews?|courses?|certificat\w*|certification|"
    r"projects?|repositor\w*|github|talks?|presentations?|demos?|meetups?|toastmasters|"
    r"applications?|questions?|answers?|katas?|exercises?|pitch|summary|elevator|"
    r"articles?|posts?|blog|books?|chapters?|lessons?|sessions?|hours?|minutes?|"
    r"sql|python|spark|kafka|dbt|airflow|aws|gcp|azure|kubernetes|docker|system design|"
    r"salary|research|companies|reasons?|mentor|friend|colleagues?|recruiters?)\b",
    re.I,
)
_VAGUE_ONLY = re.compile(
    r"^\s*(?:i\s+(?:will|want to|should)\s+)?(?:get|be|become|feel|do)\s+(?:a lot\s+|much\s+)?"
    r"(?:better|more|less|good|great)\b",
    re.I,
)
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "a dozen": 12,
}
_NUMBER = re.compile(
    r"\b(\d{1,4}|" + "|".join(_NUMBER_WORDS) + r")\b\s*([a-zA-Zé-]+(?:\s[a-zA-Zé-]+)?)?", re.I
)
_DONE = re.compile(
    r"\b(?:done when|finished when|complete when|reviewed by|review(?:s|ed)? it|signed off|"
    r"finish|complete|submit|publish|pass|send|sent|get certified|until)\b",
    re.I,
)

# Most of one kind of thing a person can do in a day (per-day pace), or days each takes.
_PACE: tuple[tuple[re.Pattern[str], float, str], ...] = (
    (re.compile(r"course|certificat|certification|book", re.I), 1 / 7, "a week each"),
    (re.compile(r"project|talk|presentation|demo|article|post", re.I), 1 / 2, "two days each"),
    (re.compile(r"mock|interview|session|lesson|meetup", re.I), 1.0, "one a day"),
    (re.compile(r"hour", re.I), 4.0, "four hours a day"),
    (re.compile(r"application", re.I), 8.0, "eight a day"),
    (re.compile(r"minute", re.I), 240.0, "four hours a day"),
)
_DEFAULT_PACE = (5.0, "five a day")
MAX_DAYS = 183


def _target(text: str) -> tuple[int, str] | None:
    best: tuple[int, str] | None = None
    for m in _NUMBER.finditer(text):
        raw = m.group(1).lower()
        n = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
        if raw.isdigit() and len(raw) == 4 and 1900 < n < 2200:
            continue  # a year, not a count
        unit = m.group(2) or ""
        if best is None or n > best[0]:
            best = (n, unit)
    return best


def check_goal(
    text: str, deadline: datetime | None, now: datetime, theme: str | None = None
) -> SmartCheck:
    """Check a goal against SMART; say what is missing and how a better wording reads."""
    words = text.split()
    concrete = _CONCRETE.search(text)
    vague = _VAGUE_ONLY.search(text) and not _target(text)
    if len(words) < 4:
        specific = Part("specific", False, "too short to say what you will do; name the thing")
    elif vague:
        specific = Part(
            "specific",
            False,
            "'better' or 'more' is a direction, not a thing to do; say what you will do",
        )
    elif not concrete:
        specific = Part(
            "specific",
            False,
            "it does not name a concrete thing to work on (a résumé section, a skill, "
            "a number of mock interviews...)",
        )
    else:
        specific = Part("specific", True, f"names something concrete: '{concrete.group(0)}'")

    target = _target(text)
    done = _DONE.search(text)
    if target:
        measurable = Part("measurable", True, f"has a number: {target[0]} {target[1]}".rstrip())
    elif done:
        measurable = Part("measurable", True, f"has a done-criterion: '{done.group(0)}'")
    else:
        measurable = Part(
            "measurable", False, "no number and no 'done when...': how will you know it is done?"
        )

    days = (deadline - now).total_seconds() / 86400 if deadline else None
    if days is None:
        time_bound = Part("time-bound", False, "no deadline; add one with --by")
    elif days <= 0:
        time_bound = Part("time-bound", False, "the deadline has already passed")
    else:
        time_bound = Part("time-bound", True, f"due in {_days_text(days)}")

    achievable = _achievable(target, days)

    link = theme
    if link is None:
        guessed = mentioned(text)
        link = guessed[0].value if guessed else None
        if link is None and re.search(r"r[ée]sum[ée]|\bcv\b|cover letter", text, re.I):
            link = "application"
    if theme is not None:
        relevant = Part("relevant", True, f"linked to: {link_label(theme)}")
    elif link is not None:
        relevant = Part(
            "relevant", True, f"sounds linked to: {link_label(link)} (link it with --theme {link})"
        )
    else:
        relevant = Part(
            "relevant",
            False,
            "not linked to a feedback theme or a bottleneck; add --theme to say why it matters",
        )

    parts = (specific, measurable, achievable, relevant, time_bound)
    better = None
    if not all(p.ok for p in parts):
        better = _better(text, link, deadline if achievable.ok else None, now)
    return SmartCheck(parts, link, target[0] if target else None, better)


def _days_text(days: float) -> str:
    whole = round(days)
    if whole <= 1:
        return "a day"
    if whole < 14:
        return f"{whole} days"
    return f"{round(days / 7)} weeks"


def _achievable(target: tuple[int, str] | None, days: float | None) -> Part:
    if days is None or days <= 0:
        return Part("achievable", False, "cannot size it without a future deadline")
    if days > MAX_DAYS:
        return Part(
            "achievable",
            False,
            "more than six months away: split it into smaller goals with nearer deadlines",
        )
    if target is None:
        return Part("achievable", True, "no count to size; the deadline leaves time")
    n, unit = target
    pace, pace_text = _DEFAULT_PACE
    for pattern, per_day, label in _PACE:
        if pattern.search(unit):
            pace, pace_text = per_day, label
            break
    needed = n / pace
    if needed > max(days, 1.0):
        return Part(
            "achievable",
            False,
            f"{n} {unit} in {_days_text(days)} is faster than {pace_text}; give it about "
            f"{_days_text(needed)} or aim for fewer".replace("  ", " "),
        )
    return Part("achievable", True, f"{n} {unit} in {_days_text(days)} fits".replace("  ", " "))


def _better(text: str, link: str | None, deadline: datetime | None, now: datetime) -> str:
    """The theme's model goal with a workable deadline; unlinked interview goals get the
    answers example, everything else the playbook's résumé example."""
    when = deadline if deadline and deadline > now else now + timedelta(days=14)
    day = when.strftime("%a %d %b")
    if link is None:
        interview = re.search(r"interview|answer|question", text, re.I)
        theme = Theme.ANSWERS if interview else Theme.QUANTIFIED
    elif link in Theme.__members__.values():
        theme = Theme(link)
    else:
        theme = {"screen": Theme.ANSWERS, "fit": Theme.TECHNICAL}.get(link, Theme.QUANTIFIED)
    return GOAL_EXAMPLES[theme].format(deadline=day)


# --- reflection -------------------------------------------------------------------------


@dataclass(frozen=True)
class Prompt:
    """One reflection question."""

    key: str
    part: str
    question: str


APPLICATION_PROMPTS = (
    Prompt("tailored", "application", "Was the résumé and letter shaped for this job, or generic?"),
    Prompt("errors", "application", "Any typos, wrong names or loose ends you spot now?"),
    Prompt("numbers", "application", "Did your achievements carry numbers and outcomes?"),
)
INTERVIEW_PROMPTS = (
    Prompt("answers", "interview", "Were your answers clear and short, each with an example?"),
    Prompt("questions", "interview", "Which questions did you ask them, and did they land?"),
    Prompt("presence", "interview", "How were your voice, pace and body language?"),
)
CLOSING_PROMPTS = (
    Prompt("went_well", "both", "What went well that you want to keep?"),
    Prompt("improve", "both", "One thing to do differently next time?"),
)


def reflection_prompts(interviewed: bool) -> tuple[Prompt, ...]:
    """The §9 prompts: the application always, the interview once there was one."""
    return APPLICATION_PROMPTS + (INTERVIEW_PROMPTS if interviewed else ()) + CLOSING_PROMPTS


def reflection_text(prompts: tuple[Prompt, ...], answers: dict[str, str]) -> str:
    """A journal entry from the answered prompts (unanswered ones are left out)."""
    lines = ["Reflection"]
    for p in prompts:
        answer = answers.get(p.key, "").strip()
        if answer:
            lines.append(f"- {p.question}\n  {answer}")
    return "\n".join(lines)


MOOD_WORDS = {1: "very low", 2: "low", 3: "so-so", 4: "fairly good", 5: "good"}

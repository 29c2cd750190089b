"""Feedback themes (PLAYBOOK.md §8): tag feedback, find repeats, suggest actions. Pure.

A theme applies to a piece of feedback when one clause of it names the theme's topic
*and* signals a gap ("too general", "more hands-on", "fehlt", "manque de"...), or when
it contains one of the theme's self-standing phrases ("seemed nervous") that is not
negated ("not nervous at all"). Praise tags nothing: neither "strong technically" nor a
clause like "no concerns about your SQL" that mentions a topic with praise.
English is the most complete; German, French and Spanish phrases are covered for the
common cases.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from doorajar.model import FeedbackItem


class Theme(StrEnum):
    """The feedback themes of PLAYBOOK.md §8."""

    EXPERIENCE = "experience"
    COMMUNICATION = "communication"
    NERVES = "nerves"
    ENTHUSIASM = "enthusiasm"
    TECHNICAL = "technical"
    ANSWERS = "answers"
    QUANTIFIED = "quantified"
    QUESTION_TYPE = "question_type"

    @property
    def label(self) -> str:
        """Human label."""
        return _LABELS[self]


_LABELS = {
    Theme.EXPERIENCE: "experience did not match what they needed",
    Theme.COMMUNICATION: "communication",
    Theme.NERVES: "came across as nervous",
    Theme.ENTHUSIASM: "enthusiasm did not come through",
    Theme.TECHNICAL: "a technical skill gap",
    Theme.ANSWERS: "answers too short or unclear",
    Theme.QUANTIFIED: "achievements without numbers / business sense",
    Theme.QUESTION_TYPE: "a type of question (behavioural, technical, case)",
}

ACTIONS: dict[Theme, tuple[str, ...]] = {
    Theme.EXPERIENCE: (
        "Tailor the résumé and cover letter to each posting: lead with the experience the ad asks for.",
        "Close the gap on purpose: a short course, a side project or volunteer work in that area.",
    ),
    Theme.COMMUNICATION: (
        "Join a speaking group (Toastmasters or a local meetup) and speak there monthly.",
        "Volunteer to present in your current role: a demo, a retro, a lunch talk.",
    ),
    Theme.NERVES: (
        "Build a calming routine for the hour before interviews (breathing, a walk, notes).",
        "Do mock interviews until the format feels familiar; nerves shrink with repetition.",
    ),
    Theme.ENTHUSIASM: (
        "Research each company before the call: product, news, the team's recent work.",
        "Write down three concrete reasons this role excites you, and say them out loud.",
    ),
    Theme.TECHNICAL: (
        "Pick the named skill and practise it deliberately: a course, katas, a small project.",
        "Show the new skill somewhere visible: a repository, a write-up, a certificate.",
    ),
    Theme.ANSWERS: (
        "Answer in situation–task–action–result form, always with one example.",
        "Record yourself answering common questions and trim each to about two minutes.",
    ),
    Theme.QUANTIFIED: (
        "Rewrite achievements as measured outcomes ('cut report time by 40%', not 'owned reports').",
        "For each project, note the business effect: money, time, risk or customers.",
    ),
    Theme.QUESTION_TYPE: (
        "Practise that question type with a friend or mentor until it runs smoothly.",
        "Collect ten typical questions of that type and prepare an outline for each.",
    ),
}

# A SMART example per theme, with {deadline} to fill in.
GOAL_EXAMPLES: dict[Theme, str] = {
    Theme.EXPERIENCE: "Tailor my résumé for 5 applications to roles that match my experience "
    "by {deadline}; done when each has a cover letter naming the posting's top 3 needs.",
    Theme.COMMUNICATION: "Give 2 short talks (a team demo and a meetup lightning talk) by "
    "{deadline}; done when I have asked one listener for feedback after each.",
    Theme.NERVES: "Do 4 mock interviews with a friend by {deadline}; done when I rated my "
    "calm 4 of 5 or better in the last two.",
    Theme.ENTHUSIASM: "Write 3 concrete reasons I want each of my next 5 applications by "
    "{deadline}; done when each list is in my notes before the first call.",
    Theme.TECHNICAL: "Finish 1 course on the named skill and build 1 small project with it by "
    "{deadline}; done when the project is public with a README.",
    Theme.ANSWERS: "Write 6 STAR stories (situation, task, action, result) by {deadline}; "
    "done when each fits in two minutes out loud.",
    Theme.QUANTIFIED: "Add 5 quantified achievements to my résumé by {deadline}; done when "
    "two colleagues have reviewed them.",
    Theme.QUESTION_TYPE: "Practise 8 questions of the type I struggled with by {deadline}; "
    "done when a mentor has run me through 2 of them live.",
}

# --- phrase rules -----------------------------------------------------------------------

# Signals that a clause is about a gap, not praise.
_GAP = (
    r"not enough|too|lack\w*|missing|more|less|further|deeper|depth|hands[- ]on|stronger|"
    r"larger|broader|wider|limited|weak\w*|could have|could be|would have liked|wanted|"
    r"hoped|needed|need to|improve\w*|work on|hard to|difficult\w*|did not|didn't|"
    r"was not|wasn't|were not|weren't|not quite|not (?:yet )?(?:at|up to)|rather|somewhat|"
    r"a bit|gap|short(?: on)?|stayed|general|vague|unclear|little|few|barely|hardly|"
    # de
    r"fehl\w*|zu wenig|mehr|nicht|kaum|schwach\w*|ausbaufähig|verbessern|tiefer\w*|"
    # fr
    r"manqu\w*|pas assez|trop|plus de|insuffisa\w*|davantage|améliorer|approfondi\w*|"
    # es
    r"falt\w*|poca|poco|más|insuficiente\w*|mejorar|no\b"
)


@dataclass(frozen=True)
class _Rule:
    theme: Theme
    topics: str | None  # need a gap signal in the same clause
    phrases: str = ""  # stand on their own


_RULES: tuple[_Rule, ...] = (
    _Rule(
        Theme.EXPERIENCE,
        r"experience|background|profile|track record|seniority|domain knowledge|"
        r"erfahrung\w*|hintergrund|profil|expérience|parcours|experiencia|perfil|trayectoria",
        r"(?:another|other|the other|a different) (?:candidate|finalist|applicant)s? "
        r"(?:had|with|who had|brought|was closer|whose)|closer (?:match|fit)|"
        r"not (?:quite )?the right fit|"
        r"passt(?:e)? nicht|ne correspond(?:ait)? pas|no encaja\w*",
    ),
    _Rule(
        Theme.COMMUNICATION,
        r"communicat\w*|articulat\w*|explain\w*|explanations?|stakeholders?|presentation|"
        r"kommunikation\w*|kommuniz\w*|erklär\w*|communication|communiquer|expliqu\w*|"
        r"comunicación|comunicar|explicaci\w*",
        r"hard to follow|difficult to follow|schwer zu folgen|difficile à suivre|difícil de seguir",
    ),
    _Rule(
        Theme.NERVES,
        r"confiden\w*|composure|selbstsicher\w*|selbstbewusst\w*|assurance|confianza|seguridad",
        r"nervous\w*|nerves|anxious|tense|jittery|on edge|stressed|"
        r"nervös|angespannt|aufgeregt|nerveu(?:x|se)|stressé\w*|tendu\w*|"
        r"nervios[oa]s?|ansios[oa]s?|tens[oa]s?",
    ),
    _Rule(
        Theme.ENTHUSIASM,
        r"enthusias\w*|motivat\w*|passion\w*|excite\w*|energy|interest in (?:the|our) "
        r"(?:role|company|team|mission|product)|"
        r"begeisterung|motivation|leidenschaft|interesse|enthousiasme|envie|"
        r"entusiasmo|motivación|pasión|interés",
        r"(?:did not|didn't) seem (?:very )?(?:interested|excited|keen)|"
        r"seemed (?:un|dis)interested",
    ),
    _Rule(
        Theme.TECHNICAL,
        r"technical\w*|technically|skills?|coding|programming|sql|python|java|scala|spark|kafka|"
        r"dbt|airflow|kubernetes|docker|terraform|aws|gcp|azure|snowflake|databricks|"
        r"system design|data modell?ing|algorithms?|statistics|machine learning|"
        r"technisch\w*|kenntnisse|fähigkeiten|compétences?|techniques?|técnic\w*|habilidades",
        r"skills? gap|technical gap|technische lücke|lacune technique|brecha técnica",
    ),
    _Rule(
        Theme.ANSWERS,
        r"answers?|responses?|examples?|replies|stories|structure\w*|"
        r"antwort\w*|beispiel\w*|réponses?|exemples?|respuestas?|ejemplos?",
        r"ramble\w*|went off on tangents|star (?:method|format)",
    ),
    _Rule(
        Theme.QUANTIFIED,
        r"numbers|metrics|quantif\w*|measur\w*|impact|results|outcomes|business value|"
        r"commercial\w*|revenue|roi\b|"
        r"zahlen|kennzahlen|ergebnisse|wirkung|kaufmännisch\w*|chiffres|résultats|impact|"
        r"cifras|resultados|métricas|impacto",
        r"commercial (?:acumen|awareness)|business acumen",
    ),
    _Rule(
        Theme.QUESTION_TYPE,
        None,  # only phrases: the type of question plus a struggle, in either order
        r"(?:struggl\w*|difficult\w*|trouble|hard time|stuck|did not (?:finish|complete|solve)|"
        r"could(?:n't| not) (?:finish|complete|solve)|Schwierigkeiten|difficultés?|dificultad\w*)"
        r"[^.;!?]{0,60}?(?:behaviou?ral|case (?:study|interview|question)s?|technical "
        r"(?:question|round|exercise|interview)s?|coding (?:exercise|challenge|round|interview)s?|"
        r"system design|whiteboard|take[- ]home|brain ?teasers?|fallstudie|étude de cas|"
        r"caso práctico|live[- ]coding)|"
        r"(?:behaviou?ral|case (?:study|interview)|technical|coding|system design|"
        r"whiteboard|take[- ]home|live[- ]coding)\s?(?:questions?|rounds?|exercises?|"
        r"challenges?|interviews?|tasks?|parts?)?[^.;!?]{0,40}?(?:struggl\w*|"
        r"difficult\w*|did not go well|didn't go well|was weaker|weakest|"
        r"not (?:complete|finish|solve)\w*|unfinished)",
    ),
)

_CLAUSES = re.compile(
    r"[.;!?\n]+|,\s*|\s+(?:but|however|although|though|whereas|aber|jedoch|mais|cependant|"
    r"pero|sin embargo)\s+",
    re.I,
)
_NEGATED = re.compile(
    r"(?:\bnot|\bnever|\bno sign of|\bwithout|\bnicht|\bkein\w*|\bpas\b|\bjamais|\bnunca|"
    r"\bsin)\s+(?:\w+\s+){0,2}$",
    re.I,
)
_GAP_RE = re.compile(rf"\b(?:{_GAP})\b", re.I)
# A clause that praises ("no concerns about your SQL", "more than enough experience") is not
# about a gap, even though "no" or "more" appear in it; "not as strong" still is.
_PRAISE = re.compile(
    r"(?<!not )(?<!not as )(?<!not so )(?<!less )\b(?:no (?:concerns?|doubts?|issues?|problems?|"
    r"worries)|more than (?:enough|sufficient|adequate)|nothing to (?:improve|fault)|"
    r"impress\w*|excellent|outstanding|brilliant\w*|great|strong(?:ly)?|solid|loved|"
    r"ausgezeichnet|hervorragend|stark|excellent\w*|très bon\w*|excelente|muy buen[ao]s?)\b",
    re.I,
)


@dataclass(frozen=True)
class ThemeTag:
    """A theme found in a text, with the phrases that decided it."""

    theme: Theme
    phrases: tuple[str, ...]


# each rule's phrases and topics, compiled once
_COMPILED: tuple[tuple[_Rule, re.Pattern[str] | None, re.Pattern[str] | None], ...] = tuple(
    (
        rule,
        re.compile(rf"\b(?:{rule.phrases})", re.I) if rule.phrases else None,
        re.compile(rf"\b(?:{rule.topics})\b", re.I) if rule.topics else None,
    )
    for rule in _RULES
)


@lru_cache(maxsize=16384)
def tag(text: str) -> tuple[ThemeTag, ...]:
    """Every theme in a piece of feedback (several can apply), in the order of §8.

    The same text always gets the same (immutable) tags, so they are remembered: form
    rejections and repeated feedback are read once."""
    found: dict[Theme, list[str]] = {}
    clauses = [c for c in _CLAUSES.split(text) if c and c.strip()]
    for rule, phrases_re, topics_re in _COMPILED:
        phrases: list[str] = []
        if phrases_re is not None:
            for m in phrases_re.finditer(text):
                if not _NEGATED.search(text[: m.start()]):
                    phrases.append(m.group(0))
        if topics_re is not None:
            for clause in clauses:
                topic = topics_re.search(clause)
                gaps = [g.group(0) for g in _GAP_RE.finditer(clause)]
                if topic is not None and gaps and not _PRAISE.search(clause):
                    phrases.append(f"{topic.group(0)} … {' '.join(dict.fromkeys(gaps))}")
        if phrases:
            found[rule.theme] = list(dict.fromkeys(p.strip() for p in phrases))
    return tuple(ThemeTag(th, tuple(found[th])) for th in Theme if th in found)


# --- across the search ------------------------------------------------------------------


@dataclass(frozen=True)
class TaggedFeedback:
    """A piece of feedback and its themes."""

    item: FeedbackItem
    tags: tuple[ThemeTag, ...]


@dataclass(frozen=True)
class ThemeSummary:
    """One theme across the search: where it came up and what to do about it."""

    theme: Theme
    label: str
    companies: tuple[str, ...]
    mentions: int
    repeated: bool
    phrases: tuple[str, ...]
    actions: tuple[str, ...]


@dataclass(frozen=True)
class ThemeReport:
    """Every piece of feedback with its themes, and the themes ranked by how often."""

    tagged: tuple[TaggedFeedback, ...]
    themes: tuple[ThemeSummary, ...]
    untagged: int

    @property
    def repeated(self) -> tuple[ThemeSummary, ...]:
        """Themes that came up at two or more companies."""
        return tuple(t for t in self.themes if t.repeated)


def themes(items: Iterable[FeedbackItem]) -> ThemeReport:
    """Tag all feedback; a theme is repeated when two or more companies raised it."""
    tagged = tuple(TaggedFeedback(i, tag(i.text)) for i in items)
    out = []
    for th in Theme:
        hits = [t for t in tagged if any(x.theme is th for x in t.tags)]
        if not hits:
            continue
        companies = tuple(dict.fromkeys(t.item.company for t in hits))
        phrases = tuple(
            dict.fromkeys(p for t in hits for x in t.tags if x.theme is th for p in x.phrases)
        )
        out.append(
            ThemeSummary(
                th,
                th.label,
                companies,
                len(hits),
                len({c.lower() for c in companies}) >= 2,
                phrases,
                ACTIONS[th],
            )
        )
    out.sort(key=lambda s: (-len(s.companies), -s.mentions, list(Theme).index(s.theme)))
    return ThemeReport(tagged, tuple(out), sum(1 for t in tagged if not t.tags))


def theme_of(name: str) -> Theme | None:
    """A theme from its key or a word of its label; None when nothing fits."""
    key = name.strip().lower().replace("-", "_").replace(" ", "_")
    for th in Theme:
        if key == th.value:
            return th
    return None


def mentioned(text: str) -> Sequence[Theme]:
    """Themes whose topic words a text mentions (used to guess a goal's link)."""
    out = []
    for rule in _RULES:
        if rule.topics and re.search(rf"\b(?:{rule.topics})\b", text, re.I):
            out.append(rule.theme)
    return out

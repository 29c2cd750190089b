"""How well an opening fits: role family, seniority and place, with the reasons. Pure.

The score (0 to 100) adds three parts. The role family (60 when it is the family of the
role the user applied for at this company, 45 for a family they applied for elsewhere,
40 for a title sharing most of its words with one of them when a family is unknown, 15
for a related family: data analysis beside data engineering); the level (25 for the same
seniority, 20 one level up, 15 one level down, 5 two levels away); the place (15 when the
opening is remote and remote suits the user, or in one of their places, or when they set
no preference). Only the family can make an opening fit: a different or related family
scores 55 at most, below the default threshold of 60.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

# Phrases that name a family, the more specific first: "data engineer" before "engineer".
# fmt: off
FAMILIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("machine learning", ("machine learning", "ml engineer", "ml ops", "mlops", "ai engineer",
                          "deep learning", "computer vision", "nlp")),
    ("data engineering", ("data engineer", "data engineering", "analytics engineer", "etl",
                          "data platform", "data infrastructure", "big data")),
    ("data science", ("data scientist", "data science", "research scientist", "statistician")),
    ("data analysis", ("data analyst", "business intelligence", "bi analyst", "bi developer",
                       "analytics", "insights analyst", "business analyst")),
    ("infrastructure", ("devops", "site reliability", "sre", "platform engineer",
                        "infrastructure", "cloud engineer", "systems engineer")),
    ("security", ("security", "penetration", "soc analyst")),
    ("quality assurance", ("qa", "quality assurance", "test engineer", "tester", "sdet")),
    ("software engineering", ("software engineer", "software developer", "developer",
                              "backend", "back end", "frontend", "front end", "full stack",
                              "fullstack", "programmer", "swe", "mobile engineer", "ios",
                              "android", "web engineer", "software engineering")),
    ("product management", ("product manager", "product owner", "product lead",
                            "product management")),
    ("project management", ("project manager", "program manager", "programme manager",
                            "scrum master", "delivery manager")),
    ("design", ("designer", "ux", "ui", "user research", "design")),
    ("marketing", ("marketing", "growth", "content", "seo", "brand", "communications")),
    ("sales", ("sales", "account executive", "business development", "account manager",
               "sdr", "bdr")),
    ("customer success", ("customer success", "customer support", "support engineer",
                          "customer service", "solutions engineer")),
    ("people", ("recruiter", "talent", "hr", "human resources", "people partner")),
    ("finance", ("finance", "financial", "accountant", "accounting", "controller")),
    ("operations", ("operations", "ops manager")),
)
# Seniority words and their level; a title without one is level 2 (mid).
LEVELS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (7, ("vp", "vice president", "chief", "cto", "cfo", "cmo")),
    (6, ("head of", "director")),
    (5, ("principal", "distinguished", "architect")),
    (4, ("staff", "lead", "tech lead")),
    (3, ("senior", "sr", "snr")),
    (1, ("junior", "jr", "graduate", "entry level", "associate")),
    (0, ("intern", "internship", "trainee", "apprentice", "werkstudent")),
)
# fmt: on
# Families close enough to rank above the rest, never enough to fit on their own.
RELATED: tuple[frozenset[str], ...] = (
    frozenset({"data engineering", "data science", "data analysis", "machine learning"}),
    frozenset(
        {
            "software engineering",
            "infrastructure",
            "quality assurance",
            "security",
            "data engineering",
            "machine learning",
        }
    ),
    frozenset({"product management", "project management", "design"}),
    frozenset({"sales", "customer success", "marketing"}),
)
MID = 2
_STEP_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}
_SMALL = frozenset({"and", "or", "of", "the", "a", "an", "for", "in", "at", "m", "f", "w", "d"})


@dataclass(frozen=True)
class Preferences:
    """Where the user wants to work: places (lower case) and 'any', 'remote' or 'onsite'."""

    places: tuple[str, ...] = ()
    remote: str = "any"


@dataclass(frozen=True)
class Fit:
    """A score from 0 to 100 and the reasons for it, in the order they count."""

    score: int
    reasons: tuple[str, ...]
    family: str | None

    @property
    def explanation(self) -> str:
        """'same family: data engineering; one level up; remote'."""
        return "; ".join(self.reasons)


def words(text: str) -> str:
    """ASCII lower-case words, padded with a space each side for phrase lookups."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " " + re.sub(r"[^a-z0-9]+", " ", plain.lower()).strip() + " "


def family(title: str) -> str | None:
    """The role family a title belongs to, or None when no phrase names one."""
    w = words(title)
    for name, phrases in FAMILIES:
        if any(f" {p} " in w for p in phrases):
            return name
    return None


def level(title: str) -> int:
    """The seniority of a title, 0 (intern) to 7 (VP); 2 when it names none."""
    w = words(title)
    for lvl, phrases in LEVELS:
        if any(f" {p} " in w for p in phrases):
            return lvl
    return MID


def _significant(title: str) -> set[str]:
    return {x for x in words(title).split() if x not in _SMALL and not x.isdigit()}


def _similar(a: str, b: str) -> bool:
    wa, wb = _significant(a), _significant(b)
    return bool(wa and wb) and len(wa & wb) / len(wa | wb) >= 0.5


def _related(a: str, b: str) -> bool:
    return any(a in group and b in group for group in RELATED)


def _level_part(diff: int) -> tuple[int, str]:
    if diff == 0:
        return 25, "same level"
    steps = _STEP_WORDS.get(abs(diff), str(abs(diff)))
    plural = "" if abs(diff) == 1 else "s"
    text = f"{steps} level{plural} {'up' if diff > 0 else 'down'}"
    return {1: 20, -1: 15, 2: 5, -2: 5}.get(diff, 0), text


def _place_part(location: str | None, remote: bool | None, prefs: Preferences) -> tuple[int, str]:
    where = words(location or "")
    is_remote = remote is True or " remote " in where
    if is_remote and prefs.remote != "onsite":
        return 15, "remote"
    if prefs.remote == "remote":
        return 0, "not remote"
    for place in prefs.places:
        if words(place) in where:
            return 15, f"in {place.strip().title()}"
    if prefs.places:
        return 0, f"not in your places ({location})" if location else "place not given"
    return 15, f"in {location}" if location else "place not given"


def fit(
    title: str,
    location: str | None,
    remote: bool | None,
    *,
    here: Sequence[str],
    elsewhere: Sequence[str] = (),
    prefs: Preferences = Preferences(),
) -> Fit:
    """How close an opening is to the roles applied for at this company (`here`) and
    elsewhere, with the reasons."""
    fam = family(title)
    best: tuple[int, str, str] | None = None  # points, reason, the role it matched
    for pool, points, where in (
        (here, 60, ""),
        (elsewhere, 45, " (roles you applied for elsewhere)"),
    ):
        for role in pool:
            theirs = family(role)
            if fam is not None and theirs == fam:
                cand = (points, f"same family: {fam}{where}", role)
            elif (fam is None or theirs is None) and _similar(title, role):
                cand = (40, f"a similar title to {role}", role)
            elif fam is not None and theirs is not None and _related(fam, theirs):
                cand = (15, f"related family: {fam} (you applied for {theirs})", role)
            else:
                continue
            if best is None or cand[0] > best[0]:
                best = cand
        if best is not None and best[0] == points:
            break
    if best is None:
        applied = sorted({f for f in map(family, (*here, *elsewhere)) if f})
        theirs = f" (you applied for {', '.join(applied)})" if applied else ""
        reasons = [f"different family: {fam or 'unknown'}{theirs}"]
        place, why = _place_part(location, remote, prefs)
        return Fit(0, (*reasons, why), fam)
    lvl_points, lvl_why = _level_part(level(title) - level(best[2]))
    place, place_why = _place_part(location, remote, prefs)
    return Fit(best[0] + lvl_points + place, (best[1], lvl_why, place_why), fam)


def repost_key(title: str, location: str | None) -> str:
    """What makes two postings the same role posted again: the title's and the place's
    words, without seniority numbering or case."""
    return (words(title).strip() + " @ " + words(location or "").strip()).strip()

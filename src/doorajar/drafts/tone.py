"""The tone guard: text and context in, findings with spans and rewrites out.

Pure. The rules live in `tone_rules.toml` beside this module; this code only knows
how each kind of check looks at a text. Every sentence is read by the move model
(`moves.py`); a harmful move is a finding on that sentence, and so is a phrase rule.
Severity: `error` blocks sending, `warning` asks first, `advice` only suggests.
"""

from __future__ import annotations

import bisect
import gzip
import re
import sys
import tomllib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import Any

from doorajar.drafts import moves, sentences
from doorajar.errors import InvalidInput

SEVERITIES = ("error", "warning", "advice")
CHECKS = frozenset(
    {
        "phrases",
        "requires",
        "length",
        "questions",
        "second_follow_up",
        "caps",
        "spelling",
        "char_limit",
        "moves",
        "profanity",
    }
)

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# The longest text the tone guard reads: ten times a long cover letter. Its sentence model
# costs about a millisecond a sentence, so this keeps the worst text to a few seconds.
MAX_CHARS = 10_000
_URL_OR_EMAIL = re.compile(r"(?:https?://|www\.)\S+|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@dataclass(frozen=True)
class Context:
    """What the guard knows about the message: its kind, language and the record."""

    kind: str | None = None
    lang: str = "en"
    known_words: frozenset[str] = frozenset()
    char_limit: int = 300
    prior_follow_ups: int = 0
    spelling: bool = True
    # True when the kind was worked out from the text rather than given: rules for a kind
    # then only advise, and length limits do not apply.
    guessed: bool = False


@dataclass(frozen=True)
class Finding:
    """One problem (or missing good thing) in a text."""

    rule: str
    severity: str
    span: tuple[int, int]
    message: str
    suggestion: str
    emotional: bool = False
    sentence: str | None = None
    move: str | None = None

    @property
    def harmful_move(self) -> str | None:
        """The sentence's move when it is a harmful one (what the finding is about)."""
        return self.move if self.move in moves.HARMFUL else None

    def to_json(self) -> dict[str, Any]:
        """The `ajar check --json` shape (DESIGN.md)."""
        return {
            "rule": self.rule,
            "severity": self.severity,
            "span": [self.span[0], self.span[1]],
            "message": self.message,
            "suggestion": self.suggestion,
            "sentence": self.sentence,
            "move": self.move,
        }


@dataclass(frozen=True)
class Report:
    """What `ajar check` says about a text: the findings, and the kind it was judged as."""

    findings: tuple[Finding, ...]
    kind: str | None
    guessed: bool

    @property
    def ok(self) -> bool:
        """No error or warning (advice alone leaves a text ok)."""
        return ok(self.findings)

    def to_json(self) -> dict[str, Any]:
        """The `ajar check --json` document (DESIGN.md)."""
        return {
            "ok": self.ok,
            "kind": self.kind,
            "kind_guessed": self.guessed,
            "findings": [f.to_json() for f in self.findings],
        }


@dataclass(frozen=True)
class Case:
    """An example a rule must (expect=True) or must not flag."""

    text: str
    expect: bool
    kind: str | None = None
    prior_follow_ups: int = 0
    limit: int = 300
    known: tuple[str, ...] = ()
    lang: str = "en"

    @property
    def context(self) -> Context:
        """The context this example is checked in."""
        return Context(
            kind=self.kind,
            lang=self.lang,
            char_limit=self.limit,
            prior_follow_ups=self.prior_follow_ups,
            known_words=frozenset(self.known),
        )


@dataclass(frozen=True)
class Rule:
    """One rule from the rules file."""

    id: str
    check: str
    severity: str
    message: str
    suggestion: str
    kinds: tuple[str, ...] = ()
    patterns: tuple[re.Pattern[str], ...] = ()
    emotional: bool = False
    limits: dict[str, int] = field(default_factory=dict)
    default_limit: int = 0
    max: int = 1
    min_letters: int = 4
    allow: frozenset[str] = frozenset()
    languages: tuple[str, ...] = ()
    cases: tuple[Case, ...] = ()
    move: str | None = None
    by_kind: dict[str, str] = field(default_factory=dict)
    # the patterns as one alternation: one pass over the text instead of one per pattern
    joined: re.Pattern[str] | None = None

    def applies(self, kind: str | None) -> bool:
        """Whether the rule looks at a message of this kind."""
        if not self.kinds:
            return True
        return kind in self.kinds


def _rule(raw: dict[str, Any]) -> Rule:
    check = raw["check"]
    if check not in CHECKS:
        raise ValueError(f"tone rule {raw['id']}: unknown check {check!r}")
    if raw["severity"] not in SEVERITIES:
        raise ValueError(f"tone rule {raw['id']}: unknown severity {raw['severity']!r}")
    flags = 0 if raw.get("case_sensitive") else re.IGNORECASE
    move = raw.get("move")
    if move is not None and move not in moves.HARMFUL:
        raise ValueError(f"tone rule {raw['id']}: unknown move {move!r}")
    return Rule(
        id=raw["id"],
        check=check,
        severity=raw["severity"],
        message=raw["message"],
        suggestion=raw["suggestion"],
        kinds=tuple(raw.get("kinds", ())),
        patterns=tuple(re.compile(p, flags) for p in raw.get("patterns", ())),
        joined=(
            re.compile("|".join(f"(?:{p})" for p in raw["patterns"]), flags)
            if raw.get("patterns")
            else None
        ),
        emotional=bool(raw.get("emotional", False)),
        limits=dict(raw.get("limits", {})),
        default_limit=int(raw.get("default_limit", 0)),
        max=int(raw.get("max", 1)),
        min_letters=int(raw.get("min_letters", 4)),
        allow=frozenset(raw.get("allow", ())),
        languages=tuple(raw.get("languages", ())),
        move=raw.get("move"),
        by_kind=dict(raw.get("by_kind", {})),
        cases=tuple(
            Case(
                text=c["text"],
                expect=bool(c["expect"]),
                kind=c.get("kind"),
                prior_follow_ups=int(c.get("prior_follow_ups", 0)),
                limit=int(c.get("limit", 300)),
                known=tuple(c.get("known", ())),
                lang=c.get("lang", "en"),
            )
            for c in raw.get("cases", ())
        ),
    )


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    """Every rule in the packaged rules file, in file order."""
    raw = (resources.files("doorajar.drafts") / "tone_rules.toml").read_bytes()
    return tuple(_rule(r) for r in tomllib.loads(raw.decode("utf-8"))["rules"])


def check(
    text: str, context: Context | None = None, only: Sequence[Rule] | None = None
) -> list[Finding]:
    """Every finding in a text, in the order they appear; a text over `MAX_CHARS` is
    refused in one line (below it the check takes time in proportion to the text)."""
    if len(text) > MAX_CHARS:
        raise InvalidInput(
            f"The text is {len(text):,} characters long; the tone check reads messages of up "
            f"to {MAX_CHARS:,} (a few short paragraphs are best anyway). Shorten it and check "
            "again."
        )
    context = context or Context()
    out: list[Finding] = []
    for rule in only if only is not None else rules():
        if not rule.applies(context.kind):
            continue
        if context.guessed and rule.check in ("length", "char_limit"):
            continue  # limits belong to a kind the writer named
        found = _CHECKERS[rule.check](rule, text, context)
        if context.guessed and rule.kinds:
            found = [replace(f, severity="advice") for f in found]
        out.extend(found)
    out = _placed(text, out)
    # what is missing from the whole message comes after what is wrong in it
    return sorted(out, key=lambda f: (f.span == (0, 0), f.span, f.rule))


def _placed(text: str, found: list[Finding]) -> list[Finding]:
    """Each finding with its sentence and that sentence's move; one harmful finding per
    sentence (a phrase rule's reading is kept over the model's)."""
    parts, readings = _read(text)
    model_rules = {r.id for r in rules() if r.check == "moves"}
    by_start = {p.start: (p, r) for p, r in zip(parts, readings, strict=True)}
    phrased: dict[int, str] = {}
    for f in found:
        if f.move is not None and f.rule not in model_rules and f.span[1] > f.span[0]:
            where = sentences.at(parts, f.span[0])
            if where is not None:
                phrased.setdefault(where.start, f.move)
    out = []
    for f in found:
        where = sentences.at(parts, f.span[0]) if f.span[1] > f.span[0] else None
        if where is None:
            out.append(f)
            continue
        if f.rule in model_rules and where.start in phrased:
            continue
        move = f.move or phrased.get(where.start) or by_start[where.start][1].move
        out.append(replace(f, sentence=where.text, move=move))
    return out


def _read(text: str) -> tuple[list[sentences.Sentence], list[moves.Reading]]:
    return _read_with(moves.model(), text)


@lru_cache(maxsize=16)
def _read_with(
    model: moves.Model, text: str
) -> tuple[list[sentences.Sentence], list[moves.Reading]]:
    parts = sentences.split(text)
    return parts, moves.read([p.text for p in parts], model)


def guess_kind(text: str) -> str:
    """Which kind of message the text most likely is (reply, check_in, ...)."""
    return moves.kind(text)


def readings(text: str) -> list[tuple[sentences.Sentence, moves.Reading]]:
    """Each sentence of the text with the move the model reads in it."""
    parts, found = _read(text)
    return list(zip(parts, found, strict=True))


def ok(findings: Sequence[Finding]) -> bool:
    """True when nothing needs fixing or confirming (advice is fine)."""
    return not any(f.severity in ("error", "warning") for f in findings)


def advice(findings: Sequence[Finding]) -> list[Finding]:
    """The findings that only suggest an improvement."""
    return [f for f in findings if f.severity == "advice"]


def errors(findings: Sequence[Finding]) -> list[Finding]:
    """The findings that block sending."""
    return [f for f in findings if f.severity == "error"]


def warnings(findings: Sequence[Finding]) -> list[Finding]:
    """The findings that need a confirmation before sending."""
    return [f for f in findings if f.severity == "warning"]


def emotional(findings: Sequence[Finding]) -> bool:
    """True when the text is better kept as a private journal note."""
    return any(f.emotional for f in findings)


def char_count(text: str) -> int:
    """Characters as LinkedIn counts them: Unicode characters after NFC, line breaks inside
    the note included (a final line break is not part of what you paste)."""
    return len(unicodedata.normalize("NFC", text.rstrip("\n")))


def _finding(rule: Rule, span: tuple[int, int], **fmt: Any) -> Finding:
    return Finding(
        rule=rule.id,
        severity=rule.severity,
        span=span,
        message=rule.message.format(**fmt) if fmt else rule.message,
        suggestion=rule.suggestion.format(**fmt) if fmt else rule.suggestion,
        emotional=rule.emotional,
        move=rule.move,
    )


def _phrases(rule: Rule, text: str, context: Context) -> list[Finding]:
    if rule.joined is None:
        return []
    return [_finding(rule, (m.start(), m.end())) for m in rule.joined.finditer(text)]


def _requires(rule: Rule, text: str, context: Context) -> list[Finding]:
    if rule.joined is not None and rule.joined.search(text):
        return []
    return [_finding(rule, (0, 0))]


def _length(rule: Rule, text: str, context: Context) -> list[Finding]:
    limit = rule.limits.get(context.kind or "", rule.default_limit)
    words = list(re.finditer(r"\S+", text))
    if not limit or len(words) <= limit:
        return []
    f = _finding(rule, (words[limit].start(), len(text)))
    return [
        Finding(
            f.rule,
            f.severity,
            f.span,
            f"{f.message} ({len(words)} words; aim for at most {limit}.)",
            f.suggestion,
        )
    ]


def _questions(rule: Rule, text: str, context: Context) -> list[Finding]:
    marks = [m.start() for m in re.finditer(r"\?", text)]
    if len(marks) <= rule.max:
        return []
    start = marks[rule.max - 1] + 1 if rule.max else 0
    return [_finding(rule, (start, marks[-1] + 1))]


def _second_follow_up(rule: Rule, text: str, context: Context) -> list[Finding]:
    if context.prior_follow_ups >= 1:
        return [_finding(rule, (0, len(text)))]
    return _phrases(rule, text, context)


def _caps(rule: Rule, text: str, context: Context) -> list[Finding]:
    out = []
    quoted = _quoted(text)
    for m in re.finditer(rf"\b[A-ZÄÖÜÀ-Þ]{{{rule.min_letters},}}\b", text):
        word = m.group()
        if word in rule.allow or word.lower() in context.known_words:
            continue
        if _inside(quoted, m.start()):
            continue
        if context.lang == "en" and word.lower() not in dictionary_words():
            continue  # not a word but letters: an acronym (SQL, NHS, CFA)
        out.append(_finding(rule, (m.start(), m.end())))
    return out


_QUOTES = re.compile(r"[\"“„«‘][^\"”“»’\n]{1,80}[\"”“»’]|(?<![\w])'[^'\n]{1,80}'(?![\w])")


def _quoted(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _QUOTES.finditer(text)]


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans sorted, with overlapping ones joined."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def _inside(spans: list[tuple[int, int]], at: int) -> bool:
    """True when `at` falls in one of the spans (sorted and apart, as `finditer` or
    `_merged` give them): a binary search, so checking every word stays linear."""
    i = bisect.bisect_right(spans, (at, sys.maxsize)) - 1
    return i >= 0 and spans[i][0] <= at < spans[i][1]


@lru_cache(maxsize=1)
def british_words() -> frozenset[str]:
    """The shipped en_GB word list (SCOWL via Debian's wbritish; see words/en_GB.LICENSE)."""
    raw = (resources.files("doorajar.drafts") / "words" / "en_GB.txt.gz").read_bytes()
    lines = gzip.decompress(raw).decode("utf-8").splitlines()
    return frozenset(w.strip().replace("’", "'") for w in lines if w.strip())


@lru_cache(maxsize=1)
def dictionary_words() -> frozenset[str]:
    """English words written in lower case in the dictionary (not names, not acronyms)."""
    return frozenset(w for w in british_words() if w.islower())


def _profanity(rule: Rule, text: str, context: Context) -> list[Finding]:
    out = []
    for m in _SWEAR.finditer(text):
        word = m.group().lower().replace("’", "'")
        if word in moves.PROFANITY or "*" in word or word in ("a-hole", "a**hole"):
            out.append(_finding(rule, (m.start(), m.end())))
    return out


_SWEAR = re.compile(r"(?<![\w*])(?:[^\W\d_]+(?:[*-][^\W\d_*]*|\*+)+|[^\W\d_]+)(?![\w*])")


def _moves(rule: Rule, text: str, context: Context) -> list[Finding]:
    out = []
    for part, reading in zip(*_read(text), strict=True):
        if reading.move != rule.move:
            continue
        f = _finding(rule, (part.start, part.end))
        if context.kind in rule.by_kind:
            f = replace(f, suggestion=rule.by_kind[context.kind])
        out.append(f)
    return out


def _char_limit(rule: Rule, text: str, context: Context) -> list[Finding]:
    count = char_count(text)
    if count <= context.char_limit:
        return []
    return [_finding(rule, (context.char_limit, len(text)), count=count, limit=context.char_limit)]


@lru_cache(maxsize=4)
def _speller(lang: str) -> Any:
    # lazy: the word lists load when the first text is checked
    from spellchecker import SpellChecker

    try:
        return SpellChecker(language=lang)
    except ValueError:
        return None


def _spelling(rule: Rule, text: str, context: Context) -> list[Finding]:
    if not context.spelling:
        return []
    if rule.languages and context.lang not in rule.languages:
        return []
    speller = _speller(context.lang)
    if speller is None:
        return []
    skip = _merged([(m.start(), m.end()) for m in _URL_OR_EMAIL.finditer(text)] + _quoted(text))
    british = british_words() if context.lang == "en" else frozenset()
    candidates: list[tuple[str, int, int]] = []
    for m in _WORD.finditer(text):
        word = m.group().replace("’", "'")
        start, end = m.start(), m.end()
        if _inside(skip, start) or len(word) <= 2 or word.isupper():
            continue
        if word.lower() in context.known_words or word.lower() in rule.allow:
            continue
        if word in british or word.lower() in british:
            continue  # en_GB spelling (organised, colour, programme)
        if word[0].isupper() and not _sentence_start(text, start):
            continue  # a proper noun the record does not know; not ours to judge
        candidates.append((word, start, end))
    out = []
    unknown = speller.unknown([w.lower() for w, _, _ in candidates])
    for word, start, end in candidates:
        low = word.lower()
        if low not in unknown or (low.endswith("'s") and not speller.unknown([low[:-2]])):
            continue
        if "'" in low and not speller.unknown(_elided(low)):
            continue  # l'équipe, d'être: the parts are words
        if word[0].isupper() and not speller.known(speller.edit_distance_1(low)):
            continue  # a capital at a sentence start, nothing one slip away: likely a name
        correction = speller.correction(low)
        if correction is None or correction == low:
            continue
        out.append(_finding(rule, (start, end), correction=correction))
    return out


def _elided(word: str) -> list[str]:
    parts = [p for p in word.split("'") if p]
    return [p for p in parts if len(p) > 2 or p not in _ELISIONS] or parts


_ELISIONS = {"l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu"}


def _sentence_start(text: str, at: int) -> bool:
    before = text[:at].rstrip(" \t\"'“(")
    if before.endswith(_TITLES):
        return False  # "Mr. Okafor": a name follows, not a new sentence
    return not before or before[-1] in ".!?:\n"


_TITLES = ("Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "St.")


_CHECKERS = {
    "phrases": _phrases,
    "requires": _requires,
    "length": _length,
    "questions": _questions,
    "second_follow_up": _second_follow_up,
    "caps": _caps,
    "spelling": _spelling,
    "char_limit": _char_limit,
    "moves": _moves,
    "profanity": _profanity,
}

"""Cut a message into sentences, each with its span in the text. Pure and linear-time.

A line break always ends a sentence (a greeting line, a sign-off, a name on its own line);
inside a line, a sentence ends at `.`, `!`, `?` or `…` (with any closing quotes or brackets)
followed by a space, unless the word before the stop is a title or a common abbreviation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A stop, the quotes and brackets that close with it, then the space after it.
_STOP = re.compile(r"(?:[.!?]+|…)[\"'”’»)\]]*(?=\s)")
_LINE = re.compile(r"[^\n]+")
_LAST_WORD = re.compile(r"(?:^|[\s(\"'“‘«])([^\s(\"'“‘«]{1,12})$")

# Words that take a full stop without ending a sentence (lower case, stop included).
_ABBREVIATIONS = frozenset(
    str.split(
        """mr. mrs. ms. dr. prof. st. sr. jr. mx. e.g. i.e. etc. vs. approx. no. nr. inc. ltd.
    co. corp. dept. univ. fig. p. pp. hr. hrs. min. mins. ca. cf. resp. incl. z.b. bzw.
    usw. ggf. dipl. ing. mme. mlle. m. sra. sr. srta. dña. d. av. tel. approx. gov."""
    )
)


@dataclass(frozen=True)
class Sentence:
    """One sentence: where it is in the text, and its words."""

    start: int
    end: int
    text: str


def split(text: str) -> list[Sentence]:
    """The sentences of a text in order; spans index into `text` itself."""
    out: list[Sentence] = []
    for line in _LINE.finditer(text):
        base = line.start()
        body = line.group()
        at = 0
        for stop in _STOP.finditer(body):
            if _abbreviation(body, stop.start(), stop.group()):
                continue
            _add(out, text, base + at, base + stop.end())
            at = stop.end()
        _add(out, text, base + at, base + len(body))
    return out


def _abbreviation(line: str, at: int, stop: str) -> bool:
    if stop[0] != ".":
        return False
    if len(stop.rstrip("\"'”’»)]")) > 1:
        return False  # "..." ends a sentence
    m = _LAST_WORD.search(line, max(0, at - 13), at)
    if m is None:
        return False
    word = m.group(1).lower() + "."
    if word in _ABBREVIATIONS:
        return True
    # an initial ("J. Smith") or a dotted abbreviation ("U.S.")
    return (len(word) == 2 and m.group(1).isupper()) or "." in word[:-1]


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))


def at(sentences: list[Sentence], offset: int) -> Sentence | None:
    """The sentence that holds a character offset, if any (sentences are in order)."""
    lo, hi = 0, len(sentences)
    while lo < hi:
        mid = (lo + hi) // 2
        if sentences[mid].end <= offset:
            lo = mid + 1
        else:
            hi = mid
    if lo < len(sentences) and sentences[lo].start <= offset:
        return sentences[lo]
    return None

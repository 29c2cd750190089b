"""When two records are the same application: one rule for `apply`, imports and mail.

Company names are compared without case, accents, punctuation, a leading "The" or
legal suffixes ("Acme, Inc." is "ACME Inc" is "Acme"); role titles without case,
accents and punctuation. Digits are part of a name: "Quill17 Labs" is not "Quill1 Labs".
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata

_SUFFIXES = frozenset(
    [
        "inc",
        "incorporated",
        "llc",
        "llp",
        "ltd",
        "limited",
        "gmbh",
        "ag",
        "kg",
        "se",
        "sa",
        "sas",
        "sarl",
        "sl",
        "srl",
        "spa",
        "bv",
        "nv",
        "plc",
        "corp",
        "corporation",
        "co",
        "company",
        "pty",
        "oy",
        "ab",
        "as",
        "asa",
        "aps",
        "kk",
    ]
)
_WORD = re.compile(r"[^\W_]+")


def _fold(text: str) -> str:
    """Lower case without accents; '&' read as 'and'."""
    plain = unicodedata.normalize("NFKD", text.replace("&", " and "))
    return "".join(ch for ch in plain if not unicodedata.combining(ch)).casefold()


@functools.lru_cache(maxsize=8192)
def norm_company(name: str) -> str:
    """A company name as it is compared: folded words, without "The" or legal suffixes."""
    words = _WORD.findall(_fold(name))
    if words and words[0] == "the":
        words = words[1:]
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words.pop()
    return " ".join(words)


@functools.lru_cache(maxsize=8192)
def norm_role(title: str) -> str:
    """A role title as it is compared: folded words, in order."""
    return " ".join(_WORD.findall(_fold(title)))


def same_company(a: str, b: str) -> bool:
    """True when two names are one company ("Acme, Inc." and "acme")."""
    x, y = norm_company(a), norm_company(b)
    return bool(x) and (x == y or x.replace(" ", "") == y.replace(" ", ""))


def same_role(a: str, b: str) -> bool:
    """True when two titles are one role ("Data Engineer" and "data engineer")."""
    return norm_role(a) == norm_role(b)


def same_application(company_a: str, role_a: str, company_b: str, role_b: str) -> bool:
    """True when a company and role name the same application as another pair."""
    return same_company(company_a, company_b) and same_role(role_a, role_b)


@functools.lru_cache(maxsize=16384)
def company_score(a: str, b: str) -> float:
    """How alike two company names are, 0..1; 1 when `same_company`. A name inside the
    other scores 0.9 ("Acme" in "Acme Robotics"), unless the two differ only in digits."""
    x, y = norm_company(a), norm_company(b)
    if not x or not y:
        return 0.0
    if same_company(a, b):
        return 1.0
    if f" {x} " in f" {y} " or f" {y} " in f" {x} ":
        return 0.9
    if re.sub(r"\d+", "#", x) == re.sub(r"\d+", "#", y):
        return 0.0  # "Quill17 Labs" and "Quill1 Labs": different numbers, different firms
    return difflib.SequenceMatcher(None, x, y).ratio()


def role_score(a: str | None, b: str) -> float:
    """How alike two role titles are, 0..1 (0.5 when one side names none)."""
    if not a:
        return 0.5
    x, y = norm_role(a), norm_role(b)
    if x == y:
        return 1.0
    wx, wy = set(x.split()), set(y.split())
    if not wx or not wy:
        return 0.5
    if wx <= wy or wy <= wx:
        return 0.8  # 'Data Engineer' and 'Senior Data Engineer II'
    return len(wx & wy) / len(wx | wy)

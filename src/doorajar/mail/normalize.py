"""Normalising text before anything reads it.

Pure. Mail writes the same word many ways: "won’t" with a typographic apostrophe,
"re‑apply" with a non-breaking hyphen, a non-breaking space inside "Data Engineer",
full-width letters, zero-width spaces and soft hyphens left by HTML editors. Every reader
of a message (rules, the learned model, the extractors) sees it in one form: NFKC,
straight quotes and apostrophes, ASCII dashes, plain spaces, no invisible characters.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace

from doorajar.mail.message import ParsedMessage

_TABLE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u02bc": "'",
        "\u00b4": "'",
        "\u0060": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u3000": " ",
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
        "\u00ad": None,
        "\u034f": None,
        "\u180e": None,
    }
)


def normalize_text(text: str) -> str:
    """NFKC, straight quotes and apostrophes, ASCII dashes, plain spaces, no zero-width
    characters or soft hyphens. Pure ASCII is returned as it is (the common case)."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKC", text.translate(_TABLE)).translate(_TABLE)


def normalize_message(msg: ParsedMessage) -> ParsedMessage:
    """The message with its subject, sender name, text and quoted part normalised."""
    fields = (msg.subject, msg.from_name, msg.text, msg.quoted)
    if all(f.isascii() for f in fields):
        return msg
    return replace(
        msg,
        subject=normalize_text(msg.subject),
        from_name=normalize_text(msg.from_name),
        text=normalize_text(msg.text),
        quoted=normalize_text(msg.quoted),
    )

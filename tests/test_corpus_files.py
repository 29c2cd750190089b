"""The hand-written corpora are well formed: every record parses, carries the labels of
DESIGN.md with allowed values, and no writer dominates a corpus.

Each folder under tests/data/mail_corpus and tests/data/tone_corpus is one writer's
`messages.jsonl`; `sealed/` holds the writers kept for the sealed test sets.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from doorajar.drafts import moves

DATA = Path(__file__).parent / "data"
MAIL = DATA / "mail_corpus"
TONE = DATA / "tone_corpus"

CATEGORIES = {
    "rejection",
    "application_received",
    "interview",
    "offer",
    "recruiter_outreach",
    "other",
}
STAGES = {"applied", "recruiter_screen", "hiring_manager", "final_round", None}
LANGUAGES = {"en", "de", "fr", "es", "nl", "pt", "it"}
KINDS = {
    "reply",
    "feedback_request",
    "feedback_follow_up",
    "thank_for_feedback",
    "linkedin_connect",
    "check_in",
    "touch",
    "revisit",
}
GRACIOUS = set(moves.GRACIOUS)  # the tone guard's own vocabulary: one list, in the package
HARMFUL = set(moves.HARMFUL)


def _records(root: Path) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for f in sorted(root.rglob("messages.jsonl")):
        lines = f.read_text(encoding="utf-8").splitlines()
        out[str(f.parent.relative_to(root))] = [json.loads(line) for line in lines if line]
    return out


MAIL_WRITERS = _records(MAIL)
TONE_WRITERS = _records(TONE)


@pytest.mark.parametrize("writer", sorted(MAIL_WRITERS))
def test_mail_records_carry_allowed_labels(writer: str) -> None:
    ids = set()
    for r in MAIL_WRITERS[writer]:
        where = r["id"]
        assert where not in ids, f"{where} twice"
        ids.add(where)
        assert r["text"] or r["html"], where
        lab = r["labels"]
        assert lab["category"] in CATEGORIES, where
        assert (lab["kind"] is None) == (lab["category"] != "rejection"), where
        assert lab["kind"] in {"form", "personal", None}, where
        assert lab["stage"] in STAGES, where
        assert lab["language"] in LANGUAGES, where
        assert isinstance(lab["unknowable"], list), where


def test_no_mail_writer_writes_more_than_15_percent() -> None:
    sizes = Counter({w: len(r) for w, r in MAIL_WRITERS.items()})
    total = sum(sizes.values())
    assert total > 0
    if len(sizes) >= 7:  # the share only means something once most writers are in
        assert max(sizes.values()) <= 0.15 * total, sizes.most_common(3)


@pytest.mark.parametrize("writer", sorted(TONE_WRITERS))
def test_tone_records_label_every_sentence(writer: str) -> None:
    for r in TONE_WRITERS[writer]:
        where = r["id"]
        assert r["kind"] in KINDS, where
        assert r["language"] in LANGUAGES, where
        moves = [s["move"] for s in r["sentences"]]
        assert set(moves) <= GRACIOUS | HARMFUL, where
        assert r["harmful"] == (bool(set(moves) & HARMFUL) or r["placeholder"]), where
        pos = 0
        for s in r["sentences"]:
            found = r["text"].find(s["text"], pos)
            assert found >= 0, f"{where}: sentence not in the text in order: {s['text']!r}"
            pos = found + len(s["text"])

"""Scoring the classifier on the labelled corpora (tests/data/emails, tests/data/emails_fresh).

Shared by the accuracy tests (tests/test_classify.py) and `python benchmarks/accuracy.py`,
which prints the same figures.
"""

from __future__ import annotations

import email
import email.policy
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from doorajar.mail.classify import classify
from doorajar.mail.message import Classification
from doorajar.mail.parse import parse

DATA = Path(__file__).parent / "data"
CORPUS = DATA / "emails"
FRESH = DATA / "emails_fresh"


@dataclass
class Scores:
    """The figures for one split."""

    n: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    category_ok: int = 0
    rejections: int = 0
    kind_ok: int = 0
    stage_ok: int = 0
    job: int = 0
    company_ok: int = 0
    role_ok: int = 0
    contact_ok: int = 0
    seconds: float = 0.0
    stdlib_seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def rate(self, name: str) -> float:
        """A named rate: category, kind, stage, company, role, contact."""
        num = getattr(self, f"{name}_ok")
        den = {"category": self.n, "kind": self.rejections, "stage": self.rejections}.get(
            name, self.job
        )
        return num / den if den else 0.0

    def as_dict(self) -> dict[str, float]:
        """The headline figures, rounded."""
        out = {"messages": float(self.n)}
        out |= {"precision": self.precision, "recall": self.recall, "f1": self.f1}
        for name in ("category", "kind", "stage", "company", "role", "contact"):
            out[name] = self.rate(name)
        out["us_per_message"] = 1e6 * self.seconds / self.n if self.n else 0.0
        out["stdlib_parse_us_per_message"] = 1e6 * self.stdlib_seconds / self.n if self.n else 0.0
        return {k: round(v, 3) for k, v in out.items()}


def norm(value: str | None) -> str:
    """Case- and space-insensitive form for exact matching; None -> ''."""
    return " ".join((value or "").casefold().split())


def corpus_of(split: str) -> Path:
    """The folder holding a split: the fresh set's splits are named fresh_*."""
    return FRESH if split.startswith("fresh") else CORPUS


def load_labels(folder: Path = CORPUS) -> list[dict[str, Any]]:
    """The labels, one dict per message."""
    lines = (folder / "labels.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def evaluate(split: str) -> Scores:
    """Parse, classify and score every message of one split."""
    s = Scores()
    parsed = []
    raws = []
    folder = corpus_of(split)
    for label in load_labels(folder):
        if label["split"] != split:
            continue
        raw = (folder / label["file"]).read_bytes()
        msg = parse(raw)
        parsed.append(msg)
        raws.append(raw)
        c: Classification = classify(msg)
        s.n += 1
        gold_rej = label["category"] == "rejection"
        if c.is_rejection and gold_rej:
            s.tp += 1
        elif c.is_rejection:
            s.fp += 1
        elif gold_rej:
            s.fn += 1
        wrong: list[str] = []
        if c.category.value == label["category"]:
            s.category_ok += 1
        else:
            wrong.append(f"category {c.category.value} != {label['category']}")
        if gold_rej:
            s.rejections += 1
            kind = c.kind.value if c.kind else None
            stage = c.stage.value if c.stage else None
            if kind == label["kind"]:
                s.kind_ok += 1
            else:
                wrong.append(f"kind {kind} != {label['kind']}")
            if stage == label["stage"]:
                s.stage_ok += 1
            else:
                wrong.append(f"stage {stage} != {label['stage']}")
        if label["category"] != "other":
            s.job += 1
            for name, got in (
                ("company", c.company),
                ("role", c.role),
                ("contact", c.contact_name),
            ):
                want = label["contact_name" if name == "contact" else name]
                if norm(got) == norm(want):
                    setattr(s, f"{name}_ok", getattr(s, f"{name}_ok") + 1)
                else:
                    wrong.append(f"{name} {got!r} != {want!r}")
        if wrong:
            s.errors.append(f"{label['file']}: " + "; ".join(wrong) + f"  {list(c.reasons)[:3]}")
    # Time classify alone (parsing excluded); the best of three passes, as the machine
    # may be busy with other work.
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        for msg in parsed:
            classify(msg)
        runs.append(time.perf_counter() - t0)
    s.seconds = min(runs)
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        for raw in raws:
            email.message_from_bytes(raw, policy=email.policy.default).get_body()
        runs.append(time.perf_counter() - t0)
    s.stdlib_seconds = min(runs)
    return s

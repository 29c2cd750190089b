"""Classifier accuracy on the labelled corpus: `python benchmarks/accuracy.py`.

Parses every message of tests/data/emails with the real parser, classifies it, and
prints, for the held-out split (never used for tuning) and for the development split,
then for the two halves of the fresh set (tests/data/emails_fresh: messages written one
by one, sharing nothing with the corpus generator; "fresh_test" is never tuned on):
precision / recall / F1 for is_rejection, accuracy for category, for kind and stage
(on true rejections), exact-match rates for company, role and contact (on job mail;
case- and space-insensitive; "none" matches "none"), and the time per message.
`--set corpus|fresh|all` picks the sets (default all). `--errors` lists the mistakes
of the development split and of fresh_dev (never held-out or fresh_test ones).
"""

from __future__ import annotations

import argparse
import email
import email.policy
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from doorajar.mail.classify import classify  # noqa: E402
from doorajar.mail.message import Classification  # noqa: E402
from doorajar.mail.parse import parse  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "emails"
FRESH = ROOT / "tests" / "data" / "emails_fresh"


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


def report(name: str, s: Scores) -> str:
    """The figures of one split as text."""
    return (
        f"{name} ({s.n} messages, {s.rejections} rejections, {s.job} job-search messages)\n"
        f"  is_rejection  precision {s.precision:.3f}  recall {s.recall:.3f}  F1 {s.f1:.3f}\n"
        f"  category accuracy          {s.rate('category'):.3f}\n"
        f"  kind accuracy (rejections) {s.rate('kind'):.3f}\n"
        f"  stage accuracy (rejections){s.rate('stage'):6.3f}\n"
        f"  company exact match        {s.rate('company'):.3f}\n"
        f"  role exact match           {s.rate('role'):.3f}\n"
        f"  contact exact match        {s.rate('contact'):.3f}\n"
        f"  classify time              {1e6 * s.seconds / max(s.n, 1):.0f} µs per message "
        f"(a bare stdlib email parse of the same messages: "
        f"{1e6 * s.stdlib_seconds / max(s.n, 1):.0f} µs)"
    )


def main() -> None:
    """Print the held-out and development figures, then the fresh set's."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--errors", action="store_true", help="list dev and fresh_dev mistakes")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--set", choices=("corpus", "fresh", "all"), default="all")
    args = ap.parse_args()
    classify(parse(b"From: a@b.c\n\nwarm-up"))  # load the model weights outside the timing
    splits = {
        "corpus": ["heldout", "dev"],
        "fresh": ["fresh_dev", "fresh_test"],
        "all": ["heldout", "dev", "fresh_dev", "fresh_test"],
    }[args.set]
    results = {split: evaluate(split) for split in splits}
    if args.json:
        print(json.dumps({split: s.as_dict() for split, s in results.items()}))
        return
    titles = {
        "heldout": "held-out",
        "dev": "dev",
        "fresh_dev": "fresh_dev (fresh set, tuned on)",
        "fresh_test": "fresh_test (fresh set, never tuned on)",
    }
    for split, s in results.items():
        print(report(titles[split], s))
    if args.errors:
        for split in ("dev", "fresh_dev"):
            if split in results:
                print(f"\n{split} mistakes:")
                for line in results[split].errors:
                    print("  " + line)


if __name__ == "__main__":
    main()

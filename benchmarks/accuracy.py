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
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))  # the scoring is shared with the tests (tests/scoring.py)

from tests.scoring import Scores, evaluate  # noqa: E402

from doorajar.mail.classify import classify  # noqa: E402
from doorajar.mail.parse import parse  # noqa: E402


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

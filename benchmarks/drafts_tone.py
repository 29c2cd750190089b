"""Measure the tone guard in one run: the rules' own examples, the team's hand-written set
(each writer judged by a model trained without them), the sealed set, false alarms on the
shipped templates, and the time per check.

Every message is judged as `ajar check - --json` judges it with no `--kind`: a harmful
message counts as flagged when `ok` is false, a gracious one as passed when `ok` is true.
The team set is scored leave-one-writer-out (each writer by a model trained on the others):
per writer, pooled, the mean over writers and the worst writer, and the kind guessed right
per kind. The sealed set (tests/data/tone_corpus/sealed) is read only here and is never
trained or tuned on; `--no-sealed` leaves it out.

Run: PYTHONPATH=src python -m benchmarks.drafts_tone [--no-sealed] [--set team,sealed,...]
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scripts import train_tone

from doorajar.drafts import moves, tone
from doorajar.drafts.compose import Request, compose, known_words
from doorajar.drafts.templates import Templates
from doorajar.model import (
    ActionKind,
    Application,
    ApplicationDetail,
    Channel,
    Contact,
    ContactRole,
    Direction,
    Rejection,
    RejectionKind,
    Stage,
    Touch,
)
from doorajar.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SEALED = ROOT / "tests" / "data" / "tone_corpus" / "sealed"

_WORDS = {
    "en": "the design session with Marcus",
    "de": "das Gespräch mit Marcus",
    "fr": "la discussion avec Marcus",
    "es": "la conversación con Marcus",
}


@dataclass
class Tally:
    """Harmful messages flagged and gracious ones passed."""

    harmful: int = 0
    flagged: int = 0
    gracious: int = 0
    passed: int = 0
    kinds: int = 0
    kinds_right: int = 0
    # per true kind: [messages, guessed right]
    by_kind: dict[str, list[int]] = field(default_factory=dict)

    def add(self, record: dict[str, Any]) -> None:
        """Judge one message as `ajar check` does without a kind."""
        text = record["text"]
        kind = tone.guess_kind(text)
        self.kinds += 1
        self.kinds_right += kind == record["kind"]
        row = self.by_kind.setdefault(record["kind"], [0, 0])
        row[0] += 1
        row[1] += kind == record["kind"]
        ctx = tone.Context(kind=kind, lang=record["language"], guessed=True)
        ok = tone.ok(tone.check(text, ctx))
        if record["harmful"]:
            self.harmful += 1
            self.flagged += not ok
        else:
            self.gracious += 1
            self.passed += ok

    def line(self, name: str) -> str:
        """The figures as one line."""
        return (
            f"{name}: harmful flagged {_rate(self.flagged, self.harmful)}, "
            f"gracious passed {_rate(self.passed, self.gracious)}, "
            f"kind guessed {_rate(self.kinds_right, self.kinds)}"
        )

    def kind_line(self) -> str:
        """Kind guessed right, per true kind."""
        return "kind guessed, per kind: " + ", ".join(
            f"{k} {_rate(right, n)}" for k, (n, right) in sorted(self.by_kind.items())
        )

    def rates(self) -> tuple[float, float]:
        """Harmful flagged and gracious passed, as fractions."""
        return self.flagged / max(self.harmful, 1), self.passed / max(self.gracious, 1)


def _rate(a: int, b: int) -> str:
    return f"{a}/{b} ({a / b:.3f})" if b else "0/0"


def rule_examples() -> None:
    """The rules' example cases: right answers, and the harmful rules' cases as messages."""
    rules = tone.rules()
    cases = [(r, c) for r in rules for c in r.cases]
    right = sum(
        any(f.rule == r.id for f in tone.check(c.text, c.context)) == c.expect for r, c in cases
    )
    print(f"rules: {len(rules)}; example cases right: {right}/{len(cases)}")
    t = Tally()
    for r, c in cases:
        if r.move is None:
            continue
        findings = tone.check(c.text, c.context)
        if c.expect:
            t.harmful += 1
            t.flagged += not tone.ok(findings)
        else:
            t.gracious += 1
            t.passed += tone.ok(findings)
    print(
        f"rule examples (harmful moves): harmful flagged {_rate(t.flagged, t.harmful)}, "
        f"gracious passed {_rate(t.passed, t.gracious)}"
    )


def team_set() -> None:
    """Leave one writer out: each writer's messages judged by a model trained on the others."""
    data = train_tone.writers()
    total = Tally()
    english = Tally()
    per: dict[str, Tally] = {}
    for held, records in data.items():
        train = [r for w, rs in data.items() if w != held for r in rs]
        shipped = moves.packaged()
        model = train_tone.fit(train, shipped.threshold, 10.0, shipped.move_thresholds)
        one = per[held] = Tally()
        with moves.using(model):
            for r in records:
                for t in (one, total) + ((english,) if r["language"] == "en" else ()):
                    t.add(r)
        print("  " + one.line(f"{held} held out"))
    print(total.line("team set, leave one writer out (pooled)"))
    rates = {w: t.rates() for w, t in per.items()}
    mean_h = sum(h for h, _ in rates.values()) / len(rates)
    mean_g = sum(g for _, g in rates.values()) / len(rates)
    worst_h = min(rates, key=lambda w: rates[w][0])
    worst_g = min(rates, key=lambda w: rates[w][1])
    print(
        f"team set, mean over writers: harmful flagged {mean_h:.3f}, gracious passed {mean_g:.3f}; "
        f"worst writer: harmful flagged {rates[worst_h][0]:.3f} ({worst_h}), "
        f"gracious passed {rates[worst_g][1]:.3f} ({worst_g})"
    )
    print(english.line("team set, English messages"))
    print("team set, " + total.kind_line())


def sealed_set() -> None:
    """The sealed writers, judged by the packaged model."""
    total = Tally()
    for f in sorted(SEALED.rglob("messages.jsonl")):
        one = Tally()
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                one.add(r)
                total.add(r)
        print("  " + one.line(str(f.parent.relative_to(SEALED))))
    print(total.line("sealed set"))
    print("sealed set, " + total.kind_line())


def templates() -> None:
    """How many filled templates draw any finding (they should draw none)."""
    app = Application(1, "Acme Robotics", "Data Engineer", datetime(2026, 9, 1, tzinfo=UTC))
    rej = Rejection(
        1,
        1,
        RejectionKind.PERSONAL,
        Stage.FINAL_ROUND,
        datetime(2026, 10, 2, tzinfo=UTC),
        contact_id=1,
    )
    dana = Contact(1, "Dana Li", "dana@acme.example", "Acme Robotics", ContactRole.RECRUITER)
    asked = Touch(
        1,
        Direction.OUT,
        Channel.EMAIL,
        datetime(2026, 10, 9, tzinfo=UTC),
        application_id=1,
        action_kind=ActionKind.FEEDBACK_REQUEST,
    )
    detail = ApplicationDetail(app, rejections=(rej,), contacts=(dana,), touches=(asked,))
    settings = Settings(user_name="Sam Rivera", user_email="sam@example.org")
    shipped = Templates()
    flagged = 0
    names = shipped.names()
    for name in names:
        lang, rest = name.split("/")
        kind, variant, _ = rest.split(".")
        d = compose(
            detail,
            settings,
            Request(kind=kind, variant=variant, lang=lang, appreciation=_WORDS[lang], detail="x y"),
            shipped,
        )
        ctx = tone.Context(kind=kind, lang=lang, known_words=known_words(detail, settings))
        flagged += bool(tone.check(d.body, ctx))
    print(f"templates: {len(names)}; filled templates with any finding: {flagged}")


def speed() -> None:
    """Time one check of a 200-word message, once the model is loaded."""
    sentences = [
        "Thank you for letting me know, and for the time you and the team gave me.",
        "I especially enjoyed the design session with Marcus on the ingestion service.",
        "Honestly the whole process felt rushed and nobody read my portfolio.",
        "I would be glad to hear from you if a closer fit opens up later in the year.",
    ]
    words: list[str] = []
    i = 0
    while len(words) < 200:
        words.extend(sentences[i % len(sentences)].split())
        i += 1
    text = " ".join(words[:200])
    start = time.perf_counter()
    tone.check(text)  # loads the embeddings, the lexicon and the dictionary
    load = time.perf_counter() - start
    n = 50
    start = time.perf_counter()
    for k in range(n):
        tone.check(text + " " * (k + 1), tone.Context(kind="reply"))  # no cached reading
    ms = (time.perf_counter() - start) / n * 1000
    print(
        f"loading the model: {load * 1000:.0f} ms; check of a 200-word message: {ms:.1f} ms "
        f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
    )


def main(argv: Sequence[str] | None = None) -> None:
    """Print the figures."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--no-sealed", action="store_true", help="leave the sealed set out")
    ap.add_argument(
        "--set",
        default="speed,rules,templates,team,sealed",
        help="which parts to run, comma-separated (default: all)",
    )
    args = ap.parse_args(argv)
    parts = {
        "speed": speed,
        "rules": rule_examples,
        "templates": templates,
        "team": team_set,
        "sealed": sealed_set,
    }
    chosen = args.set.split(",")
    unknown = [p for p in chosen if p not in parts]
    if unknown:
        ap.error(f"unknown part {', '.join(unknown)}; choose from {', '.join(parts)}")
    for name in chosen:
        if not (name == "sealed" and args.no_sealed):
            parts[name]()


if __name__ == "__main__":
    main()

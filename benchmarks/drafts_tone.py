"""Measure the tone guard in one run: rule cases, false alarms on the shipped templates,
and time per check.

Run: PYTHONPATH=src python -m benchmarks.drafts_tone
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from doorajar.drafts import tone
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

_WORDS = {
    "en": "the design session with Marcus",
    "de": "das Gespräch mit Marcus",
    "fr": "la discussion avec Marcus",
    "es": "la conversación con Marcus",
}


def main() -> None:
    """Print the figures."""
    rules = tone.rules()
    cases = [(r, c) for r in rules for c in r.cases]
    right = sum(
        any(f.rule == r.id for f in tone.check(c.text, c.context)) == c.expect for r, c in cases
    )
    print(f"rules: {len(rules)}; example cases right: {right}/{len(cases)}")

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
    templates = Templates()
    flagged = 0
    names = templates.names()
    for name in names:
        lang, rest = name.split("/")
        kind, variant, _ = rest.split(".")
        d = compose(
            detail,
            settings,
            Request(kind=kind, variant=variant, lang=lang, appreciation=_WORDS[lang], detail="x y"),
            templates,
        )
        ctx = tone.Context(kind=kind, lang=lang, known_words=known_words(detail, settings))
        flagged += bool(tone.check(d.body, ctx))
    print(f"templates: {len(names)}; filled templates with any finding: {flagged}")

    text = " ".join(["Thank you for the update and for your time with the team."] * 15)
    tone.check(text)  # load the dictionary once
    n = 50
    start = time.perf_counter()
    for _ in range(n):
        tone.check(text, tone.Context(kind="reply"))
    ms = (time.perf_counter() - start) / n * 1000
    print(f"check of a {len(text.split())}-word message: {ms:.1f} ms")


if __name__ == "__main__":
    main()

"""Shaping what the core returns for the page: an application's timeline."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from doorajar.model import ApplicationDetail, Direction, Stage


@dataclass(frozen=True)
class Event:
    """One line of a timeline: when, what kind, a headline and optional untrusted text."""

    at: datetime
    kind: str
    headline: str
    text: str | None = None


def timeline(d: ApplicationDetail) -> list[Event]:
    """Everything that happened to an application, newest first."""
    people = {c.id: c.name for c in d.contacts}
    events = [
        Event(
            sc.at,
            "stage",
            "Applied" if sc.stage is Stage.APPLIED else f"Reached {sc.stage.label}",
        )
        for sc in d.stages
    ]
    for r in d.rejections:
        who = f" from {people[r.contact_id]}" if r.contact_id in people else ""
        events.append(
            Event(
                r.received_at, "rejection", f"{r.kind.value.capitalize()} rejection{who}", r.reason
            )
        )
    events += [Event(f.received_at, "feedback", "Feedback", f.text) for f in d.feedback]
    for t in d.touches:
        if t.direction is Direction.IN and t.subject in ("Rejection", "Feedback"):
            continue  # already on the timeline as the rejection or the feedback
        way = "Sent" if t.direction is Direction.OUT else "Received"
        subject = f": {t.subject}" if t.subject else ""
        events.append(
            Event(
                t.at, f"touch-{t.direction.value}", f"{way} ({t.channel.value}){subject}", t.summary
            )
        )
    events += [
        Event(n.created_at, n.kind.value, n.kind.value.capitalize(), n.body) for n in d.notes
    ]
    return sorted(events, key=lambda e: e.at, reverse=True)


@dataclass(frozen=True)
class Piece:
    """A run of draft text, and the tone finding that covers it (if any)."""

    text: str
    finding: Any = None
    number: int = 0


def marked(text: str, findings: Sequence[Any]) -> list[Piece]:
    """Cut text into plain runs and runs a finding points at, for highlighting in place."""
    pieces: list[Piece] = []
    at = 0
    spans = sorted(
        ((f.span[0], f.span[1], n, f) for n, f in enumerate(findings, 1) if f.span[1] > f.span[0]),
        key=lambda x: (x[0], x[1]),
    )
    for start, end, n, f in spans:
        if start < at or end > len(text):
            continue  # overlapping or stale spans stay listed, just not highlighted
        if start > at:
            pieces.append(Piece(text[at:start]))
        pieces.append(Piece(text[start:end], f, n))
        at = end
    if at < len(text):
        pieces.append(Piece(text[at:]))
    return pieces

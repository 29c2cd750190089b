"""A rejected final-round application to draft messages for."""

from __future__ import annotations

from datetime import timedelta

from doorajar.model import ContactRole, RejectionKind, Stage
from doorajar.service import Tracker

THREAD = "<decision-42@acme.example>"


def acme(
    tracker: Tracker, *, minutes_ago: float = 180, email: str | None = "dana.li@acme.example"
) -> None:
    """Acme turned Sam down after the final round; Dana wrote personally."""
    now = tracker.now()
    tracker.set_config("user_name", "Sam Rivera")
    tracker.set_config("user_email", "sam@example.org")
    tracker.apply("Acme Robotics", "Senior Data Engineer", at=now - timedelta(days=30))
    tracker.advance("acme", Stage.FINAL_ROUND, at=now - timedelta(days=10))
    tracker.add_contact("Dana Li", company="Acme Robotics", role=ContactRole.RECRUITER, email=email)
    tracker.reject(
        "acme",
        kind=RejectionKind.PERSONAL,
        at=now - timedelta(minutes=minutes_ago),
        contact="Dana Li",
        message_id=THREAD,
    )

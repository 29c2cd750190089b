"""Sample job mail and mailbox builders shared by the `ajar scan` tests."""

from __future__ import annotations

import json
from datetime import timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from tests.helpers import NOW, Cli

KIM = "Kim Park <kim.park@acme-robotics.example>"
CONFIRMATION = (
    "Zephyr Labs Careers <careers@zephyrlabs.example>",
    "Application received: Analytics Engineer",
    "Hello,\n\nThank you for applying to Zephyr Labs. We have received your application for "
    "the Analytics Engineer position and will review it shortly.\n\nZephyr Labs Careers",
)
FORM_REJECTION = (
    "Acme Robotics <no-reply@greenhouse.io>",
    "Your application to Acme Robotics",
    "Hi,\n\nThank you for your interest in the Data Engineer position at Acme Robotics. "
    "After careful review, we have decided to move forward with other candidates.\n\n"
    "Acme Robotics Recruiting",
)
INTERVIEW = (
    KIM,
    "Interview for Data Engineer",
    "Hi,\n\nWe'd like to invite you to an interview with the hiring manager for the Data "
    "Engineer role at Acme Robotics. Does Tuesday work?\n\nKim Park\nRecruiter, Acme Robotics",
)
PERSONAL_REJECTION = (
    KIM,
    "Data Engineer - decision",
    "Hi,\n\nThank you for interviewing with us last week. Unfortunately we have decided not to "
    "move forward with your application. The team felt your answers on system design stayed "
    "too general.\n\nKim Park\nRecruiter, Acme Robotics",
)
NEWSLETTER = (
    "Data Weekly <digest@dataweekly.example>",
    "Issue 12: window functions",
    "This week: three links about window functions and a puzzle. Unsubscribe any time.",
)
VAGUE = (
    "Someone <someone@vague.example>",
    "Quick question",
    "Hi, is the position still something you would consider? Let me know about your "
    "application status.",
)


def eml(
    sender: str, subject: str, body: str, *, days_ago: float, mid: str, extra: str = ""
) -> bytes:
    when = NOW - timedelta(days=days_ago)
    return (
        f"From: {sender}\nTo: me@example.org\nSubject: {subject}\n"
        f"Date: {format_datetime(when)}\nMessage-ID: <{mid}@test.example>\n{extra}"
        "Content-Type: text/plain; charset=utf-8\n\n"
        f"{body}\n"
    ).encode()


def mbox(path: Path, *messages: bytes, mode: str = "wb") -> Path:
    with path.open(mode) as f:
        for raw in messages:
            f.write(b"From sender@example Mon Nov  2 10:00:00 2026\n")
            f.write(raw.replace(b"\nFrom ", b"\n>From "))
            f.write(b"\n")
    return path


def show(cli: Cli, app: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(cli.ok("show", app, "--json"))
    return doc


def apps(cli: Cli) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(cli.ok("list", "--json"))
    return rows


def companies(cli: Cli) -> list[str]:
    """The companies of every application, sorted."""
    return sorted(a["company"] for a in apps(cli))


def received(n: int, company: str = "Zephyr Labs", *, days_ago: float = 3) -> bytes:
    """An application confirmation from `company`'s careers address, Message-ID number n."""
    domain = company.split()[0].lower()
    return (
        f"From: {company} Careers <careers@{domain}.example>\r\nTo: jordan@example.org\r\n"
        f"Subject: Application received: Analytics Engineer\r\n"
        f"Date: {format_datetime(NOW - timedelta(days=days_ago))}\r\n"
        f"Message-ID: <imap{n}@{domain}.example>\r\n\r\n"
        f"Hello,\r\n\r\nThank you for applying to {company}. We have received your "
        f"application for the Analytics Engineer position.\r\n\r\n{company} Careers\r\n"
    ).encode()


# a newsletter with bulk headers whose issue is a form rejection a reader sent in: read as one
NEWSLETTER_QUOTING_A_REJECTION = (
    "Career Notes <hello@careernotes.example>",
    "The kindest no of the week",
    "Dear candidate,\n\nThank you for your interest in the Data Engineer position. After "
    "careful review we have decided to move forward with other candidates. We will keep your "
    "details on file.\n\nA reader sent us this one: short, clear, and kind. That is the "
    "bar.\n\nCareer Notes",
)
BULK = "List-Unsubscribe: <https://careernotes.example/unsubscribe>\nPrecedence: bulk\n"

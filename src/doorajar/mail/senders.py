"""Who sent a message: a system, a mailing list, or a person with a name, an address and a
role at the company.

Pure. A no-reply or notification address, or an applicant tracking system's, is never a
person's address; a person's role comes from their signature ("Kim Park / Recruiter,
Acme Robotics") and maps onto the roles a contact can have.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from doorajar.mail.ats import NO_REPLY_LOCAL, ats_name, is_job_board
from doorajar.mail.message import ParsedMessage
from doorajar.model import ContactRole

_AUTOMATED_LOCAL = frozenset(
    [
        "notifications",
        "notification",
        "notify",
        "mailer",
        "mailer-daemon",
        "bounce",
        "bounces",
        "news",
        "newsletter",
        "digest",
        "updates",
        "system",
        "alerts",
        "postmaster",
    ]
)
_ROLES: tuple[tuple[re.Pattern[str], ContactRole], ...] = (
    (
        re.compile(
            r"recruit|talent\s+(?:acquisition|partner|scout|lead|specialist|advisor|team)"
            r"|sourc(?:er|ing)|people\s+partner|\bhr\b|human\s+resources",
            re.IGNORECASE,
        ),
        ContactRole.RECRUITER,
    ),
    (
        re.compile(
            r"hiring\s+manager|engineering\s+manager|\bmanager\b|head\s+of|director|team\s+lead"
            r"|\blead\b|\bvp\b|vice\s+president|\bcto\b|\bceo\b|founder",
            re.IGNORECASE,
        ),
        ContactRole.HIRING_MANAGER,
    ),
    (re.compile(r"interviewer", re.IGNORECASE), ContactRole.INTERVIEWER),
)


def automated(msg: ParsedMessage) -> bool:
    """True for mail sent by a system rather than a person: a no-reply or notification
    address, an applicant tracking system's or a job board's."""
    local = msg.from_addr.split("@", 1)[0].lower()
    domain = msg.sender_domain
    return (
        bool(NO_REPLY_LOCAL.match(local))
        or local in _AUTOMATED_LOCAL
        or ats_name(domain) is not None
        or is_job_board(domain)
    )


def bulk(msg: ParsedMessage) -> bool:
    """True for list mail: an unsubscribe or list header, or bulk/list precedence."""
    h = msg.headers
    precedence = h.get("precedence", "").strip().lower()
    return "list-unsubscribe" in h or "list-id" in h or precedence in ("bulk", "list", "junk")


@dataclass(frozen=True)
class Person:
    """Someone who wrote: their name, their own address when the mail came from it, and
    their role when the signature says it."""

    name: str
    email: str | None
    role: ContactRole | None


def role_in(line: str) -> ContactRole | None:
    """The contact role a signature line names ("Senior Technical Recruiter"), if any."""
    for pattern, role in _ROLES:
        if pattern.search(line):
            return role
    return None


def _role_from_signature(text: str, name: str) -> ContactRole | None:
    lines = [line.strip() for line in text.rstrip().splitlines()][-12:]
    for i, line in enumerate(lines):
        if name.lower() not in line.lower():
            continue
        after = line[line.lower().index(name.lower()) + len(name) :]
        for candidate in (after, *lines[i + 1 : i + 3]):
            if candidate and len(candidate) <= 80:
                role = role_in(candidate)
                if role is not None:
                    return role
    return None


def _same_person(display: str, name: str, addr: str) -> bool:
    """True when the From header is this person: the display name or the address's local
    part carries their name."""
    names = [p.lower() for p in name.replace(".", " ").split() if len(p) >= 2]
    if not names:
        return False
    shown = display.lower()
    if shown and (shown == name.lower() or names[0] in shown.split()):
        return True
    local = re.split(r"[._+-]", addr.split("@", 1)[0].lower())
    return names[0] in local or (len(names) > 1 and names[-1] in local)


def who_wrote(msg: ParsedMessage, contact_name: str | None, user_email: str = "") -> Person | None:
    """The person who wrote, if a person did: the name the classifier found (signature or
    display name), with the From address only when it is that person's own."""
    name = (contact_name or "").strip()
    if not name or not msg.from_addr:
        return None
    if user_email and msg.from_addr.lower() == user_email.strip().lower():
        return None  # the user's own mail
    email = None
    if not automated(msg) and not bulk(msg) and _same_person(msg.from_name, name, msg.from_addr):
        email = msg.from_addr.lower()
    return Person(name=name, email=email, role=_role_from_signature(msg.text, name))

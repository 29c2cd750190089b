"""The two shapes mail passes through: a parsed message, and what doorajar makes of it.

Pure. `parse` produces `ParsedMessage`; `classify` turns one into a `Classification`;
filing links that to an application. `Classification.to_json()` is the `ajar scan
--json` line (DESIGN.md), field for field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from doorajar.model import Category, RejectionKind, Stage


@dataclass(frozen=True)
class ParsedMessage:
    """One email, decoded: headers that matter and the newest part of the text."""

    message_id: str
    subject: str
    from_name: str
    from_addr: str
    date: datetime | None
    to: tuple[str, ...] = ()
    reply_to: str | None = None
    text: str = ""  # the newest part as plain text: no markup, no quoted history
    quoted: str = ""  # quoted history and forwarded parts, kept for context
    headers: dict[str, str] = field(default_factory=dict)  # lower-cased names, decoded
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    language: str | None = None
    size: int = 0

    @property
    def sender_domain(self) -> str:
        """The domain of the From address, lower-case ('' if none)."""
        return self.from_addr.rsplit("@", 1)[1].lower() if "@" in self.from_addr else ""


@dataclass(frozen=True)
class Classification:
    """What a message is, what it says, and why doorajar thinks so."""

    category: Category
    kind: RejectionKind | None = None  # only for rejections: form or personal
    stage: Stage | None = None
    company: str | None = None
    role: str | None = None
    contact_name: str | None = None
    feedback: str | None = None  # feedback sentences found in a rejection or reply
    confidence: float = 0.0
    reasons: tuple[str, ...] = ()

    @property
    def is_rejection(self) -> bool:
        """True for rejections."""
        return self.category is Category.REJECTION

    def to_json(self, msg: ParsedMessage) -> dict[str, Any]:
        """The `ajar scan --json` object for this message (DESIGN.md)."""
        sender = f"{msg.from_name} <{msg.from_addr}>" if msg.from_name else msg.from_addr
        return {
            "message_id": msg.message_id,
            "date": msg.date.isoformat() if msg.date else None,
            "from": sender,
            "subject": msg.subject,
            "category": self.category.value,
            "is_rejection": self.is_rejection,
            "kind": self.kind.value if self.kind and self.is_rejection else None,
            "stage": self.stage.value if self.stage and self.stage is not Stage.OFFER else None,
            "company": self.company,
            "role": self.role,
            "contact_name": self.contact_name,
            "confidence": round(self.confidence, 3),
            "reasons": list(self.reasons),
        }

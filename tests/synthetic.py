"""A generated job search of any size: applications over two years with their history.

Shared by the speed tests (tests/test_speed.py) and `python -m benchmarks.web`, which
times the web pages on 10,000 such applications.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert

from doorajar.model import ActionKind, ActionStatus, Outcome, RejectionKind, Stage
from doorajar.service import Tracker
from doorajar.store.tables import (
    ActionRow,
    ApplicationContactRow,
    ApplicationRow,
    ContactRow,
    FeedbackRow,
    NoteRow,
    RejectionRow,
    StageChangeRow,
    TouchRow,
)

COMPANIES = (
    "Acme", "Northwind", "Helio", "Kestrel", "Quill", "Blue Heron", "Lattice", "Beacon",
    "Harbor", "Falcon", "Orchard", "Meridian", "Copper", "Marigold", "Tidewater", "Polaris",
)  # fmt: skip
WORDS = ("Labs", "Systems", "Health", "Analytics", "Logistics", "Media", "Energy", "Bank")
ROLES = ("Data Engineer", "Analytics Engineer", "Senior Data Engineer", "BI Engineer")
SOURCES = ("linkedin", "referral", "company_site", "job_board", "recruiter")


def load(tracker: Tracker, n: int, now: datetime, seed: int = 7) -> dict[str, int]:
    """Store `n` applications with their history in one transaction; returns row counts."""
    rnd = random.Random(seed)
    rows: dict[Any, list[dict[str, Any]]] = {t: [] for t in (
        ApplicationRow, StageChangeRow, TouchRow, RejectionRow, FeedbackRow, ContactRow,
        ApplicationContactRow, ActionRow, NoteRow,
    )}  # fmt: skip
    contact_id = 0
    for app_id in range(1, n + 1):
        applied = now - timedelta(days=rnd.uniform(0, 730))
        stage = rnd.choices(list(Stage), weights=(60, 20, 10, 8, 2))[0]
        rejected = rnd.random() < 0.55 and stage is not Stage.OFFER
        company = f"{rnd.choice(COMPANIES)} {rnd.choice(WORDS)} {app_id % 997}"
        rows[ApplicationRow].append(
            {
                "id": app_id,
                "company": company,
                "role": rnd.choice(ROLES),
                "source": rnd.choice(SOURCES),
                "url": f"https://jobs.example/{app_id}",
                "applied_at": applied,
                "stage": stage.value,
                "outcome": (Outcome.REJECTED if rejected else Outcome.ACTIVE).value,
                "created_at": applied,
                "updated_at": applied,
            }
        )
        at = applied
        for st in list(Stage)[: stage.rank + 1]:
            rows[StageChangeRow].append({"application_id": app_id, "stage": st.value, "at": at})
            rows[TouchRow].append(
                {
                    "application_id": app_id,
                    "direction": "in",
                    "channel": "email",
                    "at": at + timedelta(hours=2),
                    "subject": f"About your application: {st.label}",
                    "summary": "Thanks for your interest; here is what happens next.",
                }
            )
            at += timedelta(days=rnd.uniform(3, 10))
        if stage.interviewed:
            contact_id += 1
            rows[ContactRow].append(
                {
                    "id": contact_id,
                    "name": f"Person {contact_id}",
                    "email": f"p{contact_id}@example.com",
                    "company": company,
                    "role": "recruiter",
                    "connected": rnd.random() < 0.3,
                    "created_at": applied,
                }
            )
            rows[ApplicationContactRow].append({"application_id": app_id, "contact_id": contact_id})
        if rnd.random() < 0.1:
            rows[NoteRow].append(
                {
                    "kind": "note",
                    "body": "Recruiter was friendly.",
                    "application_id": app_id,
                    "created_at": at,
                }
            )
        if not rejected:
            continue
        kind = (
            RejectionKind.PERSONAL
            if stage.interviewed
            else rnd.choice([RejectionKind.FORM, RejectionKind.SILENT])
        )
        rows[RejectionRow].append(
            {
                "id": app_id,
                "application_id": app_id,
                "kind": kind.value,
                "stage": stage.value,
                "received_at": at,
                "reason": "We went with another candidate.",
                "triage_reasons": ["benchmark"],
            }
        )
        if kind is RejectionKind.PERSONAL and rnd.random() < 0.4:
            rows[FeedbackRow].append(
                {
                    "application_id": app_id,
                    "rejection_id": app_id,
                    "text": "More depth on Spark.",
                    "received_at": at,
                    "source": "manual",
                }
            )
        plan = [(ActionKind.REFLECT, 1), (ActionKind.NEXT_APPLICATION, 0)]
        if kind is RejectionKind.PERSONAL:
            plan += [
                (ActionKind.REPLY, 2),
                (ActionKind.FEEDBACK_REQUEST, 5),
                (ActionKind.REVISIT, 90),
                (ActionKind.REVISIT, 180),
            ]
        for seq, (akind, days) in enumerate(plan):
            due = at + timedelta(days=days)
            old = due < now - timedelta(days=14)
            status = (
                ActionStatus.DONE
                if old and rnd.random() < 0.8
                else (ActionStatus.SKIPPED if old else ActionStatus.PENDING)
            )
            rows[ActionRow].append(
                {
                    "key": f"app-{app_id}-{akind.value}-{seq}",
                    "kind": akind.value,
                    "due": due,
                    "status": status.value,
                    "reason": "The playbook says so.",
                    "application_id": app_id,
                    "done_at": due if status is ActionStatus.DONE else None,
                    "created_at": at,
                }
            )
            if status is ActionStatus.DONE and akind in (
                ActionKind.REPLY,
                ActionKind.FEEDBACK_REQUEST,
            ):
                rows[TouchRow].append(
                    {
                        "application_id": app_id,
                        "direction": "out",
                        "channel": "email",
                        "at": due,
                        "subject": akind.label,
                        "action_kind": akind.value,
                    }
                )
    with tracker.tx() as s:
        for table, batch in rows.items():
            if batch:
                s.execute(insert(table), batch)
    return {t.__tablename__: len(b) for t, b in rows.items()}

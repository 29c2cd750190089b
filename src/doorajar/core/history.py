"""The history of changes, undo, and the trash.

Every transaction that writes is one operation of the log (`store/journal.py`); a scan
or an import is one entry however many transactions it took. `undo` takes back the
newest entry that is not undone yet, exactly, with the time-driven writes that followed
it (the silence sweep redoes those at the next command). A deletion is an entry of the
trash until it is undone, restored or emptied for good.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from doorajar.core.matching import same_application
from doorajar.core.plan import replan
from doorajar.core.unit import Unit
from doorajar.errors import Conflict, InvalidInput, NotFound
from doorajar.store import journal, repo

_NAMES = {
    "applications": ("application", "applications"),
    "actions": ("action", "actions"),
    "touches": ("touch", "touches"),
    "contacts": ("contact", "contacts"),
    "application_contacts": ("contact link", "contact links"),
    "rejections": ("rejection", "rejections"),
    "feedback": ("feedback item", "feedback items"),
    "stage_changes": ("stage change", "stage changes"),
    "notes": ("note", "notes"),
    "settings": ("setting", "settings"),
    "drafts": ("draft", "drafts"),
    "mail_messages": ("message", "messages"),
    "mail_sources": ("mailbox", "mailboxes"),
    "mail_sender_rules": ("sender rule", "sender rules"),
    "mail_examples": ("learned example", "learned examples"),
    "mail_accounts": ("mail account", "mail accounts"),
    "mail_moves": ("tidied message", "tidied messages"),
    "goals": ("goal", "goals"),
    "goal_progress": ("goal check", "goal checks"),
    "doors": ("door answer", "door answers"),
}
_VERBS = {"I": "added", "U": "changed", "D": "removed"}


def _noun(table: str, n: int) -> str:
    one, many = _NAMES.get(table, (table, table))
    return f"{n} {one if n == 1 else many}"


def describe_counts(counts: dict[tuple[str, str], int]) -> str:
    """'added 1 application, 3 actions; changed 2 actions' from rows per (table, kind)."""
    parts = []
    for kind in "IUD":
        items = sorted((t, n) for (t, k), n in counts.items() if k == kind)
        if items:
            parts.append(_VERBS[kind] + " " + ", ".join(_noun(t, n) for t, n in items))
    return "; ".join(parts) or "no rows changed"


@dataclass(frozen=True)
class Entry:
    """One entry of the history: a change as the user made it."""

    id: int
    at: datetime
    command: str
    kind: str
    summary: str
    changes: str
    undone: bool
    emptied: bool


def _entry(s: Session, ops: Sequence[journal.Operation]) -> Entry:
    first = ops[0]
    return Entry(
        id=first.group_id,
        at=first.at,
        command=first.command,
        kind=first.kind,
        summary=next((o.summary for o in ops if o.summary), None) or first.command,
        changes=describe_counts(journal.counts(s, [o.id for o in ops])),
        undone=all(o.undone_at is not None for o in ops),
        emptied=any(o.emptied_at is not None for o in ops),
    )


def history(s: Session, *, limit: int = 20, automatic: bool = False) -> list[Entry]:
    """The newest entries, newest first; the time-driven sweeps only when asked."""
    groups: dict[int, list[journal.Operation]] = {}
    for op in journal.operations(s):
        if op.automatic and not automatic:
            continue
        if op.group_id not in groups and len(groups) >= limit:
            break
        groups.setdefault(op.group_id, []).insert(0, op)
    return [_entry(s, ops) for ops in groups.values()]


@dataclass(frozen=True)
class Undone:
    """What `undo` took back."""

    entry: Entry
    rows: int


def undo(u: Unit, *, kind: str | None = None, expect: int | None = None) -> Undone:
    """Take back the newest change that is not undone yet; with `kind` ("scan"), only if
    the newest change is of that kind; with `expect`, only if the newest is that entry
    (an Undo button drawn before something else changed), checked in the same
    transaction."""
    with u.tx(record=False) as s:
        live = [o for o in journal.operations(s) if o.undone_at is None]
        target = next((o for o in live if not o.automatic), None)
        if target is None:
            raise InvalidInput("Nothing to undo: no change is recorded yet.")
        if expect is not None and target.group_id != expect:
            mine = journal.get(s, expect)
            if mine is not None and mine.undone_at is not None:
                raise InvalidInput("That change is already undone.")
            raise Conflict(
                f"A newer change came after it ({target.command}); take that back first, "
                "from the History page."
            )
        if kind is not None and target.kind != kind:
            last = next((o for o in live if o.kind == kind and not o.automatic), None)
            if last is None:
                raise InvalidInput(f"Nothing to undo: no {kind} is recorded.")
            n = len({o.group_id for o in live if not o.automatic and o.id > last.id})
            raise Conflict(
                f"The last {kind} ({last.command!r}) was followed by {n} other "
                f"change{'s' if n != 1 else ''}; undo {'them' if n != 1 else 'it'} first "
                "(`ajar history` lists them)."
            )
        members = journal.group(s, target.group_id)
        start = min(o.id for o in members)
        ids = {o.id for o in members}
        later = [o for o in live if o.id >= start]
        for o in later:
            if o.emptied_at is not None:
                raise Conflict(
                    f"Cannot undo {o.command!r}: what it removed was emptied from the trash."
                )
            if not o.automatic and o.id not in ids:
                raise Conflict(
                    f"{o.command!r} ran while {target.command!r} was running; undo it first."
                )
        entry = _entry(s, members)
        rows = journal.revert(s, [o.id for o in later])
        journal.mark(s, [o.id for o in later], undone_at=u.now())
    return Undone(entry, rows)


@dataclass(frozen=True)
class Trashed:
    """A deletion that can still be taken back."""

    op_id: int
    at: datetime
    command: str
    subject: str
    companies: tuple[str, ...]


def _live_restores(s: Session) -> set[int]:
    return {
        o.restores
        for o in journal.operations(s)
        if o.kind == "restore" and o.restores is not None and o.undone_at is None
    }


def trash(s: Session) -> list[Trashed]:
    """Deletions and merges not undone, restored or emptied, newest first."""
    restored = _live_restores(s)
    out = []
    for o in journal.operations(s):
        if o.kind not in ("delete", "merge") or o.undone_at or o.emptied_at:
            continue
        if o.id in restored:
            continue
        rows = journal.deleted_rows(s, o.id, "applications")
        companies = tuple(str(r.get("company", "")) for r in rows)
        out.append(Trashed(o.id, o.at, o.command, o.subject or o.command, companies))
    return out


def find_trashed(s: Session, query: str) -> Trashed:
    """A trash entry by its number or the company of what it removed."""
    items = trash(s)
    if not items:
        raise NotFound("The trash is empty.")
    q = query.strip().lstrip("#").lower()
    if q.isdigit():
        hit = [t for t in items if t.op_id == int(q)]
    else:
        hit = [
            t for t in items if any(q in c.lower() for c in t.companies) or q in t.subject.lower()
        ]
    if not hit:
        raise NotFound(f"Nothing in the trash matches {query!r}; `ajar trash` lists it.")
    if len(hit) > 1:
        listing = "; ".join(f"#{t.op_id} {t.subject}" for t in hit[:6])
        raise InvalidInput(f"{query!r} matches {len(hit)} deletions: {listing}. Use the number.")
    return hit[0]


def restore(u: Unit, query: str) -> Trashed:
    """Put back what a deletion or a merge removed, as one new change."""
    with u.tx() as s:
        item = find_trashed(s, query)
        for row in journal.deleted_rows(s, item.op_id, "applications"):
            for other in repo.applications(s):
                if same_application(other.company, other.role, row["company"], row["role"]):
                    raise Conflict(
                        f"Cannot restore {row['company']} — {row['role']}: #{other.id} "
                        f"{other.title} now has that name; rename or delete it first."
                    )
            if journal.has_row(s, "applications", {"id": row["id"]}):
                raise Conflict(f"Cannot restore #{row['id']}: that number is in use.")
        journal.describe(s, kind="restore", restores=item.op_id, summary=f"restored {item.subject}")
        journal.revert(s, [item.op_id])
        settings = repo.load_settings(s)
        for row in journal.deleted_rows(s, item.op_id, "applications"):
            replan(u, s, int(row["id"]), settings)
    return item


def empty_trash(u: Unit) -> int:
    """Forget for good what the trash holds; returns how many deletions went."""
    with u.tx(record=False) as s:
        items = trash(s)
        ids = [t.op_id for t in items]
        journal.forget(s, ids)
        journal.mark(s, ids, emptied_at=u.now())
    return len(items)

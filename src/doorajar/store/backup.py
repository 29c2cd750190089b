"""The whole database as one JSON document, and back.

Generic over the schema: every table in the metadata is written, rows ordered by
primary key, so export -> import into an empty home -> export gives identical JSON.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Integer,
    LargeBinary,
    String,
    Table,
    delete,
    func,
    select,
    text,
)
from sqlalchemy.orm import Session

from doorajar.errors import Conflict, ImportFailed, InvalidInput
from doorajar.settings import check_value, specs
from doorajar.store.journal import exported
from doorajar.store.repo import fits
from doorajar.store.schema import metadata
from doorajar.store.tables import OWNER, UTCDateTime

FORMAT = "doorajar-export"
VERSION = 1
# Tables whose rows mean the home is in use; settings alone do not count.
_CONTENT_TABLES = ("applications", "contacts", "notes")


def _tables() -> list[Table]:
    return exported()


def _columns(table: Table) -> list[Any]:
    return [c for c in table.columns if c.name != OWNER]


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return {"base64": base64.b64encode(value).decode("ascii")}
    return value


def export_all(s: Session, schema: str, owner: int | None = None) -> dict[str, Any]:
    """Every row of every table, as plain JSON values; given `owner`, that user's rows
    only, named in the query too (a role that bypasses row-level security sees them all)."""
    doc: dict[str, Any] = {"format": FORMAT, "version": VERSION, "schema": schema, "tables": {}}
    for table in _tables():
        order = list(table.primary_key.columns)
        query = select(table).order_by(*order)
        if owner is not None and OWNER in table.columns:
            query = query.where(table.c[OWNER] == owner)
        rows = s.execute(query).mappings()
        doc["tables"][table.name] = [
            {k: _encode(v) for k, v in row.items() if k != OWNER} for row in rows
        ]
    return doc


def is_empty(s: Session) -> bool:
    """True when the home holds no applications, contacts or notes."""
    for name in _CONTENT_TABLES:
        table = metadata.tables[name]
        if s.scalar(select(func.count()).select_from(table)):
            return False
    return True


def _decode(table: Table, row: Any, index: int) -> dict[str, Any]:
    if not isinstance(row, dict):
        raise ImportFailed(f"Row {index + 1} of '{table.name}' is not an object.")
    # whose the rows are is not part of an export: they become the importing user's
    unknown = set(row) - {c.name for c in _columns(table)}
    if unknown:
        raise ImportFailed(
            f"Row {index + 1} of '{table.name}' has unknown fields: {', '.join(sorted(unknown))}."
        )
    out: dict[str, Any] = {}
    for col in _columns(table):
        if col.name not in row:
            if not col.nullable and col.default is None and not col.primary_key:
                raise ImportFailed(f"Row {index + 1} of '{table.name}' lacks '{col.name}'.")
            continue
        value = row[col.name]
        try:
            if value is None:
                pass
            elif isinstance(col.type, UTCDateTime):
                value = datetime.fromisoformat(value)
                if value.tzinfo is None:
                    raise ValueError("no time zone")
            elif isinstance(col.type, LargeBinary):
                value = base64.b64decode(value["base64"])
            elif isinstance(col.type, Boolean) and not isinstance(value, bool):
                raise ValueError("not true/false")
            elif isinstance(col.type, Integer) and (
                not isinstance(value, int) or isinstance(value, bool)
            ):
                raise ValueError("not a whole number")
            elif isinstance(col.type, String) and col.type.length and isinstance(value, str):
                # the limits commands and CSV import apply: PostgreSQL enforces them mid-write
                fits(f"'{col.name}'", value, col.type.length)
        except InvalidInput as exc:
            raise ImportFailed(
                f"Row {index + 1} of '{table.name}': {exc.message} Nothing was imported."
            ) from None
        except (ValueError, TypeError, KeyError) as exc:
            raise ImportFailed(
                f"Row {index + 1} of '{table.name}': bad '{col.name}' ({exc})."
            ) from None
        out[col.name] = value
    return out


# Rows written per INSERT: far below any bind-parameter limit, and a point to report progress.
_CHUNK = 200


def import_all(
    s: Session,
    doc: Any,
    *,
    replace: bool = False,
    on_rows: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Load an export into this database, in the caller's transaction. Returns rows per
    table; `on_rows(n)` is told how many rows are written so far, chunk by chunk."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ImportFailed("This is not a doorajar export (no 'format': 'doorajar-export').")
    if doc.get("version") != VERSION:
        raise ImportFailed(
            f"Unsupported export version {doc.get('version')!r}; expected {VERSION}."
        )
    tables = doc.get("tables")
    if not isinstance(tables, dict):
        raise ImportFailed("The export has no 'tables' section; the file may be truncated.")
    known = {t.name for t in _tables()}
    unknown = set(tables) - known
    if unknown:
        raise ImportFailed(
            "The export has tables this doorajar does not know "
            f"({', '.join(sorted(unknown))}); it comes from a newer version."
        )
    if not is_empty(s) and not replace:
        raise Conflict(
            "This home already holds data. Import into an empty home (--home DIR), "
            "or pass --replace to overwrite everything in it."
        )
    decoded: dict[str, list[dict[str, Any]]] = {}
    for table in _tables():  # every row is checked before anything is written
        rows = tables.get(table.name, [])
        if not isinstance(rows, list):
            raise ImportFailed(f"Table '{table.name}' in the export is not a list.")
        decoded[table.name] = [_decode(table, r, i) for i, r in enumerate(rows)]
    known = {sp.name for sp in specs()}
    for i, row in enumerate(decoded.get("settings", [])):
        # a backup is one more way in: its settings are held to what `config` accepts
        # (one this version no longer has is kept, and ignored, as before)
        if row.get("key") not in known:
            continue
        try:
            check_value(row["key"], row.get("value"))
        except InvalidInput as exc:
            raise ImportFailed(
                f"Row {i + 1} of 'settings': {exc.message} Nothing was imported."
            ) from None
    if replace:
        for table in reversed(_tables()):
            s.execute(delete(table))
    else:
        for table in reversed(_tables()):
            if table.name == "settings":
                s.execute(delete(table))
    counts: dict[str, int] = {}
    written = 0
    for table in _tables():
        rows = decoded[table.name]
        for i in range(0, len(rows), _CHUNK):
            s.execute(table.insert(), rows[i : i + _CHUNK])
            written += len(rows[i : i + _CHUNK])
            if on_rows is not None:
                on_rows(written)
        counts[table.name] = len(rows)
    s.flush()
    if s.get_bind().dialect.name == "postgresql":
        _reset_sequences(s)
    return counts


def _reset_sequences(s: Session) -> None:
    for table in _tables():
        pk = list(table.primary_key.columns)
        if (
            len(pk) == 1
            and isinstance(pk[0].type, Integer)
            and pk[0].autoincrement in (True, "auto")
        ):
            # never below a number already handed out: an undo may bring its row back
            seq = s.scalar(text(f"SELECT pg_get_serial_sequence('{table.name}', '{pk[0].name}')"))
            if seq is None:
                continue
            last, called = s.execute(text(f"SELECT last_value, is_called FROM {seq}")).one()
            top = s.scalar(text(f"SELECT COALESCE(MAX({pk[0].name}), 0) FROM {table.name}"))
            s.execute(
                text("SELECT setval(:seq, :value, false)"),
                {"seq": seq, "value": max(int(top or 0), int(last) if called else 0) + 1},
            )

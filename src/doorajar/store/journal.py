"""The operation log's machinery: triggers that record every change, and taking one back.

While a transaction is open for an operation, `operation_current` holds its id and the
triggers on every journaled table write what each statement changed to
`operation_changes`. An operation is opened lazily, by the first statement that writes
(`_open_on_first_write`), so reading never writes. Taking an operation back replays its
changes newest first: an insert is deleted, an update gets its old values back, a
delete is inserted again, each exactly as stored, so `ajar export --json` after a change
and its undo is byte for byte what it was before.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Float,
    LargeBinary,
    Table,
    delete,
    event,
    func,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session

from doorajar.store.schema import metadata
from doorajar.store.tables_journal import ChangeRow, CurrentRow, OperationRow

PENDING = "doorajar.operation"  # key in the connection's info while a transaction is open


def journaled() -> list[Table]:
    """The tables whose changes are recorded: every table but the log itself."""
    return [t for t in metadata.sorted_tables if t.info.get("journal", True)]


def exported() -> list[Table]:
    """The tables `ajar export --json` writes."""
    return [t for t in metadata.sorted_tables if t.info.get("export", True)]


@dataclass
class Group:
    """Operations that are one change to the user: the batches of a scan, say."""

    kind: str
    id: int | None = None


@dataclass
class Pending:
    """What the operation opened by this transaction will be recorded as."""

    command: str
    at: datetime
    kind: str = "change"
    automatic: bool = False
    group: Group | None = None
    summary: str | None = None
    subject: str | None = None
    restores: int | None = None
    op_id: int | None = None
    described: set[str] = field(default_factory=set)


# --- triggers ------------------------------------------------------------------------------


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_value(table: Table, col: str, alias: str) -> str:
    ref = f"{alias}.{_q(col)}"
    kind = table.c[col].type
    if isinstance(kind, LargeBinary):
        return f"CASE WHEN {ref} IS NULL THEN NULL ELSE hex({ref}) END"
    if isinstance(kind, Float):  # 17 digits give the same double back (SQLite needs "!" past 16)
        return f"CASE WHEN {ref} IS NULL THEN NULL ELSE printf('%!.17g', {ref}) END"
    return ref


def _sqlite_object(table: Table, cols: Iterable[str], alias: str) -> str:
    pairs = ", ".join(f"'{c}', {_sqlite_value(table, c, alias)}" for c in cols)
    return f"json_object({pairs})"


def _sqlite_triggers(table: Table) -> list[str]:
    name = table.name
    cols = [c.name for c in table.columns]
    keys = [c.name for c in table.primary_key.columns]
    when = "EXISTS (SELECT 1 FROM operation_current)"
    changed = " OR ".join(f"OLD.{_q(c)} IS NOT NEW.{_q(c)}" for c in cols)
    unchanged = ", ".join(
        f"CASE WHEN OLD.{_q(c)} IS NEW.{_q(c)} THEN '$.{c}' ELSE '$.\"\"' END" for c in cols
    )
    record = (
        "INSERT INTO operation_changes (op_id, tbl, kind, pk, before) "
        "SELECT op_id, '{tbl}', '{kind}', {pk}, {before} FROM operation_current;"
    )
    return [
        f"CREATE TRIGGER journal_{name}_i AFTER INSERT ON {_q(name)} WHEN {when} BEGIN "
        + record.format(tbl=name, kind="I", pk=_sqlite_object(table, keys, "NEW"), before="NULL")
        + " END",
        f"CREATE TRIGGER journal_{name}_u AFTER UPDATE ON {_q(name)} "
        f"WHEN {when} AND ({changed}) BEGIN "
        + record.format(
            tbl=name,
            kind="U",
            pk=_sqlite_object(table, keys, "NEW"),
            before=f"json_remove({_sqlite_object(table, cols, 'OLD')}, {unchanged})",
        )
        + " END",
        f"CREATE TRIGGER journal_{name}_d AFTER DELETE ON {_q(name)} WHEN {when} BEGIN "
        + record.format(
            tbl=name,
            kind="D",
            pk=_sqlite_object(table, keys, "OLD"),
            before=_sqlite_object(table, cols, "OLD"),
        )
        + " END",
    ]


_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION doorajar_journal() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  op integer;
  keys json;
  old_row json;
  new_row jsonb;
  before json;
BEGIN
  SELECT op_id INTO op FROM operation_current LIMIT 1;
  IF op IS NULL THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    new_row := to_jsonb(NEW);
    SELECT json_object_agg(k, new_row -> k) INTO keys FROM unnest(TG_ARGV) AS k;
    INSERT INTO operation_changes (op_id, tbl, kind, pk, before)
      VALUES (op, TG_TABLE_NAME, 'I', keys::text, NULL);
  ELSIF TG_OP = 'UPDATE' THEN
    new_row := to_jsonb(NEW);
    SELECT json_object_agg(o.key, o.value) INTO before
      FROM json_each(to_json(OLD)) AS o
      WHERE (new_row -> o.key) IS DISTINCT FROM o.value::jsonb;
    IF before IS NULL THEN
      RETURN NULL;
    END IF;
    SELECT json_object_agg(k, new_row -> k) INTO keys FROM unnest(TG_ARGV) AS k;
    INSERT INTO operation_changes (op_id, tbl, kind, pk, before)
      VALUES (op, TG_TABLE_NAME, 'U', keys::text, before::text);
  ELSE
    old_row := to_json(OLD);
    SELECT json_object_agg(k, old_row -> k) INTO keys FROM unnest(TG_ARGV) AS k;
    INSERT INTO operation_changes (op_id, tbl, kind, pk, before)
      VALUES (op, TG_TABLE_NAME, 'D', keys::text, old_row::text);
  END IF;
  RETURN NULL;
END $$
"""


def install(conn: Connection) -> None:
    """(Re)create the journal's triggers for the current schema; run after every upgrade."""
    dialect = conn.dialect.name
    if dialect == "postgresql":
        conn.exec_driver_sql(_PG_FUNCTION)
    for table in journaled():
        if dialect == "sqlite":
            for suffix in "iud":
                conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS journal_{table.name}_{suffix}")
            for ddl in _sqlite_triggers(table):
                conn.exec_driver_sql(ddl)
        elif dialect == "postgresql":
            keys = ", ".join(f"'{c.name}'" for c in table.primary_key.columns)
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS journal ON {_q(table.name)}")
            conn.exec_driver_sql(
                f"CREATE TRIGGER journal AFTER INSERT OR UPDATE OR DELETE ON {_q(table.name)} "
                f"FOR EACH ROW EXECUTE FUNCTION doorajar_journal({keys})"
            )


# --- opening an operation on the first write -----------------------------------------------

_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.I)
_UNJOURNALED = frozenset(t.name for t in metadata.sorted_tables if not t.info.get("journal", True))


def _stamp(at: datetime, dialect: str) -> Any:
    naive = at.astimezone(UTC).replace(tzinfo=None)
    return naive.strftime("%Y-%m-%d %H:%M:%S.%f") if dialect == "sqlite" else naive


def _open_on_first_write(
    conn: Connection, cursor: Any, statement: str, *_args: Any, **_kw: Any
) -> None:
    pending: Pending | None = conn.info.get(PENDING)
    if pending is None or pending.op_id is not None:
        return
    m = _WRITE.match(statement)
    if m is None or m.group(1) in _UNJOURNALED:
        return
    dialect = conn.dialect.name
    mark = "?" if dialect == "sqlite" else "%s"
    group = pending.group
    values = (
        group.id if group else None,
        _stamp(pending.at, dialect),
        pending.command,
        pending.summary,
        pending.kind,
        pending.automatic,
        pending.subject,
        pending.restores,
    )
    sql = (
        "INSERT INTO operations (group_id, at, command, summary, kind, automatic, subject, "
        f"restores) VALUES ({', '.join([mark] * len(values))})"
    )
    raw = conn.connection.driver_connection
    assert raw is not None
    cur = raw.cursor()
    try:
        if dialect == "sqlite":
            cur.execute(sql, values)
            op_id = int(cur.lastrowid)
        else:
            cur.execute(sql + " RETURNING id", values)
            op_id = int(cur.fetchone()[0])
        if group is not None and group.id is None:
            group.id = op_id
            cur.execute(
                f"UPDATE operations SET group_id = {mark} WHERE id = {mark}", (op_id, op_id)
            )
        cur.execute("DELETE FROM operation_current")
        cur.execute(f"INSERT INTO operation_current (op_id) VALUES ({mark})", (op_id,))
    finally:
        cur.close()
    pending.op_id = op_id


def listen(engine: Engine) -> None:
    """Open operations on the first write of a transaction that has one pending."""
    event.listen(engine, "before_cursor_execute", _open_on_first_write)


def begin(s: Session, pending: Pending) -> dict[Any, Any]:
    """Mark the session's transaction: its first write opens `pending` as an operation.
    Returns the connection's info, from which the caller removes the mark at the end."""
    info = s.connection().info
    info[PENDING] = pending
    return info


def finish(s: Session) -> int | None:
    """Close the transaction's operation before it commits; returns its id, if one opened."""
    info = s.connection().info
    pending: Pending | None = info.pop(PENDING, None)
    if pending is None or pending.op_id is None:
        return None
    s.execute(delete(CurrentRow))
    if pending.described:
        fields = {name: getattr(pending, name) for name in pending.described}
        s.execute(update(OperationRow).where(OperationRow.id == pending.op_id).values(**fields))
    return pending.op_id


def describe(s: Session, **fields: Any) -> None:
    """Name what the open transaction's operation does (kind, summary, subject, restores)."""
    pending: Pending | None = s.connection().info.get(PENDING)
    if pending is None:
        return
    for name, value in fields.items():
        setattr(pending, name, value)
        pending.described.add(name)


def automatic_until_written(s: Session) -> None:
    """Record the transaction's operation as time-driven, unless it has already written
    (a reading command's transaction that starts with the silence sweep)."""
    pending: Pending | None = s.connection().info.get(PENDING)
    if pending is not None and pending.op_id is None:
        pending.automatic = True


def current(s: Session) -> int | None:
    """The id of the operation this transaction opened, if it has written anything."""
    pending: Pending | None = s.connection().info.get(PENDING)
    return pending.op_id if pending else None


# --- reading the log -----------------------------------------------------------------------


@dataclass(frozen=True)
class Operation:
    """One operation as the log keeps it."""

    id: int
    group_id: int
    at: datetime
    command: str
    summary: str | None
    kind: str
    automatic: bool
    subject: str | None
    restores: int | None
    undone_at: datetime | None
    emptied_at: datetime | None


def _to_op(r: OperationRow) -> Operation:
    return Operation(
        id=r.id,
        group_id=r.group_id or r.id,
        at=r.at,
        command=r.command,
        summary=r.summary,
        kind=r.kind,
        automatic=r.automatic,
        subject=r.subject,
        restores=r.restores,
        undone_at=r.undone_at,
        emptied_at=r.emptied_at,
    )


def operations(
    s: Session, *, after: int | None = None, limit: int | None = None, newest_first: bool = True
) -> list[Operation]:
    """Operations of the log, newest first by default."""
    q = select(OperationRow)
    if after is not None:
        q = q.where(OperationRow.id > after)
    q = q.order_by(OperationRow.id.desc() if newest_first else OperationRow.id)
    if limit is not None:
        q = q.limit(limit)
    return [_to_op(r) for r in s.scalars(q)]


def group(s: Session, group_id: int) -> list[Operation]:
    """The operations of one group, oldest first."""
    q = select(OperationRow).where(
        (OperationRow.group_id == group_id) | (OperationRow.id == group_id)
    )
    return [_to_op(r) for r in s.scalars(q.order_by(OperationRow.id))]


def get(s: Session, op_id: int) -> Operation | None:
    """One operation."""
    row = s.get(OperationRow, op_id)
    return _to_op(row) if row else None


def counts(s: Session, op_ids: Sequence[int]) -> dict[tuple[str, str], int]:
    """Rows changed by these operations, per (table, I/U/D); a row changed twice counts once."""
    out: dict[tuple[str, str], int] = {}
    for start in range(0, len(op_ids), 500):
        chunk = op_ids[start : start + 500]
        rows = func.count(func.distinct(ChangeRow.pk))
        q = select(ChangeRow.tbl, ChangeRow.kind, rows).where(ChangeRow.op_id.in_(chunk))
        for tbl, kind, n in s.execute(q.group_by(ChangeRow.tbl, ChangeRow.kind)):
            out[(tbl, kind)] = out.get((tbl, kind), 0) + int(n)
    return out


def changes(s: Session, op_id: int) -> list[ChangeRow]:
    """The rows one operation changed, in the order it changed them."""
    return list(s.scalars(select(ChangeRow).where(ChangeRow.op_id == op_id).order_by(ChangeRow.id)))


def mark(s: Session, op_ids: Sequence[int], **fields: Any) -> None:
    """Set undone_at or emptied_at on operations."""
    for start in range(0, len(op_ids), 500):
        chunk = op_ids[start : start + 500]
        s.execute(update(OperationRow).where(OperationRow.id.in_(chunk)).values(**fields))


def forget(s: Session, op_ids: Sequence[int]) -> None:
    """Drop the recorded rows of operations (what a deleted row was, say) for good."""
    for start in range(0, len(op_ids), 500):
        chunk = op_ids[start : start + 500]
        s.execute(delete(ChangeRow).where(ChangeRow.op_id.in_(chunk)))


# --- taking changes back -------------------------------------------------------------------


def _decode_sqlite(table: Table, values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in values.items():
        kind = table.c[name].type
        if value is not None and isinstance(kind, LargeBinary):
            value = bytes.fromhex(value)
        elif value is not None and isinstance(kind, Float):
            value = float(value)
        out[name] = value
    return out


def _where(keys: dict[str, Any], prefix: str = "") -> tuple[str, dict[str, Any]]:
    parts, params = [], {}
    for i, (name, value) in enumerate(keys.items()):
        parts.append(f"{prefix}{_q(name)} = :k{i}")
        params[f"k{i}"] = value
    return " AND ".join(parts), params


def _revert_one(s: Session, change: ChangeRow, dialect: str) -> None:
    table = metadata.tables[change.tbl]
    keys = json.loads(change.pk)
    name = _q(table.name)
    where, params = _where(keys)
    if change.kind == "I":
        s.execute(text(f"DELETE FROM {name} WHERE {where}"), params)
        return
    assert change.before is not None
    if dialect == "postgresql":
        params["before"] = change.before
        if change.kind == "D":
            s.execute(
                text(
                    f"INSERT INTO {name} SELECT * FROM json_populate_record(NULL::{name}, :before)"
                ),
                params,
            )
        else:
            cols = list(json.loads(change.before))
            sets = ", ".join(f"{_q(c)} = r.{_q(c)}" for c in cols)
            where = _where(keys, f"{name}.")[0]
            s.execute(
                text(
                    f"UPDATE {name} SET {sets} FROM json_populate_record(NULL::{name}, :before) "
                    f"AS r WHERE {where}"
                ),
                params,
            )
        return
    values = _decode_sqlite(table, json.loads(change.before))
    for i, value in enumerate(values.values()):
        params[f"v{i}"] = value
    if change.kind == "D":
        names = ", ".join(_q(c) for c in values)
        marks = ", ".join(f":v{i}" for i in range(len(values)))
        s.execute(text(f"INSERT INTO {name} ({names}) VALUES ({marks})"), params)
    else:
        sets = ", ".join(f"{_q(c)} = :v{i}" for i, c in enumerate(values))
        s.execute(text(f"UPDATE {name} SET {sets} WHERE {where}"), params)


def defer_foreign_keys(s: Session) -> None:
    """Check foreign keys at commit, so rows can come back in any order: a cascade's rows
    are not always recorded after the row that caused it."""
    if s.get_bind().dialect.name == "sqlite":
        s.execute(text("PRAGMA defer_foreign_keys = ON"))
    else:
        s.execute(text("SET CONSTRAINTS ALL DEFERRED"))


def revert(s: Session, op_ids: Sequence[int], *, kinds: str = "IUD") -> int:
    """Take back the changes of these operations, newest first. Returns rows restored."""
    dialect = s.get_bind().dialect.name
    defer_foreign_keys(s)
    done = 0
    for op_id in sorted(op_ids, reverse=True):
        for change in reversed(changes(s, op_id)):
            if change.kind in kinds:
                _revert_one(s, change, dialect)
                done += 1
    return done


def deleted_rows(s: Session, op_id: int, table: str) -> list[dict[str, Any]]:
    """The rows of `table` an operation deleted, as they were (plain JSON values)."""
    q = select(ChangeRow.before).where(
        ChangeRow.op_id == op_id, ChangeRow.tbl == table, ChangeRow.kind == "D"
    )
    return [json.loads(b) for b in s.scalars(q.order_by(ChangeRow.id)) if b]


def has_row(s: Session, table: str, keys: dict[str, Any]) -> bool:
    """True when a row with these key values exists."""
    where, params = _where(keys)
    return s.execute(text(f"SELECT 1 FROM {_q(table)} WHERE {where}"), params).first() is not None

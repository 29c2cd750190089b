"""Every seeker's rows carry their owner, and PostgreSQL's row-level security keeps each
user to their own: tables, policies, per-owner keys, the migration of existing data."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from doorajar.service import Tracker
from doorajar.store.db import Store, alembic_config, make_engine
from doorajar.store.schema import metadata
from tests.servers import OwnedDatabase

# Tables shared by every user of a database, never one seeker's. A new table is owned
# (it has owner_id and, on PostgreSQL, the policy) unless it is named here on purpose.
SHARED = {"users", "credentials", "account_links", "sign_in_backoff"}


def test_every_table_has_an_owner_unless_it_is_shared() -> None:
    for table in metadata.sorted_tables:
        if table.name in SHARED:
            assert "owner_id" not in table.columns
            assert table.info.get("owned") is False, table.name
            continue
        assert "owner_id" in table.columns, f"{table.name} holds a seeker's data: owner_id"
        assert not table.c.owner_id.nullable
        for constraint in table.constraints:
            if isinstance(constraint, sa.UniqueConstraint | sa.PrimaryKeyConstraint):
                cols = list(constraint.columns)
                # ids come from one sequence for all users, so a key of ids is unique anyway
                ids = all(isinstance(c.type, sa.Integer) for c in cols)
                assert "owner_id" in {c.name for c in cols} or (
                    isinstance(constraint, sa.PrimaryKeyConstraint) and ids
                ), f"{table.name}: key {[c.name for c in cols]} must be unique per owner"


@pytest.mark.postgres
def test_every_owned_table_is_sealed_by_a_forced_default_deny_policy(pg_url: str) -> None:
    Store(pg_url).close()
    engine = sa.create_engine(pg_url)
    with engine.connect() as conn:
        sealed = {
            r.relname: (r.relrowsecurity, r.relforcerowsecurity)
            for r in conn.execute(
                sa.text(
                    "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class "
                    "WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace"
                )
            )
        }
        policies = {
            r.tablename: (r.qual, r.with_check, r.permissive, r.cmd)
            for r in conn.execute(sa.text("SELECT * FROM pg_policies WHERE schemaname = 'public'"))
        }
        keys = [
            (r.table, r.contype, r.cols)
            for r in conn.execute(
                sa.text(
                    "SELECT conrelid::regclass::text AS table, contype, "
                    "array(SELECT attname FROM unnest(conkey) WITH ORDINALITY AS k(n, i) "
                    "JOIN pg_attribute ON attrelid = conrelid AND attnum = k.n ORDER BY i) "
                    "AS cols FROM pg_constraint "
                    "WHERE contype IN ('u', 'p')"
                )
            )
        ]
    engine.dispose()
    owned = [t.name for t in metadata.sorted_tables if t.name not in SHARED]
    assert len(owned) >= 25
    for name in owned:
        assert sealed[name] == (True, True), f"{name}: row level security enabled and forced"
        qual, check, permissive, cmd = policies[name]
        assert cmd == "ALL"
        assert permissive == "PERMISSIVE"
        for expr in (qual, check):
            assert "owner_id" in expr, (name, expr)
            assert "doorajar.user" in expr, (name, expr)
    for name in SHARED:
        assert sealed[name] == (False, False)
    for table, kind, cols in keys:
        if table in owned and kind == "u":
            assert "owner_id" in cols, (table, cols)
    assert ("settings", "p", ["owner_id", "key"]) in keys


def _at_0011(url: str) -> None:
    engine = make_engine(url)
    with engine.connect() as conn, conn.begin():
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0011")
        conn.execute(
            sa.text(
                "INSERT INTO applications (company, role, applied_at, stage, outcome, "
                "created_at, updated_at) VALUES ('Initech', 'Analyst', '2026-10-01', "
                "'applied', 'active', '2026-10-01', '2026-10-01')"
            )
        )
        conn.execute(sa.text("INSERT INTO settings (key, value) VALUES ('timezone', '\"UTC\"')"))
    engine.dispose()


def test_upgrading_gives_existing_data_to_the_one_local_owner(db_url: str, tmp_path: Path) -> None:
    _at_0011(db_url)
    t = Tracker(Store(db_url))
    try:
        assert [a.company for a in t.applications()] == ["Initech"]
        assert t.settings().timezone == "UTC"
        t.set_config("timezone", "Europe/Berlin")
        assert t.settings().timezone == "Europe/Berlin"
        with t.store.engine.connect() as conn:
            owners = conn.execute(sa.text("SELECT DISTINCT owner_id FROM applications")).all()
            users = conn.execute(sa.text("SELECT id, email, role FROM users")).all()
        assert owners == [(1,)]
        assert users == [(1, "local", "seeker")]
    finally:
        t.close()


@pytest.mark.postgres
def test_a_plain_owner_sees_only_the_user_its_transaction_acts_for(
    pg_owned: OwnedDatabase,
) -> None:
    store = Store(pg_owned.url)
    try:
        t = Tracker(store)
        t.apply("Globex Mine", "Engineer")  # the local owner, user 1
        with store.engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO users (email, role, created_at) VALUES ('b@x.org', 'seeker', now())"
                )
            )
        with t.unit.acting_as(2):
            t.apply("Hooli Theirs", "Engineer")
            t.set_config("timezone", "Asia/Tokyo")
            assert [a.company for a in t.applications()] == ["Hooli Theirs"]
            assert t.settings().timezone == "Asia/Tokyo"
        assert [a.company for a in t.applications()] == ["Globex Mine"]
        assert t.settings().timezone != "Asia/Tokyo"
        with store.engine.connect() as conn:
            # no setting: the forced policy hides every row, even from the tables' owner
            assert conn.execute(sa.text("SELECT count(*) FROM applications")).scalar() == 0
            assert conn.execute(sa.text("SELECT count(*) FROM operations")).scalar() == 0
    finally:
        store.close()

"""`ajar server init`: the schema migrated as the database's owner, an app role that owns
nothing and cannot bypass row-level security, and what that role can see by SQL."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
import sqlalchemy as sa

from doorajar.server.passwords import verify
from doorajar.service import Tracker
from doorajar.store import repo_users
from doorajar.store.db import Store
from doorajar.store.schema import metadata
from tests.helpers import Cli
from tests.server_helpers import ADMIN, ADMIN_PASSWORD, add_seeker, fill, init_centre
from tests.servers import OwnedDatabase

pytestmark = pytest.mark.postgres

OWNED = [t.name for t in metadata.sorted_tables if "owner_id" in t.columns]


def _rows_text(conn: sa.Connection) -> str:
    return "\n".join(
        repr(tuple(row))
        for name in OWNED
        for row in conn.execute(sa.text(f'SELECT * FROM "{name}"'))
    )


def _run_as(conn: sa.Connection, user: int, *statements: str) -> None:
    with conn.begin():
        conn.execute(sa.text("SELECT set_config('doorajar.user', :u, true)"), {"u": str(user)})
        for sql in statements:
            conn.exec_driver_sql(sql)


def test_init_makes_the_first_admin_and_an_app_role_that_owns_nothing(
    cli: Cli, home: Path, pg_owned: OwnedDatabase
) -> None:
    centre = init_centre(cli, home, pg_owned)
    config = home / "server.json"
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    app = sa.make_url(centre.app_url)
    assert app.username == centre.app_role
    assert app.password
    assert len(app.password) >= 32
    engine = sa.create_engine(centre.owner_url)
    with engine.connect() as conn:
        role = conn.execute(
            sa.text(
                "SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb, rolcanlogin, "
                "(SELECT count(*) FROM pg_class WHERE relowner = pg_roles.oid) "
                "FROM pg_roles WHERE rolname = :r"
            ),
            {"r": centre.app_role},
        ).one()
        stored = " ".join(
            str(v)
            for name in ("users", *OWNED)
            for r in conn.execute(sa.text(f'SELECT * FROM "{name}"'))
            for v in r
        )
    engine.dispose()
    assert tuple(role) == (False, False, False, False, True, 0)  # it owns nothing
    assert app.password not in stored  # the app role's password is not in the database
    store = Store(centre.owner_url)
    with store.transaction() as s:
        admin = repo_users.find_user(s, ADMIN)
        assert admin is not None
        assert admin.role == "admin"
        assert verify(repo_users.password_hash(s, admin.id), ADMIN_PASSWORD)
        assert ADMIN_PASSWORD not in (repo_users.password_hash(s, admin.id) or "")
    store.close()
    # a second init changes nothing the running workers rely on
    again = cli.ok(
        "--database-url",
        centre.owner_url,
        "server",
        "init",
        "--admin",
        ADMIN,
        "--password",
        ADMIN_PASSWORD,
    )
    assert "was there already" in again
    assert json.loads(config.read_text())["database_url"] == centre.app_url


def test_the_app_role_sees_nothing_without_a_user_and_nothing_of_another(
    cli: Cli, home: Path, pg_owned: OwnedDatabase
) -> None:
    centre = init_centre(cli, home, pg_owned)
    ada, bo = add_seeker(centre, "ada@uni.example"), add_seeker(centre, "bo@uni.example")
    t = Tracker(Store(centre.app_url))  # serve's connection: at head, so nothing migrates
    try:
        fill(t, ada, "Adamarker")
        fill(t, bo, "Bomarker")
        with t.unit.acting_as(bo):
            assert [a.company for a in t.applications()] == ["Bomarker Corp"]
    finally:
        t.close()
    engine = sa.create_engine(centre.app_url)
    with engine.connect() as conn:
        with conn.begin():  # no user set: every owned table is empty
            assert conn.execute(sa.text("SELECT current_user")).scalar() == centre.app_role
            for name in OWNED:
                assert conn.execute(sa.text(f'SELECT count(*) FROM "{name}"')).scalar() == 0, name
            assert conn.execute(sa.text("UPDATE applications SET company = 'x'")).rowcount == 0
            assert conn.execute(sa.text("DELETE FROM contacts")).rowcount == 0
        with conn.begin():  # acting for Bo: nothing of Ada's, whatever the query asks for
            conn.execute(sa.text("SELECT set_config('doorajar.user', :u, true)"), {"u": str(bo)})
            seen = _rows_text(conn)
            assert "Bomarker" in seen
            assert "Adamarker" not in seen
            assert (
                conn.execute(
                    sa.text("SELECT count(*) FROM applications WHERE owner_id = :a"), {"a": ada}
                ).scalar()
                == 0
            )
            assert (
                conn.execute(
                    sa.text("UPDATE applications SET company = company WHERE owner_id = :a"),
                    {"a": ada},
                ).rowcount
                == 0
            )
        refused = {  # writing into Ada's data, or switching the policies off
            f"INSERT INTO notes (owner_id, kind, body, created_at) "
            f"VALUES ({ada}, 'note', 'x', now())": "row-level security",
            f"UPDATE applications SET owner_id = {ada}": "row-level security",
            "ALTER TABLE applications DISABLE ROW LEVEL SECURITY": "must be owner",
            "DROP POLICY owner_only ON applications": "must be owner",
            "SELECT count(*) FROM applications": "row-level security",  # row_security off
            "CREATE TABLE spy (id int)": "permission denied",
        }
        for sql, why in refused.items():
            off = sql.startswith("SELECT")
            with pytest.raises(sa.exc.DBAPIError, match=why):
                _run_as(conn, bo, *(["SET LOCAL row_security = off"] if off else []), sql)
    engine.dispose()
    check = sa.create_engine(centre.owner_url)
    with check.connect() as conn, conn.begin():
        conn.execute(sa.text("SELECT set_config('doorajar.user', :u, true)"), {"u": str(ada)})
        assert "Adamarker Corp" in _rows_text(conn)  # Ada's data is whole
    check.dispose()


def test_init_refuses_sqlite_and_a_missing_password_in_one_line(cli: Cli, home: Path) -> None:
    r = cli(
        "--database-url",
        f"sqlite:///{home / 'c.db'}",
        "server",
        "init",
        "--admin",
        ADMIN,
        "--password",
        ADMIN_PASSWORD,
    )
    assert r.exit_code == 1
    assert "PostgreSQL only" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    r = cli(
        "--database-url", "postgresql+psycopg://x@127.0.0.1:1/x", "server", "init", "--admin", ADMIN
    )
    assert r.exit_code == 1
    assert "--password" in r.stderr
    r = cli(
        "--database-url",
        "postgresql+psycopg://x@127.0.0.1:1/x",
        "server",
        "init",
        "--admin",
        "nobody",
        "--password",
        ADMIN_PASSWORD,
    )
    assert r.exit_code == 1
    assert "not an email address" in r.stderr
    assert not (home / "server.json").exists()

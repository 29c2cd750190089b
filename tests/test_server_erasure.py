"""`ajar server export-user` and `delete-user`: one seeker's data out, or gone, and no
other seeker's touched; checked table by table as a superuser, whom no policy hides from."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from doorajar.server import accounts
from doorajar.service import Tracker
from doorajar.store.db import Store
from doorajar.store.schema import metadata
from tests.helpers import NOW, Cli
from tests.server_helpers import add_seeker, fill, init_centre
from tests.servers import OwnedDatabase, PostgresServer

pytestmark = pytest.mark.postgres

OWNED = [t.name for t in metadata.sorted_tables if "owner_id" in t.columns]


def _per_table(conn: Any, user: int) -> dict[str, int]:
    return {
        name: conn.execute(
            f'SELECT count(*) FROM "{name}" WHERE owner_id = %s', (user,)
        ).fetchone()[0]
        for name in OWNED
    }


def test_export_and_erasure_of_one_seeker_leave_every_other_seeker_whole(
    cli: Cli, home: Path, pg_owned: OwnedDatabase, postgres_server: PostgresServer
) -> None:
    centre = init_centre(cli, home, pg_owned)
    ada, bo = add_seeker(centre, "ada@uni.example"), add_seeker(centre, "bo@uni.example")
    app = Store(centre.app_url, migrate_schema=False)
    t = Tracker(app)
    try:
        fill(t, ada, "Adamarker")
        fill(t, bo, "Bomarker")
        with t.unit.acting_as(ada):  # a session, and the signature set then taken back
            t.undo()
            accounts.Sessions(app, b"k" * 32).start(ada, NOW)
    finally:
        t.close()
    owner = Store(centre.owner_url, migrate_schema=False)
    try:  # an unused reset link
        accounts.reset(owner, "ada@uni.example", "http://x", NOW)
    finally:
        owner.close()
    url = ("--database-url", centre.owner_url, "server")
    doc = json.loads(cli.ok(*url, "export-user", "ada@uni.example"))
    assert doc["account"] == {"email": "ada@uni.example", "role": "seeker"}
    text = json.dumps(doc)
    assert "Adamarker Corp" in text
    assert "Adamarker feedback on the case study" in text
    assert "Bomarker" not in text
    assert "owner_id" not in text
    with postgres_server.connect(pg_owned.name) as conn:
        before_ada, before_bo = _per_table(conn, ada), _per_table(conn, bo)
    assert sum(1 for n in before_ada.values() if n) >= 8  # the seeker's data spans many tables
    r = cli(*url, "delete-user", "ada@uni.example", input="n\n")
    assert r.exit_code == 1
    assert "Nothing was erased" in r.stderr
    out = cli.ok(*url, "delete-user", "ada@uni.example", "--yes")
    assert "Erased ada@uni.example" in out
    with postgres_server.connect(pg_owned.name) as conn:
        after_ada, after_bo = _per_table(conn, ada), _per_table(conn, bo)
        account = {
            table: conn.execute(
                f"SELECT count(*) FROM {table} WHERE {col} = %s", (ada,)
            ).fetchone()[0]
            for table, col in (
                ("users", "id"),
                ("credentials", "user_id"),
                ("account_links", "user_id"),
            )
        }
    assert after_ada == dict.fromkeys(OWNED, 0)  # every table, one by one
    assert after_bo == before_bo  # and nothing of Bo's
    assert account == {"users": 0, "credentials": 0, "account_links": 0}
    for args in (("export-user", "ada@uni.example"), ("delete-user", "ada@uni.example", "--yes")):
        r = cli(*url, *args)
        assert r.exit_code != 0
        assert "No account for ada@uni.example" in r.stderr

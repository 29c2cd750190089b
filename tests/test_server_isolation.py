"""Isolation in server mode: signed in as one seeker, every GET and POST route of the web
app is tried with the other seeker's ids. Each answers 404 or 403 (a refused form: a
redirect back with an error), no answer carries the other seeker's marker strings, and
their data is the same afterwards. Underneath, the app role without the setting reads
nothing."""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from doorajar.server import accounts, privacy
from doorajar.server.web import ServeConfig, build_app
from doorajar.service import Tracker
from doorajar.store.db import Store
from doorajar.store.schema import metadata
from doorajar.web.render import FLASH_COOKIE
from doorajar.web.security import SESSION_COOKIE
from tests.helpers import NOW, Cli
from tests.server_helpers import CSRF, Centre, add_seeker, fill, init_centre
from tests.servers import OwnedDatabase

pytestmark = pytest.mark.postgres

MARKER = re.compile("adamarker", re.IGNORECASE)
OWNED = [t for t in metadata.sorted_tables if "owner_id" in t.columns]


# which table a path's id names; any other parameter is tried with every id and key
# of the other seeker that no table of the signed-in seeker also has
PARAM_TABLE = {
    "app_id": "applications",
    "contact_id": "contacts",
    "draft_id": "drafts",
    "goal_id": "goals",
    "entry_id": "operations",
    "op_id": "operations",
    "item_id": "mail_messages",
}


def _ids(centre: Centre, user: int) -> tuple[dict[str, set[int]], set[str]]:
    """The user's row ids per owned table with an id, and their action keys."""
    engine = sa.create_engine(centre.owner_url)
    ids: dict[str, set[int]] = {}
    with engine.connect() as conn, conn.begin():
        conn.execute(sa.text("SELECT set_config('doorajar.user', :u, true)"), {"u": str(user)})
        for table in OWNED:
            if "id" in table.columns:
                ids[table.name] = set(conn.execute(sa.select(table.c.id)).scalars())
        keys = {str(k) for k in conn.execute(sa.text("SELECT key FROM actions")).scalars()}
    engine.dispose()
    return ids, keys


class Theirs:
    """The other seeker's ids to try for a path parameter."""

    def __init__(self, centre: Centre, theirs: int, mine: int) -> None:
        self.ids, self.keys = _ids(centre, theirs)
        my_ids, my_keys = _ids(centre, mine)
        every_mine = set().union(*my_ids.values())
        self.any_id = sorted(set().union(*self.ids.values()) - every_mine)
        self.any_key = sorted(self.keys - my_keys)

    def for_param(self, name: str, typed: bool) -> list[str]:
        if name in PARAM_TABLE:
            return [str(i) for i in sorted(self.ids.get(PARAM_TABLE[name], ()))]
        return [str(i) for i in self.any_id] + ([] if typed else self.any_key)


def _value(annotation: Any, ada: int) -> str | None:
    """A plausible form value for one field, so that a form reaches its lookup."""
    text = str(annotation)
    for arg in (annotation, *getattr(annotation, "__args__", ())):
        if isinstance(arg, type) and issubclass(arg, enum.Enum):
            return str(next(iter(arg)).value)
    if "bool" in text:
        return None
    if "int" in text:
        return str(ada)
    if "date" in text:
        return "2026-11-20"
    return "Probe 2026-11-20"


def _form(route: APIRoute, ada: int, token: str) -> dict[str, str]:
    data = {"csrf_token": token}
    for field in route.dependant.body_params:
        value = _value(field.field_info.annotation, ada)
        if value is not None:
            data[field.alias] = value
    return data


def _routes(routes: list[Any]) -> list[APIRoute]:
    """Every page route, inside the included routers too (the app's pages are routers)."""
    out: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            out.append(route)
        elif getattr(route, "original_router", None) is not None:
            out += _routes(list(route.original_router.routes))
    return out


def _calls(app: Any, theirs: Theirs) -> list[tuple[str, APIRoute, str, bool]]:
    """(method, route, path, whether the path names one of the other seeker's rows)."""
    out = []
    for route in _routes(list(app.routes)):
        params = list(route.param_convertors)
        for method in sorted((route.methods or set()) & {"GET", "POST"}):
            if not params:
                out.append((method, route, route.path_format, False))
                continue
            for param in params:
                typed = type(route.param_convertors[param]).__name__ == "IntegerConvertor"
                for v in theirs.for_param(param, typed):
                    path = route.path_format.format(**dict.fromkeys(params, v))
                    out.append((method, route, path, typed))
    return out


def test_every_route_refuses_the_other_seekers_ids_and_shows_none_of_their_data(
    cli: Cli, home: Path, pg_owned: OwnedDatabase
) -> None:
    centre = init_centre(cli, home, pg_owned)
    ada, bo = add_seeker(centre, "ada@uni.example"), add_seeker(centre, "bo@uni.example")
    t = Tracker(Store(centre.app_url, migrate_schema=False))
    try:
        fill(t, ada, "Adamarker")
        fill(t, bo, "Bomarker")
        for user, marker in ((ada, "Adamarker"), (bo, "Bomarker")):
            with t.unit.acting_as(user):
                t.patterns.add_goal(f"{marker} goal", NOW + dt.timedelta(days=30))
    finally:
        t.close()
    theirs = Theirs(centre, ada, bo)
    assert theirs.ids["applications"]
    assert theirs.ids["contacts"]
    owner = Store(centre.owner_url, migrate_schema=False)
    before = privacy.export_user(owner, "ada@uni.example")
    app = build_app(ServeConfig(str(home)))
    store = Store(centre.app_url, migrate_schema=False)
    cookie = accounts.Sessions(store, accounts.session_secret(home)).start(bo, NOW)
    tried = 0
    refused: set[str] = set()
    with TestClient(app, base_url="http://127.0.0.1:8765") as client:
        client.cookies.set(SESSION_COOKIE, cookie)
        home_page = client.get("/")
        assert home_page.status_code == 200
        found = CSRF.search(client.get("/applications").text)
        assert found
        token = found.group(1)
        client.headers["X-CSRF-Token"] = token
        for method, route, path, names_a_row in _calls(app, theirs):
            if method == "GET":
                r = client.get(path, follow_redirects=False)
            else:
                r = client.post(
                    path,
                    data=_form(route, min(theirs.ids["applications"]), token),
                    follow_redirects=False,
                )
            tried += 1
            where = f"{method} {path}: {r.status_code}"
            assert not MARKER.search(r.text), where
            assert not MARKER.search(json.dumps(dict(r.headers))), where
            assert r.status_code != 500, where
            if names_a_row:
                flashed = r.cookies.get(FLASH_COOKIE) or ""
                refused_form = method == "POST" and r.status_code == 303 and flashed
                assert r.status_code in (403, 404) or refused_form, where
                refused.add(route.path)
            client.cookies.set(SESSION_COOKIE, cookie)  # a sign-out route ends only Bo's
            if method == "POST" and route.path == "/logout":
                cookie = accounts.Sessions(store, accounts.session_secret(home)).start(bo, NOW)
                client.cookies.set(SESSION_COOKIE, cookie)
    assert tried > 100
    for param in ("app_id", "contact_id", "goal_id", "entry_id"):  # the rows the seeker has
        assert any("{" + param in path for path in refused), param
    assert len(refused) >= 20
    assert privacy.export_user(owner, "ada@uni.example") == before  # Ada's data as it was
    owner.close()
    store.close()


def test_the_app_role_without_the_setting_reads_nothing_of_anyone(
    cli: Cli, home: Path, pg_owned: OwnedDatabase
) -> None:
    centre = init_centre(cli, home, pg_owned)
    ada = add_seeker(centre, "ada@uni.example")
    store = Store(centre.app_url, migrate_schema=False)
    t = Tracker(store)
    try:
        fill(t, ada, "Adamarker")
        accounts.Sessions(store, b"k" * 32).start(ada, NOW)
    finally:
        t.close()
    engine = sa.create_engine(centre.app_url)
    with engine.connect() as conn, conn.begin():
        for table in OWNED:  # the crafted query names the owner: still nothing
            n = conn.execute(
                sa.text(f'SELECT count(*) FROM "{table.name}" WHERE owner_id = :a'), {"a": ada}
            ).scalar()
            assert n == 0, table.name
        assert conn.execute(sa.text("SELECT count(*) FROM web_sessions")).scalar() == 0
    engine.dispose()

"""`ajar server serve`: several worker processes over one database, sign-in by email and
password, sessions that survive a restart, and the trusted proxy header."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from doorajar.server import accounts
from doorajar.service import Tracker
from doorajar.store.db import Store
from tests.helpers import Cli
from tests.server_helpers import Centre, add_seeker, csrf, fill, init_centre, serving, sign_in
from tests.servers import OwnedDatabase

pytestmark = pytest.mark.postgres

PASSWORD = "ada's long passphrase"


def _invite(centre: Centre, email: str) -> str:
    owner = Store(centre.owner_url, migrate_schema=False)
    try:  # the serving processes run on the real clock
        link = accounts.invite(owner, email, "seeker", "http://x", datetime.now(UTC))
    finally:
        owner.close()
    return link.url.removeprefix("http://x")


def _bo(centre: Centre) -> None:
    bo = add_seeker(centre, "bo@uni.example")
    t = Tracker(Store(centre.app_url, migrate_schema=False))
    try:
        fill(t, bo, "Bomarker")
    finally:
        t.close()


def test_a_seeker_sets_a_password_signs_in_and_keeps_the_session_across_a_restart(
    cli: Cli, home: Path, pg_owned: OwnedDatabase
) -> None:
    centre = init_centre(cli, home, pg_owned)
    path = _invite(centre, "ada@uni.example")
    _bo(centre)
    with serving(home) as base, httpx.Client(base_url=base, timeout=60) as client:
        page = client.get(path)
        assert page.status_code == 200
        assert "ada@uni.example" in page.text
        token = csrf(client, path)
        differ = client.post(
            path, data={"csrf_token": token, "password": PASSWORD, "repeat": "other one"}
        )
        assert differ.status_code == 400
        assert "differ" in differ.text
        done = client.post(
            path, data={"csrf_token": token, "password": PASSWORD, "repeat": PASSWORD}
        )
        assert "Password set" in done.text
        assert client.get(path).status_code == 404  # the link works once
        assert client.get("/applications").status_code == 303  # not signed in yet
        wrong = sign_in(client, "ada@uni.example", "not the passphrase")
        assert wrong.status_code == 401
        ok = sign_in(client, "ada@uni.example", PASSWORD)
        assert ok.status_code == 303
        token = csrf(client, "/applications")
        added = client.post(
            "/applications",
            data={"csrf_token": token, "company": "Adamarker Corp", "role": "Analyst"},
        )
        assert added.status_code in (200, 303), added.text[:300]
        # every answer, from whichever worker, is Ada's: never Bo's
        for _ in range(6):
            listed = client.get("/applications")
            assert listed.status_code == 200
            assert "Adamarker Corp" in listed.text
            assert "Bomarker" not in listed.text
        cookies = dict(client.cookies)
    with serving(home) as base:  # stopped and started again: the session is still there
        with httpx.Client(base_url=base, timeout=60, cookies=cookies) as client:
            listed = client.get("/applications")
            assert listed.status_code == 200
            assert "Adamarker Corp" in listed.text
            token = csrf(client, "/")
            assert client.post("/logout", data={"csrf_token": token}).status_code == 303
        with httpx.Client(base_url=base, timeout=60, cookies=cookies) as client:
            assert client.get("/applications").status_code == 303  # ended on every worker


def test_the_proxy_header_signs_in_only_from_a_trusted_proxy(
    cli: Cli, home: Path, pg_owned: OwnedDatabase
) -> None:
    centre = init_centre(cli, home, pg_owned)
    _bo(centre)
    header = {"X-Remote-User": "bo@uni.example"}
    with serving(home, "--trusted-proxy", "127.0.0.1", workers=1) as base:
        with httpx.Client(base_url=base, timeout=60, headers=header) as client:
            listed = client.get("/applications")
            assert listed.status_code == 200
            assert "Bomarker Corp" in listed.text
        with httpx.Client(
            base_url=base, timeout=60, headers={"X-Remote-User": "nobody@uni.example"}
        ) as client:
            assert client.get("/applications").status_code == 303
    with (
        serving(home, "--trusted-proxy", "10.9.9.9", workers=1) as base,
        httpx.Client(base_url=base, timeout=60, headers=header) as client,
    ):
        assert client.get("/applications").status_code == 303  # not from that proxy

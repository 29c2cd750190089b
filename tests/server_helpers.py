"""Helpers for the server-mode tests: a centre set up with `ajar server init` on a database
owned by a plain role, and seekers with marker strings in their data."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from doorajar.service import Tracker
from doorajar.store import repo_users
from doorajar.store.db import Store
from tests.helpers import NOW, Cli
from tests.servers import OwnedDatabase, free_port, wait_for_port

ADMIN = "admin@uni.example"
ADMIN_PASSWORD = "a long admin passphrase"


@dataclass
class Centre:
    """A server set up by `init`: the owner's URL and the app role's."""

    owner_url: str
    app_url: str
    app_role: str


def init_centre(cli: Cli, home: Path, db: OwnedDatabase) -> Centre:
    """`ajar server init` on the database, as its owner."""
    cli.ok(
        "--database-url", db.url, "server", "init", "--admin", ADMIN, "--password", ADMIN_PASSWORD
    )
    app_url = json.loads((home / "server.json").read_text(encoding="utf-8"))["database_url"]
    return Centre(db.url, app_url, f"{db.name}_app")


def add_seeker(centre: Centre, email: str) -> int:
    """A seeker's account, made as the owner."""
    store = Store(centre.owner_url)
    try:
        with store.transaction() as s:
            return repo_users.add_user(s, email, "seeker", None, NOW).id
    finally:
        store.close()


def fill(t: Tracker, user: int, marker: str) -> None:
    """Give a seeker an application, a rejection with feedback, a contact, a note and a
    setting, each carrying `marker`."""
    with t.unit.acting_as(user):
        t.apply(f"{marker} Corp", f"{marker} Analyst")
        t.add_contact(
            f"{marker} Person", company=f"{marker} Corp", email=f"{marker.lower()}@corp.example"
        )
        t.reject(f"{marker} Corp", feedback=f"{marker} feedback on the case study")
        t.add_note(f"{marker} Corp", f"{marker} note")
        t.set_config("user_signature", f"{marker} Signature")


CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


@contextmanager
def serving(home: Path, *args: str, workers: int = 2) -> Iterator[str]:
    """`ajar server serve` in its own process on a free port: its base URL. Stopped (by
    its pid) on the way out; what it prints goes to serve.log beside the home."""
    port = free_port()
    log = home.parent / "serve.log"
    env = {**os.environ, "AJAR_HOME": str(home)}
    with log.open("ab") as out:  # the child keeps its own copy
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "doorajar",
                "server",
                "serve",
                "--workers",
                str(workers),
                "--port",
                str(port),
                *args,
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        if not wait_for_port(port, timeout=60, proc=proc):
            raise AssertionError(f"serve did not start: {log.read_text(errors='replace')}")
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def csrf(client: httpx.Client, path: str) -> str:
    """The CSRF token of a page (its cookie stays in the client), sent from now on in the
    X-CSRF-Token header, as the page's own scripts do."""
    page = client.get(path)
    found = CSRF.search(page.text)
    assert found, page.text[:300]
    client.headers["X-CSRF-Token"] = found.group(1)
    return found.group(1)


def sign_in(client: httpx.Client, email: str, password: str) -> httpx.Response:
    """Sign in through the login form."""
    token = csrf(client, "/login")
    return client.post(
        "/login", data={"csrf_token": token, "email": email, "password": password, "next": "/"}
    )

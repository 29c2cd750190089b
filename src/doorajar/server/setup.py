"""Setting a career centre's server up: `ajar server init`.

Runs as the owner of the database named in the URL: migrates the schema, creates the app's
own login role (owns nothing, NOBYPASSRLS, may only read and write rows) and the first
admin. The app role's URL, with its generated password, is written to `server.json` in
the data home, readable by the operator alone; `serve` and `jobs` connect with it. It is
never stored in the database."""

from __future__ import annotations

import json
import os
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import make_url

from doorajar.errors import InvalidInput, StoreError
from doorajar.files import write_private
from doorajar.model import Role
from doorajar.server.passwords import hash_password
from doorajar.store import repo_users, roles
from doorajar.store.db import Store, head_revision

CONFIG_FILE = "server.json"
ENV_APP_URL = "AJAR_SERVER_DATABASE_URL"
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class InitReport:
    """What `init` did."""

    schema: str
    owner: str
    app_role: str
    config: Path
    admin: str
    admin_created: bool
    queue_created: bool = False


def checked_email(email: str) -> str:
    """An address, or a clear error."""
    email = email.strip()
    if not _EMAIL.match(email) or len(email) > 320:
        raise InvalidInput(f"'{email}' is not an email address.")
    return email


def postgres_url(url: str | None) -> str:
    """The URL when it names PostgreSQL; server mode runs on nothing else."""
    if not url:
        raise InvalidInput(
            "Server mode needs a PostgreSQL database: give --database-url "
            "postgresql+psycopg://OWNER@HOST/DB (or set $AJAR_DATABASE_URL)."
        )
    try:
        backend = make_url(url).get_backend_name()
    except Exception:
        raise InvalidInput(f"Cannot read the database URL {url!r}.") from None
    if backend != "postgresql":
        raise InvalidInput(
            f"Server mode runs on PostgreSQL only, not {backend}; the personal mode keeps SQLite."
        )
    return url


def config_path(home: Path) -> Path:
    """Where the app role's URL is kept."""
    return home / CONFIG_FILE


def app_url(home: Path) -> str:
    """The URL `serve` and `jobs` connect with: $AJAR_SERVER_DATABASE_URL, else the one
    `init` wrote to the data home."""
    from_env = os.environ.get(ENV_APP_URL)
    if from_env:
        return from_env
    path = config_path(home)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        return str(doc["database_url"])
    except FileNotFoundError:
        raise InvalidInput(
            f"No server set up in {home} (no {CONFIG_FILE}); run ajar server init there first."
        ) from None
    except (OSError, ValueError, KeyError, TypeError):
        raise InvalidInput(f"{path} is not a server configuration; run init again.") from None


def _kept_password(path: Path, role: str) -> str | None:
    # a second init keeps the running workers' password
    try:
        url = make_url(json.loads(path.read_text(encoding="utf-8"))["database_url"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return url.password if url.username == role and url.password else None


def init(url: str | None, home: Path, admin: str, password: str | None, at: datetime) -> InitReport:
    """Migrate as the URL's owner, make the app role and the first admin, keep the app URL."""
    url = postgres_url(url)
    admin = checked_email(admin)
    if password is None:
        raise InvalidInput("Give the admin's password with --password or $AJAR_ADMIN_PASSWORD.")
    hashed = hash_password(password)
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    store = Store(url)
    try:
        with store.engine.begin() as conn:
            owner = str(conn.exec_driver_sql("SELECT current_user").scalar())
            role = roles.app_role_name(conn)
            if role == owner:
                raise StoreError("The app role cannot be the database's owner.")
            secret = _kept_password(config_path(home), role) or secrets.token_urlsafe(32)
            roles.ensure_app_role(conn, role, secret)
            roles.grant_app(conn, role)
        queue_created = _job_queue(store, role)
        with store.transaction() as s:
            found = repo_users.find_user(s, admin)
            if found is None:
                repo_users.add_user(s, admin, Role.ADMIN, hashed, at)
            elif found.role != Role.ADMIN:
                raise InvalidInput(f"{admin} has an account already, as {found.role}.")
    finally:
        store.close()
    served = make_url(url).set(username=role, password=secret)
    write_private(
        config_path(home),
        json.dumps({"database_url": served.render_as_string(hide_password=False)}, indent=2) + "\n",
    )
    return InitReport(
        schema=head_revision(),
        owner=owner,
        app_role=role,
        config=config_path(home),
        admin=admin,
        admin_created=found is None,
        queue_created=queue_created,
    )


def _job_queue(store: Store, role: str) -> bool:
    """The background jobs' queue (procrastinate's tables) and the app role's rights on it;
    True when it was created now."""
    # lazy: procrastinate, only for server commands
    from doorajar.server import jobs

    with store.engine.begin() as conn:
        return jobs.create_queue(conn, role)

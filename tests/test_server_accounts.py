"""Server accounts: passwords out of the app role's reach, one-time links that set them,
and signing in that backs off per source and per account without locking the owner out."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from doorajar.server import accounts
from doorajar.store.db import Store
from tests.helpers import NOW, Cli
from tests.server_helpers import ADMIN, ADMIN_PASSWORD, init_centre
from tests.servers import OwnedDatabase

pytestmark = pytest.mark.postgres

PASSWORD = "correct horse battery"


def _secret(out: str) -> str:
    url = out.splitlines()[0]
    assert url.startswith("http://127.0.0.1:8765" + accounts.LINK_PATH), out
    return url.rsplit("/", 1)[1]


def test_the_app_role_reaches_passwords_links_and_back_off_only_through_functions(
    cli: Cli, home: Path, pg_owned: OwnedDatabase
) -> None:
    centre = init_centre(cli, home, pg_owned)
    engine = sa.create_engine(centre.app_url)
    with engine.connect() as conn:
        with conn.begin():
            columns = conn.execute(
                sa.text(
                    "SELECT column_name FROM information_schema.columns WHERE table_name='users'"
                )
            ).scalars()
            assert "password_hash" not in set(columns)
        for table in ("credentials", "account_links", "sign_in_backoff"):
            with pytest.raises(sa.exc.ProgrammingError, match="permission denied"), conn.begin():
                conn.exec_driver_sql(f"SELECT * FROM {table}")
        with pytest.raises(sa.exc.ProgrammingError, match="permission denied"), conn.begin():
            conn.exec_driver_sql("UPDATE credentials SET password_hash = 'x'")
        # nor set a password that is not a hash
        with pytest.raises(sa.exc.DBAPIError, match="argon2id"), conn.begin():
            conn.exec_driver_sql("SELECT ajar_set_password('x', 'plain', now()::timestamp)")
    engine.dispose()
    app = Store(centre.app_url, migrate_schema=False)
    try:  # through the function: the admin's hash, for the sign-in to check
        assert accounts.sign_in(app, ADMIN, ADMIN_PASSWORD, "10.0.0.1", False, NOW).user_id
        assert accounts.sign_in(app, ADMIN, "not the password", "10.0.0.1", False, NOW) == (
            accounts.SignIn(None, 0)
        )
    finally:
        app.close()


def test_an_invitation_link_sets_the_password_once(
    cli: Cli, home: Path, pg_owned: OwnedDatabase
) -> None:
    centre = init_centre(cli, home, pg_owned)
    out = cli.ok(
        "--database-url",
        centre.owner_url,
        "server",
        "invite",
        "ada@uni.example",
        "--role",
        "seeker",
    )
    assert "ada@uni.example" in out
    secret = _secret(out)
    app = Store(centre.app_url, migrate_schema=False)
    try:
        assert accounts.link_email(app, secret, NOW) == "ada@uni.example"
        assert accounts.link_email(app, secret, NOW + timedelta(days=8)) is None  # expired
        assert accounts.sign_in(app, "ada@uni.example", PASSWORD, "10.0.0.1", False, NOW) == (
            accounts.SignIn(None, 0)  # no password yet: nothing signs in
        )
        with pytest.raises(Exception, match="at least 10"):
            accounts.set_password(app, secret, "short", NOW)
        ada = accounts.set_password(app, secret, PASSWORD, NOW)
        with pytest.raises(Exception, match="used already or has expired"):
            accounts.set_password(app, secret, "another long password", NOW)
        assert accounts.sign_in(app, "Ada@uni.example", PASSWORD, "10.0.0.1", False, NOW) == (
            accounts.SignIn(ada)
        )
    finally:
        app.close()
    stored = sa.create_engine(centre.owner_url)
    with stored.connect() as conn:
        text = repr(conn.execute(sa.text("SELECT * FROM credentials")).all())
        text += repr(conn.execute(sa.text("SELECT * FROM account_links")).all())
    stored.dispose()
    assert PASSWORD not in text
    assert secret not in text  # only the link's hash is kept
    # a second invitation of an account with a password, or with another role, is refused
    for args, why in (
        (("ada@uni.example",), "ajar server reset"),
        (("bo@uni.example", "--role", "boss"), "No role 'boss'"),
    ):
        r = cli("--database-url", centre.owner_url, "server", "invite", *args)
        assert r.exit_code == 1
        assert why in r.stderr
        assert len(r.stderr.strip().splitlines()) == 1


def test_a_reset_link_replaces_the_password_and_ends_earlier_links(
    cli: Cli, home: Path, pg_owned: OwnedDatabase
) -> None:
    centre = init_centre(cli, home, pg_owned)
    first = _secret(cli.ok("--database-url", centre.owner_url, "server", "reset", ADMIN))
    second = _secret(cli.ok("--database-url", centre.owner_url, "server", "reset", ADMIN))
    app = Store(centre.app_url, migrate_schema=False)
    try:
        assert accounts.link_email(app, first, NOW) is None
        accounts.set_password(app, second, PASSWORD, NOW)
        assert accounts.sign_in(app, ADMIN, ADMIN_PASSWORD, "10.0.0.1", False, NOW).user_id is None
        assert accounts.sign_in(app, ADMIN, PASSWORD, "10.0.0.1", False, NOW).user_id
    finally:
        app.close()
    r = cli("--database-url", centre.owner_url, "server", "reset", "nobody@uni.example")
    assert r.exit_code != 0
    assert "No account for nobody@uni.example" in r.stderr


def test_sign_in_backs_off_per_source_and_account_but_not_for_a_known_browser(
    cli: Cli, home: Path, pg_owned: OwnedDatabase
) -> None:
    centre = init_centre(cli, home, pg_owned)
    app = Store(centre.app_url, migrate_schema=False)
    try:

        def attempt(
            password: str, source: str, known: bool = False, later: int = 0
        ) -> accounts.SignIn:
            at = NOW + timedelta(seconds=later)
            return accounts.sign_in(app, ADMIN, password, source, known, at)

        # five wrong guesses from five addresses: the account waits, from anywhere new
        for n in range(5):
            assert attempt("wrong guess", f"10.0.1.{n}") == accounts.SignIn(None, 0)
        assert attempt(ADMIN_PASSWORD, "10.0.2.1") == accounts.SignIn(None, 30)
        # the owner's browser, which signed in before, is not held up by the guesses
        assert attempt(ADMIN_PASSWORD, "10.0.3.1", known=True).user_id
        # the waits grow, but never beyond a quarter of an hour
        for n in range(20):
            attempt("wrong guess", f"10.0.4.{n}", later=3600 + n * 1000)
        last = attempt(ADMIN_PASSWORD, "10.0.5.1", later=3600 + 19 * 1000 + 1)
        assert last.wait_seconds == 900 - 1
        assert attempt(ADMIN_PASSWORD, "10.0.5.1", later=3600 + 19 * 1000 + 900).user_id
        # one source's guesses at many accounts hold that source up, and no other
        for n in range(10):
            accounts.sign_in(app, f"u{n}@uni.example", "x" * 10, "10.0.6.6", False, NOW)
        assert attempt(ADMIN_PASSWORD, "10.0.6.6", known=True).wait_seconds == 30
        assert attempt(ADMIN_PASSWORD, "10.0.6.7").user_id
    finally:
        app.close()

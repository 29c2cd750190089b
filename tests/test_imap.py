"""`ajar scan imap://...` against a real Dovecot server on loopback."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import timedelta
from email.utils import format_datetime
from typing import Any

import pytest

from doorajar.mail import sources
from tests.helpers import NOW, Cli
from tests.scan_helpers import companies
from tests.scan_helpers import received as mail
from tests.servers import DovecotServer, dovecot, imap_account, tls_cert  # noqa: F401

pytestmark = pytest.mark.imap


def note(n: int) -> bytes:
    return (
        f"From: Sam <sam@friends.example>\r\nSubject: Lunch {n}\r\n"
        f"Date: {format_datetime(NOW - timedelta(days=1))}\r\nMessage-ID: <lunch{n}@friends>\r\n"
        "\r\nLunch on Friday?\r\n"
    ).encode()


@pytest.fixture
def account(imap_account: DovecotServer, monkeypatch: pytest.MonkeyPatch) -> DovecotServer:  # noqa: F811
    monkeypatch.setenv("AJAR_IMAP_PASSWORD", imap_account.password)
    return imap_account


def test_scan_files_messages_and_rescans_only_new_uids(cli: Cli, account: DovecotServer) -> None:
    account.append(mail(1, "Zephyr Labs"))
    account.append(note(1))
    r = cli("scan", account.url())
    assert r.exit_code == 0, r.stderr
    assert "read 2, new 2, filed 1" in r.stderr
    assert companies(cli) == ["Zephyr Labs"]
    # scanning does not mark the user's mail as read
    assert all(b"\\Seen" not in f for f in account.flags())
    account.append(mail(2, "Quasar Bio"))
    r = cli("scan", account.url())
    assert "read 1, new 1, filed 1" in r.stderr  # only the new UID was fetched
    assert companies(cli) == ["Quasar Bio", "Zephyr Labs"]
    r = cli("scan", account.url())
    # the server offers CONDSTORE and the folder's HIGHESTMODSEQ did not move: no search
    assert "INBOX: unchanged since the last scan; nothing to read." in r.stderr


def test_dry_run_json_over_imap(cli: Cli, account: DovecotServer) -> None:
    account.append(mail(1))
    out = cli.ok("scan", account.url(), "--dry-run", "--json")
    line = json.loads(out)
    assert line["message_id"] == "<imap1@zephyr.example>"
    assert line["category"] == "application_received"
    assert companies(cli) == []
    # a dry run leaves no marker: the real scan still reads everything
    r = cli("scan", account.url())
    assert "read 1, new 1, filed 1" in r.stderr


def test_uidvalidity_change_rereads_without_duplicates(cli: Cli, account: DovecotServer) -> None:
    account.append(mail(1, "Zephyr Labs"), folder="Jobs")
    cli.ok("scan", account.url("Jobs"))
    with account.client() as c:
        c.delete_folder("Jobs")
    # the folder is recreated: new UIDVALIDITY, UIDs start again at 1
    account.append(mail(1, "Zephyr Labs"), folder="Jobs")
    account.append(mail(2, "Quasar Bio"), folder="Jobs")
    r = cli("scan", account.url("Jobs"))
    assert r.exit_code == 0, r.stderr
    assert "read 2, new 1" in r.stderr
    assert "skipped 1: seen in an earlier scan" in r.stderr
    assert companies(cli) == ["Quasar Bio", "Zephyr Labs"]


def test_tls_scan(cli: Cli, account: DovecotServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(account.cert_path))
    account.append(mail(1))
    r = cli("scan", account.url(tls=True))
    assert r.exit_code == 0, r.stderr
    assert companies(cli) == ["Zephyr Labs"]


def test_login_refused_is_a_clear_error(
    cli: Cli, account: DovecotServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AJAR_IMAP_PASSWORD", "wrong-password")
    r = cli("scan", account.url())
    assert r.exit_code == 1
    assert f"refused the login for {account.user}" in r.stderr
    assert "Traceback" not in r.stderr


def test_no_password_anywhere(
    cli: Cli, account: DovecotServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AJAR_IMAP_PASSWORD")
    monkeypatch.setattr("keyring.get_password", lambda *_: None)
    r = cli("scan", account.url())
    assert r.exit_code == 1
    assert "No password for jordan@127.0.0.1" in r.stderr


def test_password_from_the_keyring(
    cli: Cli, account: DovecotServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AJAR_IMAP_PASSWORD")
    asked: list[tuple[str, str]] = []

    def get_password(service: str, user: str) -> str:
        asked.append((service, user))
        return account.password

    monkeypatch.setattr("keyring.get_password", get_password)
    account.append(mail(1))
    cli.ok("scan", account.url())
    assert asked == [("doorajar", "imap://jordan@127.0.0.1")]
    exported = cli.ok("export", "--json")
    assert account.password not in exported


def test_connection_dropped_mid_scan_keeps_what_was_filed(
    cli: Cli, account: DovecotServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n, company in enumerate(["Zephyr Labs", "Quasar Bio", "Bluefin Tech", "Corvid Systems"]):
        account.append(mail(n, company))
    monkeypatch.setattr(sources, "IMAP_BATCH", 2)
    monkeypatch.setattr("doorajar.mail.service.BATCH", 2)
    real = sources.ImapSource._fetch
    calls = {"n": 0}

    def flaky(
        self: sources.ImapSource, client: Any, uids: Sequence[int]
    ) -> Iterator[tuple[int, bytes, bool]]:
        calls["n"] += 1
        if calls["n"] == 2:
            raise ConnectionResetError("connection reset by peer")
        return real(self, client, uids)

    monkeypatch.setattr(sources.ImapSource, "_fetch", flaky)
    r = cli("scan", account.url())
    assert r.exit_code == 0  # part of the source was read
    assert "dropped the connection mid-scan" in r.stderr
    assert companies(cli) == ["Quasar Bio", "Zephyr Labs"]
    r = cli("scan", account.url())
    assert "read 2, new 2" in r.stderr  # resumed after the last filed UID
    assert companies(cli) == ["Bluefin Tech", "Corvid Systems", "Quasar Bio", "Zephyr Labs"]


def test_since_limits_the_server_search(cli: Cli, account: DovecotServer) -> None:
    account.append(mail(1, "Zephyr Labs", days_ago=40))
    account.append(mail(2, "Quasar Bio", days_ago=2))
    # IMAP SEARCH SINCE uses the internal date (arrival), so filter the parsed dates too
    r = cli("scan", account.url(), "--since", (NOW - timedelta(days=10)).date().isoformat())
    assert r.exit_code == 0, r.stderr
    assert companies(cli) == ["Quasar Bio"]
    r = cli("scan", account.url())  # --since left the position alone: a full scan sees all
    assert companies(cli) == ["Quasar Bio", "Zephyr Labs"]

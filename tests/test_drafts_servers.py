# ruff: noqa: F811  (pytest fixtures imported from tests.servers are parameters here)
"""Handing drafts to real mail servers: IMAP APPEND into Dovecot, SMTP into aiosmtpd."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from doorajar.model import ActionKind, ActionStatus
from doorajar.service import Tracker
from tests.drafts_helpers import THREAD, acme
from tests.helpers import Cli
from tests.servers import (  # noqa: F401
    DovecotServer,
    SmtpServer,
    dovecot,
    imap_account,
    smtp_server,
    smtp_server_tls,
    tls_cert,
)

WORDS = "the whiteboard session with Marcus on the streaming pipeline"


def _reply_status(tracker: Tracker) -> ActionStatus:
    return next(a for a in tracker.show("acme").actions if a.kind is ActionKind.REPLY).status


def _use_smtp(
    tracker: Tracker, server: SmtpServer, security: str, secret: str, mp: pytest.MonkeyPatch
) -> None:
    for k, v in {
        "smtp_host": "127.0.0.1",
        "smtp_port": str(server.port),
        "smtp_user": server.user,
        "smtp_security": security,
    }.items():
        tracker.set_config(k, v)
    mp.setenv("AJAR_SMTP_PASSWORD", secret)


@pytest.fixture
def ready(tracker: Tracker, cli: Cli) -> Tracker:
    acme(tracker)
    cli.ok("draft", "acme", "--appreciation", WORDS)
    return tracker


@pytest.mark.imap
def test_to_drafts_appends_a_threaded_draft_to_the_real_drafts_folder(
    ready: Tracker, cli: Cli, imap_account: DovecotServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    ready.set_config("imap_url", f"imap://{imap_account.user}@127.0.0.1:{imap_account.port}")
    monkeypatch.setenv("AJAR_IMAP_PASSWORD", imap_account.password)
    out = cli.ok("send", "acme", "--to-drafts")
    assert "Put it in Drafts on 127.0.0.1" in out
    [raw] = imap_account.fetch_all("Drafts")
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert msg["Subject"] == "Thank you, Dana"
    assert msg["In-Reply-To"] == THREAD
    assert msg["References"] == THREAD
    assert WORDS in msg.get_content()
    assert b"\\Draft" in imap_account.flags("Drafts")[0]
    assert imap_account.fetch_all("INBOX") == []
    assert _reply_status(ready) is ActionStatus.DONE


@pytest.mark.imap
def test_to_drafts_over_imaps(
    ready: Tracker, cli: Cli, imap_account: DovecotServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    ready.set_config("imap_url", imap_account.url("Drafts", tls=True).rsplit("/", 1)[0])
    monkeypatch.setenv("AJAR_IMAP_PASSWORD", imap_account.password)
    monkeypatch.setenv("SSL_CERT_FILE", str(imap_account.cert_path))
    cli.ok("send", "acme", "--to-drafts")
    assert len(imap_account.fetch_all("Drafts")) == 1


@pytest.mark.imap
def test_imap_refusals_are_clear_and_nothing_is_marked_sent(
    ready: Tracker, cli: Cli, imap_account: DovecotServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    ready.set_config("imap_url", f"imap://{imap_account.user}@127.0.0.1:{imap_account.port}")
    ready.set_config("drafts_folder", "Entwürfe")
    monkeypatch.setenv("AJAR_IMAP_PASSWORD", imap_account.password)
    r = cli("send", "acme", "--to-drafts")
    assert r.exit_code == 1
    assert "There is no folder 'Entwürfe'" in r.stderr
    ready.set_config("drafts_folder", "Drafts")
    monkeypatch.delenv("AJAR_IMAP_PASSWORD")
    monkeypatch.setattr("doorajar.drafts.smtp.password", lambda *a, **k: None)
    monkeypatch.setattr("doorajar.drafts.outbox.password", lambda *a, **k: None)
    r = cli("send", "acme", "--to-drafts")
    assert r.exit_code == 1
    assert "AJAR_IMAP_PASSWORD" in r.stderr
    assert imap_account.fetch_all("Drafts") == []
    assert _reply_status(ready) is ActionStatus.PENDING
    assert len(cli.ok("draft", "acme")) > 0  # the draft is still there


@pytest.mark.imap
def test_imap_wrong_password(
    ready: Tracker, cli: Cli, imap_account: DovecotServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    ready.set_config("imap_url", f"imap://{imap_account.user}@127.0.0.1:{imap_account.port}")
    monkeypatch.setenv("AJAR_IMAP_PASSWORD", "wrong")
    r = cli("send", "acme", "--to-drafts")
    assert r.exit_code == 1
    assert "refused the login for jordan" in r.stderr
    assert _reply_status(ready) is ActionStatus.PENDING


@pytest.mark.smtp
def test_smtp_sends_after_confirmation_to_the_real_server(
    ready: Tracker, cli: Cli, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    _use_smtp(ready, smtp_server, "plain", smtp_server.password, monkeypatch)
    out = cli.ok("send", "acme", "--smtp", "--yes")
    assert "Sent through 127.0.0.1" in out
    assert "To:      Dana Li <dana.li@acme.example>" in out
    [got] = smtp_server.messages
    assert got.rcpt_tos == ("dana.li@acme.example",)
    assert got.mail_from == "sam@example.org"
    assert got.login == smtp_server.user
    assert got.message["In-Reply-To"] == THREAD
    assert WORDS in got.message.get_content()
    assert _reply_status(ready) is ActionStatus.DONE


@pytest.mark.smtp
def test_smtp_with_starttls(
    ready: Tracker, cli: Cli, smtp_server_tls: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    _use_smtp(ready, smtp_server_tls, "starttls", smtp_server_tls.password, monkeypatch)
    assert smtp_server_tls.cert_path is not None
    monkeypatch.setenv("SSL_CERT_FILE", str(smtp_server_tls.cert_path))
    cli.ok("send", "acme", "--smtp", "--yes")
    [got] = smtp_server_tls.messages
    assert got.tls is True


@pytest.mark.smtp
def test_smtp_refusing_the_login_marks_nothing_sent(
    ready: Tracker, cli: Cli, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    _use_smtp(ready, smtp_server, "plain", "nope", monkeypatch)
    r = cli("send", "acme", "--smtp", "--yes")
    assert r.exit_code == 1
    assert "refused the login" in r.stderr
    assert smtp_server.messages == []
    assert _reply_status(ready) is ActionStatus.PENDING


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections and never says a word."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(5)
        yield int(s.getsockname()[1])


@pytest.mark.smtp
def test_smtp_timeout_and_connection_refused(
    ready: Tracker, cli: Cli, silent_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    ready.set_config("smtp_host", "127.0.0.1")
    ready.set_config("smtp_port", str(silent_port))
    ready.set_config("smtp_security", "plain")
    ready.set_config("mail_timeout_seconds", "1")
    r = cli("send", "acme", "--smtp", "--yes")
    assert r.exit_code == 1
    assert "did not answer within 1 seconds" in r.stderr
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    ready.set_config("smtp_port", str(closed))
    r = cli("send", "acme", "--smtp", "--yes")
    assert r.exit_code == 1
    assert f"Cannot send through 127.0.0.1:{closed}" in r.stderr
    assert _reply_status(ready) is ActionStatus.PENDING


def test_eml_file_is_written_whole(ready: Tracker, cli: Cli, tmp_path: Path) -> None:
    r = cli("send", "acme", "--eml", str(tmp_path / "missing" / "x.eml"))
    assert r.exit_code == 1
    assert "No folder" in r.stderr
    assert _reply_status(ready) is ActionStatus.PENDING

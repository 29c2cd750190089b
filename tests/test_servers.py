"""The real servers the other tests rely on actually start and behave like servers."""

from __future__ import annotations

import imaplib
import smtplib

import pytest
import sqlalchemy as sa

from tests.servers import DovecotServer, PostgresServer, SmtpServer, make_message


@pytest.mark.postgres
def test_postgres_sql_round_trip(pg_url: str) -> None:
    engine = sa.create_engine(pg_url)
    with engine.begin() as conn:
        assert (
            conn.execute(
                sa.text("SELECT count(*) FROM pg_tables WHERE schemaname='public'")
            ).scalar()
            == 0
        )
        conn.execute(sa.text("CREATE TABLE t (id serial PRIMARY KEY, name text)"))
        conn.execute(sa.text("INSERT INTO t (name) VALUES ('Acme Robotics')"))
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT name FROM t")).scalar() == "Acme Robotics"
        assert conn.execute(sa.text("SHOW listen_addresses")).scalar() == "127.0.0.1"
    engine.dispose()


@pytest.mark.postgres
def test_each_test_gets_a_fresh_database(pg_url: str, postgres_server: PostgresServer) -> None:
    engine = sa.create_engine(pg_url)
    with engine.connect() as conn:
        tables = conn.execute(sa.text("SELECT tablename FROM pg_tables WHERE schemaname='public'"))
        assert tables.all() == []
    engine.dispose()
    assert pg_url.startswith(f"postgresql+psycopg://postgres@127.0.0.1:{postgres_server.port}/")


@pytest.mark.imap
def test_imap_login_append_fetch(imap_account: DovecotServer) -> None:
    raw = make_message(subject="Update on your application")
    imap_account.append(raw)
    fetched = imap_account.fetch_all("INBOX")
    assert len(fetched) == 1
    assert b"Subject: Update on your application" in fetched[0]
    assert "Drafts" in imap_account.folders()
    assert imap_account.url() == f"imap://jordan@127.0.0.1:{imap_account.port}/INBOX"
    assert imap_account.url("Drafts", tls=True).startswith("imaps://jordan@127.0.0.1:")


@pytest.mark.imap
def test_imap_account_starts_empty(imap_account: DovecotServer) -> None:
    # Runs after the test above in the same session: nothing of it must be left.
    assert imap_account.fetch_all("INBOX") == []
    assert imap_account.folders() == ["Drafts", "INBOX", "Sent"]


@pytest.mark.imap
def test_imap_folders_and_drafts(imap_account: DovecotServer) -> None:
    imap_account.create_folder("Jobs/Rejections")
    imap_account.append(make_message(subject="draft"), folder="Drafts", flags=(b"\\Draft",))
    assert "Jobs/Rejections" in imap_account.folders()
    assert b"\\Draft" in imap_account.flags("Drafts")[0]


@pytest.mark.imap
def test_imap_wrong_password_is_refused(dovecot: DovecotServer) -> None:
    assert dovecot.login_refused("wrong")
    assert not dovecot.login_refused(dovecot.password, source="127.0.0.3")


@pytest.mark.imap
def test_imaps_with_self_signed_certificate(imap_account: DovecotServer) -> None:
    imap_account.append(make_message(subject="over tls"))
    conn = imaplib.IMAP4_SSL(
        imap_account.host, imap_account.imaps_port, ssl_context=imap_account.ssl_context()
    )
    conn.login(imap_account.user, imap_account.password)
    conn.select("INBOX", readonly=True)
    _typ, data = conn.search(None, "ALL")
    assert data[0].split() == [b"1"]
    conn.logout()


@pytest.mark.smtp
def test_smtp_send_and_receive_with_auth(smtp_server: SmtpServer) -> None:
    raw = make_message(sender="jordan@example.org", to="dana@acme.example", subject="Thank you")
    with smtplib.SMTP(smtp_server.host, smtp_server.port, timeout=10) as s:
        s.login(smtp_server.user, smtp_server.password)
        s.sendmail("jordan@example.org", ["dana@acme.example"], raw)
    [got] = smtp_server.messages
    assert got.mail_from == "jordan@example.org"
    assert got.rcpt_tos == ("dana@acme.example",)
    assert got.login == smtp_server.user
    assert got.message["Subject"] == "Thank you"
    assert not got.tls


@pytest.mark.smtp
def test_smtp_wrong_password_is_refused(smtp_server: SmtpServer) -> None:
    with (
        smtplib.SMTP(smtp_server.host, smtp_server.port, timeout=10) as s,
        pytest.raises(smtplib.SMTPAuthenticationError),
    ):
        s.login(smtp_server.user, "nope")
    assert smtp_server.messages == []


@pytest.mark.smtp
def test_smtp_starttls(smtp_server_tls: SmtpServer) -> None:
    raw = make_message(sender="jordan@example.org", to="dana@acme.example")
    with smtplib.SMTP(smtp_server_tls.host, smtp_server_tls.port, timeout=10) as s:
        with pytest.raises(smtplib.SMTPException):
            s.login(smtp_server_tls.user, smtp_server_tls.password)  # no AUTH before TLS
        s.starttls(context=smtp_server_tls.ssl_context())
        s.login(smtp_server_tls.user, smtp_server_tls.password)
        s.sendmail("jordan@example.org", ["dana@acme.example"], raw)
    [got] = smtp_server_tls.messages
    assert got.tls
    assert got.login == smtp_server_tls.user


def test_unavailable_skips_on_a_laptop_and_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.servers import unavailable

    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no server"):
        unavailable("no server")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no server"):
        unavailable("no server")

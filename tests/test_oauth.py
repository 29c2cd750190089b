"""OAuth2 accounts (XOAUTH2): msal's device-code flow against a local HTTPS authority, and
Dovecot checking each bearer token through its oauth2 passdb and the authority's token
introspection endpoint."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import Cli
from tests.scan_helpers import companies, received
from tests.servers import DovecotServer, OAuthServer

pytestmark = pytest.mark.imap


@pytest.fixture
def authority(
    cli: Cli,
    oauth_server: OAuthServer,
    imap_account: DovecotServer,
    vault: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> OAuthServer:
    """The test authority, trusted through $SSL_CERT_FILE (msal's `verify=`), and set as
    where Microsoft accounts sign in; its person at the browser is the Dovecot user."""
    monkeypatch.setenv("SSL_CERT_FILE", str(oauth_server.cert_path))
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):  # requests lets these win
        monkeypatch.delenv(name, raising=False)
    cli.ok("config", "outlook_authority", oauth_server.authority)
    oauth_server.approve_as = imap_account.user
    return oauth_server


def connect(cli: Cli, server: DovecotServer, user: str | None = None) -> tuple[int, str, str]:
    r = cli(
        "connect", "outlook", "--user", user or server.user, "--host", server.host,
        "--port", str(server.port), "--security", "none", "--client-id", "test-client",
    )  # fmt: skip
    return r.exit_code, r.stdout, r.stderr


def test_device_code_sign_in_then_sync_with_the_token(
    cli: Cli, authority: OAuthServer, imap_account: DovecotServer, vault: Path, home: Path
) -> None:
    before = authority.introspected
    code, out, err = connect(cli, imap_account)
    assert code == 0, err
    assert "Open https://127.0.0.1/devicelogin and enter the code ABCD-EFGH" in out
    assert "sign-in token: in your keyring" in out
    stored = json.loads(vault.read_text())["doorajar"]
    assert list(stored) == [f"oauth2://jordan@{imap_account.host}"]
    imap_account.append(received(1))
    r = cli("sync")
    assert r.exit_code == 0, r.stderr
    assert "jordan: read 1, filed 1" in r.stderr
    assert companies(cli) == ["Zephyr Labs"]
    assert authority.introspected > before  # Dovecot asked the authority about the token
    # the tokens are in the keyring only
    tokens = [t for t in (*authority.access, *authority.refresh) if t.endswith("-jordan")]
    assert tokens
    exported = cli.ok("export", "--json")
    for f in home.rglob("*"):
        if f.is_file():
            assert not any(t.encode() in f.read_bytes() for t in tokens), f
    assert not any(t in exported for t in tokens)
    assert "test-client" in cli.ok("config", "outlook_client_id")


def test_an_expired_token_is_renewed_silently(
    cli: Cli, authority: OAuthServer, imap_account: DovecotServer
) -> None:
    assert connect(cli, imap_account)[0] == 0
    authority.expire()  # the server no longer takes the access token msal still holds
    refreshes = authority.refreshes
    imap_account.append(received(1))
    r = cli("sync")
    assert r.exit_code == 0, r.stderr
    assert "read 1, filed 1" in r.stderr
    assert authority.refreshes == refreshes + 1
    assert "read 0" in cli("sync").stderr or "unchanged" in cli("sync").stderr


def test_a_revoked_sign_in_says_how_to_sign_in_again(
    cli: Cli, authority: OAuthServer, imap_account: DovecotServer
) -> None:
    assert connect(cli, imap_account)[0] == 0
    authority.revoke()
    r = cli("sync")
    assert r.exit_code == 1
    assert "The sign-in for jordan expired or was revoked" in r.stderr
    assert "run `ajar connect outlook --user jordan` to sign in again" in r.stderr
    assert r.stderr.splitlines() == [
        "jordan: syncing INBOX",
        "jordan: The sign-in for jordan expired or was revoked (The refresh token was "
        "revoked.); run `ajar connect outlook --user jordan` to sign in again.",
    ]
    # signing in again mends it
    assert connect(cli, imap_account)[0] == 0
    assert cli("sync").exit_code == 0


def test_a_token_for_another_user_is_refused(
    cli: Cli, authority: OAuthServer, imap_account: DovecotServer
) -> None:
    # at the browser someone signs in as another account
    authority.approve_as = "sam"
    code, _out, err = connect(cli, imap_account)
    assert code == 1
    assert "You signed in as sam, not jordan" in err
    assert json.loads(cli.ok("accounts", "--json")) == []
    # a token the authority says is sam's, presented for jordan: Dovecot refuses it
    authority.approve_as = "jordan"
    assert connect(cli, imap_account)[0] == 0
    for grant in (*authority.access.values(), *authority.refresh.values()):
        grant.user = "sam"
    r = cli("sync")
    assert r.exit_code == 1
    assert "refused the OAuth2 sign-in for jordan" in r.stderr


def test_outlook_without_a_client_id_says_how_to_get_one(
    cli: Cli, authority: OAuthServer, imap_account: DovecotServer
) -> None:
    r = cli("connect", "outlook", "--user", "jordan@example.org")
    assert r.exit_code == 1
    assert "need your own app registration" in r.stderr
    assert "docs/mailboxes.md" in r.stderr


def test_gmail_signs_in_with_your_own_google_client(
    cli: Cli,
    authority: OAuthServer,
    imap_account: DovecotServer,
    vault: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import ssl
    import urllib.request

    cli.ok("config", "gmail_authority", authority.authority.removesuffix("/test") + "/google")
    trust = ssl.create_default_context(cafile=str(authority.cert_path))
    opened: list[str] = []

    def browser(url: str) -> None:  # the person allows access; Google sends them back
        opened.append(url)
        urllib.request.urlopen(url, context=trust, timeout=10).read()

    monkeypatch.setattr("doorajar.mail.oauth.open_page", browser)
    r = cli(
        "connect", "gmail", "--oauth2", "--user", imap_account.user, "--host",
        imap_account.host, "--port", str(imap_account.port), "--security", "none",
        "--client-id", "my-google-client", "--client-secret-stdin", input="test-secret\n",
    )  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert "Open this page and allow access (sign in as jordan):" in r.stdout
    assert "code_challenge_method=S256" in opened[0]
    kept = json.loads(json.loads(vault.read_text())["doorajar"]["oauth2://jordan@127.0.0.1"])
    assert kept["client_id"] == "my-google-client"
    assert kept["refresh_token"].startswith("rt-")
    imap_account.append(received(1))
    refreshes = authority.refreshes
    r = cli("sync")  # a new run: the access token comes from the refresh token
    assert r.exit_code == 0, r.stderr
    assert "jordan: read 1, filed 1" in r.stderr
    assert authority.refreshes == refreshes + 1
    authority.revoke()
    r = cli("sync")
    assert r.exit_code == 1
    assert "run `ajar connect gmail --user jordan --oauth2` to sign in again" in r.stderr

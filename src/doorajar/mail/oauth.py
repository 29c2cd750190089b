"""OAuth2 sign-in for IMAP (XOAUTH2), for Microsoft accounts: msal's device-code flow.

The user's own app registration (`outlook_client_id`; doorajar ships none) signs in once
with a code shown on the terminal; msal's token cache, which holds the refresh token, is
kept in the OS keyring under `oauth2://USER@HOST`, never in doorajar's data. Each login asks
msal for an access token, which it renews silently from the refresh token; a token the
server refuses is renewed once more before giving up with the command that fixes it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from doorajar.errors import InvalidInput, MailError
from doorajar.mail import secrets

# What the IMAP server needs; msal adds offline_access (the refresh token) by itself.
OUTLOOK_SCOPES = ("https://outlook.office.com/IMAP.AccessAsUser.All",)
ENV_OAUTH_TOKEN = "AJAR_OAUTH_TOKEN"  # a cache (JSON) for servers without a keyring


def _verify() -> str | bool:
    """The CA bundle to trust: $SSL_CERT_FILE when set (as for IMAP), else the system's."""
    return os.environ.get("SSL_CERT_FILE") or True


class OutlookTokens:
    """Access tokens for one Microsoft account, from msal and its cache in the keyring."""

    def __init__(self, client_id: str, authority: str, user: str, host: str) -> None:
        if not client_id.strip():
            raise InvalidInput(
                "Outlook and Microsoft 365 need your own app registration: register one "
                "(docs/mailboxes.md shows how) and give its id with --client-id, or set it "
                "with `ajar config outlook_client_id ID`."
            )
        self.client_id = client_id.strip()
        self.authority = authority
        self.user = user
        self.host = host
        self._app: Any = None
        self._cache: Any = None

    def _client(self) -> Any:
        if self._app is None:
            # lazy: msal and its HTTP stack, only for OAuth2 accounts
            import msal

            self._cache = msal.SerializableTokenCache()
            stored = secrets.lookup("oauth2", self.user, self.host, ENV_OAUTH_TOKEN)
            if stored:
                self._cache.deserialize(stored)
            try:
                self._app = msal.PublicClientApplication(
                    self.client_id,
                    authority=self.authority,
                    token_cache=self._cache,
                    verify=_verify(),
                    instance_discovery=False,
                    timeout=30,
                )
            except Exception as exc:  # no network, TLS, a wrong authority: say which
                raise MailError(
                    f"Cannot reach the Microsoft sign-in at {self.authority} ({_short(exc)}); "
                    "check your network."
                ) from None
        return self._app

    def _save(self) -> None:
        if os.environ.get(ENV_OAUTH_TOKEN):
            return  # a server's cache comes from the environment; renewed tokens stay in memory
        if self._cache is not None and self._cache.has_state_changed:
            secrets.store("oauth2", self.user, self.host, self._cache.serialize(), ENV_OAUTH_TOKEN)

    def sign_in(self, show: Callable[[str], None]) -> None:
        """The device-code flow: `show` tells the user where to go and which code to type;
        returns once they signed in (the tokens are then in the keyring)."""
        app = self._client()
        try:
            flow = app.initiate_device_flow(scopes=list(OUTLOOK_SCOPES))
        except Exception as exc:  # network or TLS trouble
            raise MailError(f"The Microsoft sign-in did not answer ({_short(exc)}).") from None
        if "user_code" not in flow:
            raise MailError(f"The Microsoft sign-in refused to start: {_why(flow)}.")
        show(
            f"Open {flow['verification_uri']} and enter the code {flow['user_code']} "
            f"(sign in as {self.user})."
        )
        result = app.acquire_token_by_device_flow(flow)
        if "access_token" not in result:
            raise MailError(f"Signing in did not finish: {_why(result)}; run it again.")
        who = (result.get("id_token_claims") or {}).get("preferred_username")
        if who and who.lower() != self.user.lower():
            raise MailError(
                f"You signed in as {who}, not {self.user}; run `ajar connect outlook --user "
                f"{who}`, or sign in with {self.user}."
            )
        self._save()

    def token(self, *, fresh: bool = False) -> str:
        """A valid access token: cached, or renewed from the refresh token (always, with
        `fresh`); a one-line error with the fix when the sign-in expired or was revoked."""
        app = self._client()
        accounts = app.get_accounts(username=self.user) or app.get_accounts()
        if not accounts:
            raise MailError(
                f"There is no sign-in for {self.user} in the keyring; run `ajar connect outlook "
                f"--user {self.user}`."
            )
        result = app.acquire_token_silent_with_error(
            list(OUTLOOK_SCOPES), account=accounts[0], force_refresh=fresh
        )
        if not result or "access_token" not in result:
            raise MailError(
                f"The sign-in for {self.user} expired or was revoked ({_why(result or {})}); "
                f"run `ajar connect outlook --user {self.user}` to sign in again."
            )
        self._save()
        return str(result["access_token"])

    def login(self, client: Any) -> None:
        """XOAUTH2 on an IMAPClient; a refused token is renewed and tried once more."""
        # lazy: only IMAP needs it
        from imapclient.exceptions import LoginError

        try:
            client.oauth2_login(self.user, self.token())
            return
        except LoginError:
            pass
        try:
            client.oauth2_login(self.user, self.token(fresh=True))
        except LoginError:
            raise MailError(
                f"The IMAP server {self.host} refused the OAuth2 sign-in for {self.user} (the "
                "token is for another account, or IMAP is off for it); run `ajar connect "
                f"outlook --user {self.user}` and sign in as {self.user}."
            ) from None


def _why(result: dict[str, Any]) -> str:
    text = str(result.get("error_description") or result.get("error") or "no answer")
    return " ".join(text.split())[:200]


def _short(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__

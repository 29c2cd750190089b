"""OAuth2 sign-in for IMAP (XOAUTH2): Microsoft accounts with msal's device-code flow,
Gmail with the user's own Google client and a browser sign-in back to this computer.

doorajar ships no client id: the user's own app registration signs in once. What keeps
them signed in (msal's token cache, or Google's refresh token with the client) is kept in
the OS keyring under `oauth2://USER@HOST`, never in doorajar's data. Each login asks for an
access token, renewed silently from the refresh token; a token the server refuses is
renewed once more before giving up with the command that fixes it.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import threading
import urllib.error
import urllib.request
import webbrowser
from abc import ABC, abstractmethod
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from doorajar.errors import InvalidInput, MailError
from doorajar.mail import secrets

# What the IMAP server needs; msal adds offline_access (the refresh token) by itself.
OUTLOOK_SCOPES = ("https://outlook.office.com/IMAP.AccessAsUser.All",)
ENV_OAUTH_TOKEN = "AJAR_OAUTH_TOKEN"  # a cache (JSON) for servers without a keyring


def _verify() -> str | bool:
    """The CA bundle to trust: $SSL_CERT_FILE when set (as for IMAP), else the system's."""
    return os.environ.get("SSL_CERT_FILE") or True


class Tokens(ABC):
    """Access tokens for one account; `login` signs an IMAP connection in with them."""

    provider = ""
    user = ""
    host = ""

    @property
    def again(self) -> str:
        """The command that signs in again."""
        extra = " --oauth2" if self.provider == "gmail" else ""
        return f"ajar connect {self.provider} --user {self.user}{extra}"

    @abstractmethod
    def sign_in(self, show: Callable[[str], None]) -> None:
        """Sign in once, telling the user what to do with `show`; keeps what it got."""

    @abstractmethod
    def token(self, *, fresh: bool = False) -> str:
        """A valid access token (renewed from the refresh token with `fresh`)."""

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
                f"token is for another account, or IMAP is off for it); run `{self.again}` "
                f"and sign in as {self.user}."
            ) from None

    def _expired(self, why: str) -> MailError:
        return MailError(
            f"The sign-in for {self.user} expired or was revoked ({why}); run `{self.again}` "
            "to sign in again."
        )


class OutlookTokens(Tokens):
    """Access tokens for one Microsoft account, from msal and its cache in the keyring."""

    provider = "outlook"

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
        _same_user((result.get("id_token_claims") or {}).get("preferred_username"), self)
        self._save()

    def token(self, *, fresh: bool = False) -> str:
        """A valid access token: cached, or renewed from the refresh token (always, with
        `fresh`); a one-line error with the fix when the sign-in expired or was revoked."""
        app = self._client()
        accounts = app.get_accounts(username=self.user) or app.get_accounts()
        if not accounts:
            raise MailError(
                f"There is no sign-in for {self.user} in the keyring; run `{self.again}`."
            )
        result = app.acquire_token_silent_with_error(
            list(OUTLOOK_SCOPES), account=accounts[0], force_refresh=fresh
        )
        if not result or "access_token" not in result:
            raise self._expired(_why(result or {}))
        self._save()
        return str(result["access_token"])


GMAIL_SCOPES = ("https://mail.google.com/", "openid", "email")
# Opens the sign-in page in the user's browser; tests stand in for the person there.
open_page: Callable[[str], object] = webbrowser.open


class GoogleTokens(Tokens):
    """Access tokens for one Gmail account from the user's own Google OAuth client: a
    browser sign-in that comes back to a one-off page on 127.0.0.1 (with PKCE), then the
    refresh token, kept in the keyring with the client."""

    provider = "gmail"

    def __init__(
        self, client_id: str, client_secret: str, authority: str, user: str, host: str
    ) -> None:
        self.client_id = client_id.strip()
        self.client_secret = client_secret
        self.authority = authority.rstrip("/")
        self.user = user
        self.host = host
        self._access: str | None = None

    @classmethod
    def stored(cls, authority: str, user: str, host: str) -> GoogleTokens:
        """The tokens of an account signed in before (client and refresh token from the
        keyring); an error with the fix when there are none."""
        raw = secrets.lookup("oauth2", user, host, ENV_OAUTH_TOKEN)
        try:
            kept = json.loads(raw or "")
        except ValueError:
            kept = None
        if not isinstance(kept, dict) or "refresh_token" not in kept:
            raise MailError(
                f"There is no sign-in for {user} in the keyring; run `ajar connect gmail "
                f"--user {user} --oauth2`."
            )
        tokens = cls(
            str(kept["client_id"]), str(kept.get("client_secret", "")), authority, user, host
        )
        tokens._refresh = str(kept["refresh_token"])
        return tokens

    _refresh = ""

    def _endpoints(self) -> dict[str, Any]:
        return _post_or_get(self.authority + "/.well-known/openid-configuration", None)

    def sign_in(self, show: Callable[[str], None]) -> None:
        """Open Google's sign-in page; it sends the browser back to 127.0.0.1 with a code,
        which is traded for the tokens."""
        if not self.client_id:
            raise InvalidInput(
                "Gmail's OAuth2 sign-in needs your own Google OAuth client: make one "
                "(docs/mailboxes.md shows how) and give its id with --client-id."
            )
        ends = self._endpoints()
        verifier = base64.urlsafe_b64encode(os.urandom(40)).rstrip(b"=").decode()
        challenge = (
            base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
            .rstrip(b"=")
            .decode()
        )
        state = base64.urlsafe_b64encode(os.urandom(16)).rstrip(b"=").decode()
        with _Loopback(state) as back:
            query = urlencode({
                "client_id": self.client_id, "redirect_uri": back.uri,
                "response_type": "code", "scope": " ".join(GMAIL_SCOPES),
                "code_challenge": challenge, "code_challenge_method": "S256",
                "state": state, "access_type": "offline", "prompt": "consent",
                "login_hint": self.user,
            })  # fmt: skip
            url = f"{ends['authorization_endpoint']}?{query}"
            show(f"Open this page and allow access (sign in as {self.user}): {url}")
            with contextlib.suppress(Exception):  # no browser here: the link is shown
                open_page(url)
            code = back.wait(SIGN_IN_SECONDS)
        got = _post_or_get(
            str(ends["token_endpoint"]),
            {
                "grant_type": "authorization_code", "code": code,
                "redirect_uri": back.uri, "client_id": self.client_id,
                "client_secret": self.client_secret, "code_verifier": verifier,
            },
        )  # fmt: skip
        if "refresh_token" not in got:
            raise MailError(f"Signing in did not finish: {_why(got)}; run it again.")
        _same_user(_claims(got.get("id_token", "")).get("email"), self)
        self._refresh, self._access = str(got["refresh_token"]), str(got["access_token"])
        kept = {"client_id": self.client_id, "client_secret": self.client_secret,
                "refresh_token": self._refresh}  # fmt: skip
        secrets.store("oauth2", self.user, self.host, json.dumps(kept), ENV_OAUTH_TOKEN)

    def token(self, *, fresh: bool = False) -> str:
        """The access token of this run, or a new one from the refresh token."""
        if self._access is not None and not fresh:
            return self._access
        got = _post_or_get(
            str(self._endpoints()["token_endpoint"]),
            {
                "grant_type": "refresh_token", "refresh_token": self._refresh,
                "client_id": self.client_id, "client_secret": self.client_secret,
            },
        )  # fmt: skip
        if "access_token" not in got:
            raise self._expired(_why(got))
        self._access = str(got["access_token"])
        return self._access


SIGN_IN_SECONDS = 300


class _Loopback:
    """A one-off web page on 127.0.0.1 that the browser comes back to with the code."""

    def __init__(self, state: str) -> None:
        self.state = state
        self.code: str | None = None
        self.error: str | None = None
        self.done = threading.Event()
        outer = self

        class Back(BaseHTTPRequestHandler):
            def log_message(self, *_args: Any) -> None:  # the terminal is the user's
                pass

            def do_GET(self) -> None:
                q = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
                if q.get("state") != outer.state:
                    self.send_response(400)
                    self.end_headers()
                    return
                outer.code, outer.error = q.get("code"), q.get("error")
                body = b"doorajar is signed in. You can close this page."
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                outer.done.set()

        self._server = HTTPServer(("127.0.0.1", 0), Back)
        self.uri = f"http://127.0.0.1:{self._server.server_address[1]}/"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> _Loopback:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def wait(self, seconds: float) -> str:
        """The code the browser brought back; an error when it brought none in time."""
        if not self.done.wait(seconds):
            raise MailError("No sign-in came back in time; run the command again.")
        if not self.code:
            raise MailError(f"Google did not allow the access ({self.error or 'no code'}).")
        return self.code


def _post_or_get(url: str, form: dict[str, str] | None) -> dict[str, Any]:
    """A JSON answer from an OAuth2 endpoint (a POST with `form`, else a GET); an error
    answer comes back as its JSON too."""
    data = urlencode(form).encode() if form is not None else None
    req = urllib.request.Request(url, data=data, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            doc = json.loads(r.read().decode() or "{}")
    except urllib.error.HTTPError as exc:
        try:
            doc = json.loads(exc.read().decode() or "{}")
        except ValueError:
            doc = {"error": f"HTTP {exc.code}"}
    except (OSError, ValueError) as exc:
        raise MailError(f"The sign-in at {url} did not answer ({_short(exc)}).") from None
    return doc if isinstance(doc, dict) else {"error": "not JSON"}


def _claims(jwt: str) -> dict[str, Any]:
    """The claims of an ID token (read, not verified: it came straight from the server)."""
    try:
        part = jwt.split(".")[1]
        doc = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    except (IndexError, ValueError):
        return {}
    return doc if isinstance(doc, dict) else {}


def _same_user(who: object, tokens: Tokens) -> None:
    """Refuse a sign-in made as another account than the one being connected."""
    if isinstance(who, str) and who and who.lower() != tokens.user.lower():
        raise MailError(
            f"You signed in as {who}, not {tokens.user}; run `ajar connect "
            f"{tokens.provider} --user {who}`, or sign in with {tokens.user}."
        )


def _why(result: dict[str, Any]) -> str:
    text = str(result.get("error_description") or result.get("error") or "no answer")
    return " ".join(text.split())[:200]


def _short(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__

"""What keeps the local web UI safe: the Host check, CSRF tokens, security headers,
the password (only its salted scrypt hash is stored) and signed session cookies.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
import secrets
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import urlencode

import anyio.to_thread
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from doorajar.core.unit import REQUEST_OWNER
from doorajar.errors import InvalidInput
from doorajar.files import write_private

CSRF_COOKIE = "ajar_csrf"
# A state-changing request carries its token where it can be checked before the body is
# read: in the address (every POST form's action has it, added by the template
# environment) or, from a script, in a header.
CSRF_QUERY = "csrf"
CSRF_HEADER = "x-csrf-token"
SESSION_COOKIE = "ajar_session"
PASSWORD_FILE = "web-password"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Scripts and styles come only from our own static files: no inline code, no eval.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
HEADERS = {
    "content-security-policy": CSP,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}

_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and 'localhost'."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_wildcard(host: str) -> bool:
    """True for 0.0.0.0 and ::, which listen on every address."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return False


def allowed_hosts(host: str, port: int) -> frozenset[str] | None:
    """Host headers a request may carry; None when any is fine (listening everywhere,
    where the password guards the door instead)."""
    if is_wildcard(host):
        return None
    names = {host}
    if is_loopback(host):
        names |= {"localhost", "127.0.0.1", "[::1]"}
    if ":" in host and not host.startswith("["):
        names.add(f"[{host}]")
    out = {f"{n}:{port}" for n in names}
    if port == 80:
        out |= names
    return frozenset(h.lower() for h in out)


# --- the password ----------------------------------------------------------------------


def hash_password(password: str) -> str:
    """A salted scrypt hash of a password, in one line of text."""
    if len(password) < 8:
        raise InvalidInput("Use a password of at least 8 characters.")
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, dklen=32, **_SCRYPT)
    params = ",".join(f"{k}={v}" for k, v in _SCRYPT.items())
    return f"scrypt${params}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    """True when the password matches the stored hash."""
    try:
        scheme, params, salt, digest = stored.strip().split("$")
        opts = {k: int(v) for k, v in (p.split("=") for p in params.split(","))}
        if scheme != "scrypt":
            return False
        got = hashlib.scrypt(
            password.encode(), salt=bytes.fromhex(salt), dklen=32, maxmem=2**26, **opts
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got.hex(), digest)


def password_path(home: Path) -> Path:
    """Where the password hash lives in a data home."""
    return home / PASSWORD_FILE


def save_password(home: Path, password: str) -> Path:
    """Store the salted hash of a new password (never the password), readable by you only."""
    return write_private(password_path(home), hash_password(password) + "\n")


def load_password_hash(home: Path) -> str | None:
    """The stored password hash, if a password was set."""
    path = password_path(home)
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8").strip()
    return text or None


# --- sessions and tokens ---------------------------------------------------------------


class Signer:
    """Signs short values with a secret that lives as long as the server."""

    def __init__(self, secret: bytes) -> None:
        self.secret = secret
        # sessions ended by logging out; the secret, and so every session, ends with the server
        self.revoked: set[str] = set()

    def _sig(self, value: str) -> str:
        return hmac.new(self.secret, value.encode(), hashlib.sha256).hexdigest()

    def session(self, hours: int = 12) -> str:
        """A new session token, valid for some hours."""
        value = f"{secrets.token_urlsafe(16)}.{int(time.time()) + hours * 3600}"
        return f"{value}.{self._sig(value)}"

    def revoke(self, token: str | None) -> None:
        """End a session for good: its cookie stops working at once, on every request."""
        if token and self.valid_session(token):
            self.revoked.add(token.split(".", 1)[0])

    def csrf(self, basis: str) -> str:
        """The CSRF token bound to a session (or, before any login, to the visitor's
        cookie): a page elsewhere that plants a cookie of its own cannot work out the token
        that goes with it, and a new session at sign-in gets a new token."""
        return hmac.new(self.secret, b"csrf:" + basis.encode(), hashlib.sha256).hexdigest()

    def valid_session(self, token: str | None) -> bool:
        """True for an unexpired, unrevoked token this server signed."""
        if not token or token.count(".") != 2:
            return False
        value, sig = token.rsplit(".", 1)
        if not hmac.compare_digest(sig, self._sig(value)):
            return False
        if value.split(".", 1)[0] in self.revoked:
            return False
        try:
            return int(value.rsplit(".", 1)[1]) > time.time()
        except ValueError:
            return False


def new_csrf_token() -> str:
    """A fresh random CSRF token."""
    return secrets.token_urlsafe(32)


def same_origin(request: Request) -> bool:
    """False for a request a browser says came from another origin: another site, another
    port on this machine, a sandboxed frame or a redirect (`Origin: null`)."""
    origin = request.headers.get("origin")
    if origin == "null":  # sandboxed frames, data: URLs and some redirects: never ours
        return False
    if origin:
        host = request.headers.get("host", "")
        if origin.split("://", 1)[-1].lower() != host.lower():
            return False
    # "same-site" includes every other port of 127.0.0.1: not ours either
    return request.headers.get("sec-fetch-site", "same-origin") in ("same-origin", "none")


# The largest request body the UI takes: a long draft or a settings form is a few kB.
MAX_BODY = 1_000_000
# A mailbox uploaded to be scanned may be larger; nothing else is.
MAX_UPLOAD = 25_000_000
UPLOAD_PATHS = frozenset({"/scan/upload"})
FORGED = "This form has expired or came from another site; reload it."
TOO_LARGE = "That is more than the UI takes in one go (at most 1 MB); nothing was changed."


def too_large(limit: int) -> str:
    """The one line for a body over `limit` bytes."""
    return TOO_LARGE.replace("1 MB", f"{limit // 1_000_000} MB")


def body_limit(path: str) -> int:
    """The largest body a request to `path` may carry."""
    return MAX_UPLOAD if path in UPLOAD_PATHS else MAX_BODY


class BodyTooLarge(Exception):
    """A request body grew past MAX_BODY while it was being read."""


def _limited(scope: Scope, receive: Receive, limit: int) -> Receive:
    """`receive` that stops a body (chunked, or longer than it said) at `limit` bytes, and
    marks the request so that whatever turns the failure into an answer makes it a 413."""
    seen = 0

    async def inner() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                scope.setdefault("state", {})["too_large"] = too_large(limit)
                raise BodyTooLarge
        return message

    return inner


class Failures:
    """Counts failed logins per source, to slow down guessing without locking anyone else
    out: one address's wrong guesses never block another's, and the owner on this machine
    is never blocked by guesses from elsewhere."""

    def __init__(self, limit: int = 10, window_seconds: float = 300) -> None:
        self.limit = limit
        self.window = window_seconds
        self.times: dict[str, list[float]] = {}

    def _recent(self, source: str) -> list[float]:
        cutoff = time.monotonic() - self.window
        kept = [t for t in self.times.get(source, ()) if t > cutoff]
        if kept:
            self.times[source] = kept
        else:
            self.times.pop(source, None)
        return kept

    def blocked(self, source: str = "") -> bool:
        """True while too many recent attempts from this source failed."""
        return len(self._recent(source)) >= self.limit

    def add(self, source: str = "") -> None:
        """Remember a failed attempt from a source."""
        if len(self.times) > 10_000:  # a flood of sources: forget the quiet ones first
            for key in [k for k in self.times if not self._recent(k)]:
                self.times.pop(key, None)
        self.times.setdefault(source, []).append(time.monotonic())


# --- the middleware --------------------------------------------------------------------


class Guard:
    """ASGI middleware: refuse foreign Host headers, require a login when a password is
    set, hand every visitor a CSRF cookie, and add the security headers to every answer."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        hosts: frozenset[str] | None,
        signer: Signer,
        login_required: bool,
        open_paths: Iterable[str] = ("/login", "/static/", "/calendar/"),
        secure_cookies: bool = False,
        authenticate: Callable[[Request], int | None] | None = None,
    ) -> None:
        self.app = app
        self.hosts = hosts
        self.signer = signer
        self.login_required = login_required
        self.open_paths = tuple(open_paths)
        self.secure = secure_cookies
        self.authenticate = authenticate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        host = request.headers.get("host", "").lower()
        if self.hosts is not None and host not in self.hosts:
            # DNS rebinding: a page elsewhere whose name now points at us.
            await self._plain(
                scope, receive, send, 421, "Unknown host; use the address ajar printed."
            )
            return
        user = None
        if self.authenticate is not None and not self._open(request.url.path, request.method):
            # a server: the session lives in the database, so ask it (off the event loop)
            user = await anyio.to_thread.run_sync(self.authenticate, request)
        if (
            self.login_required
            and not self._open(request.url.path, request.method)
            and (
                user is None
                if self.authenticate is not None
                else not self.signer.valid_session(request.cookies.get(SESSION_COOKIE))
            )
        ):
            if request.method in SAFE_METHODS:
                target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                response: Response = RedirectResponse(
                    "/login?" + _query({"next": target}), status_code=303
                )
            else:
                response = PlainTextResponse("Log in first.", status_code=403)
            await self._send_response(response, scope, receive, send)
            return
        nonce = request.cookies.get(CSRF_COOKIE)
        fresh = None
        if not nonce:
            fresh = nonce = new_csrf_token()
        session = request.cookies.get(SESSION_COOKIE)
        basis = (
            session.split(".", 1)[0] if session and self.signer.valid_session(session) else nonce
        )
        expected = self.signer.csrf(basis)
        scope.setdefault("state", {})["csrf"] = expected
        if request.method not in SAFE_METHODS:
            # before a byte of the body is read: its size, where it came from, its token
            refusal = self._before_body(request, expected, fresh is not None)
            if refusal is not None:
                await self._plain(scope, receive, send, *refusal)
                return
            receive = _limited(scope, receive, body_limit(request.url.path))

        started = time.perf_counter()

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                took = (time.perf_counter() - started) * 1000
                headers.append("server-timing", f"app;dur={took:.1f}")
                for k, v in HEADERS.items():
                    headers.setdefault(k, v)
                if not request.url.path.startswith("/static/"):
                    headers.setdefault("cache-control", "no-store")
                if fresh:
                    headers.append("set-cookie", self.cookie(CSRF_COOKIE, fresh))
            await send(message)

        started_response = False

        async def tracking(message: Message) -> None:
            nonlocal started_response
            if message["type"] == "http.response.start":
                started_response = True
            await wrapped(message)

        acting = REQUEST_OWNER.set(user)  # every transaction of the request acts for them
        try:
            await self.app(scope, receive, tracking)
        except BodyTooLarge:
            if not started_response:
                await self._plain(
                    scope, receive, send, 413, too_large(body_limit(request.url.path))
                )
        except Exception:
            # a bug: answer 500 with the same headers as every other answer, then let the
            # server log the traceback
            if not started_response:
                await self._plain(scope, receive, send, 500, "Something went wrong on our side.")
            raise
        finally:
            REQUEST_OWNER.reset(acting)

    def _before_body(
        self, request: Request, expected: str, no_cookie: bool
    ) -> tuple[int, str] | None:
        """Why a state-changing request is refused before its body is read, or None."""
        length = request.headers.get("content-length")
        limit = body_limit(request.url.path)
        if length is not None and (not length.isdigit() or int(length) > limit):
            return 413, too_large(limit)
        # no cookie: not from a page of ours (SameSite=Strict keeps it from other sites)
        if no_cookie or not same_origin(request):
            return 403, FORGED
        # the token from the header, else from the address; never from the body
        submitted = request.headers.get(CSRF_HEADER)
        if submitted is None:
            submitted = request.query_params.get(CSRF_QUERY)
        if not submitted or not hmac.compare_digest(submitted.encode(), expected.encode()):
            return 403, FORGED
        return None

    def _open(self, path: str, method: str) -> bool:
        if path.startswith("/calendar/"):
            # the feed is read by calendar apps with its secret in the address; renewing
            # the secret is a change like any other and needs a login
            return method in SAFE_METHODS and path.endswith(".ics")
        return any(path == p or (p.endswith("/") and path.startswith(p)) for p in self.open_paths)

    def cookie(self, name: str, value: str, max_age: int | None = None) -> str:
        """A Set-Cookie value: HttpOnly, SameSite=Strict, the whole site."""
        parts = [f"{name}={value}", "Path=/", "HttpOnly", "SameSite=Strict"]
        if max_age is not None:
            parts.append(f"Max-Age={max_age}")
        if self.secure:
            parts.append("Secure")
        return "; ".join(parts)

    async def _plain(
        self, scope: Scope, receive: Receive, send: Send, code: int, text: str
    ) -> None:
        await self._send_response(PlainTextResponse(text, status_code=code), scope, receive, send)

    async def _send_response(
        self, response: Response, scope: Scope, receive: Receive, send: Send
    ) -> None:
        for k, v in HEADERS.items():
            response.headers.setdefault(k, v)
        await response(scope, receive, send)


def _query(params: dict[str, str]) -> str:
    return urlencode(params)

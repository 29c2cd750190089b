"""Real servers on loopback for the tests: PostgreSQL, Dovecot IMAP and an SMTP server.

Each server is started from the real program (Debian's `postgresql` and `dovecot-imapd`,
`aiosmtpd` for SMTP), listens on 127.0.0.1 only, on a free port, with all its state in a
temporary folder that is removed when the session ends.

When a program is missing, the test calls `unavailable(reason)`: a skip on a laptop, a
failure under CI=true, so CI can never pass by skipping.

Use them by importing the fixtures in a test module (or in conftest.py):

    from tests.servers import pg_url, postgres_server  # noqa: F401

TLS: `tls_cert` makes one self-signed certificate for 127.0.0.1 per session. Dovecot serves
it on its `imaps` port and the TLS SMTP server on STARTTLS. Clients trust it with
`server.ssl_context()`, or, for code that builds its own default context (OpenSSL honours
it), with `monkeypatch.setenv("SSL_CERT_FILE", str(server.cert_path))`.
"""

from __future__ import annotations

import contextlib
import email.utils
import glob
import itertools
import os
import pwd
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import pytest

# --------------------------------------------------------------------------- helpers


def unavailable(reason: str) -> NoReturn:
    """Skip the test on a laptop; fail it under CI=true, where every server must exist."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"required for CI: {reason}", pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(
    port: int, *, timeout: float = 20.0, proc: subprocess.Popen[bytes] | None = None
) -> bool:
    """True once something accepts connections on 127.0.0.1:port (polls, no fixed sleep)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            return False
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return True
        time.sleep(0.05)
    return False


IS_ROOT = os.geteuid() == 0


def _service_dir(prefix: str, owner: str | None) -> Path:
    """A temp folder a system user can reach (pytest's own tmp is private to root)."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    path.chmod(0o755)
    if owner is not None:
        pw = pwd.getpwnam(owner)
        os.chown(path, pw.pw_uid, pw.pw_gid)
    return path


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


# --------------------------------------------------------------------------- TLS


@dataclass(frozen=True)
class TlsCert:
    """A self-signed certificate (and its key) valid for 127.0.0.1 and localhost."""

    cert_path: Path
    key_path: Path

    def client_context(self) -> ssl.SSLContext:
        """A client context that trusts exactly this certificate."""
        return ssl.create_default_context(cafile=str(self.cert_path))

    def server_context(self) -> ssl.SSLContext:
        """A server context presenting this certificate."""
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(str(self.cert_path), str(self.key_path))
        return ctx


@pytest.fixture(scope="session")
def tls_cert() -> Iterator[TlsCert]:
    """One self-signed certificate per session, made with `openssl`."""
    openssl = shutil.which("openssl")
    if openssl is None:
        unavailable("openssl is not installed (needed for a self-signed test certificate)")
    folder = _service_dir("ajar-tls-", None)
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "3",
            "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-addext", "basicConstraints=critical,CA:TRUE",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    key.chmod(0o644)  # Dovecot's config process reads it; the folder is throwaway
    yield TlsCert(cert, key)
    shutil.rmtree(folder, ignore_errors=True)


# --------------------------------------------------------------------------- PostgreSQL


def _pg_bindir() -> Path | None:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
        key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0,
    )
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("pg_ctl")
    return Path(on_path).parent if on_path else None


@dataclass
class PostgresServer:
    """A running PostgreSQL cluster on 127.0.0.1 (superuser `postgres`, trust auth)."""

    host: str
    port: int
    user: str
    folder: Path
    _counter: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def url(self, dbname: str = "postgres") -> str:
        """SQLAlchemy URL of one database on this server."""
        return f"postgresql+psycopg://{self.user}@{self.host}:{self.port}/{dbname}"

    def connect(self, dbname: str = "postgres") -> Any:
        """A psycopg connection in autocommit mode."""
        import psycopg

        return psycopg.connect(
            host=self.host, port=self.port, user=self.user, dbname=dbname, autocommit=True
        )

    def create_database(self) -> str:
        """CREATE DATABASE with a new name; returns the name."""
        name = f"ajar_test_{os.getpid()}_{next(self._counter)}"
        with self.connect() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        """DROP DATABASE, closing whatever is still connected to it."""
        with self.connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _as_user(user: str | None, argv: list[str]) -> list[str]:
    return ["runuser", "-u", user, "--", *argv] if user else argv


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A real PostgreSQL from Debian's package, started once per test session (per worker)."""
    bindir = _pg_bindir()
    if bindir is None:
        unavailable("PostgreSQL is not installed (Debian package `postgresql`)")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        unavailable("psycopg is not installed (pip install 'doorajar[postgres]')")
    run_as: str | None = None
    if IS_ROOT:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            unavailable("running as root but there is no `postgres` system user")
        run_as = "postgres"
    folder = _service_dir("ajar-pg-", run_as)
    data, log = folder / "data", folder / "server.log"
    init = subprocess.run(
        _as_user(
            run_as,
            [str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
             "-E", "UTF8", "--locale=C", "--no-sync"],
        ),
        capture_output=True,
        text=True,
    )  # fmt: skip
    if init.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.fail(f"initdb failed: {init.stderr.strip()}")
    server: PostgresServer | None = None
    for _attempt in range(3):  # a free port can be taken between probing and binding
        port = free_port()
        options = (
            f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=40 -c shared_buffers=16MB"
        )
        start = subprocess.run(
            _as_user(
                run_as,
                [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options,
                 "-w", "-t", "60", "start"],
            ),
            capture_output=True,
            text=True,
        )  # fmt: skip
        if start.returncode == 0:
            server = PostgresServer("127.0.0.1", port, "postgres", folder)
            break
    if server is None:
        detail = _tail(log)
        shutil.rmtree(folder, ignore_errors=True)
        pytest.fail(f"PostgreSQL did not start:\n{detail}")
    try:
        yield server
    finally:
        subprocess.run(
            _as_user(run_as, [str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def pg_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, as a SQLAlchemy URL."""
    name = postgres_server.create_database()
    yield postgres_server.url(name)
    postgres_server.drop_database(name)


@dataclass(frozen=True)
class OwnedDatabase:
    """A fresh database owned by a plain role (no superuser, no BYPASSRLS, CREATEROLE),
    as a career centre would give doorajar: row-level security applies to it."""

    url: str
    owner: str
    name: str


@pytest.fixture
def pg_owned(postgres_server: PostgresServer) -> Iterator[OwnedDatabase]:
    """A database owned by its own plain role; the roles made in it are dropped after."""
    name = f"ajar_centre_{os.getpid()}_{next(postgres_server._counter)}"
    with postgres_server.connect() as conn:
        conn.execute(f'CREATE ROLE "{name}" LOGIN CREATEROLE')
        conn.execute(f'CREATE DATABASE "{name}" OWNER "{name}"')
    url = f"postgresql+psycopg://{name}@{postgres_server.host}:{postgres_server.port}/{name}"
    yield OwnedDatabase(url, name, name)
    postgres_server.drop_database(name)
    with postgres_server.connect() as conn:
        conn.execute(f'DROP ROLE IF EXISTS "{name}_app"')
        conn.execute(f'DROP ROLE IF EXISTS "{name}"')


# --------------------------------------------------------------------------- OAuth2


@dataclass
class Grant:
    """A token the test authority issued: whose it is, and whether it still works."""

    user: str
    good: bool = True


class OAuthServer:
    """A small OAuth2 authority for the tests, on 127.0.0.1.

    Over HTTPS (the session's certificate, which msal trusts through `verify=`): the OpenID
    discovery document of tenant `test`, the device-code endpoint and the token endpoint
    (device code and refresh token grants). Over plain HTTP: the token introspection
    endpoint (RFC 7662) that Dovecot's oauth2 passdb asks. The device code is approved at
    once for `approve_as` (the test plays the person at the browser). Tests expire an
    access token (`expire`), revoke a refresh token (`revoke`) or count refreshes.
    """

    def __init__(self, cert: TlsCert) -> None:
        import threading
        from http.server import ThreadingHTTPServer

        self.access: dict[str, Grant] = {}
        self.refresh: dict[str, Grant] = {}
        self.devices: dict[str, str] = {}
        self.codes: dict[str, tuple[str, str]] = {}  # Google: code -> (user, PKCE challenge)
        self.approve_as = "jordan"
        self.refreshes = 0
        self.introspected = 0
        self._n = itertools.count(1)
        handler = _oauth_handler(self)
        self._https = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._https.socket = cert.server_context().wrap_socket(self._https.socket, server_side=True)
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        for srv in (self._https, self._http):
            threading.Thread(target=srv.serve_forever, daemon=True).start()
        self.authority = f"https://127.0.0.1:{self._https.server_address[1]}/test"
        self.introspection_url = f"http://127.0.0.1:{self._http.server_address[1]}/introspect"
        self.cert_path = cert.cert_path

    def issue(self, user: str) -> dict[str, Any]:
        """A token response for `user`: a new access token and refresh token."""
        n = next(self._n)
        access, refresh = f"at-{n}-{user}", f"rt-{n}-{user}"
        self.access[access] = Grant(user)
        self.refresh[refresh] = Grant(user)
        claims = {"iss": self.authority, "sub": f"sub-{user}", "aud": "test-client",
                  "exp": 4102444800, "iat": 1700000000, "preferred_username": user,
                  "oid": f"oid-{user}", "tid": "test", "email": user}  # fmt: skip
        return {
            "token_type": "Bearer",
            "scope": "https://outlook.office.com/IMAP.AccessAsUser.All",
            "expires_in": 3600,
            "access_token": access,
            "refresh_token": refresh,
            "id_token": _unsigned_jwt(claims),
        }

    def expire(self) -> None:
        """Every access token issued so far stops working (refresh tokens still do)."""
        for g in self.access.values():
            g.good = False

    def revoke(self) -> None:
        """Every token issued so far is revoked: the user must sign in again."""
        self.expire()
        for g in self.refresh.values():
            g.good = False

    def close(self) -> None:
        """Stop both listeners."""
        for srv in (self._https, self._http):
            srv.shutdown()
            srv.server_close()


def _unsigned_jwt(claims: dict[str, Any]) -> str:
    import base64
    import json

    def part(d: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(d).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}.x"


def _oauth_handler(server: OAuthServer) -> Any:
    import base64
    import json
    from http.server import BaseHTTPRequestHandler
    from urllib.parse import parse_qs

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args: Any) -> None:  # quiet
            pass

        def _send(self, status: int, doc: dict[str, Any]) -> None:
            body = json.dumps(doc).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            if self.path.startswith("/google/.well-known/openid-configuration"):
                base = server.authority.removesuffix("/test") + "/google"
                self._send(200, {
                    "issuer": base,
                    "authorization_endpoint": base + "/authorize",
                    "token_endpoint": base + "/token",
                })  # fmt: skip
                return
            if self.path.startswith("/google/authorize"):
                # the person at the browser allows access at once: back to the app's page
                q = {k: v[0] for k, v in parse_qs(self.path.split("?", 1)[1]).items()}
                code = f"gcode-{next(server._n)}"
                server.codes[code] = (server.approve_as, q.get("code_challenge", ""))
                back = f"{q['redirect_uri']}?code={code}&state={q.get('state', '')}"
                self.send_response(302)
                self.send_header("Location", back)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if self.path.startswith("/test/v2.0/.well-known/openid-configuration"):
                base = server.authority
                self._send(200, {
                    "issuer": base + "/v2.0",
                    "authorization_endpoint": base + "/oauth2/v2.0/authorize",
                    "token_endpoint": base + "/oauth2/v2.0/token",
                    "device_authorization_endpoint": base + "/oauth2/v2.0/devicecode",
                })  # fmt: skip
                return
            self._send(404, {"error": "not_found"})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            path = self.path.split("?")[0]
            if path == "/introspect":
                server.introspected += 1
                g = server.access.get(form.get("token", ""))
                if g is None or not g.good:
                    self._send(200, {"active": "false"})
                else:
                    self._send(200, {"active": "true", "username": g.user})
            elif path == "/test/oauth2/v2.0/devicecode":
                code = f"device-{next(server._n)}"
                server.devices[code] = server.approve_as
                self._send(200, {
                    "device_code": code, "user_code": "ABCD-EFGH",
                    "verification_uri": "https://127.0.0.1/devicelogin",
                    "expires_in": 600, "interval": 1,
                    "message": "To sign in, open https://127.0.0.1/devicelogin and enter "
                               "ABCD-EFGH.",
                })  # fmt: skip
            elif path == "/google/token" and form.get("grant_type") == "authorization_code":
                import hashlib

                user, challenge = server.codes.pop(form.get("code", ""), ("", ""))
                verifier = form.get("code_verifier", "").encode()
                made = hashlib.sha256(verifier).digest()
                ok = base64.urlsafe_b64encode(made).rstrip(b"=").decode() == challenge
                if not user or not ok or form.get("client_secret") != "test-secret":
                    self._send(400, {"error": "invalid_grant"})
                else:
                    self._send(200, server.issue(user))
            elif path in ("/test/oauth2/v2.0/token", "/google/token"):
                grant = form.get("grant_type", "")
                if grant.endswith("device_code"):
                    user = server.devices.pop(form.get("device_code", ""), "")
                    if not user:
                        self._send(400, {"error": "expired_token"})
                    else:
                        self._send(200, server.issue(user))
                elif grant == "refresh_token":
                    g = server.refresh.get(form.get("refresh_token", ""))
                    if g is None or not g.good:
                        self._send(400, {"error": "invalid_grant",
                                         "error_description": "The refresh token was revoked."})  # fmt: skip
                    else:
                        server.refreshes += 1
                        self._send(200, server.issue(g.user))
                else:
                    self._send(400, {"error": "unsupported_grant_type"})
            else:
                self._send(404, {"error": "not_found"})

    return Handler


@pytest.fixture(scope="session")
def oauth_server(tls_cert: TlsCert) -> Iterator[OAuthServer]:
    """The test OAuth2 authority (HTTPS) and its introspection endpoint (HTTP), per session."""
    server = OAuthServer(tls_cert)
    yield server
    server.close()


# --------------------------------------------------------------------------- Dovecot IMAP

_DOVECOT_CONF = """\
# Generated by tests/servers.py: a throwaway IMAP server for one test session.
protocols = imap
listen = 127.0.0.1
base_dir = {dir}/run
state_dir = {dir}/state
log_path = {dir}/dovecot.log
info_log_path = {dir}/dovecot.log
default_internal_user = {internal_user}
default_login_user = {login_user}
first_valid_uid = {uid}
last_valid_uid = 0
first_valid_gid = {gid}
disable_plaintext_auth = no
auth_mechanisms = plain login xoauth2 oauthbearer
auth_failure_delay = 0
login_trusted_networks = 127.0.0.0/8
{ssl_block}
passdb {{
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = {dir}/oauth2.conf.ext
}}
passdb {{
  driver = passwd-file
  mechanisms = plain login
  args = scheme=PLAIN username_format=%u {dir}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={dir}/mail/%u
}}
mail_location = maildir:~/Maildir
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Drafts {{
    special_use = \\Drafts
    auto = subscribe
  }}
  mailbox Sent {{
    special_use = \\Sent
    auto = subscribe
  }}
  mailbox Trash {{
    special_use = \\Trash
  }}
  # what Gmail calls [Gmail]/All Mail: found by its flag, whatever its name
  mailbox Everything {{
    special_use = \\All
  }}
}}
service imap-login {{
  {login_chroot}
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
    ssl = yes
  }}
}}
service imap {{
  process_limit = 20
}}
{extra}
"""

# Dovecot 2.3's capabilities after login, less IDLE: a server that cannot push new mail.
_NO_IDLE = (
    "imap_capability = IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE SORT SORT=DISPLAY "
    "THREAD=REFERENCES THREAD=REFS THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE "
    "UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH "
    "ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE SNIPPET=FUZZY "
    "PREVIEW=FUZZY PREVIEW STATUS=SIZE SAVEDATE LITERAL+ NOTIFY SPECIAL-USE"
)


@dataclass
class DovecotServer:
    """A running Dovecot with one user whose mail lives in a Maildir under a temp folder.

    `port` speaks plain IMAP (login allowed without TLS); `imaps_port` speaks IMAP over TLS
    with the session's self-signed certificate (trust it with `ssl_context()`).
    """

    host: str
    port: int
    imaps_port: int
    user: str
    password: str
    folder: Path
    cert_path: Path
    _ssl: ssl.SSLContext | None = None

    def url(self, folder: str = "INBOX", tls: bool = False) -> str:
        """A doorajar scan source: imap://USER@127.0.0.1:PORT/FOLDER (imaps:// for TLS)."""
        scheme, port = ("imaps", self.imaps_port) if tls else ("imap", self.port)
        return f"{scheme}://{self.user}@{self.host}:{port}/{folder}"

    def ssl_context(self) -> ssl.SSLContext:
        """A client TLS context that trusts this server's self-signed certificate."""
        if self._ssl is None:
            self._ssl = ssl.create_default_context(cafile=str(self.cert_path))
        return self._ssl

    @contextlib.contextmanager
    def client(self, tls: bool = False) -> Iterator[Any]:
        """A logged-in IMAPClient; logs out afterwards."""
        from imapclient import IMAPClient

        if tls:
            c = IMAPClient(
                self.host,
                port=self.imaps_port,
                ssl=True,
                ssl_context=self.ssl_context(),
                timeout=10,
            )
        else:
            c = IMAPClient(self.host, port=self.port, ssl=False, timeout=10)
        try:
            c.login(self.user, self.password)
            yield c
        finally:
            with contextlib.suppress(Exception):
                c.logout()

    def append(self, raw: bytes, folder: str = "INBOX", flags: tuple[bytes, ...] = ()) -> None:
        """Put one raw message into a folder (created if missing)."""
        with self.client() as c:
            if not c.folder_exists(folder):
                c.create_folder(folder)
            c.append(folder, raw, flags=flags)

    def fetch_all(self, folder: str = "INBOX") -> list[bytes]:
        """The raw bytes of every message in a folder, oldest first."""
        with self.client() as c:
            if not c.folder_exists(folder):
                return []
            c.select_folder(folder, readonly=True)
            uids = c.search("ALL")
            if not uids:
                return []
            data = c.fetch(uids, [b"RFC822"])
            return [data[uid][b"RFC822"] for uid in sorted(uids)]

    def flags(self, folder: str = "INBOX") -> list[tuple[bytes, ...]]:
        """The flags of every message in a folder, oldest first."""
        with self.client() as c:
            c.select_folder(folder, readonly=True)
            uids = c.search("ALL")
            data = c.fetch(uids, [b"FLAGS"]) if uids else {}
            return [tuple(data[uid][b"FLAGS"]) for uid in sorted(uids)]

    def login_refused(self, password: str, source: str = "127.0.0.2") -> bool:
        """True when Dovecot answers NO to LOGIN with this password.

        Dovecot slows down later logins from an IP that failed one (its auth penalty), so
        this connects from another loopback address to keep the rest of the session fast.
        Code under test that logs in with a wrong password pays that delay (a few seconds)
        once, on the next login from 127.0.0.1.
        """
        with (
            socket.create_connection(
                (self.host, self.port), timeout=10, source_address=(source, 0)
            ) as s,
            s.makefile("rwb") as f,
        ):
            f.readline()  # greeting
            f.write(f'a LOGIN "{self.user}" "{password}"\r\n'.encode())
            f.flush()
            while True:
                line = f.readline()
                if not line or line.startswith(b"a "):
                    return line.startswith(b"a NO")

    def create_folder(self, name: str) -> None:
        """Create a folder if it does not exist yet."""
        with self.client() as c:
            if not c.folder_exists(name):
                c.create_folder(name)
            c.subscribe_folder(name)

    def folders(self) -> list[str]:
        """Names of all folders of the test user."""
        with self.client() as c:
            return sorted(str(name) for _flags, _delim, name in c.list_folders())

    def reset(self, folders: tuple[str, ...] = ("Drafts", "Sent")) -> None:
        """Empty INBOX, delete every other folder, then create `folders` empty."""
        with self.client() as c:
            # Deepest first; a parent that only held children vanishes with them.
            for _flags, _delim, name in sorted(c.list_folders(), key=lambda f: -len(f[2])):
                if name.upper() != "INBOX" and c.folder_exists(name):
                    c.delete_folder(name)
            c.select_folder("INBOX")
            uids = c.search("ALL")
            if uids:
                c.delete_messages(uids)
                c.expunge()
            c.close_folder()
            for name in folders:
                if not c.folder_exists(name):
                    c.create_folder(name)
                c.subscribe_folder(name)


def _dovecot_binary() -> str | None:
    return shutil.which("dovecot") or next(
        (p for p in ("/usr/sbin/dovecot", "/usr/local/sbin/dovecot") if os.path.exists(p)), None
    )


@pytest.fixture(scope="session")
def dovecot(tls_cert: TlsCert, oauth_server: OAuthServer) -> Iterator[DovecotServer]:
    """A real Dovecot IMAP server on 127.0.0.1 from a generated config, one per session."""
    yield from _run_dovecot(tls_cert, oauth_server)


@pytest.fixture(scope="session")
def dovecot_no_idle(tls_cert: TlsCert, oauth_server: OAuthServer) -> Iterator[DovecotServer]:
    """A second Dovecot whose capabilities leave out IDLE, as some servers' do."""
    yield from _run_dovecot(tls_cert, oauth_server, _NO_IDLE)


def _run_dovecot(
    tls_cert: TlsCert, oauth_server: OAuthServer, extra: str = ""
) -> Iterator[DovecotServer]:
    binary = _dovecot_binary()
    if binary is None:
        unavailable("Dovecot is not installed (Debian package `dovecot-imapd`)")
    try:
        import imapclient  # noqa: F401
    except ImportError:
        unavailable("imapclient is not installed")
    if IS_ROOT:
        # Dovecot refuses to keep mail as root: mail belongs to its own system user.
        try:
            mail = pwd.getpwnam("dovecot")
            login = pwd.getpwnam("dovenull").pw_name
        except KeyError:
            mail = pwd.getpwnam("nobody")
            login = mail.pw_name
        internal = mail.pw_name
    else:
        mail = pwd.getpwuid(os.getuid())
        internal = login = mail.pw_name
    folder = _service_dir("ajar-imap-", None)
    (folder / "mail").mkdir()
    os.chown(folder / "mail", mail.pw_uid, mail.pw_gid)
    user, password = "jordan", "open-sesame-42"
    (folder / "passwd").write_text(f"{user}:{{PLAIN}}{password}::::::nodelay=yes\n")
    # XOAUTH2: Dovecot asks the test authority whether a bearer token is good, and whose
    (folder / "oauth2.conf.ext").write_text(
        "introspection_mode = post\n"
        f"introspection_url = {oauth_server.introspection_url}\n"
        "username_attribute = username\n"
        "active_attribute = active\n"
        "active_value = true\n"
    )
    ssl_block = (
        "ssl = yes\n"
        f"ssl_cert = <{tls_cert.cert_path}\n"
        f"ssl_key = <{tls_cert.key_path}\n"
        "ssl_min_protocol = TLSv1.2"
    )
    if os.path.exists("/usr/share/dovecot/dh.pem"):
        ssl_block += "\nssl_dh = </usr/share/dovecot/dh.pem"

    server: DovecotServer | None = None
    proc: subprocess.Popen[bytes] | None = None
    conf = folder / "dovecot.conf"
    for _attempt in range(3):
        port, imaps_port = free_port(), free_port()
        if port == imaps_port:
            continue
        conf.write_text(
            _DOVECOT_CONF.format(
                dir=folder,
                internal_user=internal,
                login_user=login,
                uid=mail.pw_uid,
                gid=mail.pw_gid,
                ssl_block=ssl_block,
                # only root can chroot; as a plain user the login process stays put
                login_chroot="" if IS_ROOT else "chroot =",
                port=port,
                imaps_port=imaps_port,
                extra=extra,
            )
        )
        proc = subprocess.Popen(
            [binary, "-F", "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        if wait_for_port(port, proc=proc) and wait_for_port(imaps_port, proc=proc):
            server = DovecotServer(
                "127.0.0.1", port, imaps_port, user, password, folder, tls_cert.cert_path
            )
            break
        _stop(proc)
    if server is None or proc is None:
        detail = _tail(folder / "dovecot.log")
        if proc is not None and proc.stderr is not None:
            detail += "\n" + proc.stderr.read().decode(errors="replace")
        shutil.rmtree(folder, ignore_errors=True)
        pytest.fail(f"Dovecot did not start:\n{detail}")
    try:
        yield server
    finally:
        _stop(proc)
        shutil.rmtree(folder, ignore_errors=True)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
    if proc.stderr is not None:
        proc.stderr.close()


@pytest.fixture
def imap_account(dovecot: DovecotServer) -> DovecotServer:
    """The Dovecot test user with an empty INBOX and empty Drafts and Sent, nothing else."""
    dovecot.reset()
    return dovecot


# --------------------------------------------------------------------------- SMTP


@dataclass(frozen=True)
class ReceivedMail:
    """One message as the SMTP server received it."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    raw: bytes
    login: str | None
    tls: bool

    @property
    def message(self) -> Any:
        """The message parsed with the modern email API."""
        import email
        import email.policy

        return email.message_from_bytes(self.raw, policy=email.policy.default)


@dataclass
class SmtpServer:
    """A running aiosmtpd server that keeps every message it accepts in `messages`."""

    host: str
    port: int
    user: str
    password: str
    starttls: bool
    cert_path: Path | None
    messages: list[ReceivedMail] = field(default_factory=list)

    def ssl_context(self) -> ssl.SSLContext:
        """A client TLS context that trusts the server's self-signed certificate."""
        assert self.cert_path is not None, "this SMTP server has no TLS"
        return ssl.create_default_context(cafile=str(self.cert_path))


class _Recorder:
    """aiosmtpd handler: accept everything, remember it."""

    def __init__(self, server: SmtpServer) -> None:
        self.server = server

    async def handle_DATA(self, _smtp: Any, session: Any, envelope: Any) -> str:
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode()
        login = session.auth_data if session.authenticated else None
        self.server.messages.append(
            ReceivedMail(
                mail_from=envelope.mail_from,
                rcpt_tos=tuple(envelope.rcpt_tos),
                raw=bytes(raw),
                login=login,
                tls=session.ssl is not None,
            )
        )
        return "250 Message accepted for delivery"


def _start_smtp(cert: TlsCert | None) -> Iterator[SmtpServer]:
    try:
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult, LoginPassword
    except ImportError:
        unavailable("aiosmtpd is not installed")
    server = SmtpServer(
        host="127.0.0.1",
        port=0,
        user="jordan@example.org",
        password="smtp-secret-7",
        starttls=cert is not None,
        cert_path=cert.cert_path if cert else None,
    )

    def authenticator(
        _server: Any, _session: Any, _envelope: Any, mechanism: str, data: Any
    ) -> Any:
        if mechanism not in ("PLAIN", "LOGIN") or not isinstance(data, LoginPassword):
            return AuthResult(success=False, handled=False)
        ok = data.login.decode() == server.user and data.password.decode() == server.password
        if not ok:
            return AuthResult(success=False, handled=False)
        return AuthResult(success=True, auth_data=data.login.decode())

    controller = None
    for _attempt in range(3):
        server.port = free_port()
        kwargs: dict[str, Any] = {
            "hostname": "127.0.0.1",
            "port": server.port,
            "authenticator": authenticator,
            "auth_require_tls": cert is not None,
            "ident": "ajar-test-smtp",
        }
        if cert is not None:
            kwargs["tls_context"] = cert.server_context()
            kwargs["require_starttls"] = True
        controller = Controller(_Recorder(server), **kwargs)
        try:
            controller.start()
            break
        except Exception:  # port taken between probe and bind
            controller = None
    if controller is None:
        pytest.fail("the SMTP test server did not start")
    try:
        yield server
    finally:
        controller.stop()


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A real SMTP server on 127.0.0.1 with AUTH PLAIN/LOGIN over plain text; records mail."""
    yield from _start_smtp(None)


@pytest.fixture
def smtp_server_tls(tls_cert: TlsCert) -> Iterator[SmtpServer]:
    """Like smtp_server, but STARTTLS (self-signed) is required before AUTH and MAIL."""
    yield from _start_smtp(tls_cert)


def make_message(
    subject: str = "Your application",
    body: str = "Thank you for your interest.",
    sender: str = "Dana Li <dana@acme.example>",
    to: str = "jordan@example.org",
    date: str = "Sun, 22 Nov 2026 14:00:00 +0000",
) -> bytes:
    """A small, valid RFC 5322 message as bytes (for appending to IMAP or sending)."""
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = date
    msg["Message-ID"] = email.utils.make_msgid(domain="acme.example")
    msg.set_content(body)
    return bytes(msg)


# --------------------------------------------------------------------------- a cuttable link


class TcpProxy:
    """A TCP relay on 127.0.0.1 to another port, whose open connections a test can cut
    (`drop()`), as a lost network or a laptop's sleep would; new connections still pass."""

    def __init__(self, target_port: int) -> None:
        import threading

        self.target_port = target_port
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()
        self.accepted = 0
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        import threading

        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return  # closed
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port), 10)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open += [client, upstream]
                self.accepted += 1
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(src: socket.socket, dst: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := src.recv(65536):
                dst.sendall(data)
        for s in (src, dst):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)

    def drop(self) -> None:
        """Cut every connection open now."""
        with self._lock:
            conns, self._open = self._open, []
        for s in conns:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()

    def close(self) -> None:
        """Stop accepting and cut everything."""
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() under way
        self._listener.close()
        self.drop()


# --------------------------------------------------------------------------- a wrong name


@dataclass(frozen=True)
class WrongNameTls:
    """A TLS listener on 127.0.0.1 whose certificate a test CA made out to another name
    (imap.elsewhere.example): trusted (`ca_path`), but not for the address connected to."""

    port: int
    ca_path: Path
    name: str = "imap.elsewhere.example"


@pytest.fixture
def wrong_name_tls() -> Iterator[WrongNameTls]:
    """A CA of its own, a certificate it issues for imap.elsewhere.example, and a listener
    that greets as IMAP over TLS with it."""
    import threading

    openssl = shutil.which("openssl")
    if openssl is None:
        unavailable("openssl is not installed (needed for the test CA)")
    folder = _service_dir("ajar-ca-", None)
    ca, ca_key = folder / "ca.pem", folder / "ca-key.pem"
    leaf, key, csr, ext = (folder / n for n in ("leaf.pem", "key.pem", "leaf.csr", "ext.cnf"))

    def run(*argv: str) -> None:
        subprocess.run([openssl, *argv], check=True, capture_output=True)

    ec = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes")
    run("req", "-x509", *ec, "-keyout", str(ca_key), "-out", str(ca), "-days", "3",
        "-subj", "/CN=doorajar test CA", "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign")  # fmt: skip
    run("req", "-new", *ec, "-keyout", str(key), "-out", str(csr),
        "-subj", "/CN=imap.elsewhere.example")  # fmt: skip
    ext.write_text(
        "subjectAltName=DNS:imap.elsewhere.example\nbasicConstraints=CA:FALSE\n"
        "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n"
        "authorityKeyIdentifier=keyid\nsubjectKeyIdentifier=hash\n"
    )
    run("x509", "-req", "-in", str(csr), "-CA", str(ca), "-CAkey", str(ca_key),
        "-CAcreateserial", "-out", str(leaf), "-days", "3", "-extfile", str(ext))  # fmt: skip
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(str(leaf), str(key))
    listener = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return  # closed
            with contextlib.suppress(OSError), ctx.wrap_socket(conn, server_side=True) as tls:
                tls.sendall(b"* OK [CAPABILITY IMAP4rev1] ready\r\n")
            conn.close()

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield WrongNameTls(int(listener.getsockname()[1]), ca)
    finally:
        with contextlib.suppress(OSError):
            listener.shutdown(socket.SHUT_RDWR)
        listener.close()
        shutil.rmtree(folder, ignore_errors=True)

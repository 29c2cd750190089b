"""Where mail comes from: an mbox file, a Maildir, .eml files, or an IMAP folder.

Each source streams `Item`s (a stable key and the raw bytes) and tells the scan where
it stopped, so the next scan reads only what is new. Memory stays flat: the mbox reader
splits the file on its own as it reads, and a message larger than `MAX_MESSAGE_BYTES`
keeps only its start (enough to see what it is) while the rest is read past.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import ssl
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import unquote, urlsplit

from doorajar.errors import MailError
from doorajar.mail import secrets
from doorajar.mail.secrets import ENV_IMAP_PASSWORD, KEYRING_SERVICE

if TYPE_CHECKING:
    from doorajar.netpolicy import NetPolicy

MAX_MESSAGE_BYTES = 4 * 1024 * 1024
_FINGERPRINT = 4096
IMAP_BATCH = 200
NO_FOLDER = "There is no folder"  # how the error for a missing IMAP folder begins


@dataclass(frozen=True)
class Item:
    """One message as it sits in its source."""

    key: str  # stable within the source: mbox offset, file name, IMAP UID
    raw: bytes
    truncated: bool = False  # only the start of an oversized message was kept
    done: int = 0  # how far through the source, in `total`'s unit (bytes or messages)
    total: int | None = None
    skipped: str | None = None  # not read, and why (an IMAP source looked at its headers)


@dataclass(frozen=True)
class Progress:
    """Where a source stopped; stored with the source so the next scan resumes there."""

    uidvalidity: int | None = None
    last_uid: int | None = None
    mbox_size: int | None = None
    mbox_offset: int | None = None
    mbox_mtime: float | None = None
    fingerprint: str | None = None
    highestmodseq: int | None = None  # CONDSTORE: the folder's state when last read through
    extra: dict[str, Any] = field(default_factory=dict)


class Source(Protocol):
    """A place to read mail from."""

    uri: str
    kind: str

    def read(self, since: Progress, known: frozenset[str]) -> Iterator[tuple[Item, Progress]]:
        """Yield new items, each with the progress marker valid once it is filed."""
        ...

    def unchanged(self, since: Progress) -> bool:
        """True when nothing can have changed since that marker (no reading needed)."""
        ...


def open_source(spec: str, *, since_date: date | None = None) -> Source:
    """The source a SOURCE argument names, or a clear error saying why it cannot be read."""
    if spec.startswith(("imap://", "imaps://")):
        return ImapSource.from_uri(spec, since_date=since_date)
    path = Path(spec).expanduser()
    if not path.exists():
        raise MailError(f"No such file or folder: {spec}.")
    if path.is_dir():
        if all((path / d).is_dir() for d in ("cur", "new")):
            return MaildirSource(path)
        return EmlFolderSource(path)
    kind = sniff(path)
    if kind == "mbox":
        return MboxSource(path)
    return EmlFileSource(path)


_HEADER_LINE = re.compile(rb"^[!-9;-~]+:[ \t]?", re.M)


def sniff(path: Path) -> str:
    """'mbox' or 'eml' from a file's first bytes; a clear error for anything else."""
    try:
        with path.open("rb") as f:
            head = f.read(4096)
    except OSError as exc:
        raise MailError(f"Cannot read {path}: {exc.strerror}.") from None
    if not head.strip():
        raise MailError(f"{path} is empty: no mail to read.")
    start = head.lstrip(b"\r\n")
    if start.startswith(b"From "):
        return "mbox"
    if b"\x00" in head or _binary_share(head) > 0.1:
        raise MailError(
            f"{path} is a binary file, not mail (give an mbox file, a Maildir, an .eml file "
            "or a folder of them)."
        )
    if _HEADER_LINE.match(start):
        return "eml"
    raise MailError(f"{path} does not look like mail: no mbox 'From ' line and no headers.")


def _binary_share(data: bytes) -> float:
    text = bytes(range(32, 127)) + b"\r\n\t\f\b"
    odd = len(data.translate(None, text))
    # high bytes are normal in 8-bit mail; control bytes are not
    high = sum(1 for b in data if b >= 0x80)
    return (odd - high) / max(1, len(data))


# --- mbox --------------------------------------------------------------------------------

_FROM_LINE = re.compile(rb"From \S+ +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun|\S+@\S+|\d)")


class MboxSource:
    """An mbox file, read as a stream and split on its 'From ' lines."""

    kind = "mbox"

    def __init__(self, path: Path) -> None:
        self.path = path.resolve()
        self.uri = str(self.path)
        self._reached: int | None = None

    def _stat(self) -> os.stat_result:
        try:
            return self.path.stat()
        except OSError as exc:
            raise MailError(f"Cannot read {self.path}: {exc.strerror}.") from None

    def unchanged(self, since: Progress) -> bool:
        """Same size and modification time as after the last scan."""
        st = self._stat()
        return (
            since.mbox_size == st.st_size
            and since.mbox_mtime == st.st_mtime
            and since.mbox_offset == st.st_size
        )

    def _resume_offset(self, since: Progress, size: int) -> int:
        """Where to start: after what was read, if the file only grew since."""
        off = since.mbox_offset
        if off is None or off > size or since.fingerprint is None:
            return 0
        return off if self._fingerprint(off) == since.fingerprint else 0

    def _fingerprint(self, offset: int) -> str:
        with self.path.open("rb") as f:
            f.seek(max(0, offset - _FINGERPRINT))
            return hashlib.sha256(f.read(min(offset, _FINGERPRINT))).hexdigest()[:32]

    def read(self, since: Progress, known: frozenset[str]) -> Iterator[tuple[Item, Progress]]:
        """Messages after the resume point, each with the marker to store once filed."""
        st = self._stat()
        start = self._resume_offset(since, st.st_size)
        self._reached = start
        for offset, end, raw, truncated in iter_mbox(self.path, start):
            self._reached = end
            progress = Progress(
                mbox_size=st.st_size if end >= st.st_size else None,
                mbox_offset=end,
                mbox_mtime=st.st_mtime if end >= st.st_size else None,
            )
            yield Item(str(offset), raw, truncated, end, st.st_size), progress

    def seal(self, p: Progress) -> Progress:
        """The marker with a fingerprint of the bytes before its offset, for resuming."""
        if p.mbox_offset is None:
            return p
        return replace(p, fingerprint=self._fingerprint(p.mbox_offset))

    def final_progress(self) -> Progress:
        """The marker for a file read to its end (mail appended meanwhile is read next time)."""
        st = self._stat()
        reached = st.st_size if self._reached is None else min(self._reached, st.st_size)
        return Progress(
            mbox_size=st.st_size,
            mbox_offset=reached,
            mbox_mtime=st.st_mtime,
            fingerprint=self._fingerprint(reached),
        )


# A line is read in pieces of at most this much: a 300 MB line costs no more memory than a
# short one (only the start of a message is kept anyway).
_PIECE = 1024 * 1024


def iter_mbox(
    path: Path, start: int = 0, *, limit: int = MAX_MESSAGE_BYTES
) -> Iterator[tuple[int, int, bytes, bool]]:
    """(offset, end, raw bytes without the From_ line, truncated) for each message.

    A From_ line starts a message when it follows an empty line (or the start of the
    file), or when it looks like one ('From sender date'); anything before the first
    From_ line is junk and skipped. Lines are read in pieces of at most `_PIECE` bytes
    and a message keeps at most `limit` of them, so memory stays flat on any file."""
    with path.open("rb") as f:
        f.seek(start)
        offset = start
        msg_start: int | None = None
        lines: list[bytes] = []
        size = 0
        truncated = False
        prev_blank = True
        at_line_start = True  # the piece read next begins a line
        in_from_line = False  # the rest of an over-long From_ line is still to come
        while piece := f.readline(_PIECE):
            whole = piece.endswith(b"\n")
            if (
                at_line_start
                and piece.startswith(b"From ")
                and (prev_blank or _FROM_LINE.match(piece))
            ):
                if msg_start is not None:
                    yield msg_start, offset, _finish(lines), truncated
                msg_start, lines, size, truncated = offset, [], 0, False
                in_from_line = not whole
            elif in_from_line:
                in_from_line = not whole
            elif msg_start is not None:
                keep = piece[: max(0, limit - size)]
                if keep:
                    lines.append(keep)
                    size += len(keep)
                truncated = truncated or len(keep) < len(piece)
            offset += len(piece)
            prev_blank = at_line_start and piece in (b"\n", b"\r\n")
            at_line_start = whole
        if msg_start is not None:
            yield msg_start, offset, _finish(lines), truncated


def _finish(lines: list[bytes]) -> bytes:
    """The message's bytes, with mboxrd '>From ' escapes undone."""
    body = b"".join(lines)
    if b"\n>From " in body:
        body = body.replace(b"\n>From ", b"\nFrom ")
    if body.endswith(b"\n\n"):
        body = body[:-1]
    return body


# --- files -------------------------------------------------------------------------------


def _read_file(path: Path, limit: int = MAX_MESSAGE_BYTES) -> tuple[bytes, bool]:
    with path.open("rb") as f:
        data = f.read(limit + 1)
    return data[:limit], len(data) > limit


class EmlFileSource:
    """One .eml file."""

    kind = "eml"

    def __init__(self, path: Path) -> None:
        self.path = path.resolve()
        self.uri = str(self.path)

    def unchanged(self, since: Progress) -> bool:
        """Same modification time and size as last time."""
        st = self.path.stat()
        return since.mbox_mtime == st.st_mtime and since.mbox_size == st.st_size

    def read(self, since: Progress, known: frozenset[str]) -> Iterator[tuple[Item, Progress]]:
        """The file's one message."""
        try:
            raw, cut = _read_file(self.path)
        except OSError as exc:
            raise MailError(f"Cannot read {self.path}: {exc.strerror}.") from None
        yield Item(self.path.name, raw, cut, 1, 1), Progress()

    def final_progress(self) -> Progress:
        """The file's size and mtime."""
        st = self.path.stat()
        return Progress(mbox_size=st.st_size, mbox_mtime=st.st_mtime)


class _FilesSource(ABC):
    """A source made of message files; subclasses say which files."""

    kind = "files"

    def __init__(self, path: Path) -> None:
        self.path = path.resolve()
        self.uri = str(self.path)

    @abstractmethod
    def _files(self) -> list[tuple[str, Path]]:
        """(key, path) of every message file in the source."""

    def unchanged(self, since: Progress) -> bool:
        """Folders are checked file by file (a rename keeps the key)."""
        return False

    def _load(self, path: Path) -> tuple[bytes, bool]:
        """One file's message (and whether it was cut at the size limit)."""
        return _read_file(path)

    def read(self, since: Progress, known: frozenset[str]) -> Iterator[tuple[Item, Progress]]:
        """Files whose key was not filed before."""
        todo = [(key, p) for key, p in self._files() if key not in known]
        for n, (key, p) in enumerate(todo, 1):
            try:
                raw, cut = self._load(p)
            except OSError:
                continue  # vanished between listing and reading (another client moved it)
            yield Item(key, raw, cut, n, len(todo)), Progress()

    def final_progress(self) -> Progress:
        """Nothing to remember beyond the keys themselves."""
        return Progress()


class MaildirSource(_FilesSource):
    """A Maildir: new/ and cur/; a message keeps its key when its flags change."""

    kind = "maildir"

    def _files(self) -> list[tuple[str, Path]]:
        out = []
        for sub in ("new", "cur"):
            folder = self.path / sub
            try:
                names = sorted(os.listdir(folder))
            except OSError as exc:
                raise MailError(f"Cannot read the Maildir {self.path}: {exc.strerror}.") from None
            for name in names:
                if name.startswith("."):
                    continue
                out.append((name.split(":2,", 1)[0], folder / name))
        return out


class EmlFolderSource(_FilesSource):
    """A folder of .eml files (searched recursively)."""

    kind = "folder"

    def _files(self) -> list[tuple[str, Path]]:
        found = sorted(p for p in self.path.rglob("*") if p.suffix.lower() == ".eml")
        if not found:
            raise MailError(
                f"{self.path} has no .eml files and is not a Maildir (no cur/ and new/)."
            )
        return [(str(p.relative_to(self.path)), p) for p in found if p.is_file()]


class EmlxSource(_FilesSource):
    """An Apple Mail mailbox (a `.mbox` folder): one `.emlx` file per message, which is the
    message's length on the first line, the message, then Apple's property list."""

    kind = "emlx"

    def files(self) -> list[tuple[str, Path]]:
        """(key, path) of the mailbox's own message files."""
        return self._files()

    def _files(self) -> list[tuple[str, Path]]:
        found = sorted(p for p in self.path.rglob("*.emlx") if p.is_file())
        # a mailbox inside this one (Sub.mbox) is a source of its own
        own = [
            p
            for p in found
            if not any(d.suffix == ".mbox" for d in p.relative_to(self.path).parents)
        ]
        return [(str(p.relative_to(self.path)), p) for p in own]

    def _load(self, path: Path) -> tuple[bytes, bool]:
        with path.open("rb") as f:
            first = f.readline(64)
            try:
                length = int(first.strip())
            except ValueError:
                length = -1  # no length line: the file is the message
                f.seek(0)
            data = f.read(min(length, MAX_MESSAGE_BYTES + 1) if length >= 0 else -1)
        limit = MAX_MESSAGE_BYTES
        return data[:limit], len(data) > limit or length > limit


# --- mail stores: a profile or library of folders ---------------------------------------

# Folders a store scan passes over: the user's own mail, drafts, and what they threw away.
_SKIP_FOLDER = re.compile(
    r"^\.?(sent|sent items|sent messages|sent mail|drafts?|templates|unsent messages|trash|"
    r"deleted items|deleted messages|junk|junk e-?mail|spam|outbox)(\.mbox)?$",
    re.I,
)


def _is_maildir(path: Path) -> bool:
    return (path / "cur").is_dir() and (path / "new").is_dir()


def expand(spec: str) -> list[str | Source]:
    """The sources a SOURCE argument stands for. A store of folders becomes one source per
    folder, each with its own position: a Maildir++ (the Maildir and its `.Sub` folders),
    a Thunderbird profile or its parent (every mbox file beside its `.msf` index, local
    and IMAP cache alike), Apple Mail's library (each `.mbox` mailbox of `.emlx` files)
    and Apple Mail's `.mbox` exports. Sent, drafts, trash and junk are passed over.
    Anything else stands for itself."""
    if spec.startswith(("imap://", "imaps://")):
        return [spec]
    path = Path(spec).expanduser()
    if not path.is_dir():
        return [spec]
    if _is_maildir(path):
        subs = [
            str(p)
            for p in sorted(path.iterdir())
            if p.name.startswith(".") and not _SKIP_FOLDER.match(p.name) and _is_maildir(p)
        ]
        return [spec, *subs]
    try:
        found: list[str | Source] = [*_thunderbird(path), *_apple_mail(path)]
    except OSError as exc:
        raise MailError(f"Cannot read {path}: {exc.strerror}.") from None
    return found or [spec]


def _skipped(path: Path, root: Path) -> bool:
    """True when the folder or any folder above it (up to `root`) is one to pass over."""
    names = [p.name for p in (path, *path.parents) if p != root and root in p.parents]
    return any(_SKIP_FOLDER.match(n.removesuffix(".sbd")) for n in names)


def _thunderbird(root: Path) -> list[str]:
    """Thunderbird's folders: extensionless mbox files, each beside its `.msf` index."""
    out = []
    for msf in sorted(root.rglob("*.msf")):
        box = msf.with_suffix("")
        if box.is_file() and box.stat().st_size > 0 and not _skipped(box, root):
            out.append(str(box))
    return out


def _apple_mail(root: Path) -> list[str | Source]:
    """Apple Mail's mailboxes (`.mbox` folders of `.emlx` files) and its `.mbox` exports."""
    out: list[str | Source] = []
    boxes = [root] if root.suffix == ".mbox" else []
    boxes += sorted(p for p in root.rglob("*.mbox") if p.is_dir())
    for box in boxes:
        if _skipped(box, root):
            continue
        export = box / "mbox"
        if export.is_file() and export.stat().st_size > 0:
            out.append(str(export))
        else:
            source = EmlxSource(box)
            if source.files():
                out.append(source)
    return out


# --- IMAP --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImapTarget:
    """Where an imap:// or imaps:// URI points."""

    user: str
    host: str
    port: int
    folder: str
    tls: bool
    starttls: bool = False  # plain connection upgraded with STARTTLS before the login
    pin: str | None = None  # a PEM file: trust exactly this certificate (Proton Mail Bridge)

    @property
    def uri(self) -> str:
        """The URI, normalised (no password, ever)."""
        scheme = "imaps" if self.tls else "imap"
        return f"{scheme}://{self.user}@{self.host}:{self.port}/{self.folder}"


def parse_imap_uri(
    uri: str, *, default_folder: str = "INBOX", need_user: bool = True
) -> ImapTarget:
    """imap://USER@HOST[:PORT]/FOLDER (imaps:// for TLS); FOLDER defaults to INBOX.

    The one reader of IMAP addresses: scanning a mailbox and the outbox's Drafts folder
    both use it. A password in the address is refused: it would end up in the database."""
    parts = urlsplit(uri)
    if parts.scheme not in ("imap", "imaps") or not parts.hostname:
        raise MailError(f"An IMAP address is imap://USER@HOST[:PORT]/FOLDER, not '{uri}'.")
    if parts.password:
        raise MailError(
            "Put no password in the IMAP address; set $AJAR_IMAP_PASSWORD or store it in "
            "your keyring."
        )
    if need_user and not parts.username:
        raise MailError(f"An IMAP source is imap://USER@HOST[:PORT]/FOLDER, not '{uri}'.")
    tls = parts.scheme == "imaps"
    try:
        port = parts.port or (993 if tls else 143)
    except ValueError:
        raise MailError(f"The port in '{uri}' is not a number.") from None
    folder = unquote(parts.path.lstrip("/")) or default_folder
    return ImapTarget(unquote(parts.username or ""), parts.hostname, port, folder, tls)


def imap_password(target: ImapTarget) -> str:
    """$AJAR_IMAP_PASSWORD, else the keyring entry ('doorajar', imap://USER@HOST); never stored."""
    pw = secrets.lookup("imap", target.user, target.host, ENV_IMAP_PASSWORD)
    if pw:
        return pw
    raise MailError(
        f"No password for {target.user}@{target.host}: set ${ENV_IMAP_PASSWORD}, or store it "
        f"with `keyring set {KEYRING_SERVICE} "
        f"{secrets.keyring_user('imap', target.user, target.host)}`."
    )


Login = Callable[[Any], None]


def tls_problem(host: str, exc: BaseException) -> str | None:
    """The fix for a TLS failure, in words; None when it was no TLS failure."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        if "match" in str(exc) or "mismatch" in str(exc):
            return (
                f"The certificate of {host} is made out to another name "
                f"({exc.verify_message or 'host name mismatch'}); connect with --host set to "
                "the name the server's certificate was issued for (the one your provider's "
                "settings page gives)."
            )
        return (
            f"The certificate of {host} is not trusted (self-signed or an unknown "
            "authority); point $SSL_CERT_FILE at the server's certificate if you trust it."
        )
    if isinstance(exc, ssl.SSLError):
        return (
            f"TLS with {host} failed ({exc.reason or exc}); check the port: 993 speaks TLS, "
            "143 speaks plain IMAP (with STARTTLS)."
        )
    return None


def pinned_cert(path: str) -> bytes:
    """The DER bytes of the first certificate in a PEM file, or a one-line error."""
    try:
        text = Path(path).expanduser().read_text(encoding="ascii", errors="replace")
    except OSError as exc:
        raise MailError(f"Cannot read the pinned certificate {path}: {exc.strerror}.") from None
    m = re.search(r"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", text, flags=re.S)
    if m is None:
        raise MailError(f"{path} holds no certificate (a PEM file, -----BEGIN CERTIFICATE-----).")
    return ssl.PEM_cert_to_DER_cert(m.group(0))


def _pin_context() -> ssl.SSLContext:
    """TLS that checks nothing by itself: the pinned certificate is compared afterwards."""
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def _check_pin(client: Any, t: ImapTarget) -> None:
    assert t.pin is not None
    want = pinned_cert(t.pin)
    got = client.socket().getpeercert(binary_form=True)
    if got != want:
        with contextlib.suppress(Exception):  # refused: nothing is sent
            client.shutdown()
        raise MailError(
            f"The certificate of {t.host}:{t.port} is not the one pinned in {t.pin}; if the "
            "server (Proton Mail Bridge) made a new one, export it again and pin that file."
        )


def imap_connect(
    target: ImapTarget, login: Login | None = None, policy: NetPolicy | None = None
) -> tuple[Any, bool]:
    """A logged-in IMAPClient and whether CONDSTORE is on; a one-line MailError with the fix
    for a host that does not answer, a TLS failure or a refused login. `login` signs in
    another way than the password (XOAUTH2). With a server's `policy`, only an allowed host
    is contacted, at the one address that was checked (see doorajar.netpolicy)."""
    # lazy: only IMAP needs it
    from imapclient import IMAPClient
    from imapclient.exceptions import LoginError

    t = target
    address, context = t.host, None
    if policy is not None:
        # lazy: server mode only, and it brings httpx with it
        from doorajar.netpolicy import Refused, pinned_tls

        try:
            policy.check_imap_host(t.host)
            address = policy.address(t.host, t.port)
        except Refused as exc:
            raise MailError(exc.message) from None
        context = pinned_tls(t.host)
    password = None if login is not None else imap_password(t)
    pinned = t.pin is not None and (t.tls or t.starttls)
    ctx = _pin_context() if pinned else context
    try:
        client = IMAPClient(address, port=t.port, ssl=t.tls, ssl_context=ctx, timeout=30)
        if t.starttls:
            if b"STARTTLS" not in client.capabilities():
                client.shutdown()
                raise MailError(
                    f"The IMAP server {t.host}:{t.port} does not offer STARTTLS; connect with "
                    "--security ssl (port 993) instead."
                )
            client.starttls(ctx)
        if pinned:
            _check_pin(client, t)
    except (OSError, ssl.SSLError) as exc:
        fix = tls_problem(t.host, exc)
        if fix is not None:
            raise MailError(fix) from None
        raise MailError(
            f"Cannot reach the IMAP server {t.host}:{t.port} ({exc}); check the host name, "
            "the port and your network."
        ) from None
    try:
        if login is not None:
            login(client)
        else:
            client.login(t.user, password)
    except LoginError:
        raise MailError(
            f"The IMAP server {t.host} refused the login for {t.user}; check the user "
            f"name and ${ENV_IMAP_PASSWORD} (or the keyring entry)."
        ) from None
    except OSError as exc:
        raise MailError(f"The IMAP server {t.host} dropped the connection: {exc}.") from None
    condstore = False
    with contextlib.suppress(Exception):  # ENABLE is optional: plain UIDs still work
        if b"CONDSTORE" in client.capabilities():
            client.enable("CONDSTORE")
            condstore = True
    return client, condstore


@dataclass(frozen=True)
class Peek:
    """What an IMAP source sees of a message before it reads it: its Message-ID header and,
    where the server has Gmail's X-GM-EXT-1, its labels (normalised by `gmail_label_set`)."""

    uid: int
    head: bytes
    labels: frozenset[str] | None = None


# Given a batch's peeks, the UIDs not to read, each with why (an account's sync says).
Skip = Callable[[list[Peek]], dict[int, str]]


def gmail_label_set(value: Any) -> frozenset[str]:
    """The labels of an X-GM-LABELS fetch item, as a Takeout's X-Gmail-Labels header names
    them: lower-case, without the backslash of system labels (\\Inbox -> inbox, \\Sent ->
    sent, \\Draft -> draft), user labels decoded from IMAP's modified UTF-7."""
    # lazy: only IMAP needs it
    from imapclient.imap_utf7 import decode

    if value is None:
        return frozenset()
    items = value if isinstance(value, (tuple, list)) else (value,)
    out = set()
    for item in items:
        label = decode(item) if isinstance(item, bytes) else str(item)
        label = label.strip().strip('"').lstrip("\\").strip().lower()
        if label:
            out.add(label)
    return frozenset(out)


class ImapSource:
    """An IMAP folder, read by UID in batches; UIDVALIDITY guards the resume point, and
    HIGHESTMODSEQ (where the server offers CONDSTORE) tells that nothing changed. With
    `skip`, each batch's Message-IDs (and Gmail labels) are looked at first, and what
    `skip` names is passed over unread."""

    kind = "imap"

    def __init__(
        self,
        target: ImapTarget,
        *,
        since_date: date | None = None,
        login: Login | None = None,
        skip: Skip | None = None,
        policy: NetPolicy | None = None,
    ) -> None:
        self.target = target
        self.policy = policy
        self.uri = target.uri
        self.since_date = since_date
        self.client: Any = None
        self.uidvalidity: int | None = None
        self.highestmodseq: int | None = None
        self._login = login
        self._skip = skip
        self._passed: dict[int, str] = {}  # UIDs of this batch `skip` passed over, and why

    @classmethod
    def from_uri(
        cls, uri: str, *, since_date: date | None = None, policy: NetPolicy | None = None
    ) -> ImapSource:
        """Parse the URI; nothing is contacted yet (and with a server's `policy`, only an
        allowed host will be)."""
        return cls(parse_imap_uri(uri), since_date=since_date, policy=policy)

    def unchanged(self, since: Progress) -> bool:
        """True when the server offers CONDSTORE and the folder's UIDVALIDITY and
        HIGHESTMODSEQ are what the last complete read left; the connection stays open for
        the read otherwise."""
        if since.highestmodseq is None or since.uidvalidity is None:
            return False
        self.client = self._connect()
        same = (
            self.highestmodseq is not None
            and self.uidvalidity == since.uidvalidity
            and self.highestmodseq == since.highestmodseq
        )
        if same:
            self.close()
        return same

    def _connect(self) -> Any:
        t = self.target
        client, condstore = imap_connect(t, self._login, self.policy)
        try:
            info = client.select_folder(t.folder, readonly=True)
        except Exception as exc:
            with contextlib.suppress(Exception):  # the answer was already an error
                client.logout()
            raise MailError(
                f"{NO_FOLDER} '{t.folder}' on {t.host} ({_said(exc)}); check its name "
                "(`ajar accounts folders` lists them for a connected account)."
            ) from None
        self.uidvalidity = int(info.get(b"UIDVALIDITY", 0))
        modseq = info.get(b"HIGHESTMODSEQ") if condstore else None
        self.highestmodseq = int(modseq) if modseq else None
        return client

    def read(self, since: Progress, known: frozenset[str]) -> Iterator[tuple[Item, Progress]]:
        """New UIDs (all of them when UIDVALIDITY changed), fetched in batches."""
        client = self.client if self.client is not None else self._connect()
        self.client = client
        try:
            same = since.uidvalidity == self.uidvalidity and since.last_uid is not None
            low = (since.last_uid or 0) + 1 if same else 1
            criteria: list[Any] = ["UID", f"{low}:*"]
            if self.since_date is not None:
                criteria += ["SINCE", self.since_date]
            uids = sorted(u for u in client.search(criteria) if u >= low)
            n = 0
            for i in range(0, len(uids), IMAP_BATCH):
                batch = uids[i : i + IMAP_BATCH]
                for uid, raw, cut in self._fetch(client, batch):
                    n += 1
                    yield (
                        Item(str(uid), raw, cut, n, len(uids), self._passed.get(uid)),
                        Progress(uidvalidity=self.uidvalidity, last_uid=uid),
                    )
        except MailError:
            raise
        except OSError as exc:
            raise MailError(
                f"The IMAP server {self.target.host} dropped the connection mid-scan ({exc}); "
                "what was read so far is kept and the next scan resumes there."
            ) from None
        except Exception as exc:
            if type(exc).__module__.startswith(("imapclient", "imaplib")):
                raise MailError(
                    f"The IMAP server {self.target.host} stopped answering mid-scan ({exc}); "
                    "what was read so far is kept and the next scan resumes there."
                ) from None
            raise
        finally:
            self.close()

    def _peek(self, client: Any, uids: Sequence[int]) -> dict[int, Any]:
        """Each message's size, and for `skip` its Message-ID and Gmail labels; the UIDs
        `skip` passes over are kept in `_passed`."""
        self._passed = {}
        if self._skip is None:
            return dict(client.fetch(uids, ["RFC822.SIZE"]))
        head = "BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"
        gmail = b"X-GM-EXT-1" in client.capabilities()
        seen = dict(client.fetch(uids, ["RFC822.SIZE", head, *(["X-GM-LABELS"] if gmail else [])]))
        peeks = []
        for uid in uids:
            data = seen.get(uid, {})
            raw = next((v for k, v in data.items() if k.startswith(b"BODY[HEADER")), b"")
            labels = gmail_label_set(data.get(b"X-GM-LABELS")) if gmail else None
            peeks.append(Peek(uid, bytes(raw or b""), labels))
        self._passed = self._skip(peeks)
        return seen

    def _fetch(self, client: Any, uids: Sequence[int]) -> Iterator[tuple[int, bytes, bool]]:
        sizes = self._peek(client, uids)
        todo = [u for u in uids if u not in self._passed]
        small = [u for u in todo if sizes.get(u, {}).get(b"RFC822.SIZE", 0) <= MAX_MESSAGE_BYTES]
        big = [u for u in todo if u not in set(small)]
        got: dict[int, tuple[bytes, bool]] = dict.fromkeys(self._passed, (b"", False))
        if small:
            # BODY.PEEK[] reads the whole message without marking it as read
            for uid, data in client.fetch(small, ["BODY.PEEK[]"]).items():
                got[uid] = (bytes(data.get(b"BODY[]") or b""), False)
        if big:
            part = f"BODY.PEEK[]<0.{MAX_MESSAGE_BYTES}>"
            for uid, data in client.fetch(big, [part]).items():
                body = next((v for k, v in data.items() if k.startswith(b"BODY[]")), b"")
                got[uid] = (bytes(body or b""), True)
        for uid in uids:
            if uid in got:
                yield uid, got[uid][0], got[uid][1]

    def final_progress(self) -> Progress:
        """UIDVALIDITY and HIGHESTMODSEQ as seen (the last UID travels with each item)."""
        return Progress(uidvalidity=self.uidvalidity, highestmodseq=self.highestmodseq)

    def close(self) -> None:
        """Log out, quietly if the connection is already gone."""
        if self.client is not None:
            with contextlib.suppress(Exception):  # the connection may already be gone
                self.client.logout()
            self.client = None


def _said(exc: BaseException) -> str:
    text = str(exc).strip().strip("b'\"")
    return text[:200] or type(exc).__name__


def merge_progress(old: Progress, new: Progress) -> Progress:
    """`old` with the fields `new` sets."""
    changes = {k: v for k, v in new.__dict__.items() if v is not None and k != "extra"}
    return replace(old, **changes)


def since_ok(moment: datetime | None, since: date | None) -> bool:
    """True when a message dated `moment` is not older than --since."""
    return since is None or moment is None or moment.date() >= since

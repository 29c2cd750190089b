"""Connected mail accounts: connect one, sync them all, and tidy rejections away.

An account is stored without its secret: the password (or the OAuth2 refresh token) is in
the OS keyring, or in an environment variable on a server. A sync reads each of the
account's folders through the one IMAP source (`sources.ImapSource`), so it resumes by
UIDVALIDITY and UID, skips a folder whose HIGHESTMODSEQ did not move, and shares its
position with `ajar scan imaps://...` of the same folder.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from doorajar.core.unit import Unit
from doorajar.errors import InvalidInput, MailError, NotFound
from doorajar.mail import presets, secrets, sources
from doorajar.mail.oauth import GoogleTokens, OutlookTokens, Tokens
from doorajar.mail.presets import OAUTH2, SSL, STARTTLS
from doorajar.mail.secrets import ENV_IMAP_PASSWORD
from doorajar.mail.service import MailService, ScanReport
from doorajar.store import journal, repo, repo_mail
from doorajar.store.repo_mail import AccountRecord, Move

Progress = Callable[[str, str, int, int | None], None]  # account, folder, done, total


@dataclass(frozen=True)
class ConnectRequest:
    """What `ajar connect` was told (or asked) about an account."""

    provider: str
    user: str
    host: str | None = None
    port: int | None = None
    security: str | None = None
    folders: tuple[str, ...] = ()  # read these too, beside the inbox and job folders
    read_sent: bool = False
    name: str | None = None
    auth: str | None = None
    client_id: str | None = None  # OAuth2: the user's own app registration


@dataclass(frozen=True)
class Connected:
    """An account connected: as stored, every folder on the server, and where the secret is."""

    account: AccountRecord
    server_folders: tuple[str, ...]
    secret_in: str  # "keyring" or the environment variable's name


@dataclass
class AccountSync:
    """What one sync of one account did, folder by folder."""

    account: AccountRecord
    folders: list[tuple[str, ScanReport]] = field(default_factory=list)
    error: str | None = None  # the account could not be read at all

    @property
    def failed(self) -> bool:
        """True when nothing at all could be read from the account."""
        if self.error is not None:
            return True
        return bool(self.folders) and all(r.failed for _, r in self.folders)

    def summary(self) -> str:
        """One line: what the sync read and filed."""
        if self.error is not None:
            return self.error
        if self.failed:
            return next(r.error for _, r in self.folders if r.error)
        read = sum(r.read for _, r in self.folders)
        filed = sum(r.filed for _, r in self.folders)
        review = sum(r.review for _, r in self.folders)
        sent = sum(r.sent for _, r in self.folders)
        text = f"read {read}, filed {filed}, to review {review}"
        if sent:
            text += f", {sent} of your replies logged"
        problems = [r.error for _, r in self.folders if r.error]
        if problems:
            text += f"; {problems[0]}"
        return text


@dataclass(frozen=True)
class TidyPlan:
    """What a tidy will move: (Message-ID, subject, from folder) per message."""

    account: AccountRecord
    folder: str
    messages: tuple[tuple[str, str, str], ...]
    first: bool  # nothing was ever moved on this account: the user is asked first


def target(account: AccountRecord, folder: str) -> sources.ImapTarget:
    """Where one folder of an account is."""
    return sources.ImapTarget(
        account.user,
        account.host,
        account.port,
        folder,
        account.security == SSL,
        account.security == STARTTLS,
    )


def _password_login(user: str, password: str) -> sources.Login:
    def login(client: Any) -> None:
        client.login(user, password)

    return login


class AccountService:
    """Connected accounts: connect, list, sync, tidy."""

    def __init__(self, unit: Unit, mail: MailService) -> None:
        self.unit = unit
        self.mail = mail
        self._tokens: dict[int, Tokens] = {}  # OAuth2 tokens of this run, by account id

    # --- connecting -------------------------------------------------------------------

    def connect(
        self,
        req: ConnectRequest,
        secret: str | None,
        show: Callable[[str], None] | None = None,
    ) -> Connected:
        """Sign in once to check the account and find its folders, then store it; the
        secret goes to the keyring (none given: $AJAR_IMAP_PASSWORD is used, and stored
        nowhere). An OAuth2 account signs in with a device code, which `show` tells the
        user; its tokens go to the keyring."""
        p = presets.preset(req.provider)
        auth = req.auth or p.auth[0]
        if auth not in p.auth:
            raise InvalidInput(f"{p.label} does not accept {auth} sign-in. {p.guide}")
        if auth == OAUTH2 and p.name not in ("outlook", "gmail"):
            raise InvalidInput(
                f"OAuth2 sign-in is there for Outlook, Microsoft 365 and Gmail; {p.label} signs "
                f"in with a password. {p.guide}"
            )
        host = req.host or p.host
        if not host:
            raise InvalidInput("Give the IMAP server with --host (and --port if not 993).")
        security = req.security or p.security
        if security not in (SSL, STARTTLS, presets.PLAIN):
            raise InvalidInput(f"Unknown --security '{security}'; use ssl, starttls or none.")
        user = req.user.strip()
        if not user:
            raise InvalidInput("Give the account's user name (usually your address) with --user.")
        port = req.port or (p.port if req.host is None else (993 if security == SSL else 143))
        draft = AccountRecord(
            0, req.name or user, p.name, user, host, port, security, auth, (), None,
            req.read_sent, None, None,
        )  # fmt: skip
        client_id = ""
        if auth == OAUTH2:
            with self.unit.tx() as s:
                settings = repo.load_settings(s)
            tokens: Tokens
            if p.name == "gmail":
                client_id = (req.client_id or settings.gmail_client_id).strip()
                tokens = GoogleTokens(client_id, secret or "", settings.gmail_authority, user, host)
            else:
                client_id = (req.client_id or settings.outlook_client_id).strip()
                tokens = OutlookTokens(client_id, settings.outlook_authority, user, host)
            tokens.sign_in(show or (lambda _text: None))
            self._tokens[0] = tokens
            login: sources.Login | None = tokens.login
        else:
            login = _password_login(user, secret) if secret else None
            if secret is None and not secrets.lookup("imap", user, host, ENV_IMAP_PASSWORD):
                raise InvalidInput(f"No password given for {user}. {p.guide}")
        listed = _list_folders(target(draft, "INBOX"), login)
        names = [n for n, _ in listed]
        missing = [f for f in req.folders if f not in names]
        if missing:
            raise InvalidInput(
                f"There is no folder '{missing[0]}' on {host}; the folders there are: "
                + ", ".join(names)
                + "."
            )
        sent = next((n for n, flags in listed if b"\\Sent" in flags), None)
        if sent is None:
            sent = next(
                (n for n in names if n.lower() in ("sent", "sent items", "sent mail")), None
            )
        inbox = next((n for n in names if n.upper() == "INBOX"), "INBOX")
        skip = {inbox, *([sent] if sent else []), *(n for n, f in listed if _special(f))}
        chosen = [inbox, *presets.job_folders(names, skip)]
        chosen += [f for f in req.folders if f not in chosen]
        if secret:
            secrets.store("imap", user, host, secret, ENV_IMAP_PASSWORD)
        values = {
            "name": draft.name,
            "provider": p.name,
            "user": user,
            "host": host,
            "port": port,
            "security": security,
            "auth": auth,
            "folders": chosen,
            "sent_folder": sent,
            "read_sent": req.read_sent,
        }
        with self.unit.tx() as s:
            if req.client_id:
                repo.set_setting(s, f"{p.name}_client_id", client_id)
            repo_mail.save_account(s, values, self.unit.now())
            journal.describe(s, summary=f"connected the mail account {draft.name}")
            stored = next(a for a in repo_mail.accounts(s) if a.name == draft.name)
        where = "keyring" if secret or auth == OAUTH2 else "$" + ENV_IMAP_PASSWORD
        signed = self._tokens.pop(0, None)
        if signed is not None:
            self._tokens[stored.id] = signed
        return Connected(stored, tuple(names), where)

    def accounts(self) -> list[AccountRecord]:
        """Every connected account."""
        with self.unit.tx() as s:
            return repo_mail.accounts(s)

    def login(self, a: AccountRecord) -> sources.Login | None:
        """How to sign in to an account: None for its password (env or keyring), else
        XOAUTH2 with a token renewed from the keyring's refresh token. The tokens are
        looked up when a connection signs in, so a missing sign-in is that connection's
        error (one line with the fix), and kept for the rest of the run."""
        if a.auth != OAUTH2:
            return None

        def login(client: Any) -> None:
            tokens = self._tokens.get(a.id)
            if tokens is None:
                with self.unit.tx() as s:
                    settings = repo.load_settings(s)
                if a.provider == "gmail":
                    tokens = GoogleTokens.stored(settings.gmail_authority, a.user, a.host)
                else:
                    tokens = OutlookTokens(
                        settings.outlook_client_id, settings.outlook_authority, a.user, a.host
                    )
                self._tokens[a.id] = tokens
            tokens.login(client)

        return login

    def account(self, name: str | None) -> AccountRecord:
        """The account with this name (or user); None: the only one there is."""
        found = self.accounts()
        if not found:
            raise NotFound("No mail account is connected; `ajar connect` connects one.")
        if name is None:
            if len(found) == 1:
                return found[0]
            raise InvalidInput(
                "Several accounts are connected; name one: " + ", ".join(a.name for a in found)
            )
        for a in found:
            if name in (a.name, a.user):
                return a
        raise NotFound(
            f"No connected account '{name}'; `ajar accounts` lists them: "
            + ", ".join(a.name for a in found)
        )

    def disconnect(self, name: str) -> AccountRecord:
        """Forget an account and remove its secret from the keyring (its mail stays filed)."""
        a = self.account(name)
        with self.unit.tx() as s:
            repo_mail.remove_account(s, a.id)
            journal.describe(s, summary=f"disconnected the mail account {a.name}")
        secrets.forget("imap", a.user, a.host)
        secrets.forget("oauth2", a.user, a.host)
        return a

    def folders(self, name: str | None) -> list[str]:
        """The folders on an account's server."""
        a = self.account(name)
        return [n for n, _ in _list_folders(target(a, "INBOX"), self.login(a))]

    # --- syncing ----------------------------------------------------------------------

    def sync(
        self,
        name: str | None = None,
        *,
        sent: bool = False,
        on_account: Callable[[AccountRecord], None] | None = None,
        on_progress: Progress | None = None,
        on_folder: Callable[[AccountRecord, str, ScanReport], None] | None = None,
    ) -> list[AccountSync]:
        """Read every connected account (or one) incrementally: each of its folders, and its
        Sent folder when asked (`sent`, or the account says so), whose replies are logged
        as touches. An account that cannot be read does not stop the others."""
        chosen = [self.account(name)] if name else self.accounts()
        if not chosen:
            raise NotFound("No mail account is connected; `ajar connect` connects one.")
        out = []
        for a in chosen:
            if on_account is not None:
                on_account(a)
            out.append(
                self.sync_account(a, sent=sent, on_progress=on_progress, on_folder=on_folder)
            )
        return out

    def sync_account(
        self,
        a: AccountRecord,
        *,
        sent: bool = False,
        on_progress: Progress | None = None,
        on_folder: Callable[[AccountRecord, str, ScanReport], None] | None = None,
    ) -> AccountSync:
        """Read one account's folders; see `sync`."""
        result = AccountSync(a)
        todo = [(f, False) for f in a.folders]
        if (sent or a.read_sent) and a.sent_folder:
            todo.append((a.sent_folder, True))
        for folder, outgoing in todo:
            tick = _tick(on_progress, a.name, folder)
            report = self.mail.scan(
                sources.ImapSource(target(a, folder), login=self.login(a)),
                on_progress=tick,
                outgoing=outgoing,
            )
            result.folders.append((folder, report))
            if on_folder is not None:
                on_folder(a, folder, report)
            if report.failed and not (report.error or "").startswith(sources.NO_FOLDER):
                break  # the server or the login failed: the other folders would too
        with self.unit.tx() as s:
            repo_mail.account_synced(s, a.id, self.unit.now(), result.summary())
        return result

    # --- watching ---------------------------------------------------------------------

    def watch(
        self,
        stop: threading.Event,
        on_event: Callable[[WatchEvent], None],
        *,
        name: str | None = None,
        sent: bool = False,
        interval: float = 300.0,
        on_progress: Progress | None = None,
    ) -> None:
        """Sync, then wait for new mail and sync again, until `stop` is set: IMAP IDLE on
        the inbox where the server offers it (renewed every `interval` seconds, which also
        notices a connection that died while the computer slept), else a poll every
        `interval` seconds. A lost connection is retried with a growing pause (1 s doubling
        up to 5 minutes); one account's trouble never stops the others."""
        chosen = [self.account(name)] if name else self.accounts()
        if not chosen:
            raise NotFound("No mail account is connected; `ajar connect` connects one.")
        lock = threading.Lock()  # one sync writes at a time
        threads = [
            threading.Thread(
                target=self._watch_account,
                args=(a, stop, on_event, lock, sent, interval, on_progress),
                name=f"watch {a.name}",
                daemon=True,
            )
            for a in chosen
        ]
        for th in threads:
            th.start()
        for th in threads:
            th.join()

    def _watch_account(
        self,
        a: AccountRecord,
        stop: threading.Event,
        on_event: Callable[[WatchEvent], None],
        lock: threading.Lock,
        sent: bool,
        interval: float,
        on_progress: Progress | None,
    ) -> None:
        pause = BACKOFF_START
        lost = False
        while not stop.is_set():
            try:
                with lock:
                    result = self.sync_account(a, sent=sent, on_progress=on_progress)
                if result.failed:
                    raise MailError(result.summary())
                if lost:
                    on_event(WatchEvent("reconnected", a, "connected again"))
                    lost = False
                on_event(WatchEvent("synced", a, result.summary(), result))
                pause = BACKOFF_START
                watched = target(a, a.folders[0] if a.folders else "INBOX")
                _wait_for_mail(
                    watched, self.login(a), stop, on_event, a, interval, self._position(watched)
                )
            except Exception as exc:  # a lost server or a bug in one message: retry, never stop
                lost = True
                why = exc.message if isinstance(exc, MailError) else f"{type(exc).__name__}: {exc}"
                on_event(WatchEvent("lost", a, f"{why} (trying again in {pause:g} s)"))
                stop.wait(pause)
                pause = min(pause * 2, BACKOFF_MAX)

    def _position(self, t: sources.ImapTarget) -> tuple[int, int] | None:
        """(UIDVALIDITY, last UID) a folder was read to, if it was."""
        with self.unit.tx() as s:
            row = repo_mail.source(s, t.uri)
        if row is None or row.uidvalidity is None or row.last_uid is None:
            return None
        return row.uidvalidity, row.last_uid

    # --- tidying ----------------------------------------------------------------------

    def tidy_plan(self, name: str | None, folder: str) -> TidyPlan:
        """The filed rejections still in the account's folders, to move into `folder`."""
        a = self.account(name)
        if not folder.strip():
            raise InvalidInput("Name the folder to move rejections into.")
        with self.unit.tx() as s:
            wanted = set(repo_mail.filed_rejection_ids(s))
            moved = {m.message_id for m in repo_mail.moves(s, a.id)}
            first = not repo_mail.moves(s, a.id, undone=True)
        found: list[tuple[str, str, str]] = []
        for box in a.folders:
            if box == folder:
                continue
            with _session(target(a, box), self.login(a), readonly=True) as client:
                for mid, subject in _message_ids(client):
                    if mid in wanted and mid not in moved:
                        found.append((mid, subject, box))
        return TidyPlan(a, folder, tuple(found), first)

    def tidy(self, plan: TidyPlan) -> int:
        """Move the planned messages on the server (creating the folder if needed) and
        record each move; never deletes. Returns how many moved."""
        a = plan.account
        moved = 0
        by_folder: dict[str, list[str]] = {}
        for mid, _subject, box in plan.messages:
            by_folder.setdefault(box, []).append(mid)
        for box, mids in by_folder.items():
            with _session(target(a, box), self.login(a), readonly=False) as client:
                if not client.folder_exists(plan.folder):
                    client.create_folder(plan.folder)
                    with contextlib.suppress(Exception):  # subscribing is a courtesy
                        client.subscribe_folder(plan.folder)
                for mid in mids:
                    uids = client.search(["HEADER", "Message-ID", mid])
                    if not uids:
                        continue
                    _move(client, uids, plan.folder)
                    with self.unit.tx() as s:
                        repo_mail.add_move(s, Move(0, a.id, mid, box, plan.folder, self.unit.now()))
                        journal.describe(s, summary=f"moved a rejection to {plan.folder}")
                    moved += 1
        return moved

    def untidy(self, name: str | None) -> int:
        """Put every message tidy moved on this account back where it was; returns how many."""
        a = self.account(name)
        with self.unit.tx() as s:
            done = repo_mail.moves(s, a.id)
        if not done:
            raise NotFound(f"Tidy moved nothing on {a.name} that is not back already.")
        back = 0
        for m in reversed(done):
            with _session(target(a, m.to_folder), self.login(a), readonly=False) as client:
                uids = client.search(["HEADER", "Message-ID", m.message_id])
                if uids:
                    _move(client, uids, m.from_folder)
                    back += 1
            with self.unit.tx() as s:
                repo_mail.move_undone(s, m.id, self.unit.now())
                journal.describe(s, summary=f"moved a message back to {m.from_folder}")
        return back


# --- IMAP helpers ------------------------------------------------------------------------

BACKOFF_START = 1.0
BACKOFF_MAX = 300.0
_IDLE_STEP = 1.0  # how often a waiting IDLE looks whether it was asked to stop


@dataclass(frozen=True)
class WatchEvent:
    """Something `ajar sync --watch` tells: synced, waiting, polling, lost, reconnected."""

    kind: str
    account: AccountRecord
    text: str
    sync: AccountSync | None = None


class ConnectionLost(MailError):
    """The server closed the connection while doorajar waited for new mail."""


def _wait_for_mail(
    t: sources.ImapTarget,
    login: sources.Login | None,
    stop: threading.Event,
    on_event: Callable[[WatchEvent], None],
    a: AccountRecord,
    interval: float,
    position: tuple[int, int] | None,
) -> None:
    """Return when new mail may have come (IDLE said so, or `interval` passed); at once
    when mail came after `position` (UIDVALIDITY, last UID read) and before the IDLE."""
    client, _ = sources.imap_connect(t, login)
    try:
        info = client.select_folder(t.folder, readonly=True)
        if position is not None:
            if int(info.get(b"UIDVALIDITY", 0)) != position[0]:
                return
            last = position[1]
            if any(u > last for u in client.search(["UID", f"{last + 1}:*"])):
                return
        if b"IDLE" not in client.capabilities():
            on_event(WatchEvent("polling", a, f"no IDLE on {t.host}: looking every {interval:g} s"))
            stop.wait(interval)
            return
        client.idle()
        on_event(WatchEvent("waiting", a, f"waiting for new mail in {t.folder} (IDLE)"))
        waited = 0.0
        try:
            while not stop.is_set() and waited < interval:
                started = time.monotonic()
                said = client.idle_check(timeout=_IDLE_STEP)
                spent = time.monotonic() - started
                waited += max(spent, _IDLE_STEP)
                if any(len(r) > 1 and r[1] in (b"EXISTS", b"RECENT") for r in said):
                    return
                if not said and spent < _IDLE_STEP / 2:
                    raise ConnectionLost(f"{t.host} closed the connection")  # EOF, at once
        finally:
            with contextlib.suppress(Exception):  # the connection may be gone already
                client.idle_done()
    finally:
        with contextlib.suppress(Exception):  # the connection may be gone already
            client.logout()


def _tick(
    on_progress: Progress | None, name: str, folder: str
) -> Callable[[int, int | None], None] | None:
    if on_progress is None:
        return None

    def moved(done: int, total: int | None) -> None:
        on_progress(name, folder, done, total)

    return moved


def _special(flags: tuple[bytes, ...]) -> bool:
    """Folders a sync never reads unless told: sent, drafts, trash, junk, all mail."""
    return any(
        f in flags for f in (b"\\Sent", b"\\Drafts", b"\\Trash", b"\\Junk", b"\\All", b"\\Noselect")
    )


def _list_folders(
    t: sources.ImapTarget, login: sources.Login | None
) -> list[tuple[str, tuple[bytes, ...]]]:
    client, _ = sources.imap_connect(t, login)
    try:
        return [(str(name), tuple(flags)) for flags, _delim, name in client.list_folders()]
    except Exception as exc:
        raise MailError(f"{t.host} would not list its folders: {exc}.") from None
    finally:
        with contextlib.suppress(Exception):  # the connection may be gone already
            client.logout()


@contextlib.contextmanager
def _session(
    t: sources.ImapTarget, login: sources.Login | None, *, readonly: bool
) -> Iterator[Any]:
    client, _ = sources.imap_connect(t, login)
    try:
        try:
            client.select_folder(t.folder, readonly=readonly)
        except Exception as exc:
            raise MailError(f"{sources.NO_FOLDER} '{t.folder}' on {t.host} ({exc}).") from None
        yield client
    finally:
        with contextlib.suppress(Exception):  # the connection may be gone already
            client.logout()


def _message_ids(client: Any) -> list[tuple[str, str]]:
    """(Message-ID, subject) of every message in the selected folder."""
    # lazy: the header parser, only for tidying
    from email.parser import BytesHeaderParser
    from email.policy import default

    uids = client.search("ALL")
    if not uids:
        return []
    out = []
    for _uid, data in sorted(
        client.fetch(uids, ["BODY.PEEK[HEADER.FIELDS (MESSAGE-ID SUBJECT)]"]).items()
    ):
        raw = next((v for k, v in data.items() if k.startswith(b"BODY[HEADER")), b"")
        headers = BytesHeaderParser(policy=default).parsebytes(bytes(raw or b""))
        mid = str(headers.get("Message-ID", "")).strip()
        if mid:
            out.append((mid, str(headers.get("Subject", ""))))
    return out


def _move(client: Any, uids: list[int], folder: str) -> None:
    """MOVE where the server has it, else COPY, then flag the originals deleted and expunge
    only those UIDs (UIDPLUS; without it they stay, flagged): nothing goes that was not
    copied first."""
    if b"MOVE" in client.capabilities():
        client.move(uids, folder)
        return
    client.copy(uids, folder)
    client.delete_messages(uids)
    if b"UIDPLUS" in client.capabilities():
        client.uid_expunge(uids)

"""Connected mail accounts: connect one, sync them all, and tidy rejections away.

An account is stored without its secret: the password (or the OAuth2 refresh token) is in
the OS keyring, or in an environment variable on a server. A sync reads each of the
account's folders through the one IMAP source (`sources.ImapSource`), so it resumes by
UIDVALIDITY and UID, skips a folder whose HIGHESTMODSEQ did not move, and shares its
position with `ajar scan imaps://...` of the same folder.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from doorajar.core.unit import Unit
from doorajar.errors import InvalidInput, MailError, NotFound
from doorajar.mail import presets, secrets, sources
from doorajar.mail.oauth import GoogleTokens, OutlookTokens, Tokens
from doorajar.mail.parse import header_message_id
from doorajar.mail.presets import OAUTH2, SSL, STARTTLS
from doorajar.mail.secrets import ENV_IMAP_PASSWORD
from doorajar.mail.service import MailService, ScanReport, label_aside, own_mail
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
    cert: str | None = None  # Proton Mail Bridge: the certificate it exported, to pin


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


def target(account: AccountRecord, folder: str, pin: str | None = None) -> sources.ImapTarget:
    """Where one folder of an account is; `pin`: the one certificate its server may show."""
    return sources.ImapTarget(
        account.user,
        account.host,
        account.port,
        folder,
        account.security == SSL,
        account.security == STARTTLS,
        pin or None,
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
        if req.cert is not None and p.name != "proton":
            raise InvalidInput(
                "--cert pins the certificate of Proton Mail Bridge; other servers have one "
                "from an authority (or point $SSL_CERT_FILE at theirs)."
            )
        with self.unit.tx() as s:
            pin = req.cert or (
                repo.load_settings(s).proton_bridge_cert if p.name == "proton" else ""
            )
        if req.cert is not None:
            sources.pinned_cert(req.cert)  # readable, and a certificate
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
        listed = _list_folders(target(draft, "INBOX", pin), login)
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
        everything = next((n for n, flags in listed if b"\\All" in flags), None)
        if p.name == "gmail" and everything is not None:
            chosen = [everything]  # every message once, whatever its labels
        else:
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
            if req.cert is not None:
                repo.set_setting(s, "proton_bridge_cert", str(Path(req.cert).expanduser()))
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

    def _target(self, a: AccountRecord, folder: str) -> sources.ImapTarget:
        """Where one folder of an account is, with Proton Mail Bridge's pinned certificate."""
        pin = None
        if a.provider == "proton":
            with self.unit.tx() as s:
                pin = repo.load_settings(s).proton_bridge_cert
        return target(a, folder, pin)

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
        return [n for n, _ in _list_folders(self._target(a, "INBOX"), self.login(a))]

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
                sources.ImapSource(
                    self._target(a, folder), login=self.login(a), skip=self._skipper(outgoing)
                ),
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

    def _skipper(self, outgoing: bool) -> sources.Skip:
        """What a sync passes over unread, on a message's headers: a message read already
        (the same Message-ID in another folder: Gmail shows one message in each of its
        labels), and, on Gmail (X-GM-LABELS), what a Takeout's labels set aside too:
        spam, trash, chat and drafts, and outside the Sent folder the user's own mail."""

        def skip(peeks: list[sources.Peek]) -> dict[int, str]:
            ids = {p.uid: header_message_id(p.head) for p in peeks}
            with self.unit.tx() as s:
                known = repo_mail.known_ids(s, [m for m in ids.values() if m])
            out: dict[int, str] = {}
            for p in peeks:
                labels = p.labels or frozenset()
                aside = label_aside(labels)
                if aside is not None:
                    out[p.uid] = aside
                elif not outgoing and own_mail(labels):
                    out[p.uid] = "your own mail, labelled Sent in Gmail (`--sent` reads it)"
                elif ids[p.uid] in known:
                    out[p.uid] = "read already (in another folder or an earlier sync)"
            return out

        return skip

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
        every folder the account reads where the server offers it (one connection per
        folder, at most `MAX_IDLE`; further folders are read on every renewal), renewed
        every `interval` seconds, which also notices a connection that died while the
        computer slept; without IDLE, a poll every `interval` seconds. A lost connection
        is retried with a growing pause (1 s doubling up to 5 minutes); one account's
        trouble never stops the others."""
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
                folders = list(a.folders or ("INBOX",))
                if (sent or a.read_sent) and a.sent_folder:
                    folders.append(a.sent_folder)
                watched = [self._target(a, f) for f in folders]
                _wait_for_mail(
                    watched,
                    self.login(a),
                    stop,
                    lambda kind, text: on_event(WatchEvent(kind, a, text)),
                    interval,
                    [self._position(t) for t in watched],
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
            with _session(self._target(a, box), self.login(a), readonly=True) as client:
                for mid, subject in _message_ids(client):
                    if mid in wanted and mid not in moved:
                        found.append((mid, subject, box))
        return TidyPlan(a, folder, tuple(found), first)

    def tidy(self, plan: TidyPlan) -> int:
        """Move the planned messages on the server (creating the folder if needed) and
        record each move; never deletes. Returns how many moved."""
        with self.unit.grouped("tidy"):  # one entry of the history: `ajar undo` takes it back
            return self._tidy(plan)

    def _tidy(self, plan: TidyPlan) -> int:
        a = plan.account
        moved = 0
        by_folder: dict[str, list[str]] = {}
        for mid, _subject, box in plan.messages:
            by_folder.setdefault(box, []).append(mid)
        for box, mids in by_folder.items():
            with _session(self._target(a, box), self.login(a), readonly=False) as client:
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
        with self.unit.grouped("tidy"):
            for m in reversed(done):
                back += self._put(a, m.to_folder, [m.message_id], m.from_folder)
                with self.unit.tx() as s:
                    repo_mail.move_undone(s, m.id, self.unit.now())
                    journal.describe(s, summary=f"moved a message back to {m.from_folder}")
        return back

    def _put(self, a: AccountRecord, box: str, mids: list[str], to: str) -> int:
        """Move these messages (by Message-ID) from `box` to `to` on the server; those no
        longer in `box` are left alone. Returns how many moved."""
        moved = 0
        with _session(self._target(a, box), self.login(a), readonly=False) as client:
            for mid in mids:
                uids = client.search(["HEADER", "Message-ID", mid])
                if uids:
                    _move(client, uids, to)
                    moved += 1
        return moved

    def before_undo(self, *, kind: str | None = None, expect: int | None = None) -> int:
        """Before `ajar undo` takes back a tidy (or a tidy --undo), put the messages it moved
        on the server where they were before it: back, or out again. Nothing happens when
        the change undo takes back moved no mail, or when undo will refuse it. A server
        that cannot be reached stops the undo with one line, before anything is undone;
        trying again is safe (a message already where it belongs is left alone). Returns
        how many messages moved."""
        with self.unit.tx(record=False) as s:
            live = [o for o in journal.operations(s) if o.undone_at is None and not o.automatic]
            if not live:
                return 0
            newest = live[0]
            if (expect is not None and newest.group_id != expect) or (
                kind is not None and newest.kind != kind
            ):
                return 0  # undo refuses it, and says why
            ways: dict[int, bool] = {}  # move id -> True: back where it was, False: out again
            for op in journal.group(s, newest.group_id):
                for c in journal.changes(s, op.id):
                    if c.tbl != "mail_moves":
                        continue
                    key = json.loads(c.pk).get("id")
                    if c.kind == "I":
                        ways[key] = True
                    elif c.kind == "U" and "undone_at" in json.loads(c.before or "{}"):
                        ways.setdefault(key, False)
            if not ways:
                return 0
            accounts = {a.id: a for a in repo_mail.accounts(s)}
            made = [
                m
                for a in accounts.values()
                for m in repo_mail.moves(s, a.id, undone=True)
                if m.id in ways
            ]
        todo: dict[tuple[int, str, str], list[str]] = {}
        for m in made:
            start, end = (
                (m.to_folder, m.from_folder) if ways[m.id] else (m.from_folder, m.to_folder)
            )
            todo.setdefault((m.account_id, start, end), []).append(m.message_id)
        moved = 0
        try:
            for (account_id, start, end), mids in todo.items():
                moved += self._put(accounts[account_id], start, mids, end)
        except Exception as exc:  # the server, the login or the folder: nothing is undone
            why = exc.message if isinstance(exc, MailError) else f"{type(exc).__name__}: {exc}"
            raise MailError(
                f"Nothing was undone, as the mail could not be moved back on the server: {why} "
                "Undo again once the server answers."
            ) from None
        return moved


# --- IMAP helpers ------------------------------------------------------------------------

BACKOFF_START = 1.0
BACKOFF_MAX = 300.0
_IDLE_STEP = 1.0  # how often a waiting IDLE looks whether it was asked to stop
# IDLE connections one account keeps open at most: Gmail allows 15 at once, and a sync,
# a phone and a mail program need some of them too.
MAX_IDLE = 8


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
    targets: list[sources.ImapTarget],
    login: sources.Login | None,
    stop: threading.Event,
    say: Callable[[str, str], None],
    interval: float,
    positions: list[tuple[int, int] | None],
) -> None:
    """Return when new mail may have come into one of the folders (IDLE said so, or
    `interval` passed), or at once when mail came after a folder's position (UIDVALIDITY,
    last UID read) and before its IDLE began. One connection IDLEs on each of the first
    `MAX_IDLE` folders; a server without IDLE is polled every `interval` seconds."""
    client, _ = sources.imap_connect(targets[0], login)
    try:
        idle = b"IDLE" in client.capabilities()
    finally:
        with contextlib.suppress(Exception):  # the connection may be gone already
            client.logout()
    host = targets[0].host
    if not idle:
        minutes = f"{interval / 60:g} min" if interval >= 60 else f"{interval:g} s"
        say("polling", f"no IDLE on {host}: looking for new mail every {minutes}")
        stop.wait(interval)
        return
    watched = targets[:MAX_IDLE]
    done = threading.Event()  # the wait is over: every IDLE ends
    wake = threading.Event()  # something came, or a connection was lost
    ready = [threading.Event() for _ in watched]
    trouble: list[BaseException] = []

    def wait_in(n: int) -> None:
        try:
            if _idle(watched[n], login, positions[n], ready[n], done):
                wake.set()
        except BaseException as exc:  # handed to the account's loop, which reconnects
            trouble.append(exc)
            wake.set()
        finally:
            ready[n].set()

    threads = [
        threading.Thread(target=wait_in, args=(n,), name=f"idle {t.folder}", daemon=True)
        for n, t in enumerate(watched)
    ]
    for th in threads:
        th.start()
    started = time.monotonic()
    try:
        told = False
        while not (stop.is_set() or wake.is_set()) and time.monotonic() - started < interval:
            if not told and all(r.is_set() for r in ready):
                names = ", ".join(t.folder for t in watched)
                rest = len(targets) - len(watched)
                extra = f"; {rest} more folders every {interval:g} s" if rest else ""
                say("waiting", f"waiting for new mail in {names} (IDLE){extra}")
                told = True
            wake.wait(_IDLE_STEP / 4 if not told else _IDLE_STEP)
    finally:
        done.set()
        for th in threads:
            th.join(_IDLE_STEP * 5 + 30)
    if trouble:
        raise trouble[0]


def _idle(
    t: sources.ImapTarget,
    login: sources.Login | None,
    position: tuple[int, int] | None,
    ready: threading.Event,
    done: threading.Event,
) -> bool:
    """IDLE on one folder until `done`; True as soon as new mail is there."""
    client, _ = sources.imap_connect(t, login)
    try:
        info = client.select_folder(t.folder, readonly=True)
        if position is not None:
            if int(info.get(b"UIDVALIDITY", 0)) != position[0]:
                return True
            last = position[1]
            if any(u > last for u in client.search(["UID", f"{last + 1}:*"])):
                return True
        client.idle()
        ready.set()
        try:
            while not done.is_set():
                started = time.monotonic()
                said = client.idle_check(timeout=_IDLE_STEP)
                spent = time.monotonic() - started
                if any(len(r) > 1 and r[1] in (b"EXISTS", b"RECENT") for r in said):
                    return True
                if not said and spent < _IDLE_STEP / 2:
                    raise ConnectionLost(f"{t.host} closed the connection")  # EOF, at once
        finally:
            with contextlib.suppress(Exception):  # the connection may be gone already
                client.idle_done()
    finally:
        with contextlib.suppress(Exception):  # the connection may be gone already
            client.logout()
    return False


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

"""`ajar connect`, `ajar accounts`, `ajar sync` and `ajar accounts tidy` against a real
Dovecot on loopback, with secrets in a file-based test keyring."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends import fail

from tests.helpers import NOW, Cli
from tests.scan_helpers import companies, received
from tests.servers import (  # noqa: F401
    DovecotServer,
    TcpProxy,
    WrongNameTls,
    dovecot,
    dovecot_no_idle,
    free_port,
    imap_account,
    tls_cert,
    wrong_name_tls,
)

pytestmark = pytest.mark.imap


@pytest.fixture
def imap(imap_account: DovecotServer) -> DovecotServer:  # noqa: F811
    """The Dovecot test user, with an empty INBOX, Drafts and Sent."""
    return imap_account


def rejection(n: int, company: str = "Quasar Bio", *, days_ago: float = 2) -> bytes:
    domain = company.split()[0].lower()
    return (
        f"From: Dana Li <dana@{domain}.example>\r\nTo: jordan@example.org\r\n"
        f"Subject: Your application for Data Engineer at {company}\r\n"
        f"Date: {format_datetime(NOW - timedelta(days=days_ago))}\r\n"
        f"Message-ID: <rej{n}@{domain}.example>\r\n\r\n"
        "Hi Jordan,\r\n\r\nThank you for taking the time to interview with our team last "
        f"week. After careful consideration we have decided not to move forward with your "
        f"application for the Data Engineer role at {company}. We enjoyed meeting you and "
        "wish you the best in your search.\r\n\r\nBest regards,\r\nDana Li\r\nRecruiter, "
        f"{company}\r\n"
    ).encode()


def reply_to(n: int, company: str = "Quasar Bio") -> bytes:
    domain = company.split()[0].lower()
    return (
        f"From: Jordan <jordan@example.org>\r\nTo: Dana Li <dana@{domain}.example>\r\n"
        f"Subject: Re: Your application for Data Engineer at {company}\r\n"
        f"Date: {format_datetime(NOW - timedelta(days=1))}\r\n"
        f"Message-ID: <reply{n}@example.org>\r\nIn-Reply-To: <rej{n}@{domain}.example>\r\n"
        f"References: <rej{n}@{domain}.example>\r\n\r\n"
        "Hi Dana,\r\n\r\nThank you for letting me know, and for the team's time.\r\n"
    ).encode()


def connect(cli: Cli, server: DovecotServer, *extra: str, port: int | None = None) -> str:
    return cli.ok(
        "connect", "other", "--host", server.host, "--port", str(port or server.port),
        "--security", "none", "--user", server.user, "--password-stdin", *extra,
        input=server.password + "\n",
    )  # fmt: skip


def test_connect_finds_the_folders_and_keeps_the_password_only_in_the_keyring(
    cli: Cli, imap: DovecotServer, vault: Path, home: Path
) -> None:
    imap.create_folder("Job search")
    imap.create_folder("Holidays")
    out = connect(cli, imap)
    assert "reads: INBOX, Job search" in out
    assert "sent mail: Sent (read with `ajar sync --sent`)" in out
    listed = json.loads(cli.ok("accounts", "--json"))
    assert [(a["name"], a["folders"], a["sent_folder"]) for a in listed] == [
        ("jordan", ["INBOX", "Job search"], "Sent")
    ]
    assert json.loads(vault.read_text()) == {
        "doorajar": {f"imap://jordan@{imap.host}": imap.password}
    }
    imap.append(received(1), folder="Job search")
    imap.append(rejection(1))
    r = cli("sync")
    assert r.exit_code == 0, r.stderr
    assert "jordan: read 2, filed 2, to review 0" in r.stderr
    assert companies(cli) == ["Quasar Bio", "Zephyr Labs"]
    listed = json.loads(cli.ok("accounts", "--json"))
    assert listed[0]["last_result"] == "read 2, filed 2, to review 0"
    # the secret is nowhere in doorajar's data: not the database, not the home, no export
    secret = imap.password.encode()
    for f in home.rglob("*"):
        if f.is_file():
            assert secret not in f.read_bytes(), f
    assert imap.password not in cli.ok("export", "--json")
    assert imap.password not in cli.ok("export", "--csv")
    assert imap.password not in cli.ok("export", "--csv", "--history")
    assert imap.password not in cli.ok("history")


def test_sync_reads_only_what_is_new_and_skips_an_unchanged_folder(
    cli: Cli, imap: DovecotServer, vault: Path
) -> None:
    connect(cli, imap)
    imap.append(received(1))
    assert "INBOX: read 1, filed 1" in cli("sync").stderr
    # CONDSTORE: the folder's HIGHESTMODSEQ did not move, so nothing is searched
    assert "INBOX: unchanged since the last sync" in cli("sync").stderr
    imap.append(received(2, "Bluefin Tech"))
    r = cli("sync")
    assert "INBOX: read 1, filed 1" in r.stderr
    assert companies(cli) == ["Bluefin Tech", "Zephyr Labs"]
    # `ajar scan` of the same folder shares the position
    assert "read 0, new 0" in cli("scan", imap.url()).stderr or (
        "unchanged" in cli("scan", imap.url()).stderr
    )


def test_sent_mail_is_read_only_when_asked_and_logs_replies_as_touches(
    cli: Cli, imap: DovecotServer, vault: Path
) -> None:
    connect(cli, imap)
    imap.append(rejection(7))
    imap.append(reply_to(7), folder="Sent")
    cli.ok("sync")
    app = json.loads(cli.ok("show", "Quasar Bio", "--json"))
    assert not [t for t in app["touches"] if t["direction"] == "out"]
    reply = [a for a in app["actions"] if a["kind"] == "reply"]
    assert reply
    assert reply[0]["status"] == "pending"
    r = cli("sync", "--sent")
    assert r.exit_code == 0, r.stderr
    assert "Sent: read 1, filed 0, to review 0, 1 of your replies logged" in r.stderr
    app = json.loads(cli.ok("show", "Quasar Bio", "--json"))
    out = [t for t in app["touches"] if t["direction"] == "out"]
    assert [t["subject"] for t in out] == ["Re: Your application for Data Engineer at Quasar Bio"]
    assert [a["status"] for a in app["actions"] if a["kind"] == "reply"] == ["done"]
    r = cli("sync", "--sent")  # read once
    assert "replies logged" not in r.stderr


def test_bad_input_gets_one_line_with_the_fix(
    cli: Cli, imap: DovecotServer, vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = ["connect", "other", "--host", "127.0.0.1", "--user", imap.user]
    # wrong password
    r = cli(*base, "--port", str(imap.port), "--security", "none", "--password-stdin",
            input="not-it\n")  # fmt: skip
    assert r.exit_code == 1
    assert r.stderr.count("\n") == 1
    assert "refused the login for jordan" in r.stderr
    # a host that does not answer
    r = cli(*base, "--port", str(free_port()), "--security", "none", "--password-stdin",
            input="x\n")  # fmt: skip
    assert r.exit_code == 1
    assert r.stderr.startswith("ajar: Cannot reach the IMAP server 127.0.0.1")
    assert "check the host name, the port and your network" in r.stderr
    # TLS with a self-signed certificate nobody said to trust
    r = cli(*base, "--port", str(imap.imaps_port), "--password-stdin", input="x\n")
    assert r.exit_code == 1
    assert "is not trusted (self-signed or an unknown authority)" in r.stderr
    assert "$SSL_CERT_FILE" in r.stderr
    # TLS spoken to a plain port
    r = cli(*base, "--port", str(imap.port), "--security", "ssl", "--password-stdin",
            input="x\n")  # fmt: skip
    assert r.exit_code == 1
    assert "check the port" in r.stderr
    # a folder that does not exist
    r = cli(*base, "--port", str(imap.port), "--security", "none", "--folder", "Jobz",
            "--password-stdin", input=imap.password + "\n")  # fmt: skip
    assert r.exit_code == 1
    assert "There is no folder 'Jobz'" in r.stderr
    assert "INBOX" in r.stderr
    # no keyring on this machine
    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]
    r = cli(*base, "--port", str(imap.port), "--security", "none",
            "--password-stdin", input=imap.password + "\n")  # fmt: skip
    assert r.exit_code == 1
    assert "no keyring on this machine" in r.stderr
    assert "$AJAR_IMAP_PASSWORD" in r.stderr
    assert json.loads(cli.ok("accounts", "--json")) == []  # nothing half-connected
    assert "Traceback" not in r.stderr
    # on a server: the password in the environment, nothing stored
    monkeypatch.setenv("AJAR_IMAP_PASSWORD", imap.password)
    out = cli.ok(*base, "--port", str(imap.port), "--security", "none")
    assert "password: in $AJAR_IMAP_PASSWORD" in out


def test_one_account_failing_does_not_stop_the_others(
    cli: Cli, imap: DovecotServer, vault: Path
) -> None:
    connect(cli, imap)
    imap.append(received(1))
    cli.ok("sync")
    imap.append(received(2, "Bluefin Tech"))
    # a second account whose server is gone
    proxy = TcpProxy(imap.port)
    connect(cli, imap, "--name", "old", port=proxy.port)
    proxy.close()
    r = cli("sync")
    assert r.exit_code == 0  # something was read
    assert "old: Cannot reach the IMAP server" in r.stderr
    assert "jordan: read 1, filed 1" in r.stderr
    assert companies(cli) == ["Bluefin Tech", "Zephyr Labs"]
    r = cli("sync", "old")
    assert r.exit_code == 1  # nothing could be read
    assert companies(cli) == ["Bluefin Tech", "Zephyr Labs"]  # what was filed stays filed


def test_tidy_moves_filed_rejections_and_undo_puts_them_back(
    cli: Cli, imap: DovecotServer, vault: Path
) -> None:
    connect(cli, imap)
    imap.append(rejection(1))
    imap.append(received(2))
    cli.ok("sync")
    # the first tidy asks: without a terminal and without --yes nothing moves
    r = cli("accounts", "tidy", "--move-rejections", "Job search/Rejections")
    assert r.exit_code == 1
    assert "1 rejection to move into Job search/Rejections:" in r.stdout
    assert "INBOX: Your application for Data Engineer at Quasar Bio" in r.stdout
    assert "Nothing moved" in r.stderr
    assert len(imap.fetch_all()) == 2
    out = cli.ok("accounts", "tidy", "--move-rejections", "Job search/Rejections", "--yes")
    assert "Moved 1 into Job search/Rejections" in out
    inbox = imap.fetch_all()
    moved = imap.fetch_all("Job search/Rejections")
    assert len(inbox) == 1
    assert b"Application received" in inbox[0]
    assert len(moved) == 1
    assert b"<rej1@quasar.example>" in moved[0]
    assert "Nothing to move" in cli.ok("accounts", "tidy", "--move-rejections",
                                       "Job search/Rejections")  # fmt: skip
    out = cli.ok("accounts", "tidy", "--undo")
    assert "Put 1 message back in the folder it came from." in out
    assert len(imap.fetch_all()) == 2
    assert imap.fetch_all("Job search/Rejections") == []
    # the next sync does not file it twice
    r = cli("sync")
    assert "filed 0" in r.stderr


def test_watch_files_new_mail_as_it_arrives_and_reconnects(
    cli: Cli, imap: DovecotServer, vault: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a poison message: reading it is fine, filing it blows up
    from doorajar.mail import filing

    real = filing.file_message

    def choke(*args: Any, **kwargs: Any) -> Any:
        if "Poison" in args[3].subject:
            raise RuntimeError("filing choked")
        return real(*args, **kwargs)

    monkeypatch.setattr("doorajar.mail.service.file_message", choke)
    proxy = TcpProxy(imap.port)
    connect(cli, imap, port=proxy.port)
    # lazy import: the tracker is opened like the CLI does, on the test's home
    from doorajar.config import resolve
    from doorajar.mail.accounts import WatchEvent
    from doorajar.service import Tracker

    tracker = Tracker.open(resolve(str(home), None))
    stop = threading.Event()
    waiting, filed, lost, reconnected = (threading.Event() for _ in range(4))
    seen: list[str] = []

    def said(e: WatchEvent) -> None:
        seen.append(f"{e.kind}: {e.text}")
        if e.kind == "waiting":
            waiting.set()
        elif e.kind == "lost":
            lost.set()
        elif e.kind == "reconnected":
            reconnected.set()
        elif e.kind == "synced" and e.sync and any(r.filed for _, r in e.sync.folders):
            filed.set()

    watcher = threading.Thread(
        target=tracker.accounts.watch, args=(stop, said), kwargs={"interval": 60}, daemon=True
    )
    watcher.start()
    try:
        assert waiting.wait(30), seen
        waiting.clear()
        imap.append(rejection(9).replace(b"Subject: Your", b"Subject: Poison: your"))
        imap.append(received(1))
        assert filed.wait(30), seen
        filed.clear()
        assert waiting.wait(30), seen
        # the network goes away while it waits in IDLE, and comes back
        waiting.clear()
        proxy.drop()
        assert lost.wait(30), seen
        assert reconnected.wait(30), seen
        assert waiting.wait(30), seen
        imap.append(received(2, "Bluefin Tech"))
        assert filed.wait(30), seen
    finally:
        stop.set()
        watcher.join(30)
        proxy.close()
        tracker.close()
    assert not watcher.is_alive()
    assert companies(cli) == ["Bluefin Tech", "Zephyr Labs"]
    held = cli.ok("review")
    assert "Poison: your application for Data Engineer at Quasar Bio" in held
    assert "filing choked" in held


def test_gmail_reads_all_mail_once_and_never_sent_or_trash(
    cli: Cli, imap: DovecotServer, vault: Path
) -> None:
    # Dovecot's folder "Everything" has the \\All flag, as Gmail's [Gmail]/All Mail does
    imap.create_folder("Everything")
    imap.create_folder("Jobs")
    imap.append(rejection(1))
    imap.append(rejection(1), folder="Everything")
    imap.append(rejection(1), folder="Jobs")  # the same message under a second label
    imap.append(received(2, "Bluefin Tech"), folder="Everything")
    imap.append(received(4, "Delta Corp"))  # in the inbox only: not Gmail's way, not read
    imap.append(reply_to(1), folder="Sent")
    imap.append(rejection(3, "Corvid Systems"), folder="Trash")
    out = cli.ok(
        "connect", "gmail", "--host", imap.host, "--port", str(imap.port), "--security", "none",
        "--user", imap.user, "--password-stdin", "--folder", "Jobs", input=imap.password + "\n",
    )  # fmt: skip
    assert "reads: Everything, Jobs" in out
    assert "sent mail: Sent (read with `ajar sync --sent`)" in out
    r = cli("sync")
    assert r.exit_code == 0, r.stderr
    assert "Everything: read 2, filed 2, to review 0" in r.stderr
    assert "Jobs: read 0, filed 0, to review 0; 1 read already" in r.stderr
    assert companies(cli) == ["Bluefin Tech", "Quasar Bio"]
    app = json.loads(cli.ok("show", "Quasar Bio", "--json"))
    assert not [t for t in app["touches"] if t["direction"] == "out"]  # Sent was not read
    r = cli("sync", "--sent")
    assert "Sent: read 1, filed 0, to review 0, 1 of your replies logged" in r.stderr


def test_gmail_labels_are_read_from_the_fetch_response_and_set_mail_aside(
    home: Path,
) -> None:
    # Dovecot has no X-GM-EXT-1: Gmail's answer to FETCH (X-GM-LABELS) is parsed as is
    from imapclient.response_parser import parse_fetch_response

    from doorajar.config import resolve
    from doorajar.mail.sources import Peek, gmail_label_set
    from doorajar.service import Tracker

    said = [
        b'1 (X-GM-LABELS (\\Inbox "Job search" &AMk-coles) UID 11)',
        b"2 (X-GM-LABELS (\\Sent) UID 12)",
        b'3 (X-GM-LABELS ("\\\\Draft") UID 13)',
        b"4 (X-GM-LABELS (\\Inbox \\Sent) UID 14)",
        b"5 (X-GM-LABELS () UID 15)",
    ]
    got = {uid: gmail_label_set(d[b"X-GM-LABELS"]) for uid, d in parse_fetch_response(said).items()}
    assert got == {
        11: {"inbox", "job search", "écoles"},
        12: {"sent"},
        13: {"draft"},
        14: {"inbox", "sent"},
        15: frozenset(),
    }
    tracker = Tracker.open(resolve(str(home), None))
    try:
        head = b"Message-ID: <fresh@acme.example>\r\n"
        peeks = [Peek(uid, head, labels) for uid, labels in got.items()]
        skip = tracker.accounts._skipper(outgoing=False)(peeks)
        assert skip == {
            12: "your own mail, labelled Sent in Gmail (`--sent` reads it)",
            13: "labelled spam, trash, chat or draft in Gmail",
        }
        assert list(tracker.accounts._skipper(outgoing=True)(peeks)) == [13]  # Sent is read
    finally:
        tracker.close()


def _watch(
    home: Path, interval: float
) -> tuple[Any, threading.Event, dict[str, threading.Event], list[str], threading.Thread]:
    """`ajar sync --watch` on a thread, with an event per kind of line it says."""
    # lazy import: the tracker is opened like the CLI does, on the test's home
    from doorajar.config import resolve
    from doorajar.mail.accounts import WatchEvent
    from doorajar.service import Tracker

    tracker = Tracker.open(resolve(str(home), None))
    stop = threading.Event()
    events = {k: threading.Event() for k in ("waiting", "polling", "filed", "lost")}
    seen: list[str] = []

    def said(e: WatchEvent) -> None:
        seen.append(f"{e.kind}: {e.text}")
        if e.kind in events:
            events[e.kind].set()
        if e.kind == "synced" and e.sync and any(r.filed for _, r in e.sync.folders):
            events["filed"].set()

    watcher = threading.Thread(
        target=tracker.accounts.watch,
        args=(stop, said),
        kwargs={"interval": interval},
        daemon=True,
    )
    watcher.start()
    return tracker, stop, events, seen, watcher


def test_watch_idles_on_every_folder_it_reads(
    cli: Cli, imap: DovecotServer, vault: Path, home: Path
) -> None:
    imap.create_folder("Job search")
    connect(cli, imap)
    tracker, stop, events, seen, watcher = _watch(home, 60)
    try:
        assert events["waiting"].wait(30), seen
        assert "waiting for new mail in INBOX, Job search (IDLE)" in seen[-1]
        imap.append(received(1), folder="Job search")  # not the inbox: its own IDLE sees it
        assert events["filed"].wait(30), seen
    finally:
        stop.set()
        watcher.join(30)
        tracker.close()
    assert not watcher.is_alive()
    assert companies(cli) == ["Zephyr Labs"]


def test_watch_polls_a_server_without_idle(
    cli: Cli,
    dovecot_no_idle: DovecotServer,  # noqa: F811
    vault: Path,
    home: Path,
) -> None:
    dovecot_no_idle.reset()
    connect(cli, dovecot_no_idle)
    tracker, stop, events, seen, watcher = _watch(home, 0.5)  # a poll every half second
    try:
        assert events["polling"].wait(30), seen
        assert f"no IDLE on {dovecot_no_idle.host}" in next(x for x in seen if "polling" in x)
        dovecot_no_idle.append(received(1))
        assert events["filed"].wait(30), seen
    finally:
        stop.set()
        watcher.join(30)
        tracker.close()
    assert not events["waiting"].is_set(), seen  # it never tried IDLE
    assert not events["lost"].is_set(), seen
    assert companies(cli) == ["Zephyr Labs"]


def test_proton_bridge_over_starttls_with_its_certificate_pinned(
    cli: Cli, imap: DovecotServer, vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    base = ["connect", "proton", "--port", str(imap.port), "--user", imap.user,
            "--password-stdin"]  # fmt: skip
    # the Bridge's certificate is its own: not trusted until pinned
    r = cli(*base, input=imap.password + "\n")
    assert r.exit_code == 1
    assert "is not trusted (self-signed or an unknown authority)" in r.stderr
    out = cli.ok(*base, "--cert", str(imap.cert_path), input=imap.password + "\n")
    assert f"jordan on 127.0.0.1:{imap.port} (STARTTLS)" in out
    imap.append(received(1))
    r = cli("sync")
    assert r.exit_code == 0, r.stderr
    assert companies(cli) == ["Zephyr Labs"]
    # the Bridge made a new certificate: the old pin no longer matches, and says so
    other = tmp_path / "other.pem"
    other.write_text(another_certificate())
    cli.ok("config", "proton_bridge_cert", str(other))
    imap.append(received(2, "Bluefin Tech"))
    r = cli("sync")
    assert r.exit_code == 1
    assert f"is not the one pinned in {other}" in r.stderr
    assert companies(cli) == ["Zephyr Labs"]  # what was filed stays filed
    bad = cli("connect", "proton", "--user", "x", "--password-stdin", "--cert",
              str(tmp_path / "none.pem"), input="x\n")  # fmt: skip
    assert bad.exit_code == 1
    assert "Cannot read the pinned certificate" in bad.stderr


def another_certificate() -> str:
    """A certificate that is not Dovecot's, made with openssl (PEM)."""
    import shutil
    import subprocess
    import tempfile

    openssl = shutil.which("openssl")
    assert openssl is not None
    with tempfile.TemporaryDirectory() as d:
        subprocess.run(
            [openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt",
             "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", f"{d}/k.pem",
             "-out", f"{d}/c.pem", "-days", "3", "-subj", "/CN=127.0.0.1"],
            check=True, capture_output=True,
        )  # fmt: skip
        return Path(d, "c.pem").read_text()


def test_a_certificate_for_another_name_gets_one_line_with_the_fix(
    cli: Cli,
    wrong_name_tls: WrongNameTls,  # noqa: F811
    vault: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(wrong_name_tls.ca_path))  # the CA is trusted
    r = cli("connect", "other", "--host", "127.0.0.1", "--port", str(wrong_name_tls.port),
            "--user", "jordan", "--password-stdin", input="x\n")  # fmt: skip
    assert r.exit_code == 1
    assert r.stderr.count("\n") == 1
    assert "The certificate of 127.0.0.1 is made out to another name" in r.stderr
    assert "connect with --host set to the name" in r.stderr
    assert json.loads(cli.ok("accounts", "--json")) == []


def test_undo_of_a_tidy_puts_the_mail_back_on_the_server(
    cli: Cli, imap: DovecotServer, vault: Path
) -> None:
    proxy = TcpProxy(imap.port)
    try:
        connect(cli, imap, port=proxy.port)
        imap.append(rejection(1))
        imap.append(rejection(2, "Bluefin Tech"))
        imap.append(received(3))
        cli.ok("sync")
        out = cli.ok("accounts", "tidy", "--move-rejections", "Rejections", "--yes")
        assert "Moved 2 into Rejections" in out
        assert len(imap.fetch_all("Rejections")) == 2
        assert "Undid" in cli.ok("undo")  # one entry for the whole tidy
        assert len(imap.fetch_all()) == 3
        assert imap.fetch_all("Rejections") == []
        # nothing is recorded as moved any more: the next tidy asks again, as a first one
        r = cli("accounts", "tidy", "--move-rejections", "Rejections")
        assert r.exit_code == 1
        assert "2 rejections to move into Rejections:" in r.stdout
        cli.ok("accounts", "tidy", "--move-rejections", "Rejections", "--yes")
        # undo of `tidy --undo` moves them out of the inbox again
        cli.ok("accounts", "tidy", "--undo")
        assert len(imap.fetch_all()) == 3
        cli.ok("undo")
        assert len(imap.fetch_all()) == 1
        assert len(imap.fetch_all("Rejections")) == 2
        # the server cannot be reached: nothing is undone, and it says so on one line
        proxy.close()
        r = cli("undo")
        assert r.exit_code == 1
        assert r.stderr.count("\n") == 1
        assert "Nothing was undone" in r.stderr
        tidies = [e for e in json.loads(cli.ok("history", "--json")) if e["kind"] == "tidy"]
        assert [e["undone"] for e in tidies] == [True, False, True]  # newest first
    finally:
        proxy.close()
    assert len(imap.fetch_all("Rejections")) == 2


def test_a_folder_gone_from_the_server_does_not_stop_the_sync(
    cli: Cli, imap: DovecotServer, vault: Path
) -> None:
    imap.create_folder("Job search")
    connect(cli, imap)
    imap.append(received(1), folder="Job search")
    cli.ok("sync")
    with imap.client() as c:
        c.delete_folder("Job search")
    imap.append(received(2, "Bluefin Tech"))
    r = cli("sync")
    assert r.exit_code == 0  # the inbox was read
    assert "INBOX: read 1, filed 1, to review 0" in r.stderr
    assert "There is no folder 'Job search'" in r.stderr
    assert "`ajar accounts folders` lists them" in r.stderr
    assert companies(cli) == ["Bluefin Tech", "Zephyr Labs"]  # what was filed stays filed

"""`ajar scan` of the mail stores people have on disk: a Thunderbird profile, Apple Mail's
library, a Gmail Takeout and a Maildir++; each folder keeps its position, so a rescan reads
only what is new. The fixture trees are built here, as those programs lay them out."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import Cli
from tests.scan_helpers import (
    CONFIRMATION,
    FORM_REJECTION,
    INTERVIEW,
    PERSONAL_REJECTION,
    companies,
    eml,
    mbox,
    show,
)


def msg(sample: tuple[str, str, str], mid: str, *, days_ago: float = 3, extra: str = "") -> bytes:
    return eml(*sample, days_ago=days_ago, mid=mid, extra=extra)


def folder(path: Path, *messages: bytes, mode: str = "wb") -> Path:
    """A Thunderbird folder: an mbox file without extension and its .msf index beside it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mbox(path, *messages, mode=mode)
    path.with_name(path.name + ".msf").write_text("// (mork index)\n")
    return path


def thunderbird(home: Path) -> Path:
    root = home / ".thunderbird"
    (root).mkdir(parents=True)
    (root / "profiles.ini").write_text("[Profile0]\nName=default\nPath=x1.default\n")
    local = root / "x1.default" / "Mail" / "Local Folders"
    folder(local / "Inbox", msg(CONFIRMATION, "tb1"))
    folder(local / "Inbox.sbd" / "Job offers", msg(INTERVIEW, "tb2", days_ago=2))
    folder(local / "Trash", msg(FORM_REJECTION, "tb3"))  # thrown away: passed over
    (local / "Unsent Messages.msf").write_text("")  # an index without its folder
    folder(root / "x1.default" / "ImapMail" / "imap.example.org" / "INBOX",
           msg(PERSONAL_REJECTION, "tb4", days_ago=1))  # fmt: skip
    return root


def test_a_thunderbird_profile_is_read_folder_by_folder(cli: Cli, tmp_path: Path) -> None:
    root = thunderbird(tmp_path)
    r = cli("scan", str(root))
    assert r.exit_code == 0, r.stderr
    read = [line.split(": read")[0] for line in r.stderr.splitlines() if ": read" in line]
    assert [Path(p).name for p in read] == ["INBOX", "Inbox", "Job offers"]
    assert companies(cli) == ["Acme Robotics", "Zephyr Labs"]
    assert show(cli, "Acme Robotics")["rejections"][0]["kind"] == "personal"
    # a rescan: every folder unchanged
    r = cli("scan", str(root))
    assert r.stderr.count("unchanged since the last scan") == 3
    # new mail in one folder: only it is read, from where it stopped
    jobs = root / "x1.default" / "Mail" / "Local Folders" / "Inbox.sbd" / "Job offers"
    folder(jobs, msg(FORM_REJECTION, "tb5", days_ago=1), mode="ab")
    r = cli("scan", str(root))
    assert "Job offers: read 1, new 1, filed 1" in r.stderr
    assert r.stderr.count("unchanged since the last scan") == 2


def emlx(path: Path, raw: bytes) -> Path:
    """An Apple Mail message file: its length, the message, then a property list."""
    path.parent.mkdir(parents=True, exist_ok=True)
    plist = b'<?xml version="1.0"?>\n<plist version="1.0"><dict><key>flags</key>' b"<integer>0</integer></dict></plist>\n"  # fmt: skip
    path.write_bytes(str(len(raw)).encode() + b"\n" + raw + plist)
    return path


def test_apple_mail_mailboxes_and_exports(cli: Cli, tmp_path: Path) -> None:
    lib = tmp_path / "Library" / "Mail" / "V10" / "4F2A-ACCOUNT"
    emlx(lib / "INBOX.mbox" / "9C1B" / "Data" / "1" / "Messages" / "101.emlx",
         msg(CONFIRMATION, "am1"))  # fmt: skip
    emlx(lib / "INBOX.mbox" / "Recruiters.mbox" / "77AA" / "Data" / "Messages" / "102.emlx",
         msg(INTERVIEW, "am2", days_ago=2))  # fmt: skip
    emlx(lib / "Deleted Messages.mbox" / "11" / "Data" / "Messages" / "103.emlx",
         msg(FORM_REJECTION, "am3"))  # fmt: skip
    export = tmp_path / "Library" / "Mail" / "Exported Jobs.mbox"
    export.mkdir(parents=True)
    mbox(export / "mbox", msg(PERSONAL_REJECTION, "am4", days_ago=1))
    (export / "table_of_contents").write_bytes(b"\x00\x01")
    r = cli("scan", str(tmp_path / "Library" / "Mail"))
    assert r.exit_code == 0, r.stderr
    assert "read 1, new 1, filed 1" in r.stderr
    assert r.stderr.count(": read 1, new 1, filed 1") == 3
    assert companies(cli) == ["Acme Robotics", "Zephyr Labs"]
    # the same message is never read twice: the plist after it is not part of it
    r = cli("scan", str(tmp_path / "Library" / "Mail"))
    assert r.stderr.count("read 0, new 0") == 2
    emlx(lib / "INBOX.mbox" / "9C1B" / "Data" / "1" / "Messages" / "104.emlx",
         msg(FORM_REJECTION, "am5", days_ago=1))  # fmt: skip
    r = cli("scan", str(lib))
    assert "INBOX.mbox: read 1, new 1, filed 1" in r.stderr


def test_a_gmail_takeout_uses_its_labels(cli: Cli, tmp_path: Path) -> None:
    takeout = tmp_path / "Takeout" / "Mail" / "All mail Including Spam and Trash.mbox"
    takeout.parent.mkdir(parents=True)
    kim = PERSONAL_REJECTION
    mbox(
        takeout,
        msg(CONFIRMATION, "g1", extra="X-Gmail-Labels: Inbox,Category Updates\n"),
        msg(kim, "g2", days_ago=2, extra='X-Gmail-Labels: Inbox,"Jobs, 2026",Opened\n'),
        msg(FORM_REJECTION, "g3", extra="X-Gmail-Labels: Spam\n"),
        (
            b"From: Jordan <me@example.org>\nTo: Kim Park <kim.park@acme-robotics.example>\n"
            b"Subject: Re: Data Engineer - decision\nDate: Sat, 21 Nov 2026 10:00:00 +0000\n"
            b"Message-ID: <g4@test.example>\nIn-Reply-To: <g2@test.example>\n"
            b"X-Gmail-Labels: Sent\n\nThank you, Kim, for letting me know.\n"
        ),
    )
    r = cli("scan", str(takeout))
    assert r.exit_code == 0, r.stderr
    assert "skipped 1: labelled spam, trash, chat or draft in Gmail" in r.stderr
    assert companies(cli) == ["Acme Robotics", "Zephyr Labs"]
    app = show(cli, "Acme Robotics")
    sent = [t for t in app["touches"] if t["direction"] == "out"]
    assert [t["subject"] for t in sent] == ["Re: Data Engineer - decision"]
    assert [a["status"] for a in app["actions"] if a["kind"] == "reply"] == ["done"]


def maildir(path: Path, *messages: tuple[str, bytes]) -> Path:
    for sub in ("cur", "new", "tmp"):
        (path / sub).mkdir(parents=True, exist_ok=True)
    for name, raw in messages:
        (path / "cur" / f"{name}:2,S").write_bytes(raw)
    return path


def test_maildir_plus_plus_sub_folders(cli: Cli, tmp_path: Path) -> None:
    root = maildir(tmp_path / "Maildir", ("1.host", msg(CONFIRMATION, "md1")))
    maildir(root / ".Jobs", ("2.host", msg(INTERVIEW, "md2", days_ago=2)))
    maildir(root / ".Jobs.Offers", ("3.host", msg(PERSONAL_REJECTION, "md3", days_ago=1)))
    maildir(root / ".Trash", ("4.host", msg(FORM_REJECTION, "md4")))
    r = cli("scan", str(root), "--json")
    assert r.exit_code == 0, r.stderr
    seen = [json.loads(line)["message_id"] for line in r.stdout.splitlines()]
    assert seen == ["<md1@test.example>", "<md2@test.example>", "<md3@test.example>"]
    maildir(root / ".Jobs", ("5.host", msg(FORM_REJECTION, "md5", days_ago=1)))
    r = cli("scan", str(root), "--json")
    assert [json.loads(line)["message_id"] for line in r.stdout.splitlines()] == [
        "<md5@test.example>"
    ]

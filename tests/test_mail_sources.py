"""Mail sources: mbox (including damaged ones), Maildir, .eml files, folders, and rescans."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from doorajar.errors import MailError
from doorajar.mail import sources
from doorajar.mail.parse import parse
from doorajar.mail.sources import Progress, iter_mbox, open_source


def message(n: int, body: str = "Just saying hello.") -> bytes:
    return (
        f"From: Friend {n} <friend{n}@mail.example>\nSubject: Note {n}\n"
        f"Date: Mon, 2 Nov 2026 10:{n % 60:02d}:00 +0000\nMessage-ID: <note{n}@mail.example>\n\n"
        f"{body}\n"
    ).encode()


def write_mbox(path: Path, numbers: range, mode: str = "wb") -> None:
    with path.open(mode) as f:
        for n in numbers:
            f.write(f"From friend{n}@mail.example Mon Nov  2 10:00:00 2026\n".encode())
            f.write(message(n).replace(b"\nFrom ", b"\n>From "))
            f.write(b"\n")


def read_all(spec: str | Path, progress: Progress | None = None) -> list[sources.Item]:
    src = open_source(str(spec))
    return [item for item, _ in src.read(progress or Progress(), frozenset())]


def test_mbox_yields_each_message_without_the_from_line(tmp_path: Path) -> None:
    box = tmp_path / "in.mbox"
    write_mbox(box, range(5))
    items = read_all(box)
    assert len(items) == 5
    assert [parse(i.raw).subject for i in items] == [f"Note {n}" for n in range(5)]
    assert not items[0].raw.startswith(b"From ")


def test_mbox_body_lines_starting_with_from_do_not_split(tmp_path: Path) -> None:
    box = tmp_path / "in.mbox"
    box.write_bytes(
        b"From a@x Mon Nov  2 10:00:00 2026\nSubject: one\n\nline\nFrom here on, all good.\n"
        b">From the archive.\n\nFrom b@x Mon Nov  2 11:00:00 2026\nSubject: two\n\nbody\n"
    )
    items = read_all(box)
    assert [parse(i.raw).subject for i in items] == ["one", "two"]
    assert b"From here on, all good." in items[0].raw
    assert b"\nFrom the archive." in items[0].raw  # mboxrd escape undone


def test_corrupt_mbox_with_junk_and_a_truncated_last_message(tmp_path: Path) -> None:
    box = tmp_path / "bad.mbox"
    write_mbox(box, range(3))
    with box.open("ab") as f:
        f.write(b"From cut@x Mon Nov  2 10:00:00 2026\nSubject: cut\nContent-Type: multi")
    items = read_all(box)
    assert len(items) == 4
    assert parse(items[-1].raw).subject == "cut"


def test_oversized_message_keeps_only_its_start(tmp_path: Path) -> None:
    box = tmp_path / "big.mbox"
    write_mbox(box, range(1))
    with box.open("ab") as f:
        f.write(b"From big@x Mon Nov  2 10:00:00 2026\nSubject: big\n\n")
        f.write(b"A" * 76 + b"\n" * 1)
        f.write((b"B" * 76 + b"\n") * 20000)
    write_mbox(box, range(1, 2), mode="ab")
    got = list(iter_mbox(box, limit=100_000))
    assert len(got) == 3
    _, _, raw, truncated = got[1]
    assert truncated
    assert len(raw) < 100_000 + 200
    assert parse(got[2][2]).subject == "Note 1"


def test_a_line_longer_than_a_read_is_taken_in_pieces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sources, "_PIECE", 64)  # a 300 MB line, in miniature
    box = tmp_path / "long.mbox"
    long_from = b"From x@y Mon Nov  2 10:00:00 2026 " + b"z" * 500 + b"\n"
    box.write_bytes(
        long_from + b"Subject: one\n\n" + b"a" * 1000 + b" From inside a line\n"
        b"\nFrom b@x Mon Nov  2 11:00:00 2026\nSubject: two\n\n" + b"b" * 5000
    )
    got = list(iter_mbox(box, limit=2000))
    assert [parse(raw).subject for _, _, raw, _ in got] == ["one", "two"]
    assert got[0][2] == b"Subject: one\n\n" + b"a" * 1000 + b" From inside a line\n"
    assert not got[0][3]
    _, end, raw, truncated = got[1]
    assert truncated
    assert len(raw) == 2000
    assert end == box.stat().st_size


def test_mbox_rescan_reads_only_appended_messages(tmp_path: Path) -> None:
    box = tmp_path / "in.mbox"
    write_mbox(box, range(3))
    src = open_source(str(box))
    assert isinstance(src, sources.MboxSource)
    list(src.read(Progress(), frozenset()))
    done = src.final_progress()
    assert src.unchanged(done)
    write_mbox(box, range(3, 5), mode="ab")
    assert not src.unchanged(done)
    new = [parse(i.raw).subject for i, _ in src.read(done, frozenset())]
    assert new == ["Note 3", "Note 4"]


def test_mbox_rewritten_in_place_is_read_again_from_the_start(tmp_path: Path) -> None:
    box = tmp_path / "in.mbox"
    write_mbox(box, range(3))
    src = open_source(str(box))
    assert isinstance(src, sources.MboxSource)
    list(src.read(Progress(), frozenset()))
    done = src.final_progress()
    write_mbox(box, range(10, 14))  # another client compacted and rewrote it
    subjects = [parse(i.raw).subject for i, _ in src.read(done, frozenset())]
    assert subjects == ["Note 10", "Note 11", "Note 12", "Note 13"]


def test_maildir_keys_survive_flag_changes(tmp_path: Path) -> None:
    md = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (md / sub).mkdir(parents=True)
    (md / "new" / "1700000000.1.host").write_bytes(message(1))
    (md / "cur" / "1700000001.2.host:2,S").write_bytes(message(2))
    src = open_source(str(md))
    assert src.kind == "maildir"
    items = [i for i, _ in src.read(Progress(), frozenset())]
    assert sorted(i.key for i in items) == ["1700000000.1.host", "1700000001.2.host"]
    # the mail client reads message 1: it moves to cur/ with a flag; same key, skipped
    os.rename(md / "new" / "1700000000.1.host", md / "cur" / "1700000000.1.host:2,S")
    again = [i for i, _ in src.read(Progress(), frozenset(i.key for i in items))]
    assert again == []


def test_single_eml_and_folder_of_eml(tmp_path: Path) -> None:
    one = tmp_path / "one.eml"
    one.write_bytes(message(1))
    assert [parse(i.raw).subject for i in read_all(one)] == ["Note 1"]
    folder = tmp_path / "saved"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.eml").write_bytes(message(2))
    (folder / "sub" / "b.EML").write_bytes(message(3))
    (folder / "notes.txt").write_text("not mail")
    src = open_source(str(folder))
    assert src.kind == "folder"
    items = [i for i, _ in src.read(Progress(), frozenset({"a.eml"}))]
    assert [i.key for i in items] == [str(Path("sub") / "b.EML")]


@pytest.mark.parametrize(
    ("content", "message_part"),
    [
        (bytes(range(256)) * 20, "is a binary file, not mail"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "is a binary file, not mail"),
        (b"just some notes\nnothing else\n", "does not look like mail"),
        (b"", "is empty"),
    ],
)
def test_non_mail_files_are_refused_clearly(
    tmp_path: Path, content: bytes, message_part: str
) -> None:
    f = tmp_path / "thing.dat"
    f.write_bytes(content)
    with pytest.raises(MailError, match=message_part):
        open_source(str(f))


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(MailError, match="No such file"):
        open_source(str(tmp_path / "nope.mbox"))
    with pytest.raises(MailError, match=r"no \.eml files"):
        read_all(tmp_path)


def test_imap_uri_parsing_and_password_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    t = sources.parse_imap_uri("imaps://jo%40mail.example@imap.mail.example/Jobs/2026")
    assert (t.user, t.host, t.port, t.folder, t.tls) == (
        "jo@mail.example",
        "imap.mail.example",
        993,
        "Jobs/2026",
        True,
    )
    assert sources.parse_imap_uri("imap://jo@localhost:1143").folder == "INBOX"
    with pytest.raises(MailError, match="no password in the IMAP address"):
        sources.parse_imap_uri("imap://jo:secret@localhost/INBOX")
    monkeypatch.setenv("AJAR_IMAP_PASSWORD", "s3cret")
    assert sources.imap_password(t) == "s3cret"


def test_mail_appended_during_a_scan_is_read_next_time(tmp_path: Path) -> None:
    box = tmp_path / "in.mbox"
    write_mbox(box, range(3))
    src = open_source(str(box))
    assert isinstance(src, sources.MboxSource)
    first = []
    for item, _ in src.read(Progress(), frozenset()):
        first.append(parse(item.raw).subject)
        if len(first) == 1:
            write_mbox(box, range(3, 5), mode="ab")  # the mail client delivers meanwhile
    done = src.final_progress()
    again = [parse(i.raw).subject for i, _ in src.read(done, frozenset())]
    assert sorted(first + again) == [f"Note {n}" for n in range(5)]
    assert not set(first) & set(again)

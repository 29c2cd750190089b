"""The parser's caps: however a message is built, it costs time and memory bounded by its
size. Parts past `MAX_PARTS`, nesting past `MAX_DEPTH` and text past `MAX_DECODED` are not
looked at, and no structure makes the walk recurse."""

from __future__ import annotations

import base64

from doorajar.mail.parse import (
    MAX_DECODED,
    MAX_DEPTH,
    MAX_FIELDS,
    MAX_HEADER,
    MAX_MAILBOX,
    MAX_PARTS,
    parse,
)


def _mixed(parts: list[bytes], boundary: bytes = b"b") -> bytes:
    body = b"".join(b"--" + boundary + b"\n" + p + b"\n" for p in parts)
    return (
        b"From: Ada <ada@acme.example>\nSubject: many\n"
        b"Content-Type: multipart/mixed; boundary="
        + boundary
        + b"\n\n"
        + body
        + b"--"
        + boundary
        + b"--\n"
    )


def _text(words: str) -> bytes:
    return b"Content-Type: text/plain; charset=utf-8\n\n" + words.encode()


def test_parts_past_the_cap_are_not_read() -> None:
    raw = _mixed([_text(f"part{n}x") for n in range(MAX_PARTS * 20)])
    msg = parse(raw)
    assert "part1x" in msg.text
    assert f"part{MAX_PARTS * 2}x" not in msg.text
    assert msg.subject == "many"


def test_a_million_empty_parts_are_read_as_far_as_the_cap() -> None:
    raw = b"From: a@b.example\nSubject: empty\nContent-Type: multipart/mixed; boundary=x\n\n"
    raw += b"--x\n\n" * 1_000_000
    msg = parse(raw)
    assert msg.subject == "empty"
    assert msg.text == ""


def test_nesting_ten_thousand_deep_does_not_recurse() -> None:
    head = b"".join(
        b"Content-Type: multipart/mixed; boundary=n%d\n\n--n%d\n" % (i, i) for i in range(10_000)
    )
    msg = parse(b"From: a@b.example\nSubject: deep\n" + head + b"\nthe bottom\n")
    assert msg.subject == "deep"
    assert "the bottom" not in msg.text  # below the depth cap: never reached


def test_text_inside_the_depth_cap_is_read() -> None:
    head = b"".join(
        b"Content-Type: multipart/mixed; boundary=n%d\n\n--n%d\n" % (i, i)
        for i in range(MAX_DEPTH - 1)
    )
    msg = parse(b"From: a@b.example\nSubject: deep\n" + head + _text("the bottom") + b"\n")
    assert "the bottom" in msg.text


def test_attached_messages_nested_thousands_deep_are_read_to_the_cap() -> None:
    inner = b"From: deepest@b.example\nSubject: inner\n\nthe bottom\n"
    for _ in range(5_000):
        inner = b"From: a@b.example\nSubject: wrap\nContent-Type: message/rfc822\n\n" + inner
    msg = parse(inner)
    assert msg.subject == "wrap"
    assert "the bottom" not in msg.text + msg.quoted


def test_decoded_text_is_capped_across_all_parts() -> None:
    chunk = base64.b64encode(b"word " * 40_000)  # 200 kB each once decoded
    part = b"Content-Type: text/plain\nContent-Transfer-Encoding: base64\n\n" + chunk
    msg = parse(_mixed([part] * 20))
    assert 0 < len(msg.text) <= MAX_DECODED + 20 * 2


def test_a_folded_header_stops_at_the_cap() -> None:
    raw = b"From: a@b.example\nSubject: start\n" + b" more\n" * 200_000 + b"\nbody\n"
    msg = parse(raw)
    assert msg.subject.startswith("start more more")
    assert len(msg.subject) <= MAX_HEADER
    assert msg.text == "body"


def test_a_huge_from_is_cut_to_one_mailbox() -> None:
    msg = parse(b"From: " + b"a" * 60_000 + b"\nSubject: s\n\nhi\n")
    assert msg.subject == "s"
    assert len(msg.from_addr) <= MAX_MAILBOX


def test_header_fields_past_the_cap_are_not_read() -> None:
    flood = b"".join(b"X-H%d: v\n" % i for i in range(MAX_FIELDS * 50))
    msg = parse(b"From: a@b.example\nSubject: first\n" + flood + b"Reply-To: c@d.example\n\nhi\n")
    assert msg.subject == "first"
    assert msg.reply_to is None
    assert len(msg.headers) == MAX_FIELDS
    assert msg.text == "hi"

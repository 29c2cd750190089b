"""Hostile mail for the fuzz tests and `python -m benchmarks.hostile`.

Three sources: a hand-made corpus of every shape that once crashed or stalled the parser,
realistic messages built from the hand-written corpus (tests/data/mail_corpus/w*, never
the sealed set), and byte mutations of either. Everything is seeded: the same seed gives
the same bytes.
"""

from __future__ import annotations

import base64
import json
import os
import random
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from types import FrameType
from typing import Any

from doorajar.mail.message import ParsedMessage
from doorajar.mail.parse import MAX_ID

CORPUS = Path(__file__).parent / "data" / "mail_corpus"


def _html_part(body: bytes) -> bytes:
    return b"From: a@b.example\nSubject: html\nContent-Type: text/html; charset=utf-8\n\n" + body


def _header(name: bytes, value: bytes) -> bytes:
    return b"From: a@b.example\nSubject: hdr\n" + name + b": " + value + b"\n\nhello\n"


def _nested_multipart(levels: int) -> bytes:
    head = b"".join(
        b"Content-Type: multipart/mixed; boundary=n%d\n\n--n%d\n" % (i, i) for i in range(levels)
    )
    return b"From: a@b.example\nSubject: deep\n" + head + b"\nbottom\n"


def _nested_rfc822(levels: int) -> bytes:
    inner = b"From: z@b.example\nSubject: inner\n\nbottom\n"
    for _ in range(levels):
        inner = b"From: a@b.example\nSubject: wrap\nContent-Type: message/rfc822\n\n" + inner
    return inner


_NUL_B64 = base64.b64encode(b"Thank you\x00 for applying\x00\x00 to Acme.")

# Every shape that broke or stalled the parser once, and the floods it must read in
# linear time. Names say what each one is.
TRIGGERS: dict[str, bytes] = {
    "charset=undefined": b"From: a@b.example\nSubject: one\n"
    b"Content-Type: text/plain; charset=undefined\n\nhello \xe9\n",
    'charset="ascii\\0"': b"From: a@b.example\nSubject: two\n"
    b'Content-Type: text/plain; charset="ascii\x00"\n\nhello \xe9\xff\n',
    "a thousand colons in From": b"From: " + b":" * 1000 + b"\nSubject: x\n\nhi\n",
    "a 20-digit year": b"From: a@b.example\nSubject: x\n"
    b"Date: Mon, 2 Nov 99999999999999999999 10:00:00 +0000\n\nhi\n",
    "an impossible date": b"From: a@b.example\nDate: 31 Feb 2026 25:61:61 +9999\n\nhi\n",
    "a bad charset in an encoded word": b"From: =?no-such-charset?q?Ann?= <a@b.example>\n"
    b"Subject: =?undefined?b?w6nDqQ==?= and =?utf-8*?q?=E9?= =?x\x00y?q?z?=\n\nhi\n",
    "multiparts 10,000 deep": _nested_multipart(10_000),
    "attached messages 5,000 deep": _nested_rfc822(5_000),
    "a Message-ID over 998 characters": b"From: a@b.example\nMessage-ID: <"
    + b"a" * 1500
    + b"@x>\n\nhi\n",
    "a Message-ID of 2,000 <": b"From: a@b.example\nMessage-ID: " + b"<" * 2000 + b"\n\nhi\n",
    "80 kB of <div ": _html_part(b"<div " * 16_000),
    "250 kB of <div ": _html_part(b"<div " * 50_000),
    "100,000 spaces in From": b"From: " + b" " * 100_000 + b"a@b.example\nSubject: x\n\nhi\n",
    "an encoded line break and spaces before the address": b"From: =?utf-8?q?=0D=0A?= "
    + b" " * 3000
    + b"a@b.example\nSubject: x\n\nhi\n",
    "a 16 kB From": b"From: " + b"a" * 16_000 + b"\nSubject: x\n\nhi\n",
    "a 64 kB From of a.": b"From: " + b"a." * 32_000 + b"\nSubject: x\n\nhi\n",
    "a NUL after base64": b"From: a@b.example\nSubject: nul\nContent-Transfer-Encoding: base64\n\n"
    + _NUL_B64
    + b"\n",
    "a NUL after quoted-printable": b"From: a@b.example\nSubject: nul=00\n"
    b"Content-Transfer-Encoding: quoted-printable\n\nThank=00 you=00\n",
    "NULs in the headers": b"From: a\x00@b.example\nSubject: s\x00s\nX-A\x00: b\n\nhi\x00\n",
    "a run of <!--": _html_part(b"<!--" * 100_000),
    "a run of <script>": _html_part(b"<script>" * 50_000),
    "a run of <": _html_part(b"<" * 300_000),
    "a run of <style and </": _html_part(b"<style</" * 40_000),
    "quote blocks, unclosed": _html_part(b'<div class="gmail_quote' * 20_000),
    "a flood of encoded words in Subject": b"From: a@b.example\nSubject: "
    + b"=?utf-8?q?a?= " * 20_000
    + b"\n\nhi\n",
    "a flood of encoded words in From": b"From: "
    + b"=?utf-8?b?QQ==?=" * 20_000
    + b" <a@b.example>\n\nhi\n",
    "a flood of encoded words in an unknown charset": b"From: a@b.example\nSubject: "
    + b"=?undefined?b?w6nDqQ==?= " * 2500
    + b"\n\nhi\n",
    "a flood of half encoded words": b"From: a@b.example\nSubject: " + b"=?" * 50_000 + b"\n\nhi\n",
    "a header folded 200,000 times": b"From: a@b.example\nSubject: s\n" + b" x\n" * 200_000 + b"\n",
    "100,000 headers": b"".join(b"X-H%d: v\n" % i for i in range(100_000)) + b"\nhi\n",
    "a million empty parts": b"From: a@b.example\nContent-Type: multipart/mixed; boundary=x\n\n"
    + b"--x\n\n" * 1_000_000,
    "20,000 text parts": b"From: a@b.example\nContent-Type: multipart/mixed; boundary=x\n\n"
    + b"--x\nContent-Type: text/plain\n\npart\n" * 20_000,
    "an empty boundary": b'From: a@b.example\nContent-Type: multipart/mixed; boundary=""\n\n'
    b"--\n\nhi\n--\n",
    "a boundary on every line": b"From: a@b.example\nContent-Type: multipart/alternative; "
    b"boundary=-\n\n" + b"---\n" * 100_000,
    "an alternative without children": b"From: a@b.example\n"
    b"Content-Type: multipart/alternative; boundary=q\n\nno parts at all\n",
    "base64 noise": b"From: a@b.example\nContent-Transfer-Encoding: base64\n\n" + b"!@#$=" * 60_000,
    "quoted-printable noise": b"From: a@b.example\nContent-Transfer-Encoding: quoted-printable\n\n"
    + b"=\n=G=" * 60_000,
    "Content-Type parameters flood": b"From: a@b.example\nContent-Type: text/plain"
    + b'; a="\\' * 30_000
    + b"\n\nhi\n",
    "RFC 2231 continuations": b"From: a@b.example\nContent-Type: text/plain; "
    + b"".join(b"charset*%d*=utf-8''%%E9; " % i for i in range(5000))
    + b"\n\nhi\n",
    "a 4 MB body": b"From: a@b.example\nSubject: big\n\n" + b"word " * 800_000,
    "a 4 MB single line of HTML": _html_part(b"<p>" + b"x" * 4_000_000),
    "a lone CR and U+2028 in Subject": b"From: a@b.example\nSubject: a\rb\xe2\x80\xa8c\n\nhi\n",
    "terminal escapes in Subject": b"From: a@b.example\nSubject: \x1b]8;;http://x\x07link"
    b"\x1b]8;;\x07 \x1b[2J\x1b]52;c;ZXZpbA==\x07\n\nhi\n",
    "quoting markers flood": b"From: a@b.example\n\n" + b"On Mon, Ann wrote:\n> " * 30_000,
    "an Outlook header flood": b"From: a@b.example\n\n" + b"From: x\nSent: y\n" * 30_000,
    "headers only": b"From: a@b.example\nSubject: no body",
    "nothing at all": b"",
    "one newline": b"\n",
    "binary noise": bytes(random.Random(7).randrange(256) for _ in range(200_000)),
    "CRLF and LF mixed": b"From: a@b.example\r\nSubject: mixed\n\r\n\rhi\r\r\n",
}

# Bytes the mutations splice in: pieces of every trigger above.
_SPLICES = (
    b"\x00",
    b"\r",
    b"\n\n",
    b"\n ",
    b"<!--",
    b"<script>",
    b"<",
    b"<div ",
    b"=?utf-8?q?=0D=0A?=",
    b"=?undefined?b?AAAA?=",
    b"=?",
    b":" * 100,
    b" " * 500,
    b'charset="ascii\x00"',
    b"\nContent-Type: multipart/mixed; boundary=x\n\n--x\n",
    b"\nContent-Type: message/rfc822\n\n",
    b"\nContent-Transfer-Encoding: base64\n\n",
    b"--x\n",
    b"\xff\xfe\xfd",
    b"\xe2\x80\xa8",
    b"\x1b[2J",
    b"Date: Mon, 2 Nov 99999999999999999999 10:00:00 +0000\n",
    b"Message-ID: <" + b"m" * 1100 + b">\n",
)


def _mutate_once(raw: bytes, rng: random.Random) -> bytes:
    n = len(raw)
    at = rng.randrange(n + 1)
    op = rng.randrange(6)
    if op == 0 and n:  # overwrite a few bytes with random ones
        data = bytearray(raw)
        for _ in range(rng.randint(1, 16)):
            data[rng.randrange(n)] = rng.randrange(256)
        return bytes(data)
    if op == 1:  # splice in a hostile piece, once or as a run
        piece = rng.choice(_SPLICES) * rng.choice((1, 1, 2, 10, 100, 1000))
        return raw[:at] + piece + raw[at:]
    if op == 2:  # cut a slice out
        return raw[:at] + raw[at + rng.randint(1, 200) :]
    if op == 3:  # repeat a slice
        piece = raw[at : at + rng.randint(1, 64)]
        return raw[:at] + piece * rng.randint(2, 500) + raw[at:]
    if op == 4:  # cut the message short
        return raw[:at]
    # swap line endings or drop the blank line between headers and body
    return raw.replace(b"\n", b"\r\n") if rng.random() < 0.5 else raw.replace(b"\n\n", b"\n", 1)


def mutate(raw: bytes, rng: random.Random, rounds: int = 3) -> bytes:
    """`raw` after one to `rounds` random byte edits."""
    for _ in range(rng.randint(1, rounds)):
        raw = _mutate_once(raw, rng)
    return raw


@cache
def corpus_records() -> tuple[dict[str, Any], ...]:
    """Every message of the hand-written corpus, sealed writers left out."""
    out: list[dict[str, Any]] = []
    for f in sorted(CORPUS.glob("w*/messages.jsonl")):
        out += [json.loads(line) for line in f.read_text("utf-8").splitlines() if line.strip()]
    return tuple(out)


def to_raw(record: dict[str, Any], rng: random.Random) -> bytes:
    """A corpus record as the bytes of a real message: its headers, and its text and HTML
    bodies (multipart/alternative when it has both), each in a transfer encoding chosen
    by `rng`."""
    head = "".join(f"{k}: {v}\n" for k, v in record.get("headers", {}).items())
    text, markup = record.get("text") or "", record.get("html") or ""

    def part(ctype: str, body: str) -> str:
        data = body.encode("utf-8")
        cte = rng.choice(("8bit", "base64", "quoted-printable"))
        if cte == "base64":
            encoded = base64.encodebytes(data).decode("ascii")
        elif cte == "quoted-printable":
            import quopri  # lazy: only corpus building needs it

            encoded = quopri.encodestring(data).decode("ascii")
        else:
            encoded = body
        return (
            f"Content-Type: {ctype}; charset=utf-8\nContent-Transfer-Encoding: {cte}\n\n{encoded}"
        )

    if text and markup:
        b = f"alt{rng.randrange(10**9)}"
        body = (
            f"Content-Type: multipart/alternative; boundary={b}\n\n--{b}\n"
            f"{part('text/plain', text)}\n--{b}\n{part('text/html', markup)}\n--{b}--\n"
        )
    else:
        body = part("text/html" if markup else "text/plain", markup or text)
    return (head + body).encode("utf-8")


def mutated_corpus(seed: int, count: int) -> Iterator[tuple[str, bytes]]:
    """`count` (name, raw) pairs: corpus messages and triggers, each mutated."""
    rng = random.Random(seed)
    records = corpus_records()
    triggers = sorted(TRIGGERS.items())
    for i in range(count):
        if rng.random() < 0.9:
            rec = records[rng.randrange(len(records))]
            name, raw = str(rec["id"]), to_raw(rec, rng)
        else:
            name, raw = triggers[rng.randrange(len(triggers))]
            if len(raw) > 300_000:
                raw = raw[:300_000]
        yield f"{seed}/{i} {name}", mutate(raw, rng)


class Stalled(Exception):
    """A case ran past its watchdog."""


@contextmanager
def watchdog(seconds: float, what: str) -> Iterator[None]:
    """Raise `Stalled` in the block when it runs past `seconds` (SIGALRM interrupts Python
    code and the regex engine alike). Off the main thread, where no signal can be had, the
    block runs unwatched."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def ring(signum: int, frame: FrameType | None) -> None:
        raise Stalled(f"{what} ran past {seconds} s")

    old = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def check_parsed(msg: ParsedMessage) -> None:
    """What any parsed message keeps, however hostile its bytes: no NUL in any text, a
    Message-ID that fits the store, and one-line subject and sender."""
    texts = [msg.message_id, msg.subject, msg.from_name, msg.from_addr, msg.text, msg.quoted]
    texts += list(msg.headers.values()) + list(msg.headers)
    assert not any("\x00" in t for t in texts)
    assert 0 < len(msg.message_id) <= MAX_ID
    assert "\n" not in msg.subject
    assert "\n" not in msg.from_name


# A scan batch lands every 16 MB of raw mail: messages of about 400 kB land in batches of
# about 40, so a small mailbox already spans several batches.
_ATTACHMENT = base64.encodebytes(random.Random(3).randbytes(300_000))


def bulky_mailbox(path: Path, count: int) -> Path:
    """An mbox of the first `count` corpus messages, each with a 400 kB attachment."""
    rng = random.Random(12)
    with path.open("wb") as f:
        for rec in corpus_records()[:count]:
            head, _, body = to_raw(rec, rng).partition(b"Content-Type:")
            f.write(b"From sender@example Mon Nov  2 10:00:00 2026\n")
            raw = (
                head
                + b"Content-Type: multipart/mixed; boundary=bulk\n\n--bulk\nContent-Type:"
                + body
                + b"\n--bulk\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n"
                b"Content-Disposition: attachment; filename=cv.pdf\n\n"
                + _ATTACHMENT
                + b"\n--bulk--\n"
            )
            f.write(raw.replace(b"\nFrom ", b"\n>From ") + b"\n")
    return path


def ajar_env(home: Path, url: str | None = None) -> dict[str, str]:
    """The environment for `python -m doorajar` as a separate process on `home` (and the
    database at `url`), printing progress lines."""
    env = dict(os.environ, AJAR_HOME=str(home), AJAR_PROGRESS="lines", TZ="UTC")
    env.pop("AJAR_DATABASE_URL", None)
    if url is not None:
        env["AJAR_DATABASE_URL"] = url
    src = str(Path(__file__).resolve().parents[1] / "src")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH")) if p)
    return env

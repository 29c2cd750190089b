"""Parsing real-world mail: charsets, encodings, HTML, threads, odd and missing headers."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from pathlib import Path

import pytest

from doorajar.mail.parse import html_to_text, parse, split_quoted

DATA = Path(__file__).parent / "data" / "parse"


def load(name: str) -> bytes:
    return (DATA / name).read_bytes()


def test_latin1_label_on_utf8_bytes_is_read_as_utf8() -> None:
    m = parse(load("wrong-charset-latin1-is-utf8.eml"))
    assert "vielen Dank für Ihre Geduld" in m.text
    assert "Ã" not in m.text
    assert m.from_name == "Jörg Weiß"
    assert m.language == "de"


def test_utf8_label_on_cp1252_bytes_falls_back() -> None:
    m = parse(load("wrong-charset-utf8-is-cp1252.eml"))
    assert "nous avons bien reçu votre candidature" in m.text
    assert "très bientôt – merci" in m.text
    assert m.language == "fr"


def test_missing_charset_is_guessed() -> None:
    m = parse(load("missing-charset-spanish.eml"))
    assert "gracias por su interés" in m.text
    assert "búsqueda" in m.text
    assert m.language == "es"


def test_base64_body_and_encoded_words() -> None:
    m = parse(load("base64-encoded-words.eml"))
    assert m.from_name == "Zürich Analytics"
    assert m.from_addr == "jobs@zurich.example"
    assert m.subject == "Bewerbung erhalten – Data Engineer"
    assert "Thank you for applying to Zürich Analytics" in m.text
    assert m.date == datetime(2026, 11, 13, 8, 0, tzinfo=UTC)


def test_quoted_printable_soft_breaks_are_joined() -> None:
    m = parse(load("quoted-printable.eml"))
    assert "thoughtful questions you asked" in m.text
    assert "Café chats" in m.text
    assert "another candidate" in m.text


def test_html_only_becomes_plain_text_without_script_or_style() -> None:
    m = parse(load("html-only.eml"))
    assert "Thank you for applying to HTML&Co." in m.text
    assert "- Step one" in m.text
    for junk in ("<", "alert", "color: red", "hidden comment", "&nbsp;", "Mail"):
        assert junk not in m.text


def test_alternative_prefers_html_when_plain_is_a_stub() -> None:
    m = parse(load("alternative-useless-plain.eml"))
    assert m.text == "We would like to invite you to an interview on Tuesday."


def test_alternative_prefers_plain_and_skips_attachment() -> None:
    m = parse(load("mixed-with-attachment.eml"))
    assert m.text == "Plain version: please find the offer attached."
    assert m.size > 100_000


def test_reply_keeps_the_newest_part_and_signature() -> None:
    m = parse(load("reply-on-wrote.eml"))
    assert m.text.startswith("Happy to share")
    assert m.text.endswith("Priya Raman\nHead of Data")  # the signature stays
    assert "Could you share" not in m.text
    assert m.quoted.startswith("On Tue, Nov 17, 2026")
    assert "Could you share one thing" in m.quoted
    assert m.in_reply_to == "<mine@me.example>"
    assert m.references == ("<first@me.example>", "<mine@me.example>")


def test_forwarded_block_goes_to_quoted() -> None:
    m = parse(load("forwarded.eml"))
    assert m.text == "FYI, see below."
    assert "decided not to proceed" in m.quoted


@pytest.mark.parametrize(
    ("name", "newest", "history"),
    [
        ("outlook-german-reply.eml", "kurze Rückmeldung", "Könnten Sie mir Feedback geben?"),
        ("french-reply.eml", "nous vous tiendrons au courant", "avez-vous des nouvelles"),
        ("spanish-reply.eml", "detalles de la entrevista", "hay novedades"),
        ("html-gmail-quote.eml", "see you on Monday", "Looking forward to Monday"),
    ],
)
def test_localized_reply_markers(name: str, newest: str, history: str) -> None:
    m = parse(load(name))
    assert newest in m.text
    assert history not in m.text
    assert history in m.quoted


def test_missing_headers_get_a_stable_synthetic_id() -> None:
    raw = load("missing-headers.eml")
    m = parse(raw)
    assert m.from_addr == ""
    assert m.date is None
    assert m.subject == "just a subject"
    assert m.message_id == parse(raw).message_id
    assert m.message_id.endswith("@no-message-id.doorajar>")
    assert m.message_id != parse(raw + b"x").message_id


def test_truncated_multipart_keeps_the_text() -> None:
    m = parse(load("truncated.eml"))
    assert m.text.startswith("This text survives")


def test_binary_junk_does_not_raise() -> None:
    m = parse(load("binary-junk.eml"))
    assert m.from_addr == ""
    assert m.message_id.startswith("<")


def test_odd_headers() -> None:
    m = parse(load("odd-headers.eml"))
    assert m.from_name == "Recruiter, Sam"
    assert m.from_addr == "sam@odd.example"
    assert m.subject == "A very long subject that is folded"
    assert m.date is None
    assert m.message_id == "<no-angle-brackets@odd.example>"


def test_headers_are_lower_cased_and_decoded() -> None:
    m = parse(load("base64-encoded-words.eml"))
    assert m.headers["subject"] == "Bewerbung erhalten – Data Engineer"
    assert "content-transfer-encoding" in m.headers


def test_split_quoted_plain_text() -> None:
    text = "Thanks!\n\n-----Original Message-----\nFrom: a\nSent: b\n\nold"
    assert split_quoted(text) == ("Thanks!", "-----Original Message-----\nFrom: a\nSent: b\n\nold")


def test_html_to_text_separates_blockquotes() -> None:
    text, quoted = html_to_text("<p>New</p><blockquote>Old</blockquote>")
    assert (text, quoted) == ("New", "Old")


def test_crlf_message() -> None:
    raw = b"From: A <a@b.example>\r\nSubject: Hi\r\n\r\nLine one\r\nLine two\r\n"
    m = parse(raw)
    assert m.subject == "Hi"
    assert m.text == "Line one\nLine two"


def test_forwarded_as_attachment_and_deep_nesting() -> None:
    inner = b"From: Globex <jobs@globex.example>\nSubject: Decision\n\nWe chose someone else.\n"
    raw = (
        b"From: Me <me@me.example>\nSubject: Fwd: Decision\n"
        b'Content-Type: multipart/mixed; boundary="m"\n\n--m\nContent-Type: text/plain\n\n'
        b"See the attached message.\n--m\nContent-Type: message/rfc822\n\n" + inner + b"--m--\n"
    )
    m = parse(raw)
    assert m.text == "See the attached message."
    assert "We chose someone else." in m.quoted
    for i in range(100):  # a pathological chain of attached messages does not recurse forever
        inner = b"Subject: s%d\nContent-Type: message/rfc822\n\n" % i + inner
    assert parse(inner).subject == "s99"


def test_base64_text_keeps_its_last_bytes_and_loses_its_nuls() -> None:
    body = base64.b64encode(b"We will not move forward.\x00 Good luck, world").decode()
    raw = (
        "From: a@b.example\nSubject: Your appli\x00cation\nContent-Type: text/plain\n"
        f"Content-Transfer-Encoding: base64\n\n{body}\n"
    ).encode()
    msg = parse(raw)
    assert msg.text.endswith("Good luck, world")
    assert "\x00" not in msg.text
    assert msg.subject == "Your application"

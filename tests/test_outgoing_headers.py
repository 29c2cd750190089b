"""Outgoing mail carries exactly the headers it should: a line break in a subject, a name or
an address, typed or hidden in an encoded word, is refused in one line before anything is
built, and a recipient list is read as a list with every address checked."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime

import pytest

from doorajar.drafts.outbox import as_bytes, build_message
from doorajar.errors import InvalidInput
from doorajar.model import Draft

NOW = datetime(2026, 11, 22, 15, 0, tzinfo=UTC)


def _draft(**fields: str) -> Draft:
    base = {
        "kind": "reply",
        "variant": "warm",
        "lang": "en",
        "subject": "Thank you, Dana",
        "body": "Thank you for the news.\n",
        "to_name": "Dana Li",
        "to_addr": "dana.li@acme.example",
    }
    base.update(fields)
    return Draft(**base)  # type: ignore[arg-type]


INJECTIONS = {
    "encoded CRLF in the subject": {"subject": "=?utf-8?q?X=0D=0ABcc:_evil@attacker.example?="},
    "plain CRLF in the subject": {"subject": "Hello\r\nBcc: evil@attacker.example"},
    "a lone CR in the subject": {"subject": "Hello\rthere"},
    "a line separator in the subject": {"subject": "Hello\u2028Bcc: evil@attacker.example"},
    "a newline in the name": {"to_name": "Dana\nBcc: evil@attacker.example"},
    "an encoded newline in the name": {"to_name": "=?utf-8?b?RGFuYQpCY2M6IGV2aWw=?="},
    "a newline in the address": {"to_addr": "dana.li@acme.example\nBcc: evil@attacker.example"},
}


@pytest.mark.parametrize("case", sorted(INJECTIONS))
def test_a_line_break_in_any_header_is_refused(case: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        build_message(
            _draft(**INJECTIONS[case]), sender="sam@example.org", sender_name="Sam", now=NOW
        )
    assert "\n" not in refused.value.message
    assert "nothing was sent" in refused.value.message or "not a valid" in refused.value.message


def test_no_bcc_can_appear_in_what_goes_out() -> None:
    msg = build_message(_draft(), sender="sam@example.org", sender_name="Sam", now=NOW)
    wire = as_bytes(msg)
    parsed = email.message_from_bytes(wire, policy=email.policy.default)
    assert parsed["Bcc"] is None
    assert parsed["Subject"] == "Thank you, Dana"


def test_a_recipient_list_is_a_list_of_checked_addresses() -> None:
    draft = _draft(to_addr="a@x.example, Bo <b@y.example>", to_name="")
    msg = build_message(draft, sender="sam@example.org", sender_name="Sam", now=NOW)
    assert [a.addr_spec for a in msg["To"].addresses] == ["a@x.example", "b@y.example"]
    with pytest.raises(InvalidInput, match="not a valid email address"):
        build_message(
            _draft(to_addr="a@x.example, b@"), sender="sam@example.org", sender_name="S", now=NOW
        )

"""Settings are checked on the way in: a refused value changes nothing, in one line."""

from __future__ import annotations

import json

import pytest

from tests.helpers import Cli

REFUSED = [
    ("imap_url", "imap://me:hunter2@mail.example", "no password or token"),
    ("imap_url", "javascript:alert(1)", "starts with imap:// or imaps://"),
    ("imap_url", "https://mail.example", "starts with imap:// or imaps://"),
    ("user_linkedin", "javascript:alert(document.cookie)", "starts with https://"),
    ("review_threshold", "250", "from 0 to 100"),
    ("smtp_port", "0", "from 1 to 65535"),
    ("smtp_port", "70000", "from 1 to 65535"),
    ("user_name", "Sam\nBcc: evil@attacker.example", "on one line"),
    ("user_email", "not-an-address", "not an email address"),
    ("silent_after_days", "0", "from 1 to 365"),
    ("linkedin_note_limit", "5", "from 50 to 3000"),
    ("revisit_first_months", "0", "from 1 to 60"),
    ("weekly_target", "100000", "from 0 to 100"),
    ("smtp_host", "javascript:alert(1)", "a server name"),
    ("smtp_host", "smtp://mail.example/", "a server name"),
    ("timezone", "Mars/Olympus", "Unknown time zone"),
]


@pytest.mark.parametrize(("name", "value", "says"), REFUSED)
def test_a_bad_setting_is_refused_and_nothing_changes(
    cli: Cli, name: str, value: str, says: str
) -> None:
    before = cli.ok("export", "--json")
    r = cli("config", name, value)
    assert r.exit_code == 1
    assert says in r.stderr
    assert r.stderr.count("\n") == 1
    assert cli.ok("export", "--json") == before
    assert "hunter2" not in cli.ok("export", "--json")


def test_good_values_are_kept(cli: Cli) -> None:
    cli.ok("config", "imap_url", "imaps://me@mail.example")
    cli.ok("config", "user_signature", "Sam Rivera\n+49 30 1234567")
    cli.ok("config", "review_threshold", "75")
    doc = json.loads(cli.ok("export", "--json"))
    stored = json.dumps(doc)
    assert "imaps://me@mail.example" in stored
    assert "+49 30 1234567" in stored

"""Settings are checked on the way in: a refused value changes nothing, in one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from doorajar.errors import InvalidInput
from doorajar.service import Tracker
from doorajar.settings import parse_value
from tests.helpers import Cli
from tests.web_helpers import BASE, Web, text_of, web_fixture  # noqa: F401

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
    ("user_email", "sam@", "not an email address"),
    ("user_linkedin", "JavaScript:alert(1)", "starts with https://"),
    ("watch_url_greenhouse", "javascript:alert(1)", "starts with https://"),
    ("gmail_authority", "http://accounts.google.com", "starts with https://"),
    ("outlook_authority", "javascript://login.microsoftonline.com/%0aalert(1)", "https://"),
    ("mail_timeout_seconds", "0", "from 1 to 3600"),
    ("watch_fit_threshold", "101", "from 0 to 100"),
    ("smtp_security", "none", "one of starttls, tls, plain"),
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


@pytest.mark.parametrize(("name", "value", "says"), REFUSED)
def test_the_one_check_refuses_what_config_refuses(name: str, value: str, says: str) -> None:
    with pytest.raises(InvalidInput, match=says.replace("(", r"\(")):
        parse_value(name, value)


@pytest.mark.parametrize(("name", "value", "says"), REFUSED)
def test_the_settings_page_refuses_the_same_and_changes_nothing(
    web: Web, tracker: Tracker, name: str, value: str, says: str
) -> None:
    before = tracker.export_json()
    r = web.post(f"/settings/{name}", {"value": value}, headers={"referer": f"{BASE}/settings"})
    assert r.status_code == 303
    assert r.headers["location"] == "/settings"
    assert says in text_of(web.page("/settings"))
    assert tracker.export_json() == before


BAD_STORED = [
    ("imap_url", "javascript:alert(1)", "starts with imap:// or imaps://"),
    ("imap_url", "imaps://me:hunter2@mail.example", "no password or token"),
    ("review_threshold", 250, "from 0 to 100"),
    ("smtp_port", 70000, "from 1 to 65535"),
    ("user_email", "not-an-address", "not an email address"),
    ("user_name", "Sam\r\nBcc: evil@attacker.example", "on one line"),
    ("weekly_target", "5", "takes a whole number"),
]


@pytest.mark.parametrize(("name", "value", "says"), BAD_STORED)
def test_a_backup_with_a_bad_setting_is_refused_and_nothing_changes(
    cli: Cli, tmp_path: Path, name: str, value: object, says: str
) -> None:
    cli.ok("apply", "Acme Robotics", "Data Engineer")
    doc = json.loads(cli.ok("export", "--json"))
    doc["tables"]["settings"] = [{"key": name, "value": value}]
    backup = tmp_path / "backup.json"
    backup.write_text(json.dumps(doc))
    before = cli.ok("export", "--json")
    r = cli("import", str(backup), "--replace")
    assert r.exit_code == 1
    assert says in r.stderr
    assert "Row 1 of 'settings'" in r.stderr
    assert r.stderr.count("\n") == 1
    assert cli.ok("export", "--json") == before
    assert "hunter2" not in cli.ok("export", "--json")


def test_a_backup_keeps_good_settings_and_passes_over_unknown_ones(
    cli: Cli, tmp_path: Path
) -> None:
    doc = json.loads(cli.ok("export", "--json"))
    doc["tables"]["settings"] = [
        {"key": "imap_url", "value": "imaps://me@mail.example"},
        {"key": "review_threshold", "value": 75},
        {"key": "a_setting_of_another_version", "value": "javascript:x"},
    ]
    backup = tmp_path / "backup.json"
    backup.write_text(json.dumps(doc))
    cli.ok("import", str(backup), "--replace")
    stored = {
        r["key"]: r["value"] for r in json.loads(cli.ok("export", "--json"))["tables"]["settings"]
    }
    assert stored["imap_url"] == "imaps://me@mail.example"
    assert stored["review_threshold"] == 75

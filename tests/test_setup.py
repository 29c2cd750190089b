"""Setup is offered, never forced: `ajar setup`, the one-line offer, the web's setup page,
and saved drafts that fill themselves in once your name or the recipient is known."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from doorajar.cli import setup as setup_cli
from doorajar.service import Tracker
from tests.helpers import NOW, Cli
from tests.web_helpers import Web, serve, text_of

HINT = "ajar setup"


def _rejected(cli: Cli) -> None:
    cli.ok("apply", "Acme Robotics", "Data Engineer", "--date", str((NOW - timedelta(30)).date()))
    cli.ok("reject", "acme", "--stage", "final_round")


def test_setup_by_options_stores_everything_or_nothing(cli: Cli, tracker: Tracker) -> None:
    out = cli.ok(
        "setup",
        "--name",
        "Sam Rivera",
        "--email",
        "sam@example.org",
        "--signature",
        "Sam Rivera\n+49 30 1234",
        "--linkedin",
        "https://www.linkedin.com/in/sam-rivera",
        "--language",
        "de",
        "--weekly-target",
        "7",
    )
    assert "user_name       Sam Rivera" in out
    assert "Still missing" not in out
    s = tracker.settings()
    assert (s.user_name, s.user_email, s.language, s.weekly_target) == (
        "Sam Rivera",
        "sam@example.org",
        "de",
        7,
    )
    assert s.user_signature == "Sam Rivera\n+49 30 1234"
    # one wrong field and nothing changes
    r = cli("setup", "--name", "Someone Else", "--email", "not-an-address")
    assert r.exit_code == 1
    assert "not an email address" in r.stderr
    assert tracker.settings().user_name == "Sam Rivera"
    r = cli("setup", "--weekly-target", "many")
    assert r.exit_code == 1
    assert "whole number" in r.stderr


def test_setup_without_a_terminal_or_options_says_how(cli: Cli, tracker: Tracker) -> None:
    r = cli("setup")
    assert r.exit_code == 1
    assert r.stderr.count("\n") == 1
    assert 'ajar setup --name "Sam Rivera" --email sam@example.org' in r.stderr
    assert tracker.settings().user_name == ""


def test_setup_asks_on_a_terminal(
    cli: Cli, tracker: Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(setup_cli, "interactive", lambda: True)
    answers = "Sam Rivera\nsam@example.org\nSam\\nBerlin\n\n\n4\n"
    out = cli.ok("setup", input=answers)
    assert "Your name, to sign messages" in out
    s = tracker.settings()
    assert (s.user_name, s.user_email, s.user_signature, s.weekly_target) == (
        "Sam Rivera",
        "sam@example.org",
        "Sam\nBerlin",
        4,
    )
    assert s.language == "en"  # Enter kept it


def test_a_draft_without_a_terminal_names_setup_in_one_line_and_goes_on(cli: Cli) -> None:
    _rejected(cli)
    r = cli("draft", "acme", "--appreciation", "the pairing session")
    assert r.exit_code == 0
    lines = [ln for ln in r.stderr.splitlines() if HINT in ln]
    assert len(lines) == 1
    assert lines[0].startswith("Your name and email are not set")
    assert "Draft #1" in r.stdout
    cli.ok("setup", "--name", "Sam Rivera", "--email", "sam@example.org")
    assert HINT not in cli("draft", "acme").stderr


def test_a_draft_on_a_terminal_asks_for_the_missing_name(
    cli: Cli, tracker: Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    _rejected(cli)
    tracker.set_config("user_email", "sam@example.org")
    monkeypatch.setattr(setup_cli, "interactive", lambda: True)
    r = cli("draft", "acme", "--appreciation", "the pairing session", input="Sam Rivera\n")
    assert r.exit_code == 0, r.stderr
    assert "Your name is not set yet (Enter skips)." in r.stderr
    assert tracker.settings().user_name == "Sam Rivera"
    assert "[your name]" not in r.stdout


def test_a_saved_draft_fills_itself_in_once_name_and_recipient_are_known(
    cli: Cli, tracker: Tracker
) -> None:
    _rejected(cli)
    first = json.loads(cli.ok("draft", "acme", "--appreciation", "the pairing session", "--json"))
    assert set(first["missing"]) >= {"your name", "recipient name", "recipient email"}
    cli.ok("setup", "--name", "Sam Rivera", "--email", "sam@example.org")
    cli.ok(
        "contact",
        "add",
        "Dana Li",
        "--company",
        "Acme Robotics",
        "--email",
        "dana.li@acme.example",
    )
    again = json.loads(cli.ok("draft", "acme", "--json"))
    assert again["missing"] == []
    assert again["to"] == "Dana Li <dana.li@acme.example>"
    assert "Hi Dana," in again["body"]
    assert "Sam Rivera" in again["body"]
    assert "the pairing session" in again["body"]  # the user's own words stay
    assert cli.ok("draft", "acme").startswith("Draft #1:")  # the same draft, filled in


def test_an_edited_draft_is_left_as_the_user_wrote_it(
    cli: Cli, tracker: Tracker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _rejected(cli)
    assert cli.ok("draft", "acme", "--appreciation", "the pairing session").startswith("Draft #1:")
    tracker.drafts.edit(1, "Subject: Thanks\n\nHello [their name], thank you.\n")
    cli.ok("setup", "--name", "Sam Rivera", "--email", "sam@example.org")
    cli.ok("contact", "add", "Dana Li", "--company", "Acme Robotics", "--email", "d@acme.example")
    again = json.loads(cli.ok("draft", "acme", "--json"))
    assert again["body"] == "Hello [their name], thank you.\n"
    assert "recipient name" in again["missing"]


@pytest.fixture
def web(tracker: Tracker, home: Path) -> Iterator[Web]:
    with serve(home) as client:
        yield client


def test_today_shows_a_setup_banner_until_name_and_email_are_set(
    cli: Cli, tracker: Tracker, web: Web
) -> None:
    _rejected(cli)
    page = text_of(web.page("/"))
    assert "Your name and email are not set yet" in page
    assert "Send a short thank-you" in page  # Today is still there
    assert 'href="/setup"' in web.page("/")
    form = text_of(web.page("/setup"))
    assert "Your name, for signing messages." in form
    shown = web.submit(
        "/setup",
        {
            "user_name": "Sam Rivera",
            "user_email": "sam@example.org",
            "user_signature": "Sam Rivera\r\nBerlin",
            "user_linkedin": "",
            "language": "fr",
            "weekly_target": "6",
        },
    )
    assert "Saved." in text_of(shown)
    assert "not set yet" not in text_of(shown)
    s = tracker.settings()
    assert (s.user_name, s.user_signature, s.language, s.weekly_target) == (
        "Sam Rivera",
        "Sam Rivera\nBerlin",
        "fr",
        6,
    )


def test_the_setup_page_refuses_bad_input_and_a_missing_token(tracker: Tracker, web: Web) -> None:
    r = web.post("/setup", {"user_name": "Sam", "user_email": "nope", "weekly_target": "5"})
    assert r.status_code in (303, 400)
    assert tracker.settings().user_name == ""
    web.token()
    refused = web.client.post("/setup", data={"user_name": "Sam"}, follow_redirects=False)
    assert refused.status_code == 403
    assert tracker.settings().user_name == ""

"""Skipping or snoozing many actions at once, in the CLI and on the web's Today."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from doorajar.model import Action, ActionKind, ActionStatus
from doorajar.service import Tracker
from doorajar.store import repo
from tests.helpers import NOW, Cli
from tests.web_helpers import Web, serve, text_of


def _day(days_ago: int) -> str:
    return str((NOW - timedelta(days=days_ago)).date())


@pytest.fixture
def three(cli: Cli) -> Cli:
    """Three final-round rejections, eight and nine days ago and today: overdue thank-yous,
    LinkedIn notes and reflections, and today's."""
    for company, days_ago in (("Acme Robotics", 9), ("Globex Systems", 8), ("Initech", 0)):
        cli.ok("apply", company, "Data Engineer", "--date", _day(30))
        cli.ok("reject", company, "--stage", "final_round", "--date", _day(days_ago))
    return cli


def _actions(tracker: Tracker) -> list[Action]:
    with tracker.tx() as s:
        return repo.actions(s)


def _of(tracker: Tracker, kind: ActionKind) -> dict[int, Action]:
    return {a.application_id or 0: a for a in _actions(tracker) if a.kind is kind}


def test_skip_every_overdue_action_of_a_kind(three: Cli, tracker: Tracker) -> None:
    out = three.ok("skip", "--kind", "linkedin_connect", "--overdue", "--reason", "not on LinkedIn")
    assert out.startswith("Skipped 2 actions:")
    notes = _of(tracker, ActionKind.LINKEDIN_CONNECT)
    assert notes[1].status is ActionStatus.SKIPPED
    assert notes[1].note == "not on LinkedIn"
    assert notes[2].status is ActionStatus.SKIPPED
    assert notes[3].status is ActionStatus.PENDING  # today's is not overdue
    today = json.loads(three.ok("today", "--json"))
    kinds = [i["action"]["kind"] for i in today["overdue"]]
    assert "linkedin_connect" not in kinds
    assert "reply" in kinds


def test_snooze_every_action_of_one_application(three: Cli, tracker: Tracker) -> None:
    out = three.ok("snooze", "acme", "--all", "--days", "7", "--json")
    changed = json.loads(out)
    until = NOW + timedelta(days=7)
    acme = [a for a in _actions(tracker) if a.application_id == 1 and a.open]
    # every open action due before then is put off; the revisits months away stay where they are
    assert {a["id"] for a in changed} == {a.id for a in acme if a.kind is not ActionKind.REVISIT}
    for a in acme:
        if a.kind is ActionKind.REVISIT:
            assert a.status is ActionStatus.PENDING
        else:
            assert a.status is ActionStatus.SNOOZED
            assert a.snoozed_until == until
    today = json.loads(three.ok("today", "--json"))
    assert all(i["application_id"] != 1 for i in today["overdue"] + today["today"])
    # the others are untouched
    assert _of(tracker, ActionKind.REPLY)[2].status is ActionStatus.PENDING


def test_bulk_bad_input_changes_nothing(three: Cli, tracker: Tracker) -> None:
    before = three.ok("export", "--json")
    for args, said in (
        (("skip", "--kind", "revisit", "--overdue", "--reason", "x"), "no overdue revisit"),
        (("skip", "--all", "--reason", "x"), "--all needs the application"),
        (("skip", "acme", "--reason", "x"), "not an action number"),
        (("snooze", "--kind", "rsvp", "--days", "2"), "Unknown action kind 'rsvp'"),
        (("skip", "acme", "--all", "--reason", " "), "Say why you are skipping it"),
        (("snooze", "nobody", "--all", "--days", "2"), "No application matches"),
    ):
        r = three(*args)
        assert r.exit_code == 1, args
        assert said in r.stderr, (args, r.stderr)
    assert three.ok("export", "--json") == before


@pytest.fixture
def web(tracker: Tracker, home: Path) -> Iterator[Web]:
    with serve(home) as client:
        yield client


def test_today_page_snoozes_and_skips_the_ticked_ones(
    three: Cli, tracker: Tracker, web: Web
) -> None:
    page = web.page("/")
    replies = _of(tracker, ActionKind.REPLY)
    for a in replies.values():
        assert f'name="ids" value="{a.id}" form="bulk"' in page
    assert 'action="/actions/bulk?csrf=' in page
    ticked = [str(replies[1].id), str(replies[2].id)]
    shown = web.submit("/actions/bulk", {"ids": ticked, "what": "snooze", "days": "3"})
    assert "Snoozed 2 actions until" in text_of(shown)
    after = _of(tracker, ActionKind.REPLY)
    assert after[1].status is ActionStatus.SNOOZED
    assert after[2].status is ActionStatus.SNOOZED
    assert after[3].status is ActionStatus.PENDING

    reflects = _of(tracker, ActionKind.REFLECT)
    ids = [str(a.id) for a in reflects.values()]
    r = web.post("/actions/bulk", {"ids": ids, "what": "skip", "reason": ""})
    assert r.status_code in (303, 400)
    assert all(a.open for a in _of(tracker, ActionKind.REFLECT).values())
    shown = web.submit("/actions/bulk", {"ids": ids, "what": "skip", "reason": "wrote it down"})
    assert "Skipped 3 actions." in text_of(shown)
    assert {a.status for a in _of(tracker, ActionKind.REFLECT).values()} == {ActionStatus.SKIPPED}


def test_the_bulk_form_needs_its_csrf_token(three: Cli, tracker: Tracker, web: Web) -> None:
    reply = _of(tracker, ActionKind.REPLY)[1]
    web.token()
    r = web.client.post(
        "/actions/bulk",
        data={"ids": [str(reply.id)], "what": "snooze", "days": "3"},
        follow_redirects=False,
    )
    assert r.status_code == 403
    assert _of(tracker, ActionKind.REPLY)[1].status is ActionStatus.PENDING

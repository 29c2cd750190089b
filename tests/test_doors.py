"""The keep-this-door-open decision (pure) and how the plan takes it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from doorajar import playbook
from doorajar.doors import decide, parse_answers
from doorajar.errors import InvalidInput
from doorajar.model import (
    ActionKind,
    ActionStatus,
    Answers,
    Application,
    Rejection,
    RejectionKind,
    Stage,
)
from tests.helpers import NOW


@pytest.mark.parametrize(
    ("answers", "state", "why"),
    [
        ("y,y,y,y", "open", "Yes to clear answer, fair process, long-term interest and something"),
        ("-,-,y,-", "open", "Yes to long-term interest: keep in touch"),
        ("y,y,n,y", "closed", "no long-term interest in Acme"),
        ("n,n,-,y", "closed", "Silence and a process that felt unfair"),
        ("y,n,-,-", "ajar", "the process felt unfair: revisit Acme for other teams"),
        ("n,y,-,n", "open", "Yes to fair process"),
        ("-,-,-,-", "open by default", "Not decided yet"),
    ],
)
def test_answers_decide_with_a_reason(answers: str, state: str, why: str) -> None:
    door = decide(parse_answers(answers), None, company="Acme")
    assert door.state == state
    assert why in door.reason


def test_override_wins_over_the_answers() -> None:
    closed = parse_answers("y,y,y,y")
    assert decide(closed, "close", company="Acme").state == "closed"
    assert decide(parse_answers("n,n,n,n"), "keep", company="Acme").state == "open"


def test_answers_parse_strictly() -> None:
    assert parse_answers("Y, no ,-") == Answers(True, False, None, None)
    with pytest.raises(InvalidInput):
        parse_answers("y,y,y,y,y")
    with pytest.raises(InvalidInput):
        parse_answers("perhaps")


def test_a_closed_door_skips_the_revisits_with_its_reason() -> None:
    app = Application(1, "Acme", "Data Engineer", NOW - timedelta(days=40))
    rej = Rejection(1, 1, RejectionKind.PERSONAL, Stage.FINAL_ROUND, NOW)

    def revisits(door_open: bool | None) -> list[tuple[ActionStatus, str]]:
        history = playbook.History(done={}, door_open=door_open, door_reason="not for me")
        return [
            (p.status, p.reason)
            for p in playbook.plan(app, rej, history)
            if p.kind is ActionKind.REVISIT
        ]

    assert [s for s, _ in revisits(None)] == [ActionStatus.PENDING] * 2
    assert [s for s, _ in revisits(True)] == [ActionStatus.PENDING] * 2
    closed = revisits(False)
    assert [s for s, _ in closed] == [ActionStatus.SKIPPED] * 2
    assert all(r == "You closed this door: not for me" for _, r in closed)

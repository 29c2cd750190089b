"""A month of a job search on an explicit clock: the agenda asserted on every day."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from doorajar.agenda.rules import Agenda, AgendaItem
from doorajar.doors import parse_answers
from doorajar.model import ActionKind, ActionStatus, ContactRole, RejectionKind, Stage
from doorajar.service import Tracker
from tests.helpers import NOW, Clock

DAY = timedelta(days=1)


def day(n: int) -> datetime:
    return NOW + n * DAY


@dataclass(frozen=True)
class Seg:
    """An action expected open on days [start, end) with this due day."""

    kind: str
    company: str
    start: int
    end: int
    due: int


# Worked out from PLAYBOOK.md and the default settings (reply 48 h, feedback request 3 days
# after the reply, follow-up 10 days after the request, silent after 21 days), independently
# of the code: what should be open on which day, and when it is due.
EXPECTED = (
    Seg("next_application", "Globex", 1, 2, 1),  # form rejection d1; Umbra applied d2
    Seg("next_application", "Acme", 8, 10, 8),  # personal rejection d8; Hooli applied d10
    Seg("reflect", "Acme", 8, 9, 9),  # done on d9
    Seg("reply", "Acme", 8, 10, 10),  # due 48 h later; done d10
    Seg("linkedin_connect", "Acme", 8, 10, 10),  # done d10
    Seg("feedback_request", "Acme", 8, 13, 13),  # reply done d10 + 3 days; done d13
    Seg("feedback_follow_up", "Acme", 13, 20, 23),  # 10 days after the request; feedback d20
    Seg("thank_for_feedback", "Acme", 20, 22, 21),  # a day after the feedback; done d22
    Seg("check_in", "Initech", 21, 26, 21),  # silent 21 days after applying; done d26
    # Pied Piper applied d24, but from d23 the one nudge shown is Umbra's, the latest no
    Seg("next_application", "Initech", 21, 23, 21),
    Seg("next_application", "Umbra", 23, 24, 23),
    Seg("reflect", "Umbra", 23, 31, 24),  # never done: overdue from d25
    Seg("reply", "Umbra", 23, 25, 25),
    Seg("reply", "Umbra", 25, 28, 27),  # snoozed on d25 until d27; done d28
    Seg("linkedin_connect", "Umbra", 23, 26, 25),  # skipped d26
    Seg("feedback_request", "Umbra", 23, 28, 28),  # reply due d25 + 3 days
    Seg("feedback_request", "Umbra", 28, 31, 31),  # reply done d28 + 3 days
)


def expected(d: int, window: int = 7) -> dict[str, list[tuple[str, str, int]]]:
    out: dict[str, list[tuple[str, str, int]]] = {"overdue": [], "today": [], "coming": []}
    for s in EXPECTED:
        if not s.start <= d < s.end:
            continue
        if s.due < d:
            out["overdue"].append((s.kind, s.company, s.due))
        elif s.due == d:
            out["today"].append((s.kind, s.company, s.due))
        elif s.due <= d + window:
            out["coming"].append((s.kind, s.company, s.due))
    return {k: sorted(v) for k, v in out.items()}


def seen(ag: Agenda) -> dict[str, list[tuple[str, str, int]]]:
    def rows(items: tuple[AgendaItem, ...]) -> list[tuple[str, str, int]]:
        out = []
        for it in items:
            company = (it.who or "").rsplit(" at ", 1)[-1].split()[0]
            out.append((it.action.kind.value, company, (it.due.date() - NOW.date()).days))
        return sorted(out)

    return {"overdue": rows(ag.overdue), "today": rows(ag.today), "coming": rows(ag.coming)}


def act(
    t: Tracker,
    company: str,
    kind: ActionKind,
    status: ActionStatus,
    *,
    note: str | None = None,
    until: datetime | None = None,
) -> None:
    for a in t.show(company).actions:
        if a.kind is kind and a.open:
            t.act(a.id, status, note=note, until=until)
            return
    raise AssertionError(f"no open {kind} for {company}")


def test_a_month_of_job_search_day_by_day(tracker: Tracker, clock: Clock) -> None:
    t = tracker
    events: dict[int, list[Callable[[], object]]] = {
        0: [
            lambda: t.apply("Acme", "Data Engineer"),
            lambda: t.apply("Globex", "Data Engineer"),
            lambda: t.apply("Initech", "Platform Engineer"),
        ],
        1: [lambda: t.reject("Globex", kind=RejectionKind.FORM)],
        2: [
            lambda: t.apply("Umbra", "Analytics Engineer"),
            lambda: t.advance("Acme", Stage.RECRUITER_SCREEN),
        ],
        5: [
            lambda: t.advance("Acme", Stage.HIRING_MANAGER),
            lambda: t.add_contact("Dana Li", company="Acme", role=ContactRole.RECRUITER),
        ],
        8: [lambda: t.reject("Acme", kind=RejectionKind.PERSONAL, contact="Dana Li")],
        9: [lambda: act(t, "Acme", ActionKind.REFLECT, ActionStatus.DONE)],
        10: [
            lambda: t.apply("Hooli", "Data Engineer"),
            lambda: act(t, "Acme", ActionKind.REPLY, ActionStatus.DONE),
            lambda: act(t, "Acme", ActionKind.LINKEDIN_CONNECT, ActionStatus.DONE),
        ],
        12: [lambda: t.advance("Umbra", Stage.RECRUITER_SCREEN)],
        13: [lambda: act(t, "Acme", ActionKind.FEEDBACK_REQUEST, ActionStatus.DONE)],
        20: [lambda: t.add_feedback("Acme", "More depth on streaming systems would help.")],
        22: [
            lambda: act(t, "Acme", ActionKind.THANK_FOR_FEEDBACK, ActionStatus.DONE),
            lambda: t.relations.set_door("Acme", answers=parse_answers("y,y,n,-")),
        ],
        23: [lambda: t.reject("Umbra", kind=RejectionKind.PERSONAL)],
        24: [lambda: t.apply("Pied Piper", "Data Engineer")],
        25: [lambda: act(t, "Umbra", ActionKind.REPLY, ActionStatus.SNOOZED, until=day(27))],
        26: [
            lambda: act(t, "Initech", ActionKind.CHECK_IN, ActionStatus.DONE),
            lambda: act(
                t, "Umbra", ActionKind.LINKEDIN_CONNECT, ActionStatus.SKIPPED, note="no contact"
            ),
        ],
        28: [lambda: act(t, "Umbra", ActionKind.REPLY, ActionStatus.DONE)],
    }
    streaks: dict[int, tuple[int, int, int, bool]] = {}
    for d in range(31):
        clock.now = day(d)
        for step in events.get(d, []):
            step()
        t.sweep()  # the time-driven writes a command runs first
        ag = t.planner.agenda(7)
        assert seen(ag) == expected(d), f"day {d}"
        m = ag.momentum
        assert m is not None
        streaks[d] = (m.today, m.this_week, m.streak_weeks, m.nudge is not None)

    # Sunday d0: three sent; Monday d1 starts a new week, the streak still stands on last
    # week; the week of d15-d21 has none, which breaks the streak once it is over (d22);
    # Pied Piper (d24) starts a new one.
    assert streaks[0] == (3, 3, 1, False)
    assert streaks[1] == (0, 0, 1, True)
    assert streaks[2] == (1, 1, 2, False)
    assert streaks[10] == (1, 1, 3, False)
    assert streaks[21] == (0, 0, 3, True)
    assert streaks[22] == (0, 0, 0, True)
    assert streaks[24] == (1, 1, 1, False)

    # The closed door (no long-term interest at Acme) skipped both revisits with its reason,
    # and Dana gets no touches.
    revisits = [a for a in t.show("Acme").actions if a.kind is ActionKind.REVISIT]
    assert [a.status for a in revisits] == [ActionStatus.SKIPPED] * 2
    assert all("no long-term interest in Acme" in (a.note or "") for a in revisits)
    t.sweep()  # the time-driven writes a command runs first
    dana = t.relations.contact("Dana")
    assert dana.next_touch is None
    assert not dana.kept

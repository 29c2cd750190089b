"""An advisor's cohort figures: a cohort worked out by hand, suppression under 5 seekers, and
complementary suppression that leaves no hidden figure to be worked out from the shown ones."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from doorajar.model import (
    Application,
    Channel,
    Direction,
    Outcome,
    Rejection,
    RejectionKind,
    SearchData,
    Stage,
    Touch,
)
from doorajar.patterns.cohort import Cell, Reason, Table, cohort, protect, render_text

NOW = datetime(2026, 11, 22, 15, 0, tzinfo=UTC)
F, C = Reason.FEW_SEEKERS, Reason.COMPLEMENTARY


@dataclass(frozen=True)
class App:
    """One application as the tests describe it."""

    company: str
    days_ago: int
    source: str
    stage: Stage = Stage.APPLIED
    kind: RejectionKind | None = None  # the rejection, if any
    answer_after: int | None = None  # days from applying to a message or a rejection
    outcome: Outcome | None = None


def search(apps: list[App]) -> SearchData:
    """The SearchData the store would hand over for these applications."""
    out, rejections, touches = [], [], []
    for i, a in enumerate(apps, 1):
        applied = NOW - timedelta(days=a.days_ago)
        outcome = a.outcome or (Outcome.REJECTED if a.kind else Outcome.ACTIVE)
        out.append(Application(i, a.company, "Analyst", applied, a.stage, outcome,
                               source=a.source))  # fmt: skip
        if a.kind is not None:
            after = a.answer_after if a.answer_after is not None else 21
            rejections.append(Rejection(i, i, a.kind, a.stage, applied + timedelta(days=after)))
        elif a.answer_after is not None:
            at = applied + timedelta(days=a.answer_after)
            touches.append(Touch(i, Direction.IN, Channel.EMAIL, at, application_id=i))
    return SearchData(tuple(out), (), tuple(rejections), tuple(touches))


def hand_cohort(n: int = 6) -> dict[str, SearchData]:
    """Six seekers: all ghosted by Ghostly Ltd, all turned down by Form Co's form (after
    2, 4, … 12 days), five turned down kindly at Kind Corp's final round, one still at
    Solo Inc's hiring manager, one waiting on a second Ghostly application."""
    people: dict[str, list[App]] = {}
    for k in range(1, n + 1):
        apps = [
            App("Ghostly Ltd", 40, "job_board", kind=RejectionKind.SILENT),
            App("Form Co", 30, "linkedin", kind=RejectionKind.FORM, answer_after=2 * k),
        ]
        if k == 1:
            apps.append(App("Solo Inc", 10, "referral", Stage.HIRING_MANAGER, answer_after=3))
        else:
            apps.append(
                App("Kind Corp", 20, "referral", Stage.FINAL_ROUND, RejectionKind.PERSONAL, 5)
            )
        if k == 2:
            apps.append(App("Ghostly, Ltd.", 5, "job_board"))
        people[f"seeker-{k}"] = apps
    return {key: search(apps) for key, apps in people.items()}


def grid(t: Table) -> list[list[object]]:
    """The table's cells as values, or the reason for a hidden one."""
    return [[c.value if c.shown else c.reason for c in row] for row in t.cells]


def test_a_cohort_computed_by_hand() -> None:
    c = cohort(hand_cohort(), NOW)
    assert c.seekers == 6
    assert c.funnel.columns == ("silent", "form", "personal", "open", "ended otherwise",
                                "total")  # fmt: skip
    # Worked out on paper. Applied: 6 silent, 6 form, 1 open (seeker 2's second Ghostly
    # application: 1 seeker, hidden). Hiring manager: 1 open (seeker 1: hidden, and its
    # row total with it). Final round: 5 personal. Total open: 2 (2 seekers, hidden).
    # Complements, the smallest non-zero cell closing each line: applied silent, total
    # personal, total silent, final-round personal and the final-round total.
    assert grid(c.funnel) == [
        [C, 6, 0, F, 0, 13],
        [0, 0, 0, 0, 0, 0],
        [0, 0, 0, F, 0, F],
        [0, 0, C, 0, 0, C],
        [0, 0, 0, 0, 0, 0],
        [C, 6, C, F, 0, 19],
    ]
    # Job board: 6 unanswered (silent Ghostly), 1 waiting (5 days old, 1 seeker: hidden).
    assert c.sources.rows == ("referral", "linkedin", "company_site", "job_board",
                              "recruiter", "other", "total")  # fmt: skip
    assert grid(c.sources) == [
        [6, 0, 0, 6],
        [6, 0, 0, 6],
        [0, 0, 0, 0],
        [0, C, F, 7],
        [0, 0, 0, 0],
        [0, 0, 0, 0],
        [12, C, F, 19],
    ]
    # Answers after 2, 4, 6, 8, 10, 12 (Form Co), 3 (Solo Inc) and 5 x5 (Kind Corp) days:
    # sorted 2 3 4 5 5 5 5 5 6 8 10 12; median (5 + 5) / 2; quartiles at 2.75 and 8.25.
    rt = c.response_times
    assert (rt.median.value, rt.q1.value, rt.q3.value) == (5.0, 4.8, 6.5)
    # Every seeker was ghosted by Ghostly Ltd (however they spelled it), nobody else ghosts.
    assert [(g.company, g.ghosted.value, g.answered.value, g.applied.value)
            for g in c.ghosting] == [("Ghostly Ltd", 6, 0, 6)]  # fmt: skip
    assert c.unnamed_companies == Cell(0)


def test_the_renderings_hide_the_same_figures() -> None:
    c = cohort(hand_cohort(), NOW)
    data = json.loads(json.dumps(c.as_json()))
    assert data["funnel"]["cells"][2][3] == {"value": None, "suppressed": "fewer than 5 seekers"}
    assert data["funnel"]["cells"][0][1] == {"value": 6}
    assert data["sources"]["cells"][3][1]["suppressed"] == Reason.COMPLEMENTARY.value
    assert data["ghosting"][0]["company"] == "Ghostly Ltd"
    text = render_text(c)
    assert "seeker-" not in text
    assert "seeker-" not in json.dumps(data)
    hiring = next(line for line in text.splitlines() if line.startswith("hiring manager"))
    assert hiring.split()[2:] == ["0", "0", "0", "·", "0", "·"]
    assert "Ghostly Ltd: ghosted 6 seekers (answered 0, applied 6)" in text
    assert "median 5.0, middle half 4.8 to 6.5" in text


def test_a_cohort_of_four_shows_nothing() -> None:
    c = cohort(hand_cohort(4), NOW)
    for t in (c.funnel, c.sources):
        assert {cell.reason for row in t.cells for cell in row} == {Reason.SMALL_COHORT}
    assert c.response_times.median.value is None
    assert c.ghosting == ()
    assert c.unnamed_companies.reason is Reason.SMALL_COHORT
    figures = [ln for ln in render_text(c).splitlines()[1:] if any(ch.isdigit() for ch in ln)]
    assert figures == ["Companies that ghosted at least 5 seekers",
                       "· hidden: fewer than 5 seekers in the cohort"]  # fmt: skip


def test_four_seekers_behind_a_figure_hide_it_and_five_show_it() -> None:
    people = {}
    for k in range(10):
        stage = Stage.FINAL_ROUND if k < 5 else Stage.HIRING_MANAGER
        kind = RejectionKind.PERSONAL if k < 9 else RejectionKind.FORM
        people[f"s{k}"] = search([App("Acme", 30, "referral", stage, kind, 4)])
    c = cohort(people, NOW)
    assert c.funnel.cell("final_round", "personal") == Cell(5)
    assert c.funnel.cell("hiring_manager", "personal").reason is F  # s5..s8: four seekers
    assert c.funnel.cell("hiring_manager", "form").reason is F  # s9 alone
    # one seeker's many applications are still one seeker
    many = {f"s{k}": search([App(f"Co{j}", 30, "other") for j in range(1 if k else 9)])
            for k in range(5)}  # fmt: skip
    assert cohort(many, NOW).sources.cell("other", "unanswered") == Cell(13)
    few = dict(list(many.items())[:4]) | {"s9": search([])}
    assert cohort(few, NOW).sources.cell("other", "total").reason is Reason.SMALL_COHORT


def test_a_company_is_named_only_when_five_seekers_were_ghosted_by_it() -> None:
    people = {f"s{k}": search([App("Quiet Co", 30, "other")]) for k in range(5)}
    people |= {f"t{k}": search([App("Hush Inc", 30, "other")]) for k in range(4)}
    people["u"] = search([App("Quiet Co", 30, "other", kind=RejectionKind.FORM, answer_after=2)])
    c = cohort(people, NOW)
    assert [g.company for g in c.ghosting] == ["Quiet Co"]
    quiet = c.ghosting[0]
    # one seeker was answered: that figure and the count it would be subtracted from hide
    assert (quiet.ghosted.value, quiet.answered.reason, quiet.applied.reason) == (5, F, C)
    assert c.unnamed_companies == Cell(None, F)  # Hush Inc's four seekers only


# --- no hidden figure can be worked out ---------------------------------------------------

ENDS = ("silent", "form", "personal", "open", "withdrawn")
app_spec = st.tuples(
    st.sampled_from(list(Stage)),
    st.sampled_from(ENDS),
    st.sampled_from(("referral", "linkedin", "job_board", "other")),
    st.integers(0, 60),
)
cohorts = st.lists(st.lists(app_spec, max_size=6), max_size=14)


def _apps(specs: list[tuple[Stage, str, str, int]]) -> list[App]:
    out = []
    for stage, end, source, days in specs:
        kind = None if end in ("open", "withdrawn") else RejectionKind(end)
        answer = min(days, 3) if end in ("form", "personal") else None
        outcome = Outcome.WITHDRAWN if end == "withdrawn" else None
        out.append(App("Acme", days, source, stage, kind, answer, outcome))
    return out


def _determined(t: Table) -> list[tuple[int, int]]:
    """The hidden cells that the table's row, column and total equations pin down."""
    hidden = [(i, j) for i, row in enumerate(t.cells) for j, c in enumerate(row) if not c.shown]
    if not hidden:
        return []
    n, m = len(t.rows), len(t.columns)
    equations = []
    for i in range(n):  # row i: its cells add up to its total (the last column)
        equations.append([(1 if j < m - 1 else -1) if r == i else 0 for r, j in hidden])
    for j in range(m):  # column j: its cells add up to its total (the last row)
        equations.append([(1 if i < n - 1 else -1) if c == j else 0 for i, c in hidden])
    system = np.array(equations, dtype=float)
    rank = np.linalg.matrix_rank(system)
    return [
        cell
        for k, cell in enumerate(hidden)
        if np.linalg.matrix_rank(np.vstack([system, np.eye(len(hidden))[k]])) == rank
    ]


def test_two_hidden_blocks_joined_by_one_cell_get_a_second_link() -> None:
    # Every row and column with a hidden cell has at least two, but cell (1, 2) is the one
    # link between the two blocks: adding up rows 0-1 and columns 0-1 would pin it.
    interior = [[3, 4, 9, 9], [5, 6, 7, 9], [9, 9, 2, 8], [9, 9, 6, 1]]
    table = [[*row, sum(row)] for row in interior]
    table.append([sum(col) for col in zip(*table, strict=True)])
    given_cells = {(0, 0), (0, 1), (1, 0), (1, 1), (1, 2), (2, 2), (2, 3), (3, 2), (3, 3)}
    hidden = protect(table, given_cells, frozen={(4, 4)})
    assert hidden > given_cells
    assert (4, 4) not in hidden
    cells = tuple(
        tuple(Cell(None, C) if (i, j) in hidden else Cell(v) for j, v in enumerate(row))
        for i, row in enumerate(table)
    )
    t = Table("t", ("a", "b", "c", "d", "total"), ("a", "b", "c", "d", "total"), cells)
    assert _determined(t) == []
    unprotected = tuple(
        tuple(Cell(None, F) if (i, j) in given_cells else Cell(v) for j, v in enumerate(row))
        for i, row in enumerate(table)
    )
    assert _determined(Table("t", t.rows, t.columns, unprotected)) == [(1, 2)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cohorts)
def test_no_hidden_figure_can_be_worked_out(specs: list[list[tuple[Stage, str, str, int]]]) -> None:
    people = {f"p{k}": search(_apps(s)) for k, s in enumerate(specs)}
    c = cohort(people, NOW)
    # who is behind each funnel cell, counted here from the specs
    behind: dict[tuple[str, str], set[int]] = {}
    for k, s in enumerate(specs):
        for stage, end, _, _ in s:
            column = "ended otherwise" if end == "withdrawn" else end
            for key in ((stage, column), (stage, "total"), ("total", column), ("total", "total")):
                behind.setdefault((str(key[0]), key[1]), set()).add(k)
    active = sum(1 for s in specs if s)
    for row in c.funnel.rows:
        for column in c.funnel.columns:
            cell = c.funnel.cell(row, column)
            n = len(behind.get((row, column), set()))
            if active < 5:
                assert cell.reason is Reason.SMALL_COHORT
            elif 0 < n < 5:
                assert cell.reason is F
            elif cell.shown:
                assert cell.value == sum(
                    1
                    for s in specs
                    for stage, end, _, _ in s
                    if row in (str(stage), "total")
                    and column in ("ended otherwise" if end == "withdrawn" else end, "total")
                )
    for t in (c.funnel, c.sources):
        lines = [list(r) for r in t.cells] + [list(col) for col in zip(*t.cells, strict=True)]
        for line in lines:  # a row or column never hides just one of its figures
            assert sum(1 for cell in line if not cell.shown) != 1
        assert _determined(t) == []
    # the grand total is the same figure in both tables: shown in both or hidden in both
    assert c.funnel.cells[-1][-1] == c.sources.cells[-1][-1]

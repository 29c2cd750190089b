"""The job-board watch against a job-board server on 127.0.0.1 (tests/boards_server.py).

Each vendor's answer is served in its documented shape. What the user sees is asserted:
`ajar watch`, `watch list`, `watch roles`, Today, the digest, the calendar, the web's
Revisit page and the revisit note.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from doorajar.boards.fit import Preferences, fit
from doorajar.config import resolve
from doorajar.model import RejectionKind, Stage
from doorajar.service import Tracker
from doorajar.store import repo_mail
from doorajar.web import WebSettings, create_app
from tests.boards_server import VENDOR_PATHS, BoardServer
from tests.helpers import NOW, Cli, Clock
from tests.watch_helpers import DAY, JOBS, iso, point_at, rejected_at_acme
from tests.web_helpers import BASE, Web, text_of


def test_off_by_default_nothing_is_fetched(cli: Cli, board_server: BoardServer) -> None:
    rejected_at_acme(cli)
    point_at(board_server)
    board_server.serve("greenhouse", "acme", JOBS)
    cli.ok("watch", "add", "Acme Robotics", "--board", "greenhouse:acme")
    r = cli("watch")
    assert r.exit_code == 1
    assert "watch is off" in r.stderr
    assert "nothing was fetched" in r.stderr
    assert board_server.requests == []
    assert "off" in cli.ok("watch", "list")


def test_a_new_opening_that_fits_reaches_today_digest_calendar(
    cli: Cli, board_server: BoardServer
) -> None:
    rejected_at_acme(cli)
    point_at(board_server)
    board_server.serve("greenhouse", "acme", JOBS)
    cli.ok("watch", "on")
    cli.ok("watch", "add", "Acme Robotics", "--board", "greenhouse:acme")
    out = cli.ok("watch")
    assert "Acme Robotics (greenhouse:acme): 2 listed, 2 new, 1 that fits in Today" in out
    assert "Staff Data Engineer" in out
    today = " ".join(cli.ok("today").split())
    assert "New at Acme Robotics: Staff Data Engineer" in today
    assert "posted 2 days ago" in today
    assert "final round for Senior Data Engineer" in today
    assert "Dana Li was your recruiter" in today
    assert "Account Executive" not in today
    data = json.loads(cli.ok("today", "--json"))
    items = [i for part in ("overdue", "today", "coming") for i in data[part]]
    new = [i for i in items if "New at Acme" in i["why"]]
    assert len(new) == 1
    assert new[0]["command"].endswith("--kind revisit")
    assert "https://boards.example/acme/jobs/101" in new[0]["why"]
    assert "New at Acme Robotics: Staff Data Engineer" in cli.ok("digest")
    ics = cli.ok("calendar")
    assert "Staff Data Engineer" in ics.replace("\r\n ", "")
    # checked again the next day: nothing new, nothing twice
    cli.ok("watch", "--force")
    today = json.loads(cli.ok("today", "--json"))
    items = [i for part in ("overdue", "today", "coming") for i in today[part]]
    assert sum("New at Acme" in i["why"] for i in items) == 1


def test_the_revisit_note_names_the_interview_the_new_role_and_the_person(
    cli: Cli, board_server: BoardServer
) -> None:
    rejected_at_acme(cli)
    point_at(board_server, user_name="Sam Doe", watch_enabled="true")
    board_server.serve("greenhouse", "acme", JOBS)
    cli.ok("watch", "add", "Acme Robotics", "--board", "greenhouse:acme")
    cli.ok("watch")
    note = cli.ok("draft", "acme", "--kind", "revisit")
    assert "Staff Data Engineer" in note
    assert "Senior Data Engineer" in note
    assert "Dana" in note
    assert "final round" in note


def watching(cli: Cli, server: BoardServer, vendor: str = "greenhouse", **more: str) -> None:
    """Acme rejected at the final round; its board served; the watch on and pointed at it
    (with `more` settings)."""
    rejected_at_acme(cli)
    point_at(server, watch_enabled="true", **more)
    server.serve(vendor, "acme", JOBS)
    cli.ok("watch", "add", "Acme Robotics", "--board", f"{vendor}:acme")


@pytest.mark.parametrize("vendor", list(VENDOR_PATHS))
def test_each_vendor_shape_is_read(cli: Cli, board_server: BoardServer, vendor: str) -> None:
    watching(cli, board_server, vendor)
    out = cli.ok("watch")
    assert f"Acme Robotics ({vendor}:acme): 2 listed, 2 new, 1 that fits in Today" in out
    roles = cli.ok("watch", "roles", "acme").splitlines()
    staff = next(i for i, line in enumerate(roles) if "Staff Data Engineer" in line)
    sales = next(i for i, line in enumerate(roles) if "Account Executive" in line)
    assert staff < sales
    assert "same family: data engineering; one level up; remote" in roles[staff]
    assert "different family: sales" in roles[sales]
    hit = board_server.hits(vendor, "acme")[0]
    assert hit.headers["accept"] == "application/json"
    assert "cookie" not in hit.headers
    assert "authorization" not in hit.headers


def test_smartrecruiters_pages_are_followed(cli: Cli, board_server: BoardServer) -> None:
    watching(cli, board_server, "smartrecruiters")
    many = [
        {"id": 1000 + k, "title": f"Data Analyst {k}", "location": "Berlin", "posted": iso(DAY)}
        for k in range(230)
    ]
    board_server.serve("smartrecruiters", "acme", many)
    out = cli.ok("watch")
    assert "230 listed, 230 new" in out
    offsets = [h.query["offset"][0] for h in board_server.hits("smartrecruiters", "acme")]
    assert offsets == ["0", "100", "200"]
    assert "230 listed" in cli.ok("watch", "list")


def test_new_removed_and_reposted_roles(cli: Cli, board_server: BoardServer, clock: Clock) -> None:
    watching(cli, board_server)
    cli.ok("watch")
    clock.advance(days=1)
    board_server.serve(
        "greenhouse",
        "acme",
        [
            JOBS[1],
            # the same role and place under a new number: reposted, not new
            {
                "id": 201,
                "title": "Staff Data Engineer",
                "location": "Remote",
                "posted": iso(timedelta(0)),
                "remote": True,
            },
            {
                "id": 202,
                "title": "Data Engineer",
                "location": "Remote",
                "posted": iso(timedelta(0)),
                "remote": True,
            },
        ],
    )
    out = cli.ok("watch")
    assert "3 listed, 1 new, 1 that fits in Today, 1 gone, 1 reposted" in out
    roles = cli.ok("watch", "roles", "acme")
    assert "(reposted)" in roles
    data = json.loads(cli.ok("today", "--json"))
    whys = [i["why"] for part in ("overdue", "today", "coming") for i in data[part]]
    assert sum("New at Acme Robotics: Staff Data Engineer" in w for w in whys) == 1
    assert sum("New at Acme Robotics: Data Engineer" in w for w in whys) == 1


def test_one_request_per_board_per_day(cli: Cli, board_server: BoardServer, clock: Clock) -> None:
    watching(cli, board_server)
    cli.ok("watch")
    out = cli.ok("watch")
    assert "checked today; the next request waits until 24 hours have passed" in out
    assert len(board_server.hits("greenhouse", "acme")) == 1
    clock.advance(hours=25)
    cli.ok("watch")
    assert len(board_server.hits("greenhouse", "acme")) == 2


def test_not_modified_keeps_what_was_seen(cli: Cli, board_server: BoardServer) -> None:
    watching(cli, board_server)
    board_server.serve("greenhouse", "acme", JOBS, etag='"v1"')
    cli.ok("watch")
    out = cli.ok("watch", "--force")
    assert "not modified since the last check" in out
    assert board_server.hits("greenhouse", "acme")[-1].headers["if-none-match"] == '"v1"'
    assert "Staff Data Engineer" in cli.ok("watch", "roles", "acme")


def add_beta(cli: Cli, server: BoardServer) -> None:
    """A second company, on another vendor, that answers well."""
    cli.ok("apply", "Beta Labs", "Data Engineer", "--date", "2026-09-01")
    cli.ok(
        "reject",
        "Beta Labs",
        "--kind",
        "personal",
        "--stage",
        "hiring_manager",
        "--date",
        "2026-10-01",
    )
    server.serve("lever", "beta", JOBS)
    cli.ok("watch", "add", "Beta Labs", "--board", "lever:beta")


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda s: s.fail("greenhouse", "acme", 500), "the board answered HTTP 500 (1 try)"),
        (lambda s: s.fail("greenhouse", "acme", 403), "the board answered HTTP 403"),
        (
            lambda s: s.raw("greenhouse", "acme", b"<html>maintenance</html>"),
            "the answer is not JSON",
        ),
        (
            lambda s: s.raw("greenhouse", "acme", b'{"jobs": [{"title": "No id"}]}'),
            "the answer lacks 'id'",
        ),
        (lambda s: s.raw("greenhouse", "acme", b'{"positions": []}'), "the answer lacks 'jobs'"),
        (lambda s: s.vanish("greenhouse", "acme"), "greenhouse:acme answers 404"),
    ],
)
def test_a_failing_board_keeps_its_last_good_data_and_others_are_checked(
    cli: Cli, board_server: BoardServer, clock: Clock, spoil: object, message: str
) -> None:
    watching(cli, board_server)
    add_beta(cli, board_server)
    cli.ok("watch")
    clock.advance(days=1)
    spoil(board_server)  # type: ignore[operator]
    out = cli.ok("watch")
    assert message in out
    assert "Beta Labs (lever:beta): 2 listed, 0 new" in out
    listing = cli.ok("watch", "list")
    assert "last check failed: greenhouse:acme" in listing
    assert message in listing
    assert "fits: Staff Data Engineer" in listing  # the last good answer is kept
    failed = [line for line in listing.splitlines() if "last check failed" in line]
    assert len(failed) == 1


def test_a_slow_board_times_out(cli: Cli, board_server: BoardServer) -> None:
    watching(cli, board_server, watch_timeout_seconds="1")
    board_server.slow("greenhouse", "acme", 3)
    out = cli.ok("watch")
    assert "no answer within 1 seconds (1 try)" in out
    assert "last check failed" in cli.ok("watch", "list")


def test_a_busy_board_is_asked_again(cli: Cli, board_server: BoardServer) -> None:
    watching(cli, board_server, watch_retries="2")
    board_server.routes[board_server.path("greenhouse", "acme")].fail_times = 2
    out = cli.ok("watch")
    assert "2 listed, 2 new" in out
    assert len(board_server.hits("greenhouse", "acme")) == 3


@pytest.mark.parametrize(
    ("board", "message"),
    [
        ("monster:acme", "Unknown board type 'monster'"),
        ("greenhouse", "A board is vendor:token"),
        ("greenhouse:acme/../x", "holds characters"),
        ("https://acme.example/careers", "is not a job board doorajar recognises"),
    ],
)
def test_bad_boards_are_refused_with_one_line(cli: Cli, board: str, message: str) -> None:
    rejected_at_acme(cli)
    r = cli("watch", "add", "Acme Robotics", "--board", board)
    assert r.exit_code == 1
    assert message in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert "no board found" in cli.ok("watch", "list")


def test_the_board_is_found_from_the_posting_url(cli: Cli, board_server: BoardServer) -> None:
    point_at(board_server)
    cli.ok(
        "apply",
        "Gamma",
        "Data Engineer",
        "--date",
        "2026-09-01",
        "--url",
        "https://job-boards.greenhouse.io/gamma/jobs/4001",
    )
    cli.ok(
        "reject", "Gamma", "--kind", "personal", "--stage", "final_round", "--date", "2026-10-01"
    )
    board_server.serve("greenhouse", "gamma", JOBS)
    assert "greenhouse:gamma (from the careers URL)" in cli.ok("watch", "list")
    cli.ok("watch", "on")
    assert "Gamma (greenhouse:gamma): 2 listed" in cli.ok("watch")
    # a wrong guess is corrected by hand
    board_server.serve("ashby", "gamma-inc", JOBS)
    cli.ok("watch", "add", "Gamma", "--board", "https://jobs.ashbyhq.com/gamma-inc")
    assert "Gamma (ashby:gamma-inc): 2 listed" in cli.ok("watch")


def test_a_company_with_no_board_is_asked_for_once(cli: Cli, board_server: BoardServer) -> None:
    rejected_at_acme(cli)
    point_at(board_server)
    board_server.serve("workable", "acme", JOBS)
    cli.ok("watch", "on")
    out = cli.ok("watch", "--ask", input="workable:acme\n")
    assert "Acme Robotics (workable:acme): 2 listed" in out
    assert "workable:acme (added by hand)" in cli.ok("watch", "list")


def test_watch_add_is_undone(cli: Cli) -> None:
    rejected_at_acme(cli)
    cli.ok("watch", "add", "Acme Robotics", "--board", "greenhouse:acme")
    assert "greenhouse:acme" in cli.ok("watch", "list")
    cli.ok("undo")
    assert "greenhouse:acme" not in cli.ok("watch", "list")


def test_the_watch_ends_with_the_revisit_window(cli: Cli, board_server: BoardServer) -> None:
    point_at(board_server)
    cli.ok(
        "apply",
        "Old Co",
        "Data Engineer",
        "--date",
        "2025-06-01",
        "--url",
        "https://jobs.lever.co/oldco/1",
    )
    cli.ok(
        "reject", "Old Co", "--kind", "personal", "--stage", "final_round", "--date", "2025-07-01"
    )
    cli.ok("watch", "on")
    assert "revisit window closed" in cli.ok("watch", "list")
    cli.ok("watch")
    assert board_server.requests == []


def test_the_revisit_action_says_what_the_watch_saw(cli: Cli, board_server: BoardServer) -> None:
    watching(cli, board_server)
    cli.ok("watch")
    data = json.loads(cli.ok("today", "--json"))
    whys = [i["why"] for part in ("overdue", "today", "coming") for i in data[part]]
    planned = [w for w in whys if w.startswith("3 months on")]
    assert planned
    assert (
        "The watch has seen 2 openings on greenhouse:acme; 2 listed now, 1 that fits: "
        "Staff Data Engineer (fit 95)." in planned[0]
    )


def test_the_web_revisit_page_shows_openings_and_failures(
    cli: Cli, board_server: BoardServer, home: Path, clock: Clock
) -> None:
    watching(cli, board_server)
    add_beta(cli, board_server)
    cli.ok("watch")
    clock.advance(days=1)
    board_server.fail("lever", "beta", 500)
    cli.ok("watch")
    app = create_app(WebSettings(resolve(home), port=8765, sweep_every_seconds=None))
    with TestClient(app, base_url=BASE) as client:
        web = Web(client)
        page = text_of(web.page("/revisit"))
        assert "New openings" in page
        assert "Staff Data Engineer" in page
        assert "fit 95: same family: data engineering; one level up; remote" in page
        assert "Last check failed: lever:beta: the board answered HTTP 500 (1 try)." in page
        assert "ajar watch" not in page
        assert "ajar draft" not in page
        today = text_of(web.page("/"))
        assert "New at Acme Robotics: Staff Data Engineer" in today
        r = web.post("/applications/1/draft", {"kind": "revisit", "detail": "Staff Data Engineer"})
        assert r.status_code in (200, 303)
        draft = text_of(web.page(r.headers["location"]))
        assert "Staff Data Engineer" in draft


def test_a_check_and_a_board_change_are_undone_exactly_on_both_databases(
    db_url: str, cli: Cli, board_server: BoardServer
) -> None:
    def ajar(*args: str) -> str:
        return cli.ok("--database-url", db_url, *args)

    rejected_at_acme(cli, db=("--database-url", db_url))
    point_at(board_server, database_url=db_url)
    ajar("watch", "on")
    before = ajar("export", "--json")
    board_server.serve("recruitee", "acme", JOBS)
    ajar("watch", "add", "Acme Robotics", "--board", "acme.recruitee.com")
    ajar("watch", "--no-ask")
    assert "New at Acme Robotics: Staff Data Engineer" in ajar("today")
    ajar("undo")
    assert "Staff Data Engineer" not in ajar("today")
    ajar("undo")
    assert ajar("export", "--json") == before


def test_the_board_is_found_in_the_company_mail(
    tracker: Tracker, cli: Cli, board_server: BoardServer
) -> None:
    app = tracker.apply("Delta Freight", "Data Engineer", at=NOW - timedelta(days=90)).application
    tracker.reject(
        str(app.id),
        kind=RejectionKind.PERSONAL,
        stage=Stage.FINAL_ROUND,
        at=NOW - timedelta(days=60),
    )
    raw = (
        b"From: Ana <ana@deltafreight.example>\r\nSubject: Your application\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n\r\n"
        b"Thank you for your time. See our openings at https://apply.workable.com/delta-freight/ "
        b"any time.\r\n"
    )
    with tracker.tx() as s:
        repo_mail.add_messages(
            s,
            [
                {
                    "message_id": "<m1@deltafreight.example>",
                    "date": NOW - timedelta(days=60),
                    "from_addr": "ana@deltafreight.example",
                    "from_name": "Ana",
                    "subject": "Your application",
                    "category": "rejection",
                    "confidence": 0.9,
                    "reasons": [],
                    "application_id": app.id,
                    "status": "filed",
                    "raw": raw,
                    "scanned_at": NOW,
                }
            ],
        )
    assert "workable:delta-freight (from mail)" in cli.ok("watch", "list")


@pytest.mark.parametrize(
    ("title", "score", "why"),
    [
        ("Staff Data Engineer", 95, "same family: data engineering; one level up; remote"),
        ("Data Engineer", 90, "same family: data engineering; one level down; remote"),
        ("Senior Data Analyst", 55, "related family: data analysis"),
        ("Senior Account Executive", 0, "different family: sales"),
        (
            "Principal Software Engineer (Data)",
            65,
            "same family: software engineering (roles you applied for elsewhere); two levels up",
        ),
    ],
)
def test_fit_is_ranked_and_explained(title: str, score: int, why: str) -> None:
    f = fit(
        title,
        "Remote",
        True,
        here=["Senior Data Engineer"],
        elsewhere=["Senior Backend Engineer"],
        prefs=Preferences(("berlin",), "any"),
    )
    assert f.score == score
    assert why in f.explanation

"""The job-board watch from the web's Revisit page, against the test job-board server
(tests/boards_server.py): switching it, adding and correcting a board, checking now."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.boards_server import BoardServer
from tests.helpers import Cli
from tests.watch_helpers import JOBS, point_at, rejected_at_acme
from tests.web_helpers import serve, text_of

BACK = {"next": "/revisit"}


def test_check_now_files_a_fitting_opening_on_revisit_and_today(
    cli: Cli, board_server: BoardServer, home: Path
) -> None:
    rejected_at_acme(cli)
    point_at(board_server, watch_enabled="true")
    board_server.serve("greenhouse", "acme", JOBS)
    board_server.fail("lever", "beta", 500)
    with serve(home) as web:
        page = text_of(web.page("/revisit"))
        # no board found for Acme: the page asks for it, as `ajar watch` would once
        assert "Acme Robotics · no job board found" in page
        assert "Its job board of Acme Robotics" in page
        page = text_of(
            web.submit(
                "/revisit/watch/board",
                {"company": "Acme Robotics", "board": "https://job-boards.greenhouse.io/acme"},
            )
        )
        assert "Watching Acme Robotics on greenhouse:acme." in page
        page = text_of(
            web.submit("/revisit/watch/board", {"company": "Beta Labs", "board": "lever:beta"})
        )
        assert "Watching Beta Labs on lever:beta." in page
        assert board_server.requests == []
        page = text_of(web.submit("/revisit/watch/check"))
        assert "Read 2 boards: 1 new opening that fits, in Today." in page
        assert "Beta Labs (lever:beta): lever:beta: the board answered HTTP 500 (1 try)." in page
        assert "Staff Data Engineer, Remote" in page
        assert "fit 95: same family: data engineering; one level up; remote" in page
        ranked = page.split("All 2 openings at Acme Robotics, ranked by fit")[1]
        assert ranked.index("Staff Data Engineer") < ranked.index("Account Executive")
        assert "fit 0: different family: sales" in ranked
        assert "ajar watch" not in page
        assert "ajar draft" not in page
        today = text_of(web.page("/"))
        assert "New at Acme Robotics: Staff Data Engineer" in today
        assert "Dana Li was your recruiter" in today
        # the same day, the boards are not asked again
        page = text_of(web.submit("/revisit/watch/check"))
        assert "Read 0 boards: 0 new openings that fit, in Today." in page
        assert "2 boards read in the last 24 hours, not asked again." in page
    assert len(board_server.hits("greenhouse", "acme")) == 1


@pytest.mark.parametrize(
    ("board", "message"),
    [
        ("unknownvendor:acme", "Unknown board type 'unknownvendor'; use one of: greenhouse,"),
        ("https://example.org/careers", "is not a job board doorajar recognises"),
        ("greenhouse:acme robotics!", "holds characters a greenhouse board name never has"),
        ("  ", "Give the board as vendor:token (e.g. greenhouse:acme) or a careers URL."),
    ],
)
def test_bad_board_input_shows_the_error_and_changes_nothing(
    cli: Cli, board_server: BoardServer, home: Path, board: str, message: str
) -> None:
    rejected_at_acme(cli)
    point_at(board_server, watch_enabled="true")
    before = cli.ok("export", "--json")
    with serve(home) as web:
        r = web.post("/revisit/watch/board", {"company": "Acme Robotics", "board": board, **BACK})
        assert r.status_code == 303
        assert r.headers["location"] == "/revisit"
        page = text_of(web.page("/revisit"))
        assert message in page
        assert "Acme Robotics · no job board found" in page
    assert cli.ok("export", "--json") == before
    assert board_server.requests == []
    assert json.loads(cli.ok("watch", "list", "--json"))[0]["board"] is None


def test_with_the_watch_off_nothing_is_fetched(
    cli: Cli, board_server: BoardServer, home: Path
) -> None:
    rejected_at_acme(cli)
    point_at(board_server)
    board_server.serve("greenhouse", "acme", JOBS)
    with serve(home) as web:
        web.submit("/revisit/watch/board", {"company": "Acme Robotics", "board": "greenhouse:acme"})
        page = text_of(web.page("/revisit"))
        assert "The watch is off, so no board is read." in page
        assert "Check the boards now" not in page
        page = text_of(web.submit("/revisit/watch/check"))
        assert "The job-board watch is off, so no board was read; switch it on first." in page
        assert board_server.requests == []
        page = text_of(web.submit("/revisit/watch/switch", {"on": "1"}))
        assert "The job-board watch is on" in page
        assert "Check the boards now" in page
        page = text_of(web.submit("/revisit/watch/switch", {"on": ""}))
        assert "The job-board watch is off: no board will be read" in page
        web.submit("/revisit/watch/check")
        assert "New at Acme" not in text_of(web.page("/"))
    assert board_server.requests == []
    assert "Staff Data Engineer" not in cli.ok("today")

"""The calendar feed: valid iCalendar, one all-day event per open action, stable UIDs."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import cast

from icalendar import Calendar, Component, vCategory

from doorajar.model import ActionStatus, ContactRole, RejectionKind, Stage
from doorajar.service import Tracker
from tests.helpers import NOW, Cli, Clock


def _search(t: Tracker) -> None:
    t.apply("Acme Robotics", "Data Engineer", at=NOW - timedelta(days=30))
    t.advance("Acme Robotics", Stage.FINAL_ROUND, at=NOW - timedelta(days=10))
    t.add_contact("Dana Li", company="Acme Robotics", role=ContactRole.RECRUITER)
    t.reject("Acme Robotics", kind=RejectionKind.PERSONAL, at=NOW - timedelta(hours=3))
    t.apply("Globex", "Analytics Engineer", at=NOW - timedelta(days=25))  # silent on day 21


def _events(data: bytes) -> dict[str, Component]:
    cal = Calendar.from_ical(data)
    return {str(ev["UID"]): ev for ev in cal.walk("VEVENT")}


def test_feed_parses_back_with_one_event_per_open_action(tracker: Tracker) -> None:
    _search(tracker)
    tracker.sweep()  # the time-driven writes a command runs first
    data = tracker.planner.calendar(days=30)
    cal = Calendar.from_ical(data)
    assert str(cal["VERSION"]) == "2.0"
    assert "doorajar" in str(cal["PRODID"])
    events = cal.walk("VEVENT")
    tracker.sweep()  # the time-driven writes a command runs first
    agenda = tracker.planner.agenda(30)
    assert len(events) == len(agenda.items) >= 5
    # cast: icalendar types every property as the union of all its value types
    kinds = {str(cast(vCategory, ev["CATEGORIES"]).cats[0]) for ev in events}
    assert {"reply", "linkedin_connect", "check_in", "next_application"} <= kinds
    for ev in events:
        # RFC 5545 §3.6.1: UID and DTSTAMP are required; DTSTAMP is UTC.
        assert ev["UID"]
        assert ev.decoded("DTSTAMP").tzinfo is not None
        assert ev.decoded("DTSTAMP").utcoffset() == timedelta(0)
        start, end = ev.decoded("DTSTART"), ev.decoded("DTEND")
        assert type(start) is date
        assert end == start + timedelta(days=1)
        assert start >= NOW.date()  # overdue actions sit on today
    reply = next(ev for ev in events if "-reply-" in str(ev["UID"]))
    text = str(reply["DESCRIPTION"])
    assert "Why: They spoke with you" in text
    assert "Do: ajar draft 1 --kind reply" in text
    assert "ajar done" in text
    assert "ajar snooze" in text
    assert reply.decoded("DTSTART") == (NOW + timedelta(hours=45)).date()


def test_re_export_updates_instead_of_duplicating(tracker: Tracker, clock: Clock) -> None:
    _search(tracker)
    tracker.sweep()  # the time-driven writes a command runs first
    first = tracker.planner.calendar(days=30)
    tracker.sweep()  # the time-driven writes a command runs first
    assert tracker.planner.calendar(days=30) == first  # same moment, same bytes
    before = _events(first)

    # An hour later, after one action is done and another snoozed: same UIDs for the
    # rest, the done one gone, the snoozed one moved.
    clock.advance(hours=1)
    tracker.sweep()  # the time-driven writes a command runs first
    ag = tracker.planner.agenda(30)
    reply = next(i for i in ag.items if i.action.kind.value == "reply")
    check_in = next(i for i in ag.items if i.action.kind.value == "check_in")
    tracker.act(reply.action.id, ActionStatus.DONE)
    tracker.act(check_in.action.id, ActionStatus.SNOOZED, until=NOW + timedelta(days=5))
    tracker.sweep()  # the time-driven writes a command runs first
    after = _events(tracker.planner.calendar(days=30))
    gone = set(before) - set(after)
    assert gone == {f"{reply.action.key}@doorajar.invalid"}
    # the reply being done brings the feedback request forward; nothing else is new
    assert set(after) - set(before) == set()
    moved = after[f"{check_in.action.key}@doorajar.invalid"]
    assert moved.decoded("DTSTART") == (NOW + timedelta(days=5)).date()


def test_days_are_the_users_local_days(tracker: Tracker) -> None:
    # 15:00 UTC on Tuesday is already Wednesday in Auckland (UTC+13 in November).
    tracker.set_config("timezone", "Pacific/Auckland")
    tracker.apply("Acme Robotics", "Data Engineer", at=NOW - timedelta(days=5))
    tracker.reject("Acme Robotics", kind=RejectionKind.PERSONAL, stage=Stage.HIRING_MANAGER, at=NOW)
    tracker.sweep()  # the time-driven writes a command runs first
    events = Calendar.from_ical(tracker.planner.calendar(days=10)).walk("VEVENT")
    reply = next(ev for ev in events if "-reply-" in str(ev["UID"]))
    due = NOW + timedelta(hours=48)  # Tue 24 Nov 15:00 UTC
    assert reply.decoded("DTSTART") == date(2026, 11, 25)
    assert "Wed 25 Nov 2026 04:00 (Pacific/Auckland)" in str(reply["DESCRIPTION"])
    assert due.astimezone(UTC).date() == date(2026, 11, 24)


def test_cli_writes_the_file_and_stdout(cli: Cli, tmp_path: Path) -> None:
    cli.ok("apply", "Acme Robotics", "Data Engineer", "--date", "2026-11-01")
    cli.ok("reject", "acme", "--kind", "personal", "--stage", "hiring_manager")
    out = tmp_path / "ajar.ics"
    r = cli("calendar", "--out", str(out), "--days", "14")
    assert r.exit_code == 0
    assert "Wrote 5 events" in r.stderr
    assert len(_events(out.read_bytes())) == 5
    # the runner turns CRLF into LF when it decodes stdout
    assert cli.ok("calendar", "--days", "14") == out.read_bytes().decode().replace("\r\n", "\n")
    bad = cli("calendar", "--out", str(tmp_path / "missing" / "x.ics"))
    assert bad.exit_code == 1
    assert "No folder" in bad.stderr


def test_empty_search_is_a_valid_empty_calendar(tracker: Tracker) -> None:
    tracker.sweep()  # the time-driven writes a command runs first
    cal = Calendar.from_ical(tracker.planner.calendar())
    assert cal.walk("VEVENT") == []
    assert datetime.now(UTC).year >= 2026

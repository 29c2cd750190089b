"""Keep this door open, the revisit list, contact touches and the re-apply guard."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta

from doorajar.model import ActionKind, ActionStatus, ContactRole, Direction, RejectionKind, Stage
from doorajar.service import Tracker
from tests.helpers import NOW, Cli, Clock, final_round


def _next_touch_due(t: Tracker, name: str) -> datetime:
    touch = t.relations.contact(name).next_touch
    assert touch is not None, f"no touch planned with {name}"
    return touch.due


def _revisits(cli: Cli, app: str) -> list[dict[str, str]]:
    doc = json.loads(cli.ok("show", app, "--json"))
    return [a for a in doc["actions"] if a["kind"] == "revisit"]


def test_door_answers_close_and_override_reopens(cli: Cli) -> None:
    final_round(cli)
    assert [a["status"] for a in _revisits(cli, "acme")] == ["pending", "pending"]

    out = cli.ok("door", "acme", "--answers", "y,y,n,-")
    assert "Door: closed" in out
    assert "no long-term interest in Acme Robotics" in out
    revisits = _revisits(cli, "acme")
    assert [a["status"] for a in revisits] == ["skipped", "skipped"]
    assert all("You closed this door" in a["note"] for a in revisits)
    assert "Acme" not in cli.ok("revisit")
    assert "None planned (door closed at Acme Robotics" in cli.ok("contact", "show", "Dana")

    # the answers are remembered; --keep wins over them, --auto hands back to them
    doc = json.loads(cli.ok("door", "acme", "--keep", "--json"))
    assert doc["answers"] == {"clear": True, "fair": True, "interest": False, "learn": None}
    assert (doc["state"], doc["override"], doc["revisit"]) == ("open", "keep", True)
    assert [a["status"] for a in _revisits(cli, "acme")] == ["pending", "pending"]
    assert " at Acme Robotics (next" in cli.ok("revisit")
    assert "Keep the door open with Dana" in cli.ok("contact", "show", "Dana")
    doc = json.loads(cli.ok("door", "acme", "--auto", "--json"))
    assert (doc["state"], doc["override"]) == ("closed", None)


def test_door_asks_interactively_and_each_question_can_be_skipped(cli: Cli) -> None:
    final_round(cli)
    # clear yes, fair no, interest skipped (Enter), learn skipped (-)
    r = cli("door", "acme", input="y\nn\n\n-\n")
    assert r.exit_code == 0
    assert "Did the process feel fair to you?" in r.stderr  # questions on stderr
    out = r.stdout
    assert "Door: ajar" in out
    assert "revisit list: yes" in out
    assert "touches: no" in out
    out = cli.ok("door", "acme", "--json", input="\n\n\ny\n")
    doc = json.loads(out[out.index("{") :])  # the test runner echoes the typed input
    # Enter keeps the previous answer; the last one changed to yes
    assert doc["answers"] == {"clear": True, "fair": False, "interest": None, "learn": True}
    assert doc["revisit"]
    assert not doc["touches"]


def test_door_refuses_a_form_rejection_and_bad_answers(cli: Cli) -> None:
    cli.ok("apply", "Globex", "Data Engineer", "--date", "2026-11-01")
    cli.ok("reject", "globex", "--kind", "form")
    r = cli("door", "globex", "--answers", "y,y,y,y")
    assert r.exit_code == 1
    assert "personal rejection" in r.stderr
    final_round(cli)
    r = cli("door", "acme", "--answers", "y,maybe")
    assert r.exit_code == 1
    assert "Answer y, n or - (skip), not 'maybe'" in r.stderr
    r = cli("door", "acme", "--keep", "--close")
    assert r.exit_code == 1


def test_revisit_list_is_ordered_by_due_and_says_everything(tracker: Tracker) -> None:
    t = tracker

    def rejected(company: str, days_ago: int, stage: Stage, kind: RejectionKind) -> None:
        t.apply(company, "Data Engineer", at=NOW - timedelta(days=days_ago + 20))
        if stage is not Stage.APPLIED:
            t.advance(company, stage, at=NOW - timedelta(days=days_ago + 5))
        t.reject(company, kind=kind, at=NOW - timedelta(days=days_ago))

    rejected("Recent Co", 5, Stage.FINAL_ROUND, RejectionKind.PERSONAL)
    rejected("Older Co", 60, Stage.HIRING_MANAGER, RejectionKind.PERSONAL)
    rejected("Form Co", 30, Stage.RECRUITER_SCREEN, RejectionKind.FORM)  # after a screen
    rejected("Early Co", 10, Stage.APPLIED, RejectionKind.FORM)  # never interviewed
    rejected("Closed Co", 20, Stage.FINAL_ROUND, RejectionKind.PERSONAL)
    t.relations.set_door("Closed Co", override="close")
    t.add_feedback("Older Co", "More depth on data modelling.", at=NOW - timedelta(days=50))
    t.add_contact("Priya Raman", company="Older Co", role=ContactRole.HIRING_MANAGER)
    t.apply("Recent Co", "Staff Engineer")  # a careers page is only known on the application
    entries = t.relations.revisit()
    assert [e.company for e in entries] == ["Older Co", "Form Co", "Recent Co"]
    older = entries[0]
    assert older.next_due == NOW - timedelta(days=60) + relativedelta(months=3)
    assert [d.months for d in older.revisits] == [3, 6]
    assert older.feedback == ("More depth on data modelling.",)
    assert older.contacts == ("Priya Raman (hiring manager)",)
    assert older.command == f"ajar draft {older.application_id} --kind revisit"
    assert entries[1].revisits[0].action_id is None  # no plan for a form email; dates shown

    # once the first revisit is done, the entry moves down to its 6-month date
    first = older.revisits[0].action_id
    assert first is not None
    t.act(first, ActionStatus.DONE)
    assert [e.company for e in t.relations.revisit()] == ["Form Co", "Recent Co", "Older Co"]


def test_revisit_cli_shows_careers_page_and_json(cli: Cli) -> None:
    cli.ok(
        "apply",
        "Helio Grid",
        "Analytics Engineer",
        "--careers",
        "https://heliogrid.example/careers",
        "--date",
        "2026-09-01",
    )
    cli.ok(
        "reject", "helio", "--kind", "personal", "--stage", "hiring_manager", "--date", "2026-10-05"
    )
    out = cli.ok("revisit")
    assert "#1 Analytics Engineer at Helio Grid (next in 44 days)" in out
    assert "careers: https://heliogrid.example/careers" in out
    assert "note: ajar draft 1 --kind revisit" in out
    assert "3 months Tue 05 Jan 2027 · 6 months Mon 05 Apr 2027" in out
    doc = json.loads(cli.ok("revisit", "--json"))
    assert doc[0]["careers_url"] == "https://heliogrid.example/careers"
    assert doc[0]["next_due"].startswith("2027-01-05")


def test_contact_touches_follow_the_cadence(tracker: Tracker, clock: Clock, cli: Cli) -> None:
    t = tracker
    t.apply("Acme Robotics", "Data Engineer", at=NOW - timedelta(days=30))
    t.add_contact("Dana Li", company="Acme Robotics", role=ContactRole.RECRUITER)
    t.reject("Acme Robotics", kind=RejectionKind.PERSONAL, stage=Stage.FINAL_ROUND)
    t.sweep()  # the time-driven writes a command runs first
    dana = t.relations.contact("Dana")
    assert dana.next_touch is not None
    first = dana.next_touch
    assert first.key == f"contact-{dana.contact.id}-touch-0"
    assert first.application_id is None
    assert first.due == NOW + relativedelta(months=4)  # touch_every_months, from the rejection
    t.sweep()  # the time-driven writes a command runs first
    assert t.relations.contacts(due_within_days=14) == []

    # the reply went out two days later: the touch moves to four months after it
    clock.advance(days=2)
    reply = next(a for a in t.show("acme").actions if a.kind is ActionKind.REPLY)
    t.act(reply.id, ActionStatus.DONE)
    t.sweep()  # the time-driven writes a command runs first
    assert _next_touch_due(t, "Dana") == clock.now + relativedelta(months=4)

    # four months on, the touch is due today, drafted from Dana's application
    clock.now = NOW + timedelta(days=2) + relativedelta(months=4)
    t.sweep()  # the time-driven writes a command runs first
    ag = t.planner.agenda(7)
    touch = next(i for i in ag.today if i.action.kind is ActionKind.TOUCH)
    assert touch.command == "ajar draft 1 --kind touch"
    assert touch.who == "Dana Li · Acme Robotics"
    t.sweep()  # the time-driven writes a command runs first
    assert [v.contact.name for v in t.relations.contacts(due_within_days=0)] == ["Dana Li"]
    due = cli.ok("contacts", "--due")
    assert "Dana Li" in due
    assert "today" in due

    # done: logged as sent to Dana, and the next touch comes four months later, with
    # another suggested reason
    t.act(touch.action.id, ActionStatus.DONE)
    t.sweep()  # the time-driven writes a command runs first
    view = t.relations.contact("Dana")
    assert view.last_out == clock.now
    assert view.touches[-1].direction is Direction.OUT
    assert view.touches[-1].contact_id
    nxt = view.next_touch
    assert nxt is not None
    assert nxt.key.endswith("-touch-1")
    assert nxt.due == clock.now + relativedelta(months=4)
    assert nxt.reason != touch.action.reason

    # skipping one moves to the next period; a shorter setting reschedules
    t.act(nxt.id, ActionStatus.SKIPPED, note="nothing to say yet")
    t.sweep()  # the time-driven writes a command runs first
    third = t.relations.contact("Dana").next_touch
    assert third is not None
    assert third.key.endswith("-touch-2")
    assert third.due == nxt.due + relativedelta(months=4)
    t.set_config("touch_every_months", "3")
    t.sweep()  # the time-driven writes a command runs first
    assert _next_touch_due(t, "Dana") == nxt.due + relativedelta(months=3)

    shown = cli.ok("contact", "show", "Dana")
    assert "← received (email): Rejection" in shown
    assert "→ sent (email): Send a brief, useful touch" in shown
    assert "do  ajar draft 1 --kind touch · then ajar done" in shown


def test_contacts_without_a_personal_rejection_get_no_touches(tracker: Tracker) -> None:
    tracker.apply("Lattice Energy", "Data Engineer", at=NOW - timedelta(days=3))
    tracker.add_contact("Jonas Berg", company="Lattice Energy", role=ContactRole.HIRING_MANAGER)
    tracker.sweep()  # the time-driven writes a command runs first
    view = tracker.relations.contact("Jonas")
    assert view.next_touch is None
    assert not view.kept
    assert "not tied to a personal rejection" in view.kept_reason


def test_reapply_guard_flags_the_same_role_within_the_window(cli: Cli, clock: Clock) -> None:
    cli.ok("apply", "Acme Robotics", "Data Engineer", "--date", "2026-09-01")
    cli.ok("reject", "acme", "--kind", "form", "--date", "2026-09-10")
    r = cli("apply", "ACME robotics", "data engineer ", "--date", "2026-11-20")
    assert r.exit_code == 0
    assert "turned you down for this role on 2026-09-10 (#1)" in r.stderr
    assert "within 6 months" in r.stderr
    r = cli("apply", "Acme Robotics", "Staff Engineer")
    assert "turned you down" not in r.stderr  # another role is fair game
    clock.now = NOW + relativedelta(months=6)  # 2027-05-22: more than 6 months after
    cli.ok("close", "2", "withdrawn")
    r = cli("apply", "Acme Robotics", "Data Engineer", "--force")
    assert "turned you down" not in r.stderr


def test_doors_survive_export_and_import(cli: Cli, tmp_path: object) -> None:
    final_round(cli)
    cli.ok("door", "acme", "--answers", "y,-,y,n")
    doc = json.loads(cli.ok("export", "--json"))
    assert doc["tables"]["doors"][0]["interest"] is True
    assert doc["tables"]["doors"][0]["fair"] is None
    from pathlib import Path

    path = Path(str(tmp_path)) / "export.json"
    path.write_text(json.dumps(doc))
    other = Path(str(tmp_path)) / "other"
    cli.ok("--home", str(other), "import", str(path))
    assert cli.ok("--home", str(other), "export", "--json") == cli.ok("export", "--json")
    again = json.loads(cli.ok("--home", str(other), "door", "acme", "--auto", "--json"))
    assert again["answers"] == {"clear": True, "fair": None, "interest": True, "learn": False}


def test_a_touch_sent_through_a_draft_completes_the_contacts_touch(
    tracker: Tracker, clock: Clock
) -> None:
    t = tracker
    t.apply("Acme Robotics", "Data Engineer", at=NOW - timedelta(days=30))
    t.add_contact("Dana Li", company="Acme Robotics", role=ContactRole.RECRUITER)
    t.reject("Acme Robotics", kind=RejectionKind.PERSONAL, stage=Stage.FINAL_ROUND)
    t.sweep()  # the time-driven writes a command runs first
    first = t.relations.contact("Dana").next_touch
    assert first is not None
    clock.now = first.due
    # what the drafts' send does when no application-level action matches
    t.log_touch("acme", direction=Direction.OUT, action_kind=ActionKind.TOUCH, subject="Hello")
    t.sweep()  # the time-driven writes a command runs first
    view = t.relations.contact("Dana")
    from doorajar.store import repo

    with t.tx() as s:
        done = repo.get_action(s, first.id)
    assert done.status is ActionStatus.DONE
    assert done.done_at == first.due
    assert view.next_touch is not None
    assert view.next_touch.key.endswith("-touch-1")
    assert view.next_touch.due == first.due + relativedelta(months=4)
    assert view.touches[-1].subject == "Hello"


def test_migrations_build_exactly_the_tables_the_code_describes(tracker: Tracker) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from doorajar.store.schema import metadata

    with tracker.store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert [d for d in diff if "doors" in repr(d)] == []


def test_contact_keep_without_an_application_and_stop(cli: Cli, clock: Clock) -> None:
    cli.ok("contact", "add", "Sam Ortiz", "--role", "referrer", "--met", "my former lead")
    assert "None planned (not tied to a personal rejection)" in cli.ok("contact", "show", "Sam")
    out = cli.ok("contact", "keep", "Sam")
    assert (
        out.strip() == "Keeping in touch with Sam Ortiz: next touch Mon 22 Mar 2027 (in 4 months)."
    )
    [sam] = json.loads(cli.ok("contacts", "--json"))
    assert sam["contact"]["keep_in_touch"] is True
    assert sam["next_touch"]["due"].startswith("2027-03-22")
    shown = cli.ok("contact", "show", "Sam")
    assert "do  write to them, then ajar done" in shown
    clock.advance(days=130)
    assert "Keep the door open with Sam" in cli.ok("today")
    assert cli.ok("contact", "keep", "Sam", "--stop").strip() == "No more touches to Sam Ortiz."
    assert "None planned (you stopped the touches)" in cli.ok("contact", "show", "Sam")
    assert "Sam" not in cli.ok("today")
    assert json.loads(cli.ok("contacts", "--json"))[0]["contact"]["keep_in_touch"] is False


def test_contact_keep_stop_wins_over_an_open_door(cli: Cli) -> None:
    final_round(cli)
    assert "Keep the door open with Dana" in cli.ok("contact", "show", "Dana")
    cli.ok("contact", "keep", "Dana", "--stop")
    assert "None planned (you stopped the touches)" in cli.ok("contact", "show", "Dana")

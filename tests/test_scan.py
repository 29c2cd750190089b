"""`ajar scan` end to end: filing, the review list, --dry-run, --json and rescans."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from doorajar.mail import service as mail_service
from doorajar.mail.message import Classification, ParsedMessage
from tests.helpers import NOW, Cli
from tests.scan_helpers import (
    CONFIRMATION,
    FORM_REJECTION,
    INTERVIEW,
    KIM,
    NEWSLETTER,
    PERSONAL_REJECTION,
    apps,
    eml,
    mbox,
    show,
)

FIELDS = [
    "message_id",
    "date",
    "from",
    "subject",
    "category",
    "is_rejection",
    "kind",
    "stage",
    "company",
    "role",
    "contact_name",
    "confidence",
    "reasons",
]


def test_json_lines_have_exactly_the_design_fields(cli: Cli, tmp_path: Path) -> None:
    box = mbox(
        tmp_path / "in.mbox",
        eml(*FORM_REJECTION, days_ago=2, mid="r1"),
        eml(*NEWSLETTER, days_ago=1, mid="n1"),
    )
    r = cli("scan", str(box), "--dry-run", "--json")
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert list(first) == FIELDS
    assert first["message_id"] == "<r1@test.example>"
    assert first["date"] == (NOW - timedelta(days=2)).isoformat()
    assert first["from"] == "Acme Robotics <no-reply@greenhouse.io>"
    assert first["category"] == "rejection"
    assert first["is_rejection"] is True
    assert first["kind"] == "form"
    assert first["company"] == "Acme Robotics"
    assert 0 <= first["confidence"] <= 1
    assert first["reasons"]
    assert second["category"] == "other"
    assert second["kind"] is None
    assert second["is_rejection"] is False


def test_dry_run_stores_nothing(cli: Cli, tmp_path: Path) -> None:
    cli.ok("apply", "Acme Robotics", "Data Engineer", "--date", "2026-11-10")
    before = cli.ok("export", "--json")
    box = mbox(
        tmp_path / "in.mbox",
        eml(*FORM_REJECTION, days_ago=2, mid="r1"),
        eml(*CONFIRMATION, days_ago=3, mid="c1"),
    )
    r = cli("scan", str(box), "--dry-run")
    assert r.exit_code == 0
    assert r.stdout == ""
    assert "Dry run (nothing stored)" in r.stderr
    assert "would file 2" in r.stderr
    assert cli.ok("export", "--json") == before


def test_dry_run_json_works_on_an_empty_home(cli: Cli, tmp_path: Path, home: Path) -> None:
    (home / "ajar.db").unlink()
    box = mbox(tmp_path / "in.mbox", eml(*CONFIRMATION, days_ago=1, mid="c1"))
    out = cli.ok("scan", str(box), "--dry-run", "--json")
    assert json.loads(out)["category"] == "application_received"


def test_rejection_files_like_ajar_reject(cli: Cli, tmp_path: Path) -> None:
    cli.ok("apply", "Acme Robotics", "Data Engineer", "--date", "2026-11-10")
    cli.ok("apply", "Globex Systems", "Data Engineer", "--date", "2026-11-10")
    box = mbox(tmp_path / "in.mbox", eml(*FORM_REJECTION, days_ago=2, mid="r1"))
    r = cli("scan", str(box))
    assert r.exit_code == 0, r.stderr
    assert "filed 1" in r.stderr
    cli.ok("reject", "Globex", "--kind", "form", "--date", (NOW - timedelta(days=2)).isoformat())
    scanned, manual = show(cli, "Acme"), show(cli, "Globex")
    assert scanned["application"]["outcome"] == "rejected"
    assert scanned["rejections"][0]["kind"] == "form"
    assert scanned["rejections"][0]["message_id"] == "<r1@test.example>"

    def plan(d: dict[str, Any]) -> list[tuple[str, str, str]]:
        return sorted((a["kind"], a["due"], a["status"]) for a in d["actions"])

    assert plan(scanned) == plan(manual)
    assert plan(scanned)  # the playbook planned something
    touches = scanned["touches"]
    assert any(t["message_id"] == "<r1@test.example>" for t in touches)


def test_confirmation_creates_the_application(cli: Cli, tmp_path: Path) -> None:
    box = mbox(tmp_path / "in.mbox", eml(*CONFIRMATION, days_ago=3, mid="c1"))
    cli.ok("scan", str(box))
    [app] = apps(cli)
    assert (app["company"], app["role"]) == ("Zephyr Labs", "Analytics Engineer")
    assert app["source"] == "email"
    assert app["applied_at"] == (NOW - timedelta(days=3)).isoformat()


def test_interview_advances_and_personal_rejection_stores_feedback(
    cli: Cli, tmp_path: Path
) -> None:
    cli.ok("apply", "Acme Robotics", "Data Engineer", "--date", "2026-11-08")
    cli.ok("apply", "Acme Robotics", "Platform Engineer", "--date", "2026-11-09")
    box = mbox(tmp_path / "in.mbox", eml(*INTERVIEW, days_ago=10, mid="i1"))
    cli.ok("scan", str(box))
    detail = show(cli, "1")
    # An interview with the hiring manager leads to that stage.
    assert detail["application"]["stage"] == "hiring_manager"
    assert show(cli, "2")["application"]["stage"] == "applied"  # the other role is untouched
    assert any(c["name"] == "Kim Park" for c in detail["contacts"])
    mbox(box, eml(*PERSONAL_REJECTION, days_ago=2, mid="p1"), mode="ab")
    cli.ok("scan", str(box))
    detail = show(cli, "1")
    assert detail["application"]["outcome"] == "rejected"
    assert detail["rejections"][0]["kind"] == "personal"
    assert "system design" in detail["rejections"][0]["feedback"]
    assert "reply" in {a["kind"] for a in detail["actions"]}


def test_feedback_in_a_later_reply_is_stored(cli: Cli, tmp_path: Path) -> None:
    cli.ok("apply", "Acme Robotics", "Data Engineer", "--date", "2026-11-08")
    cli.ok("stage", "Acme", "hiring_manager", "--date", "2026-11-12")
    cli.ok("reject", "Acme", "--kind", "personal", "--date", "2026-11-14")
    reply = eml(
        KIM,
        "Re: Data Engineer - decision",
        PERSONAL_REJECTION[2],
        days_ago=3,
        mid="f1",
    )
    box = mbox(tmp_path / "in.mbox", reply)
    r = cli("scan", str(box))
    assert "filed 1" in r.stderr
    detail = show(cli, "Acme")
    assert len(detail["rejections"]) == 1  # linked, not rejected twice
    assert "system design" in (detail["rejections"][0]["feedback"] or "")
    assert "thank_for_feedback" in {a["kind"] for a in detail["actions"]}


def test_scanning_twice_changes_nothing(cli: Cli, tmp_path: Path) -> None:
    cli.ok("apply", "Acme Robotics", "Data Engineer", "--date", "2026-11-10")
    box = mbox(
        tmp_path / "in.mbox",
        eml(*FORM_REJECTION, days_ago=2, mid="r1"),
        eml(*CONFIRMATION, days_ago=3, mid="c1"),
        eml(*NEWSLETTER, days_ago=1, mid="n1"),
    )
    cli.ok("scan", str(box))
    first = cli.ok("export", "--json")
    r = cli("scan", str(box))
    assert "unchanged since the last scan" in r.stderr
    assert cli.ok("export", "--json") == first
    # the same messages from another source are recognised by Message-ID
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "copy.eml").write_bytes(eml(*FORM_REJECTION, days_ago=2, mid="r1"))
    r = cli("scan", str(folder))
    assert "new 0" in r.stderr
    assert "seen in an earlier scan" in r.stderr
    assert len(show(cli, "Acme")["rejections"]) == 1


def test_review_list_confirm_and_correct(cli: Cli, tmp_path: Path) -> None:
    cli.ok("config", "review_threshold", "100")
    cli.ok("apply", "Acme Robotics", "Data Engineer", "--date", "2026-11-10")
    box = mbox(
        tmp_path / "in.mbox",
        eml(*FORM_REJECTION, days_ago=2, mid="r1"),
        eml(*CONFIRMATION, days_ago=3, mid="c1"),
    )
    r = cli("scan", str(box))
    assert "to review 2" in r.stderr
    assert show(cli, "Acme")["application"]["outcome"] == "active"  # nothing changed yet
    listing = cli.ok("review")
    assert "Your application to Acme Robotics" in listing
    assert "below the review threshold" in listing
    items = json.loads(cli.ok("review", "--json"))
    by_subject = {i["subject"]: i["id"] for i in items}
    out = cli.ok("review", "confirm", str(by_subject["Your application to Acme Robotics"]))
    assert "rejection (form) recorded" in out
    assert show(cli, "Acme")["application"]["outcome"] == "rejected"
    # held messages first, then what was filed, newest first
    items = json.loads(cli.ok("review", "--json"))
    assert [(i["subject"], i["status"]) for i in items] == [
        ("Application received: Analytics Engineer", "review"),
        ("Your application to Acme Robotics", "filed"),
    ]
    listing = cli.ok("review")
    assert (
        listing.index("Analytics Engineer")
        < listing.index("Filed\n")
        < listing.index("Your application to Acme Robotics")
    )
    assert [i["status"] for i in json.loads(cli.ok("review", "--recent", "0", "--json"))] == [
        "review"
    ]
    zid = by_subject["Application received: Analytics Engineer"]
    out = cli.ok(
        "review", "correct", str(zid), "--category", "application_received", "--company", "Zephyr"
    )
    assert "will be read the same way" in out
    assert any(a["company"] == "Zephyr" for a in apps(cli))
    assert cli.ok("review", "--recent", "0").strip() == "Nothing to review."
    r = cli("review", "confirm", str(zid))
    assert r.exit_code == 1
    assert "No review item" in r.stderr
    # the correction is remembered for that sender
    later = eml(
        "Zephyr Labs Careers <careers@zephyrlabs.example>",
        "Hello again",
        "A short note about your application, nothing more.",
        days_ago=1,
        mid="c2",
    )
    mbox(box, later, mode="ab")
    out = cli.ok("scan", str(box), "--json")
    line = json.loads(out)
    assert line["category"] == "application_received"
    assert "you corrected mail from careers@zephyrlabs.example before" in line["reasons"]


def test_low_confidence_goes_to_review(cli: Cli, tmp_path: Path) -> None:
    box = mbox(tmp_path / "in.mbox", eml(*INTERVIEW, days_ago=2, mid="i1"))
    cli.ok("config", "review_threshold", "100")
    r = cli("scan", str(box))
    assert "to review 1" in r.stderr
    assert apps(cli) == []


def test_unreadable_sources_exit_non_zero(cli: Cli, tmp_path: Path) -> None:
    junk = tmp_path / "photo.jpg"
    junk.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 10)
    r = cli("scan", str(junk))
    assert r.exit_code == 1
    assert "is a binary file, not mail" in r.stderr
    r = cli("scan", str(tmp_path / "missing.mbox"), "--json")
    assert r.exit_code == 1
    assert r.stdout == ""
    assert "No such file" in r.stderr


def test_one_bad_source_among_good_ones(cli: Cli, tmp_path: Path) -> None:
    box = mbox(tmp_path / "in.mbox", eml(*CONFIRMATION, days_ago=3, mid="c1"))
    r = cli("scan", str(tmp_path / "nope"), str(box))
    assert r.exit_code == 1
    assert [a["company"] for a in apps(cli)] == ["Zephyr Labs"]


def test_skipped_messages_are_reported(cli: Cli, tmp_path: Path) -> None:
    box = mbox(
        tmp_path / "in.mbox",
        eml(*CONFIRMATION, days_ago=40, mid="old"),
        eml(*CONFIRMATION, days_ago=3, mid="c1"),
        eml(*CONFIRMATION, days_ago=3, mid="c1"),
        b"\x00\x01\x02 binary rubbish\n",
    )
    since = (NOW - timedelta(days=10)).date().isoformat()
    r = cli("scan", str(box), "--since", since)
    assert r.exit_code == 0
    assert "skipped 1: older than --since" in r.stderr
    assert "skipped 1: duplicate Message-ID" in r.stderr
    assert "skipped 1: not an email" in r.stderr


def test_a_crash_keeps_what_was_filed_and_the_next_scan_resumes(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    companies = ["Zephyr Labs", "Quasar Bio", "Ridgeline Software", "Bluefin Tech"]
    msgs = [
        eml(
            f"{c} Careers <careers@{c.split()[0].lower()}.example>",
            "Application received: Analytics Engineer",
            f"Hello,\n\nThank you for applying to {c}. We have received your application for "
            f"the Analytics Engineer position.\n\n{c} Careers",
            days_ago=5 - i,
            mid=f"c{i}",
        )
        for i, c in enumerate(companies)
    ]
    box = mbox(tmp_path / "in.mbox", *msgs)
    monkeypatch.setattr(mail_service, "BATCH", 2)
    from doorajar.mail import classify as classify_module

    real = classify_module.classify
    calls = {"n": 0}

    def flaky(*args: Any, **kwargs: Any) -> Classification:
        calls["n"] += 1
        if calls["n"] == 4:
            raise KeyboardInterrupt  # the power went: not a message the scan can skip
        return real(*args, **kwargs)

    monkeypatch.setattr(classify_module, "classify", flaky)
    assert cli("scan", str(box)).exit_code != 0
    assert sorted(a["company"] for a in apps(cli)) == ["Quasar Bio", "Zephyr Labs"]
    r = cli("scan", str(box))
    assert r.exit_code == 0
    assert sorted(a["company"] for a in apps(cli)) == sorted(companies)


def test_demo_mailbox_files_sensibly_and_idempotently(cli: Cli, home: Path) -> None:
    (home / "ajar.db").unlink()
    out = cli.ok("demo")
    box = home / "demo-mailbox.mbox"
    assert str(box) in out
    before = {a["company"]: a for a in apps(cli)}
    acme_rejections = len(show(cli, "Acme")["rejections"])
    r = cli("scan", str(box))
    assert r.exit_code == 0, r.stderr
    after = {a["company"]: a for a in apps(cli)}
    assert len(show(cli, "Acme")["rejections"]) == acme_rejections  # linked, not re-rejected
    assert after["Silverline Media"]["outcome"] == "rejected"
    assert before["Silverline Media"]["outcome"] == "active"
    assert after["Lattice Energy"]["stage"] == "final_round"
    assert after["Harborview Hospital"]["outcome"] == "rejected"
    assert "Quasar Bio" in after
    assert "Quasar Bio" not in before
    snapshot = cli.ok("export", "--json")
    r = cli("scan", str(box))
    assert "unchanged" in r.stderr
    assert cli.ok("export", "--json") == snapshot


def test_scan_help_has_an_example(cli: Cli) -> None:
    assert "Example: ajar scan" in cli.ok("scan", "--help")
    assert "Example: ajar review" in cli.ok("review", "--help")


def test_a_company_with_several_applications(cli: Cli, tmp_path: Path) -> None:
    cli.ok("apply", "Zephyr Labs", "Analytics Engineer", "--date", "2026-11-10")
    other_role = (
        CONFIRMATION[0],
        "Application received: Platform Engineer",
        CONFIRMATION[2].replace("Analytics Engineer", "Platform Engineer"),
    )
    box = mbox(
        tmp_path / "in.mbox",
        eml(*CONFIRMATION, days_ago=11, mid="c1"),
        eml(*other_role, days_ago=5, mid="c2"),
    )
    out = cli("scan", str(box)).stderr
    assert "Application received: Analytics Engineer -> linked to #1" in out
    assert "new application #2 Platform Engineer at Zephyr Labs" in out
    assert sorted(a["role"] for a in apps(cli)) == ["Analytics Engineer", "Platform Engineer"]


def test_export_import_round_trips_mail_tables(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli.ok("config", "review_threshold", "100")
    box = mbox(
        tmp_path / "in.mbox",
        eml(*CONFIRMATION, days_ago=3, mid="c1"),
        eml(*FORM_REJECTION, days_ago=2, mid="r1"),
        eml(*NEWSLETTER, days_ago=1, mid="n1"),
    )
    cli.ok("scan", str(box))
    items = json.loads(cli.ok("review", "--json"))
    cli.ok("review", "correct", str(items[0]["id"]), "--category", "rejection", "--kind", "form")
    exported = cli.ok("export", "--json")
    doc = json.loads(exported)
    assert doc["tables"]["mail_messages"]
    assert doc["tables"]["mail_sources"]
    assert doc["tables"]["mail_sender_rules"]
    backup = tmp_path / "backup.json"
    backup.write_text(exported)
    other = tmp_path / "other-home"
    other.mkdir()
    monkeypatch.setenv("AJAR_HOME", str(other))
    cli.ok("import", str(backup))
    assert cli.ok("export", "--json") == exported


def test_an_interrupted_mbox_scan_resumes_after_the_last_batch(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    msgs = [
        eml(f"Friend <friend{i}@mail.example>", f"Note {i}", "Hello!", days_ago=5, mid=f"n{i}")
        for i in range(6)
    ]
    box = mbox(tmp_path / "in.mbox", *msgs)
    monkeypatch.setattr(mail_service, "BATCH", 2)
    from doorajar.mail import classify as classify_module

    real = classify_module.classify
    seen: list[str] = []

    def counting(msg: ParsedMessage, **kwargs: Any) -> Classification:
        seen.append(msg.subject)
        if len(seen) == 5:
            raise KeyboardInterrupt  # the power went: not a message the scan can skip
        return real(msg, **kwargs)

    monkeypatch.setattr(classify_module, "classify", counting)
    assert cli("scan", str(box)).exit_code != 0
    seen.clear()
    r = cli("scan", str(box))
    assert "read 2, new 2" in r.stderr  # the first two batches were not read again
    assert seen == ["Note 4", "Note 5"]


def test_a_correction_can_cover_a_whole_domain_but_not_an_ats(cli: Cli, tmp_path: Path) -> None:
    cli.ok("config", "review_threshold", "100")
    box = mbox(
        tmp_path / "in.mbox",
        eml(*FORM_REJECTION, days_ago=3, mid="r1"),
        eml(*CONFIRMATION, days_ago=2, mid="c1"),
    )
    cli.ok("scan", str(box))
    ids = {i["subject"]: i["id"] for i in json.loads(cli.ok("review", "--json"))}
    r = cli("review", "correct", str(ids[FORM_REJECTION[1]]), "--category", "rejection", "--domain")
    assert r.exit_code == 1
    assert "greenhouse.io sends mail for many companies" in r.stderr
    out = cli.ok(
        "review", "correct", str(ids[CONFIRMATION[1]]), "--category", "application_received",
        "--domain",
    )  # fmt: skip
    assert "Mail from @zephyrlabs.example, and mail of the same template, will be read" in out
    later = eml(
        "Ana <ana@zephyrlabs.example>", "Hello", "A short note, nothing more.", days_ago=1, mid="x"
    )
    mbox(box, later, mode="ab")
    line = json.loads(cli.ok("scan", str(box), "--dry-run", "--json"))
    assert line["category"] == "application_received"
    assert "you corrected mail from @zephyrlabs.example before" in line["reasons"]


def test_newsletter_job_alert_and_regretful_acknowledgement_are_not_rejections(
    cli: Cli, tmp_path: Path
) -> None:
    newsletter = eml(
        "Career Compass <hello@careercompass.example>",
        "This month: bouncing back after a no",
        "Hello reader,\n\nThis issue is about the week after an employer says they will not be "
        "moving forward with your application. Unfortunately most of us take it personally; "
        "three readers explain how they turned a rejection into a referral.\n\n"
        "Read the stories on our site.\n\nYou get this because you subscribed. Unsubscribe.",
        days_ago=3,
        mid="news1",
        extra="List-Unsubscribe: <mailto:leave@careercompass.example>\nPrecedence: bulk\n",
    )
    alert = eml(
        "Jobs Digest <alerts@indeed.com>",
        "12 new Data Engineer jobs near you",
        "Unfortunately the role you saved at Brightwell Foods is no longer accepting "
        "applications.\n\nJobs you may like:\nData Engineer - Pellham Bank - Leeds\n"
        "Analytics Engineer - Norrow Labs - remote\n\nManage your alert settings or unsubscribe.",
        days_ago=2,
        mid="alert1",
    )
    ack = eml(
        "Tallow & Finch Careers <no-reply@tallowfinch.example>",
        "We have your application",
        "Dear applicant,\n\nThank you for applying for the Supply Planner role at Tallow & "
        "Finch. We receive a great many applications, so it may take us three weeks to read "
        "yours. If you are not selected for an interview we will let you know by email, and "
        "we keep your details on file for future openings.\n\nBest of luck in your search,\n"
        "The Tallow & Finch recruiting team",
        days_ago=1,
        mid="ack1",
    )
    box = mbox(tmp_path / "in.mbox", newsletter, alert, ack)
    r = cli("scan", str(box), "--dry-run", "--json")
    assert r.exit_code == 0
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    assert [line["message_id"] for line in lines] == [
        "<news1@test.example>",
        "<alert1@test.example>",
        "<ack1@test.example>",
    ]
    assert [line["is_rejection"] for line in lines] == [False, False, False]
    assert [line["category"] for line in lines] == ["other", "other", "application_received"]
    cli.ok("scan", str(box))
    # The acknowledgement creates its application, which stays open.
    [app] = apps(cli)
    assert app["company"] == "Tallow & Finch"
    assert show(cli, "Tallow")["application"]["outcome"] == "active"


def test_a_held_message_keeps_the_best_answer_in_json(cli: Cli, tmp_path: Path) -> None:
    cli.ok("config", "review_threshold", "100")
    box = mbox(tmp_path / "in.mbox", eml(*FORM_REJECTION, days_ago=2, mid="r1"))
    [line] = (json.loads(x) for x in cli.ok("scan", str(box), "--dry-run", "--json").splitlines())
    assert line["held"] is True
    assert line["category"] == "rejection"
    assert line["company"] == "Acme Robotics"

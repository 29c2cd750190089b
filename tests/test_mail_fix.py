"""Fixing a message doorajar read wrong: `ajar review` lists every filed message, `ajar
review fix` files it again as if read right the first time, the fix is one history entry,
and what it teaches is used on the next scan."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.helpers import Cli
from tests.scan_helpers import (
    BULK,
    FORM_REJECTION,
    KIM,
    NEWSLETTER_QUOTING_A_REJECTION,
    PERSONAL_REJECTION,
    apps,
    eml,
    mbox,
    show,
)


def _tables(cli: Cli) -> dict[str, list[dict[str, Any]]]:
    tables: dict[str, list[dict[str, Any]]] = json.loads(cli.ok("export", "--json"))["tables"]
    return tables


def _ids(cli: Cli) -> dict[str, int]:
    return {i["subject"]: i["id"] for i in json.loads(cli.ok("review", "--all", "--json"))}


def _seen(cli: Cli, tmp_path: Path) -> dict[str, str]:
    """What the user sees of their search: Today, the calendar feed, the patterns, the list."""
    feed = tmp_path / "feed.ics"
    cli.ok("calendar", "--out", str(feed), "--force")
    return {
        "today": cli.ok("today"),
        "calendar": feed.read_text(encoding="utf-8"),
        "patterns": cli.ok("patterns"),
        "list": cli.ok("list"),
    }


def test_a_newsletter_filed_as_a_rejection_is_fixed_with_one_command(
    cli: Cli, tmp_path: Path
) -> None:
    cli.ok("apply", "Acme Robotics", "Data Engineer", "--date", "2026-11-10")
    cli.ok("scan", str(mbox(tmp_path / "work.mbox", eml(*FORM_REJECTION, days_ago=2, mid="r1"))))
    clean = _seen(cli, tmp_path)
    before = _tables(cli)
    box = mbox(
        tmp_path / "in.mbox",
        eml(*NEWSLETTER_QUOTING_A_REJECTION, days_ago=1, mid="n1", extra=BULK),
    )
    r = cli("scan", str(box))
    assert "filed 1" in r.stderr
    assert "new application #2 Data Engineer at Career Notes" in r.stderr  # the misreading
    misread, misread_tables = _seen(cli, tmp_path), _tables(cli)
    assert [k for k in clean if misread[k] != clean[k]] == ["today", "calendar", "patterns", "list"]
    assert "after the no from Career Notes" in misread["today"]
    news = _ids(cli)[NEWSLETTER_QUOTING_A_REJECTION[1]]

    out = cli.ok("review", "fix", str(news), "--not-job")
    assert out.splitlines()[0] == (
        f"Fixed #{news} as not job mail: not about a job application. Removed application "
        "#2 Data Engineer at Career Notes (its form rejection, 1 planned action)."
    )
    assert _seen(cli, tmp_path) == clean
    after = _tables(cli)
    for table in ("applications", "actions", "touches", "rejections", "stage_changes"):
        assert after[table] == before[table], table
    stored = next(m for m in after["mail_messages"] if m["id"] == news)
    assert (stored["status"], stored["category"], stored["application_id"]) == (
        "ignored",
        "other",
        None,
    )
    assert stored["raw"] is None  # as for any mail read as no job mail at the scan
    assert "mail_examples" not in after  # what was learned stays out of the export
    assert cli.ok("review").startswith("Nothing to review.")
    listing = cli.ok("review", "--all")
    assert f"#{news}" in listing
    assert "not job mail: not about a job application" in listing

    # a second scan of the same mailbox does not file it again, and the next issue of the
    # same newsletter is read as what it is
    nxt = NEWSLETTER_QUOTING_A_REJECTION[2].replace("Data Engineer", "Analytics Engineer")
    mbox(box, eml(NEWSLETTER_QUOTING_A_REJECTION[0], "The kindest no, again", nxt,
                  days_ago=0.5, mid="n2", extra=BULK), mode="ab")  # fmt: skip
    r = cli("scan", str(box))
    assert "new 1, filed 0, to review 0, not job-related 1" in r.stderr
    assert _seen(cli, tmp_path) == clean

    # the fix is one entry of the history, between the two scans
    entries = json.loads(cli.ok("history", "--json"))
    assert [e["kind"] for e in entries[:3]] == ["scan", "change", "scan"]
    assert entries[1]["command"] == f"ajar review fix {news} --not-job"
    assert entries[1]["summary"] == f"fixed message #{news}: not job mail"
    cli.ok("undo")  # the second scan
    assert cli.ok("undo").startswith(f"Undid ajar review fix {news} --not-job")
    assert _seen(cli, tmp_path) == misread
    assert _tables(cli) == misread_tables


def test_a_fix_moves_the_message_to_the_right_application(cli: Cli, tmp_path: Path) -> None:
    cli.ok("apply", "Acme Robotics", "Data Engineer", "--date", "2026-11-01")
    cli.ok("apply", "Kestrel Logistics", "Data Engineer", "--date", "2026-11-02")
    box = mbox(tmp_path / "in.mbox", eml(*FORM_REJECTION, days_ago=1, mid="r1"))
    cli.ok("scan", str(box))
    assert show(cli, "Acme")["application"]["outcome"] == "rejected"
    mid = _ids(cli)[FORM_REJECTION[1]]
    out = cli.ok("review", "fix", str(mid), "--company", "Kestrel Logistics")
    assert f"Fixed #{mid} as rejection (form): rejection (form) recorded on #2" in out
    acme, kestrel = show(cli, "Acme"), show(cli, "Kestrel")
    assert acme["application"]["outcome"] == "active"
    assert acme["rejections"] == []
    assert acme["touches"] == []
    assert kestrel["application"]["outcome"] == "rejected"
    assert [r["message_id"] for r in kestrel["rejections"]] == ["<r1@test.example>"]
    assert [m["application_id"] for m in _tables(cli)["mail_messages"]] == [2]


def test_a_rejection_that_was_an_interview_invitation(cli: Cli, tmp_path: Path) -> None:
    cli.ok("apply", "Acme Robotics", "Data Engineer", "--date", "2026-11-01")
    cli.ok("contact", "add", "Kim Park", "--company", "Acme Robotics", "--role", "recruiter")
    box = mbox(tmp_path / "in.mbox", eml(*PERSONAL_REJECTION, days_ago=1, mid="p1"))
    cli.ok("scan", str(box))
    assert show(cli, "Acme")["application"]["outcome"] == "rejected"
    mid = _ids(cli)[PERSONAL_REJECTION[1]]
    out = cli.ok("review", "fix", str(mid), "--category", "interview")
    assert out.startswith(
        f"Fixed #{mid} as interview: #1 advanced to recruiter screen. Removed its personal "
        "rejection"
    )
    d = show(cli, "Acme")
    assert (d["application"]["outcome"], d["application"]["stage"]) == (
        "active",
        "recruiter_screen",
    )
    assert d["rejections"] == []
    assert d["feedback"] == []
    kinds = {a["kind"] for a in d["actions"] if a["status"] == "pending"}
    assert "reply" not in kinds
    assert "feedback_request" not in kinds
    # and back: a form rejection after all; the stage it recorded goes with the interview
    out = cli.ok("review", "fix", str(mid), "--kind", "form")
    assert f"Fixed #{mid} as rejection (form)" in out
    d = show(cli, "Acme")
    assert (d["application"]["outcome"], d["application"]["stage"]) == ("rejected", "applied")
    assert [r["kind"] for r in d["rejections"]] == ["form"]
    assert len(json.loads(cli.ok("history", "--json"))) == 5  # 2 commands, 1 scan, 2 fixes


def test_bad_fixes_are_one_line_and_change_nothing(cli: Cli, tmp_path: Path) -> None:
    box = mbox(tmp_path / "in.mbox", eml(*FORM_REJECTION, days_ago=1, mid="r1"))
    cli.ok("scan", str(box))
    mid = str(_ids(cli)[FORM_REJECTION[1]])
    before = cli.ok("export", "--json")
    for args, message in [
        (["99"], "ajar: No message #99; `ajar review --all` lists them."),
        (["99", "--not-job"], "ajar: No message #99; `ajar review --all` lists them."),
        (
            [mid],
            "ajar: Say what is wrong: --not-job, --category, --company, --role, --kind or --stage.",
        ),
        (
            [mid, "--not-job", "--company", "Acme"],
            "ajar: --not-job says it is no job mail at all; give it alone.",
        ),
        (
            [mid, "--category", "interview", "--kind", "form"],
            "ajar: --kind is for a rejection: form or personal.",
        ),
        (
            [mid, "--category", "offer", "--company", "Nowhere Inc"],
            f"ajar: #{mid} cannot be filed so: an offer from Nowhere Inc, which has no "
            "application.",
        ),
        (
            [mid, "--category", "nonsense"],
            "ajar: Unknown category 'nonsense'; use one of: "
            "rejection, application_received, interview, offer, recruiter_outreach, other.",
        ),
    ]:
        r = cli("review", "fix", *args)
        assert (r.exit_code, r.stderr) == (1, message + "\n"), args
        assert r.stdout == ""
    assert cli.ok("export", "--json") == before


def _ack(company: str, addr: str, role: str, mid: str, days_ago: float) -> bytes:
    body = (
        f"Dear Sam,\n\nThank you for applying for the {role} role at {company}. Unfortunately, "
        "we are not able to move forward at this moment: the position has been paused while "
        "the team is reorganised. Your application stays open and we will contact you when "
        f"hiring resumes.\n\n{company} Recruiting"
    )
    return eml(f"{company} <{addr}>", f"{company}: your application", body,
               days_ago=days_ago, mid=mid)  # fmt: skip


SENDERS = [
    ("Brightline Foods", "jobs@brightline.example", "Data Engineer"),
    ("Corvid Systems", "careers@corvid.example", "Analytics Engineer"),
    ("Delta Freight", "talent@deltafreight.example", "Platform Engineer"),
    ("Ember Health", "people@emberhealth.example", "Data Analyst"),
]


def _reading(cli: Cli, box: Path) -> dict[str, dict[str, Any]]:
    lines = cli.ok("scan", str(box), "--dry-run", "--json").splitlines()
    return {d["message_id"]: d for d in map(json.loads, lines)}


def test_corrections_teach_the_template_not_the_sender(cli: Cli, tmp_path: Path) -> None:
    box = mbox(tmp_path / "in.mbox", *[_ack(c, a, r, f"a{i}", 10 - i) for i, (c, a, r)
                                       in enumerate(SENDERS[:3])])  # fmt: skip
    cli.ok("scan", str(box))
    assert {a["outcome"] for a in apps(cli)} == {"rejected"}  # read as rejections
    fourth, fifth = tmp_path / "fourth.mbox", tmp_path / "fifth.mbox"
    mbox(fourth, _ack(*SENDERS[3], "a3", 2))
    mbox(fifth, eml("Brightline Foods <jobs@brightline.example>", "About your application",
                    "Dear Sam,\n\nAfter careful review we have decided to move forward with "
                    "other candidates for the Data Engineer role. We wish you success.\n\n"
                    "Brightline Foods", days_ago=1, mid="b2"))  # fmt: skip
    untaught = _reading(cli, fifth)["<b2@test.example>"]
    for _subject, mid in _ids(cli).items():
        out = cli.ok("review", "fix", str(mid), "--category", "application_received")
        assert out.startswith(f"Fixed #{mid} as application_received: ")
    assert {a["outcome"] for a in apps(cli)} == {"active"}
    assert all(show(cli, a["company"])["rejections"] == [] for a in apps(cli))

    # another company's message of that template is read as the user reads them
    taught = _reading(cli, fourth)["<a3@test.example>"]
    assert (taught["category"], taught["company"]) == ("application_received", "Ember Health")
    assert any(r.startswith("reads like a message from ") for r in taught["reasons"])
    # the same sender's mail of another template is read as before
    assert _reading(cli, fifth)["<b2@test.example>"] == untaught
    assert untaught["category"] == "rejection"
    # and a scan files them so
    cli.ok("scan", str(fourth))
    assert show(cli, "Ember")["application"]["outcome"] == "active"
    cli.ok("scan", str(fifth))
    assert show(cli, "Brightline")["application"]["outcome"] == "rejected"


def test_contacts_come_from_mail_with_their_address_and_role(cli: Cli, tmp_path: Path) -> None:
    cli.ok("config", "user_name", "Sam Rivera")
    cli.ok("apply", "Acme Robotics", "Data Engineer", "--date", "2026-11-01")
    cli.ok("apply", "Quill Labs", "Analytics Engineer", "--date", "2026-11-01")
    signed_by_ats = (
        "Quill Labs <no-reply@greenhouse.io>",
        "Your application to Quill Labs",
        "Hi Sam,\n\nThank you for your interest in the Analytics Engineer role at Quill Labs. "
        "After careful review, we have decided to move forward with other candidates.\n\n"
        "Best,\nNora Blake\nTalent Partner, Quill Labs",
    )
    box = mbox(
        tmp_path / "in.mbox",
        eml(*PERSONAL_REJECTION, days_ago=1, mid="p1"),
        eml(*signed_by_ats, days_ago=1, mid="q1"),
    )
    cli.ok("scan", str(box))
    people = {c["contact"]["name"]: c["contact"] for c in json.loads(cli.ok("contacts", "--json"))}
    assert KIM.startswith("Kim Park")
    kim = people["Kim Park"]
    assert (kim["email"], kim["role"], kim["company"]) == (
        "kim.park@acme-robotics.example",
        "recruiter",
        "Acme Robotics",
    )
    assert [c["name"] for c in show(cli, "Acme")["contacts"]] == ["Kim Park"]
    assert show(cli, "Acme")["rejections"][0]["contact_id"] == kim["id"]
    out = cli.ok("draft", "acme")
    assert "To: Kim Park <kim.park@acme-robotics.example>" in out
    # an ATS's no-reply address is not the person who signed
    nora = people["Nora Blake"]
    assert (nora["email"], nora["role"]) == (None, "recruiter")
    # a second scan of the same person's mail finds the same contact
    mbox(box, eml(KIM, "One more thing", "Hi Sam,\n\nThe team asked me to add that your SQL "
                  "was strong.\n\nKim Park\nRecruiter, Acme Robotics", days_ago=0.5,
                  mid="p2"), mode="ab")  # fmt: skip
    cli.ok("scan", str(box))
    names = [c["contact"]["name"] for c in json.loads(cli.ok("contacts", "--json"))]
    assert names.count("Kim Park") == 1

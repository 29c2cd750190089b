"""Filing does not guess: a name that differs only in its number is another company, and a
person is known by their address before their name."""

from __future__ import annotations

from pathlib import Path

from doorajar.core.matching import company_score, same_application, same_company
from tests.helpers import Cli
from tests.scan_helpers import eml, mbox, show


def test_names_that_differ_only_in_a_number_are_different_companies() -> None:
    assert company_score("Quill17 Labs", "Quill1 Labs") < 0.85
    assert not same_company("Quill17 Labs", "Quill1 Labs")
    assert same_company("Acme, Inc.", "ACME inc")
    assert same_company("The Acme Company", "acme")
    assert same_company("Société Générale", "Societe Generale SA")
    assert same_application("Acme Inc.", "Data  Engineer", "acme", "data engineer")


def test_a_rejection_from_quill17_is_filed_on_quill17(cli: Cli, tmp_path: Path) -> None:
    cli.ok("apply", "Quill1 Labs", "Data Engineer", "--date", "2026-11-10")
    cli.ok("apply", "Quill17 Labs", "Data Engineer", "--date", "2026-11-11")
    box = mbox(
        tmp_path / "box.mbox",
        eml(
            "Quill17 Labs <jobs@quill17labs.example>",
            "Your application to Quill17 Labs",
            "Hi,\n\nThank you for your interest in the Data Engineer position at Quill17 Labs. "
            "After careful review, we have decided to move forward with other candidates.\n\n"
            "Quill17 Labs Recruiting",
            days_ago=2,
            mid="q17",
        ),
    )
    cli.ok("scan", str(box))
    assert show(cli, "Quill17")["application"]["outcome"] == "rejected"
    assert show(cli, "Quill1 Labs")["application"]["outcome"] == "active"


def test_a_second_dana_li_is_not_taken_for_the_first(cli: Cli, tmp_path: Path) -> None:
    cli.ok("apply", "Acme Robotics", "Data Engineer", "--date", "2026-11-10")
    cli.ok(
        "contact", "add", "Dana Li", "--company", "Acme Robotics", "--email", "dana@acme.example"
    )
    box = mbox(
        tmp_path / "box.mbox",
        eml(
            "Dana Li <dana.li@elsewhere.example>",
            "Following up",
            "Hi,\n\nThank you for interviewing with us last week. Unfortunately we have decided "
            "not to move forward with your application.\n\nDana Li",
            days_ago=2,
            mid="dana2",
        ),
    )
    cli.ok("scan", str(box))
    assert show(cli, "acme")["application"]["outcome"] == "active"

"""`ajar today`, `ajar agenda` and `ajar digest` as a user reads them."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from tests.helpers import NOW, Cli, Clock
from tests.servers import SmtpServer


def _rejected(cli: Cli) -> None:
    cli.ok("apply", "Acme Robotics", "Senior Data Engineer", "--date", "2026-10-20")
    cli.ok("contact", "add", "Dana Li", "--company", "Acme Robotics", "--role", "recruiter")
    cli.ok("stage", "acme", "final_round", "--date", "2026-11-10")
    cli.ok("reject", "acme", "--kind", "personal", "--date", "2026-11-19 09:00")


def test_today_says_what_for_whom_why_and_how(cli: Cli) -> None:
    _rejected(cli)
    out = cli.ok("today")
    lines = out.splitlines()
    assert lines[0] == "Momentum: 0 applications today, 0 this week (target 5)."
    assert lines[1].startswith("Send the next application today after the no from Acme Robotics.")
    assert "Overdue" in lines
    # the reply was due 48 hours after Thursday 09:00: Saturday
    i = lines.index("  #1 Send a short thank-you (1 day overdue, Sat 21 Nov)")
    assert lines[i + 1] == "      for Senior Data Engineer at Acme Robotics"
    assert lines[i + 2].startswith("      why They spoke with you, so answer")
    assert "      do  ajar draft 1 --kind reply" in lines
    assert "      do  ajar reflect 1" in lines  # reflecting is not a message
    assert lines[-1] == 'Then: ajar done N · ajar skip N --reason "WHY" · ajar snooze N --days D'
    # the nudge stands for the next_application action; it is not listed twice
    assert out.count("ajar apply") == 1
    assert all(len(line) <= 80 for line in lines)


def test_today_json_has_items_commands_and_momentum(cli: Cli) -> None:
    _rejected(cli)
    doc = json.loads(cli.ok("today", "--json"))
    assert set(doc) >= {"overdue", "today", "coming", "momentum", "now", "days"}
    reply = next(i for i in doc["overdue"] if i["action"]["kind"] == "reply")
    assert reply["command"] == "ajar draft 1 --kind reply"
    assert reply["commands"] == [
        "ajar draft 1 --kind reply",
        "ajar done 1",
        'ajar skip 1 --reason "WHY"',
        "ajar snooze 1 --days 3",
    ]
    assert reply["due"].startswith("2026-11-21T09:00")
    m = doc["momentum"]
    assert (m["today"], m["this_week"], m["weekly_target"], m["target_met"]) == (0, 0, 5, False)
    assert m["nudge"].startswith("Send the next application today")
    assert [i["action"]["kind"] for i in m["next_application"]] == ["next_application"]


def test_done_skip_snooze_move_the_agenda(cli: Cli, clock: Clock) -> None:
    _rejected(cli)
    cli.ok("done", "1")
    cli.ok("skip", "3", "--reason", "Dana is not on LinkedIn")
    cli.ok("snooze", "4", "--days", "2")
    doc = json.loads(cli.ok("agenda", "--days", "3", "--json"))
    open_ids = {i["action"]["id"] for k in ("overdue", "today", "coming") for i in doc[k]}
    assert {1, 3}.isdisjoint(open_ids)
    reflect = next(i for i in doc["coming"] if i["action"]["id"] == 4)
    assert reflect["due"].startswith(str((NOW + timedelta(days=2)).date()))
    cli.ok("apply", "Globex", "Data Engineer")
    out = cli.ok("today")
    assert out.splitlines()[0].startswith("Momentum: 1 application today, 1 this week")
    assert "Send the next application" not in out


def test_today_on_the_demo_fits_80_columns(cli: Cli) -> None:
    cli.ok("demo")
    out = cli.ok("today")
    assert "Overdue" in out
    assert "ajar draft" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_digest_prints_todays_actions_and_momentum(cli: Cli) -> None:
    _rejected(cli)
    out = cli.ok("digest")
    assert out.startswith("doorajar digest for Sunday 22 November 2026\n")
    assert "Momentum: 0 applications today, 0 this week (target 5)." in out
    assert "Due today or overdue (3):" in out
    assert "#1 Send a short thank-you (1 day overdue, Sat 21 Nov)" in out
    assert "Coming in the next 7 days: 1" in out
    assert "Open the full list with: ajar today" in out
    assert max(len(line) for line in out.splitlines()) <= 72


def test_digest_send_mails_it_to_the_user(
    cli: Cli, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    _rejected(cli)
    r = cli("digest", "--send")
    assert r.exit_code == 1
    assert "ajar config user_email" in r.stderr
    cli.ok("config", "user_email", "jordan@example.org")
    cli.ok("config", "user_name", "Jordan Avery")
    cli.ok("config", "smtp_host", smtp_server.host)
    cli.ok("config", "smtp_port", str(smtp_server.port))
    cli.ok("config", "smtp_user", smtp_server.user)
    cli.ok("config", "smtp_security", "plain")
    monkeypatch.setenv("AJAR_SMTP_PASSWORD", smtp_server.password)
    r = cli("digest", "--send")
    assert r.exit_code == 0, r.stderr
    assert "Sent the digest to jordan@example.org." in r.stderr
    [mail] = smtp_server.messages
    assert mail.rcpt_tos == ("jordan@example.org",)
    assert mail.login == smtp_server.user
    msg = mail.message
    assert msg["Subject"] == "doorajar: 3 to do on Sun 22 Nov"
    assert msg["From"] == "Jordan Avery <jordan@example.org>"
    assert msg["Auto-Submitted"] == "auto-generated"
    body = msg.get_content()
    assert "Send a short thank-you" in body
    assert "Momentum:" in body

    monkeypatch.setenv("AJAR_SMTP_PASSWORD", "wrong")
    r = cli("digest", "--send")
    assert r.exit_code == 1
    assert "refused the login" in r.stderr
    assert len(smtp_server.messages) == 1


@pytest.mark.parametrize(
    "args",
    [
        ["today"],
        ["agenda"],
        ["calendar"],
        ["digest"],
        ["door"],
        ["revisit"],
        ["contacts"],
        ["contact", "show"],
    ],
)
def test_every_schedule_command_has_help_with_an_example(cli: Cli, args: list[str]) -> None:
    out = cli.ok(*args, "--help")
    assert "Example: ajar " in out


def test_rejections_in_a_row_make_one_nudge_everywhere(cli: Cli) -> None:
    for company in ("Acme Robotics", "Globex", "Initech"):
        cli.ok("apply", company, "Data Engineer", "--date", "2026-11-01")
    for company, day in (("Acme", "18"), ("Globex", "19"), ("Initech", "20")):
        cli.ok("reject", company, "--kind", "form", "--date", f"2026-11-{day}")
    out = cli.ok("today")
    assert out.count("Send the next application") == 1
    assert "after the no from Initech." in out
    doc = json.loads(cli.ok("today", "--json"))
    items = [i for k in ("overdue", "today", "coming") for i in doc[k]]
    [nudge] = [i for i in items if i["action"]["kind"] == "next_application"]
    assert nudge["who"] == "Data Engineer at Initech"
    assert [i["who"] for i in doc["momentum"]["next_application"]] == [nudge["who"]]
    ics = cli.ok("calendar")
    assert ics.count("SUMMARY:Send the next application") == 1
    cli.ok("skip", str(nudge["action"]["id"]), "--reason", "a slow week on purpose")
    assert "Send the next application" not in cli.ok("today")

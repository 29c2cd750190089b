"""`ajar draft`, `ajar send`: what a user sees, what is kept, and what is refused."""

from __future__ import annotations

import email
import email.policy
import json
import sys
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest

from doorajar.cli import drafts as drafts_cli
from doorajar.drafts import smtp
from doorajar.model import Action, ActionKind, ActionStatus, Direction, NoteKind, Stage
from doorajar.service import Tracker
from tests.drafts_helpers import THREAD, acme
from tests.helpers import Cli, Clock

WORDS = "the whiteboard session with Marcus on the streaming pipeline"


def _action(tracker: Tracker, kind: ActionKind) -> Action:
    return next(a for a in tracker.show("acme").actions if a.kind is kind)


def _sent_touches(tracker: Tracker) -> list[object]:
    return [t for t in tracker.show("acme").touches if t.direction is Direction.OUT]


def _editor(tmp_path: Path, mp: pytest.MonkeyPatch, code: str) -> None:
    """$EDITOR becomes a script that rewrites the file it is given."""
    script = tmp_path / "editor.py"
    script.write_text("import sys, pathlib\np = pathlib.Path(sys.argv[1])\n" + code)
    mp.setenv("EDITOR", f"{sys.executable} {script}")


def test_draft_json_has_exactly_the_documented_fields(tracker: Tracker, cli: Cli) -> None:
    acme(tracker)
    doc = json.loads(cli.ok("draft", "acme", "--json"))
    assert list(doc) == ["kind", "to", "subject", "body", "ready", "missing", "findings"]
    assert doc["kind"] == "reply"
    assert doc["to"] == "Dana Li <dana.li@acme.example>"
    assert doc["ready"] is False
    assert doc["missing"] == ["appreciation"]
    assert [f["rule"] for f in doc["findings"]] == ["placeholder"]


def test_with_the_appreciation_the_draft_is_ready(tracker: Tracker, cli: Cli) -> None:
    acme(tracker)
    doc = json.loads(cli.ok("draft", "acme", "--appreciation", WORDS, "--json"))
    assert doc["ready"] is True
    assert doc["missing"] == []
    assert doc["findings"] == []
    assert f"I especially appreciated {WORDS}." in doc["body"]
    assert doc["body"].startswith("Hi Dana,")
    assert doc["body"].rstrip().endswith("Sam Rivera\nsam@example.org")


def test_human_output_shows_recipient_subject_body_and_readiness(
    tracker: Tracker, cli: Cli
) -> None:
    acme(tracker)
    out = cli.ok("draft", "acme")
    assert "To: Dana Li <dana.li@acme.example>" in out
    assert "Subject: Thank you, Dana" in out
    assert "Not ready: missing appreciation." in out


def test_a_not_ready_draft_is_refused_and_nothing_is_marked_sent(
    tracker: Tracker, cli: Cli, tmp_path: Path
) -> None:
    acme(tracker)
    out = tmp_path / "reply.eml"
    r = cli("send", "acme", "--eml", str(out))
    assert r.exit_code == 1
    assert "not ready: still missing appreciation" in r.stderr
    assert not out.exists()
    assert _action(tracker, ActionKind.REPLY).status is ActionStatus.PENDING
    assert _sent_touches(tracker) == []


def test_eml_export_threads_under_the_rejection_and_is_logged_once_you_sent_it(
    tracker: Tracker, cli: Cli, tmp_path: Path
) -> None:
    acme(tracker)
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "reply.eml"
    cli.ok("draft", "acme", "--appreciation", "Zoë's tour of the café-sized robotics lab")
    text = cli.ok("send", "acme", "--eml", str(out))
    # a file for the mail program is a draft: nothing has been sent yet
    assert "Not logged as sent" in text
    assert "ajar send 1 --kind reply --sent" in text
    assert _action(tracker, ActionKind.REPLY).status is ActionStatus.PENDING
    assert _sent_touches(tracker) == []
    assert [p.name for p in out.parent.iterdir()] == ["reply.eml"]  # no temporary left
    assert "Logged as sent" in cli.ok("send", "1", "--kind", "reply", "--sent")
    msg = email.message_from_bytes(out.read_bytes(), policy=email.policy.default)
    assert msg["In-Reply-To"] == THREAD
    assert msg["References"] == THREAD
    assert msg["To"] == "Dana Li <dana.li@acme.example>"
    assert msg["From"] == "Sam Rivera <sam@example.org>"
    assert msg["Subject"] == "Thank you, Dana"
    assert msg["Message-ID"].endswith("@example.org>")
    assert msg["Date"].datetime == tracker.now()
    assert msg.get_content_charset() == "utf-8"
    assert msg["X-Unsent"] == "1"  # opened as a draft to send, not as a sent message
    assert "Zoë's tour of the café-sized robotics lab" in msg.get_content()
    assert all(b < 128 for b in out.read_bytes())  # 7-bit safe on the wire
    reply = _action(tracker, ActionKind.REPLY)
    assert reply.status is ActionStatus.DONE
    assert reply.done_at == tracker.now()
    assert len(_sent_touches(tracker)) == 1
    again = cli("send", "acme", "--kind", "reply", "--eml", str(tmp_path / "again.eml"))
    assert again.exit_code == 1
    assert not (tmp_path / "again.eml").exists()


def test_the_follow_up_is_planned_from_the_day_the_feedback_request_went_out(
    tracker: Tracker, cli: Cli, clock: Clock, tmp_path: Path
) -> None:
    acme(tracker)
    cli.ok("draft", "acme", "--appreciation", WORDS)
    cli.ok("send", "acme", "--sent")
    clock.advance(days=4)
    doc = json.loads(cli.ok("draft", "acme", "--kind", "feedback_request", "--json"))
    assert doc["kind"] == "feedback_request"
    assert doc["ready"] is True
    assert doc["body"].count("?") == 1
    cli.ok("send", "acme", "--kind", "feedback_request", "--sent")
    follow = _action(tracker, ActionKind.FEEDBACK_FOLLOW_UP)
    assert follow.status is ActionStatus.PENDING
    assert follow.due == clock.now + timedelta(days=10)
    clock.advance(days=10)
    doc = json.loads(cli.ok("draft", "acme", "--kind", "feedback_follow_up", "--json"))
    assert "from 26 November 2026" in doc["body"]
    cli.ok("send", "acme", "--kind", "feedback_follow_up", "--sent")
    # a second follow-up is refused: the playbook allows one
    doc = json.loads(cli.ok("draft", "acme", "--kind", "feedback_follow_up", "--json"))
    assert "second_follow_up" in [f["rule"] for f in doc["findings"]]
    assert not doc["ready"]
    r = cli("send", "acme", "--kind", "feedback_follow_up", "--eml", str(tmp_path / "d.eml"))
    assert r.exit_code == 1
    assert "second_follow_up" in r.stderr


def test_cool_off_holds_the_message_as_a_private_note(
    tracker: Tracker, cli: Cli, clock: Clock, tmp_path: Path
) -> None:
    acme(tracker, minutes_ago=10)
    out = tmp_path / "reply.eml"
    cli.ok("draft", "acme", "--appreciation", WORDS)
    text = cli.ok("send", "acme", "--eml", str(out))
    assert "Let it settle first" in text
    assert "after 15:50 on Sun 22 Nov" in text
    assert not out.exists()
    held = [n for n in tracker.show("acme").notes if n.kind is NoteKind.HELD]
    assert len(held) == 1
    assert WORDS in held[0].body
    assert _action(tracker, ActionKind.REPLY).status is ActionStatus.PENDING
    # --now asks first; without a terminal it needs --yes
    r = cli("send", "acme", "--eml", str(out), "--now")
    assert r.exit_code == 1
    assert "--yes" in r.stderr
    assert not out.exists()
    clock.advance(minutes=51)
    cli.ok("send", "acme", "--eml", str(out))
    assert out.exists()
    assert _action(tracker, ActionKind.REPLY).status is ActionStatus.PENDING
    cli.ok("send", "acme", "--sent")
    assert _action(tracker, ActionKind.REPLY).status is ActionStatus.DONE


def test_now_with_yes_overrides_the_cool_off(tracker: Tracker, cli: Cli, tmp_path: Path) -> None:
    acme(tracker, minutes_ago=10)
    out = tmp_path / "reply.eml"
    cli.ok("draft", "acme", "--appreciation", WORDS)
    cli.ok("send", "acme", "--eml", str(out), "--now", "--yes")
    assert out.exists()


def test_upset_holds_from_now_and_the_hold_is_remembered(
    tracker: Tracker, cli: Cli, clock: Clock, tmp_path: Path
) -> None:
    acme(tracker, minutes_ago=600)
    out = tmp_path / "reply.eml"
    cli.ok("draft", "acme", "--appreciation", WORDS)
    text = cli.ok("send", "acme", "--eml", str(out), "--upset")
    assert "after 16:00 on Sun 22 Nov" in text
    assert not out.exists()
    clock.advance(minutes=30)
    assert "after 16:00" in cli.ok("send", "acme", "--eml", str(out))
    clock.advance(minutes=31)
    cli.ok("send", "acme", "--eml", str(out))
    assert out.exists()


def test_edit_keeps_the_users_text_and_checks_it_again(
    tracker: Tracker, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    acme(tracker)
    _editor(
        tmp_path,
        monkeypatch,
        "t = p.read_text().replace('[one specific thing you appreciated]', "
        "'how Marcus explained the on-call rota')\n"
        "p.write_text(t.replace('Thank you, Dana', 'Thanks for the news'))\n",
    )
    doc = json.loads(cli.ok("draft", "acme", "--edit", "--json"))
    assert doc["subject"] == "Thanks for the news"
    assert "how Marcus explained the on-call rota" in doc["body"]
    assert doc["ready"] is True
    monkeypatch.delenv("EDITOR")
    kept = json.loads(cli.ok("draft", "acme", "--json"))
    assert kept["body"] == doc["body"]
    assert kept["subject"] == "Thanks for the news"


def test_an_emotional_text_can_be_kept_as_a_journal_note(
    tracker: Tracker, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    acme(tracker)
    _editor(
        tmp_path,
        monkeypatch,
        "p.write_text('Subject: Really?\\n\\nI can\\'t believe this. It is so unfair.\\n')\n",
    )
    doc = json.loads(cli.ok("draft", "acme", "--edit", "--json"))
    assert {"venting"} <= {f["rule"] for f in doc["findings"]}
    assert not doc["ready"]
    r = cli("send", "acme", "--eml", str(tmp_path / "x.eml"))
    assert r.exit_code == 1
    assert "--journal" in r.stderr
    out = cli.ok("send", "acme", "--eml", str(tmp_path / "x.eml"), "--journal")
    assert "private journal note" in out
    assert "Nothing was sent" in out
    journal = [n for n in tracker.show("acme").notes if n.kind is NoteKind.JOURNAL]
    assert journal
    assert "so unfair" in journal[0].body
    assert _action(tracker, ActionKind.REPLY).status is ActionStatus.PENDING


def test_interactive_journal_offer(
    tracker: Tracker, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    acme(tracker)
    _editor(
        tmp_path, monkeypatch, "p.write_text('Subject: Hm\\n\\nThis was a waste of my time.\\n')\n"
    )
    cli.ok("draft", "acme", "--edit")
    monkeypatch.setattr(drafts_cli, "_interactive", lambda: True)
    out = cli.ok("send", "acme", "--copy", input="y\n")
    assert "keep it in your journal tonight" in out
    assert "Nothing was sent" in out


def test_smtp_needs_a_confirmation_that_shows_what_goes(
    tracker: Tracker, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    acme(tracker)
    tracker.set_config("smtp_host", "127.0.0.1")
    cli.ok("draft", "acme", "--appreciation", WORDS)
    r = cli("send", "acme", "--smtp")
    assert r.exit_code == 1
    assert "needs your confirmation" in r.stderr
    assert "--yes" in r.stderr
    monkeypatch.setattr(drafts_cli, "_interactive", lambda: True)
    r = cli("send", "acme", "--smtp", input="n\n")
    assert r.exit_code == 0
    assert "To:      Dana Li <dana.li@acme.example>" in r.stdout
    assert "Subject: Thank you, Dana" in r.stdout
    assert WORDS in r.stdout
    assert "Send this message now?" in r.stdout
    assert "Not sent" in r.stdout
    assert _action(tracker, ActionKind.REPLY).status is ActionStatus.PENDING


def test_the_confirmation_shows_the_headers_decoded_as_they_go_out(
    tracker: Tracker, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    acme(tracker)
    tracker.set_config("smtp_host", "127.0.0.1")
    cli.ok("draft", "acme", "--appreciation", WORDS)
    body = f"Hi Dana,\\n\\nThank you. I especially appreciated {WORDS}.\\n\\nSam\\n"
    _editor(
        tmp_path,
        monkeypatch,
        f"p.write_text('Subject: =?utf-8?q?Danke_sch=C3=B6n?=\\n\\n{body}')\n",
    )
    cli.ok("draft", "acme", "--edit")
    went: list[EmailMessage] = []
    monkeypatch.setattr(smtp, "send", lambda msg, config: went.append(msg))
    out = cli.ok("send", "acme", "--smtp", "--yes")
    assert "Subject: Danke schön" in out  # what the recipient's mail program will show
    assert "=?utf-8?" not in out
    assert "From:    Sam Rivera <sam@example.org>" in out
    assert f"In-Reply-To: {THREAD}" in out
    (sent,) = went
    for name in ("From", "To", "Subject", "In-Reply-To"):  # shown exactly as they went
        assert f"{name + ':':<8} {sent[name]}" in out
    # an encoded line break is refused before anything is asked or sent
    _editor(
        tmp_path,
        monkeypatch,
        f"p.write_text('Subject: =?utf-8?q?Hi=0D=0ABcc:_evil@attacker.example?=\\n\\n{body}')\n",
    )
    cli.ok("draft", "acme", "--edit")
    monkeypatch.setattr(drafts_cli, "_interactive", lambda: True)
    r = cli("send", "acme", "--smtp", input="y\n")
    assert r.exit_code == 1
    assert "line break" in r.stderr
    assert "Send this message now?" not in r.stdout
    assert len(went) == 1


def test_no_or_invalid_recipient_is_a_clear_error(
    tracker: Tracker, cli: Cli, tmp_path: Path
) -> None:
    acme(tracker, email=None)
    doc = json.loads(cli.ok("draft", "acme", "--appreciation", WORDS, "--json"))
    assert doc["missing"] == ["recipient email"]
    assert doc["to"] is None
    r = cli("send", "acme", "--eml", str(tmp_path / "x.eml"))
    assert r.exit_code == 1
    assert "no recipient address" in r.stderr
    r = cli("send", "acme", "--to", "dana at acme", "--eml", str(tmp_path / "x.eml"))
    assert r.exit_code == 1
    assert "not a valid email address" in r.stderr
    assert not (tmp_path / "x.eml").exists()
    assert _action(tracker, ActionKind.REPLY).status is ActionStatus.PENDING
    cli.ok("send", "acme", "--to", "dana@acme.example", "--eml", str(tmp_path / "x.eml"))
    assert (tmp_path / "x.eml").exists()


def test_mailto_link(tracker: Tracker, cli: Cli) -> None:
    acme(tracker)
    cli.ok("draft", "acme", "--appreciation", WORDS)
    out = cli.ok("send", "acme", "--mailto")
    link = next(line for line in out.splitlines() if line.startswith("mailto:"))
    assert link.startswith(
        "mailto:dana.li@acme.example?subject=Thank%20you%2C%20Dana&body=Hi%20Dana"
    )
    assert _action(tracker, ActionKind.REPLY).status is ActionStatus.DONE


def test_no_clipboard_is_said_clearly_and_nothing_is_marked_sent(
    tracker: Tracker, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    acme(tracker)
    monkeypatch.setenv("PATH", str(tmp_path))
    cli.ok("draft", "acme", "--appreciation", WORDS)
    r = cli("send", "acme", "--copy")
    assert r.exit_code == 1
    assert "No clipboard is available" in r.stderr
    assert _action(tracker, ActionKind.REPLY).status is ActionStatus.PENDING


def test_clipboard_copy_with_the_platform_tool(
    tracker: Tracker, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    acme(tracker)
    got = tmp_path / "clip.txt"
    tool = tmp_path / "pbcopy"
    tool.write_text(f"#!/bin/sh\n/bin/cat > {got}\n")
    tool.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    cli.ok("draft", "acme", "--appreciation", WORDS)
    assert "Copied to the clipboard (pbcopy)" in cli.ok("send", "acme", "--copy")
    assert WORDS in got.read_text()
    assert _action(tracker, ActionKind.REPLY).status is ActionStatus.DONE


def test_the_linkedin_note_must_fit_the_limit(tracker: Tracker, cli: Cli) -> None:
    acme(tracker)
    tracker.set_config("linkedin_note_limit", "200")
    long_words = "the long and thoughtful conversation about streaming, data contracts and on-call"
    doc = json.loads(
        cli.ok(
            "draft", "acme", "--kind", "linkedin_connect", "--appreciation", long_words, "--json"
        )
    )
    assert doc["ready"] is False
    hit = next(f for f in doc["findings"] if f["rule"] == "linkedin_limit")
    assert "LinkedIn allows 200" in hit["message"]
    r = cli("send", "acme", "--kind", "linkedin_connect", "--copy")
    assert r.exit_code == 1
    assert "linkedin_limit" in r.stderr
    doc = json.loads(
        cli.ok(
            "draft", "acme", "--kind", "linkedin_connect", "--appreciation", "our talk", "--json"
        )
    )
    assert doc["ready"] is True
    assert doc["to"] == "Dana Li"
    r = cli("send", "acme", "--kind", "linkedin_connect", "--eml", "x.eml")
    assert r.exit_code == 1
    assert "sent on LinkedIn" in r.stderr


def test_a_form_rejection_gets_a_reply_only_when_switched_on(tracker: Tracker, cli: Cli) -> None:
    tracker.apply("Globex", "Analyst", at=tracker.now() - timedelta(days=5))
    tracker.reject("globex", at=tracker.now() - timedelta(days=1))
    r = cli("draft", "globex")
    assert r.exit_code == 1
    assert "No message is planned" in r.stderr
    tracker.set_config("reply_to_form", "true")
    doc = json.loads(cli.ok("draft", "globex", "--json"))
    assert doc["kind"] == "form_reply"
    assert doc["body"].startswith("Hello,")


def test_saved_drafts_round_trip_through_export_and_import(
    tracker: Tracker, cli: Cli, tmp_path: Path
) -> None:
    acme(tracker)
    cli.ok("draft", "acme", "--appreciation", WORDS)
    dump = tmp_path / "all.json"
    dump.write_text(cli.ok("export", "--json"))
    doc = json.loads(dump.read_text())
    assert any(WORDS in d["body"] for d in doc["tables"]["drafts"])
    other = tmp_path / "other"
    cli.ok("--home", str(other), "import", str(dump))
    again = json.loads(cli.ok("--home", str(other), "draft", "acme", "--json"))
    assert WORDS in again["body"]


def test_draft_and_send_have_help_with_an_example(cli: Cli) -> None:
    for name in ("draft", "send", "check"):
        assert "Example: ajar" in cli.ok(name, "--help")


def test_the_appreciation_is_asked_for_on_a_terminal(
    tracker: Tracker, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    acme(tracker)
    monkeypatch.setattr(drafts_cli, "_interactive", lambda: True)
    out = cli.ok("draft", "acme", input="how Dana kept me posted after every round\n")
    assert "One specific thing you appreciated" in out
    assert "I especially appreciated how Dana kept me posted after every round." in out
    assert "Ready." in out


def test_warnings_need_a_confirmation(tracker: Tracker, cli: Cli, tmp_path: Path) -> None:
    acme(tracker)
    out = tmp_path / "reply.eml"
    cli.ok(
        "draft",
        "acme",
        "--appreciation",
        "the REALLY good design session, and please reconsider, I really need this job",
    )
    r = cli("draft", "acme", "--eml", str(out))
    assert r.exit_code == 1
    assert "warnings" in r.stderr
    assert "begging" in r.stdout
    fix, advice = r.stdout.split("Advice (")
    assert "all_caps" in advice
    assert "all_caps" not in fix
    assert not out.exists()
    cli.ok("draft", "acme", "--eml", str(out), "--yes")
    assert out.exists()


def test_feedback_in_the_thank_you_when_the_setting_says_so(tracker: Tracker, cli: Cli) -> None:
    tracker.set_config("feedback_request", "with_reply")
    acme(tracker)
    doc = json.loads(cli.ok("draft", "acme", "--appreciation", WORDS, "--json"))
    assert doc["kind"] == "reply_feedback"
    assert doc["body"].count("?") == 1
    assert doc["ready"] is True


def test_an_unknown_language_is_named(tracker: Tracker, cli: Cli) -> None:
    acme(tracker)
    r = cli("draft", "acme", "--lang", "it")
    assert r.exit_code == 1
    assert "No templates in 'it'; choose one of: de, en, es, fr." in r.stderr
    doc = json.loads(
        cli.ok("draft", "acme", "--lang", "es", "--appreciation", "la charla", "--json")
    )
    assert doc["body"].startswith("Hola Dana:")


def test_a_revisit_sent_is_logged_as_a_message(
    tracker: Tracker, cli: Cli, clock: Clock, tmp_path: Path
) -> None:
    acme(tracker)
    clock.advance(days=92)
    doc = json.loads(
        cli.ok("draft", "acme", "--kind", "revisit", "--detail", "Staff Data Engineer", "--json")
    )
    assert "I interviewed in autumn 2026 for the Senior Data Engineer role" in doc["body"]
    cli.ok("send", "acme", "--kind", "revisit", "--sent")
    revisits = [a for a in tracker.show("acme").actions if a.kind is ActionKind.REVISIT]
    assert [a.status for a in revisits] == [ActionStatus.DONE, ActionStatus.PENDING]
    out = [t for t in tracker.show("acme").touches if t.direction is Direction.OUT]
    assert [t.subject for t in out] == ["Interested in the Staff Data Engineer role"]


def test_upset_on_draft_holds_it(tracker: Tracker, cli: Cli) -> None:
    acme(tracker)
    out = cli.ok("draft", "acme", "--appreciation", WORDS, "--upset")
    assert "Held until 16:00 on Sun 22 Nov" in out
    assert any(n.kind is NoteKind.HELD for n in tracker.show("acme").notes)
    assert "after 16:00" in cli.ok("send", "acme", "--copy")


def test_the_linkedin_header_counts_characters(tracker: Tracker, cli: Cli) -> None:
    acme(tracker)
    out = cli.ok("draft", "acme", "--kind", "linkedin_connect", "--appreciation", "our talk")
    note = (
        "Hi Dana, thank you for our conversations about the Senior Data Engineer role at "
        "Acme Robotics. I enjoyed our talk and would be glad to stay in touch. Sam"
    )
    assert note in out
    assert f"LinkedIn note to Dana Li: {len(note)} of 300 characters" in out
    assert "paste it into the connection request" in out


def test_json_stays_parseable_when_handing_over(tracker: Tracker, cli: Cli, tmp_path: Path) -> None:
    acme(tracker)
    r = cli("draft", "acme", "--appreciation", WORDS, "--eml", str(tmp_path / "x.eml"), "--json")
    assert r.exit_code == 0
    assert json.loads(r.stdout)["ready"] is True
    assert "Not logged as sent" in r.stderr


def test_editing_without_an_editor_or_with_a_broken_one_keeps_the_draft(
    tracker: Tracker, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    acme(tracker)
    cli.ok("draft", "acme", "--appreciation", WORDS)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    r = cli("draft", "acme", "--edit")
    assert r.exit_code == 1
    assert "Set $EDITOR" in r.stderr
    monkeypatch.setenv("EDITOR", "false")
    r = cli("draft", "acme", "--edit")
    assert r.exit_code == 1
    assert "the draft was kept" in r.stderr
    assert WORDS in json.loads(cli.ok("draft", "acme", "--json"))["body"]


def test_a_broken_template_override_names_the_file_and_line(
    tracker: Tracker, cli: Cli, home: Path
) -> None:
    acme(tracker)
    folder = home / "templates" / "en"
    folder.mkdir(parents=True)
    (folder / "reply.warm.j2").write_text("Subject: Thanks\n\nHi {{ first_name }},\n{% if %}\n")
    r = cli("draft", "acme")
    assert r.exit_code == 1
    assert f"Template {folder / 'reply.warm.j2'} line 4:" in r.stderr
    (folder / "reply.warm.j2").write_text("Subject: Thanks\n\nHi {{ nickname }},\n")
    r = cli("draft", "acme")
    assert r.exit_code == 1
    assert "'nickname' is undefined" in r.stderr
    (folder / "reply.casual.j2").write_text(
        "Subject: Thanks, {{ first_name }}\n\nHi {{ first_name }}, thanks so much. "
        "I especially enjoyed {{ appreciation }}. Hope to hear from you later on.\n\n{{ signature }}\n"
    )
    doc = json.loads(
        cli.ok("draft", "acme", "--variant", "casual", "--appreciation", WORDS, "--json")
    )
    assert doc["subject"] == "Thanks, Dana"
    assert doc["ready"] is True


def test_draft_refuses_an_invalid_recipient_before_saving(tracker: Tracker, cli: Cli) -> None:
    acme(tracker, email=None)
    r = cli("draft", "acme", "--appreciation", WORDS, "--to", "not an email")
    assert r.exit_code == 1
    assert r.stderr.strip() == (
        "ajar: 'not an email' is not a valid email address; nothing was saved."
    )
    from sqlalchemy import func, select

    from doorajar.store.tables_drafts import DraftRow

    with tracker.tx() as s:
        assert s.scalar(select(func.count()).select_from(DraftRow)) == 0


def test_mailto_and_copy_need_no_recipient_address(
    tracker: Tracker, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    acme(tracker, email=None)
    cli.ok("draft", "acme", "--appreciation", WORDS)
    out = cli.ok("send", "acme", "--mailto")
    link = next(line for line in out.splitlines() if line.startswith("mailto:"))
    assert link.startswith("mailto:?subject=Thank%20you%2C%20Dana&body=Hi%20Dana")
    assert _action(tracker, ActionKind.REPLY).status is ActionStatus.DONE
    # a copy needs none either
    got = tmp_path / "clip.txt"
    tool = tmp_path / "pbcopy"
    tool.write_text(f"#!/bin/sh\n/bin/cat > {got}\n")
    tool.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    cli.ok("draft", "acme", "--kind", "feedback_request")
    assert "Copied to the clipboard (pbcopy)" in cli.ok(
        "send", "acme", "--kind", "feedback_request", "--copy"
    )
    assert "one thing" in got.read_text()
    assert _action(tracker, ActionKind.FEEDBACK_REQUEST).status is ActionStatus.DONE
    # an address that is given must still be one
    r = cli("send", "acme", "--kind", "check_in", "--to", "dana at acme", "--mailto")
    assert r.exit_code == 1
    assert "not a valid email address" in r.stderr


def test_the_reply_thanks_for_feedback_that_came_with_the_rejection(
    tracker: Tracker, cli: Cli
) -> None:
    now = tracker.now()
    tracker.set_config("user_name", "Sam Rivera")
    tracker.apply("Acme Robotics", "Data Engineer", at=now - timedelta(days=30))
    tracker.add_contact("Dana Li", company="Acme Robotics", email="dana.li@acme.example")
    tracker.reject(
        "acme",
        stage=Stage.FINAL_ROUND,
        at=now - timedelta(hours=3),
        contact="Dana Li",
        feedback="Strong SQL; we needed more Spark.",
    )
    reply = next(
        a for a in json.loads(cli.ok("show", "acme", "--json"))["actions"] if a["kind"] == "reply"
    )
    assert "Thank them for the feedback in the same note" in reply["reason"]
    for variant, words in (
        ("warm", "Thank you, too, for the feedback"),
        ("formal", "grateful for your feedback"),
        ("short", "Thanks for the feedback, too."),
    ):
        doc = json.loads(cli.ok("draft", "acme", "--kind", "reply", "--variant", variant, "--json"))
        assert words in doc["body"], variant
    # without feedback, the same reply says nothing of it
    tracker.apply("Beta Labs", "Data Engineer", at=now - timedelta(days=30))
    tracker.reject("beta", stage=Stage.FINAL_ROUND, at=now - timedelta(hours=3))
    doc = json.loads(cli.ok("draft", "beta", "--kind", "reply", "--json"))
    assert "feedback" not in doc["body"].lower()

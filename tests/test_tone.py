"""The tone guard: every rule in the rules file, both ways, and `ajar check`."""

from __future__ import annotations

import json
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from doorajar.drafts import moves, tone
from tests.helpers import Cli


def _raw_rules() -> list[dict[str, object]]:
    raw = (resources.files("doorajar.drafts") / "tone_rules.toml").read_bytes()
    rules = tomllib.loads(raw.decode())["rules"]
    assert isinstance(rules, list)
    return rules


def _cases() -> list[tuple[str, tone.Case]]:
    return [(r.id, c) for r in tone.rules() for c in r.cases]


@pytest.mark.parametrize("raw", _raw_rules(), ids=lambda r: str(r["id"]))
def test_every_rule_has_a_positive_and_a_negative_case(raw: dict[str, object]) -> None:
    cases = raw.get("cases", [])
    assert isinstance(cases, list)
    assert any(c["expect"] for c in cases), f"{raw['id']}: no case that must be flagged"
    assert any(not c["expect"] for c in cases), f"{raw['id']}: no case that must pass"


@pytest.mark.parametrize(
    ("rule_id", "case"), _cases(), ids=[f"{r}-{'pos' if c.expect else 'neg'}" for r, c in _cases()]
)
def test_rule_case(rule_id: str, case: tone.Case) -> None:
    findings = tone.check(case.text, case.context)
    hits = [f for f in findings if f.rule == rule_id]
    if case.expect:
        assert hits, f"{rule_id} should flag: {case.text!r}"
        for f in hits:
            assert 0 <= f.span[0] <= f.span[1] <= len(case.text)
            assert f.message
            assert f.suggestion
            assert "{" not in f.message
    else:
        assert not hits, f"{rule_id} should not flag {case.text!r}: {hits}"


def test_rule_ids_are_unique_and_severities_known() -> None:
    ids = [r.id for r in tone.rules()]
    assert len(ids) == len(set(ids))
    assert {r.severity for r in tone.rules()} <= set(tone.SEVERITIES)
    assert len(ids) >= 20


def test_spans_point_at_the_words() -> None:
    text = "Thank you. I can't believe it!!!"
    found = {f.rule: f for f in tone.check(text)}
    s = found["venting"].span
    assert text[s[0] : s[1]] == "I can't believe"
    s = found["exclamations"].span
    assert text[s[0] : s[1]] == "!!!"


def test_linkedin_counts_unicode_characters_after_nfc_and_line_breaks() -> None:
    composed = "Zoë"  # 3 characters once composed, 4 code points decomposed
    decomposed = "Zoe\u0308"
    assert tone.char_count(decomposed) == tone.char_count(composed) == 3
    assert tone.char_count("a\nb\n") == 3
    note = "x" * 299 + "\n" + "y"
    ctx = tone.Context(kind="linkedin_connect", char_limit=300)
    hit = [f for f in tone.check(note, ctx) if f.rule == "linkedin_limit"]
    assert hit
    assert "301 characters" in hit[0].message
    assert "allows 300" in hit[0].message


def test_the_misspelling_suggests_a_correction_and_skips_names_urls_emails() -> None:
    text = "I enjoyed the oportunity to meet Okonkwo at okonkwo@acme.example, see https://acme.example/jbs"
    hits = [
        f
        for f in tone.check(text, tone.Context(known_words=frozenset({"okonkwo"})))
        if f.rule == "spelling"
    ]
    assert [text[f.span[0] : f.span[1]] for f in hits] == ["oportunity"]
    assert '"opportunity"' in hits[0].suggestion


ANGRY = (
    "Hi Dana,\n\nI can't believe you turned me down after FOUR rounds!!! Your process was a "
    "mess and I was clearly the best candidate. Why was I rejected? I deserve to know why.\n"
)


def test_check_prints_findings_and_exits_zero(cli: Cli, tmp_path: Path) -> None:
    f = tmp_path / "angry.txt"
    f.write_text(ANGRY)
    out = cli.ok("check", str(f), "--kind", "reply")
    assert "Kind: reply (given)" in out
    assert "venting" in out
    assert "better_candidate" in out
    fix, advice = out.split("Advice (")
    assert "no_thanks" in advice
    assert "no_thanks" not in fix
    assert "all_caps" in advice
    assert "journal" in out


def test_check_json_has_exactly_the_documented_shape(cli: Cli) -> None:
    doc = json.loads(cli.ok("check", "-", "--json", input=ANGRY))
    assert set(doc) == {"ok", "kind", "kind_guessed", "findings"}
    assert doc["ok"] is False
    assert doc["kind_guessed"] is True
    assert doc["kind"] in moves.KINDS
    for f in doc["findings"]:
        assert set(f) == {"rule", "severity", "span", "message", "suggestion", "sentence", "move"}
        assert len(f["span"]) == 2
        assert f["severity"] in tone.SEVERITIES
        if f["sentence"] is not None:
            assert f["sentence"] in ANGRY
    rules = {f["rule"]: f for f in doc["findings"]}
    assert {
        "venting",
        "accusing",
        "better_candidate",
        "demand_reasons",
        "all_caps",
        "exclamations",
    } <= set(rules)
    assert rules["accusing"]["move"] == "blame"
    assert rules["accusing"]["sentence"] == (
        "Your process was a mess and I was clearly the best candidate."
    )
    assert rules["all_caps"]["severity"] == rules["exclamations"]["severity"] == "advice"


def test_a_kind_message_is_ok(cli: Cli) -> None:
    text = (
        "Hi Dana,\n\nThank you for letting me know. I especially enjoyed the design session "
        "with Marcus. I’d be glad to hear from you if a closer fit opens up later.\n\nSam\n"
    )
    doc = json.loads(cli.ok("check", "--json", "--kind", "reply", input=text))
    assert doc == {"ok": True, "kind": "reply", "kind_guessed": False, "findings": []}


def test_check_unreadable_input_exits_one(cli: Cli, tmp_path: Path) -> None:
    r = cli("check", str(tmp_path / "nope.txt"))
    assert r.exit_code == 1
    assert "No such file" in r.stderr
    bad = tmp_path / "bin.txt"
    bad.write_bytes(b"\xff\xfe\x00bad")
    r = cli("check", str(bad))
    assert r.exit_code == 1
    assert "not UTF-8" in r.stderr


def test_a_text_over_the_size_limit_is_refused_in_one_line(cli: Cli, tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    huge.write_text("I can't believe this! " * 250_000)  # 5.5 MB: this never finished
    r = cli("check", str(huge), "--kind", "reply")
    assert r.exit_code == 1
    assert r.stderr.count("\n") == 1
    assert "the tone check reads messages of up to 10,000" in r.stderr
    # just below the limit, the check runs and reports
    near = tmp_path / "near.txt"
    near.write_text(("Thank you, Dana. " * 600)[: tone.MAX_CHARS])
    assert cli("check", str(near), "--kind", "reply").exit_code == 0


def test_addresses_and_quotes_no_longer_slow_the_spelling_check() -> None:
    # each word used to be compared with every address and quote before it; and a long
    # run of letters made the address pattern try every start again
    for text in ("x@y.example " * 800, '"a" ' * 2500, "a" * 10_000):
        findings = tone.check(text, tone.Context(kind="reply"))
        assert all(f.rule != "spelling" or "example" not in text[slice(*f.span)] for f in findings)

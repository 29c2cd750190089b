"""Every message template, rendered from a record, against its reviewed snapshot.

Set AJAR_UPDATE_SNAPSHOTS=1 to rewrite the snapshots after a deliberate change, then
review the diff.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from doorajar.drafts import tone
from doorajar.drafts.compose import Request, compose, known_words, season
from doorajar.drafts.templates import Templates
from doorajar.errors import InvalidInput
from doorajar.model import (
    ActionKind,
    Application,
    ApplicationDetail,
    Channel,
    Contact,
    ContactRole,
    Direction,
    Draft,
    Rejection,
    RejectionKind,
    Stage,
    Touch,
)
from doorajar.settings import Settings

SNAPSHOTS = Path(__file__).parent / "snapshots" / "drafts"
UPDATE = os.environ.get("AJAR_UPDATE_SNAPSHOTS") == "1"

DANA = Contact(1, "Dana Li", "dana.li@acme.example", "Acme Robotics", ContactRole.RECRUITER)
APP = Application(
    7,
    "Acme Robotics",
    "Senior Data Engineer",
    datetime(2026, 9, 1, 9, 0, tzinfo=UTC),
    stage=Stage.FINAL_ROUND,
)
REJ = Rejection(
    3,
    7,
    RejectionKind.PERSONAL,
    Stage.FINAL_ROUND,
    datetime(2026, 10, 20, 14, 0, tzinfo=UTC),
    contact_id=1,
    message_id="<decision-42@acme.example>",
)
ASKED = Touch(
    5,
    Direction.OUT,
    Channel.EMAIL,
    datetime(2026, 10, 25, 10, 0, tzinfo=UTC),
    application_id=7,
    action_kind=ActionKind.FEEDBACK_REQUEST,
)
DETAIL = ApplicationDetail(APP, rejections=(REJ,), contacts=(DANA,), touches=(ASKED,))
SETTINGS = Settings(
    user_name="Sam Rivera",
    user_email="sam@example.org",
    user_linkedin="https://www.linkedin.com/in/sam-rivera",
)
WORDS = {
    "reply": "the whiteboard session with Marcus on the streaming pipeline",
    "reply_feedback": "the whiteboard session with Marcus on the streaming pipeline",
    "linkedin_connect": "our talk about data contracts",
}
# The user's own words, in the draft's language.
WORDS_IN = {
    "de": "das Gespräch mit Marcus über die Datenplattform",
    "fr": "la discussion avec Marcus sur la plateforme de données",
    "es": "la conversación con Marcus sobre la plataforma de datos",
}
DETAILS = {
    "touch": "I finished the Kafka certification I mentioned",
    "revisit": "Staff Data Engineer",
}


def _all() -> list[str]:
    return Templates().names()


def _render(name: str) -> tuple[str, Draft]:
    lang, rest = name.split("/")
    kind, variant, _ = rest.split(".")
    draft = compose(
        DETAIL,
        SETTINGS,
        Request(
            kind=kind,
            variant=variant,
            lang=lang,
            appreciation=WORDS_IN.get(lang, WORDS.get(kind)),
            detail=DETAILS.get(kind),
        ),
        Templates(),
    )
    return draft.text, draft


def test_there_are_templates_for_every_kind_in_two_or_three_variants() -> None:
    t = Templates()
    for kind in (
        "reply",
        "reply_feedback",
        "form_reply",
        "feedback_request",
        "feedback_follow_up",
        "thank_for_feedback",
        "linkedin_connect",
        "check_in",
        "touch",
        "revisit",
    ):
        assert 2 <= len(t.variants("en", kind)) <= 3, kind
    for lang in ("de", "fr", "es"):
        assert len(t.variants(lang, "reply")) >= 2
        assert len(t.variants(lang, "feedback_request")) >= 2


@pytest.mark.parametrize("name", _all())
def test_template_matches_its_snapshot(name: str) -> None:
    text, _draft = _render(name)
    path = SNAPSHOTS / (name.replace("/", "_").removesuffix(".j2") + ".txt")
    if UPDATE or not path.exists():
        if not UPDATE:
            pytest.fail(f"no snapshot {path.name}; run with AJAR_UPDATE_SNAPSHOTS=1 and review")
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", _all())
def test_every_filled_template_is_ready_and_passes_its_own_tone_check(name: str) -> None:
    _text, draft = _render(name)
    assert draft.missing == ()
    ctx = tone.Context(
        kind=draft.kind,
        lang=draft.lang,
        known_words=known_words(DETAIL, SETTINGS),
    )
    findings = tone.check(draft.body, ctx)
    assert findings == [], [(f.rule, draft.body[f.span[0] : f.span[1]]) for f in findings]


def test_no_snapshot_is_left_over_from_a_removed_template() -> None:
    expected = {n.replace("/", "_").removesuffix(".j2") + ".txt" for n in _all()}
    assert {p.name for p in SNAPSHOTS.glob("*.txt")} == expected


def test_unknown_values_are_placeholders_listed_as_missing_never_invented() -> None:
    detail = ApplicationDetail(APP, rejections=(REJ,))
    draft = compose(detail, Settings(), Request(kind="reply"), Templates())
    assert "[their name]" in draft.body
    assert "[one specific thing you appreciated]" in draft.body
    assert set(draft.missing) == {"recipient name", "appreciation", "your name", "recipient email"}


def test_the_revisit_note_names_the_season_of_the_rejection() -> None:
    assert season(datetime(2026, 10, 20, tzinfo=UTC)) == "autumn 2026"
    assert season(datetime(2027, 1, 5, tzinfo=UTC)) == "winter 2027"
    draft = compose(DETAIL, SETTINGS, Request(kind="revisit", detail="Staff Engineer"), Templates())
    assert "I interviewed in autumn 2026 for the Senior Data Engineer role" in draft.body


def test_language_comes_from_the_application_then_the_setting() -> None:
    german = ApplicationDetail(
        Application(7, "Acme", "Data Engineer", APP.applied_at, language="de"),
        rejections=(REJ,),
        contacts=(DANA,),
    )
    d = compose(german, SETTINGS, Request(kind="reply", appreciation="x"), Templates())
    assert d.lang == "de"
    assert d.body.startswith("Hallo Dana,")
    fr = Settings(language="fr", user_name="Sam")
    d = compose(DETAIL, fr, Request(kind="feedback_request"), Templates())
    assert d.lang == "fr"
    assert d.body.startswith("Bonjour Dana,")
    # kinds without a translation fall back to English
    d = compose(DETAIL, fr, Request(kind="check_in"), Templates())
    assert d.lang == "en"


def test_a_user_override_wins_and_a_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "templates" / "en"
    folder.mkdir(parents=True)
    (folder / "reply.warm.j2").write_text("Subject: Hi\n\nDear {{ first_name }}, thanks!\n")
    d = compose(DETAIL, SETTINGS, Request(kind="reply"), Templates(tmp_path / "templates"))
    assert d.body == "Dear Dana, thanks!\n"
    (folder / "reply.warm.j2").write_text("Subject: Hi\n\nline two\n{{ first_name \n")
    with pytest.raises(InvalidInput) as err:
        compose(DETAIL, SETTINGS, Request(kind="reply"), Templates(tmp_path / "templates"))
    assert "reply.warm.j2 line 4" in err.value.message


def test_an_unknown_variant_lists_the_ones_there_are() -> None:
    with pytest.raises(InvalidInput, match="choose one of: formal, short, warm"):
        compose(DETAIL, SETTINGS, Request(kind="reply", variant="casual"), Templates())

"""The tone guard's sentence reading: moves in several languages, placeholders in every form,
British spelling, acronyms, curly apostrophes, quoted words, and what is only advice.

Each harmful move is also checked both ways by its rule's cases in tone_rules.toml
(tests/test_tone.py runs them).
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from doorajar import embeddings
from doorajar.drafts import moves, sentences, tone
from tests.helpers import Cli


def _check(cli: Cli, text: str, *args: str) -> dict[str, object]:
    doc = json.loads(cli.ok("check", "-", "--json", *args, input=text))
    assert isinstance(doc, dict)
    return doc


def _rules(doc: dict[str, object]) -> dict[str, dict[str, object]]:
    findings = doc["findings"]
    assert isinstance(findings, list)
    return {f["rule"]: f for f in findings}


# --- harmful moves, outside any fixed phrase -------------------------------------------

HARMFUL = [
    ("Thanks a million for the canned email after five rounds, very classy.", "en"),
    ("Honestly the interviewers seemed bored and unprepared, which says a lot.", "en"),
    ("You should really think about training your recruiters before they talk to people.", "en"),
    ("Ich finde es unverschämt, dass Sie nach drei Runden nur eine Standardabsage schicken.", "de"),
    ("Ihr seid wirklich ein Saftladen, ihr Vollpfosten.", "de"),
    ("Je vous supplie de reconsidérer ma candidature, j'ai vraiment besoin de ce poste.", "fr"),
    ("Merci pour rien, vraiment, quelle belle leçon de respect.", "fr"),
    ("Está claro que el puesto ya estaba dado a un enchufado desde el principio.", "es"),
    ("Por favor, le suplico que me dé otra oportunidad.", "es"),
]


@pytest.mark.parametrize(("text", "lang"), HARMFUL, ids=[t[:30] for t, _ in HARMFUL])
def test_a_harmful_sentence_is_not_ok_and_names_itself(cli: Cli, text: str, lang: str) -> None:
    message = f"Hello,\n\n{text}\n\nRegards,\nSam"
    doc = _check(cli, message, "--lang", lang)
    assert doc["ok"] is False
    harmful = [
        f
        for f in _rules(doc).values()
        if f["severity"] in ("error", "warning") and f["move"] in moves.HARMFUL
    ]
    assert harmful, doc
    assert harmful[0]["sentence"] == text
    assert harmful[0]["suggestion"]


GRACIOUS = [
    "Thank you for letting me know, and for the time the whole panel gave me.",
    "I especially enjoyed the whiteboard session with Priya on the ingestion service.",
    "If a role closer to my background opens up, I'd be glad to hear from you.",
    "Vielen Dank für Ihre Nachricht und das angenehme Gespräch mit Frau Becker.",
    "Merci pour votre retour et pour le temps que vous m'avez accordé.",
    "Muchas gracias por la entrevista; me encantó conocer al equipo de datos.",
]


@pytest.mark.parametrize("text", GRACIOUS, ids=[t[:30] for t in GRACIOUS])
def test_a_gracious_sentence_passes(text: str) -> None:
    (reading,) = moves.read([text])
    assert reading.move in moves.GRACIOUS, reading


# --- the moves that matter most, in German, French and Spanish, both ways ---------------
# Each row: language, move, a sentence making that move, and a gracious sentence on the
# same subject that must pass.

FOREIGN = [
    (
        "de",
        "insult",
        "Was für ein Haufen inkompetenter Idioten ihr seid.",
        "Ich habe von Ihrem Team in kurzer Zeit sehr viel gelernt.",
    ),
    (
        "de",
        "blame",
        "Ihre Entscheidung war von Anfang an voreingenommen und diskriminierend.",
        "Ich verstehe Ihre Entscheidung und respektiere sie.",
    ),
    (
        "de",
        "sarcasm",
        "Danke für nichts, das war ja eine tolle Erfahrung.",
        "Danke für die offene Rückmeldung, das war eine gute Erfahrung.",
    ),
    (
        "de",
        "pleading",
        "Bitte überdenken Sie Ihre Entscheidung noch einmal, ich brauche diese Stelle wirklich.",
        "Bitte denken Sie an mich, falls sich in Zukunft eine passende Stelle ergibt.",
    ),
    (
        "fr",
        "insult",
        "Vous êtes une bande de crétins incompétents.",
        "Votre équipe m'a beaucoup appris en très peu de temps.",
    ),
    (
        "fr",
        "blame",
        "Ce processus était clairement discriminatoire et malhonnête.",
        "Je comprends votre décision et je la respecte.",
    ),
    (
        "fr",
        "sarcasm",
        "Merci pour le mépris, quelle magnifique leçon de professionnalisme.",
        "Merci pour ce retour détaillé, il m'aidera beaucoup.",
    ),
    (
        "fr",
        "pleading",
        "Je vous en supplie, donnez-moi une seconde chance.",
        "N'hésitez pas à me recontacter si un poste similaire se libère.",
    ),
    (
        "es",
        "insult",
        "Sois una panda de idiotas.",
        "Aprendí muchísimo de su equipo en muy poco tiempo.",
    ),
    (
        "es",
        "blame",
        "El proceso fue claramente discriminatorio y poco profesional.",
        "Entiendo su decisión y la respeto.",
    ),
    (
        "es",
        "sarcasm",
        "Gracias por nada, qué manera tan elegante de tratar a los candidatos.",
        "Gracias por sus comentarios, me serán muy útiles.",
    ),
    (
        "es",
        "pleading",
        "Se lo ruego, reconsideren mi candidatura, necesito este trabajo.",
        "Si surge otra vacante parecida en el futuro, me encantaría saberlo.",
    ),
]


@pytest.mark.parametrize(
    ("lang", "move", "harmful", "gracious"), FOREIGN, ids=[f"{r[0]}-{r[1]}" for r in FOREIGN]
)
def test_the_main_harmful_moves_are_caught_in_german_french_and_spanish(
    cli: Cli, lang: str, move: str, harmful: str, gracious: str
) -> None:
    hello = {"de": "Hallo Frau Weber,", "fr": "Bonjour Madame Morel,", "es": "Hola Sra. Ruiz,"}
    bad = _check(cli, f"{hello[lang]}\n\n{harmful}\n\nSam", "--lang", lang)
    assert bad["ok"] is False, bad
    flagged = [f for f in _rules(bad).values() if f["severity"] != "advice"]
    assert [f["sentence"] for f in flagged] == [harmful], flagged
    assert all(f["move"] in moves.HARMFUL for f in flagged)
    good = _check(cli, f"{hello[lang]}\n\n{gracious}\n\nSam", "--lang", lang)
    assert good["ok"] is True, good


# --- placeholders, every form -----------------------------------------------------------

PLACEHOLDERS = [
    "Dear [Name],\n\nThank you for letting me know.",
    "Thank you for considering me for the role at (Insert company).",
    "Thank you for the interview for the {role} position.",
    "Dear <Hiring Manager>,\n\nThank you for your time.",
    "Dear XYZ,\n\nThank you for your time.",
    "Thank you for the interview at xx last week.",
    "Thank you for the chance to interview at Company Name.",
    "Dear Hiring Manager's Name,\n\nThank you for your time.",
    "Dear ,\n\nThank you for letting me know about the decision.",
]


@pytest.mark.parametrize("text", PLACEHOLDERS, ids=[t[:24] for t in PLACEHOLDERS])
def test_every_form_of_placeholder_is_an_error(cli: Cli, text: str) -> None:
    doc = _check(cli, text)
    assert doc["ok"] is False
    assert _rules(doc)["placeholder"]["severity"] == "error"


def test_brackets_and_names_that_are_not_slots_pass(cli: Cli) -> None:
    text = (
        "Dear Ms Okafor,\n\nThank you (and the panel) for the interview on 3 May; the "
        "company's new name suits it. Please write to <sam@example.org> any time.\n\nSam"
    )
    assert "placeholder" not in _rules(_check(cli, text))


# --- spelling and style: advice, never a block ------------------------------------------

BRITISH = [
    "organised",
    "disorganised",
    "colour",
    "colours",
    "favourite",
    "behaviour",
    "honour",
    "labour",
    "neighbour",
    "programme",
    "licence",
    "defence",
    "offence",
    "centre",
    "theatre",
    "metre",
    "fibre",
    "catalogue",
    "dialogue",
    "analyse",
    "realise",
    "recognise",
    "apologise",
    "prioritise",
    "specialise",
    "summarise",
    "emphasise",
    "criticise",
    "organisation",
    "travelled",
    "cancelled",
    "modelling",
    "labelled",
    "jewellery",
    "grey",
    "cheque",
    "enrol",
    "fulfil",
    "judgement",
    "ageing",
    "manoeuvre",
    "paediatric",
    "anaesthetic",
    "oesophagus",
    "aluminium",
    "sceptical",
    "mould",
    "plough",
    "tyre",
    "kerb",
]


def test_fifty_british_spellings_are_words() -> None:
    assert len(BRITISH) == 50
    text = "Thank you: " + ", ".join(BRITISH) + "."
    found = [f for f in tone.check(text, tone.Context()) if f.rule == "spelling"]
    assert found == [], [text[f.span[0] : f.span[1]] for f in found]


def test_a_real_typo_is_still_advice(cli: Cli) -> None:
    doc = _check(cli, "Thank you for the oportunity to meet the team.", "--kind", "reply")
    found = _rules(doc)
    assert found["spelling"]["severity"] == "advice"
    assert doc["ok"] is True


def test_curly_apostrophes_are_contractions() -> None:
    text = "I’m grateful; I’d hoped so, and we’ll stay in touch, so don’t worry, you’re kind."
    found = [f.rule for f in tone.check(text, tone.Context())]
    assert "spelling" not in found


def test_acronyms_are_fine_and_dictionary_words_in_capitals_are_shouting() -> None:
    calm = "I enjoyed the SQL task, the NHS data, the ICU rota, the CFA case and the UX review."
    assert [f for f in tone.check(calm, tone.Context()) if f.rule == "all_caps"] == []
    loud = "I was REALLY hoping for this and it is NOT fair."
    caps = [f for f in tone.check(loud, tone.Context()) if f.rule == "all_caps"]
    assert [loud[f.span[0] : f.span[1]] for f in caps] == ["REALLY", "NOT"]
    assert {f.severity for f in caps} == {"advice"}


def test_quoted_words_from_the_rejection_and_known_names_pass() -> None:
    text = (
        "Thank you for the note that I was “overqualifed” and “NOT QUITE” right; "
        "Okonkwo and Zanzibyte were kind."
    )
    ctx = tone.Context(known_words=frozenset({"okonkwo", "zanzibyte"}))
    rules = [f.rule for f in tone.check(text, ctx)]
    assert "spelling" not in rules
    assert "all_caps" not in rules


def test_advice_alone_leaves_a_message_ok(cli: Cli) -> None:
    text = "Thank you so much!!! I enjoyd meeting the team."
    doc = _check(cli, text, "--kind", "reply")
    assert doc["ok"] is True
    assert {f["severity"] for f in _rules(doc).values()} == {"advice"}


# --- kinds: given or guessed ------------------------------------------------------------


def test_without_a_kind_it_is_guessed_and_its_limits_do_not_apply(cli: Cli) -> None:
    note = (
        "Hi Dana, thank you for the interviews last week. I enjoyed our talk about data "
        "contracts and the migration to streaming, and I'd be glad to stay connected here "
        "as your team grows. I'm also happy to share the notes I wrote after our chat, if "
        "they would be useful to anyone on the platform side. Best wishes, Sam Rivera"
    )
    assert tone.char_count(note) > 300
    guessed = _check(cli, note)
    assert guessed["kind_guessed"] is True
    assert "linkedin_limit" not in _rules(guessed)
    given = _check(cli, note, "--kind", "linkedin_connect")
    assert given["ok"] is False
    assert _rules(given)["linkedin_limit"]["severity"] == "error"


def test_the_kind_is_reported_in_words(cli: Cli) -> None:
    text = "Hi Dana,\n\nThank you for the feedback, that's really useful.\n\nSam"
    out = cli.ok("check", "-", input=text)
    assert "Kind: " in out
    assert "guessed from the text" in out


def test_a_second_follow_up_is_an_error_only_when_the_kind_is_known() -> None:
    text = "Following up again on my note about the feedback."
    known = tone.Context(kind="feedback_follow_up", prior_follow_ups=1)
    hit = [f for f in tone.check(text, known) if f.rule == "second_follow_up"]
    assert hit
    assert hit[0].severity == "error"
    guessed = tone.Context(kind="feedback_follow_up", guessed=True)
    soft = [f for f in tone.check(text, guessed) if f.rule == "second_follow_up"]
    assert soft
    assert {f.severity for f in soft} == {"advice"}


# --- sentences --------------------------------------------------------------------------


def test_sentences_end_at_stops_and_lines_but_not_at_titles() -> None:
    text = "Dear Dr. Okafor,\nThank you, e.g. for the tour. It was great!  See you.\n\nSam"
    parts = sentences.split(text)
    assert [p.text for p in parts] == [
        "Dear Dr. Okafor,",
        "Thank you, e.g. for the tour.",
        "It was great!",
        "See you.",
        "Sam",
    ]
    assert all(text[p.start : p.end] == p.text for p in parts)
    assert sentences.at(parts, text.index("great")) == parts[2]


# --- the model's files ------------------------------------------------------------------


def test_the_weights_load_without_pickle() -> None:
    path = Path(moves.__file__).with_name("tone_model.npz")
    with np.load(path, allow_pickle=False) as data:
        for key in data.files:
            assert data[key].dtype != object, key
    assert set(moves.model().moves) == set(moves.MOVES)
    assert set(moves.model().kinds) == set(moves.KINDS)


def test_a_move_with_its_own_threshold_needs_that_score(tmp_path: Path) -> None:
    text = "Ihr seid wirklich ein Saftladen, ihr Vollpfosten."
    shipped = moves.model()
    (reading,) = moves.read([text], shipped)
    assert reading.move == "insult"
    strict = replace(shipped, move_thresholds={**shipped.move_thresholds, "insult": 1.5})
    (again,) = moves.read([text], strict)
    assert again.move in moves.GRACIOUS
    assert again.harm == pytest.approx(reading.harm)
    path = tmp_path / "model.npz"
    moves.save(str(path), strict)
    assert moves.load(str(path)).move_thresholds == strict.move_thresholds
    assert moves.load(str(path)).cut("insult") == pytest.approx(1.5)


def test_the_embeddings_load_with_downloads_cut_off(monkeypatch: pytest.MonkeyPatch) -> None:
    import requests

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the tone guard tried to download something")

    monkeypatch.setattr(requests, "get", refuse)
    monkeypatch.setattr(requests.Session, "request", refuse)
    embeddings.embedder.cache_clear()
    try:
        vectors = embeddings.embed(["Thank you for your time."])
    finally:
        embeddings.embedder.cache_clear()
    assert vectors.shape == (1, embeddings.DIM)
    assert abs(float(np.linalg.norm(vectors[0])) - 1.0) < 1e-4

"""Feedback themes: positive and negative cases for every theme, languages, repeats."""

from __future__ import annotations

import pytest

from doorajar.model import FeedbackItem
from doorajar.patterns.themes import ACTIONS, GOAL_EXAMPLES, Theme, tag, theme_of, themes

CASES: dict[Theme, tuple[list[str], list[str]]] = {
    Theme.EXPERIENCE: (
        [
            "Your experience did not quite align with what the team needs.",
            "The other finalist had run Kafka in production at a larger scale.",
            "We were looking for a background with more healthcare data.",
            "Leider fehlt uns die Erfahrung im Versicherungsbereich.",
            "Votre expérience ne correspond pas tout à fait au poste, il manque le volet cloud.",
        ],
        [
            "Your experience with data pipelines impressed the whole panel.",
            "The salary range did not match your expectations.",
            "We loved your background in logistics.",
            "Your experience is more than enough for the role.",
        ],
    ),
    Theme.COMMUNICATION: (
        [
            "Your summary of your current role was hard to follow in the first call.",
            "The answers on stakeholder communication stayed too general.",
            "We would have liked clearer explanations of your design choices.",
            "La communication avec les équipes métier manquait de clarté.",
        ],
        [
            "Great communication skills and a clear presentation.",
            "You explained the architecture brilliantly.",
            "Nothing to improve in how you communicate.",
        ],
    ),
    Theme.NERVES: (
        [
            "You seemed a little nervous at the start.",
            "You came across as tense in the technical round.",
            "Der Kandidat wirkte etwas nervös.",
            "Se le notaba nervioso durante la presentación.",
            "We wanted more confidence when you presented your own work.",
        ],
        [
            "You seemed calm and not nervous at all.",
            "Very confident and composed throughout.",
        ],
    ),
    Theme.ENTHUSIASM: (
        [
            "We did not feel much enthusiasm for the product.",
            "Your motivation for this particular role did not come through.",
            "Il manque de motivation pour le poste.",
            "You didn't seem very interested in the mission.",
        ],
        [
            "Your enthusiasm for the product was obvious and contagious.",
            "Clearly motivated, a pleasure to talk to.",
        ],
    ),
    Theme.TECHNICAL: (
        [
            "We went with someone with more hands-on dbt experience.",
            "Your SQL was not quite at the level we need.",
            "Your Spark knowledge was not as strong as the other finalist's.",
            "We were impressed by your Python but needed deeper Kafka skills.",
            "There is a skills gap in stream processing.",
            "Es fehlen uns vertiefte Python-Kenntnisse.",
            "Faltó experiencia en Spark.",
        ],
        [
            "Strong technically.",
            "Excellent Python and a very clean take-home solution.",
            "We had no concerns about your technical skills.",
        ],
    ),
    Theme.ANSWERS: (
        [
            "The answers were a bit short on results.",
            "Your responses were vague and lacked examples.",
            "Sus respuestas fueron poco claras.",
            "You tended to ramble on the behavioural questions.",
        ],
        [
            "Your answers were well structured with great examples.",
            "Thoughtful responses throughout.",
        ],
    ),
    Theme.QUANTIFIED: (
        [
            "The panel wanted more concrete numbers on the impact of your pipeline work.",
            "We were missing a sense of commercial acumen.",
            "Your résumé lists duties, with little measurable outcomes.",
            "Il manquait des chiffres sur les résultats obtenus.",
        ],
        [
            "The impact of your migration project was impressive.",
            "Clear results and well-chosen metrics.",
        ],
    ),
    Theme.QUESTION_TYPE: (
        [
            "You struggled with the system design round.",
            "The behavioural questions did not go well.",
            "You had a hard time with the case study.",
            "The live-coding exercise was unfinished.",
        ],
        [
            "You did well in the system design round.",
            "The case study was the strongest part of your day.",
        ],
    ),
}


@pytest.mark.parametrize(
    ("theme", "text"), [(th, t) for th, (pos, _) in CASES.items() for t in pos]
)
def test_theme_is_found(theme: Theme, text: str) -> None:
    tags = {t.theme: t for t in tag(text)}
    assert theme in tags, f"{theme.value} not found in {text!r}: {tags}"
    assert all(p.strip() for p in tags[theme].phrases)
    # the deciding phrases come from the text itself
    first = tags[theme].phrases[0].split(" … ")[0]
    assert first.lower() in text.lower()


@pytest.mark.parametrize(
    ("theme", "text"), [(th, t) for th, (_, neg) in CASES.items() for t in neg]
)
def test_theme_is_not_found_in_praise_or_other_topics(theme: Theme, text: str) -> None:
    assert theme not in {t.theme for t in tag(text)}, text


def test_several_themes_can_apply_to_one_piece_of_feedback() -> None:
    text = (
        "The panel wanted more concrete numbers on the impact of your pipeline work; "
        "the answers were a bit short on results."
    )
    found = [t.theme for t in tag(text)]
    assert found == [Theme.ANSWERS, Theme.QUANTIFIED]
    phrases = {t.theme: t.phrases for t in tag(text)}
    assert "numbers … wanted more" in phrases[Theme.QUANTIFIED]


def test_repeated_themes_across_companies_come_first_with_actions() -> None:
    items = [
        FeedbackItem(1, 1, "Kestrel", "We went with someone with more hands-on dbt experience."),
        FeedbackItem(2, 2, "Northwind", "Your Kafka skills were not deep enough."),
        FeedbackItem(3, 3, "Helio", "The answers were a bit short on results."),
        FeedbackItem(4, 3, "Helio", "Also the answers stayed too general."),
        FeedbackItem(5, 4, "Marigold", "The salary range did not match your expectations."),
    ]
    r = themes(items)
    assert r.themes[0].theme is Theme.TECHNICAL
    assert r.themes[0].companies == ("Kestrel", "Northwind")
    assert r.themes[0].repeated
    answers = next(t for t in r.themes if t.theme is Theme.ANSWERS)
    assert answers.mentions == 2
    assert not answers.repeated  # twice, but from one company
    assert [t.theme for t in r.repeated] == [Theme.TECHNICAL]
    assert r.untagged == 1
    assert answers.actions == ACTIONS[Theme.ANSWERS]


def test_every_theme_has_actions_and_a_goal_example() -> None:
    for th in Theme:
        assert len(ACTIONS[th]) >= 2
        assert "{deadline}" in GOAL_EXAMPLES[th]


def test_theme_names_are_forgiving() -> None:
    assert theme_of("Question-Type") is Theme.QUESTION_TYPE
    assert theme_of("nerves") is Theme.NERVES
    assert theme_of("bananas") is None

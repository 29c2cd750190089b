"""The mail classifier: categories, kinds, stages, extraction, reasons, and corpus accuracy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from doorajar.mail import rules
from doorajar.mail.classify import classify
from doorajar.mail.extract import (
    COMPANY_SOURCES,
    N_COMPANY_FEATURES,
    N_ROLE_FEATURES,
    ROLE_SOURCES,
)
from doorajar.mail.learned import LearnedModel, load_learned
from doorajar.mail.message import ParsedMessage
from doorajar.mail.parse import parse
from doorajar.model import Category, RejectionKind, Stage
from tests.scoring import FRESH as FRESH_SET
from tests.scoring import evaluate, load_labels

CORPUS = Path(__file__).parent / "data" / "emails"


def msg(
    text: str,
    *,
    subject: str = "",
    name: str = "",
    addr: str = "someone@example.org",
    quoted: str = "",
    headers: dict[str, str] | None = None,
) -> ParsedMessage:
    return ParsedMessage(
        message_id="<t@example.org>",
        subject=subject,
        from_name=name,
        from_addr=addr,
        date=None,
        text=text,
        quoted=quoted,
        headers=headers or {},
    )


FORM_REJECTION = msg(
    "Hello Robin,\n\nThank you for applying for the Platform Engineer position at Quayside "
    "Freight. We had a great many applicants, and after reviewing yours we have decided to "
    "proceed with other candidates.\n\nKind regards,\nQuayside Freight Talent Acquisition",
    subject="Your application to Quayside Freight",
    name="Quayside Freight",
    addr="no-reply@us.greenhouse-mail.io",
    headers={"auto-submitted": "auto-generated"},
)

PERSONAL_REJECTION = msg(
    "Hi Robin,\n\nThank you for spending the afternoon with us at the onsite on Thursday. "
    "Everyone enjoyed meeting you. I'm sorry to say we have decided to go with another "
    "candidate. The panel felt your architecture answers were thoughtful but wanted more "
    "experience running large migrations.\n\nWarm regards,\nBeatriz Okonkwo\n"
    "Head of Engineering, Lanternfish",
    subject="Re: Onsite",
    name="Beatriz Okonkwo",
    addr="beatriz@lanternfish.dev",
)


def test_form_rejection_from_an_ats() -> None:
    c = classify(FORM_REJECTION)
    assert c.category is Category.REJECTION
    assert c.kind is RejectionKind.FORM
    assert c.stage is Stage.APPLIED
    assert c.company == "Quayside Freight"
    assert c.role == "Platform Engineer"
    assert c.contact_name is None
    assert c.feedback is None


def test_personal_rejection_after_the_final_round() -> None:
    c = classify(PERSONAL_REJECTION)
    assert c.category is Category.REJECTION
    assert c.kind is RejectionKind.PERSONAL
    assert c.stage is Stage.FINAL_ROUND
    assert c.company == "Lanternfish"
    assert c.contact_name == "Beatriz Okonkwo"
    assert c.feedback is not None
    assert "migrations" in c.feedback


def test_confidence_and_reasons_quote_the_message() -> None:
    c = classify(PERSONAL_REJECTION)
    assert 0.5 < c.confidence <= 1.0
    assert any("decided to go with another" in r for r in c.reasons)
    assert any(r.startswith("stage final round") for r in c.reasons)
    out = c.to_json(PERSONAL_REJECTION)
    assert out["is_rejection"] is True
    assert out["kind"] == "personal"
    assert all(isinstance(r, str) and r for r in out["reasons"])


@pytest.mark.parametrize(
    ("text", "subject", "category"),
    [
        (
            "Hi Robin,\n\nThanks for applying to Marlow Audio! We've received your application "
            "for Sound Designer and our team will review it over the next two weeks.\n\nMarlow Audio",
            "We got your application",
            Category.APPLICATION_RECEIVED,
        ),
        (
            "Hi Robin,\n\nThe team liked your portfolio and we'd like to invite you to a 45-minute "
            "video interview. Could you send me your availability for next week?\n\nBest,\nIona",
            "Interview with Marlow Audio",
            Category.INTERVIEW,
        ),
        (
            "Hi Robin,\n\nI'm delighted to offer you the position of Sound Designer. Your offer "
            "letter with the base salary and start date is attached.\n\nBest,\nIona",
            "Your offer",
            Category.OFFER,
        ),
        (
            "Hi Robin,\n\nI came across your profile and I'm a technical recruiter at Marlow "
            "Audio. Would you be open to a quick chat about a Sound Designer role?\n\nIona",
            "Opportunity at Marlow Audio",
            Category.RECRUITER_OUTREACH,
        ),
    ],
)
def test_other_categories(text: str, subject: str, category: Category) -> None:
    c = classify(msg(text, subject=subject, name="Iona Reyes", addr="iona@marlowaudio.com"))
    assert c.category is category
    assert c.kind is None


def test_job_alert_about_a_closed_role_is_not_a_rejection() -> None:
    alert = msg(
        "Unfortunately, the Data Engineer job you saved is no longer accepting applications.\n\n"
        "Similar jobs for you:\nData Engineer at Fenwick\n\nUnsubscribe",
        subject="A job you saved has closed",
        name="JobBoard Alerts",
        addr="alerts@indeed.com",
        headers={"list-unsubscribe": "<https://indeed.com/u>"},
    )
    c = classify(alert)
    assert c.category is Category.OTHER
    assert any("job board" in r for r in c.reasons)


def test_interview_invitation_mentioning_other_candidates_is_an_interview() -> None:
    c = classify(
        msg(
            "Hi Robin,\n\nGood news: we'd like to move you forward to the next round. We are "
            "meeting a few other candidates this week, so please share your availability soon.",
            subject="Next steps",
            name="Iona Reyes",
            addr="iona@marlowaudio.com",
        )
    )
    assert c.category is Category.INTERVIEW


def test_ordinary_mail_is_rejected_by_the_cheap_gate() -> None:
    c = classify(
        msg("Are we still on for the picnic on Sunday? I'll bring lemonade.", subject="Sunday")
    )
    assert c.category is Category.OTHER
    assert c.reasons == ("no job-search wording",)


def test_quoted_history_is_not_judged() -> None:
    reply = msg(
        "Oh no, sorry to hear that. Dinner on me this week?",
        subject="Re: bad news",
        name="Kim Lowe",
        addr="kim.lowe@gmail.com",
        quoted="We have decided to move forward with other candidates whose experience more "
        "closely matches the role.",
    )
    assert classify(reply).category is Category.OTHER


@pytest.mark.parametrize(
    ("from_name", "addr", "company"),
    [
        ("Harrow Labs", "no-reply@hire.lever.co", "Harrow Labs"),
        ("Harrow Labs Careers", "harrowlabs@myworkday.com", "Harrow Labs"),
        ("Harrow Labs Hiring Team", "notifications@harrowlabs.bamboohr.com", "Harrow Labs"),
        ("", "jobs@harrow-labs.jobs.personio.de", "Harrow Labs"),
    ],
)
def test_company_behind_an_ats_is_never_the_ats(from_name: str, addr: str, company: str) -> None:
    c = classify(
        msg(
            "Dear Candidate,\n\nWe regret to inform you that your application was not successful.",
            subject="Your application",
            name=from_name,
            addr=addr,
        )
    )
    assert c.category is Category.REJECTION
    assert c.company == company


@pytest.mark.parametrize(
    "signature", ["Talent Acquisition Team", "Recruiting", "The Harrow Labs People Team", "HR"]
)
def test_contact_name_is_a_person_never_a_team(signature: str) -> None:
    c = classify(
        msg(
            "Hello,\n\nUnfortunately we will not be moving forward with your application.\n\n"
            f"Best regards,\n{signature}",
            subject="Your application",
            name="Harrow Labs Recruiting",
            addr="no-reply@harrowlabs.com",
        )
    )
    assert c.category is Category.REJECTION
    assert c.contact_name is None


def test_unknown_role_is_none_not_invented() -> None:
    c = classify(
        msg(
            "Hi Robin,\n\nThanks for your time over the last few weeks. We're not going to move "
            "forward, but it was close.\n\nCheers,\nMo Adeyemi",
            subject="Re: catching up",
            name="Mo Adeyemi",
            addr="mo@tallgrass.io",
        )
    )
    assert c.category is Category.REJECTION
    assert c.role is None
    assert c.company == "Tallgrass"


@pytest.mark.parametrize(
    ("text", "subject", "category"),
    [
        (
            "Guten Tag Frau Weber,\n\nleider müssen wir Ihnen mitteilen, dass wir Ihre Bewerbung "
            "als Controllerin nicht weiter berücksichtigen können.\n\nMit freundlichen Grüßen\n"
            "Ihr Personalteam",
            "Ihre Bewerbung",
            Category.REJECTION,
        ),
        (
            "Bonjour,\n\nNous avons bien reçu votre candidature au poste de Comptable et nous "
            "reviendrons vers vous rapidement.\n\nCordialement",
            "Votre candidature",
            Category.APPLICATION_RECEIVED,
        ),
        (
            "Bonjour,\n\nMalheureusement, votre candidature n'a pas été retenue pour ce poste.\n\n"
            "Bien à vous",
            "Votre candidature",
            Category.REJECTION,
        ),
        (
            "Hola Ana:\n\nLamentamos informarte de que hemos decidido continuar con otros "
            "candidatos para el puesto de Contable.\n\nUn saludo",
            "Tu candidatura",
            Category.REJECTION,
        ),
    ],
)
def test_german_french_spanish(text: str, subject: str, category: Category) -> None:
    c = classify(msg(text, subject=subject, name="Recruiting", addr="noreply@firma.example"))
    assert c.category is category


def test_rule_index_never_skips_a_rule_that_matches() -> None:
    for path in sorted([*CORPUS.glob("*.eml"), *FRESH_SET.glob("*.eml")]):
        m = parse(path.read_bytes())
        low = f"{m.subject}\n{m.text}".lower()
        words = set(rules.WORDS.findall(low))
        for index in (rules.CATEGORY_INDEX, rules.KIND_INDEX, rules.STAGE_INDEX):
            indexed = {id(r) for r in index.candidates(rules.word_prefixes(words))}
            for rule in index.rules:
                if rule.pattern.search(low):
                    assert id(rule) in indexed, (path.name, rule.pattern.pattern)


def test_corpus_is_labelled_and_split() -> None:
    labels = load_labels()
    assert len(labels) >= 400
    assert all((CORPUS / lab["file"]).exists() for lab in labels)
    held = [lab for lab in labels if lab["split"] == "heldout"]
    assert 0.2 < len(held) / len(labels) < 0.3
    langs = {lab["language"] for lab in labels}
    assert {"en", "de", "fr", "es"} <= langs


def test_heldout_accuracy_stays_above_measured_floors() -> None:
    s = evaluate("heldout")
    # Measured: P 1.000, R 0.909, F1 0.952, category 0.960, kind 0.886, company 0.934,
    # role 0.763. The floors sit a little below, so a real regression fails.
    assert s.precision >= 0.95
    assert s.recall >= 0.85
    assert s.f1 >= 0.9
    assert s.rate("category") >= 0.92
    assert s.rate("kind") >= 0.83
    assert s.rate("company") >= 0.88
    assert s.rate("role") >= 0.66


def test_weights_load_without_pickle_and_scikit_learn_is_not_needed_at_run_time() -> None:
    weights = Path(__file__).parents[1] / "src" / "doorajar" / "mail" / "learned_weights.npz"
    with np.load(weights, allow_pickle=False) as data:  # refuses any pickled object
        assert all(data[name].dtype != object for name in data.files)
        assert data.files
    code = (
        "import sys; from doorajar.mail.classify import classify; "
        "from doorajar.mail.parse import parse; "
        "classify(parse(b'From: a@b.c\\nSubject: Your application\\n\\nUnfortunately no.')); "
        "print('sklearn' in sys.modules)"
    )
    src = str(Path(__file__).parents[1] / "src")
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": src},
    )
    assert out.stdout.strip() == "False"


def test_hard_wrapped_lines_are_read_as_one_sentence() -> None:
    c = classify(
        msg(
            "Hi,\n\nThank you for the time you gave us through all the interviews, including the final\n"
            "round with the team on Tuesday. It was a close decision, but we have decided to offer\n"
            "the role to another candidate.\n\nWarm regards,\nDana Li\nRecruiter, Acme Robotics",
            subject="Senior Data Engineer at Acme Robotics",
            name="Dana Li",
            addr="dana.li@acme-robotics.example",
        )
    )
    assert c.kind is RejectionKind.PERSONAL
    assert c.stage is Stage.FINAL_ROUND
    assert c.company == "Acme Robotics"
    assert c.role == "Senior Data Engineer"
    assert c.contact_name == "Dana Li"


def test_recruiter_named_sender_on_an_ats_is_a_person_not_the_company() -> None:
    c = classify(
        msg(
            "Hi Robin,\n\nThanks for applying for the Data Analyst role. Unfortunately we have "
            "decided to move forward with other candidates.\n\nBest,\nJane Doe\nRecruiter, Pebble Bank",
            subject="Your application",
            name="Jane Doe",
            addr="no-reply@greenhouse.io",
        )
    )
    assert c.company == "Pebble Bank"
    assert c.contact_name == "Jane Doe"


FRESH = [
    (
        "Contoso Careers",
        "contoso@myworkday.com",
        "Important information regarding your application",
        "Dear Sam Carter,\n\nThank you for your interest in the position of Senior Analyst "
        "(R-10234). After reviewing your qualifications, we have decided to pursue candidates "
        "whose qualifications better meet our needs at this time.\n\nSincerely,\n"
        "Contoso Talent Acquisition",
        Category.REJECTION,
        "Contoso",
    ),
    (
        "Lena Voss",
        "lena@paperplane.design",
        "Re: Product Designer role",
        "Hey Sam,\n\nThanks so much for chatting with me and Tom last week. We ended up hiring "
        "someone with a bit more experience in B2B tools, so we won't be moving ahead with you "
        "for this one.\n\nLet's keep in touch!\nLena",
        Category.REJECTION,
        "Paperplane",
    ),
    (
        "Nordsee GmbH",
        "karriere@nordsee-gmbh.de",
        "Bewerbung als Werkstudent",
        "Sehr geehrter Herr Carter,\n\nwir bedanken uns für Ihre Bewerbung. Nach eingehender "
        "Prüfung haben wir uns jedoch entschieden, Ihre Bewerbung nicht weiter zu "
        "berücksichtigen.\n\nMit freundlichen Grüßen\nIhr HR-Team",
        Category.REJECTION,
        "Nordsee",
    ),
    (
        "Jess Hart",
        "jess@hartrecruit.co.uk",
        "Senior Backend role - remote",
        "Hi Sam,\n\nHope you're well. I'm working on a Senior Backend Engineer role with a "
        "remote-first fintech and your experience looks like a strong match. Fancy a chat?\n\n"
        "Jess Hart\nHart Recruitment",
        Category.RECRUITER_OUTREACH,
        "Hart Recruitment",
    ),
    (
        "Mark Chen",
        "mark@brightside.ai",
        "Offer letter",
        "Hi Sam,\n\nCongrats! Attached is your offer letter for the ML Engineer role. Let me know "
        "if you have any questions before signing.\n\nMark",
        Category.OFFER,
        "Brightside",
    ),
]


@pytest.mark.parametrize(("name", "addr", "subject", "text", "category", "company"), FRESH)
def test_wording_outside_the_corpus(
    name: str, addr: str, subject: str, text: str, category: Category, company: str
) -> None:
    c = classify(msg(text, subject=subject, name=name, addr=addr))
    assert c.category is category
    assert c.company == company


def test_fresh_set_is_labelled_and_split_in_halves() -> None:
    labels = load_labels(FRESH_SET)
    assert len(labels) >= 120
    assert all((FRESH_SET / lab["file"]).exists() for lab in labels)
    test = [lab for lab in labels if lab["split"] == "fresh_test"]
    assert {lab["split"] for lab in labels} == {"fresh_dev", "fresh_test"}
    assert 0.45 < len(test) / len(labels) < 0.55
    assert not {lab["file"] for lab in labels} & {lab["file"] for lab in load_labels()}


def test_fresh_test_accuracy_stays_above_measured_floors() -> None:
    s = evaluate("fresh_test")
    # Measured once, after tuning on fresh_dev only: P 0.920, R 0.852, F1 0.885,
    # category 0.806, kind 0.778, stage 0.704, company 0.652, role 0.761, contact 0.848.
    assert s.precision >= 0.87
    assert s.recall >= 0.8
    assert s.f1 >= 0.83
    assert s.rate("category") >= 0.76
    assert s.rate("kind") >= 0.72
    assert s.rate("company") >= 0.6
    assert s.rate("role") >= 0.7
    assert s.rate("contact") >= 0.8


def test_a_forwarded_rejection_is_judged_by_what_was_forwarded() -> None:
    c = classify(
        msg(
            "FYI, see below.",
            subject="Fwd: Your application to Harrow Labs",
            name="Kim Lowe",
            addr="kim.lowe@gmail.com",
            quoted="---------- Forwarded message ---------\n"
            "From: Harrow Labs <no-reply@hire.lever.co>\n"
            "Subject: Your application to Harrow Labs\n\n"
            "Hi Robin,\n\nThank you for applying for the Data Analyst position. Unfortunately we "
            "have decided to move forward with other candidates.\n\nHarrow Labs",
        )
    )
    assert c.category is Category.REJECTION
    assert c.kind is RejectionKind.FORM
    assert c.company == "Harrow Labs"
    assert c.role == "Data Analyst"
    assert c.contact_name == "Kim Lowe"
    assert any("forwarded" in r for r in c.reasons)


def test_a_job_board_confirming_an_application_is_a_confirmation() -> None:
    c = classify(
        msg(
            "Your application was sent to Harrow Labs\n\nData Analyst\nHarrow Labs - Leeds\n\n"
            "Unsubscribe",
            subject="Robin, your application was sent to Harrow Labs",
            name="LinkedIn",
            addr="jobs-noreply@linkedin.com",
            headers={"list-unsubscribe": "<https://linkedin.com/u>"},
        )
    )
    assert c.category is Category.APPLICATION_RECEIVED
    assert c.company == "Harrow Labs"


def test_an_outlook_last_first_sender_is_a_person_not_the_company() -> None:
    c = classify(
        msg(
            "Hello Robin,\n\nThank you for your time on the phone last week. Unfortunately we "
            "have decided not to progress your application.\n\nKind regards,\n\nKim Lowe\n"
            "Resourcing Advisor\nHarrow Insurance",
            subject="RE: Next steps",
            name="Lowe, Kim",
            addr="kim.lowe@harrow-insurance.example",
        )
    )
    assert c.category is Category.REJECTION
    assert c.company == "Harrow Insurance"
    assert c.contact_name == "Kim Lowe"
    assert c.stage is Stage.RECRUITER_SCREEN


def test_a_rejection_with_no_word_of_a_conversation_is_a_form() -> None:
    c = classify(
        msg(
            "Hey Robin!\n\nA huge thank you for applying. We read everything you sent for the "
            "Support Lead role, and we've decided to go in a different direction for this hire.\n\n"
            "Take care,\nHarrow Labs",
            subject="Thanks for applying",
            name="Harrow Labs People",
            addr="people@harrowlabs.example",
        )
    )
    assert c.category is Category.REJECTION
    assert c.kind is RejectionKind.FORM


DECLINE = "Dear Candidate,\n\nWe regret to inform you that your application was not successful."


@pytest.mark.parametrize(
    ("from_name", "addr", "company"),
    [
        # department words before or after the name, in several languages
        ("Élixir de Provence - Ressources Humaines", "rh@elixir-provence.fr", "Élixir de Provence"),
        ("Grupo Ribacor - Recursos Humanos", "rh@gruporibacor.pt", "Grupo Ribacor"),
        ("HR Cantine Valdorsa", "hr@cantinevaldorsa.it", "Cantine Valdorsa"),
        ("Hiring Team at Fernhollow", "jobs@fernhollow.io", "Fernhollow"),
        ("Greyfriars Insurance Early Careers", "greyfriars@myworkday.com", "Greyfriars Insurance"),
        # a name that could be a person's is the company when the address spells it
        ("Foxglove Visual Effects", "talent@foxglovevfx.co.uk", "Foxglove Visual Effects"),
        # documentation domains and a system's -mail sending domain are read through
        ("Tamarack Health Partners", "tamarack@myworkday.example.com", "Tamarack Health Partners"),
        ("", "careers@lusoforge.eightfold-mail.ai", "Lusoforge"),
    ],
)
def test_company_from_the_display_name_without_its_department(
    from_name: str, addr: str, company: str
) -> None:
    c = classify(msg(DECLINE, subject="Your application", name=from_name, addr=addr))
    assert c.category is Category.REJECTION
    assert c.company == company


@pytest.mark.parametrize(
    ("from_name", "addr"),
    [
        ("Computrabajo Colombia", "notificaciones@computrabajo.com.co"),
        ("Google Calendar", "calendar-notification@google.com"),
        ("Mia Sandvoß", "mia@fertigo.io"),  # a person, whose first name is the address
        ("Tom Ashby", "tom.ashby@halcyontelecom.com"),  # a person named like an ATS
    ],
)
def test_a_platform_or_a_person_in_the_display_name_is_not_the_company(
    from_name: str, addr: str
) -> None:
    c = classify(msg(DECLINE, subject="Your application", name=from_name, addr=addr))
    assert c.company not in (from_name, from_name.split()[0])


def test_a_job_board_naming_the_employer_in_the_subject_gives_the_company() -> None:
    c = classify(
        msg(
            "Hi Robin,\n\nMosgroen Studio has received your application for the Junior "
            "Designer role. They will review it and get back to you.",
            subject="Mosgroen Studio received your application",
            name="Homerun",
            addr="no-reply@homerun.co",
        )
    )
    assert c.category is Category.APPLICATION_RECEIVED
    assert c.company == "Mosgroen Studio"


@pytest.mark.parametrize(
    ("subject", "text", "role"),
    [
        (
            "Your application: Clinical Research Nurse - Nephrology Trials",
            "Thank you for applying for the Clinical Research Nurse role.",
            "Clinical Research Nurse - Nephrology Trials",
        ),
        (
            "Update",
            "Thank you for applying for the Analyst, Fund Accounting (Edinburgh) position.",
            "Analyst, Fund Accounting (Edinburgh)",
        ),
        (
            "Application received: Analista de Logística Inbound - R-20931",
            "Recebemos a sua candidatura.",
            "Analista de Logística Inbound",
        ),
        (
            "Decision Scientist - Final Round",
            "Thank you for applying.",
            "Decision Scientist",
        ),
    ],
)
def test_a_role_keeps_its_location_and_team_but_no_wrapper_or_requisition(
    subject: str, text: str, role: str
) -> None:
    c = classify(msg(f"Hi Robin,\n\n{text} {DECLINE}", subject=subject, name="Acme Careers"))
    assert c.role == role


def test_a_body_that_starts_with_a_forwarded_block_is_read_as_that_message() -> None:
    raw = (
        b"---------- Forwarded message ---------\n"
        b"From: Harrow Labs <no-reply@hire.lever.co>\n"
        b"Subject: Your application to Harrow Labs\n\n"
        b"Hi Robin,\n\nThank you for applying for the Data Analyst position. Unfortunately we "
        b"have decided to move forward with other candidates.\n\nHarrow Labs\n"
    )
    c = classify(parse(raw))
    assert c.category is Category.REJECTION
    assert c.company == "Harrow Labs"
    assert c.role == "Data Analyst"


def _ranked_model(source: str, threshold: float) -> LearnedModel:
    """The shipped model with a company ranker that trusts only one source of candidates."""
    shipped = load_learned()
    assert shipped is not None
    w = np.zeros(N_COMPANY_FEATURES, dtype=np.float32)
    w[COMPANY_SOURCES.index(source)] = 5.0
    ranker = {
        "company_w": w,
        "company_b": np.array([-2.0], dtype=np.float32),
        "company_mu": np.zeros(N_COMPANY_FEATURES, dtype=np.float32),
        "company_sd": np.ones(N_COMPANY_FEATURES, dtype=np.float32),
        "company_t": np.array([threshold], dtype=np.float32),
    }
    return LearnedModel(shipped.arrays() | ranker)


RANKED = msg(
    "Dear Robin,\n\nThank you for applying to Quayside Freight. Unfortunately we have decided "
    "not to move forward with your application for the Platform Engineer position.\n\n"
    "Kind regards,\nHiring team\nTidewater Logistics",
    subject="Your application",
    name="Quayside Freight Careers",
    addr="careers@quaysidefreight.example",
)


def test_a_company_ranker_chooses_among_the_candidates_or_returns_none() -> None:
    # the rules alone take the sender's display name; a ranker that trusts signature
    # lines takes the signature's name, and one sure of nothing returns no company
    assert classify(RANKED).company == "Quayside Freight"
    assert classify(RANKED, model=_ranked_model("signature line", 0.5)).company == (
        "Tidewater Logistics"
    )
    assert classify(RANKED, model=_ranked_model("signature line", 0.99)).company is None


def _trusting(name: str, source: str) -> LearnedModel:
    """The shipped model with a `name` ranker ("company" or "role") that trusts only one
    source of candidates."""
    shipped = load_learned()
    assert shipped is not None
    sources, n = (
        (COMPANY_SOURCES, N_COMPANY_FEATURES)
        if name == "company"
        else (ROLE_SOURCES, N_ROLE_FEATURES)
    )
    w = np.zeros(n, dtype=np.float32)
    w[sources.index(source)] = 5.0
    ranker = {
        f"{name}_w": w,
        f"{name}_b": np.array([-2.0], dtype=np.float32),
        f"{name}_mu": np.zeros(n, dtype=np.float32),
        f"{name}_sd": np.ones(n, dtype=np.float32),
        f"{name}_t": np.array([0.5], dtype=np.float32),
    }
    return LearnedModel(shipped.arrays() | ranker)


BOARD = msg(
    "¡Te has inscrito correctamente, Valeria!\n\nOferta: Senior Growth Analyst (Ref. 88123)\n"
    "Empresa: Bazar Nube\nUbicación: Barcelona\n\nTe avisaremos cuando la empresa lea tu CV.",
    subject="Inscripción realizada",
    name="InfoJobs",
    addr="noreply@infojobs.net",
)


def test_a_job_boards_labelled_lines_give_company_and_role_without_the_reference() -> None:
    # the labelled lines are candidates the ranker may choose; the board is never one
    assert classify(BOARD, model=_trusting("company", "field line")).company == "Bazar Nube"
    assert classify(BOARD, model=_trusting("role", "field line")).role == "Senior Growth Analyst"


def test_the_employer_after_at_is_a_candidate() -> None:
    m = msg(
        "Hi Aoife,\n\nYour application for Community Specialist at Sable Peak Entertainment "
        "has moved to: Under review.\n\nSable Peak Entertainment\nSent via Lever",
        subject="Application status: Under review",
        name="Sable Peak Entertainment",
        addr="no-reply@hire.lever.co",
    )
    assert classify(m, model=_trusting("company", "after at")).company == (
        "Sable Peak Entertainment"
    )


def test_a_subject_part_is_a_title_without_its_wrappers_and_requisition() -> None:
    m = msg(
        "Dear Divya,\n\nThank you for your interest. We will be in touch.",
        subject="Job ID 121407 - Phlebotomist application",
        name="Pathcare Labs",
        addr="jobs@pathcarelabs.example",
    )
    assert classify(m, model=_trusting("role", "subject part, wrappers off")).role == (
        "Phlebotomist"
    )

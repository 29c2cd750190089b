"""Classify one parsed message: what it is, what kind of rejection, who and what it is about.

Pure, no I/O beyond reading the shipped model weights once. The decision is a sum of
transparent votes: header signals (ATS sender, no-reply, bulk-mail headers), phrase
rules in four languages (`rules.py`) and a small linear model trained on the
development corpus (`linear.py`). The votes that decided it become the `reasons`.
Only the newest part of the message (`msg.text`) is judged, never the quoted history.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import replace
from email.utils import parseaddr

from doorajar.mail import rules
from doorajar.mail.ats import ats_name, is_freemail, is_job_board
from doorajar.mail.extract import (
    extract_company,
    extract_contact,
    extract_feedback,
    extract_role,
    person_name,
    split_signature,
)
from doorajar.mail.linear import LinearModel, load_model
from doorajar.mail.message import Classification, ParsedMessage
from doorajar.model import Category, RejectionKind, Stage

# Only the first part of a long message is read: job mail says what it is early.
MAX_TEXT = 6000
# How much the trained model's log-odds count next to the phrase rules. The model only
# speaks when the rules are unsure (no phrase worth STRONG for any job category): on the
# development corpus the rules alone do better where they fire (grouped cross-validation
# in scripts/train_classifier.py), and the model covers wording they have never seen.
MODEL_WEIGHT = 1.0
STRONG = 2.5
# Wording this sure of a rejection or a confirmation outweighs a job board's sender.
RELAYED = 4.0
# Rule weights act as log-odds, summed into a softmax. At 1.0, on the development split,
# 12 of 323 correctly classified messages fall below the default review threshold (60%)
# and none of the wrong ones stay above it; at 2.0 it would be 81.
TEMPERATURE = 1.0
_CATS = tuple(Category)
_OTHER_FAST = Classification(Category.OTHER, confidence=0.97, reasons=("no job-search wording",))


def _quote(s: str) -> str:
    s = " ".join(s.split())
    return f'"{s[:70]}…"' if len(s) > 70 else f'"{s}"'


def _vote(
    index: rules.RuleIndex, low: str, prefixes: set[str], original: str
) -> tuple[dict[str, float], dict[str, list[tuple[float, str]]]]:
    """Sum rule weights per label; keep the matched words (as written) as evidence."""
    scores: dict[str, float] = {}
    evidence: dict[str, list[tuple[float, str]]] = {}
    same = len(low) == len(original)
    for rule in index.candidates(prefixes):
        m = rule.pattern.search(low)
        if m is None:
            continue
        scores[rule.label] = scores.get(rule.label, 0.0) + rule.weight
        words_said = original[m.start() : m.end()] if same else m.group(0)
        evidence.setdefault(rule.label, []).append((rule.weight, words_said))
    return scores, evidence


def _softmax(scores: dict[str, float]) -> dict[str, float]:
    top = max(scores.values())
    exp = {k: math.exp((v - top) / TEMPERATURE) for k, v in scores.items()}
    total = sum(exp.values())
    return {k: v / total for k, v in exp.items()}


# A forward: "Fwd:" in the subject and a forwarded block right under a short note.
_FWD_SUBJECT = re.compile(r"^\s*(?:fwd?|wg|tr|rv|enc)\s*:", re.IGNORECASE)
_FWD_MARKER = re.compile(
    r"^\s*(?:-{2,}\s*(?:forwarded message|weitergeleitete nachricht|message transféré|"
    r"mensaje reenviado|original message)\s*-{2,}|begin forwarded message:?|"
    r"anfang der weitergeleiteten \w+:?|début du message (?:réexpédié|transféré)\s*:?)",
    re.IGNORECASE,
)
_FWD_HEADER = re.compile(r"^\*?(from|von|de|subject|betreff|objet|asunto)\s?:\*?\s*(.*)$", re.I)
# A note above a forward longer than this many words is a message of its own.
FORWARD_NOTE_WORDS = 60


def _forwarded(msg: ParsedMessage) -> ParsedMessage | None:
    """The forwarded message under a short note ("see below"), as a message of its own,
    or None if this is no forward."""
    if not _FWD_SUBJECT.match(msg.subject) or not _FWD_MARKER.match(msg.quoted):
        return None
    if len(msg.text.split()) > FORWARD_NOTE_WORDS:
        return None
    lines = msg.quoted.strip().splitlines()[1:]
    fields: dict[str, str] = {}
    i = 0
    while i < len(lines) and lines[i].strip() and i < 12:
        m = _FWD_HEADER.match(lines[i].strip())
        if m:
            key = "from" if m.group(1).lower() in ("from", "von", "de") else "subject"
            fields.setdefault(key, m.group(2).strip())
        i += 1
    if "from" not in fields:
        return None
    name, addr = parseaddr(fields["from"])
    return replace(
        msg,
        subject=fields.get("subject", msg.subject),
        from_name=name,
        from_addr=addr,
        text="\n".join(lines[i:]).strip(),
        quoted="",
        headers={},
        in_reply_to=None,
    )


def classify(msg: ParsedMessage, *, known_companies: Sequence[str] = ()) -> Classification:
    """Classify one message: category, kind and stage of a rejection, extracted fields, reasons."""
    inner = _forwarded(msg) if msg.quoted else None
    if inner is not None:
        # Judge what was forwarded; whoever forwarded it with a note is the contact.
        c = _classify(inner, known_companies)
        forwarder = person_name(msg.from_name) if msg.text.strip() else None
        contact = forwarder if forwarder and c.category is not Category.OTHER else c.contact_name
        return replace(
            c,
            contact_name=contact,
            reasons=(
                *c.reasons,
                f"judged the message forwarded by {msg.from_name or msg.from_addr}",
            ),
        )
    nudge = _nudge(msg) if msg.quoted else None
    if nudge is not None:
        c = _classify(nudge, known_companies)
        if c.category is not Category.OTHER:
            return replace(c, reasons=(*c.reasons, "a short follow-up on the sender's own message"))
    return _classify(msg, known_companies)


# A follow-up this short ("just bumping this") is read together with what it follows up.
NUDGE_WORDS = 30


def _nudge(msg: ParsedMessage) -> ParsedMessage | None:
    """A short note on top of the sender's own earlier message, read as one message."""
    if len(msg.text.split()) > NUDGE_WORDS:
        return None
    first = msg.quoted.lstrip().split("\n", 1)[0]
    name = msg.from_name.strip().strip('"')
    if not name or name not in first or not re.search(r"wrote|schrieb|a écrit|escribió", first):
        return None
    earlier = re.sub(r"(?m)^>+ ?", "", msg.quoted.lstrip().split("\n", 1)[-1])
    return replace(msg, text=f"{msg.text}\n\n{earlier}")


def _classify(msg: ParsedMessage, known_companies: Sequence[str]) -> Classification:
    """Classify one message as it stands (see `classify`)."""
    text = msg.text[:MAX_TEXT]
    subject = msg.subject
    domain = msg.sender_domain
    ats = ats_name(domain) if domain else None
    if ats is None and not rules.looks_job_related(f"{subject}\n{text[:2500]}".lower()):
        return _OTHER_FAST

    # Mail is often wrapped at 72 columns ("the final\nround"): rules see single spaces.
    hay = " ".join(f"{subject}\n{text}".split())
    low = hay.lower()
    prefixes = rules.word_prefixes(set(rules.WORDS.findall(low)))
    scores, evidence = _vote(rules.CATEGORY_INDEX, low, prefixes, hay)
    header_reasons: dict[str, list[str]] = {}

    def header(labels: Sequence[str], weight: float, reason: str) -> None:
        for label in labels:
            # Headers support what the words say; alone they never make a job category.
            if weight > 0 and label != rules.OTHER and label not in evidence:
                continue
            scores[label] = scores.get(label, 0.0) + weight
            header_reasons.setdefault(label, []).append(reason)

    headers = msg.headers
    no_reply = bool(rules.NO_REPLY.search(msg.from_addr))
    bulk = (
        "list-unsubscribe" in headers
        or "list-id" in headers
        or bool(rules.BULK_PRECEDENCE.search(headers.get("precedence", "")))
    )
    auto = headers.get("auto-submitted", "no").lower() not in ("", "no")
    job_labels = (rules.REJECTION, rules.RECEIVED, rules.INTERVIEW)
    if ats:
        header(job_labels, 1.0, f"sent through {ats}, an applicant tracking system")
        header((rules.OUTREACH,), -1.0, f"sent through {ats}")
    if no_reply:
        header((rules.REJECTION, rules.RECEIVED), 0.5, f"no-reply sender {msg.from_addr}")
        header((rules.OUTREACH,), -1.5, "no-reply sender")
    relayed = max(
        (v for k, v in scores.items() if k in (rules.REJECTION, rules.RECEIVED) and k in evidence),
        default=0.0,
    )
    if domain and is_job_board(domain):
        # A board also relays an employer's answer or confirms an application sent through it.
        weight = 0.5 if relayed >= RELAYED else 3.0
        header((rules.OTHER,), weight, f"sent by a job board ({domain})")
    elif bulk and not ats:
        header((rules.OTHER,), 2.5, "bulk mail (list headers)")
    if domain and is_freemail(domain) and not ats:
        header((rules.OTHER,), 1.0, f"sent from a personal address ({domain})")
    if auto:
        header((rules.REJECTION, rules.RECEIVED), 0.5, "automatically generated (Auto-Submitted)")
    if msg.quoted and msg.in_reply_to and not ats and not no_reply:
        # A reply in an existing thread: a person is writing, not a system.
        header((rules.OUTREACH,), -0.5, "reply in a thread")

    model: LinearModel | None = load_model()
    model_probs: dict[str, float] = {}
    phrase_top = max(
        (v for k, v in scores.items() if k != rules.OTHER and k in evidence), default=0.0
    )
    if model is not None and phrase_top < STRONG:
        model_probs = model.category_probs(hay)
        for label, p in model_probs.items():
            scores[label] = scores.get(label, 0.0) + MODEL_WEIGHT * math.log(
                max(p, 1e-4) * len(model_probs)
            )

    for label in (c.value for c in _CATS):
        scores.setdefault(label, 0.0)
    scores[rules.OTHER] += 1.5  # the prior: most mail is not about a job
    probs = _softmax(scores)
    best = max(probs, key=lambda k: probs[k])
    category = Category(best)
    confidence = probs[best]

    reasons: list[str] = [
        f"says {_quote(words)}"
        for _w, words in sorted(evidence.get(best, []), key=lambda e: -e[0])[:3]
    ]
    reasons.extend(header_reasons.get(best, [])[:2])
    if model_probs:
        reasons.append(f"model: {best.replace('_', ' ')} {model_probs.get(best, 0.0):.2f}")
    if not evidence.get(best) and category is Category.OTHER:
        reasons.insert(0, "no rejection, confirmation, interview or offer wording")

    body, signature = split_signature(text)
    kind: RejectionKind | None = None
    stage: Stage | None = None
    feedback: str | None = None
    if category is Category.REJECTION:
        kind, stage, kind_reasons = _kind_and_stage(
            msg, hay, low, prefixes, no_reply or auto, ats, model, signature
        )
        reasons.extend(kind_reasons)
        if kind is RejectionKind.PERSONAL:
            # Form rejections carry no feedback; their "strong applicant pool" is boilerplate.
            feedback = extract_feedback(body)
            if feedback:
                reasons.append("gives feedback")

    company: str | None = None
    role: str | None = None
    contact: str | None = None
    if category is not Category.OTHER:
        automated = bool(ats or no_reply or auto)
        company, where = extract_company(msg, text, known_companies, signature, automated)
        if company and where:
            reasons.append(f"company from {where}")
        role = extract_role(msg, text, company, prefixes)
        contact = extract_contact(msg, text, signature, automated, company)

    if category is Category.INTERVIEW:
        stage = None
    return Classification(
        category=category,
        kind=kind,
        stage=stage,
        company=company,
        role=role,
        contact_name=contact,
        feedback=feedback,
        confidence=round(min(max(confidence, 0.0), 1.0), 3),
        reasons=tuple(dict.fromkeys(reasons)),
    )


def _kind_and_stage(
    msg: ParsedMessage,
    hay: str,
    low: str,
    prefixes: set[str],
    automated: bool,
    ats: str | None,
    model: LinearModel | None,
    signature: str,
) -> tuple[RejectionKind, Stage | None, list[str]]:
    """Form or personal, the stage reached, and why."""
    scores, evidence = _vote(rules.KIND_INDEX, low, prefixes, hay)
    personal = scores.get(rules.PERSONAL, 0.0)
    form = scores.get(rules.FORM, 0.0)
    why: list[str] = []
    if automated:
        form += 1.5
    if ats:
        form += 0.75
    sender_is_person = bool(msg.from_name) and not automated and _looks_personal(msg)
    if sender_is_person:
        personal += 0.5
    if model is not None and abs(personal - form) < STRONG:
        p = model.personal_prob(hay)
        if p is not None:
            personal += MODEL_WEIGHT * math.log(max(p, 1e-4) / max(1 - p, 1e-4))
    kind = RejectionKind.PERSONAL if personal > form else RejectionKind.FORM
    if kind is RejectionKind.PERSONAL and not evidence.get(rules.PERSONAL) and not sender_is_person:
        # Personal means someone who spoke with the candidate: without any word of an
        # interview or conversation and without a person writing, the model alone is not enough.
        kind = RejectionKind.FORM
        why.append("form: no mention of an interview or conversation, and no person writing")
    label = kind.value
    for _w, said in sorted(evidence.get(label, []), key=lambda e: -e[0])[:2]:
        why.append(f"{label}: {_quote(said)}")
    if kind is RejectionKind.FORM:
        if automated:
            why.append("form: sent by an automated or no-reply address")
        elif ats:
            why.append(f"form: sent through {ats}")
        if not evidence.get(label) and not automated and not ats:
            why.append("form: no mention of an interview or conversation")
        return kind, Stage.APPLIED, why
    if sender_is_person:
        why.append(f"personal: written by {msg.from_name}")
    stage, stage_why = _stage(hay, low, prefixes, signature, msg.text[:MAX_TEXT])
    if stage_why:
        why.append(stage_why)
    return kind, stage, why


def _stage(
    hay: str, low: str, prefixes: set[str], signature: str, text: str
) -> tuple[Stage | None, str]:
    """The furthest stage a personal rejection says the candidate reached, and the words."""
    hay_tail = [ln for ln in text.rstrip().splitlines()[-3:] if ln.strip()]
    found: dict[Stage, str] = {}
    same = len(low) == len(hay)
    for rule in rules.STAGE_INDEX.candidates(prefixes):
        for m in rule.pattern.finditer(low):
            if rules.NOT_REACHED.search(low[max(0, m.start() - 30) : m.start()]):
                continue  # "forward to the final round": named, not reached
            found.setdefault(Stage(rule.label), hay[m.start() : m.end()] if same else m.group(0))
            break
    if Stage.HIRING_MANAGER not in found:
        named = rules.MET_NAMED.search(hay)
        if named:
            found[Stage.HIRING_MANAGER] = named.group(0)
    # Under the closing line; with no closing line, the last lines may still sign it.
    sig_lines = signature.splitlines()[1:4] if signature else hay_tail
    title = next((ln for ln in sig_lines if rules.DECIDER_TITLE.search(ln)), "")
    if title and not re.search(r"recruit|talent|people|hr\b|rh\b", title, re.IGNORECASE):
        # The one who decides is writing: the candidate met the hiring manager.
        found.setdefault(Stage.HIRING_MANAGER, f"signed by the {title.strip()}")
    if not found:
        return None, ""
    stage = max(found, key=lambda s: s.rank)
    return stage, f"stage {stage.label}: {_quote(found[stage])}"


def _looks_personal(msg: ParsedMessage) -> bool:
    """A person's name as the sender (not a team, not a system)."""
    return person_name(msg.from_name) is not None

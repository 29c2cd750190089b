"""Classify one parsed message: what it is, what kind of rejection, who and what it is about.

Pure, no I/O beyond reading the shipped model once. The text is normalised first
(`normalize.py`), then cut into greeting, body sentences, boilerplate and signature
(`segment.py`). Phrase rules (`rules.py`) vote per sentence: a match in boilerplate, in a
conditional ("if you are not selected...") or in a negated invitation ("we will not
invite you") does not count as what it says. A learned model (`learned.py`: WordLlama
sentence embeddings and small linear models) scores every body sentence and the whole
message, and a trained combiner turns all of it, with the header signals, into one
calibrated probability per category. A rejection needs a decision sentence, found by a
rule or by the sentence model: the model never makes one out of courtesy phrases, and
the reasons quote that sentence. Only the newest part of the message is judged.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from email.utils import parseaddr

import numpy as np

from doorajar.embeddings import embedder
from doorajar.mail import rules
from doorajar.mail.ats import ats_name, is_freemail, is_job_board
from doorajar.mail.extract import (
    company_features,
    extract_company,
    extract_contact,
    extract_feedback,
    extract_role,
    person_name,
    role_features,
    split_signature,
)
from doorajar.mail.learned import (
    CLASSES,
    LearnedModel,
    load_learned,
    message_vector,
    stem_ids,
)
from doorajar.mail.message import Classification, ParsedMessage
from doorajar.mail.normalize import normalize_message
from doorajar.mail.segment import (
    BODY,
    BOILERPLATE,
    SIGNATURE,
    SUBJECT,
    Sentence,
    conditional,
    negated,
    segment,
)
from doorajar.model import Category, RejectionKind, Stage

# Only the first part of a long message is read: job mail says what it is early.
MAX_TEXT = 6000
# A rejection rule this strong marks a decision sentence; weaker ones ("unfortunately",
# "best of luck in your search") are courtesy and only add to the evidence.
DECISION = 4.0
# The sentence model marks a decision sentence on its own from this probability on.
SENTENCE_DECISION = 0.6
# No reading of a message is ever certain.
MAX_CONFIDENCE = 0.995
# How many sentences are embedded (the subject and the first body sentences).
MAX_EMBEDDED = 24
_CATS = tuple(Category)
_OTHER_FAST = Classification(Category.OTHER, confidence=0.97, reasons=("no job-search wording",))
_SEP = " \x1f "

# Senders of bulk mail for hire: a message from them is a mailing.
_ESP = re.compile(
    r"(?:sendgrid|mailchimp|mcsv|mcdlv|mailgun|amazonses|sparkpost|sparkpostmail|createsend|"
    r"cmail\d*|constantcontact|hubspot(?:email)?|hs-?mail|sendinblue|brevo|klaviyo|substack|"
    r"mandrillapp|rsgsv|exacttarget|marketo|mktomail|postmarkapp|customer\.io|mailjet|"
    r"campaign-archive|list-manage|emarsys|braze|iterable|salesforce\-?mc)\.",
    re.IGNORECASE,
)
_INTERACTION = re.compile(
    r"\b(?:call|calls|phone|screen|screening|interview|interviews|interviewed|interviewing|"
    r"onsite|on-site|take-home|take home|coding (?:challenge|exercise|test|task)|challenge|"
    r"assessment|case study|exercise|conversation|conversations|chat|chatting|spoke|speaking|"
    r"talking|met|meeting|panel|video|test|presentation|technical|hackerrank|codility|"
    r"gespräch|gesprächs|telefonat|interviews?|entretien|échange|entrevista|llamada|"
    r"gesprek|colloquio|chiamata|conversa|entrevista|prova|opdracht|aufgabe|tarefa|caso)\b",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(
    r"(?:^|[^\w'])(?:I|I'm|I've|I'd|I'll|me|my)(?=[^\w']|$)|\b(?:ich|mir|mich|je|j'|moi|"
    r"yo|ik|io|eu)\b"
)
_TEAM_SIGN = re.compile(
    r"\b(?:team|recruiting|recruitment|talent|hiring|people|hr|careers|acquisition|équipe|"
    r"equipo|personalabteilung|rh|rrhh|recrutement|selección|reclutamiento|recursos humanos)\b",
    re.IGNORECASE,
)


def _quote(s: str) -> str:
    s = " ".join(s.split())
    return f'"{s[:90]}…"' if len(s) > 90 else f'"{s}"'


@dataclass
class Evidence:
    """What a message says, before anything is learned from it (see `gather`)."""

    msg: ParsedMessage
    sentences: list[Sentence]
    ats: str | None
    body: dict[str, float] = field(default_factory=dict)  # rule votes in judged sentences
    boiler: dict[str, float] = field(default_factory=dict)  # rule votes in boilerplate
    said: dict[str, list[tuple[float, str, int]]] = field(default_factory=dict)
    decisions: list[tuple[float, int]] = field(default_factory=list)  # strong declines
    negated_invites: int = 0
    conditionals: int = 0
    flags: dict[str, float] = field(default_factory=dict)
    kind_votes: dict[str, float] = field(default_factory=dict)
    kind_said: dict[str, list[tuple[float, str]]] = field(default_factory=dict)
    embedded: list[int] = field(default_factory=list)  # sentence indices embedded
    vecs: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))
    ids: list[list[int]] = field(default_factory=list)  # hashed stems of each embedded one
    msg_ids: list[int] = field(default_factory=list)  # hashed stems of them all

    @property
    def text(self) -> str:
        return self.msg.text[:MAX_TEXT]


def _match_sentences(
    index: rules.RuleIndex, sents: list[tuple[int, Sentence]], prefixes: set[str]
) -> list[tuple[rules.Rule, int, int, str]]:
    """(rule, sentence index, offset in the sentence, words matched) for every rule match."""
    if not sents:
        return []
    lows = [s.text.lower() for _, s in sents]
    hay = _SEP.join(lows)
    starts = []
    pos = 0
    for low in lows:
        starts.append(pos)
        pos += len(low) + len(_SEP)
    out = []
    for rule in index.candidates(prefixes):
        for m in rule.pattern.finditer(hay):
            j = _bisect(starts, m.start())
            i, sent = sents[j]
            off = m.start() - starts[j]
            words = sent.text[off : off + (m.end() - m.start())]
            out.append((rule, i, off, words))
    return out


def _bisect(starts: list[int], x: int) -> int:
    lo, hi = 0, len(starts)
    while lo + 1 < hi:
        mid = (lo + hi) // 2
        if starts[mid] <= x:
            lo = mid
        else:
            hi = mid
    return lo


def gather(msg: ParsedMessage) -> Evidence | None:
    """The rule votes, headers and sentences of a message; None if it fails the cheap gate."""
    msg = normalize_message(msg)
    text = msg.text[:MAX_TEXT]
    domain = msg.sender_domain
    ats = ats_name(domain) if domain else None
    if ats is None and not rules.looks_job_related(f"{msg.subject}\n{text[:2500]}".lower()):
        return None
    sentences = segment(text, msg.subject)
    ev = Evidence(msg=msg, sentences=sentences, ats=ats)
    low_all = f"{msg.subject}\n{text}".lower()
    prefixes = rules.word_prefixes(set(rules.WORDS.findall(low_all)))
    judged = [(i, s) for i, s in enumerate(sentences) if s.judged]
    boiler = [(i, s) for i, s in enumerate(sentences) if s.part in (BOILERPLATE, SIGNATURE)]
    for rule, i, off, words in _match_sentences(rules.CATEGORY_INDEX, judged, prefixes):
        label = rule.label
        sent = sentences[i].text
        if label in (rules.REJECTION, rules.INTERVIEW, rules.OFFER) and conditional(sent, off):
            ev.conditionals += 1
            continue
        if label in (rules.INTERVIEW, rules.OFFER) and negated(sent, off):
            # "We will not invite you to the next round": a decline, not an invitation.
            ev.negated_invites += 1
            label = rules.REJECTION
            if rule.weight >= 2.5:
                ev.decisions.append((DECISION, i))
        ev.body[label] = ev.body.get(label, 0.0) + rule.weight
        ev.said.setdefault(label, []).append((rule.weight, words, i))
        if label == rules.REJECTION and rule.weight >= DECISION:
            ev.decisions.append((rule.weight, i))
    for rule, _i, _off, _words in _match_sentences(rules.CATEGORY_INDEX, boiler, prefixes):
        ev.boiler[rule.label] = ev.boiler.get(rule.label, 0.0) + rule.weight
    for rule, i, off, words in _match_sentences(rules.KIND_INDEX, judged, prefixes):
        if conditional(sentences[i].text, off):
            continue
        ev.kind_votes[rule.label] = ev.kind_votes.get(rule.label, 0.0) + rule.weight
        ev.kind_said.setdefault(rule.label, []).append((rule.weight, words))

    headers = msg.headers
    no_reply = bool(rules.NO_REPLY.search(msg.from_addr))
    senders = " ".join(
        (
            domain,
            headers.get("sender", ""),
            headers.get("return-path", ""),
            headers.get("x-mailer", ""),
        )
    )
    esp = bool(_ESP.search(senders))
    bulk = (
        "list-unsubscribe" in headers
        or "list-id" in headers
        or bool(rules.BULK_PRECEDENCE.search(headers.get("precedence", "")))
    )
    ev.flags = {
        "ats": float(ats is not None),
        "no_reply": float(no_reply),
        "bulk": float(bulk),
        "esp": float(esp),
        "job_board": float(bool(domain) and is_job_board(domain)),
        "freemail": float(bool(domain) and is_freemail(domain)),
        "auto": float(headers.get("auto-submitted", "no").lower() not in ("", "no")),
        "thread": float(bool(msg.quoted and msg.in_reply_to)),
        "quoted": float(bool(msg.quoted)),
        "person": float(person_name(msg.from_name) is not None),
        "reply_subject": float(bool(re.match(r"\s*(?:re|aw|sv|antw)\s*:", msg.subject, re.I))),
    }
    ev.embedded = [i for i, s in enumerate(sentences) if s.part in (BODY, SUBJECT)][:MAX_EMBEDDED]
    return ev


def embed(ev: Evidence) -> None:
    """Embed the sentences the learned model reads."""
    texts = [ev.sentences[i].text for i in ev.embedded]
    ev.vecs = embedder().embed(texts)
    ev.ids = [stem_ids(t) for t in texts]
    ev.msg_ids = stem_ids(" ".join(texts))


N_FEATURES = 6 + 6 + 6 + 6 + 4 + 11 + 2


def features(ev: Evidence, model: LearnedModel) -> tuple[np.ndarray, np.ndarray]:
    """The combiner's input for a message, and the sentence model's probabilities."""
    sent_p = model.sentence_probs(ev.vecs, ev.ids)
    body_rows = [k for k, i in enumerate(ev.embedded) if ev.sentences[i].part == BODY]
    subj_rows = [k for k, i in enumerate(ev.embedded) if ev.sentences[i].part == SUBJECT]
    subject_vec = ev.vecs[subj_rows[0]] if subj_rows else None
    msg_p = model.message_probs(message_vector(ev.vecs, body_rows, subject_vec), ev.msg_ids)
    smax = sent_p[body_rows, : len(CLASSES)].max(axis=0) if body_rows else np.zeros(len(CLASSES))
    return _assemble(ev, msg_p, smax), sent_p


def _assemble(ev: Evidence, msg_p: np.ndarray, smax: np.ndarray) -> np.ndarray:
    vals: list[float] = [math.log(max(float(p), 1e-4)) for p in msg_p]
    vals += [math.log(max(float(p), 1e-4)) for p in smax]
    vals += [min(ev.body.get(c, 0.0), 12.0) for c in CLASSES]
    vals += [min(ev.boiler.get(c, 0.0), 12.0) for c in CLASSES]
    vals += [
        float(bool(ev.decisions)),
        max((w for w, _ in ev.decisions), default=0.0),
        float(ev.negated_invites),
        float(ev.conditionals),
    ]
    vals += list(ev.flags.values())
    n_body = sum(1 for s in ev.sentences if s.part == BODY)
    vals += [math.log1p(n_body), math.log1p(len(ev.text))]
    return np.array(vals, dtype=np.float32)


def classify(
    msg: ParsedMessage,
    *,
    known_companies: Sequence[str] = (),
    model: LearnedModel | None = None,
) -> Classification:
    """Classify one message: category, kind and stage of a rejection, extracted fields, reasons."""
    msg = normalize_message(msg)
    inner = _forwarded(msg) if msg.quoted else None
    if inner is not None:
        # Judge what was forwarded; whoever forwarded it with a note is the contact.
        c = _classify(inner, known_companies, model)
        forwarder = person_name(msg.from_name) if msg.text.strip() else None
        contact = forwarder if forwarder and c.category is not Category.OTHER else c.contact_name
        who = msg.from_name or msg.from_addr
        return replace(
            c,
            contact_name=contact,
            reasons=(
                *c.reasons,
                f"judged the message forwarded by {who}" if who else "judged the forwarded message",
            ),
        )
    nudge = _nudge(msg) if msg.quoted else None
    if nudge is not None:
        c = _classify(nudge, known_companies, model)
        if c.category is not Category.OTHER:
            return replace(c, reasons=(*c.reasons, "a short follow-up on the sender's own message"))
    return _classify(msg, known_companies, model)


def judged_message(msg: ParsedMessage) -> ParsedMessage:
    """The message `classify` judges: the forwarded one under a short note, else itself."""
    msg = normalize_message(msg)
    inner = _forwarded(msg) if msg.quoted else None
    return inner if inner is not None else msg


# A forward: "Fwd:" in the subject (or nothing above it) and a forwarded block.
_FWD_SUBJECT = re.compile(r"^\s*(?:fwd?|wg|tr|rv|enc|doorst|i)\s*:", re.IGNORECASE)
_FWD_MARKER = re.compile(
    r"^\s*(?:-{2,}\s*(?:forwarded message|weitergeleitete nachricht|message transféré|"
    r"mensaje reenviado|original message|mensagem encaminhada|messaggio inoltrato|"
    r"doorgestuurd bericht|ursprüngliche nachricht|message d'origine)\s*-{2,}|"
    r"begin forwarded message:?|anfang der weitergeleiteten \w+:?|"
    r"début du message (?:réexpédié|transféré)\s*:?)",
    re.IGNORECASE,
)
_FWD_HEADER = re.compile(
    r"^\*?(from|von|de|da|van|subject|betreff|objet|asunto|assunto|oggetto|onderwerp)\s?:\*?\s*(.*)$",
    re.I,
)
# A note above a forward longer than this many words is a message of its own.
FORWARD_NOTE_WORDS = 60


def _forwarded(msg: ParsedMessage) -> ParsedMessage | None:
    """The forwarded message under a short note ("see below"), or a body that starts with
    a forwarded block, as a message of its own; None if this is no forward."""
    quoted = msg.quoted.strip()
    marker = _FWD_MARKER.match(quoted)
    bare = not msg.text.strip()
    outlook = bool(re.match(r"^\*?(?:from|von|de)\s?:", quoted, re.I))
    if not (marker or (outlook and (bare or _FWD_SUBJECT.match(msg.subject)))):
        return None
    if not (_FWD_SUBJECT.match(msg.subject) or bare or not msg.from_addr):
        return None
    if len(msg.text.split()) > FORWARD_NOTE_WORDS:
        return None
    lines = quoted.splitlines()[1:] if marker else quoted.splitlines()
    fields: dict[str, str] = {}
    i = 0
    while i < len(lines) and lines[i].strip() and i < 12:
        m = _FWD_HEADER.match(lines[i].strip())
        if m:
            key = "from" if m.group(1).lower() in ("from", "von", "de", "da", "van") else "subject"
            fields.setdefault(key, m.group(2).strip())
        i += 1
    if "from" not in fields:
        return None
    name, addr = parseaddr(fields["from"])
    return replace(
        msg,
        subject=fields.get("subject", msg.subject),
        from_name=name,
        from_addr=addr.lower(),
        text="\n".join(lines[i:]).strip(),
        quoted="",
        headers={},
        in_reply_to=None,
    )


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


def _classify(
    msg: ParsedMessage, known_companies: Sequence[str], model: LearnedModel | None
) -> Classification:
    """Classify one message as it stands (see `classify`)."""
    ev = gather(msg)
    if ev is None:
        return _OTHER_FAST
    model = model or load_learned()
    return decide(ev, model, known_companies)


def decide(
    ev: Evidence, model: LearnedModel | None, known_companies: Sequence[str] = ()
) -> Classification:
    """The classification of a message whose evidence has been gathered."""
    msg = ev.msg
    sent_p: np.ndarray | None = None
    if model is not None:
        if ev.vecs.shape[0] != len(ev.embedded) or ev.vecs.shape[1] == 0:
            embed(ev)
        feats, sent_p = features(ev, model)
        probs = model.combine(feats)
    else:
        probs = _rules_only(ev)
    order = [int(k) for k in np.argsort(-probs)]
    decision = _decision_sentence(ev, sent_p)
    best = order[0]
    if CLASSES[best] == rules.REJECTION and decision is None:
        # No sentence decides anything: courtesy phrases and the model alone make no rejection.
        best = order[1]
    category = Category(CLASSES[best])
    confidence = float(probs[best])
    if category is Category.REJECTION and decision is not None and sent_p is None:
        confidence = max(confidence, 0.6)

    label = category.value
    reasons: list[str] = []
    if category is Category.REJECTION and decision is not None:
        reasons.append(f"decision sentence: {_quote(ev.sentences[decision].text)}")
    reasons.extend(
        f"says {_quote(words)}"
        for _w, words, _i in sorted(ev.said.get(label, []), key=lambda e: -e[0])[:3]
    )
    reasons.extend(_header_reasons(ev, category))
    if sent_p is not None:
        reasons.append(f"model: {label.replace('_', ' ')} {float(probs[best]):.2f}")
        if category is not Category.REJECTION and CLASSES[order[0]] == rules.REJECTION:
            reasons.append("no sentence that decides against the application")
    if not ev.said.get(label) and category is Category.OTHER:
        reasons.insert(0, "no rejection, confirmation, interview or offer wording")

    text = ev.text
    body, signature = split_signature(text)
    kind: RejectionKind | None = None
    stage: Stage | None = None
    feedback: str | None = None
    if category is Category.REJECTION:
        kind, stage, kind_reasons = _kind_and_stage(ev, model, signature)
        reasons.extend(kind_reasons)
        if kind is RejectionKind.PERSONAL:
            # Form rejections carry no feedback; their "strong applicant pool" is boilerplate.
            feedback = extract_feedback(body)
            if feedback:
                reasons.append("gives feedback")
    elif category is Category.INTERVIEW:
        stage, why = _invited_stage(ev)
        if why:
            reasons.append(why)

    company: str | None = None
    role: str | None = None
    contact: str | None = None
    if category is not Category.OTHER:
        automated = bool(ev.flags["ats"] or ev.flags["no_reply"] or ev.flags["auto"])
        low = f"{msg.subject}\n{text}".lower()
        prefixes = rules.word_prefixes(set(rules.WORDS.findall(low)))
        company, where = extract_company(
            msg, text, known_companies, signature, automated, _company_ranker(ev, model)
        )
        if company and where:
            reasons.append(f"company from {where}")
        role = extract_role(msg, text, company, prefixes, _role_ranker(ev, model, company))
        contact = extract_contact(msg, text, signature, automated, company)

    return Classification(
        category=category,
        kind=kind,
        stage=stage,
        company=company,
        role=role,
        contact_name=contact,
        feedback=feedback,
        confidence=round(min(max(confidence, 0.0), MAX_CONFIDENCE), 3),
        reasons=tuple(dict.fromkeys(reasons)),
    )


def _company_ranker(
    ev: Evidence, model: LearnedModel | None
) -> Callable[[list[tuple[str, str, int, int]]], int | None] | None:
    """The learned choice among the company candidates, if the model has one."""
    if model is None or "company" not in model.rankers:
        return None
    text = ev.text
    signature = split_signature(text)[1]
    automated = bool(ev.flags["ats"] or ev.flags["no_reply"] or ev.flags["auto"])

    def rank(found: list[tuple[str, str, int, int]]) -> int | None:
        x = np.array(company_features(found, ev.msg, text, signature, automated), np.float32)
        return model.pick("company", x)

    return rank


def _role_ranker(
    ev: Evidence, model: LearnedModel | None, company: str | None
) -> Callable[[list[tuple[str, int]]], int | None] | None:
    """The learned choice among the role candidates, if the model has one."""
    if model is None or "role" not in model.rankers:
        return None

    def rank(found: list[tuple[str, int]]) -> int | None:
        x = np.array(role_features(found, ev.msg, ev.text, company), np.float32)
        return model.pick("role", x)

    return rank


def _decision_sentence(ev: Evidence, sent_p: np.ndarray | None) -> int | None:
    """The sentence that declines the application, if one does: the strongest rule match,
    else the body sentence the sentence model is surest of."""
    if ev.decisions:
        return max(ev.decisions, key=lambda d: (d[0], -d[1]))[1]
    if sent_p is None or len(sent_p) == 0:
        return None
    best: tuple[float, int] | None = None
    for k, i in enumerate(ev.embedded):
        s = ev.sentences[i]
        if s.part != BODY or conditional(s.text):
            continue
        p = float(sent_p[k, 0])
        if p >= SENTENCE_DECISION and (best is None or p > best[0]):
            best = (p, i)
    return best[1] if best else None


def _rules_only(ev: Evidence) -> np.ndarray:
    """Probabilities from the rule votes alone (no shipped model)."""
    scores = np.array([ev.body.get(c, 0.0) for c in CLASSES], dtype=np.float64)
    other = CLASSES.index(rules.OTHER)
    scores[other] += 1.5 + 2.5 * (ev.flags["bulk"] or ev.flags["esp"]) + 2.5 * ev.flags["job_board"]
    e = np.exp(scores - scores.max())
    out: np.ndarray = e / e.sum()
    return out


def _header_reasons(ev: Evidence, category: Category) -> list[str]:
    out = []
    msg = ev.msg
    if ev.ats and category is not Category.OTHER:
        out.append(f"sent through {ev.ats}, an applicant tracking system")
    if ev.flags["no_reply"] and category is not Category.OTHER:
        out.append(f"no-reply sender {msg.from_addr}")
    if category is Category.OTHER:
        if ev.flags["bulk"] or ev.flags["esp"]:
            out.append("bulk mail (list headers or a mailing service)")
        if ev.flags["job_board"]:
            out.append(f"sent by a job board ({msg.sender_domain})")
        if ev.boiler.get(rules.OTHER) or ev.body.get(rules.OTHER):
            out.append("reads as a job alert or newsletter")
    return out[:2]


def kind_features(ev: Evidence, signature: str) -> np.ndarray:
    """The kind model's input: interaction evidence, who writes, and how."""
    body = [s.text for s in ev.sentences if s.part == BODY and not conditional(s.text)]
    interaction = sum(1 for s in body if _INTERACTION.search(s))
    first_person = sum(1 for s in body if _FIRST_PERSON.search(s))
    sig_lines = [ln.strip() for ln in signature.splitlines()[1:3] if ln.strip()]
    signed_person = float(bool(sig_lines) and person_name(sig_lines[0]) is not None)
    team_signed = float(bool(sig_lines) and bool(_TEAM_SIGN.search(sig_lines[0])))
    vals = [
        ev.kind_votes.get(rules.PERSONAL, 0.0),
        ev.kind_votes.get(rules.FORM, 0.0),
        float(interaction),
        float(first_person),
        signed_person,
        team_signed,
        ev.flags["person"],
        ev.flags["ats"],
        ev.flags["no_reply"],
        ev.flags["auto"],
        ev.flags["thread"],
        float(len(body)),
    ]
    return np.array(vals, dtype=np.float32)


N_KIND_FEATURES = 12


def _kind_and_stage(
    ev: Evidence, model: LearnedModel | None, signature: str
) -> tuple[RejectionKind, Stage | None, list[str]]:
    """Form or personal, the stage reached, and why."""
    why: list[str] = []
    kf = kind_features(ev, signature)
    interaction, first_person, signed_person = kf[2], kf[3], kf[4]
    if model is not None:
        p = model.personal_prob(kf)
    else:
        p = (
            0.8
            if ev.kind_votes.get(rules.PERSONAL, 0.0) > ev.kind_votes.get(rules.FORM, 0.0)
            else 0.2
        )
    kind = RejectionKind.PERSONAL if p >= 0.5 else RejectionKind.FORM
    if kind is RejectionKind.PERSONAL and not interaction and not (first_person and signed_person):
        # Personal means someone who spoke with the candidate: courtesy is not evidence.
        kind = RejectionKind.FORM
    label = kind.value
    for _w, said in sorted(ev.kind_said.get(label, []), key=lambda e: -e[0])[:2]:
        why.append(f"{label}: {_quote(said)}")
    if kind is RejectionKind.FORM:
        if ev.flags["no_reply"] or ev.flags["auto"]:
            why.append("form: sent by an automated or no-reply address")
        elif ev.ats:
            why.append(f"form: sent through {ev.ats}")
        if not interaction:
            why.append("form: no mention of an interview or conversation")
        return kind, Stage.APPLIED, why
    if signed_person and first_person:
        why.append("personal: a person writes in the first person")
    stage, stage_why = _stage(ev, signature)
    if stage_why:
        why.append(stage_why)
    return kind, stage, why


def _judged_hay(ev: Evidence) -> tuple[str, str]:
    sents = [s.text for s in ev.sentences if s.judged]
    hay = " ".join(sents)
    return hay, hay.lower()


def _stage(ev: Evidence, signature: str) -> tuple[Stage | None, str]:
    """The furthest stage a personal rejection says the candidate reached, and the words."""
    hay, low = _judged_hay(ev)
    prefixes = rules.word_prefixes(set(rules.WORDS.findall(low)))
    found: dict[Stage, str] = {}
    for rule in rules.STAGE_INDEX.candidates(prefixes):
        for m in rule.pattern.finditer(low):
            if rules.NOT_REACHED.search(low[max(0, m.start() - 30) : m.start()]):
                continue  # "forward to the final round": named, not reached
            found.setdefault(Stage(rule.label), hay[m.start() : m.end()])
            break
    if Stage.HIRING_MANAGER not in found:
        named = rules.MET_NAMED.search(hay)
        if named:
            found[Stage.HIRING_MANAGER] = named.group(0)
    hay_tail = [ln for ln in ev.text.rstrip().splitlines()[-3:] if ln.strip()]
    sig_lines = signature.splitlines()[1:4] if signature else hay_tail
    title = next((ln for ln in sig_lines if rules.DECIDER_TITLE.search(ln)), "")
    if title and not re.search(r"recruit|talent|people|hr\b|rh\b", title, re.IGNORECASE):
        # The one who decides is writing: the candidate met the hiring manager.
        found.setdefault(Stage.HIRING_MANAGER, f"signed by the {title.strip()}")
    if not found:
        return Stage.RECRUITER_SCREEN, ""
    stage = max(found, key=lambda s: s.rank)
    return stage, f"stage {stage.label}: {_quote(found[stage])}"


def _invited_stage(ev: Evidence) -> tuple[Stage | None, str]:
    """The stage an interview invitation leads to, when it names one."""
    hay, low = _judged_hay(ev)
    prefixes = rules.word_prefixes(set(rules.WORDS.findall(low)))
    found: dict[Stage, str] = {}
    for rule in rules.STAGE_INDEX.candidates(prefixes):
        m = rule.pattern.search(low)
        if m:
            found.setdefault(Stage(rule.label), hay[m.start() : m.end()])
    if not found:
        return None, ""
    stage = max(found, key=lambda s: s.rank)
    return stage, f"leads to the {stage.label}: {_quote(found[stage])}"

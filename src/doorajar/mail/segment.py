"""Cutting the newest part of a message into the pieces a careful reader tells apart.

Pure. A job email is a greeting, a few sentences that say something, and then a lot that
says nothing about this candidate: a signature, job alerts and "other roles you may
like", interview tips, a privacy notice, an unsubscribe block. `segment` returns the
sentences with the part each belongs to, so that only body sentences can carry a
decision and boilerplate never outweighs one. `conditional` and `negated` tell a
decision from a description of the process ("if you are not selected...") and from its
opposite ("we will not invite you to the next round").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

GREETING = "greeting"
BODY = "body"
BOILERPLATE = "boilerplate"
SIGNATURE = "signature"
SUBJECT = "subject"


@dataclass(frozen=True)
class Sentence:
    """One sentence (or one short line) of a message and the part it belongs to."""

    text: str
    part: str  # GREETING, BODY, BOILERPLATE, SIGNATURE or SUBJECT

    @property
    def judged(self) -> bool:
        """True for the parts that may carry a decision."""
        return self.part in (BODY, SUBJECT, GREETING)


_GREETING = re.compile(
    r"^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|greetings|hallo|liebe[rs]?|"
    r"sehr geehrte[rs]?|guten tag|moin|servus|bonjour|bonsoir|cher|chère|salut|madame|monsieur|"
    r"hola|estimad[oa]s?|buenos días|buenas|querid[oa]|beste|geachte|hoi|caro|cara|gentile|"
    r"buongiorno|salve|ciao|olá|ola|prezad[oa]|car[oa]s?|bom dia|boa tarde)\b[^\n]{0,60}$",
    re.IGNORECASE,
)
_CLOSING = re.compile(
    r"^\s*(?:best|best regards|kind regards|warm regards|warmest regards|warm wishes|regards|"
    r"many thanks|thanks|thank you|thanks again|cheers|sincerely|yours sincerely|yours truly|"
    r"yours faithfully|all the best|warmly|with best wishes|best wishes|talk soon|take care|"
    r"respectfully|speak soon|with thanks|thanks so much|with appreciation|"
    r"mit freundlichen grüßen|mit freundlichen grüssen|freundliche grüße|viele grüße|beste grüße|"
    r"liebe grüße|herzliche grüße|lg|mfg|gruß|grüße|cordialement|bien cordialement|bien à vous|"
    r"belle journée|salutations|sincères salutations|saludos|un saludo|atentamente|un abrazo|"
    r"saludos cordiales|muchas gracias|met vriendelijke groet(?:en)?|vriendelijke groet(?:en)?|"
    r"groeten|hartelijke groet(?:en)?|cordiali saluti|distinti saluti|saluti|un saluto|"
    r"cordialmente|atenciosamente|abraços|abraço|obrigad[oa]|com os melhores cumprimentos|"
    r"melhores cumprimentos|cumprimentos|sent from my \w+)[\s,.!-]*$",
    re.IGNORECASE,
)
# A line that starts the boilerplate: everything from it to the end of the message is
# boilerplate (a job-alert block, tips, a legal footer).
_BLOCK_START = re.compile(
    r"^\W*(?:(?:other |more |similar |recommended |new )?(?:jobs?|roles?|positions?|openings?|"
    r"opportunities) (?:you (?:may|might) (?:like|be interested in)|for you|that (?:may|might) "
    r"(?:fit|interest|suit) you|we think|matching|like this|based on)|"
    r"(?:similar|recommended|suggested|featured|trending|top) (?:jobs?|roles?|positions?|openings?)|"
    r"(?:interview |career |job search |application )?tips\b|while you wait|in the meantime,? "
    r"(?:here|check|explore|why not)|explore (?:more|other|our)|"
    r"(?:privacy|data protection|datenschutz|confidentiality) (?:notice|policy|statement|information)|"
    r"this (?:e-?mail|message) (?:was sent|is confidential|and any attachments|may contain)|"
    r"you(?: are|'re) receiving this|to (?:unsubscribe|stop receiving)|unsubscribe|"
    r"manage (?:your )?(?:email |alert |notification )?(?:preferences|settings|alerts)|"
    r"(?:©|\(c\)|copyright)\s|all rights reserved|"
    r"weitere (?:stellen|jobs)|ähnliche (?:stellen|jobs)|offres similaires|autres offres|"
    r"ofertas similares|otras ofertas|vacatures (?:voor jou|die bij je passen)|"
    r"vagas (?:semelhantes|para você)|offerte simili|altre offerte)",
    re.IGNORECASE,
)
# A line that is boilerplate wherever it stands (but does not end the message).
_BOILER_LINE = re.compile(
    r"do not reply|don't reply|not monitored|no-?reply|automated (?:message|e-?mail)|"
    r"automatically generated|view (?:this email )?in (?:your )?browser|unsubscribe|"
    r"privacy (?:policy|notice)|terms of (?:use|service)|powered by|sent (?:by|via|through) "
    r"(?:\w+ ){0,3}(?:greenhouse|lever|workday|icims|smartrecruiters|ashby|workable|jobvite|"
    r"taleo|bamboohr|teamtailor|personio|recruitee|linkedin|indeed)|"
    r"^\W*(?:https?://|www\.)\S+\W*$|"
    r"^\W*(?:apply now|view job|see (?:all )?jobs|learn more|read more|view all|update preferences)\W*$|"
    r"equal opportunity employer|registered (?:office|in england)|company (?:number|registration)|"
    r"amtsgericht|handelsregister|geschäftsführer|siège social|registro mercantil",
    re.IGNORECASE,
)
_SENT_SPLIT = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(¿¡]?[A-ZÀ-ÖØ-Þ0-9])")
# How much of the message is read; job mail says what it is early.
MAX_SENTENCES = 60
_WRAP = 50  # a line this long that runs on into the next was hard-wrapped


def segment(text: str, subject: str = "") -> list[Sentence]:
    """The subject and the sentences of the newest part, each with its part."""
    out: list[Sentence] = []
    if subject.strip():
        out.append(Sentence(" ".join(subject.split()), SUBJECT))
    lines = text.replace("\r", "").split("\n")
    closing = _closing_line(lines)
    part = BODY
    seen_text = False
    para: list[str] = []

    def flush(kind: str) -> None:
        if not para:
            return
        joined = " ".join(" ".join(p.split()) for p in para)
        para.clear()
        for s in _SENT_SPLIT.split(joined):
            s = s.strip()
            if s and len(out) < MAX_SENTENCES:
                out.append(Sentence(s, kind))

    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            flush(part)
            continue
        if part == BODY and i == closing:
            flush(part)
            part = SIGNATURE
        if part in (BODY, SIGNATURE) and _BLOCK_START.search(line):
            flush(part)
            part = BOILERPLATE
        if not seen_text and part == BODY and _GREETING.match(line):
            seen_text = True
            flush(part)
            head, _, rest = line.partition(",")
            out.append(Sentence(head.strip() + ",", GREETING))
            if rest.strip():
                para.append(rest)
            continue
        seen_text = True
        if part == BODY and _BOILER_LINE.search(line):
            flush(part)
            out.append(Sentence(" ".join(line.split()), BOILERPLATE))
            continue
        para.append(line)
        if part != BODY or len(line) < _WRAP:
            # A short line (a list item, "Position: X") is a sentence of its own.
            flush(part)
    flush(part)
    return out


def _closing_line(lines: list[str]) -> int:
    """The index of the last closing line ("Best,") near the end, or -1."""
    start = max(0, len(lines) - 40)
    found = -1
    for i in range(len(lines) - 1, start - 1, -1):
        if _CLOSING.match(lines[i]) and i > 0:
            found = i
            # The first closing after the body, not one inside a footer block below.
            if not any(_BLOCK_START.search(x) for x in lines[:i]):
                return i
    return found


# A conditional or a description of the process: it says what would happen, not what did.
_CONDITIONAL = re.compile(
    r"(?:^|[,;:(]\s*|\b(?:and|but|however)\s+)(?:if|should|in case|in the event|unless|whether|"
    r"once|when|wenn|falls|sollten|sollte|si|en caso de|caso|qualora|se|als|indien|mocht|"
    r"should you|in the unlikely)\b|"
    r"\b(?:only (?:shortlisted|successful|selected)|we (?:will|'ll) (?:only )?(?:contact|reach out to) "
    r"(?:you )?(?:only )?(?:if|when|those)|"
    r"(?:will|would) (?:be )?(?:contacted|notified|in touch)(?: [\w ]{0,20})? (?:if|when|should)|"
    r"(?:not hear|no (?:news|response)) (?:from us )?(?:within|in|by|after)|"
    r"(?:please )?(?:consider|assume) (?:your application|that you|yourself)|"
    r"we (?:regret|are sorry) that we (?:cannot|can't|are unable to) (?:respond|reply|give|provide|contact)|"
    r"(?:cannot|can't|unable to|not able to) (?:respond|reply) (?:to|individually))",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:not|no longer|never|unable to|won't|wont|will not|cannot|can't|can not|don't|do not|"
    r"didn't|did not|isn't|aren't|weren't|wasn't|nicht|kein(?:e|en)?|ne|pas|plus|no|não|nao|"
    r"niet|geen|non)\b[^.;!?]{0,40}$",
    re.IGNORECASE,
)


def conditional(sentence: str, upto: int | None = None) -> bool:
    """True if the sentence (up to `upto`) states a condition or describes the process
    instead of deciding ("If you are not selected, ...", "Only shortlisted candidates
    will be contacted")."""
    head = sentence if upto is None else sentence[: max(upto, 0)]
    return _CONDITIONAL.search(head) is not None


def negated(sentence: str, at: int) -> bool:
    """True if the words just before position `at` negate what follows ("we will not
    invite you")."""
    return _NEGATION.search(sentence[max(0, at - 60) : at]) is not None

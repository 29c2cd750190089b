"""Extraction: company, role, contact person and feedback from one message.

Pure. Each extractor returns a value with the short reason it was found, or None:
nothing is ever invented. Company evidence, strongest first: a known company named
in the message, the sender's display name, the subject, the body, the signature,
the address (for ATS senders the subdomain or local part, never the ATS itself).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from doorajar.mail.ats import ats_name, company_from_address
from doorajar.mail.message import ParsedMessage
from doorajar.mail.rules import FEEDBACK_HINT, NO_FEEDBACK

_F = re.IGNORECASE | re.UNICODE

# A capitalised name: "Northwind Logistics", "Blue & Gray", "O'Neil Labs", "data.ai", "3M".
_CAP = r"(?:[A-ZÀ-ÖØ-Þ0-9][\w&'’.+-]*)"
_CONN = r"(?:\s+(?:&|and|und|et|y|of|de|du|des|la|le|für|for)\s+|\s+|-)"
_NAME = rf"{_CAP}(?:{_CONN}{_CAP}){{0,4}}"

# Words that end a company name when it runs into the rest of the sentence.
_COMPANY_STOP = frozenset(
    {
        "team",
        "teams",
        "recruiting",
        "recruitment",
        "talent",
        "acquisition",
        "careers",
        "career",
        "jobs",
        "hiring",
        "hr",
        "people",
        "human",
        "resources",
        "and",
        "und",
        "et",
        "y",
        "for",
        "für",
        "of",
        "de",
        "the",
        "is",
        "we",
        "i",
        "our",
        "your",
        "via",
        "on",
        "in",
        "at",
        "to",
        "as",
        "personalabteilung",
        "équipe",
        "equipo",
        "rh",
        "rrhh",
        "notifications",
        "no-reply",
        "noreply",
    }
)
# Capitalised words that are never a company on their own.
_NOT_COMPANY = frozenset(
    {
        "we",
        "i",
        "you",
        "our",
        "your",
        "the",
        "this",
        "that",
        "it",
        "thank",
        "thanks",
        "hi",
        "hello",
        "dear",
        "unfortunately",
        "update",
        "application",
        "applications",
        "candidate",
        "interview",
        "re",
        "fwd",
        "fw",
        "aw",
        "wg",
        "tr",
        "rv",
        "us",
        "a",
        "an",
        "sie",
        "ihre",
        "uns",
        "vous",
        "nous",
        "votre",
        "tu",
        "su",
        "nosotros",
        "position",
        "role",
        "job",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "linkedin",
        "indeed",
        "glassdoor",
        "zoom",
        "google meet",
        "teams",
        "microsoft teams",
        "calendly",
        "greenhouse",
        "lever",
        "workday",
        "icims",
        "smartrecruiters",
        "ashby",
        "workable",
        "jobvite",
        "taleo",
        "bamboohr",
        "teamtailor",
        "personio",
        "recruiting",
        "talent acquisition",
        "careers",
        "hr",
        "human resources",
        "people team",
        "hiring team",
        "recruitment",
        "team",
        "mr",
        "ms",
        "mrs",
        "dr",
        "no",
        "not",
        "next steps",
    }
)

_DISPLAY_ORG = re.compile(
    rf"^(?:(?:the\s+)?(?P<a>{_NAME})\s+(?:via|through|über|par)\s+\w+|"
    rf"(?P<b>{_NAME})\s*[-–|:@,]?\s*(?:recruiting|recruitment|talent(?:\s+acquisition)?|careers?|jobs|"
    r"hiring(?:\s+team)?|hr|people(?:\s+team)?|human resources|notifications?|no-?reply|karriere|"
    r"personalabteilung|recrutement|rh|rrhh|empleo|team|talent team|recruiting team)|"
    rf"[\w .'-]+\s+(?:from|at|@|bei|chez|de)\s+(?P<c>{_NAME})|"
    rf"[\w .'-]+\s*[(|,–-]\s*(?P<d>{_NAME})\)?)\s*$",
    _F,
)

_SUBJECT_COMPANY = [
    re.compile(p, re.UNICODE)
    for p in (
        rf"(?i:application|candidacy|interest|interview|applying|applied)\s+(?i:to|at|with)\s+(?P<c>{_NAME})",
        rf"(?i:thank you|thanks|update|news|message|greetings|a note)\s+(?i:from)\s+(?P<c>{_NAME})",
        rf"\b(?i:at|bei|chez|en)\s+(?P<c>{_NAME})\s*$",
        rf"^(?i:re:\s*|fwd:\s*|aw:\s*)?(?P<c>{_NAME})\s*[:|–-]\s",
        rf"(?i:bewerbung|candidature|candidatura)\s+(?i:bei|chez|en|à|a)\s+(?P<c>{_NAME})",
        rf"(?i:offer|offer letter)\s+(?i:from)\s+(?P<c>{_NAME})",
    )
]

_TEXT_COMPANY = [
    re.compile(p, re.UNICODE)
    for p in (
        rf"(?i:interest in|interested in)\s+(?i:joining\s+|working (?:at|for|with)\s+|a (?:role|position|career) (?:at|with)\s+)?(?P<c>{_NAME})",
        rf"(?i:apply|applying|applied|application|candidacy)\s+(?i:to|at|with|for a role at|for a position at)\s+(?P<c>{_NAME})",
        rf"(?i:position|role|opening|vacancy|job|team|opportunity|opportunities|career|careers)\s+(?i:here\s+)?(?i:at|with)\s+(?P<c>{_NAME})",
        rf"(?i:here at|everyone at|all of us at|we at|us at|join|joining|on behalf of)\s+(?P<c>{_NAME})",
        rf"(?i:the)\s+(?P<c>{_NAME})\s+(?i:recruiting|recruitment|talent|hiring|people|careers|hr)\s+(?i:team)",
        rf"(?P<c>{_NAME})\s+(?i:recruiting|recruitment|talent acquisition|hiring|people|careers|hr)\s+(?i:team)",
        rf"(?i:bei der|bei|für die|für)\s+(?P<c>{_NAME})\s+(?i:beworben|bewerbung|interesse|entschieden|gmbh|ag|se)",
        rf"(?i:interesse an)\s+(?i:der\s+|einer\s+)?(?:\w+\s+)?(?i:bei)\s+(?P<c>{_NAME})",
        rf"(?i:chez|rejoindre|au sein de)\s+(?P<c>{_NAME})",
        rf"(?i:trabajar en|unirte a|formar parte de|interés en)\s+(?P<c>{_NAME})",
        rf"(?i:l'équipe|el equipo de|das team von|das team der)\s+(?P<c>{_NAME})",
        rf"(?i:equipo de (?:selección|talento|reclutamiento|rrhh|recursos humanos) de)\s+(?P<c>{_NAME})",
        rf"(?i:équipe (?:recrutement|rh|des ressources humaines|talent) (?:de|d'|chez))\s*(?P<c>{_NAME})",
    )
]

_ROLE_WORD = r"[A-ZÀ-ÖØ-Þ][\w+#./’'-]*|[A-Z0-9]{2,}|\d+[A-Za-z]*|&|/|-|–"
_ROLE_JOIN = r"(?:of|and|for|in|de|des|du|la|le|y|en|und|für|the|to|at|–|-|&|/)"
_ROLE_TOKENS = rf"(?:{_ROLE_WORD})(?:\s+(?:{_ROLE_WORD}|{_ROLE_JOIN}(?=\s+[A-ZÀ-ÖØ-Þ0-9(&/-]))){{0,9}}(?:\s*\([^()\n]{{1,40}}\))?"

_ROLE_PATTERNS = [
    re.compile(p, re.UNICODE)
    for p in (
        rf"(?i:for|for the|for our|as|as a|as an|as our|the|of|our|this|your)\s+(?P<r>{_ROLE_TOKENS})\s+(?i:position|role|opening|vacancy|job|opportunity|post|req|requisition)\b",
        rf"(?i:position|role|job|post|opening|vacancy)\s+(?i:of|as|as a|as an|titled|called)\s+(?P<r>{_ROLE_TOKENS})",
        rf"(?i:position|role|opening|vacancy)\s*[:–-]\s*(?P<r>{_ROLE_TOKENS})",
        rf"(?i:application|applying|applied|candidacy|interest)\s+(?i:for|to)\s+(?i:the\s+|our\s+|a\s+|an\s+)?(?P<r>{_ROLE_TOKENS})\s+(?i:role|position|opening|at|with|here|\(|req)",
        rf"(?i:application|applying|applied|candidacy|interest)\s+(?i:for|to)\s+(?i:the\s+|our\s+|a\s+|an\s+)?(?P<r>{_ROLE_TOKENS})\s*(?:[.,;!]|$)",
        rf"(?i:hiring|looking for|recruiting|searching for|seeking)\s+(?i:a|an)\s+(?P<r>{_ROLE_TOKENS})\s+(?i:to|for|at|in|who|with|on|,|\.)",
        rf"(?i:Stelle|Position|Rolle)\s+(?i:als|zum|zur)\s+(?P<r>{_ROLE_TOKENS})",
        rf"(?i:Bewerbung)\s+(?i:als|auf die Stelle als|auf die Position)\s+(?P<r>{_ROLE_TOKENS})",
        rf"(?i:poste de|poste d'|poste d’|poste :|poste|candidature au poste de|candidature pour le poste de)\s*(?P<r>{_ROLE_TOKENS})",
        rf"(?i:puesto de|posición de|vacante de|puesto:|vacante:)\s*(?P<r>{_ROLE_TOKENS})",
    )
]

_SUBJECT_ROLE = [
    re.compile(p, re.UNICODE)
    for p in (
        rf"(?i:application|applying|applied|candidature|candidatura|bewerbung|solicitud)\s*(?i:for|to|as|als|pour|para|:|–|-)\s*(?i:the\s+)?(?P<r>{_ROLE_TOKENS})\s+(?i:at|with|bei|chez|en|@|–|-|\|)\s",
        rf"(?i:application|applying|applied|candidature|candidatura|bewerbung|solicitud)\s*(?i:for|as|als|pour|para|:|–|-)\s*(?i:the\s+)?(?P<r>{_ROLE_TOKENS})\s*$",
        rf"^(?i:re:\s*|fwd:\s*)?(?P<r>{_ROLE_TOKENS})\s+(?i:at|@|bei|chez|en)\s+{_NAME}\s*$",
        rf"(?i:interview|entretien|entrevista|gespräch)\s*(?i:for|:|–|-|pour|para|für)\s*(?i:the\s+)?(?P<r>{_ROLE_TOKENS})\s*(?:(?i:at|with|–|-|\||bei|chez)\s|$)",
        rf"(?i:position|role|opening|poste|puesto|stelle)\s*[:–-]\s*(?P<r>{_ROLE_TOKENS})",
    )
]

_ROLE_BAD_START = frozenset(
    {
        "we",
        "i",
        "you",
        "our",
        "your",
        "this",
        "that",
        "it",
        "thank",
        "thanks",
        "unfortunately",
        "dear",
        "hi",
        "hello",
        "update",
        "application",
        "re",
        "fwd",
        "the",
        "a",
        "an",
        "next",
        "one",
        "other",
        "same",
        "open",
        "new",
        "any",
        "all",
        "its",
        "their",
        "my",
        "status",
        "interview",
        "offer",
        "position",
        "role",
    }
)
_ROLE_BAD_END = re.compile(
    r"\s+(?:at|with|to|for|in|and|of|the|de|y|und|en|la|le|&|/|-|–)$|[\s,.;:]+$", re.IGNORECASE
)
_ROLE_STRIP_LEAD = re.compile(r"^(?:the|a|an|our|your|this|le|la|el|die|der|den)\s+", re.IGNORECASE)

_CLOSING = re.compile(
    r"^\s*(?:best|best regards|kind regards|warm regards|warmest regards|regards|many thanks|thanks|"
    r"thank you|thanks again|cheers|sincerely|yours sincerely|yours truly|all the best|warmly|"
    r"with best wishes|best wishes|talk soon|take care|respectfully|speak soon|"
    r"mit freundlichen grüßen|freundliche grüße|viele grüße|beste grüße|liebe grüße|herzliche grüße|"
    r"cordialement|bien cordialement|bien à vous|belle journée|salutations|"
    r"saludos|un saludo|atentamente|un abrazo|saludos cordiales|muchas gracias)"
    r"[\s,.!–-]*$",
    re.IGNORECASE,
)
_PERSON_TOKEN = re.compile(
    r"^[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’]+(?:-[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’]+)?\.?$|^[A-Z]\.$"
)
_NAME_PARTICLE = frozenset({"de", "van", "von", "der", "da", "del", "la", "le", "di", "du", "y"})

# Words that make a "name" a team, a system or a role instead of a person.
_NOT_PERSON = frozenset(
    {
        "team",
        "recruiting",
        "recruitment",
        "recruiter",
        "talent",
        "acquisition",
        "hr",
        "careers",
        "career",
        "jobs",
        "job",
        "hiring",
        "people",
        "human",
        "resources",
        "noreply",
        "no-reply",
        "reply",
        "notifications",
        "notification",
        "support",
        "service",
        "services",
        "admin",
        "system",
        "equipo",
        "équipe",
        "personal",
        "personalabteilung",
        "recrutement",
        "reclutamiento",
        "selección",
        "rrhh",
        "karriere",
        "office",
        "operations",
        "partner",
        "manager",
        "director",
        "lead",
        "head",
        "engineer",
        "engineering",
        "senior",
        "the",
        "your",
        "our",
        "via",
        "from",
        "at",
        "inc",
        "ltd",
        "gmbh",
        "llc",
        "ag",
        "sa",
        "sas",
        "sl",
        "corp",
        "company",
        "group",
        "labs",
        "thanks",
        "thank",
        "best",
        "regards",
        "sent",
        "linkedin",
        "greenhouse",
        "lever",
        "workday",
        "icims",
        "smartrecruiters",
        "ashby",
        "workable",
        "jobvite",
        "taleo",
        "bamboohr",
        "teamtailor",
        "personio",
        "desk",
        "info",
        "news",
        "newsletter",
        "alerts",
        "digest",
        "candidate",
        "experience",
        "coordinator",
        "specialist",
        "sourcer",
        "associate",
        "university",
        "campus",
        "global",
    }
)
_MY_NAME = re.compile(
    r"(?:my name is|i'?m|i am|this is|ich bin|mein name ist|je suis|je m'appelle|me llamo|soy)\s+"
    r"(?P<n>[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’-]+(?:\s+[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’-]+){0,2})"
    r"(?=\s*,|\s+(?:and|from|at|a|an|the|with|bei|von|de|chez|y|en|und)\b)",
    re.UNICODE,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-ÖØ-Þ\"“])|\n\s*\n")
_LEGAL_SUFFIX = re.compile(
    r"[,\s]+(?:inc\.?|ltd\.?|llc|gmbh|ag|se|s\.?a\.?s?\.?|s\.?l\.?|plc|corp\.?|co\.)\s*$",
    re.IGNORECASE,
)


def _clean_company(raw: str) -> str | None:
    """Trim a captured company name to its proper words; None if nothing is left."""
    words = raw.strip(" .,;:!?'\"()").split()
    while words and words[-1].lower().strip(".,") in _COMPANY_STOP:
        words.pop()
    while words and words[0].lower() in {"the", "die", "der", "la", "le", "el", "l'"}:
        words.pop(0)
    if not words:
        return None
    name = " ".join(words).strip(" .,;:!?'\"()")
    name = _LEGAL_SUFFIX.sub("", name)
    low = name.lower()
    if not name or low in _NOT_COMPANY or len(name) < 2 or len(name) > 50:
        return None
    if words[0].lower() in {"we", "i", "you", "our", "your", "thank", "thanks", "unfortunately"}:
        return None
    return name


def _known(text: str, known: Sequence[str]) -> str | None:
    """The longest known company named in the text (word boundaries, any case)."""
    best: str | None = None
    low = text.lower()
    for name in known:
        n = name.strip()
        if not n or len(n) < 2:
            continue
        i = low.find(n.lower())
        while i >= 0:
            before = low[i - 1] if i > 0 else " "
            end = i + len(n)
            after = low[end] if end < len(low) else " "
            if not before.isalnum() and not after.isalnum():
                if best is None or len(n) > len(best):
                    best = n
                break
            i = low.find(n.lower(), i + 1)
    return best


def display_company(from_name: str) -> str | None:
    """The company in a sender display name like 'Acme Recruiting' or 'Jane at Acme'."""
    if not from_name:
        return None
    m = _DISPLAY_ORG.match(from_name.strip().strip('"'))
    if not m:
        return None
    for g in ("a", "b", "c", "d"):
        val = m.group(g)
        if val:
            return _clean_company(val)
    return None


def extract_company(
    msg: ParsedMessage, text: str, known: Sequence[str], signature: str
) -> tuple[str | None, str | None]:
    """The company behind the message and where it was found."""
    if known:
        hay = f"{msg.from_name}\n{msg.subject}\n{text}"
        hit = _known(hay, known)
        if hit:
            return hit, f'names the known company "{hit}"'
    org = display_company(msg.from_name)
    ats = ats_name(msg.sender_domain)
    if org and (ats is None or org.lower() != ats.lower()):
        return org, f'sender "{msg.from_name}"'
    for pat in _SUBJECT_COMPANY:
        m = pat.search(msg.subject)
        if m:
            c = _clean_company(m.group("c"))
            if c and (ats is None or c.lower() != ats.lower()):
                return c, "subject"
    head = text[:3000]
    for pat in _TEXT_COMPANY:
        for m in pat.finditer(head):
            c = _clean_company(m.group("c"))
            if c and (ats is None or c.lower() != ats.lower()):
                return c, "text"
    if signature:
        for line in signature.splitlines()[1:5]:
            line = line.strip()
            m = re.match(rf"^(?:.*?\s[|,–-]\s|.*?\s(?:at|@)\s)(?P<c>{_NAME})\s*$", line)
            if m:
                c = _clean_company(m.group("c"))
                if c:
                    return c, "signature"
    from_addr_company = company_from_address(msg.from_addr)
    if from_addr_company and (ats is None or from_addr_company.lower() != ats.lower()):
        return from_addr_company, f"address {msg.from_addr}"
    return None, None


def _clean_role(raw: str) -> str | None:
    role = raw.strip()
    for _ in range(3):
        role = _ROLE_BAD_END.sub("", role)
    role = _ROLE_STRIP_LEAD.sub("", role).strip(" \"'“”‘’")
    if not role or len(role) < 2 or len(role) > 80:
        return None
    first = role.split()[0].lower().strip(",.")
    if first in _ROLE_BAD_START:
        return None
    if not any(ch.isalpha() for ch in role):
        return None
    return role


def extract_role(msg: ParsedMessage, text: str, company: str | None) -> str | None:
    """The position title as written in the subject or text, or None."""
    subject = msg.subject
    for pat in _SUBJECT_ROLE:
        m = pat.search(subject)
        if m:
            r = _clean_role(m.group("r"))
            if r and (company is None or r.lower() != company.lower()):
                return r
    for pat in _ROLE_PATTERNS:
        for m in pat.finditer(text[:3000]):
            r = _clean_role(m.group("r"))
            if r and (company is None or r.lower() != company.lower()):
                return r
    return None


def person_name(name: str) -> str | None:
    """`name` if it looks like a person's name, else None."""
    name = name.strip().strip('"').strip()
    name = re.sub(r"\s*[(|,–-].*$", "", name).strip()
    if not name or "@" in name:
        return None
    tokens = name.split()
    if not 1 <= len(tokens) <= 4:
        return None
    for tok in tokens:
        low = tok.lower().strip(".")
        if low in _NOT_PERSON:
            return None
        if low in _NAME_PARTICLE:
            continue
        if not _PERSON_TOKEN.match(tok):
            return None
    return name


def split_signature(text: str) -> tuple[str, str]:
    """Split the text at its last closing line ('Best,', 'Cordialement'): (body, signature)."""
    lines = text.rstrip().splitlines()
    start = max(0, len(lines) - 14)
    for i in range(len(lines) - 1, start - 1, -1):
        if _CLOSING.match(lines[i]):
            return "\n".join(lines[:i]), "\n".join(lines[i:])
    return text, ""


def extract_contact(msg: ParsedMessage, text: str, signature: str) -> str | None:
    """The person who wrote (signature, display name, 'my name is'); never a team."""
    sig_name: str | None = None
    if signature:
        for line in signature.splitlines()[1:3]:
            line = line.strip()
            if not line:
                continue
            sig_name = person_name(line)
            break
    display = person_name(msg.from_name)
    if sig_name and display:
        # 'Jane' in the signature, 'Jane Smith' as the sender: the fuller one.
        if display.lower().startswith(sig_name.lower()):
            return display
        return sig_name
    if sig_name:
        return sig_name
    if display and len(display.split()) >= 2:
        return display
    m = _MY_NAME.search(text[:1500])
    if m:
        n = person_name(m.group("n"))
        if n:
            return n
    return display


def extract_feedback(body: str) -> str | None:
    """The sentences of a rejection that give feedback, joined; None if there are none."""
    found: list[str] = []
    for sentence in _SENTENCE.split(body):
        s = " ".join(sentence.split())
        if not s or len(s) > 500:
            continue
        if FEEDBACK_HINT.search(s) and not NO_FEEDBACK.search(s):
            low = s.lower()
            if low.startswith(
                ("if you", "should you", "feel free", "please", "we'd love your feedback")
            ):
                continue
            found.append(s)
    return " ".join(found) if found else None

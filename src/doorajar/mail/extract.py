"""Extraction: company, role, contact person and feedback from one message.

Pure. Each extractor returns a value with the short reason it was found, or None:
nothing is ever invented. Company evidence, strongest first: a known company named
in the message, the sender's display name, the subject, the body, the signature,
the address (for ATS senders the subdomain or local part, never the ATS itself).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from doorajar.mail.ats import ATS_WORDS, ats_name, ats_tenant, company_from_address, tidy_label
from doorajar.mail.message import ParsedMessage
from doorajar.mail.rules import FEEDBACK_HINT, NO_FEEDBACK, may_match, triggers_of

_F = re.IGNORECASE | re.UNICODE

# A capitalised name: "Northwind Logistics", "Blue & Gray", "O'Neil Labs", "data.ai", "3M".
_CAP = r"(?:[A-ZÀ-ÖØ-Þ0-9][\w&'’+-]*(?:\.[A-Za-z]\w*)*)"
_CONN = r"(?:[ \t]+(?:&|and|und|et|y|of|de|du|des|la|le|für|for)[ \t]+|[ \t]+|-)"
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
        "graduate",
        "graduates",
        "talento",
        "selección",
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
# Words that never end a company name, even one given whole ('Jane at Acme Talent').
_NOT_COMPANY_END = frozenset(
    {"and", "und", "et", "y", "for", "für", "of", "de", "the", "via", "at"}
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
        "google calendar",
        "google",
        "outlook",
        "microsoft",
        "wellfound",
        "handshake",
        "stepstone",
        "xing",
        "ziprecruiter",
        "monster",
        "infojobs",
        "welcome to the jungle",
        "hackerrank",
        "codility",
        "codesignal",
        "hirevue",
        "recruiting",
        "talent acquisition",
        "university relations",
        "early careers",
        "campus recruiting",
        "global",
        "corporate",
        "interns",
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
    | ATS_WORDS
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
        rf"\b(?i:at|bei|chez|en)\s+(?P<c>{_NAME})\s*$",
        rf"(?i:application|candidacy|interest|interview|applying|applied)\s+(?i:to|at|with)\s+(?P<c>{_NAME})",
        rf"(?i:thank you|thanks|update|news|message|greetings|a note)\s+(?i:from)\s+(?P<c>{_NAME})",
        rf"(?i:sent to)\s+(?P<c>{_NAME})\s*$",
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
        rf"(?m)^[^\n.]{{0,30}}\b(?i:recruiter|lead|manager|director|founder|partner|engineer|head of \w+)\s+(?i:at|@)\s+(?P<c>{_NAME})[ \t]*$",
        rf"(?i:the)\s+(?P<c>{_NAME})\s+(?i:recruiting|recruitment|talent|hiring|people|careers|hr)\s+(?i:team)",
        rf"(?P<c>{_NAME})\s+(?i:recruiting|recruitment|talent acquisition|hiring|people|careers|hr)\s+(?i:team)",
        rf"(?i:bei der|bei)\s+(?P<c>{_NAME})\s+(?i:beworben|bewerbung|interesse|gmbh|ag|se)",
        rf"(?i:interesse an)\s+(?i:der\s+|einer\s+)?(?:\w+\s+)?(?i:bei)\s+(?P<c>{_NAME})",
        rf"(?i:chez|rejoindre|au sein de)\s+(?P<c>{_NAME})",
        rf"(?i:trabajar en|unirte a|formar parte de|interés en)\s+(?P<c>{_NAME})",
        rf"(?i:l'équipe|el equipo de|das team von|das team der)\s+(?P<c>{_NAME})",
        rf"(?i:equipo de (?:selección|talento|reclutamiento|rrhh|recursos humanos) de)\s+(?P<c>{_NAME})",
        rf"(?i:équipe (?:recrutement|rh|des ressources humaines|talent) (?:de|d'|chez))\s*(?P<c>{_NAME})",
    )
]

_ROLE_WORD = r"i[A-Z]\w*|[A-ZÀ-ÖØ-Þ][\w+#/’'-]*(?:\.[A-Za-z]\w*)*|[A-Z0-9]{2,}|\d+[A-Za-z]*|&|/|-|–"
_ROLE_JOIN = r"(?:of|and|for|in|de|des|du|la|le|y|en|und|für|the|–|-|&|/)"
_ROLE_TOKENS = (
    rf"(?:{_ROLE_WORD})(?:[ \t]+(?:{_ROLE_WORD}|{_ROLE_JOIN}(?=[ \t]+(?:[A-ZÀ-ÖØ-Þ0-9][\w+#]|[(&/-])))){{0,9}}"
    r"(?:[ \t]*\([^()\n\d#]{1,40}\))?"
)
# In a bounded place (before "role", or a whole subject part) a title may hold a comma:
# "Data Engineer, Applied ML role".
_ROLE_TOKENS_C = rf"{_ROLE_TOKENS}(?:,[ \t]+{_ROLE_TOKENS})?"
# Titles in French, Spanish and German are often in sentence case ("Chef de projet digital"):
# after "poste de" / "puesto de" / "als" read up to the end of the phrase.
_SENTENCE_ROLE = (
    r"[A-ZÀ-ÖØ-Þ][\w+#/’'()-]*(?:[ \t]+(?!(?:chez|en|à|au|et|dans|que|qui|pour|a|y|con|para|"
    r"bei|und|in|im|an|der|die|das|zu|ist|wurde|a été|ha|has|est|sont|nous|vous|wir|ihre|su|tu|"
    r"anbieten|anzubieten|einstellen|te|le)\b)"
    r"[\w+#/’'()-]+){0,5}"
)

_ROLE_PATTERNS = [
    re.compile(p, re.UNICODE)
    for p in (
        rf"(?i:for|for the|for our|as|as a|as an|as our|the|of|our|this|your|a|an)[ \t]+(?P<r>{_ROLE_TOKENS_C})[ \t]+(?i:position|role|opening|vacancy|job|opportunity|post|req|requisition|seat)\b",
        rf"(?i:position|role|job|post|opening|vacancy)[ \t]+(?i:of|as|as a|as an|titled|called)[ \t]+(?P<r>{_ROLE_TOKENS})",
        rf"(?i:position|role|opening|vacancy)[ \t]*[:–-][ \t]*(?P<r>{_ROLE_TOKENS})",
        rf"(?i:application|applying|applied|candidacy|interest|interview|offer)[ \t]+(?i:for)[ \t]+(?i:the[ \t]+|our[ \t]+|a[ \t]+|an[ \t]+)?(?P<r>{_ROLE_TOKENS})",
        rf"(?i:hiring|looking for|recruiting|searching for|seeking|need|needs)[ \t]+(?i:a|an|our first|our next|a new)[ \t]+(?P<r>{_ROLE_TOKENS})",
        rf"(?i:for|as)[ \t]+(?i:the[ \t]+|a[ \t]+|an[ \t]+|our[ \t]+)?(?P<r>{_ROLE_TOKENS})[ \t]+(?i:at|with|here at)[ \t]+[A-ZÀ-ÖØ-Þ]",
        rf"(?i:interviewed|interviewing|considering you|consider you|consideration)[ \t]+(?i:for)[ \t]+(?i:the[ \t]+|our[ \t]+|a[ \t]+|an[ \t]+)?(?P<r>{_ROLE_TOKENS})",
        rf"(?i:the position|the role|the vacancy|the opening|le poste|au poste|el puesto|la vacante|la posición|die Stelle)[ \t]+(?P<r>{_ROLE_TOKENS})",
        rf"(?i:joining us as|join us as|to be our next|be our next|as our next|as our new)[ \t]+(?i:a[ \t]+|an[ \t]+)?(?P<r>{_ROLE_TOKENS})",
        rf"(?i:Stelle|Position|Rolle|Bewerbung)[ \t]+(?i:als|zum|zur|auf die Stelle als)[ \t]+(?P<r>{_SENTENCE_ROLE})",
        rf"(?i:die Stelle als|dir die Stelle als|ihnen die Stelle als)[ \t]+(?P<r>{_SENTENCE_ROLE})",
        rf"(?i:als)[ \t]+(?P<r>{_SENTENCE_ROLE})[ \t]+(?i:beworben|bewirbst|bewerben|beworben hast|beworben haben)",
        rf"(?i:poste de|poste d'|poste d’|candidature au poste de|pour le poste de)[ \t]*(?P<r>{_SENTENCE_ROLE})",
        rf"(?i:puesto de|posición de|vacante de|plaza de)[ \t]*(?P<r>{_SENTENCE_ROLE})",
        rf"(?i:position|stelle|poste|puesto)[ \t]*:[ \t]*(?P<r>{_SENTENCE_ROLE})",
        rf"(?i:suchen|suche|sucht)[^.\n]{{0,60}}(?i:eine\(n\)|einen|eine|ein)[ \t]+(?P<r>{_SENTENCE_ROLE})",
        rf"(?i:recherche|cherche|recrute)[ \t]+(?i:un\(e\)|une|un)[ \t]+(?P<r>{_SENTENCE_ROLE})",
        rf"(?i:busca|buscamos|buscando|selecciona)[ \t]+(?i:un\(a\)|una|un)[ \t]+(?P<r>{_SENTENCE_ROLE})",
    )
]
# Patterns whose anchor says a title follows ("position of", "poste de", "Stelle als"):
# what they read is a title even without a familiar job word ("Agente de Reservas").
_ANCHORED = frozenset({1, 2, 9, 10, 11, 12, 13, 14})
_ROLE_PATTERNS_KEYED = [(p, triggers_of(p), i in _ANCHORED) for i, p in enumerate(_ROLE_PATTERNS)]
_ROLE_WORD_END = re.compile(r"\s+(?:role|position|opening|vacancy|job)$", re.IGNORECASE)
_SUBJECT_PREFIX = re.compile(r"^(?:(?:re|fwd?|aw|wg|tr|rv)\s*:\s*)+", re.IGNORECASE)
_SUBJECT_SPLIT = re.compile(r"\s+[-–|/@]\s+|:\s+")
_SUBJECT_ROLE = [
    re.compile(p, re.UNICODE)
    for p in (
        rf"(?i:application|applying|applied|candidature|candidatura|bewerbung|solicitud|interview|offer)[ \t]*(?i:for|as|als|pour|para|für)[ \t]+(?i:the[ \t]+)?(?P<r>{_ROLE_TOKENS})",
        rf"(?i:candidature|candidatura)[ \t]*(?i:au poste de|al puesto de)[ \t]+(?P<r>{_SENTENCE_ROLE})",
        rf"(?i:el puesto de|le poste de|la vacante de|die Stelle als)[ \t]+(?P<r>{_SENTENCE_ROLE})",
        rf"^(?P<r>{_ROLE_TOKENS})[ \t]+(?i:at|@|bei|chez|en)[ \t]+{_NAME}\s*$",
        rf"(?i:application|applying|applied)[ \t]+(?i:to)[ \t]+(?P<r>{_ROLE_TOKENS})[ \t]+(?i:at|@)[ \t]+{_NAME}\s*$",
    )
]
# A title names a job: it contains one of these words (or their stems).
JOB_NOUN = re.compile(
    r"engineer(?!ing)|developer|manager|analyst|designer|scientist|writer|architect|specialist|associate|"
    r"lead\b|head\b|director|coordinator|representative|executive|researcher|strategist|intern|"
    r"consultant|recruiter|officer|administrator|accountant|assistant|editor|marketer|owner|"
    r"advocate|technician|operator|partner|principal|programmer|sre\b|devops|qa\b|ux\b|"
    r"entwickler|leiter|werkstudent|referent|berater|sachbearbeiter|produktmanager|"
    r"chef|développeu|responsable|chargé|ingénieur|directeur|directrice|stagiaire|"
    r"desarrollador|analista|jefe|jefa|diseñador|técnico|técnica|ingeniero|ingeniera|scientist|"
    r"producer|receptionist|supervisor|planner|controller|merchandiser|coder|artist|agent|agente|"
    r"practitioner|nurse|teacher|chef\b|cook|clerk|buyer|auditor|economist|"
    r"angestellte|fachkraft|kauffrau|kaufmann|disponent|conducteur|comptable|vendeu|"
    r"contable|dependiente|camarer|programme",
    re.IGNORECASE,
)

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
        "ihre",
        "deine",
        "unsere",
        "votre",
        "tu",
        "su",
        "absage",
        "confirmed",
        "quick",
        "following",
    }
)
_ROLE_BAD_END = re.compile(
    r"\s+(?:at|with|to|for|in|and|of|the|de|y|und|en|la|le|&|/|-|–)$|[\s,.;:]+$", re.IGNORECASE
)
_ROLE_STRIP_LEAD = re.compile(
    r"^(?:(?:the|a|an|our|your|this|le|la|el|die|der|den|confidential|exciting|urgent|new|"
    r"exclusive|permanent)\s+)+",
    re.IGNORECASE,
)

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
    r"^(?:[A-ZÀ-ÖØ-Þ]['’]|Mc|Mac)?[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’]+(?:-[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’]+)?\.?$|^[A-Z]\.$"
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
        "talento",
        "empleo",
        "graduate",
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
        "relations",
        "alumni",
        # Words of company names: "Tidewater Analytics" signs a message, but is no person.
        "analytics",
        "games",
        "health",
        "media",
        "studio",
        "studios",
        "bank",
        "capital",
        "systems",
        "software",
        "solutions",
        "technologies",
        "technology",
        "tech",
        "foods",
        "energy",
        "logistics",
        "robotics",
        "security",
        "insurance",
        "industries",
        "partners",
        "consulting",
        "digital",
        "data",
        "retail",
        "hospitality",
        "medical",
        "pharma",
        "bio",
        "ventures",
        "holdings",
        "agency",
        "network",
        "foundation",
        "institute",
        "college",
        "school",
        "hospital",
        "clinic",
        "dental",
        "architects",
        "roasters",
        "coffee",
        "nurseries",
        "power",
        "finance",
        "financial",
        "cosmétiques",
        "groupe",
        "grupo",
        "stadtwerke",
        "maison",
    }
    | ATS_WORDS
)
_MY_NAME = re.compile(
    r"(?:my name is|i'?m|i am|this is|ich bin|mein name ist|je suis|je m'appelle|me llamo|soy)\s+"
    r"(?P<n>[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’-]+(?:\s+[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’-]+){0,2})"
    r"(?=\s*,|\s+(?:and|from|at|a|an|the|with|bei|von|de|chez|y|en|und)\b)",
    re.UNICODE,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-ÖØ-Þ\"“])|\n\s*\n")
_LEGAL_SUFFIX = re.compile(
    r"[,\s]+(?:inc\.?|ltd\.?|llc|gmbh|ag|se|s\.?a\.?s?\.?|s\.?l\.?|plc|corp\.?|co\.|b\.v\.?|n\.v\.?|"
    r"limited|pty|sarl|srl|s\.?r\.?l\.?|oy|ab)\s*$",
    re.IGNORECASE,
)


def _clean_company(raw: str, strip_team: bool = True) -> str | None:
    """Trim a captured company name to its proper words; None if nothing is left."""
    words = raw.strip(" .,;:!?'\"()").split()
    while (
        words
        and words[-1].lower().strip(".,") in _COMPANY_STOP
        and (strip_team or words[-1].lower().strip(".,") in _NOT_COMPANY_END)
    ):
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


_DISPLAY_SUFFIX = re.compile(
    r"[\s,|:–-]*(?:the\s+)?(?:recruiting|recruitment|talent(?:\s+acquisition)?|careers?|jobs|"
    r"hiring(?:\s+team)?|hr|people(?:\s+team)?|human resources|notifications?|no-?reply|karriere|"
    r"personalabteilung|recrutement|rh|rrhh|empleo|team|talent team|recruiting team|jobs team|"
    r"graduate recruitment|graduates|early careers|talento|selección|reclutamiento)+\s*$",
    re.IGNORECASE,
)
_DISPLAY_PERSON_AT = re.compile(
    r"^(?P<p>[^()|@,]+?)\s+(?:from|at|@|bei|chez|de|von|\||,|–|-)\s+(?P<o>.+)$|^(?P<p2>[^()]+?)\s*\((?P<o2>[^()]+)\)$"
)


_LAST_FIRST = re.compile(
    r"^(?P<last>[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’-]+),\s*(?P<first>[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’-]+)$", re.UNICODE
)


_VIA = re.compile(r"^(?P<p>.+?)\s+(?:via|through|über|par)\s+[\w.]+$", re.IGNORECASE)


def _split_display(from_name: str) -> tuple[str, str | None]:
    """'Jane Doe (Acme)' / 'Jane at Acme' -> ('Jane Doe', 'Acme'); otherwise (name, None)."""
    name = from_name.strip().strip('"').strip()
    via = _VIA.match(name)
    if via:
        name = via.group("p").strip()
    flipped = _LAST_FIRST.match(name)
    if flipped:  # Outlook's "Whitfield, Karen"
        return f"{flipped.group('first')} {flipped.group('last')}", None
    m = _DISPLAY_PERSON_AT.match(name)
    if m:
        if m.group("p"):
            return m.group("p").strip(), m.group("o").strip()
        return m.group("p2").strip(), m.group("o2").strip()
    return name, None


def display_company(from_name: str, automated: bool) -> str | None:
    """The company in a sender display name: 'Acme Recruiting', 'Jane at Acme', or, for an
    automated sender, the whole name ('Acme')."""
    if not from_name or _LAST_FIRST.match(from_name.strip().strip('"').strip()):
        return None
    via = _VIA.match(from_name.strip().strip('"'))
    if via and person_name(via.group("p")):
        return None  # "Hugo Marsh via LinkedIn": a person writing through a site
    _who, org = _split_display(from_name)
    if org:
        found = _clean_company(org, strip_team=False)
        if found:
            return found
    m = _DISPLAY_ORG.match(from_name.strip().strip('"'))
    if m:
        for g in ("a", "b", "c", "d"):
            val = m.group(g)
            if val:
                found = _clean_company(val)
                if found:
                    return found
    if automated:
        name = _DISPLAY_SUFFIX.sub("", from_name.strip().strip('"'))
        return _clean_company(name) if name else None
    return None


_NGRAM = re.compile(rf"{_NAME}", re.UNICODE)


def _slug(value: str) -> str:
    plain = unicodedata.normalize("NFKD", value.lower())
    return "".join(ch for ch in plain if ch.isalnum() and ch.isascii())


# Words that may follow a domain's name in the company's full name ('Lattice Energy')
# are capitalised words that are neither a team nor a job.
_TEAM_WORDS = frozenset(
    {
        "team",
        "recruiting",
        "careers",
        "career",
        "jobs",
        "hiring",
        "hr",
        "people",
        "the",
        "at",
        "personal",
        "personalabteilung",
        "recrutement",
        "rrhh",
        "talent-team",
        "talento",
        "graduate",
        "talent",
        "early",
        "campus",
        "university",
        "professional",
        "engineering",
        "recruitment",
    }
)


def _as_written(label: str, *texts: str) -> str | None:
    """The capitalised words in the texts whose letters spell a domain label
    ('northwindlogistics' -> 'Northwind Logistics'), with up to two more words of the
    same name ('lattice' -> 'Lattice Energy')."""
    if len(label) < 3:
        return None
    for text in texts:
        for m in _NGRAM.finditer(text):
            words = m.group(0).split()
            for a in range(len(words)):
                acc = ""
                for b in range(a, len(words)):
                    acc += _slug(words[b])
                    # 'hartrecruit' spells the start of 'Hart Recruitment': close enough.
                    if acc == label or (len(label) >= 6 and acc.startswith(label)):
                        end = b + 1
                        while (
                            end < len(words)
                            and end - b <= 2
                            and not _TEAM_WORDS.intersection(words[end].lower().split("-"))
                            and not JOB_NOUN.search(words[end])
                            and words[end].lower() not in _NOT_COMPANY
                        ):
                            end += 1
                        return " ".join(words[a:end])
                    if not label.startswith(acc):
                        break
    return None


_SIG_COMPANY = re.compile(rf"^(?:.*?\s?[|,–·-]\s|.*?\s(?:at|@)\s)(?P<c>{_NAME})\s*$")


def signs_message(from_name: str, text: str, signature: str) -> bool:
    """True if the sender's display name is a person's name that signs the message: the
    first line under the closing, or a line of its own among the last lines."""
    name = from_name.strip().strip('"').strip()
    if not name or person_name(name) is None:
        return False
    sig_lines = [ln.strip() for ln in signature.splitlines()[1:3]]
    if sig_lines[:1] == [name]:
        return True
    # A one-word line at the end is as often the company ("Acme") as a person.
    tail = [ln.strip() for ln in text.rstrip().splitlines()[-6:]]
    return len(name.split()) >= 2 and name in tail


_AGENCY_DOMAIN = re.compile(r"recruit|staffing|headhunt|search|talent|people|personnel", re.I)
_CLIENT = [
    re.compile(p, re.UNICODE)
    for p in (
        rf"(?i:feedback|news|word|heard back|an update|a response|a call)\s+(?i:from)\s+(?P<c>{_NAME})",
        rf"(?P<c>{_NAME})\s+(?i:want|wants|would like|are keen|is keen)\s+(?i:to)\s+"
        r"(?i:meet|offer|invite|see|speak|move)",
        rf"(?P<c>{_NAME})\s+(?i:have|has)\s+(?i:decided|come back|offered|chosen)",
    )
]
_NOT_CLIENT = frozenset(
    {"they", "she", "he", "it", "we", "i", "you", "the client", "client", "both"}
)


def extract_company(
    msg: ParsedMessage,
    text: str,
    known: Sequence[str],
    signature: str,
    automated: bool,
) -> tuple[str | None, str | None]:
    """The company behind the message and where it was found: the best evidence, then
    the name as the message writes it in full ('Corvane' -> 'Corvane Software')."""
    company, where = _company(msg, text, known, signature, automated)
    if company is None or (where or "").startswith("names the known"):
        return company, where
    if _NOT_A_NAME.search(company):
        return None, None
    return _in_full(company, f"{msg.subject}\n{text[:4000]}\n{signature}"), where


# A signature line with an address or a register entry is not a company's name.
_NOT_A_NAME = re.compile(
    r"\d{3,}|\b(?:registergericht|amtsgericht|hrb|hra|ust|vat|siret|rcs|cif|nif|kvk|iva)\b",
    re.IGNORECASE,
)
_NAME_TAIL = re.compile(r"(?:[ \t]+(?:&[ \t]+)?[A-ZÀ-ÖØ-Þ][\w&'-]*){1,4}")
_TAIL_STOP = frozenset(
    {
        "team",
        "talent",
        "careers",
        "career",
        "recruiting",
        "recruitment",
        "hiring",
        "hr",
        "people",
        "jobs",
        "acquisition",
        "the",
        "and",
        "is",
        "we",
        "i",
        "for",
        "has",
        "have",
        "will",
        "privacy",
        "policy",
        "all",
        "rights",
        "reserved",
        "unsubscribe",
        "dear",
        "hi",
        "best",
        "kind",
        "regards",
        "thank",
        "thanks",
        "campus",
        "professional",
        "early",
        "engineering",
        "graduate",
        "university",
    }
)


def _in_full(name: str, text: str) -> str:
    """The longest way the text writes a name that starts with `name`, without team
    words or job titles after it."""
    best = name
    for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?=[ \t]+[A-ZÀ-ÖØ-Þ&])", text):
        tail = _NAME_TAIL.match(text, m.end())
        if not tail:
            continue
        words = tail.group(0).split()
        keep: list[str] = []
        for w in words:
            if (
                w.lower().strip(".,") in _TAIL_STOP
                or JOB_NOUN.search(w)
                or w.lower() in _NOT_COMPANY
            ):
                break
            keep.append(w)
        while keep and keep[-1] == "&":
            keep.pop()
        full = " ".join([name, *keep]).strip(" .,;:")
        if len(full) > len(best):
            best = full
    return best


def _company(
    msg: ParsedMessage,
    text: str,
    known: Sequence[str],
    signature: str,
    automated: bool,
) -> tuple[str | None, str | None]:
    """The company behind the message and where it was found, as first found."""
    if known:
        hay = f"{msg.from_name}\n{msg.subject}\n{text}"
        hit = _known(hay, known)
        if hit:
            return hit, f'names the known company "{hit}"'
    ats = ats_name(msg.sender_domain)

    def ok(c: str | None) -> bool:
        return bool(c) and (ats is None or c.lower() != ats.lower())  # type: ignore[union-attr]

    if _AGENCY_DOMAIN.search(msg.sender_domain):
        # A recruitment agency writes about its client: the client is the company.
        head = unwrap(text[:3000])
        for pat in _CLIENT:
            for client in pat.finditer(head):
                c = _clean_company(client.group("c"))
                if c and c.lower() not in _NOT_CLIENT and c.split()[0] not in msg.from_name:
                    return c, "text (a recruitment agency's client)"

    tenant = ats_tenant(f"{msg.from_addr}\n{text[:6000]}")
    if tenant:
        slug = _slug(tenant)
        written = _as_written(slug, msg.from_name, msg.subject, text[:3000], signature)
        written = _clean_company(written, strip_team=False) if written else None
        if ok(written):
            return written, f"the employer's page on an applicant tracking system ({tenant})"
    # An ATS often sends in a recruiter's name ("Jane Doe <no-reply@greenhouse.io>"): a
    # display name that signs the message is a person, not the company.
    signs = signs_message(msg.from_name, text, signature)
    org = display_company(msg.from_name, automated and not signs)
    if ok(org):
        return org, f'sender "{msg.from_name}"'
    guess = company_from_address(msg.from_addr)
    if guess:
        written = _as_written(_slug(guess), msg.from_name, signature, msg.subject, text[:3000])
        written = _clean_company(written, strip_team=False) if written else None
        if ok(written):
            return written, f"address {msg.from_addr}"
    for pat in _SUBJECT_COMPANY:
        m = pat.search(msg.subject)
        if m:
            c = _clean_company(m.group("c"))
            if ok(c):
                return c, "subject"
    head = unwrap(text[:3000])
    for pat in _TEXT_COMPANY:
        for m in pat.finditer(head):
            c = _clean_company(m.group("c"))
            if ok(c):
                return c, "text"
    if signature:
        for line in signature.splitlines()[1:5]:
            line = line.strip()
            m = _SIG_COMPANY.match(line)
            if m:
                c = _clean_company(m.group("c"))
                if ok(c) and not JOB_NOUN.search(c or ""):
                    return c, "signature"
    if tenant:
        tidy = tidy_label(tenant)
        if ok(tidy):
            return tidy, f"the employer's page on an applicant tracking system ({tenant})"
    if ok(guess):
        return guess, f"address {msg.from_addr}"
    return None, None


def unwrap(text: str) -> str:
    """Join lines that were hard-wrapped ("the\nGeospatial Data Engineer position"), but
    not short lines such as "Position: X" above "Location: Y"."""
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        if out and len(out[-1]) >= 50 and line.strip():
            out[-1] = f"{out[-1].rstrip()} {line.lstrip()}"
        else:
            out.append(line)
    return "\n".join(out)


def _clean_role(raw: str, company: str | None = None) -> str | None:
    role = raw.strip()
    if company and role.lower().startswith(company.lower() + " "):
        role = role[len(company) + 1 :]  # "Acme Graduate Programme" -> "Graduate Programme"
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


def _role_from_subject(subject: str, company: str | None) -> str | None:
    """A title standing alone in the subject: 'QA Engineer - decision', 'Acme | Data Analyst'."""
    subject = _SUBJECT_PREFIX.sub("", subject).strip()
    for pat in _SUBJECT_ROLE:
        m = pat.search(subject)
        if m:
            r = _clean_role(m.group("r"), company)
            if r and JOB_NOUN.search(r) and (company is None or r.lower() != company.lower()):
                return r
    for part in _SUBJECT_SPLIT.split(subject):
        bare = _ROLE_WORD_END.sub("", part.strip())
        if not bare or (company and bare.lower() == company.lower()):
            continue
        if re.fullmatch(_ROLE_TOKENS_C, bare):
            r = _clean_role(bare, company)
            if r and JOB_NOUN.search(r):
                return r
        elif re.fullmatch(_SENTENCE_ROLE, bare) and (bare != part.strip() or JOB_NOUN.match(bare)):
            # A title in sentence case: "Responsable e-commerce", "Sous chef position".
            r = _clean_role(bare, company)
            if r and JOB_NOUN.search(r):
                return r
    return None


def extract_role(
    msg: ParsedMessage, text: str, company: str | None, prefixes: set[str] | None = None
) -> str | None:
    """The position title as written in the subject or text, or None.

    `prefixes` (the word starts of the message) lets patterns that cannot match be skipped.
    """
    found = _role_from_subject(msg.subject, company)
    if found:
        return found
    head = unwrap(text[:2000])
    for pat, keys, anchored in _ROLE_PATTERNS_KEYED:
        if prefixes is not None and not may_match(keys, prefixes):
            continue
        for m in pat.finditer(head):
            r = _clean_role(m.group("r"), company)
            if (
                r
                and (company is None or r.lower() != company.lower())
                and (anchored or JOB_NOUN.search(r))
            ):
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


def extract_contact(
    msg: ParsedMessage, text: str, signature: str, automated: bool, company: str | None
) -> str | None:
    """The person who wrote (signature, display name, 'my name is'); never a team."""
    sig_name: str | None = None
    if signature:
        for line in signature.splitlines()[1:3]:
            line = line.strip()
            if not line:
                continue
            sig_name = person_name(line)
            break
    if sig_name and company and sig_name.lower() == company.lower():
        sig_name = None
    display: str | None = None
    if not automated or signs_message(msg.from_name, text, signature):
        who, _org = _split_display(msg.from_name)
        display = person_name(who)
        if display and company and display.lower() == company.lower():
            display = None
    if sig_name and display:
        # 'Jane' in the signature, 'Jane Smith' as the sender: the fuller one.
        if display.lower().startswith(sig_name.lower()):
            return display
        return sig_name
    if sig_name:
        return sig_name
    if display and (len(display.split()) >= 2 or display in text.rstrip().splitlines()[-6:]):
        return display
    m = _MY_NAME.search(text[:1500])
    if m:
        n = person_name(m.group("n"))
        if n:
            return n
    return None


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

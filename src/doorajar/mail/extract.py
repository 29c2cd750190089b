"""Extraction: company, role, contact person and feedback from one message.

Pure. Each extractor returns a value with the short reason it was found, or None:
nothing is ever invented. Company evidence, strongest first: a known company named
in the message, the sender's display name, the subject, the body, the signature,
the address (for ATS senders the subdomain or local part, never the ATS itself).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from itertools import chain
from typing import TypeGuard

from doorajar.mail.ats import (
    ATS_WORDS,
    ats_name,
    ats_tenant,
    company_from_address,
    is_freemail,
    is_job_board,
    is_platform,
    plain_domain,
    registered_label,
    tidy_label,
)
from doorajar.mail.message import ParsedMessage
from doorajar.mail.rules import FEEDBACK_HINT, NO_FEEDBACK, may_match, triggers_of

_F = re.IGNORECASE | re.UNICODE

# A capitalised name: "Northwind Logistics", "Blue & Gray", "O'Neil Labs", "data.ai", "3M".
_CAP = r"(?:[A-ZÀ-ÖØ-Þ0-9][\w&'’+-]*(?:\.[A-Za-z]\w*)*)"
_CONN = r"(?:[ \t]+(?:&|and|und|et|y|of|de|du|des|la|le|für|for)[ \t]+|[ \t]+|-)"
_NAME = rf"{_CAP}(?:{_CONN}{_CAP}){{0,4}}"
# Where a name that opens a pattern may start: not inside a word, so a run of letters is
# read from its first letter only, not tried again from each of them (linear, not
# quadratic, in the length of the run).
_WORD_START = r"(?<![\w&'’+-])"

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
        rf"{_WORD_START}(?P<c>{_NAME})\s+(?i:recruiting|recruitment|talent acquisition|hiring|people|careers|hr)\s+(?i:team)",
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
    r"anbieten|anzubieten|einstellen|te|le|leider|nicht|mit|einer|einem|wieder\w*|über|unser|"
    r"unsere|unseren)\b)"
    r"[\w+#/’'()-]+|(?<=-)[ \t]+(?:und|et|y|e)[ \t]+[\w+#/’'()-]+){0,7}"
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
        # weaker places, tried last; what they read must name a job
        rf"(?i:the|our|your)[ \t]+(?P<r>{_ROLE_TOKENS_C})[ \t]+(?i:search|scheme|programme|program|track|hire|hiring process|process|team)\b",
        rf"(?i:for|as|as a|as an)[ \t]+(?P<r>{_ROLE_TOKENS_C})(?=[ \t]*(?:[.,;:!?]|$|[ \t](?:is|was|to|on|at|with|and|has|have|role|position)\b))",
        rf"(?m)^[ \t]*(?P<r>{_ROLE_TOKENS_C})[ \t]*(?:[·|–-][^\n]{{0,40}})?$",
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
    r"contable|dependiente|camarer|programme|generalist|faculty|dispatcher|tester|animator|"
    r"scholar|postdoc|impiegat|gestor|gerente|conseill|analist|\bcra\b|\bcsm\b|\bsdr\b|tutor|"
    r"lecturer|professor|navigator|trainee|advis[eo]r|adviseur|worker|driver|mechanic|"
    r"electrician|pharmacist|therapist|paralegal|medewerker|beheerder|addett|responsabile|"
    r"ejecutiv|assistente|comprador|vendedor|coordinador|coordenador|consultor|estagi|"
    r"tirocin|stagista|praktikant|ingenieur|konstrukteur|planer|techniker|monteur|"
    r"mitarbeiter|leitung|\bnurse\b|\brn\b|graduate scheme|programmer|\bartist|l[ií]der\b",
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
    r"\s+(?:at|with|to|for|in|and|of|the|de|del|du|des|da|do|y|und|en|la|le|&|/|-|–)$|[\s,.;:]+$",
    re.IGNORECASE,
)
_ROLE_STRIP_LEAD = re.compile(
    r"^(?:(?:the|a|an|our|your|this|le|la|el|die|der|den|confidential|exciting|urgent|new|"
    r"exclusive|permanent|bewerbung|vacature|functie|candidatura|candidature|solicitud|"
    r"postulación|kandidatuur|sollicitatie|stellenausschreibung|telefoninterview|"
    r"vorstellungsgespräch|processo|proceso|posición|posição|vacante|zusage|absage|einladung|"
    r"oportunidade|oportunidad|entretien|entrevista|opening|búsqueda|busqueda)\s+)+",
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
    r"^(?:[A-ZÀ-ÖØ-Þ]['’]|Mc|Mac)?[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’]+(?:-[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’]+)?\.?$|^[A-Z]\.$"
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


def _slug(value: str) -> str:
    plain = unicodedata.normalize("NFKD", value.lower())
    return "".join(ch for ch in plain if ch.isalnum() and ch.isascii())


# Words of a department, a channel or a mailbox in a display name ("Acme - Ressources
# Humaines", "HR Cantine Valdorsa", "Hiring Team at Fernhollow"): never the company.
_DEPT_WORD = re.compile(
    r"^(?:the|recruiting|recruitment|recruiters?|talent|talents|acquisition|careers?|jobs?|"
    r"hiring|team|teams|hr|rh|rrhh|people|human|resources|ressources|humaines|recursos|humanos|"
    r"talento|humano|selección|seleção|selezione|ufficio|personal|personalabteilung|karriere|"
    r"recrutement|recrutamento|reclutamiento|empleo|early|campus|relations|oficina|"
    r"graduates?|student|students|notifications?|no-?reply|noreply|do-not-reply|mailer|"
    r"candidate|candidates|experience|ta|dept|department|de|des|du|di|da|del|of|and|&|équipe|"
    r"equipo|squadra|afdeling|werving|selectie|rekrytering|rekrytointi|rekruttering|"
    r"bewerbermanagement|bewerbungen|bewerbung|stellenangebote|jobteam|jobs-team|service|"
    r"personnel|carrières|carrieres|carreras|carreiras|emploi|empleos|vagas|lavora|"
    r"opportunities|opportunités|news|newsletter|updates|alerts?|info|contact|gestión|gestão|"
    r"humana|talentos)$",
    re.IGNORECASE,
)
_DISPLAY_PARTS = re.compile(
    r"\s+[-–—|:·/]\s+|\s*[|·]\s*|,\s+|\s+(?:at|@|from|bei|chez|via|through|über|par)\s+",
    re.IGNORECASE,
)


def _agrees(name: str, addr: str) -> bool:
    """True when a name and the sender's registered domain label (or, on an ATS, the
    employer's part of the address) spell the same start ('Foxglove Visual Effects' and
    foxglovevfx.co.uk, 'Lumière Beauty' and lumierebeauty@myworkday.com)."""
    label = _domain_label(addr.rpartition("@")[2])
    if not label and ats_name(addr.rpartition("@")[2]):
        label = _slug(company_from_address(addr) or "")
    first = _slug(name.split()[0]) if name.split() else ""
    whole = _slug(name)
    if len(label) < 3 or not whole:
        return False
    return (len(first) >= 4 and label.startswith(first)) or whole.startswith(label)


def _domain_label(domain: str) -> str:
    """The registered label of a corporate domain ('acme' for jobs.acme.co.uk); '' for an
    ATS, a job board, a free-mail provider or a platform."""
    domain = plain_domain(domain)
    if not domain or ats_name(domain) or is_job_board(domain) or is_freemail(domain):
        return ""
    if is_platform(domain):
        return ""
    return _slug(registered_label(domain))


def _system_label(domain: str) -> str:
    """The registered label of a sender that is a system, not an employer: an ATS, a job
    board, a platform or free mail ('welcometothejungle'); '' for a corporate domain."""
    if not domain or _domain_label(domain):
        return ""
    labels = plain_domain(domain).split(".")
    if len(labels) < 2:
        return ""
    idx = -3 if len(labels) >= 3 and labels[-2] in {"co", "com", "org", "net"} else -2
    return _slug(labels[idx])


def _not_a_system(domain: str) -> Callable[[str | None], TypeGuard[str]]:
    """A test that a company candidate is a name at all, and neither the ATS that sent
    the message nor the sending system's own label."""
    ats = ats_name(domain)
    system = _system_label(domain)

    def ok(c: str | None) -> TypeGuard[str]:
        if not c or (ats is not None and c.lower() == ats.lower()):
            return False
        return not _is_system(c, system)

    return ok


def _is_system(name: str, system: str) -> bool:
    """True if a name is the sending system's or a known platform's ('Welcome' from
    welcometothejungle.com, 'Computrabajo Colombia')."""
    first = _slug(name.split()[0]) if name.split() else ""
    if first in _PLATFORM_SLUGS or _slug(name) in _PLATFORM_SLUGS:
        return True
    return bool(system) and len(first) >= 3 and system.startswith(first)


def display_company(from_name: str, automated: bool, addr: str = "") -> str | None:
    """The company in a sender display name, department and channel words taken off:
    'Acme Recruiting', 'Jane at Acme', 'Acme - Ressources Humaines', 'HR Acme'. A part
    that reads as a person's name is the company only if the address agrees with it
    ('Foxglove Visual Effects' <talent@foxglovevfx.co.uk>)."""
    name = from_name.strip().strip('"').strip()
    if not name or "@" in name or _LAST_FIRST.match(name):
        return None
    local, _, domain = addr.lower().rpartition("@")
    found: list[str] = []
    for part in _DISPLAY_PARTS.split(name):
        words = part.strip(" ()[]").split()
        while words and _DEPT_WORD.match(words[0]):
            words.pop(0)
        while words and (_DEPT_WORD.match(words[-1].strip(".,")) or words[-1] == "-"):
            words.pop()
        if words:
            found.append(" ".join(words))
    system = _system_label(domain)
    for cand in found:
        c = _clean_company(cand, strip_team=False)
        if not c or _slug(c) in _PLATFORM_SLUGS or c.lower() in ATS_WORDS:
            continue
        if _is_system(c, system):
            continue
        if _agrees(c, addr):
            return c
        tokens = [_slug(t) for t in c.split()]
        if any(len(t) >= 3 and t in local for t in tokens[:1] + tokens[-1:]) and len(tokens) <= 3:
            continue  # 'Tom Ashby' <tom.ashby@...>: a person
        if not automated and person_name(c) is not None:
            continue
        return c
    return None


_PLATFORM_SLUGS = frozenset(
    {
        "linkedin",
        "indeed",
        "indeedapply",
        "glassdoor",
        "stepstone",
        "xing",
        "ziprecruiter",
        "handshake",
        "wellfound",
        "monster",
        "infojobs",
        "calendly",
        "googlecalendar",
        "google",
        "zoom",
        "microsoftteams",
        "outlook",
        "docusign",
        "hackerrank",
        "codility",
        "codesignal",
        "hirevue",
        "welcometothejungle",
        "jobteaser",
        "seek",
        "reed",
        "totaljobs",
        "naukri",
        "apec",
        "computrabajo",
        "sapo",
        "netempregos",
        "hitmarker",
        "interfolio",
        "vidscreen",
    }
    | {_slug(w) for w in ATS_WORDS}
)


_NGRAM = re.compile(rf"{_NAME}", re.UNICODE)


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
    same name ('lattice' -> 'Lattice Energy'). Failing that, the longest words that
    spell the label's start ('Midvale' for midvaleumc), at least five letters and half
    the label."""
    if len(label) < 3:
        return None
    found = _spelled(label, texts)
    plain = label.replace("ae", "a").replace("oe", "o").replace("ue", "u")
    if (found is None or _slug(found) != label) and plain != label:
        # 'zuercher-praezision' is how a German address writes 'Zürcher Präzision'.
        again = _spelled(plain, texts)
        if again and _slug(again) == plain:
            return again
    return found


def _spelled(label: str, texts: tuple[str, ...]) -> str | None:
    """See `_as_written`."""
    start: str | None = None
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
                    if (
                        len(acc) >= 5
                        and 2 * len(acc) >= len(label)
                        and (start is None or len(acc) > len(_slug(start)))
                    ):
                        start = " ".join(words[a : b + 1])
    return start


# What a company's own domain adds to its name: getpaperkite.com, joinacme.io, acmehq.com.
_DOMAIN_PREFIX = re.compile(r"^(?:get|try|join|use|hello|go|team|with|meet)(?=\w{4})")
_DOMAIN_SUFFIX = re.compile(r"(?<=\w{4})(?:hq|app|jobs|careers|group|global|inc)$")
_ANY_WORD = re.compile(r"[^\W_][\w&'’+.-]*")


def _spelled_any_case(label: str, texts: tuple[str, ...]) -> str | None:
    """Up to five words, in any case, whose letters are exactly a domain label, or the
    label without a 'get'/'join' start or an 'hq'/'app' end ('banco del plata' for
    bancodelplata, 'Paperkite' for getpaperkite)."""
    if len(label) < 4:
        return None
    wanted = {label, _DOMAIN_PREFIX.sub("", label), _DOMAIN_SUFFIX.sub("", label)}
    wanted = {w for w in wanted if len(w) >= 4}
    for text in texts:
        words = _ANY_WORD.findall(text)
        slugs = [_slug(w) for w in words]
        for a in range(len(words)):
            acc = ""
            for b in range(a, min(a + 5, len(words))):
                acc += slugs[b]
                if acc in wanted:
                    return " ".join(words[a : b + 1]).strip(".,;:")
                if not any(w.startswith(acc) for w in wanted):
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


_AGENCY_DOMAIN = re.compile(
    r"recruit|staffing|headhunt|search|talent|people|personnel|conseil|select|-rh\b|exec|"
    r"interim|placement|sourcing",
    re.I,
)
_CLIENT = [
    re.compile(p, re.UNICODE)
    for p in (
        rf"(?i:feedback|news|word|heard back|an update|a response|a call)\s+(?i:from)\s+(?P<c>{_NAME})",
        rf"{_WORD_START}(?P<c>{_NAME})\s+(?i:want|wants|would like|are keen|is keen)\s+(?i:to)\s+"
        r"(?i:meet|offer|invite|see|speak|move)",
        rf"{_WORD_START}(?P<c>{_NAME})\s+(?i:have|has)\s+(?i:decided|come back|offered|chosen)",
    )
]
_NOT_CLIENT = frozenset(
    {"they", "she", "he", "it", "we", "i", "you", "the client", "client", "both"}
)


_SYSTEM_SUBJECT = [
    re.compile(p, re.UNICODE)
    for p in (
        rf"^(?P<c>{_NAME})\s*(?::|\s[-–|]\s)",
        rf"^(?P<c>{_NAME})\s+(?i:received|has received|hat|ha|is interested|sent you|sent|wants|"
        r"would like|möchte|interessiert|vous a|a consulté|viewed|invited|heeft|te ha|le ha|"
        r"has viewed|has invited|a vu|ti ha)\b",
        rf"(?i:from|da|de|von|van|bei|chez|at)\s+(?P<c>{_NAME})\s*$",
        rf"\s[-–|]\s(?P<c>{_NAME})\s*$",
    )
]


def _subject_employer(subject: str, text: str) -> str | None:
    """The employer a job board or an ATS names in the subject ('Mosgroen Studio received
    your application', 'Storfors Energi: Next step'), written again in the text; never a
    title or the subject's own wrapper words."""
    subject = _SUBJECT_PREFIX.sub("", subject).strip()
    for pat in _SYSTEM_SUBJECT:
        m = pat.search(subject)
        if not m:
            continue
        c = _clean_company(m.group("c"))
        if (
            not c
            or JOB_NOUN.search(c)
            or c.split()[0].lower() in _SUBJECT_WRAPPER
            or (
                person_name(c)
                and len(c.split()) == 2
                and not any(w.lower() in _ORG_WORDS for w in c.split())
            )
            or c not in text
        ):
            continue
        return c
    return None


_SUBJECT_WRAPPER = frozenset(
    {
        "confirmed",
        "confirmation",
        "application",
        "applications",
        "update",
        "updates",
        "reminder",
        "invitation",
        "invite",
        "action",
        "new",
        "your",
        "re",
        "fwd",
        "next",
        "thank",
        "thanks",
        "interview",
        "offer",
        "status",
        "job",
        "jobs",
        "bewerbung",
        "candidature",
        "candidatura",
        "solicitud",
        "postulación",
        "sollicitatie",
        "aggiornamento",
        "novedades",
        "resposta",
        "nova",
        "hai",
        "une",
        "uma",
        "un",
        "an",
        "a",
        "the",
        "we",
        "you",
    }
)


def _client_in_subject(msg: ParsedMessage, head: str) -> str | None:
    """An agency's client named alone in a part of the subject and again in the text
    ('Fromageries Lescure - retour de M. Ferrier'): not a title, not the agency."""
    subject = _SUBJECT_PREFIX.sub("", msg.subject).strip()
    for part in _SUBJECT_SPLIT.split(subject):
        part = part.strip()
        if (
            not re.fullmatch(_NAME, part)
            or JOB_NOUN.search(part)
            or len(part.split()) > 5
            or part.isupper()
        ):
            continue
        c = _clean_company(part)
        if not c or _agrees(c, msg.from_addr) or person_name(c) or c not in head:
            continue
        return c
    return None


_ACRONYM_GAP = frozenset(
    {
        "of",
        "and",
        "for",
        "the",
        "de",
        "du",
        "des",
        "la",
        "le",
        "et",
        "y",
        "del",
        "&",
        "für",
        "und",
        "der",
        "die",
        "das",
        "on",
        "in",
        "à",
        "aux",
        "au",
    }
)
_WORD = re.compile(r"[\w'’-]+|&")


def _expand_acronym(name: str, text: str) -> str | None:
    """The words an acronym stands for, when the text writes them ('AOWS' -> 'Australian
    Office of Water Security', 'SQPR' -> 'Société québécoise des parcs riverains')."""
    if not re.fullmatch(r"[A-Z]{2,6}", name):
        return None
    want = name.lower()
    for line in text.splitlines():
        words = _WORD.findall(line)
        for a, first in enumerate(words):
            if not first[:1].isupper() or first[:1].lower() != want[0] or first.isupper():
                continue
            got = ""
            for b in range(a, min(len(words), a + 12)):
                w = words[b]
                if w.lower() in _ACRONYM_GAP or w.lower().startswith(("d'", "l'", "d’", "l’")):
                    if w.lower().startswith(("d'", "l'", "d’", "l’")) and len(w) > 2:
                        got += w[2].lower()
                    else:
                        continue
                else:
                    got += w[0].lower()
                if got == want:
                    return " ".join(words[a : b + 1])
                if not want.startswith(got):
                    break
    return None


# Where a company candidate comes from, in the order the rules trust them.
COMPANY_SOURCES = (
    "known",
    "agency client in the text",
    "agency client in the subject",
    "ATS page as written",
    "display name",
    "address as written",
    "subject pattern",
    "subject employer",
    "text pattern",
    "signature",
    "ATS page",
    "address",
    "domain spelled out",
    "subject name",
    "signature line",
    # the sources of `_more_company_spans`, weaker still: the ranker weighs them
    "field line",
    "after at",
    "display name whole",
    "signature name",
    "subject addressee",
    "sentence subject",
)
# The first letter of a legal form left behind when a name was cut at its punctuation.
_DANGLING = re.compile(r"(?<=\w\w)[ \t]+[A-Z]\.?$")
# At most this many candidates are read (a long text repeats itself).
MAX_CANDIDATES = 12


def company_candidates(
    msg: ParsedMessage,
    text: str,
    known: Sequence[str],
    signature: str,
    automated: bool,
    limit: int = MAX_CANDIDATES,
) -> list[tuple[str, str, int, int]]:
    """Every company the rules find, as finished names (see `_finish_company`): the
    name, where, the source (an index into `COMPANY_SOURCES`) and how many rules found
    it; strongest rule first, each name once. The first one is what the rules alone
    return; `limit` candidates at most (1: the rules' answer, found quickly)."""
    out: list[tuple[str, str, int, int]] = []
    index: dict[str, int] = {}
    spans = _company_spans(msg, text, known, signature, automated)
    if limit > 1:  # the weak sources are for the ranker; the rules' answer stays as it was
        spans = chain(spans, _more_company_spans(msg, text, signature, automated))
    for n, (company, where, src) in enumerate(spans):
        if n >= 4 * MAX_CANDIDATES:
            break
        name = company if src == 0 else _finish_company(company, msg, text, signature)
        if name is None:
            continue
        if src != 0:
            # 'Aurelia Brands S' of 'Aurelia Brands S.p.A.', 'Kobbervej Energy A' of 'A/S'
            name = _DANGLING.sub("", name) or name
        key = _slug(name)
        if key in index:
            c = out[index[key]]
            out[index[key]] = (c[0], c[1], c[2], c[3] + 1)
        elif len(out) < limit:
            index[key] = len(out)
            out.append((name, where, src, 1))
        elif limit == 1:
            break
    return out


def extract_company(
    msg: ParsedMessage,
    text: str,
    known: Sequence[str],
    signature: str,
    automated: bool,
    rank: Callable[[list[tuple[str, str, int, int]]], int | None] | None = None,
) -> tuple[str | None, str | None]:
    """The company behind the message and where it was found: the best evidence, then
    the name as the message writes it in full ('Corvane' -> 'Corvane Software').

    `rank` picks one of the candidates (or None: no company); without it the strongest
    rule wins."""
    found = company_candidates(
        msg, text, known, signature, automated, MAX_CANDIDATES if rank else 1
    )
    if not found:
        return None, None
    if rank is not None and found[0][2] != 0:
        k = rank(found)
        if k is None:
            return None, None
        return found[k][0], found[k][1]
    return found[0][0], found[0][1]


def _finish_company(company: str, msg: ParsedMessage, text: str, signature: str) -> str | None:
    """A candidate as the message writes it in full, or None if it is no name."""
    if _NOT_A_NAME.search(company):
        return None
    expanded = _expand_acronym(company, f"{msg.subject}\n{text[:4000]}\n{signature}")
    if expanded:
        return expanded
    # The name as written in full ('Corvane' -> 'Corvane Software') only when the
    # address or the ATS page spells more than the name found.
    label = _domain_label(msg.sender_domain) or _slug(
        ats_tenant(f"{msg.from_addr}\n{text[:6000]}") or ""
    )
    full = _in_full(company, f"{msg.subject}\n{text[:4000]}\n{signature}")
    full = _LEGAL_SUFFIX.sub("", full).strip(" .,")
    short = _slug(company)
    more = full[len(company) :].split()
    if (len(label) > len(short) and label.startswith(short)) or (
        more and all(w.lower() in _ORG_WORDS for w in more)
    ):
        return full
    return company


# Words that end an organisation's full name ('Corvane Software', 'Harlan State University').
_ORG_WORDS = frozenset(
    {
        "software",
        "systems",
        "technologies",
        "technology",
        "labs",
        "health",
        "healthcare",
        "hospital",
        "university",
        "college",
        "institute",
        "group",
        "bank",
        "capital",
        "partners",
        "studios",
        "studio",
        "games",
        "media",
        "analytics",
        "solutions",
        "insurance",
        "energy",
        "logistics",
        "foods",
        "holdings",
        "consulting",
        "ventures",
        "pharmacy",
        "clinic",
        "centre",
        "center",
        "medical",
        "robotics",
        "security",
        "industries",
        "services",
        "foundation",
        "network",
        "networks",
        "digital",
        "financial",
        "finance",
        "pay",
        "retail",
    }
)


# A signature line with an address or a register entry is not a company's name.
_NOT_A_NAME = re.compile(
    r"\d{3,}|\b(?:registergericht|amtsgericht|hrb|hra|ust|vat|siret|rcs|cif|nif|kvk|iva)\b|"
    r"\b(?:faculty|school of|department|people (?:and|&) culture|regards)\b",
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


def _company_spans(
    msg: ParsedMessage,
    text: str,
    known: Sequence[str],
    signature: str,
    automated: bool,
) -> Iterator[tuple[str, str, int]]:
    """Every company the rules find, with where and which source (`COMPANY_SOURCES`),
    strongest rule first."""
    if known:
        hay = f"{msg.from_name}\n{msg.subject}\n{text}"
        hit = _known(hay, known)
        if hit:
            yield hit, f'names the known company "{hit}"', 0
            return
    ats = ats_name(msg.sender_domain)

    system = _system_label(msg.sender_domain)
    ok = _not_a_system(msg.sender_domain)

    if _AGENCY_DOMAIN.search(msg.sender_domain) and ats is None:
        # A recruitment agency writes about its client: the client is the company.
        head = unwrap(text[:3000])
        for pat in _CLIENT:
            for client in pat.finditer(head):
                c = _clean_company(client.group("c"))
                if c and c.lower() not in _NOT_CLIENT and c.split()[0] not in msg.from_name:
                    yield c, "text (a recruitment agency's client)", 1
        named = _client_in_subject(msg, head)
        if named:
            yield named, "subject (a recruitment agency's client)", 2

    tenant = ats_tenant(f"{msg.from_addr}\n{text[:6000]}")
    if tenant:
        slug = _slug(tenant)
        written = _as_written(slug, msg.from_name, msg.subject, text[:3000], signature)
        written = _clean_company(written, strip_team=False) if written else None
        if ok(written):
            yield written, f"the employer's page on an applicant tracking system ({tenant})", 3
    # An ATS often sends in a recruiter's name ("Jane Doe <no-reply@greenhouse.io>"): a
    # display name that signs the message is a person, not the company.
    signs = signs_message(msg.from_name, text, signature)
    org = display_company(msg.from_name, automated and not signs, msg.from_addr)
    if ok(org):
        yield org, f'sender "{msg.from_name}"', 4
    guess = company_from_address(msg.from_addr)
    if guess:
        written = _as_written(_slug(guess), msg.from_name, signature, msg.subject, text[:3000])
        written = _clean_company(written, strip_team=False) if written else None
        if ok(written):
            yield written, f"address {msg.from_addr}", 5
    for pat in _SUBJECT_COMPANY:
        m = pat.search(msg.subject)
        if m:
            c = _clean_company(m.group("c"))
            if ok(c):
                yield c, "subject", 6
    if system:
        c = _subject_employer(msg.subject, text)
        if ok(c):
            yield c, "subject", 7
    head = unwrap(text[:3000])
    for pat in _TEXT_COMPANY:
        for m in pat.finditer(head):
            c = _clean_company(m.group("c"))
            if ok(c):
                yield c, "text", 8
    if signature:
        for line in signature.splitlines()[1:5]:
            line = line.strip()
            m = _SIG_COMPANY.match(line)
            if m:
                c = _clean_company(m.group("c"))
                if ok(c) and not JOB_NOUN.search(c or ""):
                    yield c, "signature", 9
    if tenant:
        tidy = tidy_label(tenant)
        if ok(tidy):
            yield tidy, f"the employer's page on an applicant tracking system ({tenant})", 10
    if ok(guess):
        yield guess, f"address {msg.from_addr}", 11
    # Weaker places, for the ranker to weigh: the domain spelled in any case ("banco del
    # plata" for bancodelplata), the names in the subject, a signature line that is a name.
    label = _domain_label(msg.sender_domain) or _slug(tenant or "")
    spelled = _spelled_any_case(label, (msg.subject, signature, text[:3000]))
    if spelled and ok(spelled):
        yield spelled, f"address {msg.from_addr}, as the text spells it", 12
    subject = re.sub(r"^(?:(?:re|fwd?|aw|wg|tr|rv)\s*:\s*)+", "", msg.subject, flags=re.I)
    for m in _NGRAM.finditer(subject):
        c = _clean_company(m.group(0))
        if c and ok(c) and not JOB_NOUN.search(c) and person_name(c) is None:
            yield c, "subject", 13
    for line in signature.splitlines()[1:7]:
        line = line.strip(" \t|·-–")
        if re.fullmatch(_NAME, line):
            c = _clean_company(line)
            if c and ok(c) and not JOB_NOUN.search(c) and person_name(c) is None:
                yield c, "signature", 14


# A labelled line of a job board or an ATS page: "Empresa: Bazar Nube", "Company: Acme".
_FIELD_COMPANY = re.compile(
    r"(?im)^[ \t*•·-]*(?:company|employer|organi[sz]ation|hiring company|empresa|empleador|"
    r"unternehmen|arbeitgeber|firma|entreprise|société|employeur|azienda|società|bedrijf|"
    r"werkgever|organisatie|empregador|companhia)[ \t]*:[ \t]*(?P<c>[^\n]{2,60}?)[ \t]*$"
)
# "at Acme" after a title or in a sentence ("your application for X at Acme").
_AT_COMPANY = re.compile(
    rf"(?<![\w'’-])(?:at|bei|chez|presso|bij|junto a|na|no)[ \t]+(?:the[ \t]+)?(?P<c>{_NAME})",
    re.UNICODE,
)
# The employer a job board says an application went to, or a message came from.
_SUBJECT_ADDRESSEE = re.compile(
    rf"(?i:sent to|submitted to|enviado a|enviada a|envoyée à|envoyé à|gesendet an|verschickt an|"
    r"verstuurd naar|verzonden naar|inviata a|inviato a|enviada para|enviado para|message from|"
    r"messaggio da|nachricht von|mensaje de|mensagem de|message de|bericht van|viewed by|"
    rf"from)[ \t]+(?P<c>{_NAME})",
    re.UNICODE,
)
# A name that does the deciding: "Acme has decided", "Acme will not be moving forward".
_DECIDER = re.compile(
    rf"(?<![\w'’.-])(?P<c>{_NAME})[ \t]+(?i:has|have|is|are|will|would|hat|ha|a)[ \t]+"
    r"(?i:decided|chosen|selected|not|unable|moving|received|reviewed|entschieden|décidé|deciso|"
    r"decidido|besloten)\b",
    re.UNICODE,
)


def _more_company_spans(
    msg: ParsedMessage, text: str, signature: str, automated: bool
) -> Iterator[tuple[str, str, int]]:
    """Weak company candidates, for the ranker alone to weigh (sources 15 on): a labelled
    field line, a name after "at", the display name even when it could be a person's, a
    signature line that could be a person's name, the employer a job board's subject names,
    and a name that decides in a sentence."""
    base = COMPANY_SOURCES.index("field line")
    ok = _not_a_system(msg.sender_domain)

    head = unwrap(text[:3000])
    for m in _FIELD_COMPANY.finditer(head):
        c = _clean_company(m.group("c"), strip_team=False)
        if ok(c) and c is not None and not JOB_NOUN.search(c):
            yield c, "a company field", base
    for m in _AT_COMPANY.finditer(f"{msg.subject}\n{head}"):
        c = _clean_company(m.group("c"))
        if ok(c) and c is not None and not JOB_NOUN.search(c):
            yield c, "text", base + 1
    who = _split_display(msg.from_name)[1] or msg.from_name
    words = who.strip(" \"'()[]").split()
    while words and _DEPT_WORD.match(words[0]):
        words.pop(0)
    while words and _DEPT_WORD.match(words[-1].strip(".,")):
        words.pop()
    c = _clean_company(" ".join(words), strip_team=False) if words else None
    if ok(c) and c is not None and "@" not in c:
        yield c, f'sender "{msg.from_name}"', base + 2
    for line in signature.splitlines()[1:7]:
        line = line.strip(" \t|·-–")
        if re.fullmatch(_NAME, line):
            c = _clean_company(line)
            if ok(c) and c is not None and not JOB_NOUN.search(c):
                yield c, "signature", base + 3
    subject = _SUBJECT_PREFIX.sub("", msg.subject)
    for m in _SUBJECT_ADDRESSEE.finditer(subject):
        c = _clean_company(m.group("c"))
        if ok(c) and c is not None and not JOB_NOUN.search(c):
            yield c, "subject", base + 4
    for m in _DECIDER.finditer(head):
        c = _clean_company(m.group("c"))
        if ok(c) and c is not None and not JOB_NOUN.search(c):
            yield c, "text", base + 5


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


_SUBJECT_PART_END = frozenset(
    {
        "offer",
        "update",
        "result",
        "results",
        "outcome",
        "round",
        "invitation",
        "confirmation",
        "decision",
        "feedback",
        "application",
        "interview",
        "screen",
        "call",
    }
)


def _roles_in_subject(subject: str, company: str | None) -> Iterator[tuple[str, int]]:
    """Titles standing alone in the subject ('QA Engineer - decision', 'Acme | Data
    Analyst'), with their source (see `ROLE_SOURCES`), strongest first."""
    subject = _SUBJECT_PREFIX.sub("", subject).strip()
    for pat in _SUBJECT_ROLE:
        m = pat.search(subject)
        if m:
            r = _clean_role(m.group("r"), company)
            if r and JOB_NOUN.search(r) and (company is None or r.lower() != company.lower()):
                yield r, 0
    for part in _SUBJECT_SPLIT.split(subject):
        bare = _ROLE_WORD_END.sub("", part.strip())
        if not bare or (company and bare.lower() == company.lower()):
            continue
        if bare.split()[-1].lower() in _SUBJECT_PART_END:
            continue  # 'Internship Offer', 'Partner round': what happens, not the title
        if re.fullmatch(_ROLE_TOKENS_C, bare):
            r = _clean_role(bare, company)
            if r and JOB_NOUN.search(r):
                yield r, 1
        elif re.fullmatch(_SENTENCE_ROLE, bare) and (bare != part.strip() or JOB_NOUN.match(bare)):
            # A title in sentence case: "Responsable e-commerce", "Sous chef position".
            r = _clean_role(bare, company)
            if r and JOB_NOUN.search(r):
                yield r, 1


# What may follow a title and still belong to it: a location or level in brackets, a
# team, track or place after a comma or a dash ("Data Engineer, Payments (Remote)").
_ROLE_TAIL = re.compile(
    r"[ \t]*\([^()\n]{1,40}\)|(?:,[ \t]+(?=[A-ZÀ-ÖØ-Þ0-9])[^,.;:!?()\n|]{1,40}?|"
    r"[ \t]+[-–][ \t]+(?=[A-ZÀ-ÖØ-Þ0-9])[^.;:!?()\n|]{1,40}?(?:[ \t]*\([^()\n]{1,30}\))?)"
    r"(?=[ \t]*(?:$|[.;:!?\n|]|[ \t]+[-–][ \t]+|,[ \t]+|[ \t]*\(|[ \t]+(?:role|position|opening|"
    r"vacancy|job|post|at|with|in|has|is|was|for|and|here|team|application|interview|offer|"
    r"req|requisition|bei|chez|en|di|da|de|à|a|em)\b))",
    re.UNICODE,
)
_NOT_TAIL = re.compile(
    r"\d{4,}|\b[A-Z]{1,4}-?\d{2,}|\b(?:req|ref|réf|job id|id)\b|\b(?:application|candidature|"
    r"candidatura|bewerbung|interview|entretien|entrevista|offer|update|status|outcome|result|"
    r"next steps?|received|decision|feedback|invitation|thank|your|our|we|you|round|call|screen|"
    r"stage|step|besetzt|contract|via|chat|meeting|assessment|exercise|test|visit|reminder|"
    r"closed|filled|withdrawn|cancelled|canceled|reopened|schedul\w*|availability|mandat\w*|"
    r"opportunity|opening|vacancy|role|position|job|urgent|remote-first)\b",
    re.IGNORECASE,
)
_TAIL_WORD = re.compile(
    r"^(?:[A-ZÀ-ÖØ-Þ0-9&/(\[]|(?:of|and|de|du|des|la|le|y|e|et|und|für|for|in|di|da|do)$)"
)


def _role_in_full(role: str, company: str | None, *texts: str) -> str:
    """The longest way the texts write a title that starts with `role`: its location,
    level, team or season kept ('Analyst, Fund Accounting (Edinburgh)')."""
    best = role
    for text in texts:
        for m in re.finditer(rf"(?<![\w-]){re.escape(role)}", text):
            end = m.end()
            for _ in range(3):
                tail = _ROLE_TAIL.match(text, end)
                if not tail:
                    break
                piece = tail.group(0)
                if _NOT_TAIL.search(piece) or (company and company.lower() in piece.lower()):
                    break
                words = piece.strip(" \t,–-").split()
                if not piece.lstrip().startswith("(") and not all(
                    _TAIL_WORD.match(w) for w in words
                ):
                    break
                end = tail.end()
            full = text[m.start() : end].strip()
            if len(full) > len(best) and len(full) <= 100:
                best = full
    return best


# Where a role candidate comes from: the subject, then each text pattern in turn.
ROLE_SOURCES = (
    "subject pattern",
    "subject part",
    *tuple(f"text pattern {k + 1}" for k in range(len(_ROLE_PATTERNS))),
    "subject after its wrapper",
    "text after an application phrase",
    "a line of its own",
    # the sources of `_more_role_spans`, for the ranker alone to weigh
    "as found, before its tail",
    "field line",
    "subject part, wrappers off",
)
# What a subject or a sentence says before a title, in the languages of the corpus:
# "Recibimos tu postulación - ", "Sobre tu candidatura a ", "Processo seletivo ".
_ROLE_LEAD = re.compile(
    r"(?i:(?:your |tu |sua |votre |ihre |je )?(?:application|applying|applied|candidacy|"
    r"candidature|candidatura|postulación|postulacion|solicitud|bewerbung|sollicitatie|"
    r"processo seletivo|proceso de selección|proceso|búsqueda|busqueda|resultado(?: del?)?"
    r"(?: proceso)?|vaga|oferta|aviso|final round|next steps?|interview|entrevista|"
    r"entretien|colloquio|gesprek|update)(?: (?:to|for|as|a|al|para|de|pour|au poste de|"
    r"als|voor|per|for the|to the|para el puesto de|para a vaga de))?)[ \t]*[:–-]?[ \t]+"
)
_ROLE_AFTER = re.compile(
    r"(?i:applying to|applied to|applying for|application for|apply for|interest in|"
    r"candidatar para|candidatarse a|candidatura a|candidatura para|postulación a|"
    r"postularte a|postulaste a|para la oferta|para el aviso|para el puesto de|pour le poste de|"
    r"au poste de|para a vaga de|pra vaga de|vaga de|als|voor de functie|per la posizione di|"
    r"for the role of|for the position of)[ \t]+(?i:the[ \t]+|a[ \t]+|an[ \t]+|el[ \t]+|la[ \t]+)?"
    r"(?P<r>[^\n.;:!?]{3,90}?)(?=[ \t]*(?:$|[\n.;:!?]|[ \t]\(?(?:R|REQ|Req|JR|ID)-?\d|"
    r"[ \t]+(?:role|position|opening|vacancy|job|at|with|na|no|en|em|bei|chez|presso|bij|"
    r"ha|has|was|is|y|and|et|e|und)\b))"
)
_ROLE_LINE = re.compile(r"(?m)^[ \t]*(?P<r>[^\n.!?:]{4,90}?)[ \t]*$")


def role_candidates(
    msg: ParsedMessage,
    text: str,
    company: str | None,
    prefixes: set[str] | None = None,
    limit: int = MAX_CANDIDATES,
) -> list[tuple[str, int]]:
    """Every title the rules find, in full (see `extract_role`), with its source (an
    index into `ROLE_SOURCES`), strongest first, each once. The first one is what the
    rules alone return."""
    subject = _SUBJECT_PREFIX.sub("", msg.subject).strip()
    head = unwrap(text[:4000])
    out: list[tuple[str, int]] = []
    seen: set[str] = set()
    bare_src = ROLE_SOURCES.index("as found, before its tail")
    spans = _role_spans(msg, text, company, prefixes)
    if limit > 1:
        spans = chain(spans, _more_role_spans(msg, text, company))
    for role, src in spans:
        full = _role_in_full(role, company, subject, head)
        for r, s in ((full, src), (role, bare_src)) if limit > 1 else ((full, src),):
            if r.casefold() in seen or len(out) >= limit:
                continue
            seen.add(r.casefold())
            out.append((r, s))
        if len(out) >= limit:
            break
    return out


# A labelled line: "Position: Data Analyst", "Oferta: Senior Growth Analyst".
_FIELD_ROLE = re.compile(
    r"(?im)^[ \t*•·-]*(?:position|role|job|job title|title|vacancy|opening|oferta|puesto|"
    r"vacante|cargo|poste|intitulé du poste|stelle|stellenbezeichnung|position|posizione|"
    r"ruolo|vaga|função|functie|vacature|rol)[ \t]*:[ \t]*(?P<r>[^\n]{2,90}?)[ \t]*$"
)
# A requisition number or reference, with its brackets: "(Rif. 19466)", "Job ID 121407",
# "JR-10432", "Req #5521", "(ref GAGS26-40211)".
_REQ = re.compile(
    r"[ \t]*[(\[][^()\[\]\n]{0,12}\d{3,}[^()\[\]\n]{0,12}[)\]]|"
    r"(?i:\b(?:job[ \t]*id|req(?:uisition)?|ref(?:erence)?|rif|réf|id|no)\.?[ \t]*[:#]?[ \t]*"
    r"[A-Z0-9-]*\d[A-Z0-9-]*)|\b[A-Z]{1,4}-?\d{3,}\b|#[ \t]*\d+"
)
# Words a subject puts after a title: "Phlebotomist application", "QA Lead - decision".
_ROLE_WRAPPER_END = re.compile(
    r"(?:[ \t]+[-–|:]?[ \t]*(?i:application|applications|update|status|decision|outcome|result|"
    r"interview|offer|feedback|next steps?|invitation|confirmation|received|follow[- ]up|"
    r"position|role|opening|vacancy|job|candidatura|candidature|bewerbung|sollicitatie|"
    r"esito|suivi|retorno|decisão|decisión|entrevista|colloquio|entretien))+$"
)


def _strip_req(role: str) -> str:
    """A title without its requisition numbers and the separators they leave."""
    out = _REQ.sub(" ", role)
    out = re.sub(r"[ \t]{2,}", " ", out)
    return out.strip(" \t-–|:,/")


def _more_role_spans(
    msg: ParsedMessage, text: str, company: str | None
) -> Iterator[tuple[str, int]]:
    """Weak role candidates, for the ranker alone: a labelled field line, and each part
    of the subject with its wrapper words and requisition numbers taken off."""
    base = ROLE_SOURCES.index("field line")
    head = unwrap(text[:3000])
    for m in _FIELD_ROLE.finditer(head):
        r = _clean_role(_strip_req(m.group("r")), company)
        if r and (company is None or r.lower() != company.lower()):
            yield r, base
    subject = _SUBJECT_PREFIX.sub("", msg.subject).strip()
    parts = _SUBJECT_SPLIT.split(subject)
    for a in range(len(parts)):
        for b in range(a + 1, min(a + 4, len(parts) + 1)):
            # neighbouring parts joined again: 'Manager - Treasury Risk'
            piece = subject if (a, b) == (0, len(parts)) else None
            if piece is None:
                piece = " - ".join(p.strip() for p in parts[a:b])
            piece = _ROLE_LEAD.sub("", piece.strip(), count=1) if _ROLE_LEAD.match(piece) else piece
            piece = _ROLE_WRAPPER_END.sub("", _strip_req(piece))
            r = _clean_role(piece, company)
            if r and (company is None or company.lower() not in r.lower()) and len(r.split()) <= 12:
                yield r, base + 1


def extract_role(
    msg: ParsedMessage,
    text: str,
    company: str | None,
    prefixes: set[str] | None = None,
    rank: Callable[[list[tuple[str, int]]], int | None] | None = None,
) -> str | None:
    """The position title as written in the subject or text, or None, with what follows
    it and belongs to it (location, level, team).

    `prefixes` (the word starts of the message) lets patterns that cannot match be skipped;
    `rank` picks one of the candidates (or None); without it the strongest rule wins.
    """
    found = role_candidates(msg, text, company, prefixes, MAX_CANDIDATES if rank else 1)
    if not found:
        return None
    if rank is not None:
        k = rank(found)
        return None if k is None else found[k][0]
    return found[0][0]


def _role_spans(
    msg: ParsedMessage, text: str, company: str | None, prefixes: set[str] | None
) -> Iterator[tuple[str, int]]:
    """The titles as found, with their source (see `role_candidates`)."""
    yield from _roles_in_subject(msg.subject, company)
    head = unwrap(text[:2000])
    for k, (pat, keys, anchored) in enumerate(_ROLE_PATTERNS_KEYED):
        if prefixes is not None and not may_match(keys, prefixes):
            continue
        for m in pat.finditer(head):
            r = _clean_role(m.group("r"), company)
            if (
                r
                and (company is None or r.lower() != company.lower())
                and (anchored or JOB_NOUN.search(r))
            ):
                yield r, 2 + k
    # Weaker places, for the ranker to weigh.
    base = len(ROLE_SOURCES) - 3
    subject = _SUBJECT_PREFIX.sub("", msg.subject).strip()
    for part in [subject, *_SUBJECT_SPLIT.split(subject)]:
        rest = _ROLE_LEAD.sub("", part.strip(), count=1) if _ROLE_LEAD.match(part) else part
        for piece in (rest, *_SUBJECT_SPLIT.split(rest)):
            r = _clean_role(piece.strip(), company)
            if r and JOB_NOUN.search(r) and (company is None or company.lower() not in r.lower()):
                yield r, base
    for m in _ROLE_AFTER.finditer(head):
        r = _clean_role(m.group("r"), company)
        if r and JOB_NOUN.search(r) and (company is None or r.lower() != company.lower()):
            yield r, base + 1
    for m in _ROLE_LINE.finditer(head[:1500]):
        line = m.group("r").strip(" \t*•·-–")
        if (
            len(line.split()) > 9
            or not JOB_NOUN.search(line)
            or line.lower().startswith(
                ("hi ", "dear ", "hola", "thank", "we ", "i ", "our ", "your ")
            )
        ):
            continue
        r = _clean_role(line, company)
        if r and (company is None or r.lower() != company.lower()):
            yield r, base + 2


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


def _mentions(value: str, hay: str) -> int:
    """How often a name appears in a lower-cased text, as whole words."""
    low = value.lower()
    return len(re.findall(rf"(?<!\w){re.escape(low)}(?!\w)", hay)) if low else 0


N_COMPANY_FEATURES = len(COMPANY_SOURCES) + 18


def company_features(
    found: list[tuple[str, str, int, int]],
    msg: ParsedMessage,
    text: str,
    signature: str,
    automated: bool,
) -> list[list[float]]:
    """What the ranker reads of each company candidate: its source and rank, how many
    rules found it, how often and where the message names it, whether the sender's
    domain or the ATS page agrees, and whether it looks like a person, a job title or a
    system."""
    hay = f"{msg.subject}\n{text[:4000]}".lower()
    subject, from_name, sig = msg.subject.lower(), msg.from_name.lower(), signature.lower()
    label = _domain_label(msg.sender_domain)
    tenant = _slug(ats_tenant(f"{msg.from_addr}\n{text[:6000]}") or "")
    slugs = [_slug(c[0]) for c in found]
    out = []
    for k, (name, _where, src, votes) in enumerate(found):
        onehot = [0.0] * len(COMPANY_SOURCES)
        onehot[src] = 1.0
        slug = slugs[k]
        near = sum(1 for o in slugs if o != slug and slug and (slug in o or o in slug))
        low = name.lower()
        out.append(
            [
                *onehot,
                1.0 / (1 + k),
                float(k == 0),
                float(votes),
                float(near),
                float(min(_mentions(name, hay), 10)),
                float(low in subject),
                float(low in from_name),
                float(low in sig),
                float(bool(label) and len(slug) >= 3 and (slug in label or label in slug)),
                float(bool(label) and slug == label),
                float(bool(tenant) and len(slug) >= 3 and (slug in tenant or tenant in slug)),
                float(len(name.split())),
                float(person_name(name) is not None),
                float(bool(JOB_NOUN.search(name))),
                float(name.isupper()),
                float(automated),
                float(len(found)),
                float(bool(label)),
            ]
        )
    return out


N_ROLE_FEATURES = len(ROLE_SOURCES) + 19
# Words that say what happens to a title rather than belong to it ("Offer", "colloquio").
_ROLE_NOISE = re.compile(
    r"(?i:\b(?:offer|application|update|status|decision|interview|invitation|feedback|"
    r"received|candidatura|candidature|bewerbung|colloquio|entrevista|entretien|entrevue|"
    r"gesprek|reserva|fissa|tuo|your|you|we|our)\b)"
)


def role_features(
    found: list[tuple[str, int]], msg: ParsedMessage, text: str, company: str | None
) -> list[list[float]]:
    """What the ranker reads of each role candidate: its source and rank, how often and
    where the message names it, its shape, and whether it holds another candidate."""
    hay = f"{msg.subject}\n{text[:4000]}".lower()
    subject = msg.subject.lower()
    roles = [r for r, _s in found]
    out = []
    for k, (role, src) in enumerate(found):
        onehot = [0.0] * len(ROLE_SOURCES)
        onehot[src] = 1.0
        low = role.lower()
        holds = sum(1 for o in roles if o != role and o.lower() in low)
        held = sum(1 for o in roles if o != role and low in o.lower())
        out.append(
            [
                *onehot,
                1.0 / (1 + k),
                float(k == 0),
                float(min(_mentions(role, hay), 10)),
                float(low in subject),
                float(len(role.split())),
                float(bool(JOB_NOUN.search(role))),
                float("," in role),
                float("(" in role),
                float(bool(re.search(r"\s[-–]\s", role))),
                float(bool(company) and (company or "").lower() in low),
                float(holds),
                float(held),
                float(bool(re.search(r"\d", role))),
                float(len(found)),
                float(bool(JOB_NOUN.search(role.split()[-1]))) if role.split() else 0.0,
                float(bool(_ROLE_NOISE.search(role))),
                float(sum(1 for w in role.split() if w[:1].islower() and len(w) > 3)),
                float(any(o != role and o.lower().startswith(low) for o in roles)),
                float(role.endswith(")")),
            ]
        )
    return out

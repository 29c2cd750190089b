"""Phrase rules in English, German, French and Spanish, compiled once at import.

Pure. Each rule is a weighted regular expression that votes for a category (or, for
rejections, for a kind or a stage). A match becomes a human-readable reason quoting
the words of the message that triggered it.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from typing import Any

from doorajar.model import Category, RejectionKind, Stage

# Rules run on lower-cased text: a case-insensitive regex is several times slower.
_F = re.UNICODE


@dataclass(frozen=True)
class Rule:
    """One weighted phrase pattern that votes for a label."""

    label: str  # a Category, RejectionKind or Stage value
    weight: float
    pattern: re.Pattern[str]
    triggers: tuple[str, ...] = ()  # word starts, one of which every match contains


def _rules(label: str, weight: float, *patterns: str) -> list[Rule]:
    return [Rule(label, weight, re.compile(p, _F), _triggers(p)) for p in patterns]


# The standard library's own regex parser (no public API, hence imported by name): it
# tells which words every match of a rule must contain, so rules can be indexed by word.
sre_parser: Any = importlib.import_module("re._parser")
sre_constants: Any = importlib.import_module("re._constants")

_COMMON = frozenset(
    {
        "the",
        "you",
        "we",
        "to",
        "for",
        "and",
        "your",
        "our",
        "with",
        "of",
        "in",
        "an",
        "is",
        "be",
        "not",
        "this",
        "that",
        "it",
        "at",
        "on",
        "me",
        "us",
        "de",
        "la",
        "le",
        "el",
        "en",
        "que",
        "ihr",
        "sie",
        "wir",
        "die",
        "der",
        "und",
        "vous",
        "nous",
        "have",
        "has",
        "been",
    }
)
_KEY_WORD = re.compile(r"[^\W\d_]+")


def _key_of(literal: str) -> str | None:
    """The index key for a literal run: the first letters of its most telling word."""
    words = _KEY_WORD.findall(literal.lower())
    if not words:
        return None
    word: str = max(words, key=lambda w: 0 if w in _COMMON else len(w))
    return word[:4]


def _score(keys: list[str]) -> int:
    return min(0 if k in _COMMON else len(k) for k in keys) * 100 - len(keys)


def required_keys(items: Any) -> list[str] | None:
    """Keys one of which every match of a parsed pattern must contain, or None if unknown.

    A sequence needs each of its mandatory parts, so the most selective part will do;
    a branch needs one of its alternatives.
    """
    best: list[str] | None = None
    run: list[str] = []

    def consider(keys: list[str] | None) -> None:
        nonlocal best
        if keys and (best is None or _score(keys) > _score(best)):
            best = keys

    def flush() -> None:
        if run:
            key = _key_of("".join(run))
            consider([key] if key else None)
            run.clear()

    for op, av in items:
        if op is sre_constants.LITERAL:
            run.append(chr(av))
            continue
        if op is sre_constants.BRANCH and run:
            # The parser moves a common prefix out of a branch ("l(?:ove|ike)"): glue it back.
            prefix = "".join(run)
            glued = [_key_of(prefix + _leading_literal(alt)) for alt in av[1]]
            if all(glued):
                consider(sorted({k for k in glued if k}))
            flush()
            continue
        flush()
        if op is sre_constants.SUBPATTERN:
            consider(required_keys(av[-1]))
        elif op is sre_constants.BRANCH:
            subs = [required_keys(b) for b in av[1]]
            if all(subs):
                consider(sorted({k for sub in subs if sub for k in sub}))
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT) and av[0] >= 1:
            consider(required_keys(av[2]))
    flush()
    return best


def _leading_literal(items: Any) -> str:
    """The literal characters an alternative starts with."""
    out = []
    for op, av in items:
        if op is not sre_constants.LITERAL:
            break
        out.append(chr(av))
    return "".join(out)


def _triggers(pattern: str) -> tuple[str, ...]:
    """Index keys for a pattern; () means the rule always runs."""
    keys = required_keys(sre_parser.parse(pattern))
    return tuple(keys) if keys else ()


def triggers_of(pattern: re.Pattern[str]) -> tuple[str, ...]:
    """Index keys (lower-case word starts) for any compiled pattern; () if unknown."""
    return _triggers(pattern.pattern)


def word_prefixes(words: set[str]) -> set[str]:
    """The 2-, 3- and 4-letter starts of a text's lower-case words."""
    return {w[:n] for w in words for n in (2, 3, 4)}


def may_match(keys: tuple[str, ...], prefixes: set[str]) -> bool:
    """False when a pattern with these keys cannot match a text with these word starts."""
    return not keys or any(k in prefixes for k in keys)


WORDS = re.compile(r"[^\W\d_]+", re.UNICODE)


class RuleIndex:
    """Rules indexed by the words that can trigger them, so a message only runs the few
    rules whose words it contains (microseconds instead of milliseconds)."""

    def __init__(self, rule_set: tuple[Rule, ...]) -> None:
        self.rules = rule_set
        self.always: list[int] = []
        self.by_key: dict[str, list[int]] = {}
        for i, rule in enumerate(rule_set):
            if not rule.triggers:
                self.always.append(i)
            for key in rule.triggers:
                self.by_key.setdefault(key, []).append(i)

    def candidates(self, prefixes: set[str]) -> list[Rule]:
        """The rules that may match a text with these word starts (`word_prefixes`), in order."""
        hit: set[int] = set(self.always)
        by_key = self.by_key
        for key in prefixes & by_key.keys():
            hit.update(by_key[key])
        return [self.rules[i] for i in sorted(hit)]


# Cheap gate: if none of these appear in the lower-cased subject or first part of the
# text, and the sender is no ATS, the message is not about a job search. Plain substring
# tests: a few microseconds, far cheaper than any regular expression.
GATE_WORDS: tuple[str, ...] = (
    "applica",
    "applying",
    "applied",
    "candida",
    "interview",
    "position",
    "recruit",
    "hiring",
    "role",
    "job",
    "career",
    "opportunit",
    "offer",
    "talent",
    "vacanc",
    "resume",
    "résumé",
    "cv",
    "onsite",
    "on-site",
    "screening",
    "hire",
    "take-home",
    "move you to",
    "move forward",
    "moving forward",
    "unfortunately",
    "caught my eye",
    "your profile",
    "your background",
    "your experience",
    "bewerb",
    "stelle",
    "absage",
    "karriere",
    "kandidat",
    "gespräch",
    "personal",
    "leider",
    "poste",
    "entretien",
    "recrutement",
    "embauche",
    "malheureusement",
    "solicitud",
    "vacante",
    "puesto",
    "entrevista",
    "oferta",
    "selecci",
    "empleo",
    "lamentablemente",
    "lamentamos",
    "proceso",
    "processo",
    "vaga",
    "colloquio",
    "selezion",
    "sollicit",
    "vacature",
    "gesprek",
    "currículo",
    "curriculum",
    "hoja de vida",
    "oportunidad",
    "opportunità",
    "infelizmente",
    "purtroppo",
    "helaas",
    "recrut",
    "assunzion",
    "perfil",
    "profilo",
    "functie",
    "seleção",
    "not selected",
    "other candidates",
)


def looks_job_related(low: str) -> bool:
    """True if a lower-cased text contains any job-search word (the cheap gate)."""
    return any(w in low for w in GATE_WORDS)


C = Category
REJECTION = C.REJECTION.value
RECEIVED = C.APPLICATION_RECEIVED.value
INTERVIEW = C.INTERVIEW.value
OFFER = C.OFFER.value
OUTREACH = C.RECRUITER_OUTREACH.value
OTHER = C.OTHER.value

CATEGORY_RULES: tuple[Rule, ...] = tuple(
    # ---- rejections -------------------------------------------------------------
    _rules(
        REJECTION,
        4.0,
        r"(?:decided|chosen|elected|opted|made the decision|going|have to|had to|need to)\s+"
        r"(?:not\s+)?(?:to\s+)?(?:move|moving|go|going|proceed|proceeding|continue|pursue|progress)\s+"
        r"(?:forward\s+|ahead\s+|on\s+)?with\s+(?:an?\s+)?(?:other|another|different|alternative|a few other|"
        r"other qualified|more qualified|the)?\s*(?:candidate|applicant|profile|person|individual)",
        r"(?:won'?t|will not|not be|aren'?t|are not|we'?re not|cannot|can'?t|unable to|not able to)"
        r"\s+(?:be\s+)?(?:moving|move|going|proceed|proceeding|progress|progressing|advancing|advance|"
        r"taking|take)\s+(?:forward|further|ahead|any further)?\s*(?:with|to)\s+your\s+"
        r"(?:application|candidacy|candidature|profile)",
        r"(?:not|won'?t)\s+(?:be\s+)?(?:moving|taking)\s+(?:you\s+|your application\s+)?"
        r"(?:forward|further|to the next)",
        r"(?:decided|chosen|opted)\s+(?:not\s+to|to not)\s+(?:move|proceed|progress|continue|pursue|"
        r"advance|offer|extend|take|invite|shortlist)",
        r"regret to (?:inform|let you know|tell you|share)",
        r"(?:offer|offered|extend(?:ed)? an offer|gone|go|went)\s+(?:the\s+(?:role|position|job)\s+)?"
        r"(?:to|with)\s+(?:another|a different|an internal|one other|someone else|other)\s*"
        r"(?:candidate|applicant|person)?",
        r"(?:were|was|have not been|has not been|haven'?t been|hasn'?t been|not been|weren'?t|wasn'?t)"
        r"\s+(?:selected|successful|shortlisted|chosen)",
        r"(?:position|role|vacancy|opening|job)\s+(?:has|had)\s+(?:now\s+)?(?:been|already been)\s+"
        r"(?:filled|closed)",
        r"other candidates?\s+(?:whose|who)\s+(?:experience|background|skills?|qualifications?|profile|"
        r"more closely|better|are a closer|were a closer|was a closer)",
        r"(?:more|most)\s+closely\s+(?:match|matches|matched|align|aligns|aligned|fit|fits)",
        r"(?:a\s+)?(?:closer|better|stronger)\s+(?:match|fit|alignment)",
        r"(?:not|isn'?t|wasn'?t)\s+(?:quite\s+)?(?:the\s+)?right\s+(?:fit|match|time)",
        r"not (?:able|in a position) to offer you",
        r"(?:decided|decision)\s+(?:to\s+)?(?:go|going)\s+(?:in|with)\s+a\s+different\s+direction",
        r"unable to (?:offer|progress|proceed|move)",
        r"won'?t be (?:progressing|proceeding|continuing|taking|extending)",
        r"not (?:be )?(?:progressing|proceeding) (?:further|any further|to the next)",
        r"close (?:out )?your (?:application|candidacy)",
        r"bad news",
        r"(?:don'?t|do not) (?:think|believe|feel) (?:this|that|it|the|we|you)[^.\n]{0,40}"
        r"(?:right|good|strong|best) (?:fit|match)",
        r"(?:won'?t|will not|not) be able to (?:move|take|progress|advance) you",
        r"decided to prioriti[sz]e (?:other )?(?:candidates|applicants|profiles|people)",
        r"not going to (?:move|proceed|progress|take|go) (?:forward|further|ahead|you)",
        r"(?:won'?t|will not|not)\s+be\s+(?:moving|going|proceeding)\s+(?:forward|ahead)\s+with\s+"
        r"(?:you\b|your)",
        r"(?:ended up|decided on|have decided on|went with|gone with)\s+(?:hiring|offering|choosing|"
        r"selecting)\s+(?:someone|another|a different|an internal|a candidate)|hired someone",
        r"(?:better|more closely)\s+(?:meet|meets|match|matches|fit|fits|suit|suits)\s+(?:our|the)",
        r"(?:won'?t|will not|not)\s+be\s+(?:extending|making|offering)\s+(?:you\s+)?(?:an?\s+)?offer",
        r"(?:decided to|will|to)\s+pursue\s+(?:other|another|different)\s+(?:candidates?|applicants?|profiles?)",
        r"(?:selected|chosen|hired|identified|appointed)\s+(?:another|a different|other|an internal|a more)\s+"
        r"(?:\w+\s+)?(?:candidate|applicant|person|profile)",
        r"(?:won'?t|will not|not)\s+be\s+(?:inviting|advancing|progressing|shortlisting)\s+you",
        r"(?:must|have to|had to|will have to)\s+decline|(?:declined|decline)\s+your\s+application|"
        r"pass on your (?:application|candidacy|profile)",
        r"(?:application|candidacy)\s+(?:was|has been|is)\s+unsuccessful|not been successful",
        r"(?:go|going|move|moving|went|head|heading)\s+in\s+a\s+(?:different|new|another)\s+direction",
        r"(?:decided|going|chose|chosen|opted)\s+to\s+(?:hire|bring on|go with|offer (?:it|the (?:role|job|position)) to)\s+"
        r"(?:someone|somebody|another|a different|a more)",
        r"(?:going|go|gone|went)\s+with\s+(?:someone|somebody)\s+else",
        r"(?:fill|filled|filling)\s+(?:this|the)\s+(?:role|position|vacancy|opening)\s+(?:internally|"
        r"with\s+an\s+internal)",
        r"(?:won'?t|will not|not)\s+be\s+filling\s+(?:this|the)\s+(?:role|position|vacancy|opening)",
        r"(?:closed|cancelled|canceled|withdrawn)\s+the\s+(?:[\w-]+\s+){0,5}(?:opening|role|position|"
        r"vacancy|requisition|job)\s+(?:that\s+)?you\s+applied",
        r"(?:position|role|vacancy|opening|search)\s+(?:has been|is|was)\s+(?:put\s+)?on\s+hold|"
        r"put\s+(?:this|the)\s+(?:position|role|search|hire)\s+on\s+hold",
        r"(?:not|n'?t)\s+(?:going to\s+)?take\s+(?:it|things|this|your application)\s+(?:any\s+)?further",
        r"anderweitig\s+(?:besetzt|vergeben)|gegen\s+(?:sie|dich|ihre bewerbung|deine bewerbung)\s+entschieden|"
        r"keine\s+berücksichtigung",
        r"(?:ne|n')\s*(?:pouvons|pourrons|donnerons|pourrions|allons)?\s*pas\s+(?:y\s+)?(?:donner\s+)?suite|"
        r"au regret de|(?:poste|offre)\s+(?:a été|est)\s+pourvu",
        r"seleccionado\s+a\s+otr|no\s+(?:continuarás|seguirás|avanzarás)|"
        r"(?:vacante|puesto|posición)\s+(?:ya\s+)?(?:ha sido|fue)\s+cubiert",
        # German
        r"(?:leider|bedauerlicherweise)\s+(?:müssen|mussten|können|konnten)\s+wir\s+ihnen\s+"
        r"(?:mitteilen|keine|nicht)",
        r"nicht\s+(?:weiter\s+|mehr\s+)?(?:zu\s+)?berücksichtig",
        r"(?:für|mit)\s+(?:eine[nm]?\s+)?(?:andere[nm]?|weitere[nm]?)\s+"
        r"(?:bewerber|kandidat|profil)",
        r"nicht\s+in\s+die\s+(?:engere|nächste)\s+(?:auswahl|runde)",
        r"keine\s+(?:positive\s+)?(?:rückmeldung|zusage)\s+geben",
        r"(?:absage|negative nachricht|negativen bescheid)",
        r"nicht\s+(?:weiter\s+)?(?:verfolgen|fortsetzen|berücksichtigen)",
        # French
        r"(?:nous|j')\s*avons le regret",
        r"(?:pas|plus)\s+(?:pu|pouvoir|pouvons|pourrons)\s+(?:y\s+)?donner\s+(?:une\s+)?suite",
        r"ne\s+(?:pas\s+)?donner\s+suite|pas\s+donner\s+suite|pas de suite favorable",
        r"(?:pas|n'a pas|n'avez pas)\s+été\s+retenu",
        r"(?:retenu|choisi|privilégié)\s+(?:un|une|d'autres|l'autre)\s+(?:autre\s+)?"
        r"(?:candidat|profil)",
        r"ne\s+(?:sommes|pouvons)\s+pas\s+en\s+mesure\s+de\s+(?:poursuivre|retenir|donner)",
        r"ne\s+correspond\s+pas",
        r"(?:ne pas|pas)\s+poursuivre\s+(?:avec|le processus|votre|notre)",
        # Spanish
        r"lamentamos\s+(?:informarte|informarle|comunicarte|comunicarle|decirte)",
        r"(?:no\s+)?(?:ha|has|hemos)\s+(?:sido\s+)?(?:no\s+)?seleccionad[oa]s?\s+(?:a\s+)?otr",
        r"no\s+(?:has|ha)\s+sido\s+seleccionad",
        r"(?:decidido|optado)\s+(?:por\s+)?(?:continuar|seguir|avanzar|avanzando)\s+con\s+otr",
        r"no\s+(?:continuar|seguir|avanzar)(?:emos|á)?\s+con\s+(?:tu|su)\s+(?:candidatura|solicitud|proceso)",
        r"(?:otros?|otras?)\s+(?:perfiles|candidat[oa]s|candidaturas)\s+(?:que|cuya|cuyo|más)",
        r"no\s+(?:podemos|podremos)\s+(?:seguir|avanzar|continuar|ofrecerte)",
    )
    + _rules(
        REJECTION,
        1.5,
        r"\bunfortunately\b",
        r"\bleider\b",
        r"\bmalheureusement\b",
        r"\bdesafortunadamente\b|\blamentablemente\b",
        r"keep (?:your|you) (?:resume|résumé|cv|details|profile|information|info)\s+on file",
        r"(?:in|on|for) (?:your|the rest of your) (?:job )?search",
        r"(?:many|large number of|high number of|overwhelming number of|a lot of|so many)\s+"
        r"(?:qualified\s+|strong\s+|talented\s+|excellent\s+)?(?:applications|applicants|candidates)",
        r"difficult decision|tough decision|hard decision|difficult choice|tough call",
        r"not the (?:news|outcome|answer) (?:you|you'?d|you were)|after careful consideration|"
        r"en esta ocasión|à cette occasion|diesmal|dieses mal",
        r"future (?:openings|opportunities|roles|positions)",
        r"wish you (?:the best|every success|all the best|luck|success)",
        r"zukünftige|weiteren (?:beruflichen )?weg|viel erfolg",
        r"bonne continuation|vos (?:futures?|prochaines?) (?:recherches|démarches)",
        r"éxito en (?:tu|su) (?:búsqueda|carrera)|futuras (?:oportunidades|vacantes)",
    )
    # ---- application received ---------------------------------------------------
    + _rules(
        RECEIVED,
        4.0,
        # A job board confirming an application sent through it.
        r"your application was sent to|application (?:was )?sent to \w|items were sent to",
    )
    + _rules(
        RECEIVED,
        2.5,
        r"(?:we(?:'ve| have)?|has been|was|been)\s+(?:successfully\s+)?received\s+"
        r"(?:your\s+)?(?:application|applications|resume|résumé|cv)?",
        r"your application (?:has been|was|is)\s+(?:successfully\s+)?(?:received|submitted|"
        r"complete|in|on its way)",
        r"application\s+(?:confirmation|received|submitted)",
        r"if (?:your|you) (?:skills|experience|qualifications|background|profile)?\s*"
        r"(?:match|matches|align|aligns|fit|fits|are a (?:good )?(?:match|fit))",
        r"thanks? (?:you )?for (?:submitting|completing)",
        r"confirm(?:s|ing)?\s+(?:the\s+)?receipt\s+of\s+your|(?:this is to|we)\s+confirm\s+that\s+we\s+"
        r"(?:have\s+)?received",
        r"(?:contact|be in touch with|reach out to)\s+you\s+if\s+(?:there\s+is|there'?s|we\s+see)\s+a\s+"
        r"(?:match|fit)",
        r"we(?:'re| are) (?:reviewing|currently reviewing)",
        # German
        r"(?:ihre|deine)\s+bewerbung\s+(?:ist|sind)\s+(?:bei uns\s+)?(?:eingegangen|angekommen)",
        r"eingangsbestätigung|bewerbung\s+erhalten|eingang\s+(?:ihrer|deiner)\s+bewerbung",
        r"(?:wir\s+)?(?:werden|melden)\s+(?:uns\s+)?(?:ihre|deine)?\s*(?:unterlagen\s+)?"
        r"(?:sorgfältig\s+)?(?:prüfen|sichten|bei ihnen|bei dir)",
        # French
        r"(?:nous\s+)?avons\s+bien\s+reçu\s+(?:votre|ta)\s+candidature",
        r"accusé de réception|candidature\s+(?:a bien été|a été)\s+(?:reçue|enregistrée|transmise)",
        r"(?:nous\s+)?(?:allons|reviendrons)\s+(?:étudier|examiner|vers vous)",
        # Spanish
        r"hemos\s+recibido\s+(?:correctamente\s+)?(?:tu|su)\s+(?:candidatura|solicitud|cv)",
        r"confirmamos\s+(?:la\s+)?recepción|(?:tu|su)\s+(?:candidatura|solicitud)\s+(?:ha sido|fue)\s+"
        r"(?:recibida|registrada|enviada)",
        r"(?:revisaremos|vamos a revisar|estudiaremos)\s+(?:tu|su)",
    )
    + _rules(
        RECEIVED,
        1.5,
        r"(?:we|our (?:team|recruiters?|hiring team|talent team|recruiting team))\s+(?:will|'ll)\s+"
        r"(?:now\s+)?(?:carefully\s+)?(?:review|be reviewing|look at|go through)\s+(?:your|it|all)",
        r"(?:we'?ll|we will)\s+(?:be\s+)?(?:in touch|get back to you|contact you|reach out)",
    )
    + _rules(
        RECEIVED,
        1.0,
        r"thanks? (?:you )?for (?:applying|your application|your interest)",
        r"vielen dank für (?:ihre|deine) bewerbung|danke für (?:ihre|deine) bewerbung",
        r"merci (?:pour|de) (?:votre|ta) candidature|merci de l'intérêt",
        r"gracias por (?:tu|su) (?:candidatura|solicitud|interés)",
    )
    # ---- interview invitations ------------------------------------------------
    + _rules(
        INTERVIEW,
        2.5,
        r"(?:schedule|book|arrange|set up|find|organi[sz]e|line up)\s+(?:a|an|your|the|some|our)\s+"
        r"(?:\w+\s+){0,2}(?:call|interview|chat|time|screen|conversation|meeting|slot|onsite)",
        r"invite you (?:to|for) (?:a|an|the|our)?\s*(?:\w+\s+){0,3}(?:interview|call|conversation|"
        r"onsite|chat|round|meeting|assessment)",
        r"(?:move|moving|advance|advancing|invite)\s+you\s+(?:forward\s+)?(?:to|into)\s+(?:the|our)\s+"
        r"(?:next\s+|[\w-]+\s+)?(?:round|step|stage)",
        r"(?:seriez|êtes)-vous disponible",
        r"(?:échanger|discuter)\s+avec\s+vous\s+lors\s+d'un",
        r"entretien\s+(?:téléphonique|en visio|visio|vidéo)",
        r"(?:complete|take)\s+(?:a|an|the|your)\s+(?:recorded\s+|online\s+|one-way\s+)?"
        r"(?:video interview|assessment|take-home)",
        r"(?:your|share your|send (?:me|us) your|what is your|let me know your)\s+availability",
        r"(?:pick|choose|select|grab)\s+(?:a|the)\s+(?:time|slot)",
        r"calendly\.com|cal\.com/|use this link to book|booking link|scheduling link",
        r"interview\s+(?:invitation|request|confirmation|scheduled|details)",
        r"(?:invited|inviting you|invite you)\s+to\s+(?:our|the|a|an|your)\s+(?:\w+\s+){0,2}"
        r"(?:round|interview|onsite|on-site|call|stage|assessment|conversation)",
        r"(?:dates?|times?|slots?|days?) that (?:work|suit|would work)",
        r"confirm(?:ing)? (?:your|the) (?:interview|call|meeting|onsite)",
        r"(?:you'?ll|you will) (?:meet|be meeting|speak with|talk with)",
    )
    + _rules(
        INTERVIEW,
        1.5,
        r"your (?:interview|onsite|call) (?:on|with|is|will|for)",
        r"(?:would|'d)\s+(?:love|like)\s+to\s+(?:invite|schedule|set up|speak with you|chat with you|"
        r"meet you|talk with you|move you forward)",
        r"(?:are|would) you (?:be )?(?:available|free)\s+(?:for|on|next|this)",
        # German
        r"einladung\s+(?:zu\w*\s+)?(?:\w+\s+)?(?:vorstellungs|kennenlern)?gespräch",
        r"(?:möchten|würden)\s+(?:wir\s+)?(?:sie|dich)\s+(?:gerne\s+)?(?:zu\s+einem|persönlich\s+)?"
        r"(?:\w+\s+)?(?:kennenlernen|einladen)",
        r"terminvorschl|passenden termin",
        # French
        r"(?:vous\s+)?(?:inviter|convier)\s+(?:à|a)\s+un\s+(?:premier\s+)?entretien|"
        r"(?:vos|tes)\s+disponibilités",
        r"vous\s+rencontrer|organiser\s+un\s+(?:échange|entretien)",
        # Spanish
        r"(?:invitarte|invitarle|citarte)\s+a\s+una\s+(?:entrevista|llamada|reunión)",
        r"(?:tu|su)\s+disponibilidad|agendar\s+una\s+(?:entrevista|llamada)|conocerte",
    )
    + _rules(
        INTERVIEW,
        1.0,
        r"next (?:step|steps|round|stage)",
        r"\binterview\b",
        r"nächste(?:n)? (?:schritt|runde)",
        r"prochaine étape",
        r"siguiente (?:paso|fase|etapa)",
    )
    # ---- offers -----------------------------------------------------------------
    + _rules(
        OFFER,
        3.0,
        r"(?:pleased|delighted|happy|thrilled|excited|glad)\s+to\s+(?:formally\s+)?"
        r"(?:extend|offer|make|present|share)\s+(?:you\s+)?(?:an?|the|our|this)?\s*(?:formal\s+|written\s+)?"
        r"(?:offer|position|role)",
        r"offer letter|formal offer|written offer|verbal offer|offer of employment|employment offer|"
        r"offer details|offer package",
        r"(?:would|'d)\s+like\s+to\s+offer\s+you",
        r"(?:we are|we'?re)\s+offering\s+you",
        r"your (?:offer|offer letter) (?:letter|for|is|package|details)",
        r"vertragsangebot|arbeitsvertrag|(?:ihnen|dir)\s+(?:die\s+)?(?:stelle|position)\s+anzubieten",
        r"promesse d'embauche|proposition (?:d'embauche|de contrat|d'emploi)|vous proposer le poste",
        r"oferta (?:formal|de trabajo|laboral|de empleo)|carta oferta|ofrecerte (?:el|la) (?:puesto|posición)",
    )
    + _rules(
        OFFER,
        1.0,
        r"start date|base salary|signing bonus|sign-on bonus|equity|stock options|compensation package",
        r"welcome (?:to the team|aboard)",
        r"congratulations|félicitations|glückwunsch|enhorabuena|felicidades",
        r"countersign|sign (?:and return|the offer)|accept the offer",
    )
    # ---- recruiter outreach -----------------------------------------------------
    + _rules(
        OUTREACH,
        2.5,
        r"came across your (?:profile|background|experience|work|github|portfolio|cv|resume)",
        r"caught my eye|stood out to me|(?:love|like) to tell you (?:more )?(?:about|what)",
        r"(?:we'?re|we are|i'?m|i am)\s+(?:currently\s+)?hiring\s+(?:our|a|an|for)\s+(?:first\s+)?",
        r"(?:we'?re|we are) (?:building|growing|scaling) (?:the|our|a|an)",
        r"(?:i'?m|i am)\s+(?:a|an|the)\s+(?:\w+\s+){0,3}(?:recruiter|headhunter|sourcer|talent partner)",
        r"reaching out (?:because|about|regarding|to see|to ask|to gauge|as|since|with)",
        r"(?:would you be|are you)\s+(?:open|interested)\s+(?:to|in)\s+(?:a|an|hearing|exploring|learning|"
        r"new|discussing|chatting|having)",
        r"open to (?:new )?(?:opportunities|a (?:quick )?(?:chat|call|conversation)|hearing)",
        r"(?:on behalf of|working with)\s+(?:my|our|a)\s+client",
        r"(?:i'?m|we'?re|i am|we are)\s+(?:exclusively\s+)?(?:partnering|working)\s+with\s+(?:a|an|one of)\s",
        r"your (?:profile|background|experience) (?:on linkedin |on github )?(?:caught|stood out|looks|"
        r"seems|impressed|is a great)",
        r"(?:ihr|dein)\s+profil\s+(?:ist mir|hat mich|auf|bei)|(?:bin|sind)\s+auf\s+(?:ihr|dein)\s+profil",
        r"(?:votre|ton)\s+profil\s+(?:a retenu|m'a|correspond|sur)",
        r"(?:tu|su)\s+perfil\s+(?:me|nos|en|ha)",
    )
    + _rules(
        OUTREACH,
        1.0,
        r"exciting opportunity|great opportunity|new opportunity",
        r"quick (?:chat|call)|15[- ]minute|20[- ]minute|30[- ]minute",
        r"\b(?:my|our) client\b",
        r"(?:confidential|exclusive|retained)\s+(?:[\w-]+\s+){0,4}(?:search|role|opportunity|position)",
        r"\bheadhunt|\bsourcing\b",
    )
    # ---- more declines, and Portuguese, Italian and Dutch ------------------------
    + _rules(
        REJECTION,
        4.0,
        r"regret(?:fully)?,? (?:that |to (?:say|share) that )?(?:we|i)\b[^.;!?]{0,50}(?:no longer|unable|"
        r"not able|cannot|can't|won't|will not|not (?:be )?(?:considering|moving|proceeding|progressing|"
        r"inviting|able|in a position))",
        r"(?:no longer|unable to|not able to|cannot|can't|won't be able to|not in a position to)\s+"
        r"(?:be\s+)?consider(?:ing)?\s+(?:you|your\s+(?:application|candidacy|profile)|candidates)",
        r"(?:not able|unable|not in a position) to (?:invite you|move you|progress you|advance you|"
        r"take you|sponsor)",
        r"(?:resume|résumé|cv|application|profile|candidacy|you)\s+(?:was|were|has|have|had)?\s*"
        r"(?:not been|wasn't|was not|weren't|were not|hasn't been|haven't been)\s+"
        r"(?:selected|shortlisted|chosen|successful|progressed|advanced)",
        r"(?:position|role|requisition|req|vacancy|opening|posting|search)\s+(?:has been|was|have been|"
        r"had to be|is being|has now been)\s+(?:cancel+ed|withdrawn|eliminated|paused|frozen|closed|"
        r"filled|put on hold)",
        r"(?:moving|move|proceed|proceeding|continue|continuing|going|go|progress|progressing)\s+"
        r"(?:forward\s+|ahead\s+)?with\s+(?:other|another|different|a different|more qualified|"
        r"stronger|a small number of other)\s+(?:[\w-]+\s+){0,2}(?:candidates?|applicants?|profiles?)",
        r"(?:not|unable to|not able to|won't|cannot|can't)\s+(?:be\s+able\s+to\s+)?pursue\s+your\s+"
        r"(?:application|candidacy)",
        r"hiring freeze|(?:close|closing|closed|withdraw|withdrawing)\s+(?:out\s+)?(?:your|all)\s+"
        r"(?:application|applications|candidacy)",
        r"(?:will not|won't|not)\s+be\s+(?:inviting|moving)\s+you\s+(?:to|forward|on)",
        # Portuguese
        r"(?:não|nao)\s+(?:foi|foste|fostes|será|seria)\s+(?:possível\s+)?(?:selecionad|aprovad|avançar|"
        r"seguir|prosseguir|dar continuidade)",
        r"(?:optamos|decidimos|escolhemos)\s+(?:por\s+)?(?:seguir|avançar|prosseguir|continuar)\s+"
        r"(?:o processo\s+)?com\s+outr",
        r"(?:não|nao)\s+(?:vamos|iremos|podemos|poderemos|conseguiremos|seguiremos|avançaremos)\s+"
        r"(?:\w+\s+)?(?:seguir|avançar|prosseguir|dar continuidade|com a sua|com sua|com a tua)",
        r"outr[oa]s?\s+(?:candidat[oa]s?|perfis|perfil)\s+(?:cujo|cuja|que|mais)",
        r"vaga\s+(?:foi|já foi|acabou de ser)\s+(?:preenchida|encerrada|cancelada|suspensa)",
        r"(?:seu|teu)\s+perfil\s+(?:não|nao)\s+(?:foi|será|seguirá|avançará)",
        # Italian
        r"(?:non|non è stat[oa]|non sei stat[oa])\s+(?:selezionat|ammess|scelt)",
        r"(?:abbiamo|hanno)\s+(?:deciso|scelto)\s+di\s+(?:proseguire|procedere|andare avanti|continuare)\s+"
        r"con\s+altr",
        r"(?:abbiamo deciso di\s+)?non\s+(?:potremo|possiamo|proseguiremo|procederemo|daremo)\s+"
        r"(?:\w+\s+)?(?:proseguire|procedere|seguito|avanti)",
        r"altr[ioe]\s+(?:candidat[ioe]|profil[io])\s+(?:il cui|la cui|che|più)",
        r"posizione\s+(?:è stata|e' stata|e stata)\s+(?:coperta|chiusa|annullata|sospesa)",
        # Dutch
        r"(?:hebben|heeft)\s+(?:\w+\s+){0,2}(?:besloten|gekozen)\s+(?:om\s+)?(?:niet|verder te gaan met|"
        r"door te gaan met)\s+(?:een\s+)?(?:andere|jouw|je|uw)?",
        r"(?:niet|geen)\s+(?:verder|door)\s+(?:gaan|te gaan)\s+met\s+(?:je|jouw|uw)",
        r"(?:andere|een andere|de andere)\s+kandida(?:at|ten)",
        r"(?:niet|geen)\s+(?:uitnodigen|uit te nodigen)|afgewezen|afwijzing",
        r"vacature\s+is\s+(?:inmiddels\s+)?(?:vervuld|ingevuld|gesloten|ingetrokken|komen te vervallen)",
        # Spanish, more
        r"(?:no\s+(?:ha|has|han)\s+sido\s+(?:seleccionad|elegid|preseleccionad))|"
        r"(?:hemos|han)\s+decidido\s+(?:no\s+(?:continuar|seguir|avanzar)|(?:continuar|seguir|avanzar)\s+con\s+otr)",
        r"(?:proceso|vacante|posición|puesto)\s+(?:ha sido|fue|ha quedado)\s+(?:cancelad|cerrad|"
        r"suspendid|cubiert)",
        r"no\s+(?:seguirá|avanzará|continuará|podremos avanzar|podremos seguir|será posible avanzar)",
    )
    + _rules(
        REJECTION,
        1.5,
        r"\binfelizmente\b|\blamentavelmente\b|\bpurtroppo\b|\bhelaas\b|\bspiacenti\b|"
        r"\blamentamos\b|\bci dispiace\b",
    )
    + _rules(
        RECEIVED,
        2.5,
        r"recebemos\s+(?:a\s+)?(?:sua|tua)\s+candidatura|candidatura\s+(?:foi\s+)?(?:recebida|registrada)|"
        r"(?:vamos|iremos)\s+analisar",
        r"abbiamo\s+ricevuto\s+(?:la\s+)?(?:tua|sua)\s+candidatura|candidatura\s+(?:è stata\s+)?"
        r"(?:ricevuta|registrata)|(?:valuteremo|esamineremo)",
        r"(?:we|wij)\s+hebben\s+(?:je|jouw|uw)\s+sollicitatie\s+(?:in\s+goede\s+orde\s+|goed\s+)?"
        r"ontvangen|ontvangstbevestiging|bedankt voor (?:je|jouw|uw) sollicitatie",
        r"(?:application|applications|resume|cv)\s+(?:is|are)\s+(?:now\s+)?(?:under|in)\s+review|"
        r"(?:currently\s+)?under\s+review",
    )
    + _rules(
        INTERVIEW,
        2.5,
        r"convidar(?:te|lo|la|você)?\s+para\s+(?:uma\s+)?(?:entrevista|conversa)|(?:sua|tua)\s+"
        r"disponibilidade|agendar\s+(?:uma\s+)?(?:entrevista|conversa|call)",
        r"invitart[ie]\s+(?:a|per)\s+(?:un\s+)?colloquio|colloquio\s+(?:conoscitivo|tecnico|"
        r"telefonico|finale)|(?:tua|sua)\s+disponibilità|fissare\s+un\s+colloquio",
        r"uitnodigen\s+voor\s+(?:een\s+)?(?:\w+\s+)?(?:gesprek|sollicitatiegesprek|kennismakingsgesprek)|"
        r"(?:je|jouw|uw)\s+beschikbaarheid|(?:een\s+)?gesprek\s+(?:in\s+te\s+plannen|plannen)",
    )
    + _rules(
        OFFER,
        3.0,
        r"proposta\s+(?:de emprego|formal|de trabalho|de contratação)|carta\s+(?:proposta|de oferta)",
        r"offerta\s+(?:di lavoro|formale)|lettera\s+di\s+(?:assunzione|offerta)|proposta di assunzione",
        r"(?:ons\s+)?(?:aanbod|arbeidsovereenkomst|contractvoorstel|arbeidsvoorwaardenvoorstel)",
    )
    # ---- everything else: alerts, digests, newsletters --------------------------
    + _rules(
        OTHER,
        3.0,
        r"jobs? (?:for you|matching|you may|recommended)|new jobs?\b|recommended jobs?|"
        r"you are receiving (?:job )?alert",
        r"(?:jobs|roles|positions) (?:that|which) (?:match|might|may)",
        r"based on your (?:profile|search|preferences|saved search)",
        r"newsletter|weekly digest|daily digest|this week'?s (?:issue|edition)|in this issue",
        r"view (?:this email )?in (?:your )?browser|manage (?:your )?(?:alert|email|notification) "
        r"(?:settings|preferences)",
        r"stellenangebote für sie|neue jobs|jobempfehlung",
        r"offres? d'emploi (?:pour vous|recommandées)|alerte(?:s)? emploi",
        r"ofertas (?:de empleo )?(?:para ti|recomendadas)|alertas? de empleo",
        r"webinar|podcast|read more|register now|sign up today",
    )
    + _rules(
        OTHER,
        1.0,
        r"unsubscribe|abmelden|se désabonner|désinscri|darse de baja|cancelar (?:la )?suscripción",
        r"job alerts?",
        r"\barticle\b|\btips\b|\bguide\b",
    )
)

# Kind of rejection: personal (someone who spoke with the candidate) vs form.
PERSONAL = RejectionKind.PERSONAL.value
FORM = RejectionKind.FORM.value

KIND_RULES: tuple[Rule, ...] = tuple(
    _rules(
        PERSONAL,
        2.5,
        r"(?:thank you|thanks)\s+(?:so much\s+|again\s+)?for\s+(?:taking the time to\s+|the time you spent\s+)?"
        r"(?:speak|speaking|meet|meeting|interview|interviewing|chat|chatting|talk|talking|"
        r"your time (?:with|last|on|this|yesterday)|coming in|the conversation|the call|the chat|"
        r"the interviews?|your interviews?|going through|the time you)",
        r"(?:enjoyed|loved|appreciated|pleasure)\s+(?:\w+\s+){0,2}(?:speaking|meeting|talking|getting to know|"
        r"chatting|our conversation|the conversation|interviewing|learning)",
        r"(?:after|following|since)\s+(?:your|our|the)\s+(?:\w+\s+){0,2}(?:interview|interviews|conversation|"
        r"call|onsite|panel|chat|meeting|conversations)",
        r"(?:your|our)\s+(?:\w+\s+){0,2}(?:interviews?|conversations?|onsite|on-site|panel|chat|"
        r"call|meeting)\s+(?:with|last|on|yesterday|this|earlier)",
        r"(?:met|spoke|talked)\s+with\s+(?:you|the team|me|us|several)",
        r"(?:great|nice|lovely|good|pleasure|fun)\s+(?:chatting|speaking|talking|meeting|to meet|to speak)",
        r"(?:after|since)\s+meeting\s+(?:with\s+)?(?:you|the team)|your time with (?:us|the team|me)|"
        r"the interviewers|(?:let you know|tell you|hear this from me|write to you)\s+personally",
        r"(?:interview|hiring|interviewing)\s+(?:panel|team|loop)",
        r"(?:final|second|third|last|technical|onsite|on-site)\s+(?:round|interview|stage|conversation)",
        r"(?:gespräch|gesprächen|kennenlernen)\s+(?:mit|bei|am)|(?:unser|ihr|das)\s+"
        r"(?:persönliches\s+)?(?:gespräch|interview)",
        r"(?:notre|votre|nos)\s+(?:échange|entretien|entretiens|rencontre)",
        r"(?:nuestra|tu|su|la)\s+(?:conversación|entrevista|entrevistas|reunión)",
    )
    + _rules(
        PERSONAL,
        1.0,
        r"\bfeedback\b|rückmeldung|retours?\b|comentarios",
        r"hiring manager|the team (?:really )?(?:liked|enjoyed|appreciated|was impressed)",
        r"\bI (?:know|wanted|want|really|personally)\b",
    )
    + _rules(
        FORM,
        2.0,
        r"(?:high|large|overwhelming|significant)\s+(?:volume|number)\s+of\s+(?:applications|applicants|"
        r"candidates)",
        r"(?:many|large number of|so many|numerous)\s+(?:qualified\s+|strong\s+|talented\s+)?"
        r"(?:applications|applicants|candidates)",
        r"do not reply|don'?t reply|not monitored|automated (?:message|email)|"
        r"this (?:is an )?(?:automatic|automated)",
        r"dear (?:candidate|applicant)",
        r"(?:reviewed|reviewing|review of|considered)\s+(?:your|all)\s+"
        r"(?:application|applications|qualifications|background|resume|profile|cv)",
        r"(?:unable|not able) to (?:provide|offer|give) (?:individual|personal|specific)?\s*feedback",
        r"zahlreich|vielzahl|nicht antworten|automatisch",
        r"nombreuses candidatures|ne pas répondre|automatique",
        r"gran (?:número|cantidad|volumen) de|no respondas|automático",
    )
)

STAGE_RULES: tuple[Rule, ...] = tuple(
    _rules(
        Stage.FINAL_ROUND.value,
        3.0,
        r"final (?:round|interview|stage|conversation|interviews|step)|last round|last stage|"
        r"onsite|on-site|on site|superday|final panel|finalist|references? checks?|"
        r"checked (?:your )?references|trial (?:shift|day)|probetag|journée d'essai|día de prueba",
        r"finalen? (?:runde|gespräch)|letzte(?:n)? runde|entretien final|dernier entretien|"
        r"dernière étape|entrevista final|última (?:ronda|fase|entrevista)",
    )
    + _rules(
        Stage.HIRING_MANAGER.value,
        2.0,
        r"(?:interview\w*|conversation|chat|meeting|met|spoke|speaking|session)\s+(?:\w+\s+){0,2}"
        r"with\s+(?:the |our |your )?(?:hiring manager|team lead|head of|engineering manager|team)",
        r"technical (?:interview|round|assessment|conversation|screen)|"
        r"second (?:round|interview)|case study|take-home|take home|pairing session|panel interview",
        r"fachgespräch|fachbereich|zweite(?:n)? (?:runde|gespräch)|"
        r"entretien technique|entrevista técnica|segunda entrevista",
        r"(?:team|panel|interviewers|hiring team)\s+(?:really\s+|all\s+)?(?:enjoyed|liked|appreciated)\s+"
        r"(?:meeting|speaking|talking|getting to know|chatting)",
        r"vorstellungsgespräch|persönliche(?:n|s)? gespräch|entretien avec (?:le|la|notre) "
        r"(?:manager|responsable|directeur|directrice|équipe)|entrevista con (?:el|la) "
        r"(?:equipo|responsable|director|directora)",
    )
    + _rules(
        Stage.RECRUITER_SCREEN.value,
        1.5,
        r"(?:phone|initial|intro|introductory|first|recruiter|screening|short)\s+"
        r"(?:call|screen|conversation|chat|interview)|(?:speak|speaking|talk|talking|chat|chatting)\s+"
        r"with me|our call|our chat|(?:chatting|speaking|talking) with you|on the phone",
        r"telefoninterview|telefonat|erste(?:n|s)? gespräch|premier (?:échange|entretien)|"
        r"échange téléphonique|entretien téléphonique|primera (?:entrevista|llamada)|llamada inicial",
    )
)

# An interview with a named person ("your interview with Maria") means the hiring
# manager stage at least. Case matters here, so this runs on the original text.
MET_NAMED = re.compile(
    r"(?:[Ii]nterview\w*|[Cc]onversation|[Cc]hat|[Gg]espräch|[Ee]ntretien|[Ee]ntrevista|[Tt]alk)"
    r"\b[^.\n]{0,30}?\b(?:with|mit|avec|con)\s+(?P<n>[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+)",
    re.UNICODE,
)
# "...move you forward to the final round" names a stage not reached.
NOT_REACHED = re.compile(
    r"(?:forward|on|through|progress|advance|invite you|move you|moving you)\s+(?:to|into)\s+"
    r"(?:the\s+|our\s+)?$"
)
DECIDER_TITLE = re.compile(
    r"\b(?:manager|head of|director|lead|vp|vice president|cto|ceo|founder|leiter|leiterin|"
    r"directeur|directrice|responsable|jefe|jefa|directora?)\b",
    re.IGNORECASE,
)

FEEDBACK_HINT = re.compile(
    r"feedback|\bfelt\b|(?:is|are|was|were) looking for|would have (?:liked|wanted)|wanted more|"
    r"needed more|stronger|strong on|more (?:depth|experience|exposure|hands-on)|less experience|"
    r"lacked|lacking|\bgap\b|compared (?:to|with)|impressed|stood out|"
    r"areas? (?:to|for|of) (?:improve|growth|development)|(?:push|work|focus) on|quantif|"
    r"deciding factor|main reason|didn'?t see|did not see|not enough|agreed that|mentioned that|"
    r"recommend (?:that you|you|focusing)|suggest|"
    r"rückmeldung|hätten (?:wir )?uns|gewünscht|mehr erfahrung|überzeugt|retour|aurions souhaité|"
    r"plus d'expérience|nous a plu|comentarios|nos hubiera gustado|más experiencia|nos gustó",
    re.IGNORECASE,
)
NO_FEEDBACK = re.compile(
    r"(?:unable|not able|aren'?t able|are not able|cannot|can'?t|don'?t|do not|won'?t|"
    r"not in a position) to "
    r"(?:provide|offer|give|share)\s+(?:\w+\s+){0,2}feedback|no (?:individual )?feedback|"
    r"feedback (?:is|was) not|keine (?:individuelle )?rückmeldung|pas de retour|"
    r"no (?:podemos|es posible) (?:dar|ofrecer)",
    re.IGNORECASE,
)

BULK_PRECEDENCE = re.compile(r"bulk|list|junk", re.IGNORECASE)
NO_REPLY = re.compile(
    r"no[-_.]?reply|do[-_.]?not[-_.]?reply|notifications?@|mailer-daemon|bounce", re.IGNORECASE
)

CATEGORY_INDEX = RuleIndex(CATEGORY_RULES)
KIND_INDEX = RuleIndex(KIND_RULES)
STAGE_INDEX = RuleIndex(STAGE_RULES)

"""Which column is which, and what a free-text status means.

Pure. Header names are compared without case, spaces, underscores, dashes or accents,
so "Date Applied", "date_applied" and "DateApplied" are the same column.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from doorajar.errors import InvalidInput
from doorajar.model import STAGE_SYNONYMS, Outcome, RejectionKind, Stage, stage_words


class Field(StrEnum):
    """What a column can hold. Anything else lands in the application's notes."""

    COMPANY = "company"
    ROLE = "role"
    APPLIED = "applied"
    STATUS = "status"
    STAGE = "stage"
    REJECTION_KIND = "rejection_kind"
    REJECTED = "rejected"
    SOURCE = "source"
    URL = "url"
    NOTES = "notes"
    CONTACT = "contact"
    LOCATION = "location"
    SALARY = "salary"
    IGNORE = "ignore"


def norm(text: str) -> str:
    """Lowercase, accents and separators removed: the key headers are compared by."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]", "", plain.lower())


def _keys(*names: str) -> frozenset[str]:
    return frozenset(norm(n) for n in names)


# fmt: off
# English first, then common German, French and Spanish headers.
ALIASES: dict[Field, frozenset[str]] = {
    Field.COMPANY: _keys(
        "Company", "Company Name", "Employer", "Organisation", "Organization", "Org", "Firm",
        "Unternehmen", "Firma", "Arbeitgeber", "Entreprise", "Société", "Employeur", "Empresa",
        "Compañía",
    ),
    Field.ROLE: _keys(
        "Role", "Job Title", "Title", "Position", "Job", "Job Position", "Position Title",
        "Job Name", "Stelle", "Stellenbezeichnung", "Jobtitel", "Poste", "Intitulé du poste",
        "Titre", "Puesto", "Cargo", "Título del puesto",
    ),
    Field.APPLIED: _keys(
        "Date Applied", "Applied On", "Applied", "Applied Date", "Application Date", "Date",
        "Applied At", "Submitted", "Date Submitted", "Submitted On", "Beworben am",
        "Bewerbungsdatum", "Datum", "Date de candidature", "Candidature le",
        "Fecha de postulación", "Fecha de solicitud", "Fecha", "Postulado el",
    ),
    Field.STATUS: _keys(
        "Status", "State", "Result", "Outcome", "Response", "Application Status", "Statut",
        "État", "Estado", "Ergebnis",
    ),
    Field.STAGE: _keys(
        "Stage", "Phase", "Step", "Round", "Interview Stage", "Étape", "Etapa",
    ),
    Field.REJECTION_KIND: _keys(
        "Rejection", "Rejection Kind", "Rejection Type",
    ),
    Field.REJECTED: _keys(
        "Rejected On", "Rejection Date", "Date Rejected", "Rejected At", "Absage am",
        "Date de refus", "Fecha de rechazo",
    ),
    Field.SOURCE: _keys(
        "Source", "Job Source", "Via", "Found On", "Found Via", "Platform", "Channel", "Quelle",
        "Herkunft", "Fuente", "Origen", "Provenance",
    ),
    Field.URL: _keys(
        "URL", "Link", "Job URL", "Job Link", "Posting", "Posting URL", "Listing", "Job Listing",
        "Website", "Lien", "Enlace", "Stellenanzeige", "Anzeige",
    ),
    Field.NOTES: _keys(
        "Notes", "Note", "Comments", "Comment", "Remarks", "Notizen", "Bemerkungen", "Kommentar",
        "Remarques", "Commentaires", "Notas", "Comentarios",
    ),
    Field.CONTACT: _keys(
        "Contact", "Contacts", "Contact Person", "Contact Name", "Recruiter", "Hiring Manager",
        "Ansprechpartner", "Kontakt", "Interlocuteur", "Contacto",
    ),
    Field.LOCATION: _keys(
        "Location", "City", "Place", "Ort", "Standort", "Lieu", "Ville", "Ubicación", "Ciudad",
    ),
    Field.SALARY: _keys(
        "Salary", "Pay", "Compensation", "Salary Range", "Gehalt", "Salaire", "Salario", "Sueldo",
    ),
}

# fmt: on


@dataclass(frozen=True)
class Profile:
    """A known export format: its signature columns and its own header meanings."""

    name: str
    description: str
    signature: frozenset[str]
    columns: dict[str, Field]
    statuses: dict[str, str]


# JobSync (the open-source, self-hosted tracker) exports its jobs with camel-cased headers.
# Relied on: Company, JobTitle, Status, appliedDate, JobSource; JobUrl, Location, Salary and
# Description are used when present (Description lands in the notes). Its statuses "draft"
# (not sent yet) and "expired" (the posting closed without an answer) are read below.
JOBSYNC = Profile(
    name="jobsync",
    description="JobSync job export",
    signature=_keys("Company", "JobTitle", "Status", "appliedDate", "JobSource"),
    columns={
        norm("JobTitle"): Field.ROLE,
        norm("appliedDate"): Field.APPLIED,
        norm("JobSource"): Field.SOURCE,
        norm("JobUrl"): Field.URL,
        norm("Description"): Field.NOTES,
    },
    statuses={"draft": "not applied", "expired": "no response"},
)

# Huntr's board export: one row per job card. Relied on: Company, Job Title, List (the board
# column the card sits in; Huntr's default lists are Wishlist, Applied, Interview, Offer,
# Rejected), Date Applied, URL; Location, Salary and Notes when present. "Board" and the
# other date columns land in the notes.
HUNTR = Profile(
    name="huntr",
    description="Huntr board export",
    signature=_keys("Company", "Job Title", "List", "Date Applied"),
    columns={norm("List"): Field.STATUS, norm("Job Title"): Field.ROLE},
    statuses={"wishlist": "not applied"},
)

# doorajar's own `ajar export --csv`, so export -> import round-trips.
DOORAJAR = Profile(
    name="doorajar",
    description="doorajar's own CSV export",
    signature=_keys("ID", "Company", "Role", "Stage", "Outcome", "Applied", "Rejection"),
    columns={
        norm("ID"): Field.IGNORE,
        norm("Outcome"): Field.STATUS,
        norm("Stage"): Field.STAGE,
        norm("Rejection"): Field.REJECTION_KIND,
        norm("Rejected On"): Field.REJECTED,
        norm("Last Update"): Field.IGNORE,
        norm("Contacts"): Field.CONTACT,
    },
    statuses={},
)

GENERIC = Profile(
    name="generic",
    description="a spreadsheet of your own",
    signature=frozenset(),
    columns={},
    statuses={},
)

PROFILES = {p.name: p for p in (JOBSYNC, HUNTR, DOORAJAR, GENERIC)}


def detect_profile(header: Sequence[str]) -> Profile:
    """The known export whose signature columns are all in the header, else the generic one."""
    keys = {norm(h) for h in header}
    for p in (DOORAJAR, JOBSYNC, HUNTR):
        if p.signature <= keys:
            return p
    return GENERIC


def profile_named(name: str) -> Profile:
    """A profile by name, or a clear error."""
    try:
        return PROFILES[name.strip().lower()]
    except KeyError:
        raise InvalidInput(
            f"Unknown profile '{name}'; use one of: {', '.join(PROFILES)}."
        ) from None


@dataclass(frozen=True)
class Column:
    """One header cell and what it becomes; `field` None means it goes into the notes."""

    index: int
    name: str
    field: Field | None
    why: str


def parse_maps(items: Sequence[str]) -> dict[str, Field]:
    """`--map COLUMN=field` options as a header-key -> field dict."""
    out: dict[str, Field] = {}
    for item in items:
        column, sep, target = item.rpartition("=")
        if not sep or not column.strip():
            raise InvalidInput(f"--map takes COLUMN=field, e.g. 'Firma=company'; not '{item}'.")
        try:
            out[norm(column)] = Field(target.strip().lower())
        except ValueError:
            names = ", ".join(f.value for f in Field)
            raise InvalidInput(f"--map: unknown field '{target}'; use one of: {names}.") from None
    return out


def map_columns(
    header: Sequence[str], profile: Profile, maps: dict[str, Field] | None = None
) -> tuple[Column, ...]:
    """Decide each column's field: --map, then the profile, then the aliases; first one wins."""
    maps = maps or {}
    known = {norm(h) for h in header}
    missing = [k for k in maps if k not in known]
    if missing:
        raise InvalidInput(
            f"--map names a column the file does not have ({', '.join(missing)}); "
            f"its columns are: {', '.join(header)}."
        )
    taken: set[Field] = set()
    out: list[Column] = []
    for i, name in enumerate(header):
        key = norm(name)
        field: Field | None = None
        why = ""
        if key in maps:
            field, why = maps[key], "--map"
        elif key in profile.columns:
            field, why = profile.columns[key], profile.name
        else:
            field = next((f for f, keys in ALIASES.items() if key in keys), None)
            why = "name" if field else ""
        repeatable = field in (Field.NOTES, Field.IGNORE, Field.CONTACT)
        if field is not None and field in taken and not repeatable and why != "--map":
            why = f"a second {field.value} column"
            field = None
        if field is not None:
            taken.add(field)
        out.append(Column(i, name, field, why))
    return tuple(out)


# --- statuses -------------------------------------------------------------------------


@dataclass(frozen=True)
class Status:
    """What a free-text status says: stage reached, outcome, and the kind of a rejection."""

    stage: Stage | None = None
    outcome: Outcome | None = None
    kind: RejectionKind | None = None
    applied: bool = True
    known: bool = True

    def describe(self) -> str:
        """'rejected at final round', 'active at applied', 'not applied yet'."""
        if not self.known:
            return "not understood: imported as applied, the text kept in the notes"
        if not self.applied:
            return "not applied yet: row skipped"
        stage = (self.stage or Stage.APPLIED).label
        outcome = self.outcome or Outcome.ACTIVE
        if outcome is Outcome.REJECTED:
            kind = (
                {
                    RejectionKind.SILENT: "silent rejection (no reply)",
                    RejectionKind.FORM: "form rejection",
                    RejectionKind.PERSONAL: "personal rejection",
                }.get(self.kind)
                if self.kind
                else "rejection (kind by stage)"
            )
            return f"{kind} at {stage}"
        return f"{outcome.value.replace('_', ' ')} at {stage}"


def _any(words: str, phrases: Sequence[str]) -> bool:
    return any(f" {p} " in words for p in phrases)


# fmt: off
_NOT_APPLIED = (
    "wishlist", "wish list", "saved", "bookmarked", "draft", "interested", "to apply",
    "not applied", "planned", "idea", "merkliste", "a postuler", "guardado",
)
_SILENT = (
    "no response", "no reply", "no answer", "ghosted", "silence", "silent", "never heard back",
    "never heard", "no news", "keine antwort", "keine ruckmeldung", "sans reponse",
    "pas de reponse", "sin respuesta", "no response yet",
)
_WITHDRAWN = (
    "withdrawn", "withdrew", "withdraw", "pulled out", "zuruckgezogen", "retire", "retiree",
    "desisti", "retirada",
)
_DECLINED_OFFER = (
    "offer declined", "declined offer", "declined the offer", "turned down offer", "i declined",
    "angebot abgelehnt", "offre refusee", "oferta rechazada",
)
_ACCEPTED = (
    "accepted", "offer accepted", "hired", "signed", "angenommen", "eingestellt", "accepte",
    "acceptee", "aceptado", "aceptada", "contratado", "contratada",
)
_REJECTED = (
    "rejected", "rejection", "declined", "not selected", "unsuccessful", "turned down",
    "not moving forward", "denied", "abgelehnt", "absage", "refus", "refuse", "refusee",
    "rechazado", "rechazada", "rechazo", "no seleccionado",
)
_FORM = (
    "form", "form rejection", "automated", "auto reject", "template",
)
_PERSONAL = (
    "personal",
)
_APPLIED = (
    "applied", "submitted", "sent", "pending", "in review", "under review", "waiting", "open",
    "active", "in progress", "beworben", "gesendet", "offen", "postule", "postulee",
    "candidature envoyee", "en attente", "enviada", "enviado", "aplicado", "postulado",
    "pendiente",
)

# fmt: on


def read_status(text: str, profile: Profile = GENERIC) -> Status:
    """Read a status (or stage) cell: 'Rejected after phone screen', 'Ghosted', 'Onsite'..."""
    raw = text.strip()
    if not raw:
        return Status()
    words = stage_words(profile.statuses.get(raw.lower(), raw))
    try:
        value = raw.lower().replace(" ", "_").replace("-", "_")
        return Status(stage=Stage(value))
    except ValueError:
        pass
    if _any(words, _NOT_APPLIED):
        return Status(applied=False)
    stage: Stage | None = None
    if _any(words, STAGE_SYNONYMS[Stage.FINAL_ROUND]):
        stage = Stage.FINAL_ROUND
    elif _any(words, STAGE_SYNONYMS[Stage.HIRING_MANAGER]):
        stage = Stage.HIRING_MANAGER
    elif _any(words, STAGE_SYNONYMS[Stage.RECRUITER_SCREEN]):
        stage = Stage.RECRUITER_SCREEN
    outcome: Outcome | None = None
    kind: RejectionKind | None = None
    if _any(words, _WITHDRAWN):
        outcome = Outcome.WITHDRAWN
    elif _any(words, _DECLINED_OFFER):
        outcome, stage = Outcome.OFFER_DECLINED, Stage.OFFER
    elif _any(words, _ACCEPTED):
        outcome, stage = Outcome.ACCEPTED, Stage.OFFER
    elif _any(words, _SILENT):
        outcome, kind = Outcome.REJECTED, RejectionKind.SILENT
    elif _any(words, _REJECTED):
        outcome = Outcome.REJECTED
    elif _any(words, STAGE_SYNONYMS[Stage.OFFER]):
        stage = Stage.OFFER
    if outcome is None:
        with contextlib.suppress(ValueError):
            outcome = Outcome(raw.lower().replace(" ", "_"))
    if stage is None and outcome is None and not _any(words, _APPLIED):
        return Status(known=False)
    return Status(stage=stage, outcome=outcome, kind=kind)


def read_kind(text: str) -> RejectionKind | None:
    """A rejection-kind cell ('form', 'silent', 'personal'), or None when empty or unknown."""
    words = stage_words(text)
    if _any(words, _SILENT):
        return RejectionKind.SILENT
    if _any(words, _FORM):
        return RejectionKind.FORM
    if _any(words, _PERSONAL):
        return RejectionKind.PERSONAL
    return None


def combine(a: Status, b: Status) -> Status:
    """A status column and a stage column read together: the furthest stage, the closing outcome."""
    stages = [s for s in (a.stage, b.stage) if s is not None]
    outcomes = [o for o in (a.outcome, b.outcome) if o not in (None, Outcome.ACTIVE)]
    return Status(
        stage=max(stages, key=lambda s: s.rank) if stages else None,
        outcome=outcomes[0] if outcomes else (a.outcome or b.outcome),
        kind=a.kind or b.kind,
        applied=a.applied and b.applied,
        known=a.known and b.known,
    )
